"""Stage 3: mentions -> per-article Event and Statistic records.

For each sentence where a trigger fired:

1. triggers negated, hypothetical, threatened or in the future are dropped; a denial cue makes
   the event a claim with stance ``denied``;
2. the sub-event type comes from the strongest trigger (``SUB_PRIORITY``); generic triggers
   ("killed", "attacked", "captured") are typed by their victims and actors;
3. casualty figures are read from number + victim + casualty-word patterns ("killing 6
   civilians, including 2 women", "23 troops died", "death of 31 civilians");
4. actors take roles by position ("between X and Y", "by X", subject before the trigger, target
   after it; victims of a casualty verb are actor 2);
5. places are resolved in the gazetteer with the governorate and precision cues of the sentence;
   a sentence listing several struck places gives one event per place (the ACLED unit);
6. the date is the sentence's own date phrase, else the latest date phrase before it in the
   article, else the publication date;
7. aggregate figures ("411 ceasefire breaches during June ...") become a Statistic.

Reports of one incident inside one article (headline and body) are merged; reports whose figures
or claimants disagree are kept apart as separate claims.  Every value keeps its evidence span.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace
from typing import Iterable, Iterator

from .. import textutil
from ..ceasefire.mentions import attach_agreements
from ..extract import Extractor, Sentence, default_extractor
from ..gazetteer.core import distance_km
from ..model import ACLED_SUB_TO_TYPE, COUNTED_NOTE, RECALLED_NOTE, Actor, Article, Event, Evidence, Mention, Place, Statistic, evidence
from .casualties import casualties
from .classify import MIN_SUPPORT, is_commentary, main_trigger, subtype, support
from . import statistics as _stats
from .common import _Figures
from .common import _AGREE_VERB, _BETWEEN, _BREACH, _BY, _CLAUSE_BREAK, _TARGET_PREP, \
    _ev, _lex_category, _longest, _lower_or_none, _may, _overlaps, _sid

log = logging.getLogger(__name__)

_CONDITIONAL_START = re.compile(r"^\W*(?:\w+:\s*)?(?:if|unless|should|would|could|whether|perhaps|maybe|"
                                r"in case|إذا|اذا|لو|في حال)\b", re.I)
_MODAL_AFTER = re.compile(r"^\W*(?:\w+\s+){0,2}?(?:should|would|could|might|must|will|may|shall)\s+(?:not\s+)?"
                          r"(?:be|have|become|continue|resume|start|begin|expand|follow)\b", re.I)
_UNIDENTIFIED_SUBS = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Attack",
                      "Abduction/forced disappearance"}
# an assassination's killers are unidentified unless the text names them (seeds conventions: an
# armed-group member assassinated by unknown attackers is an armed clash with an unidentified actor 1)
_ASSASSINATION = re.compile(r"assassinat|اغتيال|اغتيل", re.I)
# the owner of an intercepted weapon: "a drone launched by militants", "a militant drone": in a
# disrupted weapons use the interceptor is actor 1 and the weapon's owner actor 2 (ACLED)
_WEAPON_OWNER_BEFORE = re.compile(r"\b(?:launched|fired|flown|operated|sent)\s+by\s+(?:the\s+)?$", re.I)
_WEAPON_OWNER_AFTER = re.compile(r"[\u2019']?s?\s+(?:(?:armed|suicide|explosive|booby-trapped|attack)\s+)?"
                                 r"(?:drones?|UAVs?|unmanned|missiles?|rockets?|projectiles?)\b", re.I)
# a strike's target named only by an allegation or an affiliation ("strikes on alleged Iranian-linked
# targets"): a description of what was hit, not a party the text names
_ALLEGED_BEFORE = re.compile(r"\b(?:alleged|allegedly|suspected|purported)\s+$", re.I)
_LINKED_TARGETS = re.compile(r"[-\u2010\u2011 ](?:linked|affiliated|backed|related|allied)\s+(?:military\s+)?"
                             r"(?:targets?|sites?|positions?|facilities|depots?|assets|bases?)\b", re.I)
_PRO_GOV_SIDES = {"SYRIA_GOV", "RUSSIA", "IRAN_AXIS"}
# a troop movement (a strategic development of one side): "amassing troops near X", "sent reinforcements
# to X", "increased their military presence": ACLED codes no actor 2 (a siege or encirclement keeps the
# besieged)
_DEPLOYMENT = re.compile(r"deploy|reinforc|convoy|build-?up|mobili[sz]|amass|massing|moved\s+(?:their|its)\s+forces|"
                         r"military\s+presence|تعزيز|رتل|أرتال|ارتال|حشود|حشد", re.I)
# a weapon held, not used (``_kept``): "one of the few groups armed with TOW missiles", "equipped with
# anti-aircraft missiles" (defusing explosives stays a disrupted weapons use, as ACLED codes it)
_WEAPON_LABELS = {"Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED",
                  "Disrupted weapons use", "Grenade", "Suicide bomb"}
_WEAPON_HELD = re.compile(r"\b(?:armed|equipped|supplied|furnished)\s+with\s+(?:the\s+|a\s+|an\s+)?"
                          r"(?:[\w.\u2019'-]+\s+){0,5}$", re.I)
# clauses that recall what came before the reported event (``_kept``): a leading "Since capturing X,"
# / "Since the fall of X," and an absolute "with X having been declared and expired,"
_RECALLED_CLAUSE = re.compile(r"^\W*since\s+(?:\w+ing\b|the\s+(?:capture|fall|conclusion|end|liberation|"
                              r"collapse|seizure|recapture)\s+of\b)[^,;]{0,120}[,;]|"
                              r"\bwith\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,4}?having\s+(?:been\s+)?"
                              r"[^,;]{0,80}[,;]", re.I)
_STRIKE_SUBS = {"Air/drone strike", "Shelling/artillery/missile attack"}
_INTERCEPTION = re.compile(r"intercept|shot\s+down|shoot(?:s|ing)?\s+down|downed|repel|repuls|تصد|[أإا]سقاط|[أا]سقطت", re.I)
_TERRITORY_LABELS = {"*territory", "Government regains territory", "Non-state actor overtakes territory"}
_LOYAL = re.compile(r"\s*(?:who are\s+|that are\s+)?(?:loyal|allied|affiliated|attached|close)\s+(?:to|with)\b|"
                   r"\s*(?:backed|supported|funded|armed)\s+by\b|\s*(?:الموالي|الموالين|الموالية|التابع|التابعين|التابعة|"
                   r"المدعوم|المدعومة)", re.I)
_NEAR_GAP = 60
_DIRECTION_REACH_KM = 60   # "X north of Y": X lies at most this far from Y
# "near al-Sukhna and Kabajab in central Syria and near Tel Al-Sahn in the province of As-Sweida":
# the governorate of one coordinated part ("and near ...") does not veto a place of another
_COORDINATED = re.compile(r"\b(?:and|or)\s+(?:also\s+)?(?:near|in|at|on|outside|around)\b|;|\sو(?:في|قرب|بالقرب)", re.I)
_HINT_REACH = 40
# patterns of _actors' patron, infighting and object rules
_LOYAL_TO = re.compile(r"\s*,?\s*(?:who are\s+|that are\s+)?(?:loyal|allied|affiliated|attached|belonging)\s+"
                       r"(?:to|with)\s+(?:the\s+)?|\s*(?:الموالي|الموالين|الموالية|الموالون|الموالية|التابع|"
                       r"التابعين|التابعة|التابعون)\s+", re.I)
_PRONOUN_PATRON = re.compile(r"(?:it|them|him|her)\b|(?:ها|هم|ه)(?=\s|$|[،,.])", re.I)
_BACKED_PREFIX = re.compile(r"[-\u2010\u2011 ](?:backed|supported|sponsored|funded|led|allied)\b(?!\s+by\b)", re.I)
_BETWEEN_TWO = re.compile(r"\bbetween\s+(?:the\s+)?(?:two|2|rival|both)\s+(?:\w+\s+){0,2}$", re.I)
_BETWEEN_LOOSE = re.compile(r"\bbetween\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}$|\bبين\s+$", re.I)
_LIST_COMMA = re.compile(r"^\s*[,،]\s*(?:the\s+)?$", re.I)
_FIGHT_BEFORE = re.compile(r"(?:clash|fight|battle|infighting|confrontation|war\b|tension|hostilit|skirmish|"
                           r"اشتباك|اقتتال|معارك|معركة|مواجهات|قتال|توتر)[^.;:]{0,45}(?:\bbetween\b|بين)", re.I)
_AND_NEXT = re.compile(r"^\s*(?:\([^)]{0,80}\)\s*)?,?\s*(?:and|و)\s*(?:the\s+)?(?:\w+\s+){0,4}$", re.I)
_PLURAL = re.compile(r"s\b|ين\b|ون\b|ات\b|^(?:ال)?فصائل", re.I)
# "X claimed that it had repelled ...", "HTS announced that its fighters killed ...": X is a party
_SELF_CLAIM = re.compile(r"\s*(?:has\s+|had\s+)?(?:claimed|announced|said|says|stated|reported)\s+(?:that\s+)?"
                         r"(?:it|they|its|their)\b", re.I)
# "the coalition of al-Qaeda-linked groups, Fa Ithbatu": the head noun "of" a group, an appositive name
_OF_GROUP = re.compile(r"\s+of\s+(?:the\s+)?$", re.I)
_APPOSITION = re.compile(r"^\s*(?:,|\(|–|—)\s*(?:the\s+)?$")
# "the agreement signed between X and Y": the parties of a pact, not of the event reported
_PACT_BEFORE = re.compile(r"(?:agreement|deal|ceasefire|cease-fire|truce|talks|negotiations|memorandum|accord|"
                          r"understanding|اتفاق|الاتفاق|هدنة|الهدنة|مفاوضات|المفاوضات|تفاهم|التفاهم|وقف إطلاق النار|"
                          r"وقف اطلاق النار)[^.;:،,]{0,45}\b(?:between|بين)\s+(?:the\s+)?$", re.I)
# a bare demonym naming where a weapon was made, not who used it
# (or the border a place lies on: "near the Turkish border", "قرب الحدود التركية")
_MADE_IN = re.compile(r"[-\u2010\u2011 ](?:made|built|manufactured|supplied|border|borders|frontier)\b", re.I)
_WEAPON_BEFORE = re.compile(r"(?:\b(?:shells?|rockets?|missiles?|munitions|ammunition|weapons|arms)\s+"
                            r"(?:[\w\u201c\u201d\"-]+\s+)?(?:of\s+)?$)|"
                            r"(?:قذائف|قذيفة|صواريخ|صاروخ|قنابل|قنبلة|ذخائر|الذخائر|أسلحة|اسلحة|الأسلحة|الاسلحة|"
                            r"الحدود|حدود)\s+(?:[\u201c\u201d\"]?(?!و)[^\s]+[\u201c\u201d\"]?\s+)?(?:ال)?$", re.I)
# "a motorcycle driven by an al-Qaeda leader", "areas held by HTS": the agent of another participle
_BY_OTHER = re.compile(r"\b(?:driven|owned|run|controlled|held|led|commanded|used|operated|occupied|manned|"
                       r"founded|formed|established|inhabited)\s+by\s+(?:the\s+)?$", re.I)
_LIST_AFTER = re.compile(r"\s*(?:,|،|\band\b|و(?=\S))", re.I)
_CO_SUBJECT = re.compile(r"^\s*(?:,|،|and|و)\s*(?:the\s+)?$", re.I)
_PARTITIVE = re.compile(r"^\S{0,2}\s+(?:of|from|belonging to|من|التابعة ل|التابعين ل)\s*(?:the\s+)?"
                        r"(?:ميليشيا|ميليشيات|مليشيا|مليشيات|militias?\s+)?\s*[\u201c\u201d\"«]?$", re.I)
# "... sneaked to the “Jaysh al-Izza” post": the group whose post, position or base is reached
_TO_SITE_BEFORE = re.compile(r"\b(?:to|at|on|against|toward|towards|into|targeting|targeted|stormed|attacked|hit)\s+"
                             r"(?:the\s+|a\s+|an\s+)?[\u201c\u201d\"']?$", re.I)
_SITE_AFTER = re.compile(r"[\u201c\u201d\"'’]?\s*(?:post|posts|positions?|base|bases|headquarters|HQ|checkpoints?|"
                         r"barracks|outposts?|fortifications|trenches|convoy|convoys)\b", re.I)
_THEIR_OWN = re.compile(r"^\s*(?:,\s*)?(?:and|or)\s+(?:their|its)\s+(?:[\w-]+\s+)?$", re.I)
_PAREN_OPEN = re.compile(r"^\s*\((?:[^()]{0,60})$")
_AT_EXPENSE = re.compile(r"\bat the expense of\s+(?:the\s+)?$|على حساب\s*$", re.I)
# patterns of _actors, _is_victim, _claimant and _statistic
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")
_VICTIM_VERB = re.compile(r"^\s*(?:were|was|have been|had been|are|is)?\s*(?:killed|wounded|injured|died|dead|martyred|"
                          r"assassinated)\b")
# "9 members of HTS ... are killed", "40 members of the regime forces": the group of counted dead
_COUNTED_MEMBERS = re.compile(r"(?:\d+|\b(?:two|three|four|five|six|seven|eight|nine|ten|several|dozens of|tens of|"
                              r"many|some))\s+(?:members|fighters|elements|militants|soldiers|troops|personnel|leaders|"
                              r"commanders|operatives|officers|gunmen)\s+(?:of|from|in)\s+(?:the\s+)?[\u201c\"]?$", re.I)
# "Al-Qaeda veteran Abu Khallad was killed", "an HTS commander, Abu X, was assassinated": the
# group of a victim named by role and name
_VICTIM_ROLE_NP = re.compile(r"\s*(?:veteran|commander|leader|member|official|fighter|militant|figure|emir|amir|"
                             r"chief|head|officer|spokesman|cleric|judge)s?\b[^.;:]{0,60}?,?\s*\b(?:was|were|has been|"
                             r"had been)\s+(?:also\s+|reportedly\s+)?(?:killed|wounded|injured|assassinated|captured|"
                             r"arrested|kidnapped|abducted)\b", re.I)
_VICTIM_CAPTURED = re.compile(r"^\s*(?:were|was|have been|had been|being)\s+(?:captured|arrested|detained|kidnapped|"
                              r"abducted)\b")
_VICTIM_COUNT = re.compile(r"\d\s*$|\b(?:two|three|four|five|six|seven|eight|nine|ten|several|dozens of|many)\s+$",
                           re.I)
_VICTIM_OBJECT = re.compile(r"\b(?:killing|killed|kill|kills|wounding|wounded|wound|wounds|injuring|injured|injure|"
                            r"injures|kidnapping|kidnapped|arresting|"
                            r"arrested|detaining|detained|targeting|targets|targeted|hitting|against|on)\s+(?:the\s+|a\s+|an\s+|some\s+|"
                            r"several\s+|other\s+|\d+\s+|\w+\s+)?$", re.I)
_WORDS_AFTER = re.compile(r"\s*(?:to\s+)?(?:the\s+)?([^\s،,.؛:]+(?:\s+(?!that\b|who\b|which\b)[^\s،,.؛:]+){0,4})")
_STAT_PUNCT = re.compile(r"[.,;]")
_BREACH_WORD = re.compile(r"breach|violation|خرق|خروقات|انتهاك", re.I)
_LIST_SEP = re.compile(r"[;؛]|\band\b|،\s*و|,\s*(?:and\s+)?$")
# "حي X في مدينة Y", "قرية X بريف Y", "the village of X in Y": a preposition that puts X inside Y
_ARABIC_NAME = re.compile(r"[\u0621-\u064a]")
_IN_GAP = re.compile(r"^\s*(?:في|ب|in|inside|within)\s*$", re.I)


def _long_span(d: Mention) -> bool:
    """A date phrase that spans more than a week ("over the past few months", "in 2019")."""
    end = d.attr("end_date")
    return d.value is not None and end is not None and (end - d.value).days > 7


def _joined(text: str, a: Mention, b: Mention) -> bool:
    """'X and Y', 'X (...) and the Y', Arabic 'X وY' (the conjunction is a clitic of Y's mention)."""
    gap = text[a.end:b.start]
    return bool(_AND_NEXT.match(gap)) or (not gap.strip() and b.surface.startswith("و"))


# a demonstrative before a trigger noun: "these battles", "this brutal attack", "such attacks"
_ANAPHORIC = re.compile(r"\b(?:these|those|this|such)\s+(?:(?!(?:morning|afternoon|evening|night|week|weekend|month|"
                        r"year|time|summer|winter|spring|autumn|fall)\b)[\w'’-]+\s+)?$", re.I)
# "in X", "the towns of X", "the towns of A, B and X": a slot that only a place fills
_PLACE_SLOT = re.compile(r"(?:\b(?:in|at|near|into|towards?|outside|around)|\b(?:towns?|villages?|cit(?:y|ies)) of)\s+"
                         r"(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*(?:,\s*|\s+and\s+))*$")


# a quarter of a city: "al-Hamidiyeh neighbourhood", "the neighbourhoods of al-Midan", "حي الميدان"
_QUARTER_AFTER = re.compile(r"\s+(?:neighbou?rhoods?|quarters?)\b", re.I)
_QUARTER_BEFORE = re.compile(r"(?:\b(?:neighbou?rhoods?|quarters?)\s+of\s+(?:the\s+)?|(?:^|\s)[وب]?حي\s+(?:ال)?)$", re.I)


def _quarter(text: str, start: int, m: Mention) -> bool:
    """The place mention names a quarter of a city ("al-Hamidiyeh neighbourhood", "حي الميدان")."""
    return bool(_QUARTER_AFTER.match(text, m.end) or m.surface.startswith("حي ")
                or _QUARTER_BEFORE.search(text[max(start, m.start - 30):m.start]))


def text_before(text: str, start: int, at: int, width: int = 80) -> str:
    return text[max(start, at - width):at]


def _text_between(text: str, a: Mention, b: Mention) -> str:
    return text[a.end:b.start]


# generic words for unnamed fighters that do not say which side they are on ("militants",
# "terrorists"): actors.yaml entries resolved by ``EventBuilder._settle_generic``
_UNNAMED_MILITANTS = {"g_militants", "g_terrorists"}
_UNNAMED_VICTIM = "g_militants"
_MILITANT_WORD = re.compile(r"milit|terror|jihad|takfir|إرهاب|ارهاب|تكفير", re.I)
# a name followed by its holder's role: "Hammam Issa, an Idlib-based journalist", "Abu Ahmad, an HTS commander"
_PERSON_APPOSITION = re.compile(r"(?:\s+[A-Z][\w'’-]+){0,2},\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?"
                                r"(?:journalist|reporter|correspondent|activist|commander|spokesm[ae]n|spokesperson|"
                                r"official|analyst|researcher|resident|doctor|leader|member|captain|colonel|"
                                r"general|officer|fighter|expert)\b")
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_TIME_ZONE = re.compile(r"\s+(?:time|local time)\b", re.I)
# "The incident happened near the town of X on Y", "The attack took place in X": where and when
_INCIDENT_SITE = re.compile(r"\W*(?:The|This|That)\s+(?:\w+\s+)?(?:incident|attack|assassination|strike|raid|"
                            r"bombing|blast|explosion|ambush|shooting|killing|operation)\s+(?:\w+\s+)?"
                            r"(?:happened|occurred|took place|was carried out|came)\b", re.I)
_CAPTURE_LIST = 4   # places in one capture sentence from which the event is counted per governorate
_AREA_NOUN = re.compile(r"\s+(?:areas?|territor(?:y|ies)|regions?|zones?|lands|parts|north|south)\b", re.I)
# where the clause of a count starts: ", as ...", ", while ...", ";"
_COUNT_CLAUSE = re.compile(r"[,،]\s*(?:as|while|whereas|but|and|بينما|فيما|و)\s|;|؛|\bwhile\b|\bwhereas\b", re.I)
# "hamlets that had been captured", "areas which were taken": a relative clause saying what a place is
_RELATIVE_STATE = re.compile(r"\b(?:that|which)\s+(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:\w+ly\s+)?$", re.I)
_PREP_BEFORE = re.compile(r"\b(?:in|of|from|to|into|across|throughout|within|inside|toward|towards)\s+$", re.I)
_ADJECTIVAL = re.compile(r"\b(?:the|these|those|its|their|our|his|her|all|other|newly|recently|already|"
                         r"previously|once|formerly)[\s-]+$", re.I)

# what may stand between an Arabic nominal trigger and its agent: "قصف مدفعي لـ", "غارات جوية من قبل", "على يد"
_AR_AGENT = re.compile(r"^(?!.*(?:مواقع|موقع|نقاط|نقطة|مقر|تجمع|آليات|اليات|عناصر|حاجز|ثكنة|معسكر))"
                       r"\s*(?:[\u0600-\u06ff]+\s+){0,2}?(?:من قبل|من طرف|على يد|بواسطة)?\s*(?:ل|لل|بـ?)?$")


class EventBuilder:
    """Turns an article's analysed sentences into events and statistics."""

    def __init__(self, ex: Extractor) -> None:
        self.ex = ex
        self.res = ex.res
        self.gaz = ex.gaz
        self.actors = ex.res.actors
        # gazetteer answers memoised per builder (the gazetteer is read-only; see _admin1_of, _resolve)
        self._admin1_memo: dict[str, str | None] = {}
        # a governorate enclosed by a single other one (Damascus in Rural Damascus): one area for
        # telling whether two reports of an article may be one incident (_count_once)
        admin1 = getattr(self.gaz, "admin1", {})
        self._enclosing = {n: a.neighbors[0] for n, a in admin1.items() if len(a.neighbors) == 1}
        # governorate names as a sentence may write them ("attacks in Aleppo Hama", "... Damascus Homs & Aleppo")
        names = {nm.lower(): n for n, a in admin1.items() for nm in (n, *a.names, *a.names_ar)}
        self._gov_names = names
        self._gov_rx = re.compile(r"(?<![\w\u0600-\u06ff])(?:" + "|".join(
            re.escape(k) for k in sorted(names, key=len, reverse=True)) + r")(?![\w\u0600-\u06ff])", re.I) \
            if names else None
        self._resolve_memo: dict[tuple, Place | None] = {}
        # trigger entries that name no sub-type ("killed", "attacked"): events typed from them merge
        # with a specific report of the same incident
        self._generic_triggers = frozenset(t.id for t in ex.res.triggers if t.sub_event_type.startswith("*"))

    # ------------------------------------------------------------------------------------------
    def build(self, article: Article, sentences: list[Sentence]) -> list[Event | Statistic]:
        # which sentences have a trigger: an article without any gives no record, and the work
        # below (lede places, article dates) is only context for trigger sentences
        # (or a breach cue: a bulletin's count of breaches may name no attack, "رصد 15 خرقاً ...")
        has_trigger = [any(m.kind == "trigger" for m in s.mentions) or self.ex.aggregate_cues(s.mentions)
                       for s in sentences]
        if not any(has_trigger):
            return []
        ctx = _ArticleContext(article, None)  # the article's dates are found when first needed
        # article-level actors and governorate hints
        counts = ctx.actor_counts
        for s in sentences:
            for m in s.mentions:
                if m.kind == "actor":
                    counts[m.entry] = counts.get(m.entry, 0) + 1
        if sentences:
            head = sentences[0]
            ctx.head_places = self._resolve_places(article, head, ctx, head_only=True) if not has_trigger[0] else []
        # places of the lede: what a headline without a place of its own is about
        # (the first sentence that names a place: its towns, else its governorate: "... in Syria's northern
        # Idlib province on Tuesday")
        for i, s in enumerate(sentences[1:6], 1):
            ps = self._resolve_places(article, s, ctx, head_only=not has_trigger[i])
            if ps:
                ctx.lead_places = [p for p in ps if p.geo_precision < 3] or ps
                break
        ctx.last_places = []
        out: list[Event | Statistic] = []
        last_trig = None
        abroad = self.gaz.abroad_possible(article.text)
        for s, trig in zip(sentences, has_trigger):
            if abroad and self.gaz.abroad_in(article.text, s.start, s.end):
                ctx.abroad_at = s.start    # the story moves abroad ("in the province of Anbar")
            if not trig:
                if last_trig is not None and out and isinstance(out[-1], Event) \
                        and out[-1].sentence.start == last_trig.start and _INCIDENT_SITE.match(article.text, s.start, s.end):
                    out[-1] = self._site_of_incident(article, s, out[-1], ctx)
                last_trig = None
                continue
            last_trig = s
            try:
                recs = self._sentence(article, s, ctx)
                prev = next((r for r in reversed(out) if isinstance(r, Event)), None)
                if len(recs) == 1 and recs[0].rule == "rule:continuation.v1" and prev is not None:
                    out[out.index(prev)] = _fill_figures(prev, recs[0])
                    continue
                out.extend(recs)
            except ValueError as e:  # a span that does not fit: refuse rather than guess
                log.warning("E102 %s: sentence %d-%d skipped: %s", article.id, s.start, s.end, e)
        head_end = _headline_end(article.text)
        gov_named = frozenset(id(r) for r in out if isinstance(r, Event) and r.place is not None
                              and r.sentence.end <= head_end and self._names_governorate(r.place))
        return attach_agreements(article, sentences, _count_once(
            _merge(out, self._generic_triggers, head_end, gov_named), self._enclosing, self._governorates_named))

    def _site_of_incident(self, article: Article, s: Sentence, e: Event, ctx: "_ArticleContext") -> Event:
        """"The incident happened near the town of X on September 10.": the place and day of the
        event just reported, when that report named no town or day of its own."""
        ms = self.ex.context_mentions(article, s.start, s.end)
        sub = Sentence(start=s.start, end=s.end, mentions=tuple(ms))
        places = [p for p in self._resolve_places(article, sub, ctx, head_only=True) if p.geo_precision < 3]
        dates = [m for m in ms if m.kind == "date" and m.value is not None and int(m.attr("precision", 1) or 1) == 1]
        upd: dict = {}
        spans = list(e.spans)
        if places and (e.place is None or e.place.geo_precision >= 3 or _borrowed_place(e)):
            upd["place"] = places[0]
            if places[0].evidence is not None:
                spans = [x for x in spans if x[0] != "location"] + [("location", places[0].evidence)]
        if dates and _own_date(e) is None:
            upd.update(event_date=dates[0].value, time_precision=1)
            spans = [x for x in spans if x[0] != "event_date"] + [("event_date", _ev(article, dates[0]))]
        if not upd:
            return e
        notes = "; ".join(n for n in e.notes.split("; ") if n and n not in _BORROWED)
        return replace(e, **upd, spans=tuple(spans), notes=notes)

    def _names_governorate(self, p: Place) -> bool:
        """"Idlib" in a headline: the city's name is the governorate's, the governorate is meant."""
        try:
            return bool(p.surface) and self.gaz.is_admin1(p.surface)
        except Exception:  # a gazetteer bug must not lose the article
            return False

    # ------------------------------------------------------------------------------------------
    def _sentence(self, article: Article, s: Sentence, ctx: "_ArticleContext") -> list[Event | Statistic]:
        """The records of one sentence: of each clause when its clauses report events of different
        kinds at places of their own (``_clauses``)."""
        kept = self._kept(article, s)
        if not kept:
            return self._breach_count(article, s, ctx)
        parts = _clauses(article.text, s, kept)
        if len(parts) == 1:
            return self._clause(article, s, ctx, kept)
        # the clause of the sentence's main event first (the one with the figures, else one at a
        # town rather than a region, else the one of the main trigger), as the places of one event
        # are ordered: "Clashes in A and shells hit B city, killing 2" is first the shelling of B
        main = main_trigger(kept)
        recs: list[tuple[tuple[bool, bool, bool, int], list[Event | Statistic]]] = []
        for i, part in enumerate(parts):
            rs = self._clause(article, part, ctx)
            figures = any(getattr(r, "fatalities", None) is not None or getattr(r, "injured", None) is not None
                          for r in rs)
            town = any(isinstance(r, Event) and r.place is not None and r.place.geo_precision < 3 for r in rs)
            recs.append(((not figures, not town, not (part.start <= main.start < part.end), i), rs))
        return [r for _, rs in sorted(recs, key=lambda x: x[0]) for r in rs]

    def _breach_count(self, article: Article, s: Sentence, ctx: "_ArticleContext") -> list[Event | Statistic]:
        """A sentence with no attack trigger that counts breaches ("رصد 15 خرقاً لوقف إطلاق النار خلال
        الـ24 ساعة الماضية", "X ceasefire violations were registered") or states a displacement total
        over a period ("more than a million people were displaced during the last campaign"): a Statistic."""
        cues = s.of("lex:statistic")
        if not cues or not s.of("number"):
            return []
        cn = _stats.counts(self.res, article.text, s, cues, [], True)
        figures = casualties(self.res, article, s)
        if figures.total is not None:
            figures = figures.total
        periodic = any(_lex_category(self.res, c) in _stats.PERIOD_CATEGORIES for c in cues)
        if cn.breaches is None and not (periodic and figures.displaced is not None):
            return []
        actors = self._actors(article, s, cues[0], ctx)
        claimant, claimant_ev = self._claimant(article, s)
        sentence_ev = evidence(article, s.start, s.end, "rule:sentence.v1")
        return [self._statistic(article, s, sentence_ev, figures, actors, claimant, claimant_ev, cues, cn, ctx)]

    def _kept(self, article: Article, s: Sentence) -> list[Mention]:
        """The triggers of a sentence that may report an event (not negated, not a name, a state or
        a recalled report)."""
        text = article.text
        triggers = _longest(s.of("trigger"))
        dates_ = s.of("date")
        negs = [n for n in s.of("lex:negation") if not any(_overlaps(n, d) for d in dates_)
                and not (n.surface[:1].isupper() and n.start > s.start and n.surface.lower() == "may")]
        kept: list[Mention] = []
        sent_text = text[s.start:s.end]
        title_case = None
        for t in triggers:
            if self._negated(text, s, t, negs):
                continue
            if any(n.label in ("future", "threat", "hypothetical") and n.end <= t.start
                   and _GOAL_CLAUSE.fullmatch(text, n.end, t.start) for n in negs):
                continue  # "we will return and liberate these lands until Syria is liberated": its goal
            if t.attr("strength") == "weak" and _DURING_NOUN.search(text, max(s.start, t.start - 45), t.start):
                continue  # "failing to defend them during the recent SAA advance": when, not what
            if t.label == "*casualty" and t.start > s.start and t.surface[:1].isupper() and article.language != "ar":
                if title_case is None:
                    words = [w for w in _WORD_RE.findall(sent_text) if len(w) > 3]
                    title_case = bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
                if not title_case:
                    continue  # "the so-called Triangle of Death": a name, not a death
            if t.label == "Agreement" and (_BREACH.search(sent_text) or not _AGREE_VERB.search(sent_text)):
                continue
            if t.label == "*casualty" and _OWNER_BEFORE.search(text, max(s.start, t.start - 4), t.start) \
                    and _TITLE_AFTER.match(text, t.end, s.end):
                continue  # "the Islamic State's slain chief Abu Bakr al-Baghdadi": who he was, not a report
            if t.label == "Agreement" and _DOCUMENT_SIGNED.search(text, max(s.start, t.start - 30), t.start):
                continue  # "a petition signed by 300 members", "a letter signed by ...": no agreement
            if t.label in _TERRITORY_LABELS and (_ADJECTIVAL.search(text[max(s.start, t.start - 20):t.start]) or (
                    _AREA_NOUN.match(text, t.end) and _PREP_BEFORE.search(text, max(s.start, t.start - 12), t.start))):
                continue  # "the liberated areas", "in liberated areas", "the newly-captured town": a state
            if t.label in _TERRITORY_LABELS and _RELATIVE_STATE.search(text, max(s.start, t.start - 30), t.start):
                continue  # "the hamlets that had been captured two years ago": what the places are, not news
            kept.append(t)
        kept = [t for t in kept if not (t.label in _WEAPON_LABELS and _WEAPON_HELD.search(
            text, max(s.start, t.start - 45), t.start))]
        if len(kept) > 1:
            # "Since capturing Khan Sheikhoun, the army has moved its forces to ...", "with a new
            # ceasefire having been declared and expired, the army is amassing troops ...": a leading
            # "since"-clause or an absolute "with ... having been" clause recalls what came before; the
            # sentence reports its main clause
            bg = [(s.start + m.start(), s.start + m.end()) for m in _RECALLED_CLAUSE.finditer(sent_text)]
            if bg:
                inside = [t for t in kept if any(a <= t.start < b for a, b in bg)]
                if inside and len(inside) < len(kept):
                    kept = [t for t in kept if t not in inside]
        if kept and not s.of("date") and not s.of("number"):
            # "these battles", "this attack": a report already given, recalled (the merge of one
            # incident's reports keeps it when it adds a figure or a day)
            kept = [t for t in kept if not _ANAPHORIC.search(text, max(s.start, t.start - 30), t.start)]
        return kept

    def _clause(self, article: Article, s: Sentence, ctx: "_ArticleContext",
                kept: list[Mention] | None = None) -> list[Event | Statistic]:
        text = article.text
        sent_text = text[s.start:s.end]
        denials = s.of("lex:denial")
        if kept is None:
            kept = self._kept(article, s)
        if not kept:
            return []
        stance = "denied" if any(d.start < kept[0].start or d.start - kept[0].end < 40 for d in denials) else "asserts"
        sentence_ev = evidence(article, s.start, s.end, "rule:sentence.v1")
        figures = casualties(self.res, article, s)
        main = main_trigger(kept)
        actors = self._actors(article, s, main, ctx)
        claimant, claimant_ev = self._claimant(article, s)
        # statistics (statistics.py, docs/statistics.md): counted breaches, or figures over a stated
        # period ("during June", "since the ceasefire took effect"), are an aggregate and no event; a
        # count of repeated attacks ("shelled four times", "12 shellings in the last day") is a
        # statistic beside the events at the places the sentence names; a "toll" or a "report" alone
        # is one incident's figure
        stat_cues = s.of("lex:statistic")
        rep_stat: Statistic | None = None
        # the figures of an aggregate the casualty reader keeps from events ("since 2011", a war's toll):
        # a Statistic beside whatever the sentence reports otherwise (those figures were never an event's)
        sfig = figures.total if figures.total is not None else figures
        if figures.total is not None and (_stats.war_total(sfig) or any(
                _lex_category(self.res, c) in _stats.PERIOD_CATEGORIES for c in stat_cues)):
            rep_stat = self._statistic(article, s, sentence_ev, sfig, actors, claimant, claimant_ev, stat_cues,
                                       _stats.counts(self.res, text, s, stat_cues, kept, True), ctx)
            stat_cues = []
        elif _stats.war_total(sfig):
            # "more than a million people were displaced": a war's or a campaign's total, no incident's
            return [self._statistic(article, s, sentence_ev, sfig, actors, claimant, claimant_ev, stat_cues,
                                    _stats.counts(self.res, text, s, stat_cues, kept, True), ctx)]
        if stat_cues:
            cats = {_lex_category(self.res, c) for c in stat_cues}
            periodic = bool(cats & _stats.PERIOD_CATEGORIES)
            cn = _stats.counts(self.res, text, s, stat_cues, kept, periodic)
            if periodic and not sfig.any():
                cum = _stats.cumulative_figure(self.res, text, s, stat_cues)
                if cum is not None:   # "the total number of people killed since ... rose to 95"
                    sfig = _Figures()
                    setattr(sfig, "fatal" if cum[0] == "fatalities" else "injured", cum[1].value)
                    sfig.spans.append((cum[0], _ev(article, cum[1])))
            if cn.breaches is not None or (periodic and sfig.any() and not cn.repeated) or _stats.war_total(sfig):
                st = self._statistic(article, s, sentence_ev, sfig, actors, claimant, claimant_ev, stat_cues, cn, ctx)
                if cn.breaches is not None or _stats.war_total(sfig) or not _stats.short(st):
                    return [st]
                # "Shelling killed 12 civilians in Ariha during the past 24 hours": a
                # day's toll is also the event of the place the sentence names
                rep_stat = st
            if cn.repeated and rep_stat is None:
                rep_stat = self._statistic(article, s, sentence_ev, sfig, actors, claimant, claimant_ev,
                                           stat_cues, cn, ctx, kept)
        sub, sub_m = subtype(kept, figures, actors, s, text)
        if sub is None:
            return [rep_stat] if rep_stat else []
        if sent_text.rstrip().endswith(("?", "؟")):
            # a question asserts nothing, but the perpetrator it names is the context of the answer
            # ("... these attacks by the regime and Russia?" - "Turkish posts were targeted ...")
            a = actors[0]
            e = self.actors.get(a.id) if a is not None else None
            if e is not None and not e.generic and a.side not in ("CIVILIANS", "UNKNOWN"):
                ctx.last_actor1, ctx.last_actor1_at = a, s.start
            return []
        if _CONDITIONAL_START.match(sent_text) or _MODAL_AFTER.match(text[main.end:main.end + 30]):
            return []  # "If Latakia is cleared ...", "this offensive should be expanded": not a report
        if not figures.any() and not any(not _long_span(d) for d in s.of("date")) and self._habitual(text, s, main):
            # (a span of months is no day of its own: "over the past few months ... an increasing number of
            # IED attacks" is a trend, not an incident)
            return [rep_stat] if rep_stat else []  # "has repeatedly shelled their positions": recurring activity, no incident
        ps = s
        who = _WHO_CLAUSE.search(text, main.end, s.end)
        if who is not None and any(m.start < who.start() for m in s.of("place")):
            # "... an airstrike in rural Aleppo that killed dissidents, who had challenged the offensive in
            # Idlib": the places of a clause about people are not the event's
            ps = Sentence(start=s.start, end=s.end, mentions=tuple(
                m for m in s.mentions if not (m.kind == "place" and m.start >= who.start())))
        goal = _PURPOSE_CLAUSE.search(text, main.end, s.end)
        if goal is not None and any(main.end <= m.start < goal.start() for m in ps.of("place")):
            ps = Sentence(start=ps.start, end=ps.end, mentions=tuple(
                m for m in ps.mentions if not (m.kind == "place" and m.start >= goal.start())))
        rc = _RECALLED_CLAUSE.match(sent_text)
        if rc is not None and main.start >= s.start + rc.end() and any(
                m.start >= s.start + rc.end() for m in ps.of("place")):
            # "Since capturing Khan Sheikhoun, the army moved its forces to X": the recalled clause's
            # places are not the event's
            ps = Sentence(start=ps.start, end=ps.end, mentions=tuple(
                m for m in ps.mentions if not (m.kind == "place" and m.start < s.start + rc.end())))
        places = self._resolve_places(article, ps, ctx)
        if support(main, places, figures, actors, s, text) < MIN_SUPPORT:
            return [rep_stat] if rep_stat else []
        if len(places) > 1:
            # the event's own place first: the one nearest the figures, else the trigger (it gets the figures)
            focus = figures.spans[0][1].start if figures.spans else main.start
            places.sort(key=lambda p: (p.geo_precision >= 3, abs((p.evidence.start if p.evidence else focus) - focus)))
            if all(p.geo_precision >= 3 for p in places):
                places = places[:1]  # several regions named: the event's is the nearest
            elif sub in _TERRITORY_LABELS and len(places) >= _CAPTURE_LIST:
                # a list of villages taken the same day: one event per governorate, at the first
                # village named there (hills, wadis and farms go with it)
                seen_gov: set[str] = set()
                places = [p for p in sorted(places, key=lambda p: p.evidence.start if p.evidence else 0)
                          if not (p.admin1 in seen_gov or seen_gov.add(p.admin1))]
        continuation = (all(t.label == "*casualty" for t in kept) and not places and actors == (None, None)
                        and not s.of("date"))
        date_m, date, prec = ctx.date_for(s, agreement=sub == "Agreement")
        if date_m is not None and date_m.entry == "rule:date.v1":
            if date_m.start < _DATELINE_OPENING and not _DATE_PREP.search(text, max(0, date_m.start - 12), date_m.start):
                # "Date of publication 14 August 2016 ...", "14 Aug 2016 At least ...": the report's day
                date_m = replace(date_m, entry="rule:dateline.v1")
            else:
                ctx.event_dates.add(date_m.start)
        place_note = ""
        abroad = not places and ctx.abroad(s)
        if abroad and ctx.theatre_named:
            # an event abroad in a report about the theatre ("Iraqi forces launched an operation in the
            # province of Anbar", and the sentences after it in its paragraph): a place of the theatre
            # named elsewhere is not its place, and it lies outside the theatre Truceline codes
            return []
        if not places and not abroad:
            places = ctx.fallback_places(s)
            place_note = "place named in another sentence" if places else ""
        if not places and ctx.admin1_hint and not abroad:
            gov = self._governorate(article, ctx.admin1_hint)
            places = [gov] if gov is not None else []
            place_note = "governorate named in the article" if places else ""
        etype = ACLED_SUB_TO_TYPE[sub]
        how: list[str] = []  # what was taken from outside the sentence, for the notes
        infighting = ctx.infighting and actors[0] is not None and actors[1] is not None
        if infighting:  # "clashes between two factions": the side's own units, left as written
            (a1, n1), (a2, n2) = (actors[0], ""), (actors[1], "")
        else:
            a1, n1 = self._settle_generic(actors[0], 1, etype, sub, ctx, s, actors[1])
            a2, n2 = self._settle_generic(actors[1], 2, etype, sub, ctx, s, actors[0])
        how.extend(n for n in (n1, n2) if n)
        if sub == "Disrupted weapons use" and a1 is not None and a1.evidence is not None and (
                _WEAPON_OWNER_BEFORE.search(text, max(s.start, a1.evidence.start - 30), a1.evidence.start)
                or _WEAPON_OWNER_AFTER.match(text, a1.evidence.end, s.end)):
            a1, a2 = a2, a1  # "Army repels militant drone attack": the drone's owner is actor 2
        if sub == "Disrupted weapons use" and a2 is None and a1 is not None and a1.side not in ("UNKNOWN", "CIVILIANS") \
                and _INTERCEPTION.search(text, max(s.start, main.start - 30), min(s.end, main.end + 30)) \
                and "unknown_armed" in self.actors:
            # a drone or rocket shot down whose sender the text does not name: an unidentified armed group
            u = self.actors["unknown_armed"]
            a2 = Actor(id=u.id, name=u.name, inter=u.inter, side=u.side)
            how.append("sender of the intercepted weapon not named")
        if sub in _STRIKE_SUBS and a1 is not None and self.actors.get(a1.id) is not None \
                and self.actors[a1.id].strike_target in self.actors \
                and all(p.country in ("Syria", "") for p in places):  # (the convention is for strikes in
            # Syria; a name the gazetteer cannot place is not known to lie abroad)
            if a2 is not None and a2.evidence is not None and getattr(
                    self.actors.get(a2.evidence.source), "generic", False) and (
                    _ALLEGED_BEFORE.search(text, max(s.start, a2.evidence.start - 12), a2.evidence.start)
                    or _LINKED_TARGETS.match(text, a2.evidence.end, s.end)):
                a2 = None  # "strikes on alleged Iranian-linked targets": no party named
            if a2 is None:
                t = self.actors[self.actors[a1.id].strike_target]
                a2 = Actor(id=t.id, name=t.name, inter=t.inter, side=t.side)
                how.append("target not named: actor2 as ACLED codes this attacker's strikes")
        if sub in ("Government regains territory", "Armed clash") and a2 is None and a1 is not None \
                and a1.side in _PRO_GOV_SIDES and _UNNAMED_VICTIM in self.actors and not infighting:
            # a capture or a battle of government forces that names no opponent: the opposition group
            # the (sub-)article names (seeds conventions: a capture's loser is left empty only when the
            # report names none; in battles, HTS when the report names HTS as the force in the area)
            named = ctx.resolve_generic(self.actors[_UNNAMED_VICTIM], self.actors)
            if named is not None:
                a2 = Actor(id=named.id, name=named.name, inter=named.inter, side=named.side)
                how.append("actor2: the group the article names")
        if sub == "Other" and a2 is not None and _DEPLOYMENT.search(main.surface) and a1 is not None:
            a2 = None  # "the army is amassing troops near X in a move to kick the militants out": no target
        lp = ctx.last_pair
        if a1 is None and a2 is None and etype == "Battles" and lp is not None and lp[2] == etype \
                and s.start - lp[3] < 600:
            # "... fighting between HTS and Fa Ithbatu. Sarmada and Ariha were the focal points of
            # the confrontation.": a battle that names nobody continues the one just named
            a1, a2 = lp[0], lp[1]
            how.append("actors named in an earlier sentence")
        unidentified = sub in _UNIDENTIFIED_SUBS or bool(_ASSASSINATION.search(main.surface))
        if a1 is None and etype in ("Explosions/Remote violence", "Battles") and ctx.last_actor1 is not None \
                and not unidentified \
                and s.start - ctx.last_actor1_at < 600 and (a2 is None or a2.name != ctx.last_actor1.name):
            # the perpetrator named just before ("... by the regime. The shelling killed ..."); not for
            # a bombing, whose perpetrator is unidentified unless the text names it
            a1 = ctx.last_actor1
            how.append("actor1 named in an earlier sentence")
        elif sub in _FROM_AFAR and sub in ctx.last_by_weapon and (a1 is None or self._unnamed(a1)) \
                and (a2 is None or a2.name != ctx.last_by_weapon[sub].name):
            # "Russian warplanes pound Idlib ... warplanes also hit the village of X": a strike from afar
            # whose sentence names no attacker (or only "warplanes") is by the one the article named for
            # the same weapon kind, in its headline, lead or any earlier sentence (an Article is one
            # sub-article of a page); the actor keeps the span where it is named
            a1 = ctx.last_by_weapon[sub]
            how.append("actor1 named in an earlier sentence")
        if a2 is None and etype == "Violence against civilians":
            a2 = self._actor_by_side("CIVILIANS", None)  # ACLED: the target of violence against civilians
        civ_target = etype == "Violence against civilians" or (
            a2 is not None and a2.side == "CIVILIANS" and etype == "Explosions/Remote violence")
        if figures.civilian and not a2 and etype != "Battles":
            a2 = self._actor_by_side("CIVILIANS", None)
        if a1 and a2 and a1.name == a2.name and not infighting:
            a2 = None
        spans: list[tuple[str, Evidence]] = [("sub_event_type", _ev(article, sub_m))]
        if a1 and a1.evidence:
            spans.append(("actor1", a1.evidence))
        if a2 and a2.evidence:
            spans.append(("actor2", a2.evidence))
        if date_m is not None:
            spans.append(("event_date", _ev(article, date_m)))
        if claimant_ev is not None:
            spans.append(("claimant", claimant_ev))
        spans.extend(figures.spans)
        if a1 is not None and a1.side not in ("CIVILIANS", "UNKNOWN"):
            ctx.last_actor1, ctx.last_actor1_at = a1, s.start
            if sub in _FROM_AFAR and not self._unnamed(a1):
                ctx.last_by_weapon[sub] = a1
        if a1 is not None and a2 is not None:
            ctx.last_pair = (a1, a2, etype, s.start)
        if a1 is None and unidentified and "unknown_armed" in self.actors:
            # ACLED codes a bombing or attack whose perpetrator the text does not name as an unidentified group
            u = self.actors["unknown_armed"]
            a1 = Actor(id=u.id, name=u.name, inter=u.inter, side=u.side)
            how.append(_NOT_NAMED_NOTE)
        out: list[Event | Statistic] = []
        for i, place in enumerate(places or [None]):
            pspans = list(spans)
            if place is not None and place.evidence is not None:
                pspans.append(("location", place.evidence))
            first = i == 0
            out.append(Event(
                id=_sid(article.id, s.start, sub, place.name if place else "", i),
                article_id=article.id, event_type=etype, sub_event_type=sub,
                event_date=date, time_precision=prec,
                actor1=a1, assoc_actor_1=ctx.assoc1 if ctx.assoc1 and a1 and ctx.assoc1.name != a1.name else None,
                actor2=a2, place=place,
                fatalities=figures.fatal if first else None,
                injured=figures.injured if first else None,
                civilian_fatalities=figures.civilian if first else None,
                child_fatalities=figures.child if first else None,
                women_fatalities=figures.women if first else None,
                displaced=figures.displaced if first else None,
                claimant=claimant or article.outlet, outlet=article.outlet, stance=stance,
                civilian_targeting=civ_target, sentence=sentence_ev, spans=tuple(pspans),
                rule="rule:continuation.v1" if continuation else "rule:event.v1",
                notes="; ".join(x for x in (
                    "" if first or not figures.any() else "figures given once for the places listed",
                    APPROX_NOTE if first and figures.vague and figures.fatal is not None else "",
                    RISE_NOTE if first and figures.rise and figures.fatal is not None else "",
                    UNSPECIFIED_NOTE if first and figures.unspecified else "",
                    SPLIT_NOTE if first and figures.split else "",
                    INFERRED_NOTE if first and figures.inferred else "",
                    "background" if _is_background(date, date_m, article) else "",
                    _EARLIER_NOTE if _EARLIER.match(sent_text) else "", place_note, *how) if x),
            ))
        if rep_stat is not None and (figures.total is not None or rep_stat.counted in _stats.MUNITIONS):
            # an aggregate the casualty reader kept from the events; or the munitions of one attack
            # ("fired 30 missiles at the airbase"): the events stay as they are
            return [rep_stat, *out]
        if rep_stat is not None:
            # the events of a count of repeated attacks or of a day's toll: one per place the sentence
            # itself names (the ACLED unit), when the period is at most two days; else the statistic alone
            if place_note or not any(p is not None for p in places) or not _stats.short(rep_stat):
                return [rep_stat]
            out = [_note(e, _stats.STAT_NOTE + rep_stat.id) for e in out]
            return [rep_stat, *out]
        return out

    _HABITUAL = re.compile(r"\b(?:repeatedly|regularly|routinely|frequently|habitually|constantly|time and again|"
                           r"(?:almost|nearly) (?:daily|every day)|on a (?:daily|regular|weekly) basis|"
                           r"from time to time|every (?:day|night|week)|day after day|over and over|"
                           # a frequency adjective on the trigger noun: "repeated attacks", "frequent raids"
                           # ("continuous clashes" is the day's fighting in a daily report: not here)
                           r"repeated|recurrent|recurring|frequent|increasing number of|growing number of|"
                           # activity that goes on: "drone attacks never stopped", "a series of losses"
                           r"never stopped|a (?:series|string) of)\b|"
                           r"بشكل (?:شبه )?(?:يومي|متكرر|دوري|مستمر)|(?:شبه )?يومياً|يوميا\b|بين الحين والآخر|"
                           r"بين الحين والاخر|مرار[اً]|بشكل متواصل|على نحو متكرر", re.I)

    @classmethod
    def _habitual(cls, text: str, s: Sentence, t: Mention) -> bool:
        """A frequency adverb next to the trigger ("repeatedly shelled", "تستهدف بشكل شبه يومي")
        describes recurring activity, not one incident."""
        for m in cls._HABITUAL.finditer(text, max(s.start, t.start - 40), min(s.end, t.end + 80)):
            between = text[min(m.end(), t.end):max(m.start(), t.start)]
            if not _CLAUSE_BREAK.search(between) and "," not in between and "،" not in between:
                return True
        return False

    # -- negation --------------------------------------------------------------------------------
    @staticmethod
    def _negated(text: str, s: Sentence, t: Mention, negs: list[Mention]) -> bool:
        for n in negs:
            if n.end <= t.start and t.start - n.end <= 45:
                between = text[n.end:t.start]
                if _CLAUSE_BREAK.search(between) or "," in between or "،" in between:
                    continue
                return True
        return False

    # -- actors -----------------------------------------------------------------------------------
    @staticmethod
    def _unnamed(a: Actor) -> bool:
        """An attacker the text does not name: only the weapon ("warplanes", "الطيران"), read by
        default, or no span at all."""
        return a.evidence is None or a.evidence.source in _WEAPON_ONLY

    def _actor_by_side(self, side: str, m: Mention | None) -> Actor | None:
        for a in self.actors.values():
            if a.side == side and not a.generic:
                return Actor(id=a.id, name=a.name, inter=a.inter, side=a.side)
        return None

    def _mk_actor(self, article: Article, m: Mention, ctx: "_ArticleContext") -> Actor | None:
        entry = self.actors.get(m.entry)
        if entry is None:
            return None
        if entry.generic and entry.side != "OPPOSITION":
            # "Russian", "Turkish": the article's named actor of that side; unnamed opposition
            # fighters wait for the event type (``_settle_generic``)
            resolved = ctx.resolve_generic(entry, self.actors)
            if resolved is not None:
                entry = resolved
        return Actor(id=entry.id, name=entry.name, inter=entry.inter, side=entry.side, surface=m.surface,
                     evidence=_ev(article, m))

    _SUBORDINATE = re.compile(r"\b(?:backed by|supported by|with|alongside|allied (?:with|to)|of|after|against|"
                              r"loyal to|affiliated with|linked to|mediated by|brokered by|on|at|targeting|"
                              r"بدعم من|بمساندة|مع|ضد|على)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.I)
    _SPEAKER = re.compile(r"^\W{0,3}(?:'s\s+|’s\s+)?(?:\w+\s+){0,2}(?:spokesm[ae]n|spokesperson|official|officials|"
                          r"source|sources|ministry|media|agency|statement|said|says|told|reported|claimed|"
                          r"announced|stated|denied|presidential|accused|accuses|blamed|blames|condemned|condemns)\b", re.I)
    _JOINT = re.compile(r"^\s*(?:,\s*)?(?:and|backed by|supported by|with|alongside|together with|و|بدعم من)\s+"
                        r"(?:the\s+|their\s+|its\s+)?(?:\w+\s+){0,3}$", re.I)

    def _sentence_group(self, a: Actor, s: Sentence | None, other: Actor | None) -> Actor | None:
        """The armed group the sentence itself names for unnamed "terrorists"/"militants" ("after
        recent ISIS attacks ..., fighting between government troops and terrorists"): the nearest
        named non-state group before the word that is not the other party."""
        if s is None or a.evidence is None:
            return None
        best = None
        for m in s.of("actor"):
            e = self.actors.get(m.entry)
            if e is None or e.generic or e.inter not in (2, 3) or e.side in ("CIVILIANS", "UNKNOWN", "OTHER"):
                continue
            if m.end > a.evidence.start or (other is not None and (e.name == other.name or e.side == other.side)):
                continue
            best = Actor(id=e.id, name=e.name, inter=e.inter, side=e.side)
        return best

    def _settle_generic(self, a: Actor | None, role: int, etype: str, sub: str,
                        ctx: "_ArticleContext", s: Sentence | None = None,
                        other: Actor | None = None) -> tuple[Actor | None, str]:
        """Unnamed opposition fighters once the event type is known (the ACLED convention):
        in a battle they are the opposition group the article names ("militants" in a report
        that names HTS are HTS); otherwise "militants"/"terrorists" are an unidentified armed
        group, and the unnamed loser of a capture is left out.  Returns the actor and a note."""
        if a is None:
            return None, ""
        entry = self.actors.get(a.id)
        if entry is None or not entry.generic or entry.side != "OPPOSITION":
            return a, ""
        if a.id in _UNNAMED_MILITANTS:
            own = self._sentence_group(a, s, other)
            if own is not None:
                return replace(a, id=own.id, name=own.name, inter=own.inter, side=own.side), \
                    f"actor{role} '{a.surface}' read as the group the sentence names"
        if etype == "Battles":
            named = ctx.resolve_generic(entry, self.actors)
            if named is not None and other is not None and named.name == other.name:
                return a, ""  # "clashes between Fateh al-Sham and rebels": the rebels are not Fateh al-Sham
            if named is not None:
                return replace(a, id=named.id, name=named.name, inter=named.inter, side=named.side), \
                    f"actor{role} '{a.surface}' read as the group the article names"
            if role == 2 and sub in _TERRITORY_LABELS and a.id in _UNNAMED_MILITANTS:
                return None, ""  # "liberated the town from terrorists": the loser is not named
            return a, ""
        if a.id not in _UNNAMED_MILITANTS:
            return a, ""  # "rebels", "the opposition factions": the opposition, named as such
        if a.evidence is not None and _LOYAL.match(ctx.article.text, a.evidence.end):
            return a, ""  # "militants loyal to it": the text says whose they are
        u = self.actors.get("unknown_armed")
        if u is None:
            return a, ""
        return replace(a, id=u.id, name=u.name, inter=u.inter, side=u.side), ""

    def _actors(self, article: Article, s: Sentence, t0: Mention, ctx) -> tuple[Actor | None, Actor | None]:
        """Actor 1 (who acted) and actor 2 (against whom); the joint partner of actor 1 is kept as
        ``ctx.assoc1`` for the assoc_actor_1 column."""
        text = article.text
        ctx.assoc1 = None
        ctx.infighting = False
        ams = _longest(s.of("actor") + self._victim_actors(s))
        # speakers and sources are not parties to the event ("a Turkish presidential spokesman said")
        ams = self._patrons(text, ams)
        ams = [m for m in ams if not (self._SPEAKER.match(text[m.end:m.end + 40])
                                      and not _SELF_CLAIM.match(text, m.end)
                                      and not _overlaps(m, t0) and m.end <= t0.start)
               or self._is_victim(text, m, s)]
        if not ams:
            return None, None
        # every "between" rule needs the word (a cheap pre-test, as in common._may)
        has_between = _may(_lower_or_none(text[s.start:s.end]), ("between", "بين"))
        if t0.label != "Agreement" and has_between:
            # "shelling ... despite the ceasefire signed between Turkey and Russia": the parties of a
            # pact the sentence mentions are not parties of the event it reports
            pact: set[int] = set()
            for i, m in enumerate(ams):
                if m.start > t0.end and _PACT_BEFORE.search(text[max(s.start, m.start - 70):m.start]):
                    pact.add(id(m))
                    if i + 1 < len(ams) and _joined(text, m, ams[i + 1]):
                        pact.add(id(ams[i + 1]))
            if pact:
                ams = [m for m in ams if id(m) not in pact]
                if not ams:
                    return None, None
        a1m = a2m = None
        # "between X and Y"; "between two factions", "clashes between the factions": one side's infighting
        for i, m in enumerate(ams if has_between else ()):
            pre = text[max(s.start, m.start - 40):m.start]
            if _BETWEEN_TWO.search(pre) or (_BETWEEN_LOOSE.search(pre) and _FIGHT_BEFORE.search(
                    text[max(s.start, m.start - 70):m.start]) and self._is_plural_generic(m) and not (
                    i + 1 < len(ams) and _joined(text, m, ams[i + 1]))):
                a1m = a2m = m
                ctx.infighting = True
                break
            if _BETWEEN.search(pre[-12:]) and i + 1 < len(ams):
                a1m, a2m = m, ams[i + 1]
                if i + 2 < len(ams) and self._side_of(a2m) == self._side_of(m) \
                        and self._side_of(ams[i + 2]) != self._side_of(m) and _joined(text, a2m, ams[i + 2]) \
                        and _LIST_COMMA.match(text[m.end:a2m.start]):
                    # "clashes between HTS, the factions and the regime forces": the side listed last
                    a2m = ams[i + 2]
                break
        if a1m is None:
            # passive "by X"; Arabic agent after a nominal trigger: "قصف مدفعي لقوات النظام", "من قبل قوات الأسد"
            territory = t0.label in ("*territory", "Government regains territory", "Non-state actor overtakes territory")
            by_agent = False
            for m in ams:
                if territory and m.start >= t0.end and _FROM_BEFORE.search(text[max(s.start, m.start - 10):m.start]):
                    continue  # "recaptured 8 villages from HTS": HTS lost them
                if m.start >= t0.end and not self._is_civilians(m) and (
                        (_BY.search(text[max(s.start, m.start - 10):m.start])
                         and not _BY_OTHER.search(text[max(s.start, m.start - 30):m.start])) or
                        (article.language == "ar" and m.start - t0.end <= 30
                         and _AR_AGENT.match(text[t0.end:m.start]))):
                    a1m, by_agent = m, True
                    break
            victims = {id(m) for m in ams if self._is_victim(text, m, s) or self._passive_target(text, m, t0)}
            before = [m for m in ams if (m.end <= t0.start or _overlaps(m, t0)) and id(m) not in victims
                      and self._side_of(m) != "CIVILIANS"]  # civilians are the targets, not the attackers
            after = [m for m in ams if m.start >= t0.end and m is not a1m and not _overlaps(m, t0)]
            victim_ms = [m for m in ams if id(m) in victims]
            if a1m is None and before:
                # the head of the subject: the first actor not inside a subordinate phrase
                heads = [m for m in before if not self._SUBORDINATE.search(text[max(s.start, m.start - 30):m.start])]
                a1m = heads[0] if heads else before[-1]
                partners = [m for m in before if m is not a1m and m.start > a1m.start
                            and self._JOINT.match(text[a1m.end:m.start] if m.start - a1m.end < 60 else "x")]
                if partners:
                    pa = self._mk_actor(article, partners[0], ctx)
                    if pa is not None and pa.name != (self.actors[a1m.entry].name if a1m.entry in self.actors else ""):
                        ctx.assoc1 = pa
                if a2m is None:
                    # "Factions target regime forces ... and airstrikes on X": the object of the
                    # subject's own verb (an earlier trigger, "at the expense of") is its target
                    a2m = self._object_of_subject(text, s, a1m, [m for m in before if m not in partners])
            if a1m is None and not before:
                # "Russian warplanes" after an undirected trigger ("airstrikes by ..." handled above)
                cand = [m for m in after if not _TARGET_PREP.search(text[max(s.start, m.start - 30):m.start])
                        and not (has_between and _BETWEEN_LOOSE.search(text[max(s.start, m.start - 30):m.start]))
                        and not self._is_civilians(m)]  # "shells hit the homes of civilians"
                if cand and id(cand[0]) not in victims:
                    a1m = cand[0]
            if a1m is None and len(victim_ms) >= 2 and self._side_of(victim_ms[0]) != self._side_of(victim_ms[1]):
                # "three HTS fighters and two soldiers were killed": the two sides of the fight
                a1m, a2m = victim_ms[0], victim_ms[1]
                victim_ms = []
            # "Coalition air strikes, Turkish army kill eight IS militants": a second subject of
            # the verb after it is a partner of actor 1, not its target
            trig_starts = [t.start for t in s.of("trigger")]
            co_subj = [m for m in after if a1m is not None and _CO_SUBJECT.match(text[t0.end:m.start])
                       and any(0 <= ts_ - m.end <= 2 for ts_ in trig_starts)]
            if co_subj and ctx.assoc1 is None:
                pa = self._mk_actor(article, co_subj[0], ctx)
                if pa is not None and pa.name != (self.actors[a1m.entry].name if a1m.entry in self.actors else ""):
                    ctx.assoc1 = pa
            after = [m for m in after if m not in co_subj]
            if by_agent:
                # "an attack by the factions and Al-Nusra on regime forces": the agent's partner
                joint = [m for m in after if m.start > a1m.end and m.start - a1m.end < 60
                         and self._JOINT.match(text[a1m.end:m.start])]
                if joint:
                    if ctx.assoc1 is None:
                        pa = self._mk_actor(article, joint[0], ctx)
                        if pa is not None and pa.name != (self.actors[a1m.entry].name if a1m.entry in self.actors else ""):
                            ctx.assoc1 = pa
                    after = [m for m in after if m is not joint[0]]
            rest = [m for m in after if m is not a1m and not (ctx.assoc1 and m.start < t0.start)] + \
                [m for m in victim_ms if m is not a1m]
            if by_agent and a2m is None and _BY.search(text[max(s.start, a1m.start - 10):a1m.start]):
                # "the Turkish forces find themselves encircled by the Syrian army": the passive
                # subject is the target
                subj = [m for m in before if m.end <= t0.start and self._side_of(m) != self._side_of(a1m)]
                if subj:
                    rest = subj[:1] + rest
            if rest and a2m is None:
                a2m = rest[0]
        if a2m is None:
            civ = [m for m in ams if self._side_of(m) == "CIVILIANS" and m is not a1m]
            if civ:
                a2m = civ[0]
        a1 = self._mk_actor(article, a1m, ctx) if a1m else None
        a2 = self._mk_actor(article, a2m, ctx) if a2m else None
        if a1 is not None and a2 is not None and a1.name == a2.name and not ctx.infighting:
            a2 = None
        return a1, a2

    def _object_of_subject(self, text: str, s: Sentence, a1m: Mention, cands: list[Mention]) -> Mention | None:
        """The first actor after the subject ``a1m`` that a trigger or an "at the expense of" phrase
        links to it, inside one clause: "Factions target regime forces", "X advance at the expense of Y"."""
        trigs = s.of("trigger")
        for m in cands:
            if m.start <= a1m.end or self.actors.get(m.entry) is None:
                continue
            between = text[a1m.end:m.start]
            if m.start - a1m.end > 120 or _CLAUSE_BREAK.search(between) or ";" in between or "؛" in between:
                return None
            if self._side_of(m) == "CIVILIANS" and self._side_of(a1m) == "CIVILIANS":
                continue
            if (_TO_SITE_BEFORE.search(between) and _SITE_AFTER.match(text, m.end)) or _AT_EXPENSE.search(between) or any(
                    a1m.end <= t.start and t.end <= m.start and not _LIST_AFTER.match(text, t.end) for t in trigs):
                return m  # (not "Coalition air strikes, Turkish army kill ...": a list of subjects)
        return None

    def _is_civilians(self, m: Mention) -> bool:
        e = self.actors.get(m.entry)
        return e is not None and e.side == "CIVILIANS" and e.inter == 7

    def _is_plural_generic(self, m: Mention) -> bool:
        e = self.actors.get(m.entry)
        return e is not None and e.generic and e.side in ("OPPOSITION", "UNKNOWN") and bool(_PLURAL.search(m.surface))

    def _patrons(self, text: str, ams: list[Mention]) -> list[Mention]:
        """Patrons are not parties: "the US-backed Revolutionary Commando Army" is the group, and
        "militants loyal to the regime" / "المسلحين الموالين لقوات النظام" are the patron's side
        (the phrase is the evidence).  Returns the mentions with patrons folded in."""
        out: list[Mention] = []
        skip: set[int] = set()
        for i, m in enumerate(ams):
            if i in skip:
                continue
            nxt = ams[i + 1] if i + 1 < len(ams) else None
            if nxt is not None and _BACKED_PREFIX.match(text, m.end) and 0 <= nxt.start - m.end <= 30:
                continue  # "US-backed X", "Turkish-backed factions": X acts, the patron does not
            e = self.actors.get(m.entry)
            if e is not None and e.generic and e.inter == 8 and (
                    _MADE_IN.match(text, m.end) or _WEAPON_BEFORE.search(text[max(0, m.start - 40):m.start])):
                continue  # "Russian-made shells", "بقذائف كراسنبول الروسية": where a weapon comes from
            if nxt is not None and " " not in m.surface.strip() and m.surface.islower() \
                    and _OF_GROUP.match(text[m.end:nxt.start]):
                continue  # "a coalition of militant groups": the groups are the actor, not a coalition
            if nxt is not None and e is not None and e.generic and e.side in ("OPPOSITION", "UNKNOWN") \
                    and _PARTITIVE.match(text[m.end:nxt.start]) and self.actors.get(nxt.entry) is not None \
                    and not self.actors[nxt.entry].generic:
                continue  # "armed groups of the SDF militia", "مجموعات مسلحة من ميليشيا قسد": the named group
            prev_m = ams[i - 1] if i else None
            if prev_m is not None and _PAREN_OPEN.match(text[prev_m.end:m.start]) \
                    and ")" in text[m.end:m.end + 60]:
                continue  # "HTS (formerly the Syrian branch of al-Qaeda)": a description of HTS
            if nxt is not None and e is not None and e.generic and _APPOSITION.match(text[m.end:nxt.start]) \
                    and self.actors.get(nxt.entry) is not None and not self.actors[nxt.entry].generic \
                    and self.actors[nxt.entry].side == e.side:
                continue  # "al-Qaeda-linked groups, Fa Ithbatu": the appositive name says which group
            via_victims = m.attr("via", "").startswith("victims:")
            if (via_victims or (e is not None and (e.generic or e.side == "UNKNOWN"))) \
                    and (e is None or e.side in ("OPPOSITION", "UNKNOWN")):
                lm = _LOYAL_TO.match(text, m.end)  # ("gunmen loyal to the regime": not unidentified)
                prev_named = out[-1] if out and self.actors.get(out[-1].entry) is not None \
                    and not self.actors[out[-1].entry].generic else None
                if not lm and prev_named is not None and _THEIR_OWN.match(text[prev_named.end:m.start]):
                    # "the regime forces and their armed militants": the militants are the regime's
                    pe = self.actors[prev_named.entry]
                    if pe.inter != 8 and pe.side not in ("CIVILIANS", "UNKNOWN"):
                        out.append(Mention(kind="actor", start=m.start, end=m.end, surface=m.surface,
                                           entry=prev_named.entry, label=prev_named.label,
                                           attrs=(("via", "their:" + m.entry),)))
                        continue
                if lm:
                    patron, pm = None, None
                    if nxt is not None and 0 <= nxt.start - lm.end() <= 2:
                        patron, skip_i = nxt, i + 1
                    else:
                        pm = _PRONOUN_PATRON.match(text, lm.end())
                        prev = [p for p in out if self.actors.get(p.entry) is not None
                                and not self.actors[p.entry].generic] if pm else []
                        patron, skip_i = (prev[-1] if prev else None), -1
                    pe = self.actors.get(patron.entry) if patron is not None else None
                    # a foreign state's proxies are not its forces ("factions loyal to the Turkish
                    # forces" are Syrian factions): only the country's own state and armed groups
                    if pe is not None and pe.inter != 8 and pe.side not in ("CIVILIANS", "UNKNOWN"):
                        end = patron.end if skip_i >= 0 else pm.end()
                        out.append(Mention(kind="actor", start=m.start, end=max(end, m.end),
                                           surface=text[m.start:max(end, m.end)], entry=patron.entry,
                                           label=patron.label, attrs=(("via", "loyal:" + m.entry),)))
                        if skip_i >= 0:
                            skip.add(skip_i)
                        continue
            out.append(m)
        return out

    def _governorates_named(self, text: str) -> set[str]:
        """The governorates a sentence names, as written ("in Aleppo Hama", "Damascus Homs & Aleppo")."""
        if self._gov_rx is None:
            return set()
        return {self._gov_names[m.group(0).lower()] for m in self._gov_rx.finditer(text)
                if m.group(0).lower() in self._gov_names}

    def _governorate(self, article: Article, admin1: str) -> Place | None:
        """The governorate the article names, as a precision-3 place for an event with no place of its own."""
        try:
            p = self.gaz.resolve(admin1, lang="en", precision_cue="region")
        except Exception:  # a gazetteer bug must not lose the event
            return None
        if p is None:
            return None
        return replace(p, geo_precision=3, evidence=None)

    def _side_of(self, m: Mention) -> str:
        e = self.actors.get(m.entry)
        return e.side if e is not None else ""

    def _victim_actors(self, s: Sentence) -> list[Mention]:
        """Victim words with a side ("soldiers", "fighters") stand for that side's actor when no actor
        name covers them; their entry is the side's default actor."""
        out = []
        actors = s.of("actor")
        for v in s.of("lex:victims"):
            e = self.res.lex_entry(v.entry)
            hint = getattr(e, "side_hint", "") if e is not None else ""
            if not hint or hint in ("UNKNOWN", "CIVILIANS") or any(
                    _overlaps(v, a) or 0 <= v.start - a.end <= 2 for a in actors):
                continue  # "HTS fighters": the name already says whose fighters
            # "a militant", "terrorist": an unnamed fighter of no stated side, settled like "militants"
            aid = _UNNAMED_VICTIM if hint == "OPPOSITION" and _UNNAMED_VICTIM in self.actors \
                and _MILITANT_WORD.search(v.surface) else self._default_actor_for_side(hint)
            if aid:
                out.append(Mention(kind="actor", start=v.start, end=v.end, surface=v.surface,
                                   entry=aid, label="", attrs=(("via", "victims:" + v.entry),)))
        return out

    def _default_actor_for_side(self, side: str) -> str:
        cache = self.__dict__.setdefault("_side_default", {})
        if side not in cache:
            cands = [a for a in self.actors.values() if a.side == side and not a.parent and not a.generic]
            generic = [a for a in self.actors.values() if a.side == side and a.generic]
            # a side of many groups (the opposition) is named generically, a state by its forces
            pick = ((generic or cands) if side == "OPPOSITION" else (cands or generic) or [None])[0] \
                if (generic or cands) else None
            cache[side] = pick.id if pick is not None else ""
        return cache[side]

    _PASSIVE = re.compile(r"^[^.;:]{0,40}?\b(?:was|were|had been|has been|have been|being|got|came under)\s+"
                          r"(?:\w+ly\s+|also\s+|again\s+|repeatedly\s+)?$", re.I)

    _PASSIVE_NEAR = re.compile(r"^\s*(?:was|were|had been|has been|have been|came under|come under)\s+"
                               r"(?:\w+ly\s+|also\s+|again\s+)?(?:targeted|attacked|hit|struck|shelled|bombed|"
                               r"stormed|ambushed|raided|besieged|surrounded|encircled|shot|fired upon|fired on|"
                               r"\w+ed\s+by)\b", re.I)

    def _passive_target(self, text: str, m: Mention, t0: Mention) -> bool:
        """'Turkish military posts were targeted': the subject of a passive trigger is its target."""
        if m.end > t0.start:
            return False
        return bool(self._PASSIVE.match(text[m.end:t0.start]) or self._PASSIVE_NEAR.match(text[m.end:m.end + 40]))

    @staticmethod
    def _is_victim(text: str, m: Mention, s: Sentence) -> bool:
        """An actor followed by a casualty verb ('two soldiers were killed') or preceded by a number."""
        after = text[m.end:min(s.end, m.end + 25)].lower()
        before = text[max(s.start, m.start - 12):m.start]
        if _VICTIM_VERB.match(after) or _VICTIM_CAPTURED.match(after):
            return True
        if _VICTIM_ROLE_NP.match(text, m.end, min(s.end, m.end + 90)):
            return True
        if _COUNTED_MEMBERS.search(text[max(s.start, m.start - 45):m.start]) and any(
                x.kind == "lex:casualty" or x.label == "*casualty" for x in s.mentions):
            return True  # ("kill 24 fighters of the factions", "9 members of HTS are killed")
        if _VICTIM_COUNT.search(before):
            return True
        wide = text[max(s.start, m.start - 30):m.start]
        if _VICTIM_OBJECT.search(wide):
            return True
        return False

    # -- claimant ---------------------------------------------------------------------------------
    _FOLLOWS = ("according", "citing", "cited", "quoted", "quoting", "بحسب", "حسب", "وفق", "نقلا", "نقلاً")
    _NP_AFTER = re.compile(r"\s*(?:to\s+)?(?:the\s+)?([A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|al-\w+|for|and|on|in)){0,7})")
    _NP_BEFORE = re.compile(r"(?:^|[,.;:\n\"“”]\s*|\b(?:and|while|as)\s+)((?:the\s+|a\s+|an\s+)?[\w'’. -]{2,80}?)\s*$", re.I)

    def _claimant(self, article: Article, s: Sentence) -> tuple[str, Evidence | None]:
        """Who asserts the sentence: 'according to X', 'X said/reported/claimed', 'X told Y'."""
        names = [m for m in s.mentions if m.kind in ("place", "actor", "outlet")]
        text = article.text
        # a cue word inside a name is no cue: "the village of Arab Said", "Said Agha"
        claims = [c for c in s.of("lex:claim") if not any(n.start <= c.start and c.end <= n.end for n in names)
                  and not (c.surface[:1].isupper() and c.start > s.start and _NAME_BEFORE.search(text, s.start, c.start))]
        cues = [c for c in claims if _lex_category(self.res, c) not in ("source",)] or claims
        if not cues:
            return "", None
        srcs = [m for m in s.mentions if m.kind in ("outlet", "actor")
                and _lex_category(self.res, m) != "civilian" and m.entry != "civilians"]
        text = article.text
        for c in cues:
            low = c.surface.lower()
            if low.startswith(self._FOLLOWS):
                cand = [m for m in srcs if 0 <= m.start - c.end <= 25]
                if cand:
                    return self._claim_name(cand[0]), _ev(article, cand[0])
                m = self._NP_AFTER.match(text, c.end, s.end)
                if m and m.group(1):
                    a, b = m.start(1), m.end(1)
                    while b > a and text[b - 1] in ".-":
                        b -= 1
                    return text[a:b], evidence(article, a, b, "rule:claimant.v1")
                # lower-case or Arabic: the words after the cue up to punctuation
                m = _WORDS_AFTER.match(text[c.end:s.end])
                if m:
                    a, b = c.end + m.start(1), c.end + m.end(1)
                    return text[a:b], evidence(article, a, b, "rule:claimant.v1")
                continue
            # "X said": the noun phrase right before the cue, inside the same clause
            cand = [m for m in srcs if 0 <= c.start - m.end <= 3]
            if cand:
                return self._claim_name(cand[-1]), _ev(article, cand[-1])
            m = self._NP_BEFORE.search(text[s.start:c.start])
            if m:
                a, b = s.start + m.start(1), s.start + m.end(1)
                phrase = text[a:b].strip()
                words = phrase.split()
                if 1 <= len(words) <= 8 and phrase.lower() not in ("he", "she", "it", "they", "we", "i", "the", "who"):
                    if words[0].lower() in ("the", "a", "an"):
                        a += len(text[a:b]) - len(text[a:b].lstrip()) + len(words[0]) + 1
                    if b > a:
                        return text[a:b], evidence(article, a, b, "rule:claimant.v1")
        return "", None

    def _claim_name(self, m: Mention) -> str:
        if m.kind == "outlet":
            o = self.res.outlets.get(m.entry)
            return o.name if o else m.surface
        return m.surface

    def _statistic(self, article, s, sentence_ev, figures, actors, claimant, claimant_ev, cues, cn, ctx,
                   triggers: list[Mention] | None = None) -> Statistic:
        """One Statistic (statistics.py): its counts, period, actors, place, claimant and a span per value.
        ``triggers`` (a count of repeated attacks): actor 1 is who made the attack counted."""
        text = article.text
        a1, a2 = actors
        rule = "rule:statistic.v1"
        if triggers:
            rule = "rule:statistic.repeat.v1"
            cue = cn.counted_cue
            # the clause of the count: "Regime forces keep targeting civilians, as Russian warplanes have
            # carried out more than 15 raids ...": the raids are Russia's
            c0 = s.start
            if cn.count_m is not None:
                for m in _COUNT_CLAUSE.finditer(text, s.start, cn.count_m.start):
                    c0 = m.end()
            sub = Sentence(start=c0, end=s.end, mentions=tuple(m for m in s.mentions if m.start >= c0)) \
                if c0 > s.start else s
            in_sub = [m for m in triggers if m.start >= c0] or triggers
            t = min(in_sub, key=lambda m: abs(m.start - cue.start)) if cue is not None else in_sub[0]
            if cue is not None and t.end <= cue.start and _CLAUSE_BREAK.search(text[t.end:cue.start]):
                t = cue   # the count's own noun ("15 raids") when no trigger shares its clause
            a1, a2 = self._actors(article, sub, t, ctx)
            if a1 is None and sub is not s:
                a1, a2 = self._actors(article, s, t, ctx)
            sub = t.label if t.label in ACLED_SUB_TO_TYPE else "Shelling/artillery/missile attack"
            etype = ACLED_SUB_TO_TYPE[sub]
            a1, _ = self._settle_generic(a1, 1, etype, sub, ctx, s, a2)
            a2, _ = self._settle_generic(a2, 2, etype, sub, ctx, s, a1)
            if a1 is not None and a2 is not None and a1.name == a2.name:
                a2 = None
        # a party that only speaks is no actor of the count ("... four times, the Reconciliation Center said")
        if a2 is not None and a2.evidence is not None and self._SPEAKER.match(text[a2.evidence.end:a2.evidence.end + 40]):
            a2 = None
        if not claimant:
            o = _stats.reporter(self.res, text, s, cues)
            if o is not None:   # "وثق فريق منسقو استجابة سوريا ...": the monitor that counted
                claimant, claimant_ev = self._claim_name(o), _ev(article, o)
        cats = {_lex_category(self.res, c) for c in cues}
        if rule == "rule:statistic.v1" and cats & {"since", "year_to_date"} and "total" in cats:
            rule = "rule:statistic.cumulative.v1"   # "the death toll since the ceasefire took effect rose to 95"
        pub_prec = {"day": 1, "week": 2, "month": 3, "year": 3}.get(article.published_precision or "day", 2)
        ref = _stats.report_day(self.res, s, cues, article.published)
        got = _stats.period(self.res, text, s, cues, ref, pub_prec)
        if got is not None:
            d0, d1, prec, d_m = got
        elif _stats.war_total(figures) and not any(m.value is not None for m in s.of("date")):
            d_m, d0, d1, prec = None, None, ref, 3   # a war's toll up to the report: its start unsaid
        else:
            d_m, d0, prec = ctx.date_for(s)
            d1 = d_m.attr("end_date") if d_m is not None and d_m.attr("end_date") else None
            prec = max(prec, 3) if d1 else prec
            if d1 is None and d0 is not None and prec == 1:
                d1 = d0   # "on Tuesday": a one-day period
        places = self._resolve_places(article, s, ctx)
        place = places[0] if places else None
        spans: list[tuple[str, Evidence]] = []
        if cn.breaches_m is not None:
            spans.append(("breaches", _ev(article, cn.breaches_m)))
        if cn.count_m is not None:
            spans.append(("count", _ev(article, cn.count_m)))
        if cn.counted_cue is not None and cn.counted_cue is not cn.count_m:
            spans.append(("counted", _ev(article, cn.counted_cue)))
        if d_m is not None:
            spans.append(("period", _ev(article, d_m)))
        if a1 is not None and a1.evidence is not None:
            spans.append(("actor1", a1.evidence))
        if a2 is not None and a2.evidence is not None:
            spans.append(("actor2", a2.evidence))
        if place is not None and place.evidence is not None:
            spans.append(("location", place.evidence))
        if claimant_ev is not None:
            spans.append(("claimant", claimant_ev))
        spans.extend(figures.spans)
        return Statistic(
            id=_sid(article.id, s.start, "statistic"), article_id=article.id, period_start=d0, period_end=d1,
            time_precision=prec, actor1=a1, actor2=a2,
            place=place, breaches=cn.breaches, fatalities=figures.fatal,
            injured=figures.injured, civilian_fatalities=figures.civilian, child_fatalities=figures.child,
            women_fatalities=figures.women, displaced=figures.displaced, count=cn.count, counted=cn.counted,
            claimant=claimant or article.outlet, outlet=article.outlet, sentence=sentence_ev,
            spans=tuple(spans), rule=rule)

    # -- places -----------------------------------------------------------------------------------
    def _admin1_of(self, surface: str) -> str | None:
        """``Gazetteer.admin1_of_name``, memoised by surface."""
        memo = self._admin1_memo
        try:
            return memo[surface]
        except KeyError:
            pass
        a1 = self.gaz.admin1_of_name(surface)
        _memo_put(memo, surface, a1)
        return a1

    def _resolve(self, surface: str, lang: str, hint: str | None, near: list, cue: str | None,
                 start: int, end: int, article_id: str, place_like: bool) -> Place | None:
        """``Gazetteer.resolve`` memoised by everything but the span: the answer depends on the span
        only through its evidence (``article_id``, ``start``, ``end``; set when the span has the
        surface's length), which is rewritten for the span asked about."""
        with_ev = bool(article_id and 0 <= start <= end and end - start == len(surface))
        key = (surface, lang, hint, tuple(near), cue, place_like, with_ev)
        memo = self._resolve_memo
        try:
            p = memo[key]
        except KeyError:
            p = self.gaz.resolve(surface, lang=lang, admin1_hint=hint, near=near, precision_cue=cue,
                                 start=start, end=end, article_id=article_id, place_like=place_like)
            _memo_put(memo, key, p)
            return p
        if p is not None and p.evidence is not None:
            ev = p.evidence
            if ev.article_id != article_id or ev.start != start or ev.end != end:
                p = replace(p, evidence=replace(ev, article_id=article_id, start=start, end=end))
        return p

    def _beyond_reach(self, p: Place, locator: Place) -> bool:
        """True when ``p`` cannot be the place a direction from ``locator`` points to: it lies in a
        governorate that is neither the locator's nor a neighbour of it, farther than
        _DIRECTION_REACH_KM ("east of Aleppo" reaches Jarabulus; a border village of Hama "south-west
        of Idlib" stays)."""
        if p.latitude is None or locator.latitude is None or not p.admin1 or not locator.admin1 \
                or p.admin1 == locator.admin1:
            return False
        a1 = getattr(self.gaz, "admin1", {}).get(locator.admin1)
        if a1 is None or p.admin1 in a1.neighbors:
            return False
        return distance_km(p.latitude, p.longitude, locator.latitude, locator.longitude) > _DIRECTION_REACH_KM

    def _resolve_places(self, article: Article, s: Sentence, ctx: "_ArticleContext",
                        head_only: bool = False) -> list[Place]:
        pms = s.of("place") if not head_only else [
            m for m in self.ex.context_mentions(article, s.start, s.end) if m.kind == "place"]
        blockers = [m for m in s.mentions if m.kind in ("actor", "outlet")]
        pms = [m for m in pms if not any(_overlaps(m, b) and (b.end - b.start) > (m.end - m.start) for b in blockers)
               # an outlet's name is no place ("according to SANA"), unless in a place slot ("in al-Mayadeen")
               and not any(b.kind == "outlet" and b.start == m.start and b.end == m.end
                           and not _PLACE_SLOT.search(text_before(article.text, s.start, m.start)) for b in blockers)
               and m.attr("cue", "") not in ("origin", "claimant")
               and not _TIME_ZONE.match(article.text, m.end)  # "Damascus time": a clock, not a place
               and not _PERSON_APPOSITION.match(article.text, m.end)]  # "Hammam Issa, a journalist": a person
        # an Arabic name the gazetteer does not know that the dictionaries know as a word of another
        # kind ("قرى X وY وأكد", "في قرية الزر قتلوا"): a verb, a casualty word, a victim noun -- not a
        # place (English unknown names are capitalised runs: "Arab Said" stays)
        words = [m for m in s.mentions if m.kind not in ("place", "number", "date")]
        pms = [m for m in pms if m.attr("known") is not False or not _ARABIC_NAME.search(m.surface)
               or not any(_overlaps(m, w) for w in words)]
        # "Sajou, which lies near A'zaz and 43 kilometers (26 miles) north of Aleppo": a place measured
        # from is a locator, not a place of the event (when the sentence names another)
        far = [m for m in pms if _DISTANCE_FROM.search(article.text, max(s.start, m.start - 60), m.start)]
        if far and len(far) < len(pms):
            pms = [m for m in pms if m not in far]
        if not pms:
            return []
        lang = article.language or "en"
        hint = None
        hint_at = -1
        for m in pms:
            a1 = self._admin1_of(m.surface)
            if a1:
                hint, hint_at = a1, m.start
        own_hint = hint is not None
        hint = hint or ctx.admin1_hint
        resolved: list[Place] = []
        kept_ms: list[Mention] = []
        for m in pms:
            cue = m.attr("cue", "") or None
            try:
                place_like = m.attr("known") is False or cue in ("near", "outskirts", "direction")
                p = self._resolve(m.surface, lang, hint, ctx.near(), cue, m.start, m.end, article.id, place_like)
                far = own_hint and abs(hint_at - m.start) > _HINT_REACH and _COORDINATED.search(
                    article.text, min(m.end, hint_at), max(m.start, hint_at))
                if p is None and hint is not None and (not own_hint or far) and m.attr("known") is not False \
                        and _PLACE_SLOT.search(text_before(article.text, s.start, m.start)) \
                        and not _quarter(article.text, s.start, m):
                    # a governorate named in another sentence does not veto a name the gazetteer
                    # knows elsewhere (an article that moves from Homs to Idlib); a quarter of a city
                    # ("rockets hit al-Hamidiyeh neighbourhood") is not a village of another
                    # governorate: the sentence keeps the article's place
                    p = self._resolve(m.surface, lang, None, ctx.near(), cue, m.start, m.end, article.id,
                                      place_like)
            except Exception as e:  # a gazetteer bug must not lose the article
                log.warning("E401 %s: cannot resolve %r: %s", article.id, m.surface, e)
                p = None
            if p is not None and hint is not None and p.admin1 and p.admin1 != hint \
                    and p.geo_precision < 3 and _quarter(article.text, s.start, m):
                # a quarter of a city ("al-Hamidiyeh neighbourhood") lies in the governorate the
                # sentence or article is about; a homonym of another governorate is not it
                p = None
            if p is not None and p.feature_code == "ADM1" and m.attr("cue") == "region":
                d = _DESERT_AFTER.match(article.text, m.end)
                if d:    # "the Homs desert": the desert region of the governorate, named as written
                    p = replace(p, name=f"{m.surface} {d.group(1)}", geo_precision=3)
            if p is None and m.attr("known") is not False and (cue in ("near", "outskirts") or _NEAR_LIST.search(
                    text_before(article.text, s.start, m.start, 40))) and not self.gaz.lookup(m.surface, lang):
                # a name the gazetteer knows only by a guess at its spelling ("Kabajab" ~ Qabajib), which
                # the governorate of the sentence rules out: kept as written, like an unknown name
                p = Place(name=m.surface, surface=m.surface, admin1="", geo_precision=2)
            if p is None and m.attr("known") is False:
                p = Place(name=m.surface, surface=m.surface, admin1=hint or "",
                          geo_precision=2 if cue in ("near", "outskirts", "direction") else 1)
            if p is None:
                continue
            if p.evidence is None:
                p = replace(p, evidence=_ev(article, m))
            resolved.append(p)
            kept_ms.append(m)
        if not resolved:
            return []
        # a place that only locates the one before it ("Sarmin, east of Idlib", "سرمين شرقي إدلب") is context
        # a village the gazetteer cannot place, located by the town or region after it ("قرية الكفير
        # بريف جسر الشغور", "حي X في مدينة Y", "the village of X in the countryside of Y"): the name
        # stays as written, the point is the locator's, precision 2 (a town) or 3 (a region), and
        # gazetteer_id says where the point came from ("located:<id>")
        located = []
        named_sites: set[int] = set()   # places named in the text, whatever the precision of their point
        for i, (p, m) in enumerate(zip(resolved, kept_ms)):
            prev = kept_ms[i - 1] if i else None
            if prev is None or not 0 <= m.start - prev.end <= 25:
                located.append(p)
                continue
            pp, gap = resolved[i - 1], _text_between(article.text, prev, m)
            # "al-Maleh north of Aleppo": a place a direction locates lies in or next to its locator's
            # governorate; a homonym the gazetteer knows far away (a village of As-Sweida) is not the one
            # meant, the name is located by the locator as if the gazetteer did not know it
            far = m.attr("cue") == "direction" and self._beyond_reach(pp, p)
            if (pp.latitude is None or far) and p.latitude is not None and p.geo_precision <= 3 and located \
                    and located[-1] is pp and not _LIST_SEP.search(gap) \
                    and (m.attr("cue") in ("direction", "region") or _IN_GAP.match(gap)):
                pev = pp.evidence if not far or pp.evidence is None else \
                    replace(pp.evidence, source=f"located:{p.gazetteer_id}")
                located[-1] = replace(p, name=pp.surface if far else pp.name, surface=pp.surface, evidence=pev,
                                      geo_precision=max(2, p.geo_precision), feature_code="",
                                      gazetteer_id=f"located:{p.gazetteer_id}")
                named_sites.add(id(located[-1]))
                continue
            if m.attr("cue") in ("direction", "region") and pp.geo_precision < 3:
                continue
            located.append(p)
        resolved = located
        # a site the gazetteer cannot place, located by the town it is near ("Mariam camp near
        # Maarat Misrin", "مخيم مريم بالقرب من مدينة معرة مصرين"): the event is near that town
        if len(resolved) > 1:
            ms = {id(p): m for p, m in zip(resolved, kept_ms)}
            folded = []
            for i, p in enumerate(resolved):
                nxt = resolved[i + 1] if i + 1 < len(resolved) else None
                if p.latitude is None and nxt is not None and nxt.latitude is not None \
                        and ms[id(nxt)].attr("cue") in ("near", "outskirts") \
                        and 0 <= ms[id(nxt)].start - ms[id(p)].end <= _NEAR_GAP \
                        and not _LIST_SEP.search(_text_between(article.text, ms[id(p)], ms[id(nxt)])):
                    continue
                folded.append(p)
            resolved = folded
        # a region listed with a town as a place of its own ("moved their forces to the al-Ghab Plain
        # and Ta'manah", "shelled Kafr Nabl and Jabal al-Zawiya"): each is a location (ACLED), the region
        # is not the town's locator
        for p, q in zip(resolved, resolved[1:]):
            if p.evidence is None or q.evidence is None or (p.geo_precision >= 3) == (q.geo_precision >= 3) \
                    or self._names_governorate(p if p.geo_precision >= 3 else q):
                continue
            if 0 <= q.evidence.start - p.evidence.end <= 12 and _LISTED_WITH.match(
                    article.text[p.evidence.end:q.evidence.start]):
                named_sites.add(id(p if p.geo_precision >= 3 else q))
        # keep the most specific places: drop governorates/regions when a town of the sentence is known
        specific = [p for p in resolved if p.geo_precision < 3 or id(p) in named_sites]
        keep = specific or resolved  # regions only: the caller keeps the one nearest the event
        # a region cue (precision 3) inside a specific sentence is context only
        seen, out = set(), []
        for p in keep:
            if p.name in seen:
                continue
            seen.add(p.name)
            out.append(p)
        if out and not head_only:
            ctx.abroad_at = None     # back in the theatre
            ctx.theatre_named = True
        for p in resolved:
            if p.admin1 and not ctx.admin1_hint:
                ctx.admin1_hint = p.admin1
            if p.latitude is not None and p.geo_precision < 3:
                ctx.points.append((p.latitude, p.longitude))
        ctx.last_places = out
        return out


_MEMO_MAX = 100_000
# a death word between an owner and a title names a person ("the group's slain leader")
_OWNER_BEFORE = re.compile(r"['’]s\s+$")
_TITLE_AFTER = re.compile(r"\s+(?:chief|leader|founder|commander|head|emir|spokesman|spokesperson|deputy|"
                          r"general|president|mufti|sheikh)\b", re.I)
# the second name of a list after "near": "near al-Sukhna and Kabajab"
_NEAR_LIST = re.compile(r"\b(?:near|around|outskirts\s+of)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?\s*(?:,|\band)\s*$", re.I)
# a capitalised word right before a capitalised cue word: one name ("Arab Said")
_NAME_BEFORE = re.compile(r"\b[A-Z][\w'’-]+\s+$")
# a document that is signed without being an agreement between parties
_DOCUMENT_SIGNED = re.compile(r"\b(?:petitions?|letters?|statements?|appeals?|open letter|communiqu[eé]s?|"
                              r"fatwas?|complaints?|requests?)\s+(?:that\s+was\s+|which\s+was\s+)?$", re.I)
# the goal of a future, threatened or possible action: "will return and liberate ... until the whole
# of Syria is liberated" (no clause break in between; "did not stop until the town fell" reports it)
_GOAL_CLAUSE = re.compile(r"[^;:.]*\b(?:until|till|so that|in order that)\b[^;:.]*", re.I)
# a weak trigger noun heading a "during the ..." phrase dates something else: "during the recent
# SAA advance", "during the last offensive"
_DURING_NOUN = re.compile(r"\b(?:during|amid|throughout)\s+(?:the|its|their|this|that|a)\s+"
                          r"(?:[\w'’-]+\s+){0,3}$", re.I)
# "the Homs desert", "the Deir ez-Zor badia": a governorate's desert, a region of its own
_DESERT_AFTER = re.compile(r"(?:['’]s)?\s+(desert|badia)\b", re.I)
# a date inside a relative clause dates its head noun, not the event: "the operation that was
# launched in April", "the town which was captured in 2014"
_RELATIVE_DATE = re.compile(r"\b(?:that|which)\s+(?:was|were|had been|has been|have been|had|has)?\s*"
                            r"(?:[\w'’-]+\s+){0,2}?[\w'’-]+ed\s+(?:[\w'’-]+\s+){0,3}?(?:in|on|since|during)?\s*$", re.I)
# a span of weeks or months with no date of its own
_VAGUE_SPAN = re.compile(r"\b(?:in a matter of|within(?: a few)?|in(?: the)? recent|over the (?:past|last|following)"
                         r"(?: few| several| two| three)?|for (?:several|many|a few)|in the (?:past|last)(?: few| several)?)"
                         r"\s+(?:weeks|months)\b|\brecent(?:ly)?\b", re.I)
_WHO_CLAUSE = re.compile(r",\s+who\s", re.I)
_DISTANCE_FROM = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:km|kilomet(?:er|re)s?|miles?)\b(?:\s*\([^)]{0,20}\))?\s+"
                            r"(?:to\s+the\s+)?(?:north|south|east|west|north-?east|north-?west|south-?east|"
                            r"south-?west)(?:ern)?\s+(?:of|from)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.I)
_LISTED_WITH = re.compile(r"^\s*(?:,\s*)?(?:and|or|&)\s+(?:the\s+)?$|^\s*,\s*(?:the\s+)?$", re.I)
# a purpose clause after the trigger: "amassing troops near X in a potential move to kick them out of Y,
# paving the way for the liberation of Z": Y and Z are goals, not the event's places
_PURPOSE_CLAUSE = re.compile(r"\b(?:in\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:move|bid|attempt|effort|push)\s+to|"
                             r"in\s+order\s+to|so\s+as\s+to|with\s+the\s+(?:aim|goal|intention)\s+of|"
                             r"paving\s+the\s+way\s+(?:for|to))\b", re.I)
_DATELINE_OPENING = 40   # characters: a date phrase this early, with no preposition, opens the text (a dateline)
_DATE_PREP = re.compile(r"\b(?:on|in|since|by|during|from|until|till|before|after|late|early)\s+$", re.I)
_DATELINE = 300   # characters: the article's first date phrase this early (a dateline) dates its events


# a break between two clauses of a sentence: "shelled A, and clashes erupted in B", "...; ...",
# "... while ...", "... as ...", Arabic "، و", "بينما", "فيما"
_CLAUSE_JOIN = re.compile(r"[;:]\s|,?\s+(?:and|while|whereas|as|but)\s+"
                          r"|،\s*(?:و|بينما|فيما)|\s(?:بينما|فيما)\s", re.I)
# what a new clause starts with (within 40 characters of the break): a trigger, an actor, a place
# after a preposition ("and in Kabani clashes erupted"), with no unknown capitalised name before it
_CLAUSE_HEADS = frozenset({"trigger", "actor", "place"})
_PLACE_PREP = re.compile(r"\b(?:in|on|at|near|around|outside|into|targeting|against)\s+(?:the\s+)?(?:\w+\s+){0,3}$"
                         r"|(?:في|على|قرب|بالقرب من|محيط)\s*$", re.I)
_NAME_WORD = re.compile(r"\b[A-Z][a-z]")
# triggers whose label says nothing of the kind of event on its own, and context cues
_KINDLESS = frozenset({"*casualty", "*attack"})


def _clause_kind(t: Mention) -> str | None:
    if t.label in _KINDLESS or (t.entry or "").endswith("_cue"):
        return None
    return ACLED_SUB_TO_TYPE.get(t.label, t.label)


def _clauses(text: str, s: Sentence, kept: list[Mention]) -> list[Sentence]:
    """Split a sentence whose clauses report events of different kinds at places of their own:
    "regime forces shelled Kafr Nabl, and clashes erupted in Kabani" is a shelling at Kafr Nabl and
    a clash at Kabani, "Shelling on A and clashes in B" the same.  A cut is made at the last clause
    break (``_CLAUSE_JOIN``) between two neighbouring kept triggers (``EventBuilder._kept``) of
    different event types (the kindless "killed", "attack", context cues and triggers inside an
    actor's name do not count) when each side names a place.  A
    clause without a date or actor of its own keeps the sentence's dates and the actors of the
    clause before it (a shared subject: "the army took A and shelled B").  One clause: the sentence."""
    dated = _dated_clauses(text, s)
    if dated is not None:
        return [c for part in dated for c in _clauses(text, part, kept)]
    names = [m for m in s.mentions if m.kind in ("actor", "outlet")]
    ts = sorted((t for t in kept if _clause_kind(t) is not None and not any(
        m.start <= t.start and t.end <= m.end and m.end - m.start > t.end - t.start for m in names)),
        key=lambda t: t.start)
    if len(ts) < 2 or len({_clause_kind(t) for t in ts}) < 2:
        return [s]
    if is_commentary(s, text[s.start:s.end]):
        return [s]  # opinion and evaluation stay one sentence (and below the support threshold)
    places = [m.start for m in s.mentions if m.kind == "place"]
    if len(places) < 2:
        return [s]
    cuts: list[int] = []
    lo = s.start
    for a, b in zip(ts, ts[1:]):
        if _clause_kind(a) == _clause_kind(b) or b.start <= a.end:
            continue
        cut = None
        for m in _CLAUSE_JOIN.finditer(text, a.end, b.start):
            if any(x.start < m.end() and m.start() < x.end for x in s.mentions):
                continue  # inside a name: "the Islamic State of Iraq and Syria"
            after = min((x for x in s.mentions if x.start >= m.end() and x.kind in _CLAUSE_HEADS),
                        key=lambda x: x.start, default=None)
            if after is None or after.start - m.end() > 40:
                continue
            lead = text[m.end():after.start]
            if after.kind == "place" and not _PLACE_PREP.search(lead):
                continue  # a list of places: "Raqqa and parts of Deir al-Zor", "Khan Sheikhoun and northern Hama"
            if _NAME_WORD.search(lead):
                continue  # a name the dictionaries do not know: "Abu Dhar al-Masri and Abu Yahya al-Jazairi"
            cut = m.start()
        if cut is None:
            continue
        if any(lo <= p < cut for p in places) and any(cut <= p < s.end for p in places):
            cuts.append(cut)
            lo = cut
    if not cuts:
        return [s]
    bounds = [s.start, *cuts, s.end]
    dates = tuple(m for m in s.mentions if m.kind == "date")
    out: list[Sentence] = []
    prev_actors: tuple[Mention, ...] = ()
    for a, b in zip(bounds, bounds[1:]):
        own = [m for m in s.mentions if a <= m.start < b]
        actors = tuple(m for m in own if m.kind == "actor")
        extra: list[Mention] = []
        if not any(m.kind == "date" for m in own):
            extra.extend(dates)
        if not actors:
            extra.extend(prev_actors)
        else:
            prev_actors = actors
        ms = tuple(sorted(set(own) | set(extra), key=lambda m: (m.start, m.end)))
        out.append(Sentence(start=a, end=b, mentions=ms))
    # the first clause keeps the sentence's start (a dateline, a headline), the last its end
    return out


_SEMI_BREAK = re.compile(r"[;؛]\s")


def _dated_clauses(text: str, s: Sentence) -> list[Sentence] | None:
    """Cut a sentence at a semicolon when the clause after it gives a date of its own and the one before
    gives none: "3 massacres kill 43 civilians in Idlib countryside; 206 were killed yesterday, including
    ..." reports two things (the day's strikes, and the previous day's toll), whose figures and date
    must not be pooled.  None when there is no such cut."""
    if ";" not in text[s.start:s.end] and "؛" not in text[s.start:s.end]:
        return None
    dates = [m.start for m in s.mentions if m.kind == "date"]
    if not dates:
        return None
    for m in _SEMI_BREAK.finditer(text, s.start, s.end):
        cut = m.start()
        if any(a.start < m.end() and cut < a.end for a in s.mentions):
            continue
        if not any(d < cut for d in dates) and any(d >= m.end() for d in dates):
            first = Sentence(start=s.start, end=cut, mentions=tuple(x for x in s.mentions if x.end <= cut))
            rest = Sentence(start=m.end(), end=s.end, mentions=tuple(x for x in s.mentions if x.start >= m.end()))
            return [first, rest]
    return None


def _memo_put(memo: dict, key, value) -> None:
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[key] = value


# a photo caption: a line under the headline that ends with the picture's credit in brackets
# ("متطوعون يتفقدون مكان القصف - 25 من تموز 2021 (الدفاع المدني)", "Smoke rises over the town, May 3 (AFP)")
_CAPTION_END = re.compile(r"\([^()\n]{2,60}\)[ \t]*$")
_CAPTION_MAX = 250


def _caption_date(text: str, d) -> bool:
    """The date phrase ``d`` stands in a photo caption: the picture's day, not the report's."""
    a = text.rfind("\n", 0, d.start) + 1
    b = text.find("\n", d.end)
    b = len(text) if b < 0 else b
    return 0 < a and b - a <= _CAPTION_MAX and bool(_CAPTION_END.search(text, d.end, b))


class _ArticleContext:
    def __init__(self, article: Article, dates: list | None) -> None:
        self.article = article
        self._dates = dates
        self.actor_counts: dict[str, int] = {}
        self.admin1_hint: str | None = None
        self.points: list[tuple[float, float]] = []
        self.last_places: list[Place] = []
        self.abroad_at: int | None = None   # start of the sentence that took the story abroad
        self.theatre_named = False          # an event sentence before named a place of the theatre
        self.head_places: list[Place] = []
        self.lead_places: list[Place] = []
        self._generic_cache: dict[str, object] = {}
        self._agreement_memo: dict[int, bool] = {}
        self.last_actor1: Actor | None = None
        self.assoc1: Actor | None = None
        self.infighting = False  # the sentence's two roles are one side's rival units ("between two factions")
        self.last_actor1_at = -10**9
        self.last_by_weapon: dict[str, Actor] = {}  # sub-event type (air strike, shelling) -> latest actor1
        self.event_dates: set[int] = set()   # starts of the date phrases that dated an event
        self.last_pair: tuple | None = None  # (actor1, actor2, event type, sentence start) of the last two-party event

    @property
    def dates(self) -> list:
        """The article's date phrases (``textutil.find_dates``), found on first use: only a trigger
        sentence without a date of its own needs them."""
        if self._dates is None:
            a = self.article
            text = a.text
            self._dates = [d for d in textutil.find_dates(text, 0, len(text), a.language or "en", a.published)
                           if d.date]
        return self._dates

    def near(self) -> list[tuple[float, float]]:
        return self.points[-8:]

    def abroad(self, s: Sentence) -> bool:
        """A sentence that names no place of its own is abroad when it, or a sentence before it in
        its paragraph with no place of the theatre since, names a foreign place."""
        a = self.abroad_at
        return a is not None and a <= s.start and "\n" not in self.article.text[a:s.start]

    def fallback_places(self, s: Sentence) -> list[Place]:
        """The place of an event whose sentence names none: for the headline and lede, the first place
        the following sentences name; later, the last place named before."""
        if s.start < 300 and self.lead_places:
            return self.lead_places[:1]
        src = self.last_places or self.head_places or self.lead_places
        return src[:1]

    _AGREEMENT_DATE = re.compile(r"(?:ceasefire|cease-fire|truce|agreement|deal|memorandum|protocol|accord|"
                                 r"اتفاق|هدنة|وقف إطلاق النار|وقف اطلاق النار|مذكرة)[^.;]{0,60}?(?:agreed|signed|brokered|"
                                 r"reached|concluded|announced|struck|الموقع|الموقعة|وقع|المبرم)[^.;]{0,25}$", re.I)

    _AGREEMENT_WORDS = ("cease", "truce", "agreement", "deal", "memorandum", "protocol", "accord", "اتفاق", "هدنة",
                        "وقف", "مذكرة")  # every match of _AGREEMENT_DATE holds one (common._may)

    def _is_agreement_date(self, d) -> bool:
        """A date that tells when an agreement was made ('the truce brokered ... on March 5, 2020')."""
        memo = self._agreement_memo
        r = memo.get(d.start)
        if r is None:
            w = self.article.text[max(0, d.start - 110):d.start]
            r = memo[d.start] = _may(_lower_or_none(w), self._AGREEMENT_WORDS) and \
                bool(self._AGREEMENT_DATE.search(w))
        return r

    def _from_publication(self, kind, end_date) -> bool:
        """A date counted from the publication day: "today", "last Friday", "over the past 24 hours"."""
        return kind in ("relative", "weekday") or (kind == "period" and end_date is not None
                                                   and end_date == self.article.published)

    def date_for(self, s: Sentence, agreement: bool = False) -> tuple[Mention | None, dt.date | None, int]:
        text = self.article.text
        own = [m for m in s.of("date") if m.value is not None and not (
            not agreement and self._is_agreement_date(m))
            and not _RELATIVE_DATE.search(text, max(s.start, m.start - 70), m.start)]
        pub_prec = {"day": 1, "week": 2, "month": 3, "year": 3}.get(self.article.published_precision or "day", 2)
        if own:
            m = own[0]
            prec = int(m.attr("precision", 1) or 1)
            if pub_prec == 2 and m.attr("kind") == "weekday":
                # "on Wednesday" against a publication date known to the week: the latest such
                # weekday before it, a day within that week
                return m, m.value, 2
            if pub_prec > 1 and self._from_publication(m.attr("kind"), m.attr("end_date")):
                # "today", "last Friday" against a publication date known only to the week or month
                return None, m.value, max(prec, pub_prec)
            return m, m.value, prec
        if _VAGUE_SPAN.search(text, s.start, s.end):
            # "in a matter of weeks, the army liberated ...": a stretch of time, not one day
            return None, self.article.published, 3
        pub = self.article.published
        # the day of an earlier event sentence of the same paragraph, or the dateline; not
        # a year alone, not a date recalled in passing ("the operation launched in April"), not
        # history a year back
        prior = [d for d in self.dates if d.end <= s.start and not self._is_agreement_date(d)
                 and not (pub_prec > 1 and self._from_publication(d.kind, d.end_date))
                 and ((d is self.dates[0] and d.start < _DATELINE)
                      or (d.start in self.event_dates and "\n" not in text[d.end:s.start]))
                 and d.kind != "year"
                 and not (pub is not None and (pub - d.date).days > BACKGROUND_DAYS)]
        if not prior and s.start < 300:
            # the lede's date for the headline, not a date of a later clause on the headline's own
            # line ("3 killed in X; 206 were killed yesterday" reports two days)
            prior = [d for d in self.dates if d.start < 800 and not self._is_agreement_date(d)
                     and not (pub_prec > 1 and self._from_publication(d.kind, d.end_date))
                     and (d.end <= s.start or "\n" in text[s.end:d.start])
                     and not _caption_date(text, d)][:1]
        if prior:
            d = prior[-1]
            m = Mention(kind="date", start=d.start, end=d.end, surface=d.surface, entry="rule:date_context.v1",
                        value=d.date, attrs=(("precision", d.precision), ("end_date", d.end_date)))
            return m, d.date, int(d.precision or 1)
        return None, self.article.published, pub_prec

    def resolve_generic(self, entry, actors):
        """'militants', 'terrorists' -> the one named opposition group of the article, if any."""
        if entry.id in self._generic_cache:
            return self._generic_cache[entry.id]
        named = [(n, a) for a, n in self.actor_counts.items()
                 if a in actors and not actors[a].generic and actors[a].side == entry.side]
        res = None
        if named:
            named.sort(key=lambda x: -x[0])
            res = actors[named[0][1]]
        self._generic_cache[entry.id] = res
        return res


# ----------------------------------------------------------------------------------------------
BACKGROUND_DAYS = 365


def _is_background(date, date_m, article: Article) -> bool:
    """An event the sentence itself dates more than a year before publication ("the sarin attack on
    Ghouta in August 2013" in a 2017 article) is history recalled, not a new report."""
    if date is None or date_m is None or article.published is None or date_m.entry != "rule:date.v1":
        return False
    return (article.published - date).days > BACKGROUND_DAYS


def is_background(e: Event) -> bool:
    return "background" in e.notes.split("; ")


# a sentence that recalls an earlier incident: "يُذكر أن", "وكانت قوات النظام قد قصفت", "وسبق أن",
# "It is worth noting that", "Earlier, ..."; its event does not merge into another report on a
# looser ground than the same place or the same toll
_EARLIER = re.compile(r"^\W*(?:و?يُ?ذكر\s+(?:أن|ان)|و?(?:ال)?جدير\s+بالذكر|و?كان(?:ت|وا|تا|ا)?\s+(?:\S+\s+){0,6}?قد\s|و?سبق\s+(?:أن|ان|ذلك)|"
                      r"it\s+is\s+worth\s+(?:noting|mentioning)|earlier|previously|last\s+(?:week|month))", re.I)
_EARLIER_NOTE = "told as an earlier incident"


def _told_earlier(e: Event) -> bool:
    return _EARLIER_NOTE in e.notes


# an aside that recalls another incident ("it is worth noting that ...", not "earlier it was reported"
# or "وكانت ... قد", which often tell the same incident's first toll)
_ASIDE = re.compile(r"^\W*(?:و?يُ?ذكر\s+(?:أن|ان)|و?(?:ال)?جدير\s+بالذكر|و?سبق\s+(?:أن|ان|ذلك)|"
                    r"it\s+is\s+worth\s+(?:noting|mentioning))", re.I)


def _aside_with_deaths(e: Event) -> bool:
    return e.fatalities is not None and bool(_ASIDE.match(e.sentence.text))


APPROX_NOTE = "approximate figure"
RISE_NOTE = "updated toll"
UNSPECIFIED_NOTE = "victims unspecified"
SPLIT_NOTE = "civilians told apart"
INFERRED_NOTE = "civilians inferred"
# sub-event types whose unspecified dead are civilians (casualties.py: generic victims of a strike)
_CIVILIAN_HARM = frozenset({"Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                            "Suicide bomb", "Chemical weapon", "Grenade", "Attack"})
# an incident the article recalls: its sentence dates it this many days or more before the article's lead event
RECALLED_DAYS = 2


def is_approximate(e: Event) -> bool:
    """The event's death toll comes from a vague plural only ("dozens killed" = 12)."""
    return APPROX_NOTE in e.notes.split("; ")




def _place_key(e: Event) -> str:
    return e.place.name if e.place else ""


_GENERIC_SUBS = {"Attack", "Armed clash"}
_PLANTED = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})
_FROM_AFAR = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
# generic entries that name only a weapon, not who used it ("warplanes"): an earlier sentence may name it
_WEAPON_ONLY = frozenset({"g_aircraft"})
_GENERIC_ANY = frozenset({""})  # with _is_generic: any Attack or Armed clash counts as generic


_BORROWED = ("place named in another sentence", "governorate named in the article")


def _borrowed_place(e: Event) -> bool:
    return any(n in e.notes.split("; ") for n in _BORROWED)


def _places_compatible(a: Event, b: Event) -> bool:
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return a.sub_event_type == b.sub_event_type
    if pa.name == pb.name:
        return True
    # a region or governorate and a town inside it ("Aleppo" headline, "Salah al-Din district of Aleppo" body);
    # a named village at its region's point (``located:``) is a place of its own, not the region
    if pa.admin1 and pa.admin1 == pb.admin1 and (_is_area(pa) or _is_area(pb)):
        return True
    return False


def _is_area(p: Place) -> bool:
    return p.geo_precision == 3 and not p.gazetteer_id.startswith("located:")


def _trigger_id(e: Event) -> str:
    return next((ev.source for name, ev in e.spans if name == "sub_event_type"), "")


def _is_generic(e: Event, generic: frozenset[str]) -> bool:
    """The event's type was read from a generic trigger ("killed", "attacked"), not named by the text."""
    return e.sub_event_type in _GENERIC_SUBS and (_trigger_id(e) in generic or "" in generic)


def _types_compatible(a: Event, b: Event, generic: frozenset[str] = frozenset()) -> bool:
    if a.sub_event_type == b.sub_event_type:
        return True
    # a generic reading ("killed", "attacked") of the same report as a specific one ("air strike");
    # two types the text names ("clashes" and "captured", "shelling" and "air strikes") are two events
    return (_is_generic(a, generic) or _is_generic(b, generic)) and \
        "Strategic developments" not in (a.event_type, b.event_type)


def _own_date(e: Event) -> dt.date | None:
    """The date the event's own sentence states (not one taken from context)."""
    if any(name == "event_date" and ev.source == "rule:date.v1" for name, ev in e.spans):
        return e.event_date
    return None




def _distinct(a: Event, b: Event) -> bool:
    """Two incidents whatever their types and places: each sentence states its own, different day
    ("On August 19 ... captured" / "On August 20 ... continued clashing"), and not the same toll
    (one death toll told twice is one incident; one of the days is a dateline)."""
    da, db = _own_date(a), _own_date(b)
    if da is None or db is None or da == db or a.time_precision != 1 or b.time_precision != 1:
        return False
    return not (a.fatalities is not None and a.fatalities == b.fatalities and a.fatalities > 0)


_NO_SIDE = frozenset({"", "CIVILIANS", "UNKNOWN"})
_NOT_NAMED_NOTE = "perpetrator not named"


def _rival_developments(a: Event, b: Event) -> bool:
    """Two strategic developments whose doers are on opposite sides are two events, whatever their
    day and place ("the opposition reinforced its lines around Idlib" / "the regime sent reinforcements
    to the Idlib front"): one side's deployment is not the other's. Battles are not concerned: their
    actors swap between reports of one clash."""
    if a.event_type != "Strategic developments" or b.event_type != "Strategic developments":
        return False
    sa = a.actor1.side if a.actor1 is not None else ""
    sb = b.actor1.side if b.actor1 is not None else ""
    return sa not in _NO_SIDE and sb not in _NO_SIDE and sa != sb


def _better_place(a: Place | None, b: Place | None) -> Place | None:
    """The more precise of two places of one incident; a place the gazetteer could not put on the
    map never replaces one it could."""
    if a is None or b is None:
        return a or b
    if (a.latitude is None) != (b.latitude is None):
        return a if a.latitude is not None else b
    return a if a.geo_precision <= b.geo_precision else b


def _headline_end(text: str) -> int:
    """End of the article's headline: its first line when a short line opens a longer text, else 0."""
    nl = text.find("\n")
    return nl if 0 < nl <= _HEADLINE_MAX and text[nl:].strip() else 0


_HEADLINE_MAX = 250


def _merge(records: list[Event | Statistic], generic: frozenset[str] = frozenset(),
           head_end: int = 0, gov_named: frozenset[int] = frozenset()) -> list[Event | Statistic]:
    """Merge reports of one incident within one article (headline + body, repeated sentences).

    Two events merge when their stance agrees, their dates are within a day, their types are
    compatible and either their places are compatible or they carry the same non-zero death toll.
    Reports whose figures differ and whose claimants differ are different claims: kept apart.
    Two body sentences that each name their type (clashes / a capture), their own day, or attackers
    of opposite sides report two incidents; the headline, which sums up the body in its own words,
    merges with the body report of the same event type."""
    out: list[Event | Statistic] = []
    for r in records:
        if not isinstance(r, Event):
            out.append(r)
            continue
        target = None
        for o in out:
            if not isinstance(o, Event) or o.stance != r.stance:
                continue
            if o.sentence.end <= head_end < r.sentence.start:
                if not (o.event_type == r.event_type or _types_compatible(o, r, generic)):
                    continue
            elif not (o.event_type == r.event_type or _types_compatible(o, r, generic | _GENERIC_ANY)) or _distinct(o, r) \
                    or _rival_developments(o, r):
                continue
            if o.event_date and r.event_date and abs((o.event_date - r.event_date).days) > 1:
                continue
            same_toll = o.fatalities is not None and o.fatalities == r.fatalities and o.fatalities > 0
            in_gov = id(o) in gov_named and o.place is not None and r.place is not None \
                and o.place.admin1 == r.place.admin1  # "... in Idlib" headline, a town of Idlib below
            if not (_places_compatible(o, r) or same_toll or in_gov):
                continue
            if _told_earlier(o) != _told_earlier(r) and not same_toll and (
                    _place_key(o) != _place_key(r) or _aside_with_deaths(o if _told_earlier(o) else r)):
                # "يذكر أن ... شهدت الأربعاء الماضي": an earlier incident, not the headline's; at the same
                # place too when an aside brings deaths of its own ("والجدير بالذكر أن ... ما أدى لاستشهاد 3")
                continue
            if o.fatalities is not None and r.fatalities is not None and o.fatalities != r.fatalities \
                    and o.claimant != r.claimant:
                continue  # different figures from different sources: two claims, kept apart
            target = o
            break
        if target is None:
            out.append(r)
            continue
        i = out.index(target)
        if id(target) in gov_named and target.place is not None:
            # the headline's "Idlib" is the governorate: the body's town is the more precise place
            target = replace(target, place=replace(target.place, geo_precision=3))
        merged = _combine(target, r, generic)
        if target.sentence.end <= head_end < r.sentence.start and _own_date(r) is not None:
            # a headline's date is the report's day; the body's own day is the event's
            merged = replace(merged, event_date=r.event_date, time_precision=r.time_precision)
        out[i] = merged
    return out


def _deaths(e: Event) -> int:
    return e.civilian_fatalities or e.fatalities or 0


def _same_incident(a: Event, b: Event, areas: set[str], enclosing: dict[str, str]) -> bool:
    """``b`` may report the incident ``a`` reports (both give deaths, whatever type their sentences got:
    "strikes killed 40 hours after the truce deal" is no agreement): the same toll, or dates within a
    day and places in one area: the governorates of ``a``'s sentence (``areas``: "killed in attacks in
    Aleppo and Quneitra"), a governorate and the one that encloses it, or one of them unplaced."""
    if _deaths(a) == _deaths(b) > 1:
        return True  # the same toll again ("61 killed in air strike on market town" ... "killed at least 61")
    if a.event_date and b.event_date and abs((a.event_date - b.event_date).days) > 1 and _own_date(a) \
            and _own_date(b) and not (is_approximate(a) and not is_approximate(b)):
        # (a date taken from another sentence or the publication does not tell incidents apart, nor does
        # the dateline of a vague lede that a later report makes exact: "Dozens of civilians have been
        # killed ..." then "at least 73 civilians were killed early on Tuesday")
        return False
    pa, pb = a.place, b.place
    if pa is None or pb is None or not pa.admin1 or not pb.admin1:
        return True
    if _places_compatible(a, b):
        return True
    if not _is_area(pa) and not _is_area(pb) and len({a.sub_event_type in _PLANTED, b.sub_event_type in _PLANTED}) == 2 \
            and {a.sub_event_type, b.sub_event_type} & _FROM_AFAR:
        # two towns, a planted bomb in one and a strike from afar on the other ("a car bomb in the market
        # of Afrin", "shelling on the village of al-Dabis"): two incidents, even in one governorate on one day
        return False
    area = {enclosing.get(x, x) for x in areas}
    return enclosing.get(pb.admin1, pb.admin1) in area


def _count_once(records: list[Event | Statistic], enclosing: dict[str, str] | None = None,
                named=None) -> list[Event | Statistic]:
    """Within one article, the deaths of one incident count once.

    The body of a report restates the headline's toll, gives another source's toll for the same
    incident, or breaks the toll down by place ("... killed 22 civilians. The highest toll was in
    Douma where raids killed 16").  Such a report stays a separate event (a separate claim with
    its own figures and evidence) but is marked ``figures counted in <id>``: its deaths are already
    in the toll of the first report of the incident, which the article total counts.  A later exact
    toll replaces a vague one as the counted figure ("Dozens killed ..." then "58 people were
    killed"), and so does a later, higher updated toll ("the death toll has risen to 42")."""
    out = list(records)
    enclosing = enclosing or {}
    counted: list[int] = []  # indexes of the events whose deaths the article total counts
    # the governorates each sentence names (a toll given once for several places covers them all)
    areas: dict[int, set[str]] = {}
    for r in out:
        if isinstance(r, Event) and r.place is not None and r.place.admin1:
            areas.setdefault(r.sentence.start, set()).add(r.place.admin1)
        if named is not None and isinstance(r, Event) and _deaths(r):
            areas.setdefault(r.sentence.start, set()).update(named(r.sentence.text))
    # the lead event: the first report of deaths (a headline without a toll is dated by publication)
    lead_i = next((i for i, r in enumerate(out) if isinstance(r, Event) and r.stance == "asserts"
                   and not is_background(r) and _deaths(r)), None)
    lead = out[lead_i].event_date if lead_i is not None else None  # type: ignore[union-attr]
    first = lead_i if lead_i is not None else len(out)
    for i, r in enumerate(out):
        if not isinstance(r, Event) or r.stance != "asserts" or is_background(r) or not _deaths(r):
            continue
        restated = any(out[k].fatalities == r.fatalities and (r.fatalities or 0) > 1 for k in counted)  # type: ignore
        # an exact toll for a vague lede ("Dozens of civilians ..." then "at least 73 civilians were killed
        # early on Tuesday") is that incident, not an earlier one
        restated = restated or (not is_approximate(r) and any(
            is_approximate(out[k]) and _same_incident(out[k], r, areas.get(out[k].sentence.start, set()),  # type: ignore
                                                      enclosing) for k in counted))
        if not restated and ((lead is not None and r.event_date is not None
                              and (lead - r.event_date).days >= RECALLED_DAYS and _own_date(r))
                             or (i > first and _RECALL.search(r.sentence.text))):
            out[i] = _counted(r, RECALLED_NOTE)  # "a similar bombing on July 25 killed seven": an earlier incident
            continue
        if not restated and i > first and _ALSO.match(r.sentence.text):
            counted.append(i)  # "كما قتلت سيدة ...", "فيما قتل مدني ...": one more incident, not a part of a toll
            continue
        j = next((k for k in counted if _same_incident(out[k], r, areas.get(out[k].sentence.start, set()),  # type: ignore
                                                       enclosing)), None)
        if j is None:
            counted.append(i)
            continue
        t = out[j]
        assert isinstance(t, Event)
        if not is_approximate(r) and (is_approximate(t) or (RISE_NOTE in r.notes.split("; ")
                                                            and _deaths(r) > _deaths(t))
                                      or (t.civilian_fatalities is None and r.civilian_fatalities is not None
                                          and (r.fatalities or 0) >= (t.fatalities or 0)
                                          and not (_told_apart(t) and INFERRED_NOTE in r.notes.split("; ")))
                                      or _splits_toll(r, t) or _tells_inferred_apart(r, t)):
            out[j] = _counted(t, r.id)
            counted[counted.index(j)] = i
        else:
            out[i] = _counted(r, t.id)
    return out


# an earlier incident recalled without its date: "troops had executed 48 people earlier this week",
# "a similar bombing in the same square killed seven", "last month's attack"
# a report that adds an incident to those before it ("كما قتلت سيدة" also a woman was killed, "فيما", "في حين"
# while, "من جهة أخرى" on the other hand): its deaths are not a part of an earlier toll
_ALSO = re.compile(r"^\W*(?:و?كما|و?فيما|و?في\s+حين|و?أيضا|و?أيضاً|و?من\s+جهة\s+أخرى|و?من\s+جانب\s+آخر|"
                   r"و?في\s+حادثة\s+أخرى)\s")
_RECALL = re.compile(r"\b(?:earlier|last|previous)\s+(?:this\s+)?(?:week|month)\b|\blast\s+(?:week|month)'?s\b|"
                     r"\b(?:a|another|in\s+a)\s+similar\s+(?:\w+\s+)?(?:attack|bombing|strike|raid|incident|massacre|"
                     r"explosion|blast)s?\b|\b(?:had\s+)?previously\b", re.I)


def _told_apart(e: Event) -> bool:
    return SPLIT_NOTE in e.notes.split("; ")


def _tells_inferred_apart(r: Event, t: Event) -> bool:
    """``r`` says who the dead were where ``t`` only inferred its civilians from generic victims ("ISIL
    kills over 50 in attack" then "the attack killed 15 civilians and 27 fighters"): a toll at least as
    high, told apart into civilians and others, stands for the incident's civilians (a report that names
    no civilian among its dead does not replace them)."""
    return _told_apart(r) and not _told_apart(t) and INFERRED_NOTE in t.notes.split("; ") \
        and r.civilian_fatalities is not None and r.fatalities is not None and t.fatalities is not None \
        and r.fatalities >= t.fatalities


def _splits_toll(r: Event, t: Event) -> bool:
    """``r`` says who the dead of ``t``'s toll were: the same toll, fewer of them civilians, in a
    sentence that tells the civilians from the others ("A suicide bomber killed four people ..." then
    "Two women and two soldiers were killed in the attack")."""
    return r.fatalities is not None and r.fatalities == t.fatalities and t.civilian_fatalities is not None \
        and (r.civilian_fatalities or 0) < t.civilian_fatalities and _told_apart(r)


def _note(e: Event, note: str) -> Event:
    return replace(e, notes="; ".join(x for x in (e.notes, note) if x))


def _counted(e: Event, where: str) -> Event:
    """``e``'s deaths are counted by the event ``where`` (or it is a recalled incident,
    ``where == RECALLED_NOTE``): the typed link (the first one stands) and a note for readers."""
    e = _note(e, where if where == RECALLED_NOTE else COUNTED_NOTE + where)
    return e if e.counted_in else replace(e, counted_in=where)


_FIGURES = ("fatalities", "injured", "civilian_fatalities", "child_fatalities", "women_fatalities", "displaced")


def _main_figures(a: Event, b: Event) -> tuple[Event, Event]:
    """Of two reports of one incident, the one whose figures stand: the one that states a toll, an
    exact toll before a vague one ("Dozens killed ..." then "58 people were killed"), the one that says
    who the dead of the same toll were ("killed four people" then "two women and two soldiers")."""
    if a.fatalities is None and b.fatalities is not None:
        return b, a
    if b.fatalities is not None and is_approximate(a) and not is_approximate(b):
        return b, a
    if _splits_toll(b, a):
        return b, a
    return a, b


def _figures_of(a: Event, b: Event) -> dict:
    """One consistent set of figures: those of the event that states the toll, completed by the other
    where it is silent, with civilians never above the toll."""
    main, other = _main_figures(a, b)
    f = {k: getattr(main, k) if getattr(main, k) is not None else getattr(other, k) for k in _FIGURES}
    if _told_apart(main) and main.fatalities is not None and INFERRED_NOTE in other.notes.split("; "):
        # the toll's own sentence says who the dead were ("killed five pro-regime fighters"): no civilians
        # inferred from the generic victims of another report of it ("killing ... three men")
        for k in ("civilian_fatalities", "child_fatalities", "women_fatalities"):
            f[k] = getattr(main, k)
    if f["fatalities"] is not None and f["civilian_fatalities"] is not None and f["civilian_fatalities"] > f["fatalities"]:
        f["civilian_fatalities"] = f["fatalities"]
    for k in ("child_fatalities", "women_fatalities"):
        if f[k] is not None and f["civilian_fatalities"] is not None and f[k] > f["civilian_fatalities"]:
            f[k] = f["civilian_fatalities"]
    return f


def _figure_notes(a: Event, b: Event) -> str:
    """The notes of ``a`` merged with ``b``: 'approximate figure' and 'updated toll' as the standing
    figures have them."""
    main = _main_figures(a, b)[0].notes.split("; ")
    kept = (APPROX_NOTE, RISE_NOTE, UNSPECIFIED_NOTE, SPLIT_NOTE, INFERRED_NOTE)
    notes = [x for x in a.notes.split("; ") if x and x not in kept]
    notes.extend(x for x in kept if x in main)
    return "; ".join(notes)


def _civilians_of(f: dict, sub: str, notes: str) -> dict:
    """Unspecified dead of a report merged into a strike, shelling or bombing are its civilians, as
    they are in the strike's own sentence ("A suicide bomber blew himself up ... Police put the death
    toll at 16")."""
    if f["civilian_fatalities"] is None and f["fatalities"] and sub in _CIVILIAN_HARM \
            and UNSPECIFIED_NOTE in notes.split("; "):
        f["civilian_fatalities"] = f["fatalities"]
    return f


def _fill_figures(a: Event, b: Event) -> Event:
    """A follow-up sentence that only adds figures ("Five others were injured") completes the event."""
    notes = _figure_notes(a, b)
    return replace(a, **_civilians_of(_figures_of(a, b), a.sub_event_type, notes), notes=notes,
                   spans=a.spans + tuple(x for x in b.spans if x[0] in ("fatalities", "injured", "displaced")))


def _merged_actors(a: Event, b: Event) -> tuple[Actor | None, Actor | None]:
    """The actors of two reports of one incident: the first report's, completed by the second's
    without letting one party fill both roles ("Israeli strikes" + "Israel struck Hezbollah")."""
    a1, a2 = a.actor1, a.actor2
    if a1 is not None and _NOT_NAMED_NOTE in a.notes.split("; ") and b.actor1 is not None \
            and _NOT_NAMED_NOTE not in b.notes.split("; ") and b.actor1.side not in _NO_SIDE:
        # "مقتل أربعة أطفال بقصف غربي حماة" then "... بقصف لقوات النظام": the unidentified perpetrator
        # of one report is the attacker another report of the incident names
        a1 = None
    if a1 is None and b.actor1 is not None and (a2 is None or b.actor1.name != a2.name):
        a1 = b.actor1
    if a2 is None:
        if b.actor2 is not None and (a1 is None or b.actor2.name != a1.name):
            a2 = b.actor2
    return a1, a2


def _date_rank(e: Event) -> tuple[int, int]:
    """A date the sentence itself states beats one taken from context or the publication date
    ("... clashed on Friday night" beats the headline's publication day), then the more precise."""
    own = any(name == "event_date" and ev.source == "rule:date.v1" for name, ev in e.spans)
    return (0 if own else 1, e.time_precision)


def _combine(a: Event, b: Event, generic: frozenset[str] = frozenset()) -> Event:
    """Two reports of one incident in one article: the specific type, the more precise place and
    date, the explicit claimant, one consistent set of figures, all evidence spans."""
    sub, etype = a.sub_event_type, a.event_type
    if (a.sub_event_type in _GENERIC_SUBS and b.sub_event_type not in _GENERIC_SUBS) or (
            _is_generic(a, generic) and not _is_generic(b, generic)):
        sub, etype = b.sub_event_type, b.event_type
    a1, a2 = _merged_actors(a, b)
    notes = _figure_notes(a, b)
    if a1 is not a.actor1 and a.actor1 is not None:
        notes = "; ".join(n for n in notes.split("; ") if n != _NOT_NAMED_NOTE)
    return replace(
        a, sub_event_type=sub, event_type=etype, actor1=a1, actor2=a2,
        place=_better_place(a.place, b.place),
        event_date=(b if _date_rank(b) < _date_rank(a) else a).event_date,
        time_precision=(b if _date_rank(b) < _date_rank(a) else a).time_precision,
        claimant=a.claimant if a.claimant != a.outlet else b.claimant,
        **_civilians_of(_figures_of(a, b), sub, notes), notes=notes,
        civilian_targeting=a.civilian_targeting or b.civilian_targeting,
        spans=a.spans + tuple(x for x in b.spans if x not in a.spans and not (
            x[0] == "actor1" and (a1 is not b.actor1 or a.actor1 is not None)) and not (
            x[0] == "actor2" and (a2 is not b.actor2 or a.actor2 is not None))),
    )


def events(pairs: Iterable[tuple[Article, list[Sentence]]], ex: Extractor | None = None) -> Iterator[tuple[Article, list[Event | Statistic]]]:
    """The stage's public function: each article with its events and statistics."""
    ex = ex or default_extractor()
    b = EventBuilder(ex)
    for article, sents in pairs:
        yield article, b.build(article, sents)
