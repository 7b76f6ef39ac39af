"""Linking events of many articles into incidents (docs/linking.md).

:func:`compare` decides whether two claims can be reports of one incident and says why
(a :class:`~truceline.model.LinkReason`): compatible types, places within a distance set by
their geo precision (or the same admin1 for a region), dates within a window set by their time
precision, attackers not of opposite camps (or, if they are, place and day agree exactly and a
contradiction is recorded).

:class:`Linker` holds incidents and an index of their claims by week and by map cell (or
admin1), so a new event is compared only with the claims near it in time and space: linking is
near-linear in the number of events.  It is incremental: load the incidents near the new
events (:meth:`Linker.load`), add the new events (:meth:`Linker.add`), write back the incidents
it changed (:attr:`Linker.changed`).  An event joins the incident holding its closest
compatible claim (single link, best score); it never merges two existing incidents.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from truceline.gazetteer.core import distance_km
from truceline.textutil import fold_term
from truceline.model import ACLED_SUB_TO_TYPE, Article, Claim, Contradiction, Event, Incident, LinkReason

from .claims import ContradictionTracker, claim_of, summarize
from .rules import LinkRules, default_rules

__all__ = ["compare", "Linker", "link_events", "haversine_km", "build_incident"]

# an undated report is compared with at most this many of the latest reports of each map cell
# around it (an undated report can match any date, so without a cap a busy town's whole archive
# would be scanned)
UNDATED_SCAN = 400
# a report joining an incident is checked against this many of its first reports (its core)
CORE_CLAIMS = 12
_WINDOW_FITS = object()   # best_match: an incident whose date window and anchor admit the claim


haversine_km = distance_km   # the gazetteer's great-circle distance


def _has_xy(c: Claim) -> bool:
    return c.latitude is not None and c.longitude is not None and (c.geo_precision or 3) <= 2


_NAME_JUNK = re.compile(r"[#\"'“”«»]+")


@lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    """A place name folded for comparison (case, Arabic letter variants, hashtags and quotes)."""
    return " ".join(_NAME_JUNK.sub(" ", fold_term(name)).split())


def place_key(c: Claim) -> str:
    """What identifies a claim's place: its gazetteer id, or for a place the gazetteer does not
    know (a village located only by the town or region named with it, ``located:<id>``, or a
    village named without any point) its folded name inside its governorate.  The ``located:`` id is the locator's:
    two different villages located by one town share it and are not one place."""
    gid = c.gazetteer_id
    if gid and not gid.startswith("located:"):
        return gid
    if not gid and (c.latitude is not None or (c.geo_precision or 3) >= 3):
        return ""   # a point of its own, or a region, without a gazetteer entry: distance or admin1 decide
    name = _name_key(c.location) if c.location else ""
    return f"name:{c.admin1}:{name}" if name else ""


def _located(c: Claim) -> bool:
    """A village at the point of the town or region that locates it (not a point of its own)."""
    return c.gazetteer_id.startswith("located:")


def same_place(a: Claim, b: Claim) -> bool:
    ka = place_key(a)
    return bool(ka) and ka == place_key(b)


def _signature(c: Claim) -> tuple:
    """What :func:`compare` and the index read of a claim (two claims of one incident with the
    same signature give every new claim the same answer, so only one is indexed)."""
    return (c.sub_event_type, c.event_type, c.event_date, c.time_precision, place_key(c), c.latitude,
            c.longitude, c.geo_precision, c.admin1, c.actor1_side, c.actor2_side, c.weekday, c.month_day)


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weekday(c: Claim) -> int | None:
    """The weekday of a report: of its date when day-precise, else the one its text names."""
    if c.event_date is not None and c.time_precision == 1:
        return c.event_date.weekday()
    return c.weekday


def _month_day(c: Claim) -> tuple[int, int] | None:
    if c.event_date is not None and c.time_precision == 1:
        return c.event_date.month, c.event_date.day
    if c.month_day:
        m, d = c.month_day.split("-")
        return int(m), int(d)
    return None


def _day_of_year(c: Claim) -> int | None:
    """The day of a non-leap year (0..364) of a report's date or of the day its text names."""
    md = _month_day(c)
    if md is None:
        return None
    return dt.date(2001, md[0], min(md[1], 28) if md[0] == 2 else md[1]).timetuple().tm_yday - 1


def _day_conflict(a: Claim, b: Claim) -> tuple[str, int | None]:
    """For two reports of which one at least is undated: (why their named days differ, or "";
    the gap in days when both name a day of the year, ignoring the year)."""
    ma, mb = _month_day(a), _month_day(b)
    if ma is not None and mb is not None:
        gap = abs(_day_of_year(a) - _day_of_year(b))  # type: ignore[operator]
        gap = min(gap, 365 - gap)
        if gap > 1:
            return f"the reports name other days ({ma[1]} {_MONTHS[ma[0] - 1]} / {mb[1]} {_MONTHS[mb[0] - 1]})", gap
        return "", gap
    wa, wb = _weekday(a), _weekday(b)
    if wa is not None and wb is not None and (wa - wb) % 7 not in (0, 1, 6):
        return f"the reports name other weekdays ({_WEEKDAYS[wa]} / {_WEEKDAYS[wb]})", None
    return "", None


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _type_rule(a: Claim, b: Claim, rules: LinkRules) -> str:
    if a.sub_event_type == b.sub_event_type:
        return "same-sub-type"
    if a.event_type == b.event_type:
        return "incompatible" if a.event_type in rules.same_subtype_only else "same-event-type"
    ga, gb = rules.type_group.get(a.sub_event_type), rules.type_group.get(b.sub_event_type)
    return "compatible-types" if ga and ga == gb else "incompatible"


_TYPE_COST = {"same-sub-type": 0.0, "same-event-type": 0.25, "compatible-types": 0.5}
_ACTOR_COST = {"same-side": 0.0, "same-camp": 0.1, "swapped-roles": 0.1, "unknown": 0.2, "opposite-camps": 0.6}


def _actor_rule(a: Claim, b: Claim, rules: LinkRules) -> str:
    ca, cb = rules.side_camp.get(a.actor1_side, ""), rules.side_camp.get(b.actor1_side, "")
    if not ca or not cb:
        return "unknown"
    if a.actor1_side == b.actor1_side:
        return "same-side"
    if ca == cb:
        return "same-camp"
    # a clash told from each side: A's attacker is B's target and the other way round
    ta, tb = rules.side_camp.get(a.actor2_side, ""), rules.side_camp.get(b.actor2_side, "")
    if ta and tb and ta == cb and tb == ca:
        return "swapped-roles"
    return "opposite-camps"


def compare(a: Claim, b: Claim, rules: LinkRules | None = None) -> LinkReason:
    """Can claim ``a`` join the incident of claim ``b``?  The answer and every reason."""
    rules = rules or default_rules()
    reasons: list[str] = []
    ok = True
    # -- type
    trule = _type_rule(a, b, rules)
    if trule == "incompatible":
        ok = False
        reasons.append(f"types {a.sub_event_type!r} and {b.sub_event_type!r} are not compatible")
    # -- place
    dist = limit = None
    same = same_place(a, b)
    if same and not (_has_xy(a) and _has_xy(b)) and place_key(a).startswith("name:"):
        # one village the gazetteer does not know, named by both (located only by its region; a
        # region or governorate itself is not one place: it goes by admin1 below)
        dist, prule = 0.0, "same-place"
    elif _has_xy(a) and _has_xy(b):
        limit = rules.distance_limit(a.geo_precision or 3, b.geo_precision or 3)
        dist = 0.0 if same else round(
            haversine_km(a.latitude, a.longitude, b.latitude, b.longitude), 2)  # type: ignore[arg-type]
        if same:
            prule = "same-place"
        elif limit is not None and dist <= limit:
            prule = "within-distance"
        else:
            prule = "too-far"
            ok = False
            reasons.append(f"{dist:.1f} km apart (limit {limit:g} km for precisions "
                           f"{a.geo_precision}/{b.geo_precision})")
    elif a.admin1 and b.admin1:
        if a.admin1 == b.admin1:
            prule = "same-admin1"
        else:
            prule = "other-admin1"
            ok = False
            reasons.append(f"different governorates ({a.admin1} / {b.admin1})")
    else:
        prule = "no-place"
        ok = False
        reasons.append("a report has no place")
    # -- date
    gap = dlimit = None
    if a.event_date is not None and b.event_date is not None:
        gap = abs((a.event_date - b.event_date).days)
        dlimit = rules.date_limit(a.time_precision, b.time_precision)
        if gap <= dlimit:
            drule = "within-window"
        else:
            drule = "too-far"
            ok = False
            reasons.append(f"{gap} days apart (limit {dlimit} for time precisions "
                           f"{a.time_precision}/{b.time_precision})")
    else:
        drule = "undated"
        conflict, mgap = _day_conflict(a, b)
        if conflict:
            # "today, Tuesday" and "on Sunday", "on 18 August" and "on 30 August": not one day
            ok = False
            drule = "other-day"
            reasons.append(conflict)
        elif mgap is not None:
            # both name one day (no year: the texts are undated): linked as reports of one day
            drule, gap, dlimit = "same-day-named", mgap, 1
            if prule not in ("same-place", "within-distance", "same-admin1"):
                ok = False
        else:
            # the same place: one gazetteer place or name, or two towns within the town limit (two
            # villages located only by the town near them are not the same place)
            near = prule == "same-place" or (dist is not None and dist <= rules.distance_km.get(1, 0.0)
                                             and not _located(a) and not _located(b))
            if rules.undated != "same-place" or not near:
                ok = False
                reasons.append("a report is undated and the places are not the same")

    # -- actors
    arule = _actor_rule(a, b, rules)
    if arule == "opposite-camps":
        exact = (gap is not None and gap <= 1 and a.time_precision == 1 and b.time_precision == 1
                 and prule in ("same-place", "within-distance"))
        if not exact:
            ok = False
            reasons.append(f"attackers of opposite camps ({a.actor1} / {b.actor1}) without the same place and day")
    # -- articles
    if a.article_id == b.article_id:
        same_src = a.claimant.casefold() == b.claimant.casefold()
        xrule = "same-article-same-claimant" if same_src else "same-article-other-claimant"
    else:
        xrule = "other-article"
    score = _TYPE_COST.get(trule, 1.0) + _ACTOR_COST[arule]
    if dist is not None and limit:
        score += dist / limit
    elif prule == "same-admin1":
        score += 0.75
    if gap is not None and dlimit is not None:
        score += gap / (dlimit + 1)
    else:
        score += 0.5
    if ok:
        bits = [trule, prule + (f" ({dist:.1f} km)" if dist else ""),
                drule + (f" ({gap} d)" if gap is not None else ""), f"actors {arule}"]
        why = "linked: " + ", ".join(bits)
    else:
        why = "not linked: " + "; ".join(reasons)
    return LinkReason(event_id=a.event_id, article_id=a.article_id, linked_to=b.event_id, linked=ok, distance_km=dist,
                      distance_limit_km=limit, place_rule=prule, date_gap_days=gap, date_limit_days=dlimit,
                      date_rule=drule, type_rule=trule, actor_rule=arule, article_rule=xrule,
                      score=round(score, 4), why=why)


def incident_fit(c: Claim, inc: Incident, rules: LinkRules) -> str:
    """"" when claim ``c`` agrees with the incident's own date range and place, else why not.

    The place is that of the incident's first placed report (its anchor), the distance limit
    that of the two precisions; the dates are the incident's range (its most precise claims)."""
    if c.event_date is not None and inc.event_date is not None:
        end = inc.date_end or inc.event_date
        # the incident's dates with this report must still fit one window: daily reports of
        # shelling on one town do not chain into one incident
        gap = max(abs((c.event_date - inc.event_date).days), abs((c.event_date - end).days))
        limit = rules.date_limit(c.time_precision, inc.time_precision)
        if gap > limit:
            return f"{gap} days from the incident's dates (limit {limit})"
    anchor = next((x for x in inc.claims if _has_xy(x)), None)
    if _has_xy(c) and anchor is not None:
        limit = rules.distance_limit(c.geo_precision or 3, anchor.geo_precision or 3)
        d = haversine_km(c.latitude, c.longitude, anchor.latitude, anchor.longitude)  # type: ignore[arg-type]
        if limit is not None and d > limit:
            return f"{d:.1f} km from the incident's first placed report, {anchor.location} (limit {limit:g} km)"
    elif c.admin1 and inc.admin1 and c.admin1 != inc.admin1:
        return f"outside the incident's governorate ({inc.admin1})"
    # the incident's core (its first CORE_CLAIMS reports): a report that matches one member must
    # not contradict another one's weekday or place, or a chain of undated reports of one town
    # (each like the one before) would gather reports of different days
    cxy = _has_xy(c)
    for o in inc.claims[:CORE_CLAIMS]:
        if c.event_date is None and o.event_date is None:
            conflict = _day_conflict(c, o)[0]
            if conflict:
                return f"{conflict}: report {o.event_id} of the incident"
        if cxy and _has_xy(o) and not same_place(c, o):
            limit = rules.distance_limit(c.geo_precision or 3, o.geo_precision or 3)
            d = haversine_km(c.latitude, c.longitude, o.latitude, o.longitude)  # type: ignore[arg-type]
            if limit is not None and d > limit:
                return f"{d:.1f} km from the incident's report {o.event_id} at {o.location} (limit {limit:g} km)"
    return ""


def _most_common(values: Iterable[str], default: str = "") -> str:
    c = Counter(v for v in values if v)
    return c.most_common(1)[0][0] if c else default


def build_incident(iid: str, claims: tuple[Claim, ...], links: tuple[LinkReason, ...],
                   rules: LinkRules, contra: tuple[Contradiction, ...] | None = None) -> Incident:
    """An incident's fields from its claims (recomputed whenever a claim joins; ``contra``: the
    contradictions when the caller already has them)."""
    asserting = [c for c in claims if c.stance == "asserts"] or list(claims)
    sub = _most_common((c.sub_event_type for c in asserting), claims[0].sub_event_type)
    dated = [c for c in claims if c.event_date is not None]
    tp = min((c.time_precision for c in dated), default=claims[0].time_precision)
    best_dated = [c.event_date for c in dated if c.time_precision == tp]
    placed = sorted((c for c in claims if c.latitude is not None or c.admin1),
                    key=lambda c: (c.latitude is None, c.geo_precision or 3))
    p = placed[0] if placed else None
    return Incident(
        id=iid, event_type=ACLED_SUB_TO_TYPE.get(sub, claims[0].event_type), sub_event_type=sub,
        event_date=min(best_dated) if best_dated else None,  # type: ignore[type-var]
        date_end=max(best_dated) if best_dated else None,  # type: ignore[type-var]
        time_precision=tp,
        location=p.location if p else "", latitude=p.latitude if p else None,
        longitude=p.longitude if p else None, admin1=p.admin1 if p else "",
        geo_precision=p.geo_precision if p else None,
        actor1=_most_common(c.actor1 for c in asserting), actor2=_most_common(c.actor2 for c in asserting),
        claims=claims, links=links, **summarize(claims, rules, contra))


def _grown(inc: Incident, claims: tuple[Claim, ...], links: tuple[LinkReason, ...],
           contra: tuple[Contradiction, ...], c: Claim) -> Incident:
    """``inc`` with claim ``c`` joined: claims, links, contradictions and the date range (what
    linking reads) brought up to date; the other summary fields wait for ``Linker.incidents``."""
    start, end, tp = inc.event_date, inc.date_end, inc.time_precision
    if c.event_date is not None:
        if start is None or c.time_precision < tp:
            start = end = c.event_date
            tp = c.time_precision
        elif c.time_precision == tp:
            start, end = min(start, c.event_date), max(end or start, c.event_date)
    return replace(inc, claims=claims, links=links, contradictions=contra, event_date=start, date_end=end,
                   time_precision=tp, admin1=inc.admin1 or c.admin1)


class Linker:
    """Incidents and the index of their claims; add events one by one (see the module docstring)."""

    def __init__(self, rules: LinkRules | None = None, resources=None) -> None:
        self.rules = rules or default_rules()
        self.resources = resources
        self._inc: dict[str, Incident] = {}
        self._dirty: set[str] = set()       # grown incidents whose summary fields wait for .incidents
        self.changed: set[str] = set()
        # cell sizes in degrees: one cell is at least the distance limit wide (85 km per degree of
        # longitude at 40 degrees north; the theatre lies south of that)
        self._coarse = max(self.rules.distance_km.values()) / 85.0
        self._fine = self.rules.distance_km.get(1, max(self.rules.distance_km.values())) / 85.0
        # the dated indexes group a cell's claims by incident (incident id -> claim indices), so a
        # query passes over an incident it cannot join in one step
        self._dated_cells: dict[tuple, dict[str, list[int]]] = {}
        self._fine_cells: dict[tuple, dict[str, list[int]]] = {}
        self._tps: tuple[int, ...] = ()     # time precisions of the dated claims indexed so far
        self._undated_cells: dict[tuple, list[tuple[str, int]]] = {}
        self._all_cells: dict[tuple, list[tuple[str, int]]] = {}
        self._admin: dict[tuple, dict[str, list[int]]] = {}
        self._named: dict[str, list[tuple[str, int]]] = {}   # place key of an unknown village -> claims
        # day of the year (ignoring the year) -> claims: day-precise ones, and undated ones whose
        # text names a day ("on 18 August"), for undated reports naming a day
        self._days_dated: dict[int, list[tuple[str, int]]] = {}
        self._days_named: dict[int, list[tuple[str, int]]] = {}
        self._members: dict[str, str] = {}   # event id -> incident id
        self._types: dict[tuple[str, str], float] = {}   # type pair -> its score cost (-1: incompatible)
        self._sigs: dict[str, set[tuple]] = {}   # incident id -> signatures of its indexed claims
        self._trackers: dict[str, ContradictionTracker] = {}   # incident id -> its contradictions so far
        self._coslat = 1.0

    # ------------------------------------------------------------------ index
    # Dated claims are indexed by (their time precision, week, map cell) -- fine cells for town
    # (precision 1) claims, coarse cells for all claims with coordinates -- and by (time
    # precision, week, admin1) for regional claims; undated claims by fine cell.  A query
    # reads only the weeks and cells its limits can reach.
    def _cellof(self, c: Claim, size: float) -> tuple[int, int]:
        return (math.floor(c.latitude / size), math.floor(c.longitude / size))  # type: ignore[operator]

    def _index(self, iid: str, k: int, c: Claim) -> None:
        sig = _signature(c)
        sigs = self._sigs.setdefault(iid, set())
        if sig in sigs:
            return   # a claim of this incident that compares the same way is indexed already
        sigs.add(sig)
        entry = (iid, k)
        xy = _has_xy(c)
        wk = c.event_date.toordinal() // 7 if c.event_date is not None else None
        tp = c.time_precision if c.time_precision in (1, 2, 3) else 3
        if wk is not None and tp not in self._tps:
            self._tps = tuple(sorted((*self._tps, tp)))
        if xy:
            coarse = self._cellof(c, self._coarse)
            fine = self._cellof(c, self._fine)
            self._all_cells.setdefault(fine, []).append(entry)
            if wk is None:
                self._undated_cells.setdefault(fine, []).append(entry)
            else:
                gp = 1 if c.geo_precision == 1 else 2
                self._dated_cells.setdefault((tp, gp, wk, *coarse), {}).setdefault(iid, []).append(k)
                if gp == 1:
                    self._fine_cells.setdefault((tp, wk, *fine), {}).setdefault(iid, []).append(k)
        if wk is not None and c.admin1:
            self._admin.setdefault((tp, wk, c.admin1, xy), {}).setdefault(iid, []).append(k)
        key = place_key(c)
        if key.startswith("name:"):
            self._named.setdefault(key, []).append(entry)
        day = _day_of_year(c)
        if day is not None:
            (self._days_named if wk is None else self._days_dated).setdefault(day, []).append(entry)

    def _weeks_for(self, c: Claim, stored_tp: int) -> range:
        o = c.event_date.toordinal()  # type: ignore[union-attr]
        lim = self.rules.date_limit(c.time_precision, stored_tp)
        return range((o - lim) // 7, (o + lim) // 7 + 1)

    def _candidates(self, c: Claim) -> Iterator[tuple[str, Iterable[int]]]:
        """(incident id, indices of its claims) of the indexed claims that may link with ``c``;
        an incident may come more than once (from several cells or weeks)."""
        xy = _has_xy(c)
        around = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 0), (0, 1), (1, -1), (1, 0), (1, 1))
        key = place_key(c)
        if key.startswith("name:"):   # a village the gazetteer does not know: the reports naming it
            for iid, k in self._named.get(key, ())[-UNDATED_SCAN:]:
                yield iid, (k,)
        day = _day_of_year(c)
        if day is not None:   # reports naming the same day of the year (+-1): undated ones, and for
            # an undated report the day-precise ones
            for d in ((day - 1) % 365, day, (day + 1) % 365):
                for iid, k in self._days_named.get(d, ())[-UNDATED_SCAN:]:
                    yield iid, (k,)
                if c.event_date is None:
                    for iid, k in self._days_dated.get(d, ())[-UNDATED_SCAN:]:
                        yield iid, (k,)
        if c.event_date is None:   # undated: the same place (the town limit), the latest reports there
            if xy:
                fx, fy = self._cellof(c, self._fine)
                for dx, dy in around:
                    for iid, k in self._all_cells.get((fx + dx, fy + dy), ())[-UNDATED_SCAN:]:
                        yield iid, (k,)
            return
        if xy:
            cx, cy = self._cellof(c, self._coarse)
            fx, fy = self._cellof(c, self._fine)
            for dx, dy in around:
                for iid, k in self._undated_cells.get((fx + dx, fy + dy), ())[-UNDATED_SCAN:]:
                    yield iid, (k,)
            fine, dated = self._fine_cells, self._dated_cells
            town = c.geo_precision == 1
            for tp in self._tps:
                for w in self._weeks_for(c, tp):
                    for dx, dy in around:
                        hit = (fine.get((tp, w, fx + dx, fy + dy)) if town   # town meets town: fine limit
                               else dated.get((tp, 1, w, cx + dx, cy + dy)))
                        if hit:
                            yield from hit.items()
                        hit = dated.get((tp, 2, w, cx + dx, cy + dy))
                        if hit:
                            yield from hit.items()
        if c.admin1:
            for tp in self._tps:
                for w in self._weeks_for(c, tp):
                    hit = self._admin.get((tp, w, c.admin1, False))   # regional claims
                    if hit:
                        yield from hit.items()
                    if not xy:
                        hit = self._admin.get((tp, w, c.admin1, True))  # a region meets its towns
                        if hit:
                            yield from hit.items()

    # ------------------------------------------------------------------ API
    def load(self, incidents: Iterable[Incident]) -> None:
        """Index stored incidents (they are not marked changed)."""
        for inc in incidents:
            self._inc[inc.id] = inc
            for k, c in enumerate(inc.claims):
                self._index(inc.id, k, c)
            for ln in inc.links:
                self._members[ln.event_id] = inc.id
            for c in inc.claims:
                self._members[c.event_id] = inc.id

    def _bound(self, c: Claim, o: Claim, cxy: bool, cord: int | None, cday: int | None = None) -> float | None:
        """A cheap look before :func:`compare` (which explains itself and is slower): None when
        the pair cannot link, else a lower bound of compare's score.  It never rules out a pair
        compare would link (distances are underestimated, never over)."""
        rules = self.rules
        bound = 0.0
        if cord is not None and o.event_date is not None:
            lim = rules.date_limit(c.time_precision, o.time_precision)
            gap = abs(cord - o.event_date.toordinal())
            if gap > lim:
                return None
            bound += gap / (lim + 1)
        elif cday is None or _day_of_year(o) is None:
            bound += 0.5   # compare's cost of an undated pair (a pair naming days costs its gap / 2)
        if cxy and _has_xy(o):
            if not same_place(c, o):
                limit = rules.distance_limit(c.geo_precision or 3, o.geo_precision or 3)
                if limit:
                    dy = (c.latitude - o.latitude) * 111.1  # type: ignore[operator]
                    dx = (c.longitude - o.longitude) * 111.1 * self._coslat  # type: ignore[operator]
                    d2 = dx * dx + dy * dy
                    if d2 > (limit * 1.02 + 0.05) ** 2:
                        return None
                    bound += max(0.0, math.sqrt(d2) - 0.05) / (limit * 1.02)
        key = (c.sub_event_type, o.sub_event_type)
        cost = self._types.get(key)
        if cost is None:
            cost = self._types[key] = _TYPE_COST.get(_type_rule(c, o, rules), -1.0)
        if cost < 0:
            return None
        return bound + cost

    def best_match(self, c: Claim) -> LinkReason | None:
        """The closest linkable claim of the indexed incidents, or None."""
        best: LinkReason | None = None
        best_key: tuple[float, str] | None = None
        seen: set[tuple[str, int]] = set()
        # incident id -> False: the claim cannot join it; _WINDOW_FITS: it passed the cheap part of
        # incident_fit; True: it passed all of it
        fit: dict[str, object] = {}
        cxy = _has_xy(c)
        cord = c.event_date.toordinal() if c.event_date is not None else None
        cday = _day_of_year(c)
        if cxy:  # the cosine at the pole-ward edge of the search: never larger than the pair's
            self._coslat = math.cos(math.radians(min(89.9, abs(c.latitude) + 0.2)))  # type: ignore[arg-type]
        # the result is the minimum (score, incident id) over the linkable pairs, whatever the
        # order the candidates come in
        for iid, ks in self._candidates(c):
            ok = fit.get(iid)
            if ok is False:
                continue   # the claim cannot join this incident: none of its reports can link
            inc = self._inc[iid]
            if ok is None:
                if not self._window_fits(c, inc, cxy):
                    fit[iid] = False
                    continue
                fit[iid] = ok = _WINDOW_FITS
            for k in ks:
                entry = (iid, k)
                if entry in seen:
                    continue
                seen.add(entry)
                other = inc.claims[k]
                if other.event_id == c.event_id:
                    continue
                lb = self._bound(c, other, cxy, cord, cday)
                if lb is None or (best_key is not None and (lb - 1e-9, iid) > best_key):
                    continue   # cannot link, or cannot beat the best so far
                r = compare(c, other, self.rules)
                if not r.linked or (best_key is not None and (r.score, iid) >= best_key):
                    continue
                if ok is _WINDOW_FITS:
                    ok = fit[iid] = self._fits(c, inc)
                    if not ok:
                        break
                best, best_key = r, (r.score, iid)
        return best

    def _window_fits(self, c: Claim, inc: Incident, cxy: bool) -> bool:
        """The first, cheap part of :func:`incident_fit`: False when the claim's date is outside
        the incident's window or its point beyond the distance limit of the incident's anchor
        (then incident_fit is not "" either)."""
        if c.event_date is not None and inc.event_date is not None:
            end = inc.date_end or inc.event_date
            gap = max(abs((c.event_date - inc.event_date).days), abs((c.event_date - end).days))
            if gap > self.rules.date_limit(c.time_precision, inc.time_precision):
                return False
        if cxy:
            anchor = next((x for x in inc.claims if _has_xy(x)), None)
            if anchor is not None:
                limit = self.rules.distance_limit(c.geo_precision or 3, anchor.geo_precision or 3)
                if limit is not None and haversine_km(c.latitude, c.longitude, anchor.latitude,
                                                      anchor.longitude) > limit:  # type: ignore[arg-type]
                    return False
        return True

    @property
    def incidents(self) -> dict[str, Incident]:
        """Every incident, complete (the summary fields of grown incidents are computed here,
        once, rather than at every report that joins)."""
        if self._dirty:
            for iid in self._dirty:
                inc = self._inc[iid]
                self._inc[iid] = build_incident(iid, inc.claims, inc.links, self.rules, inc.contradictions)
            self._dirty.clear()
        return self._inc

    def _fits(self, c: Claim, inc: Incident) -> bool:
        """A claim joins an incident only if it also agrees with the incident as a whole: its date
        with the incident's dates, its place with the incident's place.  Without this check a
        chain of vague reports (a governorate, no date) would join reports far apart."""
        return incident_fit(c, inc, self.rules) == ""

    def add(self, e: Event, article: Article | None = None) -> str:
        """Link one event; returns the id of the incident it is in (new or existing)."""
        if e.id in self._members:
            return self._members[e.id]
        c = claim_of(e, article, self.resources)
        return self.add_claim(c)

    def add_claim(self, c: Claim) -> str:
        r = self.best_match(c)
        if r is None:
            iid = "I" + c.event_id
            link = LinkReason(event_id=c.event_id, article_id=c.article_id, why="opened the incident")
            inc = build_incident(iid, (c,), (link,), self.rules)
            self._inc[iid] = inc
            self._index(iid, 0, c)
        else:
            iid = self._members[r.linked_to]
            inc = self._inc[iid]
            claims = list(inc.claims)
            dup = next((k for k, o in enumerate(claims) if o.article_id == c.article_id
                        and o.claimant.casefold() == c.claimant.casefold()
                        and (c.fatalities is None or o.fatalities is None or o.fatalities == c.fatalities)), None)
            contra: tuple[Contradiction, ...] | None = inc.contradictions
            if dup is not None:
                # one article repeating one source: one claim (completed with the figure it lacked)
                if claims[dup].fatalities is None and c.fatalities is not None:
                    claims[dup] = replace(claims[dup], fatalities=c.fatalities, injured=c.injured,
                                          civilian_fatalities=c.civilian_fatalities,
                                          child_fatalities=c.child_fatalities, women_fatalities=c.women_fatalities)
                    contra = None   # a figure changed: recomputed
                r = replace(r, why=r.why + "; merged into the claim of the same article and claimant")
            else:
                tracker = self._trackers.get(iid)
                if tracker is None:
                    tracker = self._trackers[iid] = ContradictionTracker(self.rules, inc.claims, inc.contradictions)
                claims.append(c)
                self._index(iid, len(claims) - 1, c)
                contra = inc.contradictions + tuple(tracker.add(c))
            if contra is None:
                tracker = self._trackers[iid] = ContradictionTracker(self.rules, claims)
                contra = tuple(tracker.known)
            self._inc[iid] = _grown(inc, tuple(claims), inc.links + (r,), contra, c)
            self._dirty.add(iid)
        self._members[c.event_id] = iid
        self.changed.add(iid)
        return iid

    def incident_of(self, event_id: str) -> str | None:
        return self._members.get(event_id)


def _order(item: tuple[Event, Article | None]) -> tuple:
    e, a = item
    return (e.event_date is None, e.event_date or 0, e.time_precision,
            (a.published if a is not None and a.published else None) is None, e.article_id, e.id)


def link_events(events: Iterable[Event], articles: dict[str, Article] | None = None,
                rules: LinkRules | None = None, resources=None, linker: Linker | None = None) -> Linker:
    """Link ``events`` (in date order, undated last) into a (new or given) :class:`Linker`."""
    lk = linker or Linker(rules, resources)
    arts = articles or {}
    items = sorted(((e, arts.get(e.article_id)) for e in events), key=_order)
    for e, a in items:
        lk.add(e, a)
    return lk
