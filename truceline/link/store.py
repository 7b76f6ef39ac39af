"""Link the events of a database into its incidents, incrementally (docs/linking.md).

:func:`link_store` takes the events that are in no incident yet (new articles), loads only the
stored incidents whose dates come near theirs (and the undated ones), links the new events,
and writes back the incidents that changed.  Incidents that lost a member (an article was
re-extracted or revised) are dissolved first and their remaining events linked again.  Running
it twice changes nothing the second time.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

from truceline.model import Event

from .incidents import Linker, link_events
from .rules import LinkRules, default_rules

log = logging.getLogger(__name__)

__all__ = ["LinkResult", "link_store", "link_new", "incidents_of_articles", "incidents_reach", "local_batch"]


@dataclass(slots=True)
class LinkResult:
    events: int = 0            # events linked in this call
    incidents_new: int = 0     # incidents opened
    incidents_changed: int = 0  # incidents written (new or grown)
    dissolved: int = 0         # stale incidents dissolved and re-linked
    incidents_total: int = 0   # incidents in the database afterwards
    changed: tuple[str, ...] = ()   # ids of the incidents written (new or grown)
    gone: tuple[str, ...] = ()      # ids of the incidents dissolved (some may be written again)

    def line(self) -> str:
        return (f"linked {self.events} events: {self.incidents_new} new incidents, "
                f"{self.incidents_changed - self.incidents_new} grown, {self.dissolved} re-linked; "
                f"{self.incidents_total} incidents in all")


def link_store(store, rules: LinkRules | None = None, resources=None) -> LinkResult:
    """Link the unlinked events of ``store`` (a :class:`truceline.store.Store`)."""
    rules = rules or default_rules()
    if resources is None:
        from truceline.resources import load_resources

        resources = load_resources()
    res = LinkResult()
    stale = store.stale_incidents()
    if stale:
        res.dissolved = store.delete_incidents(stale)
        res.gone = tuple(stale)
    events: list[Event] = list(store.unlinked_events())
    if events:
        _link(store, events, _near(store, events, rules), rules, resources, res)
    res.incidents_total = store.counts()["incidents"]
    log.info("%s", res.line())
    return res


def _near(store, events: list[Event], rules: LinkRules) -> Iterable:
    """What :func:`link_store` loads for ``events``: the incidents near their dates, the undated
    ones, and those of the governorates of the undated events."""
    dated = [e.event_date for e in events if e.event_date is not None]
    undated_admin1 = {e.place.admin1 for e in events if e.event_date is None and e.place and e.place.admin1}
    return store.incidents_near(min(dated) if dated else None, max(dated) if dated else None,
                                rules.max_window + 7, undated=True, admin1=undated_admin1)


def _link(store, events: list[Event], incidents: Iterable, rules: LinkRules, resources, res: LinkResult) -> Linker:
    lk = Linker(rules, resources)
    lk.load(incidents)
    before = set(lk.incidents)
    # the articles, with their text only where an event is not day-precise (its text may name
    # the day: "today, Tuesday", claims.day_named)
    undated_ids = {e.article_id for e in events if e.event_date is None or e.time_precision != 1}
    ids = sorted({e.article_id for e in events})
    arts = {}
    for with_text in (False, True):
        part = [i for i in ids if (i in undated_ids) == with_text]
        for i in range(0, len(part), 500):
            arts.update((a.id, a) for a in store.iter_articles(with_text=with_text, id=part[i:i + 500]))
    link_events(events, arts, linker=lk)
    res.events = len(events)
    res.incidents_changed = store.write_incidents(lk.incidents[i] for i in sorted(lk.changed))
    res.changed = tuple(sorted(lk.changed))
    res.incidents_new = len(lk.changed - before)
    return lk


# ----------------------------------------------------------------------------------------------
# linking the events of a few new articles into a big database
# ----------------------------------------------------------------------------------------------
def incidents_of_articles(store, article_ids: Iterable[str], urls: Iterable[tuple[str, str]] = ()) -> set[str]:
    """The incidents holding events of these articles, or of the stored articles that an article
    of these (url, segment) pairs would revise: the incidents a write of them can leave stale.
    Read before the write (it removes those articles' members); all by index."""
    out: set[str] = set()
    ids = sorted(set(article_ids))
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        out.update(r[0] for r in store.select(
            f"SELECT DISTINCT incident_id FROM incident_members WHERE article_id IN ({', '.join('?' * len(chunk))})",
            chunk))
    for url, segment in sorted(set(urls)):
        if url:
            out.update(r[0] for r in store.select(
                "SELECT DISTINCT m.incident_id FROM articles a JOIN incident_members m ON m.article_id = a.id "
                "WHERE a.url = ? AND a.segment = ?", [url, segment]))
    return out


def _stale_among(store, suspects: list[str]) -> tuple[list[str], list[str]]:
    """Of ``suspects``, the incidents :meth:`Store.stale_incidents` would name (a member count
    that no longer matches, or a member whose event is gone), and the events of their members
    that still exist (they are linked again)."""
    stale: set[str] = set()
    freed: list[str] = []
    for k in range(0, len(suspects), 500):
        chunk = suspects[k:k + 500]
        marks = ", ".join("?" * len(chunk))
        stale.update(r[0] for r in store.select(
            f"SELECT i.id FROM incidents i WHERE i.id IN ({marks}) AND i.n_members != "
            "(SELECT count(*) FROM incident_members m WHERE m.incident_id = i.id) "
            f"UNION SELECT m.incident_id FROM incident_members m LEFT JOIN events e ON e.id = m.event_id "
            f"WHERE m.incident_id IN ({marks}) AND e.id IS NULL", [*chunk, *chunk]))
        # an incident that lost every member has no row left in incident_members: it is stale by
        # its count (the first query)
    ids = sorted(stale)
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        freed += [r[0] for r in store.select(
            f"SELECT m.event_id FROM incident_members m JOIN events e ON e.id = m.event_id "
            f"WHERE m.incident_id IN ({', '.join('?' * len(chunk))})", chunk)]
    return ids, freed


def _unlinked_of(store, event_ids: list[str]) -> list[Event]:
    """The events ``event_ids`` that no incident holds."""
    out: list[Event] = []
    for k in range(0, len(event_ids), 500):
        chunk = event_ids[k:k + 500]
        marks = ", ".join("?" * len(chunk))
        linked = {r[0] for r in store.select(f"SELECT event_id FROM incident_members WHERE event_id IN ({marks})",
                                             chunk)}
        rest = [i for i in chunk if i not in linked]
        if rest:
            out += store.iter_events(id=rest)
    return out


def _has_xy(e: Event) -> bool:
    p = e.place
    return p is not None and p.latitude is not None and p.longitude is not None and (p.geo_precision or 3) <= 2


# the columns read to decide whether a stored incident is within reach of a new event
_REACH_COLS = "id, event_date, date_end, time_precision"
# an incident whose summary place is not a point (a region, or no place): it may have no anchor
_REGIONAL = "(latitude IS NULL OR longitude IS NULL OR coalesce(geo_precision, 3) >= 3)"


def reach_queries(e: Event, rules: LinkRules) -> list[tuple[str, list]]:
    """The SQL that finds the stored incidents a dated event ``e`` could join (a superset; see
    :func:`incidents_reach`), as (sql, args) pairs selecting :data:`_REACH_COLS`."""
    d = e.event_date
    assert d is not None
    w = rules.max_window
    lo, hi = (d - dt.timedelta(days=w)).isoformat(), (d + dt.timedelta(days=w)).isoformat()
    p = e.place
    admin1 = p.admin1 if p is not None else ""
    out: list[tuple[str, list]] = []
    if _has_xy(e):
        # the incident's anchor (its first placed report) is within the distance limit of the new
        # event, and the incident's own point (one of its placed reports) within the limit of its
        # anchor: the point is within twice the largest limit
        r_km = 2 * max(rules.distance_km.values()) * 1.01 + 0.1
        dlat = r_km / 110.57
        coslat = math.cos(math.radians(min(89.0, abs(p.latitude) + dlat)))  # type: ignore[union-attr,arg-type]
        dlon = r_km / (111.32 * coslat)
        box = [p.latitude - dlat, p.latitude + dlat, p.longitude - dlon, p.longitude + dlon]  # type: ignore[union-attr,operator]
        # "+latitude": the date range leads the index (a band of latitude holds far more incidents)
        out.append((f"SELECT {_REACH_COLS} FROM incidents WHERE event_date BETWEEN ? AND ? "
                    "AND +latitude BETWEEN ? AND ? AND +longitude BETWEEN ? AND ?", [lo, hi, *box]))
        out.append((f"SELECT {_REACH_COLS} FROM incidents WHERE event_date IS NULL "
                    "AND latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?", box))
        # an incident without a placed report: only by its governorate (or none)
        where = f"{_REGIONAL} AND admin1 IN (?, '')" if admin1 else _REGIONAL
        args = [admin1] if admin1 else []
    else:
        # a region: every incident of its governorate (or of none)
        assert admin1
        where, args = "admin1 IN (?, '')", [admin1]
    out.append((f"SELECT {_REACH_COLS} FROM incidents WHERE {where} AND event_date BETWEEN ? AND ?", [*args, lo, hi]))
    out.append((f"SELECT {_REACH_COLS} FROM incidents WHERE {where} AND event_date IS NULL", args))
    return out


def _in_window(e: Event, row: tuple, rules: LinkRules) -> bool:
    """The date part of the linker's incident check (``Linker._window_fits``) on a row of
    :data:`_REACH_COLS`: the incident's dates and the event's fit one window."""
    _, start, end, tp = row
    if start is None:
        return True
    lim = rules.date_limit(e.time_precision, tp)
    d = e.event_date
    assert d is not None
    return dt.date.fromisoformat(start) >= d - dt.timedelta(days=lim) and \
        dt.date.fromisoformat(end or start) <= d + dt.timedelta(days=lim)


def local_batch(events: list[Event]) -> bool:
    """True when :func:`incidents_reach` can serve these events (each is dated, and placed at a
    point or in a governorate); otherwise :func:`link_new` loads what :func:`link_store` loads."""
    return all(e.event_date is not None and (_has_xy(e) or (e.place is not None and e.place.admin1))
               for e in events)


def incidents_reach(store, events: list[Event], rules: LinkRules) -> list:
    """The stored incidents that the dated ``events`` could join, by id (the order
    :meth:`Store.incidents_near` gives), read through the indexes on the incidents' date and
    point and on their governorate: those whose dates fit the window of an event's and whose
    point is within twice the largest distance limit of it (an anchor further away fails the
    linker's incident check), or, without a point, whose governorate is the event's (or none).
    A subset of what :func:`link_store` loads that holds every incident the events can join."""
    from truceline.model import Incident
    from truceline.serialize import from_dict

    keep: set[str] = set()
    for e in events:
        for sql, args in reach_queries(e, rules):
            keep.update(row[0] for row in store.select(sql, args) if _in_window(e, row, rules))
    ids = sorted(keep)
    docs: dict[str, str] = {}
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        docs.update(store.select(f"SELECT id, record_json FROM incidents WHERE id IN ({', '.join('?' * len(chunk))})",
                                 chunk))
    return [from_dict(Incident, json.loads(docs[i])) for i in ids if i in docs]


def link_new(store, event_ids: Iterable[str], suspects: Iterable[str] = (), rules: LinkRules | None = None,
             resources=None, incidents_before: int | None = None) -> LinkResult:
    """:func:`link_store` for a database whose events were all linked before a write of a few
    articles: ``event_ids`` are the events that write stored, ``suspects`` the incidents it may
    have left stale (:func:`incidents_of_articles`, read before the write).  The same result as
    :func:`link_store` (``tests/test_incremental.py``), without its scans of every event and
    every incident: the stale incidents are looked for among the suspects, the unlinked events
    among the new ones and those of the incidents dissolved, and the incidents loaded are those
    within reach of the new events (:func:`incidents_reach`; an undated event, or one placed
    nowhere, can join incidents of any date in its governorate: then what :func:`link_store`
    loads).  ``incidents_before``: the number of incidents before, to count them after without
    a count of the table."""
    rules = rules or default_rules()
    if resources is None:
        from truceline.resources import load_resources

        resources = load_resources()
    res = LinkResult()
    stale, freed = _stale_among(store, sorted(set(suspects)))
    if stale:
        res.dissolved = store.delete_incidents(stale)
        res.gone = tuple(stale)
    events = _unlinked_of(store, sorted(set(event_ids) | set(freed)))
    if events:
        near = incidents_reach(store, events, rules) if local_batch(events) else _near(store, events, rules)
        _link(store, events, near, rules, resources, res)
    if incidents_before is None:
        res.incidents_total = next(iter(store.select("SELECT count(*) FROM incidents")))[0]
    else:
        res.incidents_total = incidents_before - res.dissolved + res.incidents_new
    log.info("%s", res.line())
    return res
