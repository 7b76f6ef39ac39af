"""Error and warning codes.

Every message Truceline logs or reports about bad data carries a short code, so logs can be
grepped and tests can cite them.  Ranges by stage:

- E1xx  model and extraction (spans, evidence)
- E2xx  ingest (files, encodings, JSONL/CSV lines, HTML, manifests)
- E3xx  dictionaries under ``truceline/resources`` and user dictionary files
- E4xx  gazetteers (import, resolution)
- E5xx  store and export
- E9xx  command line usage
"""
from __future__ import annotations


class TrucelineError(Exception):
    """An error with a code, a location and a message."""

    def __init__(self, code: str, message: str, *, source: str = "", line: int | None = None,
                 field: str = "") -> None:
        self.code, self.message, self.source, self.line, self.field = code, message, source, line, field
        where = source + (f":{line}" if line is not None else "") if source else ""
        fld = f" [{field}]" if field else ""
        super().__init__(f"{where}{fld}: {code} {message}" if where or fld else f"{code} {message}")


class ResourceError(TrucelineError):
    """A dictionary file is malformed.  ``problems`` lists every problem found in one load."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        Exception.__init__(self, "E300 dictionary errors:\n" + "\n".join(problems))
