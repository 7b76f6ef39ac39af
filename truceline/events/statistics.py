"""Statistic records: what a sentence counts and over which period (see docs/statistics.md).

``EventBuilder._clause`` decides whether a sentence is an aggregate; the helpers here read, from
the sentence's mentions and the ``lexicon.yaml -> statistic`` cues, the counts a statistic states
(breaches, repeated attacks, counted attacks or munitions) and its period.  Pure functions: mentions
in, values out, no I/O.  Vocabulary lives in the lexicon; the ACLED sub-type of a trigger names what
"shelled four times" counts.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import textutil
from ..extract import Sentence
from ..model import Mention
from ..resources import STAT_PERIOD_CATEGORIES
from .casualties import _WAR_SCALE
from .common import _lex_entry

#: the note of an event whose attacks or toll a statistic of the same sentence also counts ("shelled X
#: four times over the past 24 hours", "killed 12 in X during the past 24 hours")
STAT_NOTE = "also counted in statistic "
#: what a count of munitions counts (``s_counted_munitions_*``): one attack's intensity, its event stays
MUNITIONS = frozenset({"munitions"})
#: a statistic of at most this many days beside the events at the places its sentence names
SHORT_DAYS = 2

#: statistic cue categories that state a period ("during June", "since the ceasefire took effect", ...)
PERIOD_CATEGORIES = STAT_PERIOD_CATEGORIES

# what a count of repeated attacks counts, by the ACLED sub-type of the attack's trigger
_COUNTED_BY_SUB = {
    "Shelling/artillery/missile attack": "shellings",
    "Air/drone strike": "air strikes",
    "Remote explosive/landmine/IED": "explosions",
    "Suicide bomb": "explosions",
    "Grenade": "explosions",
    "Armed clash": "attacks",
    "Attack": "attacks",
    "*attack": "attacks",
}
# at most this many characters between a count and the noun it counts ("11 Russian air raids")
_COUNT_GAP = 25
_GAP_PUNCT = re.compile(r"[.,;:،؛()]")
# what may stand between a count and the noun it counts: up to two modifiers ("11 Russian air raids",
# "400 artillery shells", "12 غارة جوية"), no verb, victim or preposition
_COUNT_WORDS = re.compile(r"^\s*(?:(?!(?:of|in|by|were|was|have|has|had|killed|wounded|injured|people|civilians|"
                          r"من|في|قتل|جرح)\b)[^\W\d]+\s+){0,2}$", re.I)
_VAGUE_NUMBER = re.compile(r"dozens|scores|hundreds|thousands|tens\b|several|عشرات|مئات|آلاف|الاف", re.I)
# a toll or displacement this high is a war's or a campaign's total, never one incident's (the casualty
# reader's own war scale)
WAR_TOTAL = _WAR_SCALE
# a count this high is a tally even without a period ("shelled the area with more than 400 shells")
_TALLY = 10


@dataclass(frozen=True, slots=True)
class Counts:
    """The counts of one sentence: breaches (before a breach cue), and one other count with what it counts."""

    breaches: int | None = None
    breaches_m: Mention | None = None
    count: int | None = None
    count_m: Mention | None = None
    counted: str = ""
    repeated: bool = False          # a count of repeated attacks ("four times", "12 shellings")
    counted_cue: Mention | None = None


def short(st) -> bool:
    """The statistic covers at most ``SHORT_DAYS`` (or no stated period): the events of its sentence stay."""
    d0, d1 = st.period_start, st.period_end
    return not (d0 and d1 and (d1 - d0).days > SHORT_DAYS) and not (d0 is None and d1 is not None)


def war_total(figures) -> bool:
    """Deaths or injured of ``WAR_TOTAL`` or more ("more than 280,000 people have been killed"), or a
    displacement that large ("more than a million displaced"): a war's or a campaign's total."""
    return any(v is not None and v >= WAR_TOTAL for v in (figures.fatal, figures.injured, figures.displaced))


def counted_label(entry_id: str) -> str:
    """``s_counted_air_strikes_en`` -> ``air strikes``: the lexicon entry names what it counts."""
    core = entry_id[len("s_counted_"):] if entry_id.startswith("s_counted_") else entry_id
    core = re.sub(r"_(?:en|ar)$", "", core)
    return core.replace("_", " ")


def _number_before(text: str, nums: list[Mention], c: Mention, gap: int = _COUNT_GAP) -> Mention | None:
    """The number right before cue ``c`` (within ``gap`` characters, no punctuation between)."""
    best = None
    for n in nums:
        if 0 <= c.start - n.end <= gap and not _GAP_PUNCT.search(text[n.end:c.start]):
            if best is None or n.end > best.end:
                best = n
    return best


def counts(res, text: str, s: Sentence, cues: list[Mention], triggers: list[Mention],
           periodic: bool) -> Counts:
    """Breaches, and a count of repeated attacks: "N times" after an attack trigger, "N shellings",
    "more than 15 raids", "400 shells" (a counted noun needs a period in the sentence or a tally of
    ``_TALLY`` or more, so "two rockets hit X" and "at least two Grad rockets" are no count)."""
    nums = [m for m in s.mentions if m.kind == "number" and isinstance(m.value, int)]
    breaches = breaches_m = None
    count = count_m = cue_m = None
    counted = ""
    repeated = False
    for c in cues:
        e = _lex_entry(res, c)
        cat = e.category if e is not None else ""
        if cat == "breach" and breaches is None:
            n = _number_before(text, nums, c)
            if n is not None:
                breaches, breaches_m = n.value, n
        elif cat == "repeat" and not repeated:
            n = _number_before(text, nums, c, gap=2) if not e.value else None
            value = n.value if n is not None else e.value
            # "four times" after an attack in the same clause: "... had three times shelled", "shelled X four times"
            trig = _nearest_trigger(text, c, triggers)
            if value and value >= 2 and trig is not None:
                count, count_m, cue_m, repeated = value, n or c, c, True
                counted = _COUNTED_BY_SUB.get(trig.label, "attacks")
        elif cat == "counted" and not repeated:
            n = _number_before(text, nums, c)
            if n is None or n.value < 2 or _VAGUE_NUMBER.search(n.surface) \
                    or not _COUNT_WORDS.match(text[n.end:c.start]):
                continue  # "dozens of shells", "53 citizens were killed in air strikes": not a count of them
            if periodic or n.value >= _TALLY:
                count, count_m, cue_m, repeated = n.value, n, c, True
                counted = counted_label(c.entry)
    return Counts(breaches=breaches, breaches_m=breaches_m, count=count, count_m=count_m, counted=counted,
                  repeated=repeated, counted_cue=cue_m)


_CLAUSE_END = re.compile(r"[.;:؛]|\b(?:while|whereas|but)\b|بينما|فيما")


def _nearest_trigger(text: str, c: Mention, triggers: list[Mention]) -> Mention | None:
    """The attack trigger a repetition count belongs to: the nearest one in the same clause."""
    best, dist = None, 10 ** 9
    for t in triggers:
        a, b = (t.end, c.start) if t.end <= c.start else (c.end, t.start)
        if b - a > 80 or _CLAUSE_END.search(text[a:b]):
            continue
        if b - a < dist:
            best, dist = t, b - a
    return best


def _span_precision(d0: dt.date | None, d1: dt.date | None, floor: int = 1) -> int:
    """ACLED time_precision of a period: 1 a day (a 24-hour window spans two dates), 2 up to a week,
    3 longer or open."""
    if d0 is None:
        return 3
    if d1 is None:
        return max(floor, 1)
    days = (d1 - d0).days
    return max(floor, 1 if days <= 1 else 2 if days <= 7 else 3)


def period(res, text: str, s: Sentence, cues: list[Mention], ref: dt.date | None, pub_prec: int
           ) -> tuple[dt.date | None, dt.date | None, int, Mention | None] | None:
    """The period a statistic covers, from its cues and date phrases; ``ref`` is the report's day (a
    day the sentence names, else the publication date).  None when no rule applies (the caller then
    keeps the sentence's date as it is).  Returns (start, end, time_precision, evidence mention)."""
    dates = [m for m in s.of("date") if m.value is not None]
    floor = 2 if pub_prec == 2 else 1
    for c in cues:
        e = _lex_entry(res, c)
        cat = e.category if e is not None else ""
        if cat == "year_to_date" and ref is not None:
            d0 = dt.date(ref.year, 1, 1)
            return d0, ref, _span_precision(d0, ref, floor), c
        if cat == "month_to_date" and ref is not None:
            d0 = ref.replace(day=1)
            return d0, ref, _span_precision(d0, ref, floor), c
        if cat == "since":
            # the date phrase after the cue: "since the ceasefire took effect on March 6", "since January"
            after = [d for d in dates if 0 <= d.start - c.end <= 60]
            if after:
                d0 = after[0].value
                if ref is not None and d0 > ref:
                    continue
                return d0, ref, _span_precision(d0, ref, floor), after[0]
            return None, ref, 3, c
        if cat == "last_month" and ref is not None:
            d0, d1, _ = textutil.resolve_relative("last_month", ref)
            return d0, d1, 3, c
        if cat == "week_of":
            after = [d for d in dates if 0 <= d.start - c.end <= 3 and d.attr("kind") == "month"]
            if after and e.value:
                first = after[0].value
                last = after[0].attr("end_date") or first
                if e.value >= 5:
                    d1 = last
                    d0 = d1 - dt.timedelta(days=6)
                else:
                    d0 = first + dt.timedelta(days=7 * (e.value - 1))
                    d1 = min(d0 + dt.timedelta(days=6), last)
                return d0, d1, 2, c
        if cat == "past_days" and ref is not None and e.value:
            d0 = ref - dt.timedelta(days=e.value)
            return d0, ref, _span_precision(d0, ref, floor), c
    if not dates:
        # "in the last campaign", "so far", "to date": a period that ends with the report, its start unsaid
        c = next((c for c in cues if _lex_entry(res, c) is not None
                  and _lex_entry(res, c).category in PERIOD_CATEGORIES), None)
        if c is not None:
            return None, ref, 3, c
    for d in dates:
        if d.attr("kind") == "period" and d.attr("end_date") is not None:
            d0, d1 = d.value, d.attr("end_date")
            if ref is not None and d1 != ref:   # a window counted back from the day the text names
                shift = ref - d1
                d0, d1 = d0 + shift, ref
            if d0 == d1:
                d0 = d0 - dt.timedelta(days=1)  # "over the past 24 hours": the day before and the report's day
            return d0, d1, _span_precision(d0, d1, floor), d
    return None


def report_day(res, s: Sentence, cues: list[Mention], published: dt.date | None) -> dt.date | None:
    """The day a bulletin speaks from: a day the sentence names ("On June 23, the center said that
    over the past 24 hours ..."; not the day a "since" period opens), else the publication date."""
    since = [c for c in cues if (_lex_entry(res, c) is not None and _lex_entry(res, c).category == "since")]
    for d in s.of("date"):
        if any(0 <= d.start - c.end <= 60 for c in since):
            continue
        if d.value is not None and d.attr("kind") in ("absolute", "weekday", "relative") \
                and int(d.attr("precision", 1) or 1) == 1 and d.attr("end_date") is None:
            return d.value
    return published


# "... rose to 95", "... reached 95", "... إلى 95": the figure a cumulative toll ends on
_TO_FIGURE = re.compile(r"(?:\b(?:rose|risen|climbed|jumped|increased|reached|surpassed|exceeded|stands?\s+at|"
                        r"stood\s+at|to|at)|إلى|الى|بلغ|بلغت|لتبلغ|ليبلغ)\s*(?:about\s+|nearly\s+|more\s+than\s+|"
                        r"over\s+|at\s+least\s+|نحو\s+|أكثر\s+من\s+)?$", re.I)


def cumulative_figure(res, text: str, s: Sentence, cues: list[Mention]) -> tuple[str, Mention] | None:
    """A running total the casualty reader leaves out because the toll word and its figure stand far
    apart ("the total number of people killed since the ceasefire took effect on March 6 rose to 95"):
    the number after "rose to / reached" that follows a ``total`` cue, as deaths (or the injured when
    the sentence's only casualty word is an injury word)."""
    totals = [c for c in cues if _lex_entry(res, c) is not None and _lex_entry(res, c).category == "total"]
    if not totals:
        return None
    cats = {(_lex_entry(res, m).category if _lex_entry(res, m) is not None else "")
            for m in s.mentions if m.kind == "lex:casualty"}
    cats |= {"fatal" for m in s.mentions if m.kind == "trigger" and m.label == "*casualty"}
    field = "fatalities" if "fatal" in cats else "injured" if "injured" in cats else ""
    if not field:
        return None
    t0 = min(c.start for c in totals)
    dates = [d for d in s.of("date")]
    for n in s.mentions:
        if n.kind != "number" or n.start < t0 or not isinstance(n.value, int) \
                or any(d.start <= n.start < d.end for d in dates):
            continue
        if _TO_FIGURE.search(text, max(s.start, n.start - 30), n.start):
            return field, n
    return None


# a monitor's own counting verb next to its name: "وثق فريق منسقو استجابة سوريا", "the group documented"
_REPORT_GAP = 30


def reporter(res, text: str, s: Sentence, cues: list[Mention]) -> Mention | None:
    """The outlet or monitor that counted, when no claim cue names it: the outlet named right after a
    ``report`` cue (Arabic verb first: "رصد فريق ...", "وثق المرصد ...") or right before one
    ("Syria Civil Defence documented ...")."""
    reps = [c for c in cues if _lex_entry(res, c) is not None and _lex_entry(res, c).category == "report"]
    outs = [m for m in s.mentions if m.kind == "outlet"]
    for c in reps:
        for o in outs:
            if 0 <= o.start - c.end <= 3 or 0 <= c.start - o.end <= _REPORT_GAP and \
                    not _GAP_PUNCT.search(text[o.end:c.start]):
                return o
    return None
