"""Ingest options and reject codes."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# E2xx: ingest.  A "warning" reject is reported but the article is still produced.
REJECT_CODES: dict[str, str] = {
    "E201": "empty file, record or entry (no text)",
    "E202": "binary file",
    "E203": "HTML without extractable text",
    "E204": "path cannot be read (missing, not a file, permission)",
    "E205": "text in a script none of the accepted languages uses",
    "E206": "malformed JSON line or file, or a record that is not an object",
    "E207": "missing, empty or non-text text field (or no text column in a CSV header)",
    "E208": "unparsable date (warning: the article is kept with published=None)",
    "E209": "malformed CSV row",
    "E210": "malformed manifest line",
    "E211": "unreadable WARC archive or record",
    "E212": "unreadable feed",
    "E213": "missing id field (warning: doc_id falls back to <file name>:<line>)",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How inputs are read.  Column options apply to JSONL/JSON/CSV/TSV input."""

    text_col: str = "text"
    id_col: str | None = None        # None: doc_id = "<file name>:<line>"
    date_col: str | None = None      # None: the first of DATE_COLUMNS present in a record
    title_col: str | None = None     # None: the first of TITLE_COLUMNS present
    outlet_col: str | None = None    # None: the first of OUTLET_COLUMNS present
    url_col: str | None = None       # None: the first of URL_COLUMNS present
    manifest: Path | None = None     # JSONL: {"file", "published", "published_precision", "outlet", "url", "language"}
    languages: tuple[str, ...] = ("en", "ar")
    split_pages: bool = True
    default_outlet: str = ""
    encoding: str | None = None      # None: BOM, then UTF-8, cp1252, latin-1

    def __post_init__(self) -> None:
        if not isinstance(self.text_col, str) or not self.text_col:
            raise ValueError("IngestOptions.text_col must be a non-empty string")
        if isinstance(self.languages, str) or not self.languages:
            raise ValueError("IngestOptions.languages must be a non-empty tuple of language codes")
        if self.encoding:
            import codecs

            codecs.lookup(self.encoding)  # LookupError for an unknown encoding: wrong use raises


# conventional column names used when the matching option is None
DATE_COLUMNS = ("published", "date", "pub_date", "published_at", "pubdate", "datePublished")
TITLE_COLUMNS = ("title", "headline")
OUTLET_COLUMNS = ("outlet", "sitename", "site_name", "publisher")
URL_COLUMNS = ("url", "link")
LANGUAGE_COLUMNS = ("language", "lang")
