"""The API's reads: filters to parameterized SQL over a Truceline database (docs/api.md).

Every value a user gives travels as an SQL parameter; column names and sort keys come from the
whitelists below.  Lists of ids (breaches of an agreement, outlets of an alignment) travel as one
JSON parameter read with ``json_each``.  Counts stop at :data:`COUNT_CAP` rows (``total_capped``)
so that a page of a million-event database costs what the page costs, not a full scan.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import sqlite3
from typing import Any, Iterable, Iterator

__all__ = ["Filters", "Page", "COUNT_CAP", "EVENT_SORTS", "INCIDENT_SORTS", "BUCKETS", "events_page",
           "incidents_page", "event_detail", "incident_detail", "article_detail", "timeline", "statistics_page",
           "iter_event_rows", "iter_incident_rows", "EVENT_COLUMNS", "INCIDENT_COLUMNS", "great_circle_km"]

COUNT_CAP = 10_000
EARTH_KM = 6371.0088

EVENT_COLUMNS = ("id", "article_id", "incident_id", "event_date", "time_precision", "event_type",
                 "sub_event_type", "actor1", "actor2", "side1", "side2", "location", "latitude", "longitude",
                 "admin1", "admin2", "admin3", "geo_precision", "fatalities", "injured", "civilian_fatalities",
                 "child_fatalities", "women_fatalities", "displaced", "claimant", "outlet", "alignment",
                 "stance", "agreement", "evidence")
INCIDENT_COLUMNS = ("id", "event_date", "date_end", "time_precision", "event_type", "sub_event_type", "location",
                    "latitude", "longitude", "admin1", "geo_precision", "actor1", "actor2", "fatalities_low",
                    "fatalities_best", "fatalities_high", "fatalities_acled", "n_claims", "n_sources",
                    "contradicted", "contradiction_kinds", "opposite_alignments")
EVENT_SORTS = {"event_date": "e.event_date", "fatalities": "e.fatalities", "admin1": "e.admin1",
               "sub_event_type": "e.sub_event_type", "outlet": "e.outlet", "location": "e.location"}
INCIDENT_SORTS = {"event_date": "i.event_date", "fatalities_best": "i.fatalities_best",
                  "n_claims": "i.n_claims", "admin1": "i.admin1", "sub_event_type": "i.sub_event_type"}
BUCKETS = ("day", "week", "month", "year")

_EVENT_SELECT = ("e.id, e.article_id, (SELECT m.incident_id FROM incident_members m WHERE m.event_id = e.id), "
                 "e.event_date, e.time_precision, e.event_type, e.sub_event_type, e.actor1, e.actor2, e.side1, "
                 "e.side2, e.location, e.latitude, e.longitude, e.admin1, e.admin2, e.admin3, e.geo_precision, "
                 "e.fatalities, e.injured, e.civilian_fatalities, e.child_fatalities, e.women_fatalities, "
                 "e.displaced, e.claimant, e.outlet, '', e.stance, e.agreement, e.evidence")
_INCIDENT_SELECT = ("i.id, i.event_date, i.date_end, i.time_precision, i.event_type, i.sub_event_type, i.location, "
                    "i.latitude, i.longitude, i.admin1, i.geo_precision, i.actor1, i.actor2, i.fatalities_low, "
                    "i.fatalities_best, i.fatalities_high, i.fatalities_acled, i.n_claims, i.n_sources, "
                    "i.contradictions, i.contradictions, i.opposite_alignments")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What a view shows.  Empty values filter nothing; lists match any of their values."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    admin1: tuple[str, ...] = ()
    event_type: tuple[str, ...] = ()
    sub_event_type: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()          # ACLED actor names: actor 1 or actor 2
    side: tuple[str, ...] = ()           # coarse sides: side 1 or side 2
    outlet: tuple[str, ...] = ()
    alignment: tuple[str, ...] = ()      # outlets.yaml alignment of the claimant, else of the outlet
    min_fatalities: int | None = None
    contradicted: bool | None = None     # True: only incidents (events of incidents) whose claims disagree
    agreement: str = ""                  # only breaches of this agreement (ids computed by the caller)
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None

    def has_radius(self) -> bool:
        return self.lat is not None and self.lon is not None and self.radius_km is not None


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    total: int
    total_capped: bool
    limit: int
    offset: int
    items: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "total_capped": self.total_capped, "limit": self.limit,
                "offset": self.offset, "items": self.items}


@dataclasses.dataclass(frozen=True, slots=True)
class Context:
    """What filters need beyond the request: outlet alignments, breach subject ids (cached by the app)."""

    claimant_alignment: dict[str, str]   # every claimant / outlet name stored -> its alignment ('' unknown)
    outlet_alignment: dict[str, str]
    breach_ids: frozenset[str] = frozenset()   # incident and unlinked event ids breaching Filters.agreement


def great_circle_km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    """Haversine distance in km (None where the row has no point)."""
    if lat1 is None or lon1 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def install_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("gc_km", 4, great_circle_km, deterministic=True)


def _bbox(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """A box that holds the circle (a little larger: the test in SQL is exact afterwards)."""
    dlat = math.degrees(km / EARTH_KM) * 1.001
    c = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
    dlon = 180.0 if c < 1e-6 else min(180.0, dlat / c)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def _in(col: str, values: Iterable[str], args: list[Any]) -> str:
    vals = sorted(set(values))
    if len(vals) == 1:
        args.append(vals[0])
        return f"{col} = ?"
    args.append(json.dumps(vals))
    return f"{col} IN (SELECT value FROM json_each(?))"


def _date(v: dt.date | None) -> str | None:
    return v.isoformat() if v else None


def _aligned(f: Filters, ctx: Context, a: str, args: list[Any]) -> str:
    """The alignment filter on table alias ``a``: the claimant's alignment, else the outlet's."""
    want = set(f.alignment)
    claim_yes = sorted(n for n, al in ctx.claimant_alignment.items() if al in want)
    claim_any = sorted(n for n, al in ctx.claimant_alignment.items() if al)
    outlet_yes = sorted(n for n, al in ctx.outlet_alignment.items() if al in want)
    args += [json.dumps(claim_yes), json.dumps(claim_any), json.dumps(outlet_yes)]
    return (f"({a}.claimant IN (SELECT value FROM json_each(?)) OR ({a}.claimant NOT IN (SELECT value FROM "
            f"json_each(?)) AND {a}.outlet IN (SELECT value FROM json_each(?))))")


def event_where(f: Filters, ctx: Context) -> tuple[str, list[Any]]:
    c: list[str] = []
    args: list[Any] = []
    if f.date_from:
        c.append("e.event_date >= ?")
        args.append(_date(f.date_from))
    if f.date_to:
        c.append("e.event_date <= ?")
        args.append(_date(f.date_to))
    for name in ("admin1", "event_type", "sub_event_type", "outlet"):
        vals = getattr(f, name)
        if vals:
            c.append(_in(f"e.{name}", vals, args))
    if f.actor:
        c.append(f"({_in('e.actor1', f.actor, args)} OR {_in('e.actor2', f.actor, args)})")
    if f.side:
        c.append(f"({_in('e.side1', f.side, args)} OR {_in('e.side2', f.side, args)})")
    if f.alignment:
        c.append(_aligned(f, ctx, "e", args))
    if f.min_fatalities is not None:
        c.append("e.fatalities >= ?")
        args.append(f.min_fatalities)
    if f.contradicted is not None:
        op = "IN" if f.contradicted else "NOT IN"
        c.append(f"e.id {op} (SELECT m.event_id FROM incidents ci JOIN incident_members m ON m.incident_id = ci.id "
                 "WHERE ci.contradictions != '')")
    if f.agreement:
        args += [json.dumps(sorted(ctx.breach_ids))] * 2
        c.append("(e.id IN (SELECT value FROM json_each(?)) OR e.id IN (SELECT m.event_id FROM incident_members m "
                 "WHERE m.incident_id IN (SELECT value FROM json_each(?))))")
    if f.has_radius():
        s, n, w, east = _bbox(f.lat, f.lon, f.radius_km)  # type: ignore[arg-type]
        c.append("e.latitude BETWEEN ? AND ? AND e.longitude BETWEEN ? AND ? AND gc_km(e.latitude, e.longitude, ?, ?) <= ?")
        args += [s, n, w, east, f.lat, f.lon, f.radius_km]
    return (" WHERE " + " AND ".join(c)) if c else "", args


def incident_where(f: Filters, ctx: Context) -> tuple[str, list[Any]]:
    """Incidents: their own columns for date, place, type and toll; their claims' events for actor, side,
    outlet and alignment (an incident matches when one of its claims does)."""
    c: list[str] = []
    args: list[Any] = []
    if f.date_from:
        c.append("coalesce(i.date_end, i.event_date) >= ?")
        args.append(_date(f.date_from))
    if f.date_to:
        c.append("i.event_date <= ?")
        args.append(_date(f.date_to))
    for name in ("admin1", "event_type", "sub_event_type"):
        vals = getattr(f, name)
        if vals:
            c.append(_in(f"i.{name}", vals, args))
    sub: list[str] = []
    if f.actor:
        sub.append(f"({_in('e.actor1', f.actor, args)} OR {_in('e.actor2', f.actor, args)})")
    if f.side:
        sub.append(f"({_in('e.side1', f.side, args)} OR {_in('e.side2', f.side, args)})")
    if f.outlet:
        sub.append(_in("e.outlet", f.outlet, args))
    if f.alignment:
        sub.append(_aligned(f, ctx, "e", args))
    if sub:
        c.append("i.id IN (SELECT m.incident_id FROM incident_members m JOIN events e ON e.id = m.event_id WHERE "
                 + " AND ".join(sub) + ")")
    if f.min_fatalities is not None:
        c.append("i.fatalities_best >= ?")
        args.append(f.min_fatalities)
    if f.contradicted is not None:
        c.append("i.contradictions != ''" if f.contradicted else "i.contradictions = ''")
    if f.agreement:
        args.append(json.dumps(sorted(ctx.breach_ids)))
        c.append("i.id IN (SELECT value FROM json_each(?))")
    if f.has_radius():
        s, n, w, east = _bbox(f.lat, f.lon, f.radius_km)  # type: ignore[arg-type]
        c.append("i.latitude BETWEEN ? AND ? AND i.longitude BETWEEN ? AND ? AND gc_km(i.latitude, i.longitude, ?, ?) <= ?")
        args += [s, n, w, east, f.lat, f.lon, f.radius_km]
    return (" WHERE " + " AND ".join(c)) if c else "", args


def _order(sorts: dict[str, str], sort: str, order: str, key: str) -> str:
    col = sorts[sort]
    d = "DESC" if order == "desc" else "ASC"
    return f" ORDER BY {col} IS NULL, {col} {d}, {key} {d}"


def _count(conn: sqlite3.Connection, table: str, where: str, args: list[Any]) -> tuple[int, bool]:
    n = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table}{where} LIMIT {COUNT_CAP + 1})", args).fetchone()[0]
    return min(n, COUNT_CAP), n > COUNT_CAP


def _event_dict(r: tuple[Any, ...], ctx: Context) -> dict[str, Any]:
    d = dict(zip(EVENT_COLUMNS, r))
    d["alignment"] = ctx.claimant_alignment.get(d["claimant"]) or ctx.outlet_alignment.get(d["outlet"], "")
    return d


def _incident_dict(r: tuple[Any, ...]) -> dict[str, Any]:
    d = dict(zip(INCIDENT_COLUMNS, r))
    kinds = [k for k in (d["contradiction_kinds"] or "").split(",") if k]
    d["contradicted"] = bool(kinds)
    d["contradiction_kinds"] = kinds
    return d


def events_page(conn: sqlite3.Connection, f: Filters, ctx: Context, *, sort: str = "event_date",
                order: str = "desc", limit: int = 100, offset: int = 0) -> Page:
    where, args = event_where(f, ctx)
    total, capped = _count(conn, "events e", where, args)
    sql = f"SELECT {_EVENT_SELECT} FROM events e{where}{_order(EVENT_SORTS, sort, order, 'e.id')} LIMIT ? OFFSET ?"
    rows = conn.execute(sql, [*args, limit, offset]).fetchall()
    return Page(total, capped, limit, offset, [_event_dict(r, ctx) for r in rows])


def incidents_page(conn: sqlite3.Connection, f: Filters, ctx: Context, *, sort: str = "event_date",
                   order: str = "desc", limit: int = 100, offset: int = 0) -> Page:
    where, args = incident_where(f, ctx)
    total, capped = _count(conn, "incidents i", where, args)
    sql = (f"SELECT {_INCIDENT_SELECT} FROM incidents i{where}{_order(INCIDENT_SORTS, sort, order, 'i.id')} "
           "LIMIT ? OFFSET ?")
    rows = conn.execute(sql, [*args, limit, offset]).fetchall()
    return Page(total, capped, limit, offset, [_incident_dict(r) for r in rows])


def iter_event_rows(conn: sqlite3.Connection, f: Filters, ctx: Context, *, sort: str = "event_date",
                    order: str = "desc", limit: int = 50_000) -> Iterator[dict[str, Any]]:
    where, args = event_where(f, ctx)
    sql = f"SELECT {_EVENT_SELECT} FROM events e{where}{_order(EVENT_SORTS, sort, order, 'e.id')} LIMIT ?"
    for r in conn.execute(sql, [*args, limit]):
        yield _event_dict(r, ctx)


def iter_incident_rows(conn: sqlite3.Connection, f: Filters, ctx: Context, *, sort: str = "event_date",
                       order: str = "desc", limit: int = 50_000) -> Iterator[dict[str, Any]]:
    where, args = incident_where(f, ctx)
    sql = f"SELECT {_INCIDENT_SELECT} FROM incidents i{where}{_order(INCIDENT_SORTS, sort, order, 'i.id')} LIMIT ?"
    for r in conn.execute(sql, [*args, limit]):
        yield _incident_dict(r)


_ARTICLE_SELECT = "SELECT id, title, outlet, byline, published, url, language, text FROM articles WHERE id = ?"


def _article(conn: sqlite3.Connection, aid: str) -> dict[str, Any] | None:
    r = conn.execute(_ARTICLE_SELECT, [aid]).fetchone()
    if r is None:
        return None
    return dict(zip(("id", "title", "outlet", "byline", "published", "url", "language", "text"), r))


def article_detail(conn: sqlite3.Connection, aid: str) -> dict[str, Any] | None:
    d = _article(conn, aid)
    if d is not None:
        d["events"] = [r[0] for r in conn.execute("SELECT id FROM events WHERE article_id = ? ORDER BY sentence_start, id",
                                                  [aid])]
    return d


def event_detail(conn: sqlite3.Connection, eid: str, ctx: Context) -> dict[str, Any] | None:
    r = conn.execute(f"SELECT {_EVENT_SELECT}, e.sentence_start, e.sentence_end, e.notes, e.rule FROM events e "
                     "WHERE e.id = ?", [eid]).fetchone()
    if r is None:
        return None
    n = len(EVENT_COLUMNS)
    d = _event_dict(r[:n], ctx)
    start, end, d["notes"], d["rule"] = r[n:]
    d["evidence"] = {"start": start, "end": end, "text": d["evidence"]}
    d["spans"] = [dict(zip(("field", "start", "end", "text", "source"), s)) for s in conn.execute(
        'SELECT field, "start", "end", text, source FROM spans WHERE owner_id = ? ORDER BY seq', [eid])]
    d["article"] = _article(conn, d["article_id"])
    return d


_CLAIM_KEYS = ("event_id", "article_id", "claimant", "outlet", "alignment", "outlet_alignment", "published",
               "language", "event_date", "sub_event_type", "location", "actor1", "actor1_side", "actor2",
               "actor2_side", "fatalities", "injured", "civilian_fatalities", "child_fatalities",
               "women_fatalities", "stance", "evidence", "evidence_start", "evidence_end", "headline")


def incident_detail(conn: sqlite3.Connection, iid: str) -> dict[str, Any] | None:
    r = conn.execute(f"SELECT {_INCIDENT_SELECT}, i.record_json FROM incidents i WHERE i.id = ?", [iid]).fetchone()
    if r is None:
        return None
    d = _incident_dict(r[:-1])
    rec = json.loads(r[-1])
    articles: dict[str, dict[str, Any] | None] = {}
    claims = []
    for seq, c in enumerate(rec.get("claims") or ()):
        row = {"seq": seq, **{k: c.get(k) for k in _CLAIM_KEYS}}
        aid = row["article_id"]
        if aid not in articles:
            articles[aid] = _article(conn, aid)
        row["article"] = articles[aid]
        claims.append(row)
    d["claims"] = claims
    d["contradictions"] = [{k: x.get(k, "") for k in ("kind", "event_a", "event_b", "detail")}
                           for x in rec.get("contradictions") or ()]
    d["deaths_by_side"] = [list(x) for x in rec.get("deaths_by_side") or ()]
    return d


def _bucket_sql(bucket: str, col: str) -> str:
    if bucket == "day":
        return col
    if bucket == "week":   # the Monday of the week
        return f"date({col}, '-' || ((CAST(strftime('%w', {col}) AS INTEGER) + 6) % 7) || ' days')"
    if bucket == "month":
        return f"substr({col}, 1, 7) || '-01'"
    return f"substr({col}, 1, 4) || '-01-01'"


def timeline(conn: sqlite3.Connection, f: Filters, ctx: Context, *, bucket: str = "month",
             of: str = "events") -> list[dict[str, Any]]:
    """Per period: how many events (or incidents) and their fatalities (undated rows are left out)."""
    if of == "incidents":
        where, args = incident_where(f, ctx)
        col, fat, table = "i.event_date", "i.fatalities_best", "incidents i"
    else:
        where, args = event_where(f, ctx)
        col, fat, table = "e.event_date", "e.fatalities", "events e"
    where = (where + " AND " if where else " WHERE ") + f"{col} IS NOT NULL"
    b = _bucket_sql(bucket, col)
    sql = f"SELECT {b} AS p, count(*), coalesce(sum({fat}), 0) FROM {table}{where} GROUP BY p ORDER BY p"
    return [{"period": p, "count": n, "fatalities": fat_sum} for p, n, fat_sum in conn.execute(sql, args)]


_STAT_COLUMNS = ("id", "article_id", "period_start", "period_end", "time_precision", "actor1", "actor2", "location",
                 "latitude", "longitude", "admin1", "breaches", "fatalities", "injured", "civilian_fatalities",
                 "child_fatalities", "women_fatalities", "displaced", "count", "counted", "claimant", "outlet",
                 "agreement", "sentence_start", "sentence_end", "evidence", "rule")


def statistics_page(conn: sqlite3.Connection, f: Filters, *, limit: int = 100, offset: int = 0) -> Page:
    c: list[str] = []
    args: list[Any] = []
    if f.date_from:
        c.append("coalesce(s.period_end, s.period_start) >= ?")
        args.append(_date(f.date_from))
    if f.date_to:
        c.append("s.period_start <= ?")
        args.append(_date(f.date_to))
    if f.admin1:
        c.append(_in("s.admin1", f.admin1, args))
    if f.outlet:
        c.append(_in("s.outlet", f.outlet, args))
    if f.agreement:
        c.append("s.agreement = ?")
        args.append(f.agreement)
    where = (" WHERE " + " AND ".join(c)) if c else ""
    total, capped = _count(conn, "statistics s", where, args)
    cols = ", ".join(f's."{k}"' for k in _STAT_COLUMNS)
    rows = conn.execute(f"SELECT {cols} FROM statistics s{where} ORDER BY s.period_start IS NULL, s.period_start DESC, "
                        "s.id LIMIT ? OFFSET ?", [*args, limit, offset]).fetchall()
    return Page(total, capped, limit, offset, [dict(zip(_STAT_COLUMNS, r)) for r in rows])
