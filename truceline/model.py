"""Typed records passed between the pipeline stages.

Every record is a frozen, slotted, keyword-only dataclass.  Stages build new records
(``dataclasses.replace``) instead of mutating old ones; new fields always arrive with
defaults so that stored rows and older code stay readable.

Offsets are character offsets into ``Article.text`` (end exclusive).  The one helper that
makes an :class:`Evidence` (:func:`evidence`) checks the span against the text and refuses
rather than guesses.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

# ACLED taxonomy: sub_event_type -> event_type (6 types, 25 sub-types)
ACLED_SUB_TO_TYPE: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
EVENT_TYPES = tuple(dict.fromkeys(ACLED_SUB_TO_TYPE.values()))
SUB_EVENT_TYPES = tuple(ACLED_SUB_TO_TYPE)

# ACLED disorder types by event type
DISORDER_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Where a value stands in an article: ``Article.text[start:end] == text``."""

    article_id: str
    start: int
    end: int
    text: str
    source: str  # the dictionary entry or rule that produced the value: "actors:hts", "rule:count.v1"


def evidence(article: "Article", start: int, end: int, source: str) -> Evidence:
    """Make an Evidence for ``article.text[start:end]``; raise ValueError on a bad span."""
    if not (0 <= start <= end <= len(article.text)):
        raise ValueError(f"E101 span {start}:{end} outside article {article.id} (len {len(article.text)})")
    return Evidence(article_id=article.id, start=start, end=end, text=article.text[start:end], source=source)


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news article (one sub-article of a page that holds several)."""

    id: str                      # stable: derived from the content and the input identity
    text: str
    title: str = ""
    url: str = ""
    outlet: str = ""
    byline: str = ""
    published: dt.date | None = None
    published_precision: str = "day"   # day | week | month | year | unknown
    language: str = ""                 # ISO 639-1 ("en", "ar")
    doc_id: str = ""                   # the input document this article came from (file name or id column)
    source: str = ""                   # path (or "-" for stdin) it was read from
    source_line: int | None = None     # line in a JSONL/CSV file, 1-based
    segment: str = ""                  # headline line of the sub-article in a multi-article page
    offset: int = 0                    # offset of ``text`` inside the original document text


@dataclass(frozen=True, slots=True, kw_only=True)
class Reject:
    """An input that could not be read: reported with file, line and field, then skipped."""

    source: str
    line: int | None
    field: str
    code: str        # short code from truceline.errors ("E201", ...)
    message: str

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line is not None else "")
        fld = f" [{self.field}]" if self.field else ""
        return f"{where}{fld}: {self.code} {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A span found in a sentence: trigger, actor, place, date, number, victim, claimant..."""

    kind: str          # trigger | actor | place | date | number | victim | claim | negation | agreement | ...
    start: int         # offsets into Article.text
    end: int
    surface: str
    entry: str = ""    # dictionary entry id or rule id ("triggers:airstrike_en", "rule:number.v1")
    label: str = ""    # e.g. the sub_event_type of a trigger, the canonical actor name
    value: Any = None  # parsed value (int for numbers, date for dates, ...)
    attrs: tuple[tuple[str, Any], ...] = ()  # extra read-only attributes

    def attr(self, name: str, default: Any = None) -> Any:
        for k, v in self.attrs:
            if k == name:
                return v
        return default


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A resolved (or unresolved) location."""

    name: str                       # gazetteer name (or the text as written when unresolved)
    surface: str = ""               # as written in the text
    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""                # ACLED spelling: Idleb, Hama, Aleppo, Lattakia, ...
    admin2: str = ""
    admin3: str = ""
    country: str = ""               # the theatre's country (resources/gazetteer/theatre.yaml) when resolved
    iso: int = 0                    # ISO 3166-1 numeric code of ``country``
    geo_precision: int = 1          # ACLED: 1 town, 2 near/part of, 3 region
    gazetteer_id: str = ""          # "geonames:163345", "user:...", "" when unresolved
    feature_code: str = ""
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A canonical actor as resolved from the dictionaries."""

    id: str                 # dictionary entry id ("syria_gov")
    name: str               # ACLED-style name ("Military Forces of Syria (2000-)")
    inter: int = 0          # ACLED inter code
    side: str = ""          # coarse side (SYRIA_GOV, RUSSIA, OPPOSITION, ...)
    surface: str = ""
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One reported event in one article (ACLED unit: one per place)."""

    kind: str = "event"
    id: str                          # stable id derived from article id and evidence
    article_id: str
    event_type: str
    sub_event_type: str
    event_date: dt.date | None = None
    time_precision: int = 1
    actor1: Actor | None = None
    assoc_actor_1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_2: Actor | None = None
    place: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    civilian_fatalities: int | None = None
    child_fatalities: int | None = None
    women_fatalities: int | None = None
    displaced: int | None = None
    claimant: str = ""
    outlet: str = ""
    stance: str = "asserts"          # asserts | denied
    civilian_targeting: bool = False
    sentence: Evidence               # the evidence sentence (exact substring of the article)
    spans: tuple[tuple[str, Evidence], ...] = ()   # field name -> evidence of its value
    rule: str = ""                   # the rule that built the event
    notes: str = ""
    # the id of the event of the same article whose toll already counts this report's deaths, or
    # RECALLED_NOTE for an earlier incident the article recalls ('' when its figures are its own)
    counted_in: str = ""
    agreement: str = ""              # id of the ceasefire agreement its sentence names ("" none; span "agreement")


# the note of a report whose deaths another event of the same article already counts (builder._count_once)
COUNTED_NOTE = "figures counted in "


# the note of an earlier incident the article recalls ("a similar bombing on July 25 killed seven")
RECALLED_NOTE = "recalled incident"


def counted_in(e: Event) -> str:
    """The id of the event of the same article whose toll already counts this report's deaths ('' if none;
    ``RECALLED_NOTE`` for an earlier incident the article recalls, whose deaths are not its news).
    Records stored before the typed field existed keep the link in their notes only."""
    if e.counted_in:
        return e.counted_in
    for x in e.notes.split("; "):
        if x == RECALLED_NOTE:
            return x
        if x.startswith(COUNTED_NOTE):
            return x[len(COUNTED_NOTE):]
    return ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Statistic:
    """An aggregate figure that is not one event ("411 breaches in June ... 31 civilians")."""

    kind: str = "statistic"
    id: str
    article_id: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    time_precision: int = 3
    actor1: Actor | None = None
    actor2: Actor | None = None
    place: Place | None = None
    breaches: int | None = None
    fatalities: int | None = None
    injured: int | None = None
    civilian_fatalities: int | None = None
    child_fatalities: int | None = None
    women_fatalities: int | None = None
    displaced: int | None = None
    count: int | None = None         # other counted quantity (attacks, shellings, raids)
    counted: str = ""                # what ``count`` counts
    claimant: str = ""
    outlet: str = ""
    sentence: Evidence
    spans: tuple[tuple[str, Evidence], ...] = ()
    rule: str = ""
    agreement: str = ""              # id of the ceasefire agreement its sentence names ("" none; span "agreement")


@dataclass(slots=True, kw_only=True)
class RunReport:
    """What a run did: counts and rejects (the only mutable record: it is a tally)."""

    articles: int = 0
    events: int = 0
    statistics: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    skipped_duplicates: int = 0
    fatal: str = ""
    linked: Any = None               # truceline.link.store.LinkResult of the linking step, when it ran


# ---------------------------------------------------------------------------------------------
# Linking (truceline/link, docs/linking.md): events of many articles -> incidents with claims
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """What one source says about one incident: one event of one article, with its source."""

    event_id: str
    article_id: str
    claimant: str = ""               # who makes the claim (a spokesman, a monitor; else the outlet)
    outlet: str = ""                 # who published it
    alignment: str = ""              # outlets.yaml alignment of the claimant (else of the outlet), "" unknown
    outlet_alignment: str = ""       # outlets.yaml alignment of the outlet, "" unknown
    published: dt.date | None = None  # publication date of the article
    language: str = ""
    event_type: str = ""
    sub_event_type: str = ""
    event_date: dt.date | None = None
    time_precision: int = 1
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""
    geo_precision: int | None = None
    gazetteer_id: str = ""
    actor1: str = ""                 # the blamed actor (ACLED actor1)
    actor1_side: str = ""
    actor1_inter: int | None = None
    actor2: str = ""
    actor2_side: str = ""
    actor2_inter: int | None = None
    fatalities: int | None = None
    injured: int | None = None
    civilian_fatalities: int | None = None
    child_fatalities: int | None = None
    women_fatalities: int | None = None
    stance: str = "asserts"          # asserts | denied
    evidence: str = ""               # the event's evidence sentence
    evidence_start: int | None = None
    evidence_end: int | None = None
    headline: str = ""               # title of the article (or its sub-article headline)
    # an undated report: the day its text names without a year (docs/linking.md): the weekday
    # (0 Monday .. 6 Sunday; "today, Tuesday"), the day of the year ("MM-DD"; "on 18 August"), and
    # where the first of them is named (offset in the article); None / "" when it names none
    weekday: int | None = None
    month_day: str = ""
    day_start: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkReason:
    """Why an event joined an incident (or, from ``explain``, why two events do or do not link)."""

    event_id: str
    article_id: str = ""             # the event's article
    linked_to: str = ""              # the claim's event it was compared with ("" = it opened the incident)
    linked: bool = True
    distance_km: float | None = None
    distance_limit_km: float | None = None   # None when the rule was "same admin1" (precision 3)
    place_rule: str = ""             # same-place | within-distance | same-admin1 | too-far | no-place ...
    date_gap_days: int | None = None
    date_limit_days: int | None = None
    date_rule: str = ""              # within-window | too-far | undated
    type_rule: str = ""              # same-sub-type | same-event-type | compatible-types | incompatible
    actor_rule: str = ""             # same-side | compatible | unknown | opposite-camps
    article_rule: str = ""           # other-article | same-article-other-claimant | same-article-same-claimant
    score: float = 0.0               # lower is closer (candidates are ranked by it)
    why: str = ""                    # one line for people


@dataclass(frozen=True, slots=True, kw_only=True)
class Contradiction:
    """Two claims of one incident that disagree."""

    kind: str                        # fatalities | perpetrator | stance | place | date
    event_a: str
    event_b: str
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """One real event as reported by one or more sources (UCDP/ACLED unit), with every claim."""

    kind: str = "incident"
    id: str                          # "I" + the id of the event that opened it (stable under re-linking)
    event_type: str = ""
    sub_event_type: str = ""
    event_date: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: int = 1
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""
    geo_precision: int | None = None
    actor1: str = ""
    actor2: str = ""
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    fatalities_acled: int = 0        # ACLED's conservative rule: the lowest reported figure, 0 if none
    deaths_by_side: tuple[tuple[str, int], ...] = ()   # side -> best figure, where claims say whose dead
    n_claims: int = 0
    n_sources: int = 0               # independent sources (claims grouped by shared outlet or claimant)
    opposite_alignments: str = ""    # "" none | agree | disagree (sources of opposite alignment)
    contradictions: tuple[Contradiction, ...] = ()
    claims: tuple[Claim, ...] = ()
    links: tuple[LinkReason, ...] = ()
