"""Bytes to text: encoding fallback, binary detection, newline normalisation.

Order: a BOM decides (UTF-8, UTF-16); else strict UTF-8, then strict cp1252, then latin-1
(which always decodes).  Text is kept as read apart from two changes: CRLF / CR become LF and
a leading BOM is dropped, so offsets into ``Article.text`` stay meaningful against the file.
"""
from __future__ import annotations

import codecs
import re

SNIFF_BYTES = 8192
_CONTROL = bytes(b for b in range(32) if b not in (8, 9, 10, 12, 13, 27)) + b"\x7f"
_CONTROL_SHARE = 0.10
_NEWLINES = re.compile(r"\r\n?")
_FALLBACKS = ("utf-8", "cp1252", "latin-1")


def looks_binary(head: bytes) -> bool:
    """NUL bytes in the first 8 KB, or more than 10% control bytes there (UTF-16 with a BOM is text)."""
    head = head[:SNIFF_BYTES]
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > _CONTROL_SHARE


def normalise_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used); newlines normalised, BOM dropped.  Never raises on bad bytes:
    an explicit ``encoding`` decodes with replacement characters."""
    if encoding:
        text, used = data.decode(encoding, errors="replace"), encoding
    elif data.startswith(codecs.BOM_UTF8):
        text, used = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, used = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        text, used = "", ""
        for enc in _FALLBACKS:
            try:
                text, used = data.decode(enc), enc
                break
            except UnicodeDecodeError:
                continue
    if text.startswith("\ufeff"):
        text = text[1:]
    return normalise_newlines(text), used


def decode_line(raw: bytes, encoding: str | None = None) -> str:
    """One line of a JSONL/CSV file, decoded on its own with the same fallbacks."""
    if encoding:
        return raw.decode(encoding, errors="replace")
    for enc in _FALLBACKS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover
