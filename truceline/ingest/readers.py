"""Readers by input format: each turns one input into documents (``Doc``) or ``Reject``s.

``READERS`` maps a format name to its reader; ``EXTENSIONS`` maps file name endings to a
format; anything else is sniffed (``sniff_format``).  Splitting into articles, language and
ids happen afterwards, the same for every format (see ``truceline.ingest``).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..model import Reject
from .dates import parse_date
from .htmltext import fragment_text, html_to_text
from .options import DATE_COLUMNS, LANGUAGE_COLUMNS, OUTLET_COLUMNS, TITLE_COLUMNS, URL_COLUMNS, IngestOptions
from .textio import SNIFF_BYTES, decode_bytes, decode_line, looks_binary, normalise_newlines

log = logging.getLogger(__name__)

_CSV_LIMIT = min(sys.maxsize, 2**31 - 1)
csv.field_size_limit(_CSV_LIMIT)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_FEED_HEAD = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
_HTML_HEAD = re.compile(rb"^\s*(?:<!doctype|<html|<head|<body|<!--|<\?xml|<[a-z][a-z0-9]*[\s>/])", re.I)


@dataclass(slots=True)
class Doc:
    """One input document before page splitting."""

    text: str
    source: str
    doc_id: str
    line: int | None = None
    title: str = ""
    url: str = ""
    outlet: str = ""
    byline: str = ""
    published: dt.date | None = None
    precision: str = ""
    language: str = ""      # given by the input (column or manifest); "" = detect


@dataclass(slots=True)
class Input:
    """A file or stdin to read."""

    source: str              # as given ("-" for stdin)
    name: str                # file name used in doc ids ("stdin" for stdin)
    path: Path | None = None
    data: bytes | None = None

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return open(self.path, "rb")

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        return self.path.read_bytes()

    def head(self) -> bytes:
        if self.data is not None:
            return self.data[:SNIFF_BYTES]
        with self.open() as f:
            return f.read(SNIFF_BYTES)

    def reject(self, code: str, message: str, line: int | None = None, field: str = "") -> Reject:
        return Reject(source=self.source, line=line, field=field, code=code, message=message)


Item = Doc | Reject
Reader = Callable[[Input, IngestOptions], Iterator[Item]]


def _unreadable(inp: Input, head: bytes) -> Reject | None:
    """E201 for an empty file, E202 for a binary one (judged on its first bytes), else None."""
    if not head.strip():
        return inp.reject("E201", "empty file")
    if looks_binary(head[:SNIFF_BYTES]):
        return inp.reject("E202", "binary file (NUL or control bytes in the first 8 KB)")
    return None


def _whole(inp: Input) -> bytes | Reject:
    data = inp.read()
    return _unreadable(inp, data) or data


def read_text(inp: Input, opts: IngestOptions) -> Iterator[Item]:
    data = _whole(inp)
    if isinstance(data, Reject):
        yield data
        return
    text, _enc = decode_bytes(data, opts.encoding)
    if not text.strip():
        yield inp.reject("E201", "empty file (whitespace only)")
        return
    yield Doc(text=text, source=inp.source, doc_id=inp.name)


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """HTML bytes to text: explicit encoding, UTF-8, the page's <meta charset>, then cp1252."""
    if not encoding:
        try:
            return normalise_newlines(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            m = _META_CHARSET.search(data[:4096])
            if m:
                try:
                    return normalise_newlines(data.decode(m.group(1).decode("ascii"), errors="replace"))
                except LookupError:
                    pass
    return decode_bytes(data, encoding)[0]


def _html_doc(markup: str, inp: Input, doc_id: str, line: int | None = None, url: str = "") -> Item:
    ht = html_to_text(markup, url=url or None)
    if not ht.text.strip():
        return inp.reject("E203", "no text could be extracted from the HTML", line=line)
    published, precision = None, ""
    if ht.date:
        got = parse_date(ht.date)
        if got:
            published, precision = got
    return Doc(text=ht.text, source=inp.source, doc_id=doc_id, line=line, title=ht.title, url=ht.url or url,
               outlet=ht.sitename, byline=ht.author, published=published, precision=precision)


def read_html(inp: Input, opts: IngestOptions) -> Iterator[Item]:
    data = _whole(inp)
    if isinstance(data, Reject):
        yield data
        return
    yield _html_doc(decode_html(data, opts.encoding), inp, inp.name)


# --- JSONL / JSON / CSV records -------------------------------------------------------------

def _field(rec: Mapping[str, Any], name: str) -> Any:
    if name in rec:
        return rec[name]
    if "." in name:  # dotted path into nested objects: "meta.date"
        cur: Any = rec
        for part in name.split("."):
            if not isinstance(cur, Mapping) or part not in cur:
                return None
            cur = cur[part]
        return cur
    return None


def _pick(rec: Mapping[str, Any], option: str | None, defaults: tuple[str, ...]) -> tuple[str, Any]:
    if option:
        return option, _field(rec, option)
    for name in defaults:
        value = rec.get(name)
        if value not in (None, ""):
            return name, value
    return "", None


def _str(value: Any) -> str:
    return "" if value is None else (value if isinstance(value, str) else str(value)).strip()


def record_docs(rec: Any, inp: Input, line: int, opts: IngestOptions) -> Iterator[Item]:
    """One JSON object or CSV row -> Rejects and at most one Doc."""
    if not isinstance(rec, Mapping):
        yield inp.reject("E206", f"expected a JSON object, got {type(rec).__name__}", line=line)
        return
    text = _field(rec, opts.text_col)
    if text is None:
        yield inp.reject("E207", f"missing text field {opts.text_col!r}", line=line, field=opts.text_col)
        return
    if not isinstance(text, str):
        yield inp.reject("E207", f"text field is {type(text).__name__}, not a string", line=line,
                         field=opts.text_col)
        return
    if not text.strip():
        yield inp.reject("E207", "empty text field", line=line, field=opts.text_col)
        return
    doc_id = f"{inp.name}:{line}"
    if opts.id_col:
        ident = _str(_field(rec, opts.id_col))
        if ident:
            doc_id = ident
        else:
            yield inp.reject("E213", f"missing id field {opts.id_col!r}; doc_id is {doc_id}", line=line,
                             field=opts.id_col)
    published, precision = None, ""
    date_name, date_value = _pick(rec, opts.date_col, DATE_COLUMNS)
    date_str = _str(date_value)
    if date_str:
        got = parse_date(date_str)
        if got:
            published, precision = got
        else:
            yield inp.reject("E208", f"unparsable or implausible date {date_str[:60]!r}; kept without a date",
                             line=line, field=date_name)
    lang = _str(_pick(rec, None, LANGUAGE_COLUMNS)[1]).lower()
    yield Doc(text=normalise_newlines(text), source=inp.source, doc_id=doc_id, line=line,
              title=_str(_pick(rec, opts.title_col, TITLE_COLUMNS)[1]),
              outlet=_str(_pick(rec, opts.outlet_col, OUTLET_COLUMNS)[1]),
              url=_str(_pick(rec, opts.url_col, URL_COLUMNS)[1]),
              published=published, precision=precision,
              language=lang if lang in opts.languages else "")


def _json_lines(lines: Iterable[tuple[int, str]], inp: Input, opts: IngestOptions) -> Iterator[Item]:
    for lineno, line in lines:
        s = line.strip()
        if not s:
            continue
        try:
            rec = json.loads(s)
        except json.JSONDecodeError as e:
            yield inp.reject("E206", f"malformed JSON: {e.msg} (column {e.colno})", line=lineno)
            continue
        yield from record_docs(rec, inp, lineno, opts)


def _binary_lines(f: BinaryIO, encoding: str | None) -> Iterator[tuple[int, str]]:
    for lineno, raw in enumerate(f, 1):
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        yield lineno, decode_line(raw, encoding)


def read_jsonl(inp: Input, opts: IngestOptions) -> Iterator[Item]:
    head = inp.head()
    bad = _unreadable(inp, head)
    if bad is not None:
        yield bad
        return
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    is_json = inp.name.lower().endswith(".json")
    if first == b"[" or is_json:
        data = inp.read()
        text = decode_bytes(data, opts.encoding)[0]
        try:
            whole = json.loads(text)
        except json.JSONDecodeError as e:
            if first == b"[":
                yield inp.reject("E206", f"malformed JSON: {e.msg} (column {e.colno})", line=e.lineno)
                return
            yield from _json_lines(enumerate(text.split("\n"), 1), inp, opts)
            return
        items = whole if isinstance(whole, list) else [whole]
        for i, rec in enumerate(items, 1):   # line = item number in the array
            yield from record_docs(rec, inp, i, opts)
        return
    with inp.open() as f:
        yield from _json_lines(_binary_lines(f, opts.encoding), inp, opts)


def _read_delimited(inp: Input, opts: IngestOptions, delimiter: str) -> Iterator[Item]:
    head = inp.head()
    bad = _unreadable(inp, head)
    if bad is not None:
        yield bad
        return
    with inp.open() as f:
        lines = (line for _n, line in _binary_lines(f, opts.encoding))
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            yield inp.reject("E201", "empty file")
            return
        except csv.Error as e:
            yield inp.reject("E209", f"malformed header: {e}", line=1)
            return
        header = [h.strip() for h in header]
        if opts.text_col not in header:
            yield inp.reject("E207", f"no column {opts.text_col!r} in the header (columns: "
                             f"{', '.join(header[:20])})", line=1, field=opts.text_col)
            return
        width = len(header)
        prev = reader.line_num
        errors = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                yield inp.reject("E209", f"malformed row: {e}", line=reader.line_num)
                errors += 1
                if errors > 100:
                    yield inp.reject("E209", "too many malformed rows; file abandoned", line=reader.line_num)
                    return
                prev = reader.line_num
                continue
            line, prev = prev + 1, reader.line_num
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) != width:
                yield inp.reject("E209", f"row has {len(row)} fields, header has {width}", line=line)
                if len(row) < width:
                    row = row + [""] * (width - len(row))
            yield from record_docs(dict(zip(header, row)), inp, line, opts)


def read_csv(inp: Input, opts: IngestOptions) -> Iterator[Item]:
    yield from _read_delimited(inp, opts, ",")


def read_tsv(inp: Input, opts: IngestOptions) -> Iterator[Item]:
    yield from _read_delimited(inp, opts, "\t")


# --- WARC and feeds ---------------------------------------------------------------------------

def read_warc(inp: Input, opts: IngestOptions) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    with inp.open() as f:
        try:
            for record in ArchiveIterator(f):
                if record.rec_type not in ("response", "resource"):
                    continue
                n += 1
                ctype = ""
                if record.http_headers is not None:
                    ctype = record.http_headers.get_header("Content-Type") or ""
                if not ctype:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                payload = record.content_stream().read()
                if not payload.strip():
                    yield inp.reject("E201", f"empty response for {url}", line=n)
                    continue
                charset = None
                m = re.search(r"charset=([\w.:-]+)", ctype, re.I)
                if m:
                    charset = m.group(1)
                try:
                    markup = decode_html(payload, opts.encoding or charset)
                except LookupError:
                    markup = decode_html(payload, opts.encoding)
                yield _html_doc(markup, inp, f"{inp.name}:{n}", line=n, url=url)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as e:   # truncated gzip, bad headers
            yield inp.reject("E211", f"unreadable WARC after record {n}: {e}", line=n or None)


def read_feed(inp: Input, opts: IngestOptions) -> Iterator[Item]:
    import feedparser

    data = _whole(inp)
    if isinstance(data, Reject):
        yield data
        return
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception") or "no entries"
        yield inp.reject("E212", f"unreadable feed: {reason}")
        return
    outlet = _str(parsed.get("feed", {}).get("title"))
    for n, entry in enumerate(entries, 1):
        body = ""
        for content in entry.get("content") or []:
            if content.get("value"):
                body = content["value"]
                break
        body = body or entry.get("summary") or entry.get("description") or ""
        text = fragment_text(body) if body else ""
        if not text.strip():
            yield inp.reject("E203", "feed entry without text", line=n)
            continue
        published, precision = None, ""
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published, precision = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday), "day"
        elif entry.get("published") or entry.get("updated"):
            raw = _str(entry.get("published") or entry.get("updated"))
            got = parse_date(raw)
            if got:
                published, precision = got
            else:
                yield inp.reject("E208", f"unparsable date {raw[:60]!r}; kept without a date", line=n,
                                 field="published")
        author = _str(entry.get("author"))
        yield Doc(text=text, source=inp.source, doc_id=f"{inp.name}:{n}", line=n, title=_str(entry.get("title")),
                  url=_str(entry.get("link")), outlet=outlet, byline=author, published=published,
                  precision=precision)


READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "tsv": read_tsv,
    "warc": read_warc,
    "feed": read_feed,
}
EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", "": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".warc": "warc", ".warc.gz": "warc",
    ".rss": "feed", ".atom": "feed",
}


def sniff_format(head: bytes) -> str:
    """Format of an input with an unknown extension (or ``.xml``, or stdin) from its first bytes."""
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if s[:1] == b"<":
        return "feed" if _FEED_HEAD.search(head[:2048]) else "html"
    if s[:1] in (b"{", b"["):
        first = s.split(b"\n", 1)[0].strip()
        try:
            if isinstance(json.loads(first), (dict, list)):
                return "jsonl"
        except ValueError:
            pass
    return "text"


def format_for(inp: Input) -> str:
    """Format by extension; ``.xml``, unknown extensions and stdin are sniffed."""
    name = inp.name.lower()
    if inp.path is not None:
        if name.endswith(".warc.gz"):
            return "warc"
        ext = Path(name).suffix if "." in name.lstrip(".") else ""
        if ext in EXTENSIONS:
            return EXTENSIONS[ext]
    fmt = sniff_format(inp.head())
    if inp.path is None or fmt in ("feed", "html", "text"):
        return fmt
    return "text"
