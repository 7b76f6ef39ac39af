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
    incident_span_days: int | None = None      # the longest incident (date_end - event_date); None: unknown


def incident_span_days(conn: sqlite3.Connection) -> int:
    """The longest incident of the database in days (0 when none has a range)."""
    r = conn.execute("SELECT max(julianday(date_end) - julianday(event_date)) FROM incidents").fetchone()[0]
    return int(math.ceil(r)) if r else 0


def great_circle_km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    """Haversine distance in km (None where the row has no point)."""
    if lat1 is None or lon1 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def install_functions(conn: sqlite3.Connection) -> None:
    """The great-circle function, and a page cache and memory map sized for a large read-only database."""
    conn.create_function("gc_km", 4, great_circle_km, deterministic=True)
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA mmap_size = 1073741824")


def _bbox(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """A box that holds the circle (a little larger: the test in SQL is exact afterwards)."""
    dlat = math.degrees(km / EARTH_KM) * 1.001
    c = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
    dlon = 180.0 if c < 1e-6 else min(180.0, dlat / c)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def _radius_sql(a: str, f: Filters, args: list[Any]) -> str:
    """Within ``radius_km`` of (lat, lon) on the sphere: the box that holds the circle (an index range),
    then points of the square inside the circle pass at once (shrunk 5%: no distance computed), and the
    rest are measured (haversine)."""
    lat, lon, km = f.lat, f.lon, f.radius_km
    s, n, w, e = _bbox(lat, lon, km)  # type: ignore[arg-type]
    h = math.degrees(km / EARTH_KM) * 0.95 / math.sqrt(2)    # type: ignore[operator]
    c = math.cos(math.radians(min(89.0, abs(lat) + h)))      # type: ignore[arg-type]
    args += [s, n, w, e, lat - h, lat + h, lon - h / c, lon + h / c, lat, lon, km]  # type: ignore[operator]
    return (f"{a}.latitude BETWEEN ? AND ? AND {a}.longitude BETWEEN ? AND ? AND ({a}.latitude BETWEEN ? AND ? "
            f"AND {a}.longitude BETWEEN ? AND ? OR gc_km({a}.latitude, {a}.longitude, ?, ?) <= ?)")


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


def _or_group(f: Filters) -> str:
    """The filter whose two columns (actor 1 or 2, side 1 or 2) a page query splits into two branches."""
    return "side" if f.side else "actor" if f.actor else ""


def event_where(f: Filters, ctx: Context, *, branch: tuple[str, int] | None = None,
                contradicted_join: bool = False) -> tuple[str, list[Any]]:
    """WHERE clause and arguments for events.  ``branch=("side", 0)`` keeps only the first column of that
    either-column filter (a page query runs one branch per column, each in its index's order);
    ``contradicted_join``: the caller joins ``incidents ci`` / ``incident_members m`` itself (counts)."""
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
    for name, vals in (("actor", f.actor), ("side", f.side)):
        if not vals:
            continue
        cols = ("e.actor1", "e.actor2") if name == "actor" else ("e.side1", "e.side2")
        if branch is not None and branch[0] == name:
            c.append(_in(cols[branch[1]], vals, args))
        else:
            c.append(f"({_in(cols[0], vals, args)} OR {_in(cols[1], vals, args)})")
    if f.alignment:
        c.append(_aligned(f, ctx, "e", args))
    if f.min_fatalities is not None:
        c.append("e.fatalities >= ?")
        args.append(f.min_fatalities)
    if f.contradicted is True and contradicted_join:
        c.append("ci.contradictions != ''")
    elif f.contradicted is not None:
        c.append(("" if f.contradicted else "NOT ") + "EXISTS (SELECT 1 FROM incident_members m JOIN incidents ci "
                 "ON ci.id = m.incident_id WHERE m.event_id = e.id AND ci.contradictions != '')")
    if f.agreement:
        args += [json.dumps(sorted(ctx.breach_ids))] * 2
        c.append("(e.id IN (SELECT value FROM json_each(?)) OR e.id IN (SELECT m.event_id FROM incident_members m "
                 "WHERE m.incident_id IN (SELECT value FROM json_each(?))))")
    if f.has_radius():
        c.append(_radius_sql("e", f, args))
    return (" WHERE " + " AND ".join(c)) if c else "", args


def _event_count(conn: sqlite3.Connection, f: Filters, ctx: Context) -> tuple[int, bool]:
    if f.contradicted is True:   # from the contradicted incidents (a partial index) to their events
        where, args = event_where(f, ctx, contradicted_join=True)
        return _count(conn, "incidents ci INDEXED BY incidents_contradicted CROSS JOIN incident_members m "
                            "ON m.incident_id = ci.id CROSS JOIN events e ON e.id = m.event_id", where, args)
    where, args = event_where(f, ctx)
    return _count(conn, "events e", where, args)


# sort keys with an index of their own (and the condition of a partial one); DENSE_SCAN: the most rows a
# page may read in that index's order, checking the filters row by row, before sorting the matches wins
SORT_INDEXES = {"fatalities": ("events_fatalities", "e.fatalities IS NOT NULL"), "admin1": ("events_admin1", ""),
                "sub_event_type": ("events_sub_event_type", "")}
DENSE_SCAN = 50_000


def _event_rowids(conn: sqlite3.Connection, f: Filters, ctx: Context, sort: str, order: str, limit: int,
                  offset: int, total: int = 0) -> list[int]:
    """The rowids of one page, in order.  Only rowids and the sort key travel through the sort; an
    either-column filter (side 1 or side 2) runs as two branches, each read in its own index's order
    and cut at offset + limit, merged afterwards (one OR would read and sort every match)."""
    order_sql = _order(EVENT_SORTS, sort, order, "e.rowid")
    group = _or_group(f)
    if not group:
        where, args = event_where(f, ctx)
        if sort in SORT_INDEXES and total and where and (order == "desc" or not SORT_INDEXES[sort][1]):
            # matches dense enough that reading the sort key's index in order finds the page in fewer rows
            # than the matches number: read it so (the planner would sort every match instead)
            n_rows = conn.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
            if n_rows * (offset + limit) / total <= DENSE_SCAN:
                index, cond = SORT_INDEXES[sort]
                w = where + (f" AND {cond}" if cond else "")
                sql = f"SELECT e.rowid FROM events e INDEXED BY {index}{w}{order_sql} LIMIT ? OFFSET ?"
                got = [r[0] for r in conn.execute(sql, [*args, limit, offset])]
                if len(got) == limit:   # else the page reaches the rows the partial index leaves out
                    return got
        sql = f"SELECT e.rowid FROM events e{where}{order_sql} LIMIT ? OFFSET ?"
        return [r[0] for r in conn.execute(sql, [*args, limit, offset])]
    col = EVENT_SORTS[sort]
    parts, args = [], []
    for j in (0, 1):
        where, a = event_where(f, ctx, branch=(group, j))
        parts.append(f"SELECT * FROM (SELECT e.rowid AS r, {col} AS k FROM events e{where}{order_sql} LIMIT ?)")
        args += [*a, offset + limit]
    d = "DESC" if order == "desc" else "ASC"
    sql = f"SELECT r FROM ({' UNION '.join(parts)}) ORDER BY k {d}, r {d} LIMIT ? OFFSET ?"
    return [r[0] for r in conn.execute(sql, [*args, limit, offset])]


def _events_by_rowid(conn: sqlite3.Connection, rowids: list[int], ctx: Context) -> list[dict[str, Any]]:
    if not rowids:
        return []
    got = {r[0]: r[1:] for r in conn.execute(f"SELECT e.rowid, {_EVENT_SELECT} FROM events e WHERE e.rowid IN "
                                             "(SELECT value FROM json_each(?))", [json.dumps(rowids)])}
    return [_event_dict(got[r], ctx) for r in rowids if r in got]


def incident_where(f: Filters, ctx: Context) -> tuple[str, list[Any]]:
    """Incidents: their own columns for date, place, type and toll; their claims' events for actor, side,
    outlet and alignment (an incident matches when one of its claims does)."""
    c: list[str] = []
    args: list[Any] = []
    if f.date_from:
        c.append("coalesce(i.date_end, i.event_date) >= ?")
        args.append(_date(f.date_from))
        if ctx.incident_span_days is not None:   # the same rows, as a range of the (filter, date) indexes
            c.append("i.event_date >= ?")
            args.append(_date(f.date_from - dt.timedelta(days=ctx.incident_span_days)))
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
        c.append(_radius_sql("i", f, args))
    return (" WHERE " + " AND ".join(c)) if c else "", args


def _order(sorts: dict[str, str], sort: str, order: str, key: str) -> str:
    """ORDER BY the column, ties in storage order: an index on (filter, column) or (column) gives the rows
    in this order without sorting, so a page costs its own rows.  SQLite puts NULLs (undated, unknown
    toll) first when ascending and last when descending."""
    col = sorts[sort]
    d = "DESC" if order == "desc" else "ASC"
    return f" ORDER BY {col} {d}, {key} {d}"


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
    total, capped = _event_count(conn, f, ctx)
    rowids = _event_rowids(conn, f, ctx, sort, order, limit, offset, total)
    return Page(total, capped, limit, offset, _events_by_rowid(conn, rowids, ctx))


def incidents_page(conn: sqlite3.Connection, f: Filters, ctx: Context, *, sort: str = "event_date",
                   order: str = "desc", limit: int = 100, offset: int = 0) -> Page:
    where, args = incident_where(f, ctx)
    total, capped = _count(conn, "incidents i", where, args)
    sql = (f"SELECT {_INCIDENT_SELECT} FROM incidents i{where}{_order(INCIDENT_SORTS, sort, order, 'i.rowid')} "
           "LIMIT ? OFFSET ?")
    rows = conn.execute(sql, [*args, limit, offset]).fetchall()
    return Page(total, capped, limit, offset, [_incident_dict(r) for r in rows])


def iter_event_rows(conn: sqlite3.Connection, f: Filters, ctx: Context, *, sort: str = "event_date",
                    order: str = "desc", limit: int = 50_000) -> Iterator[dict[str, Any]]:
    where, args = event_where(f, ctx)
    sql = f"SELECT {_EVENT_SELECT} FROM events e{where}{_order(EVENT_SORTS, sort, order, 'e.rowid')} LIMIT ?"
    for r in conn.execute(sql, [*args, limit]):
        yield _event_dict(r, ctx)


def iter_incident_rows(conn: sqlite3.Connection, f: Filters, ctx: Context, *, sort: str = "event_date",
                       order: str = "desc", limit: int = 50_000) -> Iterator[dict[str, Any]]:
    where, args = incident_where(f, ctx)
    sql = f"SELECT {_INCIDENT_SELECT} FROM incidents i{where}{_order(INCIDENT_SORTS, sort, order, 'i.rowid')} LIMIT ?"
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
    dbs = rec.get("deaths_by_side") or ()
    d["deaths_by_side"] = ([{"side": k, "deaths": v} for k, v in dbs.items()] if isinstance(dbs, dict)
                           else [{"side": x[0], "deaths": x[1]} for x in dbs if isinstance(x, (list, tuple))])
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
