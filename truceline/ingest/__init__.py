"""Ingest: files, folders and stdin in; ``Article`` records (or ``Reject``s) out.

    read_inputs(paths, opts) -> Iterator[Article | Reject]

Each input is read by the reader for its format (``readers.READERS``: text, HTML, JSONL/JSON,
CSV/TSV, WARC, RSS/Atom), giving documents; a manifest adds dates, outlets and URLs by file
name; each document is split into articles when it is a page of several (``split.split_page``);
each article gets its language (``lang.detect_language``) and a content-derived id
(``article_id``).  Bad input is reported as a ``Reject`` (file, line, field, E2xx code) and the
run goes on; wrong use (a bad argument) raises.  See docs/ingest.md.
"""
from __future__ import annotations

import hashlib
import json
import logging
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import TrucelineError
from ..model import Article, Reject
from .dates import parse_date
from .lang import detect_language
from .options import REJECT_CODES, IngestOptions
from .readers import EXTENSIONS, READERS, Doc, Input, format_for, record_docs
from .split import Segment, lead_outlet, split_page

__all__ = ["IngestOptions", "read_inputs", "read_records", "split_page", "Segment", "article_id", "detect_language",
           "load_manifest", "REJECT_CODES", "READERS", "EXTENSIONS"]

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.jsonl"
_PRECISIONS = ("day", "week", "month", "year", "unknown")
SIBLING_DATE_REACH = 5   # an undated sub-article takes a printed date at most this many sub-articles back


def article_id(text: str) -> str:
    """Content-derived id: "a" + 20 hex digits of SHA-1 over the NFC, whitespace-collapsed text.

    The same article read from two paths (or from a page and on its own) gets the same id;
    a revised text gets a new one (revisions by URL are the store's business)."""
    norm = unicodedata.normalize("NFC", " ".join(text.split()))   # == re.sub(r"\s+", " ", text).strip()
    return "a" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:20]


def load_manifest(path: Path) -> tuple[dict[str, dict[str, Any]], list[Reject]]:
    """Manifest entries by file base name, and Rejects (E210) for bad lines.

    A missing or unreadable manifest file is a usage error: TrucelineError E210."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise TrucelineError("E210", f"cannot read manifest: {e}", source=str(path)) from e
    from .textio import decode_bytes

    entries: dict[str, dict[str, Any]] = {}
    rejects: list[Reject] = []
    src = str(path)
    for lineno, line in enumerate(decode_bytes(raw)[0].split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            rejects.append(Reject(source=src, line=lineno, field="", code="E210", message=f"malformed JSON: {e.msg}"))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("file"), str) or not obj["file"].strip():
            rejects.append(Reject(source=src, line=lineno, field="file", code="E210",
                                  message='each line needs a "file" (the input file name)'))
            continue
        entry: dict[str, Any] = {}
        if obj.get("published") not in (None, ""):
            got = parse_date(str(obj["published"]))
            if got:
                entry["published"], entry["precision"] = got
            else:
                rejects.append(Reject(source=src, line=lineno, field="published", code="E210",
                                      message=f"unparsable date {str(obj['published'])[:60]!r}"))
        prec = obj.get("published_precision")
        if isinstance(prec, str) and prec in _PRECISIONS and "published" in entry:
            entry["precision"] = prec
        elif prec not in (None, ""):
            rejects.append(Reject(source=src, line=lineno, field="published_precision", code="E210",
                                  message=f"expected one of {', '.join(_PRECISIONS)}; got {prec!r}"))
        for key in ("outlet", "url", "language", "title"):
            if isinstance(obj.get(key), str) and obj[key].strip():
                entry[key] = obj[key].strip()
        entries[Path(obj["file"].strip()).name] = entry
    return entries, rejects


def _apply_manifest(doc: Doc, entry: dict[str, Any] | None, is_record: bool) -> Doc:
    """Manifest values win for files; for JSONL/CSV records they only fill gaps."""
    if not entry:
        return doc
    if "published" in entry and (not is_record or doc.published is None):
        doc.published, doc.precision = entry["published"], entry["precision"]
    for key in ("outlet", "url", "title"):
        if key in entry and (not is_record or not getattr(doc, key)):
            setattr(doc, key, entry[key])
    if "language" in entry and (not is_record or not doc.language):
        doc.language = entry["language"]
    return doc


def _articles(doc: Doc, opts: IngestOptions) -> Iterator[Article | Reject]:
    if opts.split_pages:
        segs = split_page(doc.text)
    else:
        segs = [Segment(start=0, end=len(doc.text), text=doc.text)] if doc.text.strip() else []
    if not segs:
        yield Reject(source=doc.source, line=doc.line, field="text", code="E201", message="no text")
        return
    multi = len(segs) > 1
    sibling: tuple[Any, str] | None = None    # the last printed date of a preceding sub-article
    back = 0
    for seg in segs:
        given = doc.language if doc.language in opts.languages else ""
        lang = given if (given and not multi) else detect_language(seg.text, opts.languages)
        if lang is None:
            yield Reject(source=doc.source, line=doc.line, field="text", code="E205",
                         message=f"text in a script none of {', '.join(opts.languages)} uses"
                                 + (f" (segment at offset {seg.start})" if multi else ""))
            continue
        if multi:   # the sub-article's own data first, then a preceding sibling's, the page's as fallback
            back += 1
            if seg.published:
                published, precision = seg.published, seg.precision
                if seg.precision == "day" and (doc.published is None or seg.published <= doc.published):
                    sibling, back = (seg.published, "week"), 0
            elif sibling is not None and back <= SIBLING_DATE_REACH:
                published, precision = sibling
            elif seg is segs[0] or doc.precision not in ("day", ""):
                published, precision = doc.published, doc.precision
            else:
                # a later undated sub-article (a "Related News" item below the page's own article):
                # the page's day is an upper bound, known only to the week
                published, precision = doc.published, "week"
            title, outlet, byline = seg.title, seg.outlet or doc.outlet, seg.byline or doc.byline
        else:       # the document's (manifest, metadata, columns) first, the printed header as fallback
            published, precision = (doc.published, doc.precision) if doc.published else (seg.published,
                                                                                         seg.precision)
            title, outlet, byline = doc.title or seg.title, doc.outlet or seg.outlet, doc.byline or seg.byline
        if not outlet:   # no outlet from metadata, manifest or byline: one named in the first lines
            outlet = lead_outlet(seg.text)
        if byline and outlet and byline.casefold() == outlet.casefold():
            byline = ""      # an outlet line under the headline is not a byline
        yield Article(id=article_id(seg.text), text=seg.text, title=title, url=doc.url,
                      outlet=outlet or opts.default_outlet, byline=byline, published=published,
                      published_precision=(precision or "day") if published else "unknown", language=lang,
                      doc_id=doc.doc_id, source=doc.source, source_line=doc.line, segment=seg.headline,
                      offset=seg.start)


def _read_one(inp: Input, opts: IngestOptions, manifest: dict[str, dict[str, Any]]) -> Iterator[Article | Reject]:
    try:
        fmt = format_for(inp)
        entry = manifest.get(inp.name)
        is_record = fmt in ("jsonl", "csv", "tsv")
        for item in READERS[fmt](inp, opts):
            if isinstance(item, Reject):
                yield item
            else:
                yield from _articles(_apply_manifest(item, entry, is_record), opts)
    except OSError as e:
        yield Reject(source=inp.source, line=None, field="", code="E204", message=f"cannot read: {e}")


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, recursively, sorted; hidden files and folders and manifests skipped."""
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).parts
        if any(part.startswith(".") for part in rel) or p.name == MANIFEST_NAME or not p.is_file():
            continue
        yield p


def _stdin_input() -> Input:
    stream = sys.stdin
    buf = getattr(stream, "buffer", None)
    data = buf.read() if buf is not None else stream.read().encode("utf-8")
    return Input(source="-", name="stdin", path=None, data=data)


def read_inputs(paths: Sequence[str | Path], opts: IngestOptions | None = None) -> Iterator[Article | Reject]:
    """Articles (and Rejects) from files, folders (recursively) and ``-`` (stdin), in order."""
    if isinstance(paths, (str, bytes, Path)) or not isinstance(paths, Sequence):
        raise TypeError("read_inputs: paths must be a sequence of paths, e.g. [path]")
    opts = opts if opts is not None else IngestOptions()
    if not isinstance(opts, IngestOptions):
        raise TypeError("read_inputs: opts must be an IngestOptions")
    manifest: dict[str, dict[str, Any]] = {}
    if opts.manifest is not None:
        manifest, rejects = load_manifest(opts.manifest)
        yield from rejects
    for p in paths:
        if str(p) == "-":
            yield from _read_one(_stdin_input(), opts, manifest)
            continue
        path = Path(p)
        if path.is_dir():
            local = manifest
            if opts.manifest is None and (path / MANIFEST_NAME).is_file():
                local, rejects = load_manifest(path / MANIFEST_NAME)
                log.info("using %s for the files under %s", path / MANIFEST_NAME, path)
                yield from rejects
            for f in _walk(path):
                yield from _read_one(Input(source=str(f), name=f.name, path=f), opts, local)
        elif path.is_file():
            yield from _read_one(Input(source=str(path), name=path.name, path=path), opts, manifest)
        else:
            yield Reject(source=str(p), line=None, field="", code="E204",
                         message="no such file or folder" if not path.exists() else "not a regular file")


def read_records(records: Iterable[Mapping[str, Any]], opts: IngestOptions | None = None,
                 source: str = "records") -> Iterator[Article | Reject]:
    """Articles (and Rejects) from records already in memory (dicts with the fields of a JSONL
    line), read exactly as the lines of a JSONL file named ``source`` would be: the same columns,
    checks and rejects (line = the record's 1-based position), page splitting and language."""
    opts = opts if opts is not None else IngestOptions()
    if not isinstance(opts, IngestOptions):
        raise TypeError("read_records: opts must be an IngestOptions")
    inp = Input(source=source, name=source, path=None, data=b"")
    for line, rec in enumerate(records, 1):
        for item in record_docs(rec, inp, line, opts):
            if isinstance(item, Reject):
                yield item
            else:
                yield from _articles(item, opts)
