"""Exports: ACLED-style CSV, JSON Lines, GeoJSON and the scorer's per-document JSONL of events;
incident-level ACLED CSV, claims JSONL and UCDP-style CSV of linked incidents (docs/linking.md).

``write_export(records, fmt, out, articles)`` writes one of :data:`FORMATS`.  When ``out`` is a
path the export is written to a temporary file in the same folder and renamed over the target
only when complete, so a failure never leaves a half-written (or destroyed) export.  A text
stream (stdout) is written as it goes.  ``export_db(store, fmt, out, **filters)`` exports from a
database.

Everything in an export comes from the records: no wall-clock value, so the same database always
gives the same bytes.  See ``docs/export.md`` for each column.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
import json
import logging
import math
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from truceline.model import DISORDER_TYPE, Article, Event, Statistic, counted_in
from truceline.gazetteer.theatre import theatre
from truceline.serialize import dumps

log = logging.getLogger(__name__)

__all__ = ["ACLED_COLUMNS", "EXTRA_COLUMNS", "CSV_COLUMNS", "SCORE_EVENT_FIELDS", "FORMATS", "ExportSummary",
           "acled_row", "score_event", "score_jsonl_lines", "write_export", "export_db", "interaction",
           "atomic_writer", "INCIDENT_CSV_COLUMNS", "INCIDENT_EXTRA_COLUMNS", "UCDP_COLUMNS", "INCIDENT_FORMATS",
           "incident_row", "ucdp_row"]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "claimant", "outlet", "injured", "civilian_fatalities", "child_fatalities", "women_fatalities",
    "displaced", "article_id", "evidence", "stance", "evidence_start", "evidence_end", "rule",
    "fatalities_reported", "agreement",
)
CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS

# the per-event fields of the scorer's JSONL (../shared/tools/score.py, load_pred)
SCORE_EVENT_FIELDS: tuple[str, ...] = (
    "event_type", "sub_event_type", "event_date", "location", "latitude", "longitude", "admin1", "actor1",
    "actor2", "fatalities", "civilian_fatalities", "child_fatalities", "women_fatalities", "injured",
    "time_precision", "geo_precision", "claimant", "outlet", "evidence",
)

_EPOCH = dt.date(1970, 1, 1)


@dataclasses.dataclass(slots=True)
class ExportSummary:
    """What an export wrote."""

    fmt: str
    events: int = 0          # events written (as rows, features or score entries)
    statistics: int = 0      # statistics written (jsonl only)
    skipped: int = 0         # records the format has no place for (statistics in acled-csv, ...)
    unlocated: int = 0       # geojson: events without valid coordinates (not written as features)
    documents: int = 0       # score-jsonl: lines written
    incidents: int = 0       # incidents-csv, ucdp-csv: rows; claims-jsonl: incidents whose claims were written
    claims: int = 0          # claims-jsonl: lines written


# -------------------------------------------------------------------- ACLED rows
def interaction(inter1: int | None, inter2: int | None) -> int | str:
    """ACLED interaction code: both inter codes, smaller first (1 and 2 -> 12); a lone actor
    -> its code * 10; no coded actor -> ""."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if len(codes) == 2:
        return codes[0] * 10 + codes[1]
    if codes:
        return codes[0] * 10
    return ""


def _coords(place: Any) -> tuple[float, float] | None:
    if place is None or place.latitude is None or place.longitude is None:
        return None
    lat, lon = float(place.latitude), float(place.longitude)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _notes(e: Event, source: str) -> str:
    when = f"On {e.event_date.isoformat()}" if e.event_date else "On an unknown date"
    what = e.sub_event_type or e.event_type
    s = f"{when}: {what}"
    if e.actor1:
        s += f" by {e.actor1.name}"
    if e.actor2:
        s += f" against {e.actor2.name}"
    if e.place:
        s += f" in {e.place.name}" + (f" ({e.place.admin1})" if e.place.admin1 else "")
    parts = [s + "."]
    tolls = []
    if e.fatalities is not None:
        detail = [_plural(n, one, many) for n, one, many in (
            (e.civilian_fatalities, "civilian", "civilians"), (e.child_fatalities, "child", "children"),
            (e.women_fatalities, "woman", "women")) if n]
        tolls.append(f"{e.fatalities} killed" + (f" ({', '.join(detail)})" if detail else ""))
    elif e.civilian_fatalities:
        tolls.append(f"{_plural(e.civilian_fatalities, 'civilian', 'civilians')} killed")
    if e.injured:
        tolls.append(f"{e.injured} injured")
    if e.displaced:
        tolls.append(f"{e.displaced} displaced")
    if tolls:
        parts.append("; ".join(tolls) + ".")
    if e.claimant:
        parts.append(f"According to {e.claimant}.")
    elif source:
        parts.append(f"Reported by {source}.")
    if e.stance == "denied":
        parts.append("The report is a denial.")
    if e.notes:
        parts.append(e.notes)
    return " ".join(parts)


def _timestamp(event: Event, article: Article | None) -> int | str:
    d = article.published if article is not None and article.published else event.event_date
    return (d - _EPOCH).days * 86400 if d else ""


def _v(x: Any) -> Any:
    return "" if x is None else x


def acled_row(event: Event, article: Article | None = None) -> dict[str, Any]:
    """One ACLED-style row (keys :data:`CSV_COLUMNS`, in order; missing values are "")."""
    th = theatre()
    e = event
    p = e.place
    xy = _coords(p)
    outlet = e.outlet or (article.outlet if article is not None else "")
    source = outlet or e.claimant
    inter1 = e.actor1.inter if e.actor1 and e.actor1.inter else None
    inter2 = e.actor2.inter if e.actor2 and e.actor2.inter else None
    tags = []
    if e.stance == "denied":
        tags.append("denied")
    if e.fatalities is None:
        tags.append("fatalities unreported")
    return {
        "event_id_cnty": f"{th.iso3}{e.id}",
        # a day the text never states (only a week- or month-precise publication date) is not claimed
        "event_date": e.event_date.isoformat() if e.event_date and (
            e.time_precision == 1 or any(name == "event_date" for name, _ in e.spans)) else "",
        "year": e.event_date.year if e.event_date else "",
        "time_precision": _v(e.time_precision),
        "disorder_type": DISORDER_TYPE.get(e.event_type, ""),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1.name if e.actor1 else "",
        "assoc_actor_1": e.assoc_actor_1.name if e.assoc_actor_1 else "",
        "inter1": _v(inter1),
        "actor2": e.actor2.name if e.actor2 else "",
        "assoc_actor_2": e.assoc_actor_2.name if e.assoc_actor_2 else "",
        "inter2": _v(inter2),
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if e.civilian_targeting else "",
        "iso": (p.iso if p else 0) or th.iso,
        "region": th.region,
        "country": (p.country if p else "") or th.country,
        "admin1": p.admin1 if p else "",
        "admin2": p.admin2 if p else "",
        "admin3": p.admin3 if p else "",
        "location": p.name if p else "",
        "latitude": xy[0] if xy else "",
        "longitude": xy[1] if xy else "",
        "geo_precision": p.geo_precision if p else "",
        "source": source,
        "source_scale": "",
        "notes": _notes(e, source),
        "fatalities": e.fatalities or 0,
        "tags": "; ".join(tags),
        "timestamp": _timestamp(e, article),
        "claimant": e.claimant,
        "outlet": outlet,
        "injured": _v(e.injured),
        "civilian_fatalities": _v(e.civilian_fatalities),
        "child_fatalities": _v(e.child_fatalities),
        "women_fatalities": _v(e.women_fatalities),
        "displaced": _v(e.displaced),
        "article_id": e.article_id,
        "evidence": e.sentence.text,
        "stance": e.stance,
        "evidence_start": e.sentence.start,
        "evidence_end": e.sentence.end,
        "rule": e.rule,
        "fatalities_reported": _v(e.fatalities),
        "agreement": e.agreement,
    }


# -------------------------------------------------------------------- score JSONL
def score_event(e: Event) -> dict[str, Any]:
    """The scorer's view of one event (keys :data:`SCORE_EVENT_FIELDS`)."""
    p = e.place
    xy = _coords(p)
    # a restatement, another source's toll or a part of a toll another event of the article states:
    # its deaths are not added again to the document's total
    once = not counted_in(e)
    return {
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        # a day the text never states (only a week- or month-precise publication date) is not claimed
        "event_date": e.event_date.isoformat() if e.event_date and (
            e.time_precision == 1 or any(name == "event_date" for name, _ in e.spans)) else "",
        "location": p.name if p else "",
        "latitude": xy[0] if xy else None,
        "longitude": xy[1] if xy else None,
        "admin1": p.admin1 if p else "",
        "actor1": e.actor1.name if e.actor1 else "",
        "actor2": e.actor2.name if e.actor2 else "",
        "fatalities": e.fatalities,
        "civilian_fatalities": e.civilian_fatalities if once else None,
        "child_fatalities": e.child_fatalities if once else None,
        "women_fatalities": e.women_fatalities if once else None,
        "injured": e.injured,
        "time_precision": e.time_precision,
        "geo_precision": p.geo_precision if p else None,
        "claimant": e.claimant,
        "outlet": e.outlet,
        "evidence": e.sentence.text,
    }


def score_jsonl_lines(doc_events: Iterable[tuple[str, list[Event]]]) -> Iterator[str]:
    """One JSON line (no newline) per document: ``{"doc_id": ..., "events": [...]}``.

    A document with no events still gets its line (``"events": []``).
    """
    for doc_id, events in doc_events:
        yield json.dumps({"doc_id": doc_id, "events": [score_event(e) for e in events]},
                         ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _doc_events(records: Iterable[Any], articles: Mapping[str, Article] | None,
                summary: ExportSummary) -> list[tuple[str, list[Event]]]:
    """Group events by document: documents of ``articles`` first (in its order, events in the
    order of their articles), then documents known only from events (doc id = article id)."""
    by_article: dict[str, list[Event]] = {}
    for r in _events_only(records, summary):
        by_article.setdefault(r.article_id, []).append(r)
    docs: dict[str, list[Event]] = {}
    for aid, a in (articles or {}).items():
        docs.setdefault(a.doc_id or a.id, []).extend(by_article.pop(aid, ()))
    for aid, evs in by_article.items():
        docs.setdefault(aid, []).extend(evs)
    return list(docs.items())


# -------------------------------------------------------------------- writers
def _events_only(records: Iterable[Any], summary: ExportSummary) -> Iterator[Event]:
    for r in records:
        if isinstance(r, Event):
            yield r
        elif isinstance(r, Statistic):
            summary.skipped += 1
        else:
            raise TypeError(f"export: expected Event or Statistic records, got {type(r).__name__}")


def _write_acled_csv(records: Iterable[Any], fh: TextIO, articles: Mapping[str, Article] | None,
                     summary: ExportSummary) -> None:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    get = articles.get if articles else (lambda _k: None)
    for e in _events_only(records, summary):
        row = acled_row(e, get(e.article_id))
        w.writerow(row.values())
        summary.events += 1


def _write_jsonl(records: Iterable[Any], fh: TextIO, articles: Mapping[str, Article] | None,
                 summary: ExportSummary) -> None:
    for r in records:
        if isinstance(r, Event):
            summary.events += 1
        elif isinstance(r, Statistic):
            summary.statistics += 1
        else:
            raise TypeError(f"export: expected Event or Statistic records, got {type(r).__name__}")
        fh.write(dumps(r))
        fh.write("\n")


def _write_geojson(records: Iterable[Any], fh: TextIO, articles: Mapping[str, Article] | None,
                   summary: ExportSummary) -> None:
    get = articles.get if articles else (lambda _k: None)
    fh.write('{"type":"FeatureCollection","features":[')
    sep = "\n"
    for e in _events_only(records, summary):
        xy = _coords(e.place)
        if xy is None:
            summary.unlocated += 1
            continue
        feature = {"type": "Feature", "id": e.id,
                   "geometry": {"type": "Point", "coordinates": [xy[1], xy[0]]},
                   "properties": acled_row(e, get(e.article_id))}
        fh.write(sep)
        fh.write(json.dumps(feature, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
        sep = ",\n"
        summary.events += 1
    fh.write(f'\n],"unlocated":{summary.unlocated}}}\n')


def _write_score_jsonl(records: Iterable[Any], fh: TextIO, articles: Mapping[str, Article] | None,
                       summary: ExportSummary) -> None:
    for doc_id, events in _doc_events(records, articles, summary):
        fh.write(next(score_jsonl_lines([(doc_id, events)])))
        fh.write("\n")
        summary.documents += 1
        summary.events += len(events)


# -------------------------------------------------------------------- incidents (docs/linking.md)
INCIDENT_EXTRA_COLUMNS: tuple[str, ...] = (
    "incident_id", "n_claims", "n_sources", "fatalities_low", "fatalities_best", "fatalities_high",
    "opposite_alignments", "contradictions", "claimants", "outlets", "alignments", "event_ids", "article_ids",
)
INCIDENT_CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + INCIDENT_EXTRA_COLUMNS

UCDP_COLUMNS: tuple[str, ...] = (
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_office", "source_date",
    "source_headline", "source_original", "where_coordinates", "where_prec", "adm_1", "country", "latitude",
    "longitude", "date_start", "date_end", "date_prec", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low", "number_of_sources", "event_clarity", "contradictions",
)

_UCDP_WHERE_PREC = {1: 1, 2: 2, 3: 4}      # ACLED geo precision -> UCDP where_prec (4 = admin1)
_UCDP_DATE_PREC = {1: 1, 2: 3, 3: 4}       # ACLED time precision -> UCDP date_prec (3 = week, 4 = month)


def _incidents_only(records: Iterable[Any]) -> Iterator[Any]:
    from truceline.model import Incident

    for r in records:
        if not isinstance(r, Incident):
            raise TypeError(f"export: incident formats take Incident records, got {type(r).__name__}")
        yield r


def _uniq(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _inter_of(inc: Any, which: str) -> int | None:
    name = getattr(inc, which)
    for c in inc.claims:
        if getattr(c, which) == name and getattr(c, which + "_inter"):
            return getattr(c, which + "_inter")
    return None


def _incident_notes(inc: Any) -> str:
    when = f"On {inc.event_date.isoformat()}" if inc.event_date else "On an unknown date"
    s = f"{when}: {inc.sub_event_type or inc.event_type}"
    if inc.actor1:
        s += f" by {inc.actor1}"
    if inc.actor2:
        s += f" against {inc.actor2}"
    if inc.location:
        s += f" in {inc.location}" + (f" ({inc.admin1})" if inc.admin1 else "")
    parts = [s + "."]
    tolls = [f"{c.fatalities} killed according to {c.claimant or c.outlet or 'a source'}"
             for c in inc.claims if c.stance == "asserts" and c.fatalities is not None]
    if tolls:
        parts.append("; ".join(dict.fromkeys(tolls)) + ".")
    denials = _uniq(c.claimant or c.outlet for c in inc.claims if c.stance == "denied")
    if denials:
        parts.append(f"Denied by {', '.join(denials)}.")
    if inc.contradictions:
        parts.append("Sources disagree: " + "; ".join(f"{x.kind} ({x.detail})" for x in inc.contradictions) + ".")
    return " ".join(parts)


def incident_row(inc: Any) -> dict[str, Any]:
    """One ACLED-style row for an incident (keys :data:`INCIDENT_CSV_COLUMNS`); ``fatalities`` is
    ACLED's conservative figure (the lowest independent claim)."""
    th = theatre()
    inter1, inter2 = _inter_of(inc, "actor1"), _inter_of(inc, "actor2")
    sources = _uniq(c.outlet or c.claimant for c in inc.claims)
    published = [c.published for c in inc.claims if c.published]
    tags = []
    if any(c.stance == "denied" for c in inc.claims):
        tags.append("denied")
    if inc.fatalities_low is None:
        tags.append("fatalities unreported")
    if inc.contradictions:
        tags.append("contradicted")
    xy_ok = inc.latitude is not None and inc.longitude is not None
    return {
        "event_id_cnty": f"{th.iso3}{inc.id}",
        "event_date": inc.event_date.isoformat() if inc.event_date else "",
        "year": inc.event_date.year if inc.event_date else "",
        "time_precision": _v(inc.time_precision),
        "disorder_type": DISORDER_TYPE.get(inc.event_type, ""),
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "actor1": inc.actor1, "assoc_actor_1": "", "inter1": _v(inter1),
        "actor2": inc.actor2, "assoc_actor_2": "", "inter2": _v(inter2),
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if any(c.actor2_side == "CIVILIANS" for c in inc.claims) else "",
        "iso": th.iso, "region": th.region, "country": th.country,
        "admin1": inc.admin1, "admin2": "", "admin3": "", "location": inc.location,
        "latitude": inc.latitude if xy_ok else "", "longitude": inc.longitude if xy_ok else "",
        "geo_precision": _v(inc.geo_precision),
        "source": "; ".join(sources), "source_scale": "", "notes": _incident_notes(inc),
        "fatalities": inc.fatalities_acled, "tags": "; ".join(tags),
        "timestamp": (max(published) - _EPOCH).days * 86400 if published else "",
        "incident_id": inc.id, "n_claims": inc.n_claims, "n_sources": inc.n_sources,
        "fatalities_low": _v(inc.fatalities_low), "fatalities_best": _v(inc.fatalities_best),
        "fatalities_high": _v(inc.fatalities_high), "opposite_alignments": inc.opposite_alignments,
        "contradictions": ", ".join(dict.fromkeys(x.kind for x in inc.contradictions)),
        "claimants": "; ".join(_uniq(c.claimant for c in inc.claims)),
        "outlets": "; ".join(_uniq(c.outlet for c in inc.claims)),
        "alignments": "; ".join(_uniq(c.alignment for c in inc.claims)),
        "event_ids": "; ".join(c.event_id for c in inc.claims),
        "article_ids": "; ".join(_uniq(c.article_id for c in inc.claims)),
    }


def _civilians_best(inc: Any) -> int | None:
    from truceline.link.claims import source_groups

    vals: list[int] = []
    for g in source_groups(inc.claims):
        vals += sorted({inc.claims[i].civilian_fatalities for i in g if inc.claims[i].stance == "asserts"
                        and inc.claims[i].civilian_fatalities is not None})
    if not vals:
        return None
    vals.sort()
    return vals[(len(vals) - 1) // 2]


def ucdp_row(inc: Any) -> dict[str, Any]:
    """One UCDP GED-style row for an incident (keys :data:`UCDP_COLUMNS`)."""
    th = theatre()
    side_of = {c.actor1: c.actor1_side for c in inc.claims} | {c.actor2: c.actor2_side for c in inc.claims}
    by_side = dict(inc.deaths_by_side)
    sa, sb = side_of.get(inc.actor1, ""), side_of.get(inc.actor2, "")
    civ = _civilians_best(inc)
    if civ is None and "CIVILIANS" in by_side:
        civ = by_side["CIVILIANS"]
    da = by_side.get(sa) if sa and sa != "CIVILIANS" else None
    db = by_side.get(sb) if sb and sb != "CIVILIANS" else None
    best = inc.fatalities_best
    unknown = None
    if best is not None:
        unknown = max(0, best - sum(x or 0 for x in (da, db, civ)))
    inters = {_inter_of(inc, "actor1"), _inter_of(inc, "actor2")}
    if sb == "CIVILIANS" or inc.event_type == "Violence against civilians":
        tov = 3
    elif 1 in inters:
        tov = 1
    else:
        tov = 2
    published = sorted(c.published for c in inc.claims if c.published)
    return {
        "id": inc.id, "year": inc.event_date.year if inc.event_date else "", "type_of_violence": tov,
        "side_a": inc.actor1, "side_b": inc.actor2,
        "source_article": "; ".join(_uniq(c.article_id for c in inc.claims)),
        "source_office": "; ".join(_uniq(c.outlet or c.claimant for c in inc.claims)),
        "source_date": "; ".join(_uniq(d.isoformat() for d in published)),
        "source_headline": " ; ".join(_uniq(c.headline or c.evidence for c in inc.claims)),
        "source_original": "; ".join(_uniq(c.claimant for c in inc.claims)),
        "where_coordinates": inc.location, "where_prec": _v(_UCDP_WHERE_PREC.get(inc.geo_precision or 0)),
        "adm_1": inc.admin1, "country": th.country,
        "latitude": _v(inc.latitude), "longitude": _v(inc.longitude),
        "date_start": inc.event_date.isoformat() if inc.event_date else "",
        "date_end": (inc.date_end or inc.event_date).isoformat() if inc.event_date else "",
        "date_prec": _v(_UCDP_DATE_PREC.get(inc.time_precision)),
        "deaths_a": _v(da), "deaths_b": _v(db), "deaths_civilians": _v(civ), "deaths_unknown": _v(unknown),
        "best": _v(best), "high": _v(inc.fatalities_high), "low": _v(inc.fatalities_low),
        "number_of_sources": inc.n_sources, "event_clarity": 2 if inc.contradictions else 1,
        "contradictions": ", ".join(dict.fromkeys(x.kind for x in inc.contradictions)),
    }


def _incident_csv_writer(columns: Sequence[str], row: Callable[[Any], dict[str, Any]]):
    """A writer of one CSV row per incident (``row`` gives its values in ``columns`` order)."""
    def write(records: Iterable[Any], fh: TextIO, articles: Mapping[str, Article] | None,
              summary: ExportSummary) -> None:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for inc in _incidents_only(records):
            w.writerow(row(inc).values())
            summary.incidents += 1
    return write


_write_incidents_csv = _incident_csv_writer(INCIDENT_CSV_COLUMNS, incident_row)
_write_ucdp_csv = _incident_csv_writer(UCDP_COLUMNS, ucdp_row)


def _write_claims_jsonl(records: Iterable[Any], fh: TextIO, articles: Mapping[str, Article] | None,
                        summary: ExportSummary) -> None:
    from truceline.link.claims import source_key
    from truceline.serialize import to_dict

    for inc in _incidents_only(records):
        summary.incidents += 1
        key = {c.event_id: source_key(c) for c in inc.claims}
        contra: dict[str, set[str]] = {}   # a contradiction concerns the sources of its two claims
        for x in inc.contradictions:
            for eid in (x.event_a, x.event_b):
                contra.setdefault(key.get(eid, eid), set()).add(x.kind)
        for k, c in enumerate(inc.claims):
            d = {"incident_id": inc.id, "seq": k, **to_dict(c),
                 "contradicts": sorted(contra.get(key[c.event_id], ()))}
            fh.write(json.dumps(d, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
            fh.write("\n")
            summary.claims += 1


INCIDENT_FORMATS = ("incidents-csv", "claims-jsonl", "ucdp-csv")

_Writer = Callable[[Iterable[Any], TextIO, "Mapping[str, Article] | None", ExportSummary], None]

# format name -> writer (the registry of exporters)
FORMATS: dict[str, _Writer] = {
    "acled-csv": _write_acled_csv,
    "jsonl": _write_jsonl,
    "geojson": _write_geojson,
    "score-jsonl": _write_score_jsonl,
    "incidents-csv": _write_incidents_csv,
    "claims-jsonl": _write_claims_jsonl,
    "ucdp-csv": _write_ucdp_csv,
}


def write_export(records: Iterable[Any], fmt: str, out: Path | str | TextIO,
                 articles: Mapping[str, Article] | None = None) -> ExportSummary:
    """Write ``records`` (events, statistics) as ``fmt`` to ``out`` (a path or a text stream).

    ``articles`` (article id -> Article) gives publication dates and outlets to ACLED rows and
    the documents (``doc_id``) of ``score-jsonl``; for a path, the file appears only when complete.
    """
    writer = FORMATS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    summary = ExportSummary(fmt=fmt)
    if isinstance(out, (str, os.PathLike)):
        with atomic_writer(Path(out)) as fh:
            writer(records, fh, articles, summary)
    elif hasattr(out, "write"):
        writer(records, out, articles, summary)
    else:
        raise TypeError(f"write_export: out must be a path or a text stream, got {type(out).__name__}")
    log.info("export %s: %s", fmt, summary)
    return summary


class atomic_writer:
    """``with atomic_writer(path) as fh:`` a UTF-8 text file written beside ``path`` and renamed
    over it when the block ends without an exception (removed otherwise)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        self.fh: TextIO | None = None

    def __enter__(self) -> TextIO:
        # os.open applies the umask, like a plain open() of the target would
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self.fh = open(fd, "w", encoding="utf-8", newline="")
        return self.fh

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        assert self.fh is not None
        try:
            if exc_type is None:
                self.fh.flush()
                os.fsync(self.fh.fileno())
            self.fh.close()
            if exc_type is None:
                os.replace(self.tmp, self.path)
        finally:
            if self.tmp.exists():
                self.tmp.unlink()


def export_db(store: Any, fmt: str, out: Path | str | TextIO, **filters: Any) -> ExportSummary:
    """Export from a :class:`truceline.store.Store`; ``filters`` are those of ``Store.iter_events``.

    ``jsonl`` also holds the statistics when every filter applies to statistics.  ``score-jsonl``
    lists every stored document, with its filtered events (or none).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    records: Iterable[Any]
    articles: dict[str, Article] | None = None
    if fmt in INCIDENT_FORMATS:
        return write_export(store.iter_incidents(**filters), fmt, out)
    if fmt == "jsonl":
        events = store.iter_events(**filters)
        try:
            stats: Iterable[Any] = store.iter_statistics(**filters)
        except TypeError:
            log.info("export jsonl: statistics left out (filters %s do not apply to them)", sorted(filters))
            stats = ()
        records = itertools.chain(events, stats)
    else:
        articles = {a.id: a for a in store.iter_articles(with_text=False)}
        records = store.iter_events(order="article" if fmt == "score-jsonl" else "date", **filters)
    return write_export(records, fmt, out, articles)

