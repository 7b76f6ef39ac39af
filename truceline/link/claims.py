"""Claims and what an incident's claims say together: figures, independent sources, agreement,
contradictions (docs/linking.md).

- :func:`claim_of` turns one event (and its article) into a :class:`~truceline.model.Claim`,
  with the alignment of its claimant (when the claimant is a known outlet or reporting body,
  e.g. a monitor quoted by a newspaper) or else of its outlet, from ``outlets.yaml``.
- :func:`source_groups` puts claims that share an outlet or a claimant into one group: a
  group is one independent source (two articles of one outlet, or two outlets quoting one
  monitor, are not independent).
- :func:`summarize` computes low / best / high from the independent figures, ACLED's
  conservative figure, the number of independent sources, whether sources of opposite
  alignment agree, and every contradiction.
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from functools import lru_cache

from truceline.model import Article, Claim, Contradiction, Event
from truceline.textutil import find_dates

from .rules import LinkRules

__all__ = ["claim_of", "day_named", "source_key", "source_groups", "summarize", "contradictions",
           "contradictions_of_last", "independent_figures", "ContradictionTracker"]


def _alignment(resources, name: str) -> str:
    if not name or resources is None:
        return ""
    o = resources.outlet_by_name(name)
    return o.alignment if o is not None else ""


# The day an undated report's text names (the texts of a feed without publication dates say
# "today, Tuesday" or "on 18 August" with no year): the weekday and the day of the year, for
# linking reports of one day and keeping apart those of other days.  A report takes what its
# own sentence names, else, in the lead (headline and first lines), what the lead names first,
# else what is named at most LEAD_CHARS before its sentence.
LEAD_CHARS = 600
ANCHORED_ONLY = True
_ANY_MONDAY = dt.date(2000, 1, 10)   # weekdays and yearless days are resolved against any reference


@lru_cache(maxsize=512)
def _days_named(text: str, lang: str) -> tuple[tuple[int, int | None, str, bool], ...]:
    """(offset, weekday, month-day "MM-DD", anchored) of every weekday name ("Tuesday night",
    "مساء أمس السبت") and every day written without a year ("18 August", "18 آب") in ``text``;
    a day is *anchored* when it follows "today" or a weekday ("اليوم الخميس 2 أيلول"): the day
    of the report, not one recalled or in a caption."""
    out = []
    prev_end = -10
    for d in find_dates(text, 0, len(text), lang or "en", _ANY_MONDAY):
        if d.date is None:
            continue
        if d.kind == "weekday":
            out.append((d.start, d.date.weekday(), "", False))
        elif d.kind == "absolute" and d.precision == 1 and d.year_inferred and d.calendar == "gregorian":
            anchored = 0 <= d.start - prev_end <= 3
            out.append((d.start, None, f"{d.date.month:02d}-{d.date.day:02d}", anchored))
        if d.kind in ("weekday", "relative"):
            prev_end = d.end
    return tuple(out)


def _pick(named, anchored_only: bool = False) -> tuple[int | None, str, int | None]:
    wd = next((x for x in named if x[1] is not None), None)
    mds = [x for x in named if x[2]]
    md = next((x for x in mds if x[3]), None) or (None if anchored_only else next(iter(mds), None))
    at = min((x[0] for x in (wd, md) if x is not None), default=None)
    return (wd[1] if wd else None), (md[2] if md else ""), at


def day_named(e: Event, article: Article | None = None) -> tuple[int | None, str, int | None]:
    """(weekday, "MM-DD", offset in the article) an undated event's text names for its day;
    (None, "", None) for a day-precise event or when nothing is named.  Without the article's
    text only the event's own sentence is read."""
    if e.event_date is not None and e.time_precision == 1:
        return None, "", None
    s = e.sentence
    lang = (article.language if article is not None else "") or \
        ("ar" if any("\u0600" <= ch <= "\u06ff" for ch in s.text[:80]) else "en")
    if s.text:
        own = _days_named(s.text, lang)
        if own:
            wd, md, at = _pick(own)
            return wd, md, (s.start + at) if at is not None else None
    text = article.text if article is not None else ""
    if not text or s.start is None:
        return None, "", None
    if s.start < LEAD_CHARS:
        lead = _days_named(text[:LEAD_CHARS + 200], lang)
        if lead:
            return _pick(lead, ANCHORED_ONLY)
    lo = max(0, s.start - LEAD_CHARS)
    wd, md, at = _pick(_days_named(text[lo:s.start], lang), ANCHORED_ONLY)
    return wd, md, (lo + at) if at is not None else None


def claim_of(e: Event, article: Article | None = None, resources=None) -> Claim:
    """The claim one event makes (``resources``: the dictionaries, for outlet alignments)."""
    outlet = e.outlet or (article.outlet if article is not None else "")
    # the outlet of the article's URL (a cheap host look-up), once
    by_url = resources.outlet_for_url(article.url) \
        if article is not None and article.url and resources is not None else None
    if not outlet and by_url is not None:
        outlet = by_url.name
    claimant = e.claimant or outlet
    out_al = _alignment(resources, outlet)
    if not out_al and by_url is not None:
        out_al = by_url.alignment
    al = _alignment(resources, claimant) or out_al
    p = e.place
    wd, md, day_at = day_named(e, article)
    return Claim(
        event_id=e.id, article_id=e.article_id, claimant=claimant, outlet=outlet, alignment=al,
        outlet_alignment=out_al, published=article.published if article is not None else None,
        language=article.language if article is not None else "",
        event_type=e.event_type, sub_event_type=e.sub_event_type, event_date=e.event_date,
        time_precision=e.time_precision,
        location=p.name if p else "", latitude=p.latitude if p else None, longitude=p.longitude if p else None,
        admin1=p.admin1 if p else "", geo_precision=p.geo_precision if p else None,
        gazetteer_id=p.gazetteer_id if p else "",
        actor1=e.actor1.name if e.actor1 else "", actor1_side=e.actor1.side if e.actor1 else "",
        actor2=e.actor2.name if e.actor2 else "", actor2_side=e.actor2.side if e.actor2 else "",
        actor1_inter=(e.actor1.inter or None) if e.actor1 else None,
        actor2_inter=(e.actor2.inter or None) if e.actor2 else None,
        fatalities=e.fatalities, injured=e.injured, civilian_fatalities=e.civilian_fatalities,
        child_fatalities=e.child_fatalities, women_fatalities=e.women_fatalities, stance=e.stance,
        evidence=e.sentence.text, evidence_start=e.sentence.start, evidence_end=e.sentence.end,
        headline=(article.title or article.segment) if article is not None else "",
        weekday=wd, month_day=md, day_start=day_at)


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def source_key(c: Claim) -> str:
    """Who a claim comes from: its claimant, else its outlet, else its article."""
    return _key(c.claimant) or _key(c.outlet) or f"article:{c.article_id}"


def source_groups(claims: Sequence[Claim]) -> list[list[int]]:
    """Indices of claims grouped into independent sources: claims sharing an outlet or a
    claimant (or an article) are one source (union-find, groups in first-seen order)."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[str, int] = {}
    for i, c in enumerate(claims):
        for k in {source_key(c), f"outlet:{_key(c.outlet)}" if c.outlet else "", f"article:{c.article_id}"} - {""}:
            j = seen.setdefault(k, i)
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(claims)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def independent_figures(claims: Sequence[Claim], groups: list[list[int]] | None = None) -> list[int]:
    """The death tolls the asserting claims give, one per (source, figure): a source that
    repeats its figure counts once; a source giving two different figures gives both."""
    out: list[int] = []
    for g in groups if groups is not None else source_groups(claims):
        vals = sorted({claims[i].fatalities for i in g
                       if claims[i].stance == "asserts" and claims[i].fatalities is not None})
        out.extend(vals)
    return out


def _camp(rules: LinkRules, side: str) -> str:
    return rules.side_camp.get(side, "")


def _disagreement_kinds(a: Claim, b: Claim, rules: LinkRules) -> list[str]:
    """The kinds of every way claims ``a`` and ``b`` disagree (stance, fatalities, perpetrator,
    place, date); :func:`_detail` explains one."""
    found: list[str] = []
    if a.stance != b.stance:
        found.append("stance")
    if a.stance == b.stance == "asserts":
        if a.fatalities is not None and b.fatalities is not None and \
                rules.tolls_disagree(a.fatalities, b.fatalities):
            found.append("fatalities")
        if a.actor1_side and b.actor1_side and a.actor1_side != b.actor1_side and \
                _camp(rules, a.actor1_side) and _camp(rules, b.actor1_side):
            found.append("perpetrator")
    if a.geo_precision == 1 and b.geo_precision == 1 and a.gazetteer_id and b.gazetteer_id \
            and a.gazetteer_id != b.gazetteer_id and a.location != b.location:
        found.append("place")
    if a.time_precision == 1 and b.time_precision == 1 and a.event_date and b.event_date \
            and a.event_date != b.event_date:
        found.append("date")
    return found


def _detail(kind: str, a: Claim, b: Claim, rules: LinkRules) -> str:
    """How claims ``a`` and ``b`` disagree in ``kind`` (one of :func:`_disagreement_kinds`)."""
    if kind == "stance":
        den, ass = (a, b) if a.stance == "denied" else (b, a)
        return (f"{den.claimant or den.outlet or 'a source'} denies what "
                f"{ass.claimant or ass.outlet or 'another source'} asserts")
    if kind == "fatalities":
        return (f"{a.fatalities} killed ({a.claimant or a.outlet}) vs "
                f"{b.fatalities} killed ({b.claimant or b.outlet})")
    if kind == "perpetrator":
        same = _camp(rules, a.actor1_side) == _camp(rules, b.actor1_side)
        return (f"{a.actor1} ({a.claimant or a.outlet}) vs {b.actor1} "
                f"({b.claimant or b.outlet})" + ("" if same else "; opposite camps"))
    if kind == "place":
        return f"{a.location} vs {b.location}"
    return f"{a.event_date.isoformat()} vs {b.event_date.isoformat()}"  # type: ignore[union-attr]


def _disagreements(a: Claim, b: Claim, rules: LinkRules) -> list[tuple[str, str]]:
    """(kind, detail) of every way claims ``a`` and ``b`` disagree."""
    return [(kind, _detail(kind, a, b, rules)) for kind in _disagreement_kinds(a, b, rules)]


def _contra_signature(c: Claim) -> tuple:
    """What :func:`_disagreement_kinds` reads of the earlier claim of a pair, with its source: two
    earlier claims with one signature disagree with any new claim in the same ways, so only the
    first of them can add a contradiction."""
    return (source_key(c), c.stance, c.fatalities, c.actor1_side, c.geo_precision, c.gazetteer_id, c.location,
            c.time_precision, c.event_date)


class ContradictionTracker:
    """The contradictions of an incident's claims, kept up to date claim by claim: each new
    claim is compared with the first earlier claim of every distinct signature (see
    :func:`_contra_signature`), so a claim costs O(distinct earlier claims), not O(all claims),
    and the result is the same as comparing with every earlier claim in order."""

    __slots__ = ("rules", "known", "_reps", "_keys", "_seen")

    def __init__(self, rules: LinkRules, claims: Sequence[Claim] = (),
                 known: Sequence[Contradiction] | None = None) -> None:
        self.rules = rules
        self.known: list[Contradiction] = []
        self._reps: dict[tuple, Claim] = {}
        self._keys: dict[str, str] = {}
        self._seen: set[tuple] = set()
        if known is None:
            for c in claims:
                self.add(c)
        else:
            for c in claims:
                self._remember(c)
            self.known = list(known)
            for x in known:
                self._seen.add(self._pair_key(x))

    def _pair_key(self, x: Contradiction) -> tuple:
        ka, kb = self._keys.get(x.event_a, x.event_a), self._keys.get(x.event_b, x.event_b)
        return (x.kind, *sorted((ka, kb)))

    def _remember(self, c: Claim) -> None:
        self._keys[c.event_id] = source_key(c)
        self._reps.setdefault(_contra_signature(c), c)

    def add(self, b: Claim) -> list[Contradiction]:
        """Add claim ``b``; returns the contradictions it adds: for each kind, against the first
        earlier claim of another source it disagrees with, unless that pair of sources already
        has one of that kind."""
        kb = source_key(b)
        done: set[str] = set()
        out: list[Contradiction] = []
        for a in self._reps.values():
            ka = self._keys[a.event_id]
            if ka == kb:
                continue
            pair = (ka, kb) if ka < kb else (kb, ka)
            for kind in _disagreement_kinds(a, b, self.rules):
                k = (kind, *pair)
                if kind in done or k in self._seen:
                    continue
                done.add(kind)
                self._seen.add(k)
                out.append(Contradiction(kind=kind, event_a=a.event_id, event_b=b.event_id,
                                         detail=_detail(kind, a, b, self.rules)))
            if len(done) == 5:
                break
        self._remember(b)
        self.known.extend(out)
        return out


def contradictions_of_last(claims: Sequence[Claim], known: Sequence[Contradiction],
                           rules: LinkRules) -> list[Contradiction]:
    """The contradictions the last claim of ``claims`` adds to ``known`` (those of the others):
    for each kind, against the first earlier claim of another source it disagrees with, unless
    that pair of sources already has one of that kind.  A linker keeps a
    :class:`ContradictionTracker` per incident instead of calling this for every claim."""
    if len(claims) < 2:
        return []
    return ContradictionTracker(rules, claims[:-1], known).add(claims[-1])


def contradictions(claims: Sequence[Claim], rules: LinkRules) -> list[Contradiction]:
    """The contradictions of an incident's claims, taken in order: each claim's disagreement
    with the first earlier claim of another source, one record per kind and pair of sources."""
    return ContradictionTracker(rules, claims).known


def opposite_alignments(claims: Sequence[Claim], contra: Iterable[Contradiction], rules: LinkRules) -> str:
    """"" when no two claims come from opposite alignment camps; else "agree" when no
    contradiction joins two such claims, "disagree" when one does."""
    # a claim's camp: its claimant's, or when the claimant is neutral or unknown (a monitor quoted
    # by a partisan outlet) that of the outlet that chose to publish it
    camp = {c.event_id: rules.alignment_camp.get(c.alignment, "") or rules.alignment_camp.get(c.outlet_alignment, "")
            for c in claims}
    camps = {v for v in camp.values() if v}
    if len(camps) < 2:
        return ""
    for x in contra:
        ca, cb = camp.get(x.event_a, ""), camp.get(x.event_b, "")
        if ca and cb and ca != cb:
            return "disagree"
    return "agree"


def summarize(claims: Sequence[Claim], rules: LinkRules, contra: Sequence[Contradiction] | None = None) -> dict:
    """The incident-level fields the claims give (see :class:`~truceline.model.Incident`);
    ``contra``: their contradictions when already known (the linker adds them claim by claim)."""
    groups = source_groups(claims)
    figs = independent_figures(claims, groups)
    if contra is None:
        contra = contradictions(claims, rules) if len(claims) > 1 else []
    by_side: dict[str, list[int]] = {}
    for c in claims:
        if c.stance == "asserts" and c.fatalities is not None and c.actor2_side and \
                c.actor2_side not in ("UNKNOWN", "OTHER"):
            by_side.setdefault(c.actor2_side, []).append(c.fatalities)
    return {
        "fatalities_low": min(figs) if figs else None,
        "fatalities_best": int(statistics.median_low(figs)) if figs else None,
        "fatalities_high": max(figs) if figs else None,
        "fatalities_acled": min(figs) if figs else 0,
        "deaths_by_side": tuple((s, int(statistics.median_low(v))) for s, v in sorted(by_side.items())),
        "n_claims": len(claims),
        "n_sources": len(groups),
        "opposite_alignments": opposite_alignments(claims, contra, rules),
        "contradictions": tuple(contra),
    }
