"""Breaches: which stored incidents break which agreement, and why (not).

Computed on demand from the store (nothing is written): each incident (truceline/link; an event
that no incident holds counts as its own) is checked against every agreement:

1. **period**: the incident's dates (``event_date`` .. ``date_end``, widened by its time
   precision: 2 = +-3 days, 3 = the whole month) against ``effective`` .. ``ended``.  Wholly
   inside: in force; partly (a month that straddles the signature or the collapse): *uncertain*;
   else not applicable (before signature / after collapse, by N days).
2. **place**: distance in km to each part of the area (0 = inside, an edge counts as inside).
   A governorate-level place (geo_precision 3) is *uncertain* unless an ``admin`` part lists its
   admin1 (the whole area is inside); a part with its own later ``effective`` date (the Sochi DMZ)
   counts only from that date.
3. **type**: the terms whose ``forbids`` hold the incident's sub-event type (terms with
   ``within`` only when the place is in one of those parts).
4. **perpetrator**: with ``bound_sides``, a breach needs a claim that blames a bound side (a
   unilateral ceasefire binds one side only).

Each :class:`Breach` keeps the incident's claims side by side (who says who broke it), its
casualties and evidence (article id, sentence, offsets).  :func:`explain` gives the reasons for
every agreement.  Reading is one SQL pass over a few columns of the incidents of the forbidden
types in the agreements' periods, a vectorised shapely test of their places, and the full
records of the candidates only.
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Iterable

from .agreements import Agreement, Agreements
from .geometry import EDGE_KM, area_of

__all__ = ["ClaimView", "Subject", "Breach", "Check", "check", "find_breaches", "breaches_of", "explain", "subject_by_id"]

BREACH, UNCERTAIN, NOT_APPLICABLE = "breach", "uncertain", "not-applicable"


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimView:
    """One source's account of the incident: who says who did it."""

    event_id: str
    article_id: str
    claimant: str = ""
    outlet: str = ""
    alignment: str = ""
    actor1: str = ""                 # the blamed actor
    actor1_side: str = ""
    actor2: str = ""
    actor2_side: str = ""
    stance: str = "asserts"
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    displaced: int | None = None
    evidence: str = ""
    evidence_start: int | None = None
    evidence_end: int | None = None
    agreement: str = ""              # the agreement its sentence names, if any


@dataclass(frozen=True, slots=True, kw_only=True)
class Subject:
    """What is checked: an incident, or an event no incident holds."""

    id: str
    kind: str                        # incident | event
    event_type: str
    sub_event_type: str
    event_date: dt.date | None
    date_end: dt.date | None
    time_precision: int
    location: str
    latitude: float | None
    longitude: float | None
    admin1: str
    admin2: str
    geo_precision: int | None
    fatalities_best: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    claims: tuple[ClaimView, ...]

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        if self.event_date is None:
            return None
        lo, hi = self.event_date, self.date_end or self.event_date
        if self.time_precision >= 3:
            lo = lo.replace(day=1)
            hi = hi.replace(day=calendar.monthrange(hi.year, hi.month)[1])
        elif self.time_precision == 2:
            lo, hi = lo - dt.timedelta(days=3), hi + dt.timedelta(days=3)
        return lo, max(lo, hi)

    @property
    def displaced(self) -> int | None:
        vals = [c.displaced for c in self.claims if c.displaced is not None]
        return max(vals) if vals else None

    @property
    def civilian_fatalities(self) -> int | None:
        vals = [c.civilian_fatalities for c in self.claims if c.civilian_fatalities is not None]
        return max(vals) if vals else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One agreement checked against one subject."""

    agreement: str
    status: str                      # breach | uncertain | not-applicable
    reasons: tuple[str, ...]         # one line per step (period, place, type, perpetrator)
    parts: tuple[str, ...] = ()      # area parts the place is in
    distance_km: float | None = None  # to the nearest part (0 inside)
    terms: tuple[str, ...] = ()      # terms broken
    perpetrators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Breach:
    """An incident that breaks an agreement (``status`` breach or uncertain)."""

    agreement: str
    subject: Subject
    status: str
    terms: tuple[str, ...]
    parts: tuple[str, ...]
    reasons: tuple[str, ...]
    named_in_text: bool = False      # a claim's sentence names this agreement

    @property
    def incident_id(self) -> str:
        return self.subject.id

    @property
    def date(self) -> dt.date | None:
        return self.subject.event_date

    def perpetrators(self) -> list[tuple[str, str, str, str]]:
        """(claimant, alignment, blamed actor, stance) per claim: who says who broke it."""
        return [(c.claimant or c.outlet or "?", c.alignment, c.actor1 or "unknown", c.stance)
                for c in self.subject.claims]

    def as_dict(self) -> dict[str, Any]:
        s = self.subject
        return {
            "agreement": self.agreement, "incident_id": s.id, "kind": s.kind, "status": self.status,
            "date": s.event_date.isoformat() if s.event_date else None,
            "date_end": s.date_end.isoformat() if s.date_end else None, "time_precision": s.time_precision,
            "location": s.location, "latitude": s.latitude, "longitude": s.longitude, "admin1": s.admin1,
            "geo_precision": s.geo_precision, "event_type": s.event_type, "sub_event_type": s.sub_event_type,
            "terms": list(self.terms), "parts": list(self.parts), "named_in_text": self.named_in_text,
            "fatalities_best": s.fatalities_best, "fatalities_low": s.fatalities_low,
            "fatalities_high": s.fatalities_high, "civilian_fatalities": s.civilian_fatalities,
            "displaced": s.displaced, "reasons": list(self.reasons),
            "claims": [{"claimant": c.claimant, "outlet": c.outlet, "alignment": c.alignment, "blames": c.actor1,
                        "blames_side": c.actor1_side, "target": c.actor2, "stance": c.stance,
                        "fatalities": c.fatalities, "event_id": c.event_id, "article_id": c.article_id,
                        "evidence": c.evidence, "evidence_start": c.evidence_start,
                        "evidence_end": c.evidence_end} for c in s.claims],
        }


# ----------------------------------------------------------------------------------------------
# reading the store
# ----------------------------------------------------------------------------------------------
def _d(v: Any) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


@dataclass(slots=True)
class _EventInfo:
    admin2: str = ""
    displaced: int | None = None
    civilian_fatalities: int | None = None
    agreement: str = ""
    actor2_side: str = ""


_INFO_SQL = ("SELECT id, admin2, displaced, civilian_fatalities, agreement FROM events "
             "WHERE (admin2 != '' OR displaced IS NOT NULL OR civilian_fatalities IS NOT NULL OR agreement != '')")


def _event_info(store, ids: Iterable[str] | None = None) -> dict[str, _EventInfo]:
    """What the claims' events add (admin2, displaced, civilians killed, agreement named): of
    every event, or of the events ``ids`` only."""
    out: dict[str, _EventInfo] = {}
    if ids is None:
        queries = [(_INFO_SQL, [])]
    else:
        keys = sorted(set(ids))
        queries = [(_INFO_SQL + f" AND id IN ({', '.join('?' * len(keys[k:k + 500]))})", keys[k:k + 500])
                   for k in range(0, len(keys), 500)]
    for sql, args in queries:
        for eid, ad2, disp, civ, ag in store.select(sql, args):
            out[eid] = _EventInfo(ad2 or "", disp, civ, ag or "")
    return out


def _claim(c: dict, info: dict[str, _EventInfo]) -> ClaimView:
    i = info.get(c.get("event_id", ""))
    return ClaimView(event_id=c.get("event_id", ""), article_id=c.get("article_id", ""),
                     claimant=c.get("claimant", ""), outlet=c.get("outlet", ""), alignment=c.get("alignment", ""),
                     actor1=c.get("actor1", ""), actor1_side=c.get("actor1_side", ""), actor2=c.get("actor2", ""),
                     actor2_side=c.get("actor2_side", ""), stance=c.get("stance", "asserts"),
                     fatalities=c.get("fatalities"),
                     civilian_fatalities=c.get("civilian_fatalities") if c.get("civilian_fatalities") is not None
                     else (i.civilian_fatalities if i else None),
                     displaced=i.displaced if i else None, evidence=c.get("evidence", ""),
                     evidence_start=c.get("evidence_start"), evidence_end=c.get("evidence_end"),
                     agreement=i.agreement if i else "")


def _subject_from_incident(d: dict, info: dict[str, _EventInfo]) -> Subject:
    claims = tuple(_claim(c, info) for c in d.get("claims", ()))
    ad2 = next((info[c.event_id].admin2 for c in claims if c.event_id in info and info[c.event_id].admin2), "")
    return Subject(id=d["id"], kind="incident", event_type=d.get("event_type", ""),
                   sub_event_type=d.get("sub_event_type", ""), event_date=_d(d.get("event_date")),
                   date_end=_d(d.get("date_end")), time_precision=d.get("time_precision") or 1,
                   location=d.get("location", ""), latitude=d.get("latitude"), longitude=d.get("longitude"),
                   admin1=d.get("admin1", ""), admin2=ad2, geo_precision=d.get("geo_precision"),
                   fatalities_best=d.get("fatalities_best"), fatalities_low=d.get("fatalities_low"),
                   fatalities_high=d.get("fatalities_high"), claims=claims)


def _side(a: dict | None) -> str:
    return (a or {}).get("side", "") or ""


def _subject_from_event(d: dict, outlets_alignment: dict[str, str] | None = None) -> Subject:
    p = d.get("place") or {}
    s = d.get("sentence") or {}
    a1, a2 = d.get("actor1") or {}, d.get("actor2") or {}
    c = ClaimView(event_id=d["id"], article_id=d.get("article_id", ""), claimant=d.get("claimant", ""),
                  outlet=d.get("outlet", ""), actor1=a1.get("name", ""), actor1_side=_side(a1),
                  actor2=a2.get("name", ""), actor2_side=_side(a2), stance=d.get("stance", "asserts"),
                  fatalities=d.get("fatalities"), civilian_fatalities=d.get("civilian_fatalities"),
                  displaced=d.get("displaced"), evidence=s.get("text", ""), evidence_start=s.get("start"),
                  evidence_end=s.get("end"), agreement=d.get("agreement", ""))
    f = d.get("fatalities")
    return Subject(id=d["id"], kind="event", event_type=d.get("event_type", ""),
                   sub_event_type=d.get("sub_event_type", ""), event_date=_d(d.get("event_date")), date_end=None,
                   time_precision=d.get("time_precision") or 1, location=p.get("name", ""),
                   latitude=p.get("latitude"), longitude=p.get("longitude"), admin1=p.get("admin1", ""),
                   admin2=p.get("admin2", ""), geo_precision=p.get("geo_precision") if p else None,
                   fatalities_best=f, fatalities_low=f, fatalities_high=f, claims=(c,))


def subject_by_id(store, any_id: str) -> Subject | None:
    """The incident with this id, the incident holding this event, or the unlinked event."""
    info = _event_info(store)
    iid = any_id
    row = next(store.select("SELECT record_json FROM incidents WHERE id = ?", [iid]), None)
    if row is None:
        m = next(store.select("SELECT incident_id FROM incident_members WHERE event_id = ?", [any_id]), None)
        if m is not None:
            row = next(store.select("SELECT record_json FROM incidents WHERE id = ?", [m[0]]), None)
    if row is not None:
        return _subject_from_incident(json.loads(row[0]), info)
    row = next(store.select("SELECT record_json FROM events WHERE id = ?", [any_id]), None)
    return _subject_from_event(json.loads(row[0])) if row else None


# ----------------------------------------------------------------------------------------------
# the check
# ----------------------------------------------------------------------------------------------
def _period(ag: Agreement, s: Subject) -> tuple[str, str]:
    rng = s.date_range()
    end = ag.ended
    span = f"{ag.effective} .. {end or 'open'}"
    if rng is None:
        return NOT_APPLICABLE, "undated: no period to check"
    lo, hi = rng
    shown = lo.isoformat() if lo == hi else f"{lo} .. {hi}"
    prec = {2: " (dated to the week)", 3: " (dated to the month)"}.get(s.time_precision, "")
    if hi < ag.effective:
        return NOT_APPLICABLE, (f"before the agreement: {shown}{prec} is {(ag.effective - hi).days} day(s) before "
                                f"it took effect on {ag.effective} (signed {ag.signed})")
    if end is not None and lo > end:
        note = f": {ag.ended_note.split('.')[0]}" if ag.ended_note else ""
        return NOT_APPLICABLE, (f"after the agreement ended: {shown}{prec} is {(lo - end).days} day(s) after "
                                f"{end}{note}")
    if lo < ag.effective or (end is not None and hi > end):
        edge = f"took effect on {ag.effective}" if lo < ag.effective else f"ended on {end}"
        return UNCERTAIN, f"in force for part of {shown}{prec} only: the agreement {edge}"
    return BREACH, f"in force: {shown}{prec} lies within {span}"


def check(ags: Agreements, ag: Agreement, s: Subject) -> Check:
    """Does ``s`` break ``ag``?  The reasons say why (not), step by step."""
    reasons: list[str] = []
    status, why = _period(ag, s)
    reasons.append(why)
    if status == NOT_APPLICABLE:
        return Check(agreement=ag.id, status=status, reasons=tuple(reasons))
    shape = area_of(ags, ag.id)
    day = s.event_date
    located = shape.locate(s.longitude, s.latitude, s.admin1, s.admin2)
    inside, dists = [], []
    for ps, d in located:
        if ps.part.effective and day is not None and day < ps.part.effective:
            reasons.append(f"part {ps.part.name} not yet in effect (from {ps.part.effective})")
            continue
        if d is not None:
            dists.append((d, ps.part.name))
            if d <= EDGE_KM:
                inside.append(ps)
    place = s.location or "?"
    nearest = min(dists) if dists else None
    if not dists:
        return Check(agreement=ag.id, status=NOT_APPLICABLE,
                     reasons=tuple(reasons + [f"no coordinates or admin area for {place}: place not checked"]))
    if not inside:
        d, nm = nearest  # type: ignore[misc]
        return Check(agreement=ag.id, status=NOT_APPLICABLE, distance_km=round(d, 1),
                     reasons=tuple(reasons + [f"outside the area: {place} is {d:.1f} km from {nm}"]))
    names = tuple(ps.part.name for ps in inside)
    admin_whole = any(ps.part.kind == "admin" for ps in inside)
    if (s.geo_precision or 1) >= 3 and not admin_whole:
        status = UNCERTAIN
        reasons.append(f"place known only to the governorate ({s.admin1 or place}): its centre is inside "
                       f"{', '.join(names)}, but not the whole governorate")
    else:
        reasons.append(f"inside the area: {place} in {', '.join(names)}"
                       + "".join(f"; {d:.1f} km from {nm}" for d, nm in sorted(dists) if d > EDGE_KM))
    broken = []
    for term, subs in ags.forbidden(ag):
        if s.sub_event_type in subs and (not term.within or set(term.within) & set(names)):
            broken.append(term.id)
    if not broken:
        return Check(agreement=ag.id, status=NOT_APPLICABLE, parts=names, distance_km=0.0,
                     reasons=tuple(reasons + [f"type not forbidden: {s.sub_event_type or '?'} breaks none of "
                                              f"{', '.join(t.id for t in ag.terms)}"]))
    reasons.append(f"{s.sub_event_type} forbidden by {', '.join(broken)}")
    blamed = [(c.actor1 or "unknown", c.actor1_side or "UNKNOWN") for c in s.claims if c.stance != "denied"] \
        or [(c.actor1 or "unknown", c.actor1_side or "UNKNOWN") for c in s.claims]
    if ag.bound_sides:
        bound = [(a, sd) for a, sd in blamed if sd in ag.bound_sides]
        if blamed and not bound:
            return Check(agreement=ag.id, status=NOT_APPLICABLE, parts=names, distance_km=0.0, terms=tuple(broken),
                         reasons=tuple(reasons + ["perpetrator not bound by it: " + ", ".join(
                             f"{a} ({sd})" for a, sd in dict.fromkeys(blamed)) +
                             f" (binds {', '.join(ag.bound_sides)})"]))
    perps = tuple(dict.fromkeys(a for a, _ in blamed))
    reasons.append("blamed: " + "; ".join(f"{c.claimant or c.outlet or '?'} says {c.actor1 or 'unknown'}"
                                          + (" (denied)" if c.stance == "denied" else "") for c in s.claims))
    return Check(agreement=ag.id, status=status, reasons=tuple(reasons), parts=names, distance_km=0.0,
                 terms=tuple(broken), perpetrators=perps)


def _forbidden_union(ags: Agreements, selected: list[Agreement]) -> set[str]:
    out: set[str] = set()
    for ag in selected:
        for _, subs in ags.forbidden(ag):
            out |= subs
    return out


@dataclass(slots=True)
class _Row:
    """The columns of one incident (or unlinked event) the prefilter needs, read without JSON."""

    id: str
    kind: str
    sub: str
    lo: dt.date
    hi: dt.date
    lon: float | None
    lat: float | None
    admin1: str
    admin2: str


def _rows(store, lo: dt.date | None, hi: dt.date | None, subs: set[str],
          ids: Iterable[str] | None = None) -> list[_Row]:
    """The prefilter's rows of every incident and unlinked event, or of those with ``ids`` only."""
    out: list[_Row] = []
    types = sorted(subs)
    if not types:
        return out
    if ids is not None:
        keys = sorted(set(ids))
        for k in range(0, len(keys), 500):
            out += _rows_of(store, lo, hi, types, keys[k:k + 500])
        return out
    return _rows_of(store, lo, hi, types, None)


def _rows_of(store, lo: dt.date | None, hi: dt.date | None, types: list[str], ids: list[str] | None) -> list[_Row]:
    out: list[_Row] = []
    marks = ", ".join("?" * len(types))
    # given ids, "+" keeps the planner on the primary key (an index on the type or the date would
    # read every incident of the type in the period)
    pl = "" if ids is None else "+"
    args: list[Any] = list(types)
    cond = ""
    if lo is not None:
        cond += " AND coalesce({end}, {date}) >= ?"
        args.append((lo - dt.timedelta(days=31)).isoformat())
    if hi is not None:
        cond += " AND {date} <= ?"
        args.append((hi + dt.timedelta(days=3)).isoformat())
    sql_i = (f"SELECT id, sub_event_type, event_date, date_end, time_precision, longitude, latitude, admin1, '' "
             f"FROM incidents WHERE {pl}event_date IS NOT NULL AND {pl}sub_event_type IN ({marks})"
             + cond.format(date=f"{pl}event_date", end="date_end"))
    sql_e = (f"SELECT e.id, e.sub_event_type, e.event_date, NULL, e.time_precision, e.longitude, e.latitude, e.admin1, "
             f"e.admin2 FROM events e LEFT JOIN incident_members m ON m.event_id = e.id WHERE m.event_id IS NULL "
             f"AND {pl}e.event_date IS NOT NULL AND {pl}e.sub_event_type IN ({marks})"
             + cond.format(date=f"{pl}e.event_date", end="NULL"))
    if ids is not None:   # the given subjects only (their primary keys: no scan)
        in_ids = f" AND {{}} IN ({', '.join('?' * len(ids))})"
        sql_i += in_ids.format("id")
        sql_e += in_ids.format("e.id")
        args = [*args, *ids]
    for kind, sql in (("incident", sql_i), ("event", sql_e)):
        for rid, sub, d0, d1, tp, lon, lat, ad1, ad2 in store.select(sql, args):
            a = dt.date.fromisoformat(d0)
            b = dt.date.fromisoformat(d1) if d1 else a
            if (tp or 1) >= 3:
                a = a.replace(day=1)
                b = b.replace(day=calendar.monthrange(b.year, b.month)[1])
            elif tp == 2:
                a, b = a - dt.timedelta(days=3), b + dt.timedelta(days=3)
            out.append(_Row(rid, kind, sub, a, max(a, b), lon, lat, ad1 or "", ad2 or ""))
    return out


def _candidates(ags: Agreements, ag: Agreement, rows: list[_Row]) -> list[_Row]:
    """The rows that may break ``ag``: in (or partly in) its period, of a type one of its terms
    forbids, inside (or on) one of its parts.  Conservative: :func:`check` decides."""
    import numpy as np
    import shapely

    subs: set[str] = set()
    for _, s in ags.forbidden(ag):
        subs |= s
    keep = [r for r in rows if r.sub in subs and r.hi >= ag.effective and (ag.ended is None or r.lo <= ag.ended)]
    if not keep:
        return []
    shape = area_of(ags, ag.id)
    has_xy = np.array([r.lon is not None and r.lat is not None for r in keep])
    inside = np.zeros(len(keep), dtype=bool)
    if has_xy.any():
        idx = np.flatnonzero(has_xy)
        p = shape.proj
        xs = np.array([(keep[i].lon - p.lon0) * p.kx for i in idx])
        ys = np.array([(keep[i].lat - p.lat0) * 110.574 for i in idx])
        pts = shapely.points(xs, ys)
        for ps in shape.parts:
            if ps.part.kind == "corridor" and ps.line is not None:
                hit = shapely.distance(ps.line, pts) - ps.part.half_width_km <= EDGE_KM
            elif ps.shape is not None:
                hit = shapely.distance(ps.shape, pts) <= EDGE_KM
            else:
                continue
            inside[idx[hit]] = True
    for k, r in enumerate(keep):
        if not inside[k]:
            for ps in shape.parts:
                if ps.part.kind == "admin" and ((r.admin1 and r.admin1 in ps.part.admin1)
                                                or (r.admin2 and r.admin2 in ps.part.admin2)):
                    inside[k] = True
    return [r for k, r in enumerate(keep) if inside[k]]


def _load_subjects(store, rows: list[_Row], some: bool = False) -> dict[str, Subject]:
    """The full records of the rows; ``some``: read the event details of their claims only (a
    few subjects), not of every event."""
    docs: list[tuple[str, dict]] = []
    for kind, table in (("incident", "incidents"), ("event", "events")):
        ids = sorted({r.id for r in rows if r.kind == kind})
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            for (rj,) in store.select(f"SELECT record_json FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})",
                                      chunk):
                docs.append((kind, json.loads(rj)))
    if some:
        info = _event_info(store, [c.get("event_id", "") for kind, d in docs if kind == "incident"
                                   for c in d.get("claims", ())])
    else:
        info = _event_info(store)
    return {d["id"]: _subject_from_incident(d, info) if kind == "incident" else _subject_from_event(d)
            for kind, d in docs}


def find_breaches(store, ags: Agreements, agreement: Agreement | None = None,
                  date_from: dt.date | None = None, date_to: dt.date | None = None,
                  include_uncertain: bool = True) -> list[Breach]:
    """Every breach (and, unless told otherwise, uncertain breach) of the agreements (or of one).

    One SQL pass reads the few columns of the incidents (and unlinked events) of the forbidden
    types in the agreements' periods; a vectorised shapely test keeps those inside an area; only
    those are read in full and checked (:func:`check`)."""
    selected = [agreement] if agreement is not None else list(ags)
    return _find(store, ags, selected, date_from, date_to, include_uncertain)


def breaches_of(store, ags: Agreements, ids: Iterable[str]) -> list[Breach]:
    """:func:`find_breaches` (every agreement, uncertain breaches included) restricted to the
    subjects ``ids`` (incident ids, or ids of events no incident holds): the same checks, read by
    primary key, so a few subjects cost a few ms on any database size.  For
    :class:`truceline.ceasefire.tally.BreachTally`, which keeps the counts current as articles
    are added."""
    return _find(store, ags, list(ags), None, None, True, ids=list(ids))


def _find(store, ags: Agreements, selected: list[Agreement], date_from: dt.date | None, date_to: dt.date | None,
          include_uncertain: bool, ids: list[str] | None = None) -> list[Breach]:
    if not selected or (ids is not None and not ids):
        return []
    lo = min(a.effective for a in selected)
    his = [a.ended for a in selected]
    hi = None if any(h is None for h in his) else max(h for h in his if h is not None)
    if date_from is not None:
        lo = max(lo, date_from)
    if date_to is not None:
        hi = date_to if hi is None else min(hi, date_to)
    rows = _rows(store, lo, hi, _forbidden_union(ags, selected), ids)
    if date_from is not None or date_to is not None:
        rows = [r for r in rows if not ((date_from and r.hi < date_from) or (date_to and r.lo > date_to))]
    per_ag = [(ag, _candidates(ags, ag, rows)) for ag in selected]
    subjects = _load_subjects(store, [r for _, rs in per_ag for r in rs], some=ids is not None)
    out: list[Breach] = []
    for ag, rs in per_ag:
        for r in rs:
            s = subjects.get(r.id)
            if s is None:
                continue
            c = check(ags, ag, s)
            if c.status == BREACH or (include_uncertain and c.status == UNCERTAIN):
                out.append(Breach(agreement=ag.id, subject=s, status=c.status, terms=c.terms, parts=c.parts,
                                  reasons=c.reasons, named_in_text=any(x.agreement == ag.id for x in s.claims)))
    out.sort(key=lambda b: (b.subject.event_date or dt.date.min, b.agreement, b.subject.id))
    return out


def explain(store, ags: Agreements, any_id: str) -> tuple[Subject | None, list[Check]]:
    """The subject (incident or unlinked event) and the check of every agreement on it."""
    s = subject_by_id(store, any_id)
    if s is None:
        return None, []
    return s, [check(ags, ag, s) for ag in ags]
