"""Gold files of other coders read into one shape: documents with their text and gold events.

Formats (docs/evaluation.md):

- ``acled``: an ACLED CSV (``event_date, event_type, sub_event_type, actor1, actor2, admin1, location,
  latitude, longitude, fatalities, notes``); one row = one document (its ``notes``, or ``--text-col``)
  with one gold event;
- ``ucdp``: a UCDP GED-style CSV, one gold event per text: the dev-set columns (``text, pub_date,
  gold_date_start/end, gold_location, side_a, side_b, best``) or GED's own (``date_start, date_end,
  where_coordinates, source_headline, source_date``);
- ``truceline``: JSONL, one document a line, ``{"doc_id", "text", "events": [...]}`` with events in
  the shape of ``truceline extract --format score-jsonl``, or the texts as separate files (``--texts``);
  several events per document;
- presets of the shared dev sets: ``seeds`` (events of many documents, statistics apart), ``case``
  (a sub-type per text), ``fakes`` (civilian deaths and governorate per article), ``airwars`` (one
  incident per text: civilian deaths min-max, belligerents).
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .matching import integer

csv.field_size_limit(1 << 30)

#: how each format is scored (metrics.py): single = one gold event per document, matched to the
#: nearest predicted event; multi = several per document, matched greedily; label = a sub-type per
#: document (the first predicted event's); sums = per-document totals of civilian deaths.
MODES = {"acled": "single", "ucdp": "single", "airwars": "single", "truceline": "multi", "seeds": "multi",
         "case": "label", "fakes": "sums"}
FORMATS = tuple(MODES)


@dataclass(slots=True)
class Columns:
    """Which input columns the extraction reads (None: the format's default, if the file has it)."""

    text: str | None = None
    id: str | None = None
    date: str | None = None
    title: str | None = None
    outlet: str | None = None


# per format: candidates for text, id, publication date, title, outlet (the first present is used)
_DEFAULT_COLS: dict[str, dict[str, tuple[str, ...]]] = {
    "acled": {"text": ("notes", "text"), "id": ("id", "event_id_cnty"), "date": ("event_date_iso", "pub_date"),
              "title": (), "outlet": ()},
    "ucdp": {"text": ("text", "source_headline", "source_article"), "id": ("id",),
             "date": ("pub_date", "source_date"), "title": (), "outlet": ()},
    "airwars": {"text": ("text",), "id": ("doc_id",), "date": ("pub_date",), "title": (), "outlet": ()},
    "case": {"text": ("text",), "id": ("id",), "date": (), "title": (), "outlet": ()},
    "fakes": {"text": ("text",), "id": ("doc_id", "unit_id"), "date": ("pub_date",), "title": ("title",),
              "outlet": ()},
    "truceline": {"text": ("text",), "id": ("doc_id",), "date": ("published", "pub_date", "date"),
                  "title": ("title",), "outlet": ("outlet",)},
    "seeds": {"text": (), "id": ("doc",), "date": (), "title": (), "outlet": ()},
}


@dataclass(slots=True)
class GoldEvent:
    """One gold event in the shape of a predicted one (keys of score-jsonl), plus gold-only ranges."""

    fields: dict[str, Any]                     # event_type, sub_event_type, event_date, location, ...
    names: tuple[str, ...] = ()                # every place name the gold accepts
    date_end: str = ""                         # last accepted day (UCDP/Airwars ranges)
    deaths: tuple[int, int] | None = None      # accepted range of the scored death figure
    precise: bool | None = None                # gold place precise (UCDP where_prec <= 2, ACLED geo 1)
    belligerents: tuple[str, ...] = ()         # Airwars: attacker names, any may match
    record: str = "event"                      # event | statistic


@dataclass(slots=True)
class GoldDoc:
    doc_id: str
    events: list[GoldEvent] = field(default_factory=list)
    statistics: list[GoldEvent] = field(default_factory=list)
    label: str | None = None                   # case: gold ACLED sub-type ("" = a non-ACLED type)
    totals: dict[str, int] = field(default_factory=dict)   # fakes: civilian, child, women
    admin1: str = ""                           # fakes: gold governorate
    pub_date: str = ""


@dataclass(slots=True)
class GoldSet:
    fmt: str
    mode: str
    docs: dict[str, GoldDoc]
    inputs: list[str]                           # what the extraction reads
    columns: Columns                            # resolved columns for CSV/JSONL input
    records: list[dict[str, Any]] | None = None  # documents to write for extraction (no id column)
    texts: bool = False                          # the texts are files of their own (--texts)


def _pick(header: list[str], given: str | None, cands: tuple[str, ...]) -> str | None:
    if given:
        return given
    return next((c for c in cands if c in header), None)


def _get(r: Mapping[str, Any], *names: str) -> str:
    for n in names:
        v = r.get(n)
        if v not in (None, ""):
            return str(v).strip()
    return ""


def _ev(**kw: Any) -> dict[str, Any]:
    return {k: ("" if v is None else v) for k, v in kw.items()}


def _acled(r: Mapping[str, Any]) -> GoldEvent:
    f = integer(r.get("fatalities"))
    prec = integer(r.get("geo_precision"))
    return GoldEvent(_ev(event_type=_get(r, "event_type"), sub_event_type=_get(r, "sub_event_type"),
                         event_date=_get(r, "event_date"), location=_get(r, "location"),
                         latitude=_get(r, "latitude"), longitude=_get(r, "longitude"), admin1=_get(r, "admin1"),
                         actor1=_get(r, "actor1"), actor2=_get(r, "actor2"), fatalities=f),
                     names=(_get(r, "location"),), deaths=(f, f) if f is not None else None,
                     precise=None if prec is None else prec == 1)


def _ucdp(r: Mapping[str, Any]) -> GoldEvent:
    b = integer(r.get("best"))
    prec = integer(r.get("where_prec"))
    loc = _get(r, "gold_location", "where_coordinates")
    return GoldEvent(_ev(event_type="", sub_event_type="", event_date=_get(r, "gold_date_start", "date_start"),
                         location=loc, latitude=_get(r, "latitude"), longitude=_get(r, "longitude"),
                         admin1=_get(r, "adm_1"), actor1=_get(r, "side_a"), actor2=_get(r, "side_b"),
                         fatalities=b),
                     names=(loc,), date_end=_get(r, "gold_date_end", "date_end"),
                     deaths=(b, b) if b is not None else None, precise=None if prec is None else prec <= 2)


def _airwars(r: Mapping[str, Any]) -> GoldEvent:
    lo, hi = integer(r.get("civ_deaths_min")), integer(r.get("civ_deaths_max"))
    return GoldEvent(_ev(event_type="", sub_event_type="", event_date=_get(r, "gold_date"),
                         location=_get(r, "loc_en", "loc_ar"), latitude=_get(r, "latitude"),
                         longitude=_get(r, "longitude"), admin1=_get(r, "governorate", "region"),
                         actor1=_get(r, "belligerent"), actor2="", civilian_fatalities=lo),
                     names=tuple(x for x in (_get(r, "loc_en"), _get(r, "loc_ar")) if x),
                     date_end=_get(r, "gold_date_end"),
                     deaths=(lo, hi if hi is not None else lo) if lo is not None else None,
                     belligerents=tuple(x.strip() for x in _get(r, "belligerent").split(",") if x.strip()))


def _scored_event(e: Mapping[str, Any]) -> GoldEvent:
    """A gold event in our own (score-jsonl / seeds CSV) shape."""
    f = integer(e.get("fatalities"))
    return GoldEvent({k: e.get(k, "") for k in ("event_type", "sub_event_type", "event_date", "location", "latitude",
                                                "longitude", "admin1", "actor1", "actor2", "fatalities",
                                                "civilian_fatalities", "child_fatalities", "women_fatalities",
                                                "injured", "geo_precision")},
                     names=(str(e.get("location") or ""),), deaths=(f, f) if f is not None else None,
                     record=str(e.get("record") or "event").strip().lower() or "event")


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rd = csv.DictReader(fh)
        rows = list(rd)
        return [h.strip() for h in (rd.fieldnames or [])], rows


def load_gold(path: str | Path, fmt: str, cols: Columns | None = None,
              texts: tuple[str, ...] = ()) -> GoldSet:
    """Read a gold file of format ``fmt`` (:data:`FORMATS`).  ``texts``: files or folders holding the
    documents' texts when the gold file has none (seeds; ``truceline`` without a text field): a
    document's id is then its file name."""
    if fmt not in MODES:
        raise ValueError(f"unknown gold format {fmt!r}; known: {', '.join(FORMATS)}")
    path = Path(path)
    cols = cols or Columns()
    dc = _DEFAULT_COLS[fmt]
    if fmt == "truceline":
        rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        header = sorted({k for r in rows for k in r})
    else:
        header, rows = _read_csv(path)
    res = Columns(*(_pick(header, getattr(cols, k), dc[k]) for k in ("text", "id", "date", "title", "outlet")))
    docs: dict[str, GoldDoc] = {}
    id_col = res.id
    mode = MODES[fmt]
    for n, r in enumerate(rows, 1):
        did = _get(r, id_col) if id_col else ""
        if not did:
            did = f"row{n}"
        if fmt == "seeds":
            did = _get(r, "doc", "doc_id")
        d = docs.setdefault(did, GoldDoc(did, pub_date=_get(r, res.date) if res.date else ""))
        if fmt == "acled":
            d.events.append(_acled(r))
        elif fmt == "ucdp":
            d.events.append(_ucdp(r))
        elif fmt == "airwars":
            d.events.append(_airwars(r))
        elif fmt == "case":
            d.label = _get(r, "acled_sub_event_type", "sub_event_type")
            if d.label.upper() in ("NA", "N/A", "NONE"):
                d.label = ""
        elif fmt == "fakes":
            d.totals = {k: integer(r.get(c)) or 0 for k, c in (("civilian", "nb_civilians"), ("child", "nb_children"),
                                                               ("women", "nb_women"))}
            d.admin1 = _get(r, "location")
        elif fmt == "seeds":
            g = _scored_event(r)
            if g.record in ("event", "statistic"):
                (d.events if g.record == "event" else d.statistics).append(g)
        else:  # truceline
            for e in r.get("events") or []:
                if isinstance(e, Mapping):
                    g = _scored_event(e)
                    (d.statistics if g.record == "statistic" else d.events).append(g)
    if not texts and res.text is None:
        raise ValueError(f"{path}: no text column (give --text-col, or --texts for texts in files)")
    inputs: list[str] = list(texts) if texts else [str(path)]
    records = None
    if not texts and id_col is None:
        # no id column: the extraction reads the texts under the row ids given here
        records = [{"doc_id": f"row{n}", "text": _get(r, res.text or "text"),
                    "published": _get(r, res.date) if res.date else "",
                    "title": _get(r, res.title) if res.title else "",
                    "outlet": _get(r, res.outlet) if res.outlet else ""} for n, r in enumerate(rows, 1)]
    return GoldSet(fmt, mode, docs, inputs, res, records, bool(texts))
