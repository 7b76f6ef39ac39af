"""Casualty figures of a sentence (ACLED conventions; see docs/casualties.md).

A sentence is read as a list of *count phrases*, each a number with its victim noun ("6 civilians",
"dozens of soldiers", "أربعة مدنيين", "19"), or a victim noun that states its own count ("a woman",
"one child", Arabic singulars "طفل" = 1 and duals "طفلين" = 2, "قتيلان" = two dead).  Each phrase takes
the casualty word it belongs to:

* after it, with only auxiliaries between ("6 civilians were killed", "19 killed", "ثلاثة جرحى");
* else before it, with only approximators between ("killing at least 6", "the death of 31 civilians",
  "death toll rose to 12", "مقتل طفلين", "ارتفاع حصيلة القتلى إلى 12");
* else from a phrase it is joined to by "and"/"و" ("killed 3 children and a woman").

Phrases after "including", "among them", "بينهم", "منهم", or before "were among the dead", are
sub-counts: they fill child/women/civilian figures but are not added to the total.  Civilians include
children and women.  Generic victims ("people", no noun) of an air strike, shelling, bombing or attack
with no combatant named in the sentence are counted as civilians.  Figures of a whole war ("the war
has killed 400,000 people since 2011") are no event's figures and are dropped.
"""
from __future__ import annotations

import re

from ..model import Article, Mention, evidence
from .common import _TIMES, _Figures, _lex_category, _lex_value, _longest, _lowered, _may, _overlaps

# words allowed between a count phrase and the casualty word after it ("6 civilians were reportedly killed")
_AFTER_GAP = re.compile(
    r"^\s*(?:(?:were|was|are|is|have|has|had|been|being|be|got|all|also|both|reportedly|allegedly|later|"
    r"subsequently|then|now|each|more|already|who|that|were\s+also|likewise|too|further|\w+ly|others?|people|confirmed|of\s+(?:whom|them)|"
    r"gone|went|remain|remained|remains|still|"
    r"قد|كانوا|جميعهم|آخرون|آخرين|اخرين|على\s+الأقل|على\s+الاقل|أشقاء|اشقاء|إخوة|اخوة|من\s+(?:عائلة|أسرة|اسرة)\s+واحدة)\s+)*(?:[-–—]\s*)?$", re.I)
# words allowed between a casualty word and the count after it ("killing at least 6", "death toll rose to 12")
_BEFORE_GAP = re.compile(
    r"^\s*(?:(?:at\s+least|at|of|to|rose|risen|climbed|jumped|increased|reached|surpass(?:es|ed)?|exceed(?:s|ed)?|"
    r"topped|stood|stands|is|was|has|had|"
    r"now|more\s+than|(?:well\s+)?over|well\s+above|nearly|about|some|around|up|almost|approximately|an\s+estimated|estimated|"
    r"as\s+many\s+as|no\s+fewer\s+than|no\s+less\s+than|all|the|a\s+further|further|another|a\s+total\s+of|"
    r"at\s+least\s+another|إلى|الى|ل|عن|لا\s+يقل\s+عن|ما\s+لا\s+يقل\s+عن|أكثر\s+من|اكثر\s+من|نحو|حوالي|"
    r"حوالى|قرابة|زهاء|كل\s+من|ما\s+يقارب|يقارب|ما\s+يزيد\s+عن|ما\s+يزيد\s+على|يزيد\s+عن|لتصل|ليصل|وصلت|وصل|"
    r"بلغت|بلغ|ارتفعت|ارتفع|لترتفع|ليرتفع)\s*)*\(?$", re.I)   # (a number in brackets: "مقتل (3) أشخاص")
_CONJ = re.compile(r"\band\b|\bas\s+well\s+as\b|(?:^|\s)و", re.I)
# (an apposition after a named victim may stand before the connector: "مقتل "X" وهو معلم مدرسة بالإضافة إلى
# اثنين من أبنائه" = 3)
_JOIN_GAP = re.compile(r"^\s*(?:[\"“«][\u0621-\u064a][^\"“”«».،,]{0,40}[\"”»]\s*)?"
                       r"(?:[,،]?\s*و?(?:هو|هي)\s+(?:[\u0621-\u064a]+\s+){1,4}?(?=(?:و|مع|و?بال[إا]ضافة|برفقة|فضلا)))?"
                       r"(?:(?:from|of|in|at|on|من|في)\s+(?:[\w'’()-]+\s+){0,4}?)?(?:[,،]\s*)?(?:and|as\s+well\s+as|plus|along\s+with|together\s+with|with|و|مع|و?بال[إا]ضافة\s+[إا]لى|و?[إا]ضافة\s+[إا]لى|فضلا\s+عن|فضلاً\s+عن|برفقة)?(?:\s+(?:his|her|their))?\s*$",
                       re.I)   # ("a child and his mother": the possessive after the connector)
# a sub-count marker between the main count and this one ("killing 6, including 2 women")
_SUB_MARK = re.compile(r"\b(?:includ(?:ing|ed|es)|among(?:st)?\s+(?:them|whom|those|the)|of\s+whom|of\s+which|"
                       r"out\s+of\s+whom|amongst\s+whom|among\s+the\s+(?:dead|victims|killed))\b|"
                       r"(?:^|\s)(?:من\s+)?بين(?:هم|هن)|(?:^|\s)منهم|(?:^|\s)فيهم", re.I)
# "two medics were among the 31 killed", "11 children among the dead"
_AMONG_AFTER = re.compile(r"^\s*(?:were|was|are|is)?\s*(?:among|amongst)\b|^\s*(?:من\s+)?بين\s+(?:ال)?(?:قتلى|ضحايا|شهداء|"
                          r"الجرحى|جرحى)", re.I)
# a composition, not a victim noun: "killing 120, mostly women and children"
_MOSTLY = re.compile(r"\b(?:mostly|mainly|largely|predominantly|majority|most|many|half|among)\b|"
                     r"غالبيتهم|معظمهم|أغلبهم|اغلبهم|أكثرهم", re.I)
# figures of an earlier incident named as the cause or background: "days after a bombing killed 120"
_BEFORE_NOW = re.compile(r"\b(?:(?:a|one|two|three|four|five|several|\d+)\s+(?:days?|hours?|weeks?|months?)\s+after|"
                         r"in\s+the\s+wake\s+of|following\s+(?:an?|the)\s+(?:\w+\s+){0,3}?(?:attack|massacre|bombing|"
                         r"strike|raid)s?\s+(?:on|in|that|which))\b|(?:^|\s)بعد\s+(?:يوم|يومين|أيام|ساعات|أسبوع|أسابيع)\s+(?:من|على)",
                         re.I)
# the dead are not known to be civilians: "without specifying whether they were civilians or fighters"
_UNSURE = re.compile(r"\bwhether\b|\bunclear\b|\bnot\s+(?:immediately\s+)?(?:clear|known)\b|"
                     r"\bwithout\s+specifying\b|لم\s+يتضح|دون\s+تحديد|لم\s+يعرف", re.I)
_PUNCT = re.compile(r"[.;:!?,،؛()\"“”]")
# "an included clause" between a count and its verb: "Six people, including two children, were killed"
_DET_GAP = re.compile(r"(?:^|\s)(?:a|an|another)(?:\s|$)", re.I)
# a definite or demonstrative determiner right after a number opens a noun phrase of its own: "0 214 The
# number of civilians killed ..." (a share counter run into the lede) does not count the civilians
_DET_OPEN = re.compile(r"^\s*(?:the|this|these|those)\s", re.I)
_OF_THEM = re.compile(r"^\s+of\s+(?:them|whom)\b|^\s+منهم", re.I)
_INCL_CLAUSE = re.compile(r"^\s*[,،]?\s*(?:including|among\s+them|among\s+whom|of\s+whom|بينهم|منهم|من\s+بينهم|بينهن)"
                          r"(?:\s|$)[^.;:,،]{0,80}?(?:[,،]\s*|\s+)(?=(?:were|was|are|is|have|has|had|all|also|قد)\b|$)",
                          re.I)
# an aside between dashes or commas: "At least 400 people - mainly women and children - have been injured"
_ASIDE = re.compile(r"^\s*[-–—,،]\s*(?:mainly|mostly|most\s+of\s+them|many\s+of\s+them|the\s+majority|including|"
                    r"among\s+them|all|غالبيتهم|معظمهم|أغلبهم|بينهم|منهم|من\s+بينهم)\s[^.;:!?\-–—,،]{0,60}?"
                    r"(?:[-–—,،]\s*)", re.I)
# a composition between a count and its verb, without punctuation: "12 civilians mostly women and children
# were killed"
_COMPOSITION = re.compile(r"^\s*[-–—,،]?\s*(?:mostly|mainly|largely|predominantly|most\s+of\s+them|many\s+of\s+them)\s+"
                          r"(?:the\s+)?[\w-]+(?:\s+and\s+(?:the\s+)?[\w-]+)?"
                          r"\s*[-–—,،]?\s*(?=(?:were|was|are|is|have|has|had)\b|$)", re.I)
_TOLL = re.compile(r"toll|حصيل|rose|climbed|risen|reached|increased|jumped|ارتف|بلغ|وصل|لتصل|ليصل", re.I)
# a toll that updates or sums up earlier figures: "the death toll has risen to 42", "they were among 19
# people killed", "of the 45 civilians killed", "a total of 54", "ارتفعت حصيلة القتلى إلى"
_RISE = re.compile(r"\b(?:rose|risen|rising|climbed|jumped|increased|mounted|new\s+toll|updated\s+toll|in\s+all|"
                   r"overall|altogether|a\s+total\s+of|bringing\s+the\s+(?:total|number|toll)|rais(?:ed|ing)\s+(?:the|its)\s+(?:death\s+)?toll)\b|"
                   r"\b(?:among|of)\s+(?:the\s+)?(?:at\s+least\s+)?\d+\s+(?:\w+\s+)?(?:killed|dead)\b|"
                   r"ارتف|لترتفع|ليرتفع|الحصيلة الإجمالية|المجموع", re.I)
_TOLL_WORD = re.compile(r"toll|حصيل|قتلى|ضحايا|شهداء", re.I)
# characters a toll word may stand before its figure when the gap ends in "rose to / reached" ("the death
# toll from a bomb attack on a crowded bus convoy outside Aleppo has reached at least 126")
_TOLL_REACH = 100
_TOLL_TAIL = re.compile(r"(?:\b(?:rose|risen|climbed|jumped|increased|reached|surpass(?:es|ed)?|exceed(?:s|ed)?|topped|"
                        r"stood|stands|is|was)\s+(?:to|at)?|"
                        r"(?:^|\s)(?:إلى|الى|لتصل\s+إلى|ليصل\s+إلى))\s*(?:at\s+least\s+|more\s+than\s+|نحو\s+|حوالي\s+)?$",
                        re.I)
# "raised / brought / pushed the death toll ... to N": the verb before the toll word, the gap ends in "to"
_RAISED_BEFORE = re.compile(r"\b(?:raised|raising|raises|brought|bringing|brings|pushed|pushing|pushes|upped|revised)"
                            r"\s+(?:the|its|their|a)\s+(?:\w+\s+)?$", re.I)
_TO_TAIL = re.compile(r"\sto\s+(?:at\s+least\s+|more\s+than\s+|over\s+|nearly\s+|some\s+)?$", re.I)
_EN_DET_BEFORE = re.compile(r"(?:^|[^\w'-])(?:a|an|one|another|single)\s+(?:(?!and\b)[\w'-]+\s+){0,2}$", re.I)
# a singular joined to a counted one: "a woman and child", "a man and his son"
_EN_AND_SINGLE = re.compile(r"(?:^|[^\w'-])(?:a|an|one)\s+(?:[\w'-]+\s+){0,1}[\w'-]+\s+and\s+(?:his|her|their|a|an|one\s+)?\s*$",
                            re.I)
# a singular victim noun, the person's name, then their death: "HTS commander Abu Omar al-Halabi was
# killed", "another key commander, Abu X, was assassinated" -- one dead (ACLED counts a named person)
_EN_NAMED_VICTIM = re.compile(r"\s*,?\s*(?:(?:Abu|Abou|Umm|Sheikh)\s+[A-Z][\w'\u2019-]+|[A-Z][\w'\u2019-]+"
                              r"(?:\s+(?:al-|el-|bin\s+|ibn\s+)?[A-Z][\w'\u2019-]+))"
                              r"(?:\s+(?:al-|el-|bin\s+|ibn\s+)?[A-Z][\w'\u2019-]+){0,3}\s*,?\s*"
                              r"(?:(?:was|has been|had been)\s+)?(?:(?:also|reportedly|allegedly|later)\s+)?$")
# the death verb of a named person ("was killed", "assassinated"), not a noun ("another Syrian bloodbath")
_EN_NAMED_DEATH_VERB = re.compile(r"^(?:(?:was|were|been)\s+)?(?:killed|assassinated|slain|shot dead|executed|died|"
                                  r"martyred)\b", re.I)
_EN_NOT_ROLE = frozenset({"another", "other", "others", "victim", "victims", "person", "individual"})
_EN_PLURAL = frozenset({"men", "women", "children", "people", "police", "personnel", "troops", "others", "youths",
                        "families", "militia", "staff", "cattle", "mujahideen", "elderly people",
                        "members of one family", "members of the same family", "family members"})
_INJ_TRIGGER = re.compile(r"injur|wound|hurt|جرح|جريح|صاب|صيب", re.I)
_FAMILY = re.compile(r"famil|عائل|أسر|اسر", re.I)
# whole-war aggregates: no event's figures
_AGGREGATE = re.compile(
    r"\b(?:the|this|a|its|syria'?s|six-year|five-year|seven-year|four-year|\w+-year-old|years-long|\d+-year)\s+"
    r"(?:\w+[\s-]+){0,3}(?:war|conflict|uprising|revolution|crisis|fighting)\s+(?:has|have|had|which|that|has\s+so\s+far)?"
    r"\s*(?:already\s+)?(?:killed|claimed|left|cost)\b|"
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|onset)\s+of\s+the\s+(?:\w+\s+){0,3}"
    r"(?:war|conflict|uprising|revolution|crisis)\b|"
    r"\bsince\s+(?:early\s+|mid[- ]|late\s+)?(?:march\s+)?20(?:11|12)\b|"
    r"\b(?:death\s+toll|toll)\s+(?:of|from|in)\s+the\s+(?:\w+[\s-]+){0,3}(?:war|conflict|uprising)\b|"
    r"منذ\s+(?:بداية|بدء|اندلاع|انطلاق|مطلع)\s+(?:ال)?(?:ثورة|الثورة|حرب|الحرب|النزاع|الصراع|الأزمة|الازمة)|"
    r"\bsince\s+(?:early\s+|mid[- ]|late\s+|the\s+(?:start|beginning|end|middle)\s+of\s+)?"
    r"(?:january|february|march|april|june|july|august|september|october|november|december|(?:19|20)\d\d|"
    r"last\s+(?:year|month)|the\s+(?:start|beginning)\b)|"
    r"\bsince\s+(?:[\w'’-]+\s+){0,6}?(?:intervened|intervention|began|begun|started|launched|erupted|broke\s+out)\b|"
    r"\b(?:so\s+far\s+this\s+(?:year|month)|(?:in|over|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years?|months|weeks))\b|"
    r"منذ\s+(?:عام\s+)?(?:19|20)\d\d|منذ\s+(?:بدء\s+|بداية\s+)?(?:ال)?تدخل|منذ\s+(?:مطلع|بداية)\s+(?:العام|الشهر|عام|شهر)|"
    r"منذ\s+(?:كانون|شباط|آذار|اذار|نيسان|أيار|ايار|حزيران|تموز|آب|اب|أيلول|ايلول|تشرين|يناير|فبراير|مارس|أبريل|"
    r"ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر)", re.I)
# words every match of _AGGREGATE, _BEFORE_NOW, _PAST_YEAR holds (pre-tests: common._may)
_AGGREGATE_WORDS = ("war", "conflict", "uprising", "revolution", "crisis", "fighting", "since", "toll", "far",
                    "past", "last", "منذ")
_BEFORE_NOW_WORDS = ("after", "wake", "following", "بعد")
_REMOTE = frozenset({"Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                     "Suicide bomb", "Chemical weapon", "Grenade", "Attack", "*attack", "Mob violence",
                     "Sexual violence", "Abduction/forced disappearance"})
_BATTLE = frozenset({"Armed clash"})
# Arabic diacritics and tatweel: "15 مدنياً و3 أطفال" (the tanween stands between the noun and "و")
_DIAC = re.compile(r"[\u064b-\u0652\u0640]")
# a victim noun that names a weapon: "fighter jets", "militant website"
_NOT_VICTIM_AFTER = re.compile(r"^[\s-]*(?:jets?|planes?|aircraft|bombers?|helicopters?|websites?|sites?|media|"
                               r"groups?|organi[sz]ations?|factions?|positions?|posts?|bases?|rockets?|shells?|alliances?|coalitions?|"
                               r"offensives?|strongholds?|territory|-?held|-?controlled|areas?|attacks?|bombings?|acts?|operations?|cells?)\b",
                               re.I)
# a combatant noun among the dead: "killing 20 people, most of them fighters", "including rebels"
_AMONG_DEAD_BEFORE = re.compile(r"(?:\b(?:including|among\s+them|among\s+whom|of\s+whom|most\s+of\s+them|mostly|mainly|"
                                r"the\s+majority\s+of\s+them|all\s+of\s+them)|(?:^|\s)(?:بينهم|منهم|غالبيتهم|معظمهم|أغلبهم|"
                                r"جميعهم))\s+(?:[\w'-]+\s+){0,2}$", re.I)
# a combatant noun that is the target of the attack: "a car bomb attack on Syrian rebels", "Nusra attacks
# US-trained militants", "strikes targeting pro-regime fighters"
_TARGET_BEFORE = re.compile(r"\b(?:attack(?:s|ed|ing)?|target(?:s|ed|ing)?|struck|strikes?\s+on|raids?\s+on|ambush(?:ed|es)?|"
                            r"bomb(?:ing)?\s+on|hit(?:ting|s)?)\s+(?:on\s+|against\s+)?(?:an?\s+|the\s+)?"
                            r"(?:[\w'’-]+\s+){0,3}$", re.I)
# "N people, mostly civilians", "killing 120, mostly women and children": the count is of civilians
_MOSTLY_CIV = re.compile(r"^\s*[,،\-–—]?\s*(?:(?:most|many|all|the\s+majority)\s+of\s+(?:them|whom)(?:\s+were)?|mostly|mainly|"
                         r"largely|predominantly|almost\s+all|all|غالبيتهم|معظمهم|أغلبهم|اغلبهم|جميعهم|كلهم)\s+"
                         r"(?:of\s+them\s+)?(?:civilians?|women|children|مدنيون|مدنيين|من\s+المدنيين|نساء|أطفال|من\s+النساء|"
                         r"من\s+الأطفال)\b", re.I)
# vague plurals ("dozens", "عشرات"): a restatement when the sentence also gives an exact figure
_VAGUE = re.compile(r"dozens|scores|hundreds|thousands|\btens\b|عشرات|مئات|آلاف|الاف", re.I)
# a whole-war figure: no single incident reaches it
_WAR_SCALE = 20000
# an incident of an earlier year: "a sarin attack in August 2013" (in an article of 2017)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_PAST_YEAR = re.compile(r"\b(?:in|during|of)\s+(?:(?:early|late|mid)[- ])?(?:(" + "|".join(_MONTHS) + r")\s+)?"
                        r"((?:19|20)\d\d)\b|(?:^|\s)(?:في|عام|خلال)\s+(?:عام\s+)?((?:19|20)\d\d)(?!\d)", re.I)
_PAST_EXCEPT = re.compile(r"\b(?:since|deadliest|worst|largest|biggest|first)\b|منذ|الأعنف|الأكبر|الأسوأ", re.I)
# things counted that are not people: "in 12 raids", "40 قذيفة", "within 3 days"
_COUNTED_THING = re.compile(
    r"^\s*(?:(?:more|other|further|separate|[\w-]+-(?:made|style))\s+)?(?:shells?|raids?|strikes?|air\s*strikes?|rockets?|missiles?|"
    r"barrel\s+bombs?|bombs?|mortars?|villages?|towns?|days?|hours?|weeks?|months?|years?|houses?|homes?|"
    r"buildings?|times|km|kilomet(?:er|re)s?|miles?|vehicles?|tanks?|sorties|attacks?)\b|"
    r"^\s*(?:قذيفة|قذائف|غارة|غارات|صاروخ|صواريخ|صاروخا|برميل|براميل|برميلا|قرية|قرى|بلدة|بلدات|يوم|أيام|يوما|"
    r"ساعة|ساعات|أسبوع|أسابيع|شهر|أشهر|عام|أعوام|سنوات|منزل|منازل|منزلا|مرة|مرات|كم|كيلومتر|آلية|آليات|"
    r"هجوم|هجمات)(?![\u0621-\u064a])", re.I)
# Arabic count after its noun: "مدنيين اثنين", "طفل واحد"
_AR_LETTER = re.compile(r"[\u0621-\u064a]")
_CIV_CATS = frozenset({"civilian", "child", "woman"})
_CIVILIAN_WORD = re.compile(r"civilian|مدني", re.I)  # the word itself, not a kind of civilian ("medics")
_MEMBERS = re.compile(r"members|أفراد", re.I)
_ARABIC_CHAR = re.compile(r"[\u0600-\u06ff]")
_DEFINITE_BEFORE = re.compile(r"(?:^|\s)ال\S*$|ال$")
_SENT_PUNCT = re.compile(r"[.;؛]")


class _Count:
    __slots__ = ("value", "start", "end", "num", "victim", "cat", "cas", "kind", "sub", "toll", "approx")

    def __init__(self, value: int, start: int, end: int, num: Mention | None, victim: Mention | None,
                 cat: str) -> None:
        self.value, self.start, self.end, self.num, self.victim, self.cat = value, start, end, num, victim, cat
        self.cas: Mention | None = None
        self.kind = ""
        self.sub = False
        self.toll = False


def casualties(res, article: Article, s) -> _Figures:
    """Casualty figures of a sentence, each with its evidence span.  A whole-war or since-X aggregate
    ("has killed 400,000 people since 2011", "more than 280,000 people have been killed") gives no
    event figures: they are kept apart in ``total`` for a Statistic (events/statistics.py)."""
    sent = article.text[s.start:s.end]
    low = _lowered(sent)
    if _past_incident(article, sent):
        return _Figures()
    f = _Figures()
    war = _read(res, article, s, f, sent)
    if war or (_may(low, _AGGREGATE_WORDS) and _AGGREGATE.search(sent)):
        out = _Figures()
        out.total = f if f.any() else None
        return out
    return f


def _read(res, article: Article, s, f: _Figures, sent: str) -> bool:
    """Fill ``f`` with the figures of sentence ``s``; True when a death or injury figure is a whole war's."""
    text = article.text
    victims = [v for v in _longest(s.of("lex:victims")) if not _NOT_VICTIM_AFTER.match(text[v.end:v.end + 20])]
    lex_cas = s.of("lex:casualty")
    cas = _longest(lex_cas + [m for m in s.of("trigger") if m.label == "*casualty"
                              and not any(_overlaps(m, x) for x in lex_cas)])
    cas = [c for c in cas if not any(_overlaps(c, v) for v in victims if _implies(res, v))]
    # "سيدة نازحة", "عائلة نازحة من ريف حلب": an Arabic displacement word right after a victim noun
    # describes that person (displaced earlier), it is not what the event did to them
    cas = [c for c in cas if not (_ARABIC_CHAR.search(c.surface) and _kind(res, c) == "displaced" and any(
        v.end <= c.start and not _gap(text, v.end, c.start).strip() for v in victims))]
    if "بين" in sent or "وجر" in sent or "و جر" in sent or "وإصاب" in sent or "واصاب" in sent or "ومصا" in sent:
        # "40 مدنيا بين قتيل وجريح", "قتل وجرح 6 مدنيين": killed and wounded together, like "casualties" -- no
        # death toll
        mixed = [(s.start + m.start(), s.start + m.end()) for m in _AR_KILLED_OR_WOUNDED.finditer(sent)]
        if mixed:
            def inside(x: Mention) -> bool:
                return any(a <= x.start and x.end <= b for a, b in mixed)
            victims = [v for v in victims if not inside(v)]
            cas = [c for c in cas if not inside(c)]
    counts = _ranges(text, s, _count_phrases(res, text, s, victims, cas))
    if not counts:
        return False
    bg = _BEFORE_NOW.search(sent) if _may(_lowered(sent), _BEFORE_NOW_WORDS) else None
    if bg:  # "... resumed, days after a bombing killed more than 120 evacuees": that incident's figures
        counts = [c for c in counts if c.start < s.start + bg.start()]
        if not counts:
            return False
    _attach(res, text, counts, cas)
    _mark_subs(text, counts)
    counts = [c for c in counts if c.kind]
    if not counts:
        return False
    # "more than 280,000 people have been killed": the war's figure, no incident's (casualties keeps it
    # apart for a Statistic)
    war = any(c.value >= _WAR_SCALE for c in counts if c.kind in ("fatal", "injured"))
    _dedupe(counts)
    labels = {m.label for m in s.of("trigger")}
    combatant_named = any(c.cat == "combatant" for c in counts) or any(
        _lex_category(res, v) == "combatant" and (_AMONG_DEAD_BEFORE.search(_gap(text, max(s.start, v.start - 40), v.start))
                                                  or _TARGET_BEFORE.search(_gap(text, max(s.start, v.start - 50), v.start)))
        for v in victims)
    # generic victims ("people", no noun) are civilians unless the sentence reports clashes or names fighters
    # among the dead
    battle = [m for m in s.of("trigger") if m.label in _BATTLE]
    if battle and all(_AR_RAID.search(m.surface) for m in battle):
        # "مقتل شخصين خلال عملية الإنزال": an airborne raid on a village or house is no clash; its
        # generic dead are civilians unless fighters are named among them
        labels = (labels - _BATTLE) | {"Attack"}
    generic_civ = bool(labels & _REMOTE) and not (labels & _BATTLE) and not combatant_named \
        and not _UNSURE.search(sent)
    fatal_main = [c for c in counts if c.kind == "fatal" and not c.sub]
    fatal_all = [c for c in counts if c.kind == "fatal"]
    if fatal_all:
        tolls = [c.value for c in fatal_main if c.toll]
        rest = sum(c.value for c in fatal_main if not c.toll)
        fatal = max(tolls + [rest]) if fatal_main else None
        civ_sub = [c for c in fatal_all if c.sub and c.cat in _CIV_CATS]
        # "30 people, including 24 civilians, were killed": the civilians are the 24, not the 30
        civ_named = any(c.victim is not None and _CIVILIAN_WORD.search(c.victim.surface) for c in civ_sub)
        civ_cats = _CIV_CATS | ({"person", ""} if generic_civ and not civ_named else frozenset())
        civ_main = [c for c in fatal_main if c.cat in civ_cats]
        if civ_main or civ_sub:
            ctolls = [c.value for c in civ_main if c.toll]
            cm = max(ctolls + [sum(c.value for c in civ_main if not c.toll)])
            f.civilian = max(cm, sum(c.value for c in civ_sub))
        ch = [c.value for c in fatal_all if c.cat == "child"]
        wo = [c.value for c in fatal_all if c.cat == "woman"]
        f.child = sum(ch) if ch else None
        f.women = sum(wo) if wo else None
        cb = [c.value for c in fatal_all if c.cat == "combatant"]
        f.combatant = sum(cb) if cb else None
        if fatal is None or (f.civilian is not None and f.civilian > fatal):
            fatal = f.civilian
        if fatal is None and f.combatant is not None:
            fatal = f.combatant
        f.fatal = fatal
        f.split = bool(f.combatant) or civ_named
        f.inferred = f.civilian is not None and any(c.cat in ("person", "") for c in civ_main)
        f.rise = bool(_RISE.search(sent))
        f.unspecified = f.civilian is None and bool(fatal_main) and all(c.cat in ("person", "") for c in fatal_main) \
            and not combatant_named and not (labels & _BATTLE) and not civ_named and not _UNSURE.search(sent)
        f.vague = all(c.num is not None and _VAGUE.search(c.num.surface) for c in (fatal_main or fatal_all))
        for c in fatal_all:
            f.spans.append(("fatalities", _span(article, c)))
    inj = [c for c in counts if c.kind == "injured" and not c.sub]
    if inj:
        tolls = [c.value for c in inj if c.toll]
        f.injured = max(tolls + [sum(c.value for c in inj if not c.toll)])
        for c in inj:
            f.spans.append(("injured", _span(article, c)))
    disp = [c for c in counts if c.kind == "displaced" and not c.sub]
    if disp:
        f.displaced = sum(c.value for c in disp)
        for c in disp:
            f.spans.append(("displaced", _span(article, c)))
    return war


# a range of two figures: "between 500 and 1300 people", "from 500 to well over 1000", "20 to 30 people"
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:(?:at\s+least|about|around|some|nearly|approximately|roughly)\s+)?$",
                         re.I)
_RANGE_JOIN = re.compile(r"^\s*(?:and|to|-|–)\s*(?:(?:well\s+)?(?:over|above)|more\s+than|at\s+least|about|around|"
                         r"nearly|almost|some)?\s*$", re.I)
_RANGE_TO = re.compile(r"^\s*(?:to|-|–)\s*(?:(?:well\s+)?(?:over|above)|more\s+than|at\s+least|about|around|"
                       r"nearly|almost|some)?\s*$", re.I)


def _ranges(text: str, s, counts: list[_Count]) -> list[_Count]:
    """Two figures that give a range ("between 500 and 1300 people died", "from 500 to well over 1000",
    "killing 20 to 30 people") are one figure, not a sum: the range's lower bound, the conservative
    figure ACLED records (as "dozens" is 12); the phrase runs from the first number."""
    out: list[_Count] = []
    for c in counts:
        prev = out[-1] if out else None
        if prev is not None and prev.num is not None and c.num is not None and prev.victim is None \
                and prev.value < c.value:
            gap = _gap(text, prev.num.end, c.num.start)
            opened = _RANGE_OPEN.search(text, max(s.start, prev.num.start - 30), prev.num.start)
            if (opened and _RANGE_JOIN.match(gap)) or _RANGE_TO.match(gap):
                c.start = opened.start() if opened else prev.start
                c.value, c.num = prev.value, prev.num
                out[-1] = c
                continue
        out.append(c)
    return out


def _gap(text: str, a: int, b: int) -> str:
    """The text between two phrases, without Arabic diacritics."""
    g = text[a:b]
    return _DIAC.sub("", g) if g and "\u0640" <= max(g) else g


def _past_incident(article: Article, sent: str) -> bool:
    """The sentence tells of an incident of an earlier year ("the sarin attack in August 2013")."""
    pub = getattr(article, "published", None)
    if pub is None or ("19" not in sent and "20" not in sent):
        return False  # every match holds a year 19xx or 20xx
    for m in _PAST_YEAR.finditer(sent):
        year = int(m.group(2) or m.group(3))
        month = _MONTHS.index(m.group(1).lower()) + 1 if m.group(1) else 12
        if (pub.year - year) * 12 + pub.month - month > 12 and not _PAST_EXCEPT.search(sent):
            return True
    return False


def _span(article: Article, c: _Count):
    ms = [x for x in (c.num, c.victim, c.cas) if x is not None]
    return evidence(article, min(x.start for x in ms), max(x.end for x in ms), "rule:casualty.v2")


def _implies(res, v: Mention) -> str:
    e = res.lex_entry(v.entry)
    return (getattr(e, "implies", "") or "") if e is not None else ""


def _english_singular(v: Mention) -> bool:
    w = v.surface.lower()
    if w in _EN_PLURAL:
        return False
    return not (w.endswith("s") and not w.endswith("ss"))


def _named_victim(res, text: str, s, v: Mention, cas: list[Mention]) -> tuple[Mention, int] | None:
    """The death word after a singular victim noun and the person's name ("HTS commander Abu Omar
    was killed"): (the word, where the name ends), else None."""
    for c in cas:
        if c.start <= v.end or c.start - v.end > 80 or _ARABIC_CHAR.search(c.surface) or _kind(res, c) != "fatal":
            continue
        gap = text[v.end:c.start]
        if v.surface.lower() in _EN_NOT_ROLE or not _EN_NAMED_DEATH_VERB.match(c.surface):
            break
        if _EN_NAMED_VICTIM.match(gap) and not _PUNCT.search(gap.replace(",", "")):
            return c, v.end + len(gap.rstrip(" ,"))
        break
    return None


def _count_phrases(res, text: str, s, victims: list[Mention], cas: list[Mention]) -> list[_Count]:
    nums = [m for m in s.mentions if m.kind == "number" and isinstance(m.value, int) and m.value > 0]
    dates = s.of("date")
    actors = [m for m in s.of("actor") if not _civilian_actor(res, m)]
    out: list[_Count] = []
    used: set[int] = set()
    for i, n in enumerate(nums):
        if any(_overlaps(n, d) for d in dates) or _TIMES.match(text[n.end:n.end + 8]):
            continue
        if any(_overlaps(n, v) for v in victims):
            continue
        nxt = nums[i + 1].start if i + 1 < len(nums) else s.end
        post = _postposed(text, n, victims, used)
        if post is not None:
            if post is not _SKIP:
                cat = _lex_category(res, post)
                used.add(id(post))
                out.append(_Count(n.value, post.start, n.end, n, post, cat))
            continue
        v = None
        for x in victims:
            if x.start < n.end:
                continue
            gap = _gap(text, n.end, x.start)
            if text[n.start - 1:n.start] == "(" and gap.startswith(")"):
                gap = gap[1:]   # a number in brackets: "مقتل (3) أشخاص"
            if x.start > nxt or len(gap) > 30 or len(gap.split()) > 3 or _PUNCT.search(gap.strip("\"“”«» ")):
                break
            if any(c.start >= n.end and c.end <= x.start for c in cas) or _MOSTLY.search(gap) or _DET_GAP.search(gap) \
                    or _DET_OPEN.match(gap):
                break  # ("612 A woman and child were killed": the noun has its own article)
            if gap.strip() and _COUNTED_THING.match(gap):
                break   # "بثلاثة صواريخ ويوجد قتيل", "3 shells hit ... killing a man": the number counts the thing
            v = x
            break
        if v is None and 1900 <= n.value <= 2100:
            continue  # a year
        if v is None and _COUNTED_THING.match(_gap(text, n.end, n.end + 30)):
            continue  # "12 raids", "40 قذيفة", "3 days": counts of things
        if v is not None and _FAMILY.search(v.surface) and n.value > 1 and \
                not _MEMBERS.search(text[n.end:v.end]):
            continue  # "5 families": not a head count
        cat = _lex_category(res, v) if v is not None else ""
        end = (v or n).end
        armed = _armed_actor_after(res, text, end, actors) if cat in ("", "person", "combatant") else 0
        if armed:
            cat = "combatant"  # "killing 12 HTS fighters", "five pro-regime forces", "two men from Hezbollah"
            end = armed  # "47 leaders of Ahrar al-Sham killed": the phrase runs to the group's name
        elif cat in ("", "person") and _MOSTLY_CIV.match(_gap(text, end, end + 60)):
            cat = "civilian"  # "28 people, mostly civilians", "120, mainly women and children"
        c = _Count(n.value, n.start, end, n, v, cat)
        if v is not None:
            used.add(id(v))
        out.append(c)
    for v in victims:
        if id(v) in used or any(_overlaps(v, n) for n in nums):
            continue
        val = _lex_value(res, v)
        ar = bool(_ARABIC_CHAR.search(v.surface))
        start = v.start
        one_of = None
        named = _named_victim(res, text, s, v, cas) if not ar and _english_singular(v) \
            and _lex_category(res, v) in ("combatant", "person") else None
        if val is None and not ar and _english_singular(v):
            w0 = max(s.start, v.start - 30)
            det = _EN_DET_BEFORE.search(text[w0:v.start])
            if det:
                val, start = 1, w0 + det.start() + (1 if det.group(0)[:1] not in "aAoOsS" else 0)
            elif _EN_AND_SINGLE.search(text[w0:v.start]):
                val = 1  # "a woman and child were killed": the child is one more
            elif v.start == s.start and v.surface[:1].isupper() and _EN_HEADLINE_VERB.match(text, v.end):
                val = 1   # a headline: "Girl killed in regime shelling on ..."
            elif named is not None:
                val = 1   # "Al-Qaeda veteran Abu Khallad was killed": the person named
        elif val is None and ar:
            one_of = _AR_ONE_OF.search(text, max(s.start, v.start - 10), v.start)
            if one_of is not None:
                val, start = 1, one_of.start(1)   # "استشهاد أحد سكان القرية", "مقتل أحد المدنيين"
        if not val:
            continue
        if ar and val == 1 and one_of is None and _DEFINITE_BEFORE.search(text[max(s.start, v.start - 2):v.start]):
            if not _after_fatal_word(res, text, v, cas) and not (
                    out and out[-1].num is None and _AR_AND_NAMED.match(_gap(text, out[-1].end, v.start))
                    and _AR_QUOTE_AFTER.match(text, v.end)):
                # definite: "الطفل" refers back, "الدفاع المدني" is an adjective (but "مقتل السيدة "X" والشاب
                # "Y"": a named person joined to the one the death word names is one more)
                continue
            start = v.start - 2   # "استشهاد الطفل": the article is part of the phrase
        elif ar and val == 2 and _DEFINITE_BEFORE.search(text[max(s.start, v.start - 2):v.start]) \
                and _after_fatal_word(res, text, v, cas):
            start = v.start - 2   # "ارتقاء كل من السيدتين": the article is part of the phrase
        cat = _lex_category(res, v)
        if cat == "person" and _armed_actor_after(res, text, v.end, actors):
            cat = "combatant"
        prev = out[-1] if out else None
        if ar and prev is not None and prev.victim is not None and not _gap(text, prev.end, v.start).strip() \
                and _AR_OTHER.match(v.surface):
            used.add(id(v))   # "طفل آخر", "3 أطفال آخرين": "other" describes the noun before it
            continue
        if ar and prev is not None and prev.num is None and prev.victim is not None and _implies(res, prev.victim) \
                and not _implies(res, v) and prev.value == val and not _gap(text, prev.end, v.start).strip():
            # "شهيد طفل", "قتيلان مدنيان": the dead noun and the noun saying who they were are one count
            prev.cat, prev.end = (cat if cat != "person" else prev.cat), v.end
            used.add(id(v))
            continue
        k = _Count(val, start, v.end, None, v, cat)
        if named is not None and val == 1:
            k.cas, k.kind, k.end = named[0], "fatal", named[1]   # the word after the name is this one's
        out.append(k)
    out.extend(_named_dead(res, text, s, cas, out))
    out.sort(key=lambda c: c.start)
    return out


_SKIP = object()
_AR_OTHER = re.compile(r"^(?:آخر|آخرا|اخر|اخرا|أخرى|اخرى|آخرين|آخرون|اخرين|آخران|آخرين اثنين)$")
# "أحد/إحدى" + a plural noun: one of them ("مقتل أحد المدنيين", "استشهاد أحد سكان القرية")
_AR_ONE_OF = re.compile(r"(?:^|\s)[وب]?((?:أحد|احد|إحدى|احدى))\s+(?:ال)?$")
# a headline's bare singular victim and its verb: "Girl killed in ...", "Woman dies of wounds ..."
_EN_HEADLINE_VERB = re.compile(r"\s+(?:killed|dies|died|dead|martyred|injured|wounded|hurt)\b", re.I)
_AR_KILLED_OR_WOUNDED = re.compile(
    r"بين\s+(?:ال)?(?:قتيل|شهيد|قتلى|شهداء|ضحية)\s+و\s*(?:ال)?(?:جريح|مصاب|جرحى|مصابين|معتقل)|"
    # "12 ألف قتيل وجريح", "30 قتيلا وجريحا", "قتلت وجرحت 12 ألف مدني", "قتل وجرح 6 مدنيين": one figure for both
    r"(?:^|(?<=\s))(?:قتيل|قتيلا|شهيد|شهيدا)[\u064b-\u0652]*\s+و\s*(?:جريح|جريحا|مصاب|مصابا)(?![\u0621-\u064a])|"
    r"(?:^|(?<=\s))[وف]?(?:قتل|قتلت|تقتل|يقتل|قتلوا|مقتل)\s+و\s*(?:جرح|جرحت|تجرح|يجرح|جرحوا|إصابة|اصابة)(?![\u0621-\u064a])")
# "مقتل الطفل ..." / "استشهاد السيدة ...": a definite singular right after the death (or injury) word
# is the one person it names ("مقتل الطفل بسام حلاق", "وفاة المدني محمد ...")
# "مقتل السيدة "X" والشاب "Y"": a definite noun with its quoted name, joined to a named person before it
_AR_AND_NAMED = re.compile(r"^\s*(?:[\"“«][^\"“”«».،,]{1,40}[\"”»])?\s*وال$")
_AR_QUOTE_AFTER = re.compile(r"\s*[\"“«]")
# an airborne raid (إنزال جوي, عملية إنزال): a raid on people, not an exchange of fire
_AR_RAID = re.compile(r"[إا]نزال")
_ONLY_ARTICLE = re.compile(r"^\s+(?:كل\s+من\s+)?ال$")  # "مقتل الطفل", "ارتقاء كل من السيدتين"
# "مقتل "سامر العبدالله"", "مقتل كل من "X" و"Y"", "ارتقاء كل من السيدتين "X" و"Y"": quoted names right after
# an Arabic death word (after "كل من", a definite noun saying who they were may stand before the names)
_AR_QUOTED_NAMES = re.compile(r"\s*(?:كل\s+من\s*(?:ال[\u0621-\u064a]{2,}\s*)?)?(?:[\"“«(]\s*[\u0621-\u064a][^\"“”«»()\d.،,:]{1,38}?\s*[\"”»)]"
                              r"(?:\s*و\s*(?=[\"“«(])|(?=\s|$|[.،,])))+")
_AR_QUOTED_ONE = re.compile(r"[\"“«(]\s*[\u0621-\u064a][^\"“”«»()\d.،,:]{1,38}?\s*[\"”»)]")


def _after_fatal_word(res, text: str, v: Mention, cas: list[Mention]) -> bool:
    """An Arabic death or injury word, then only the article, then the victim noun ("استشهاد الطفل",
    "إصابة الطفلة")."""
    for c in cas:
        if c.end <= v.start and c.end >= v.start - 12 and _ARABIC_CHAR.search(c.surface) \
                and _ONLY_ARTICLE.match(_gap(text, c.end, v.start)) and _kind(res, c) in ("fatal", "injured"):
            return True
    return False


def _named_dead(res, text: str, s, cas: list[Mention], counts: list[_Count]) -> list[_Count]:
    """People named in quotes right after an Arabic death word: one each ("مقتل "X" و"Y"" = 2)."""
    out = []
    for c in cas:
        if not _ARABIC_CHAR.search(c.surface) or _kind(res, c) != "fatal" or c.end >= s.end:
            continue
        m = _AR_QUOTED_NAMES.match(text, c.end, s.end)
        if m is None or any(c.end <= x.start < m.end() for x in counts):
            continue
        n = len(_AR_QUOTED_ONE.findall(m.group()))
        if n:
            name = Mention(kind="name", start=c.end + (len(m.group()) - len(m.group().lstrip())), end=m.end(),
                           surface=m.group().strip(), entry="rule:named_dead.v1")
            k = _Count(n, c.start, m.end(), None, name, "person")
            k.cas, k.kind = c, "fatal"
            out.append(k)
    return out


def _postposed(text: str, n: Mention, victims: list[Mention], used: set[int]):
    """An Arabic number word after its noun ("مدنيين اثنين", "طفل واحد"): the noun it counts.

    Returns the victim noun, ``_SKIP`` for a number that is an adjective of a family ("عائلة واحدة"),
    or None."""
    if not _AR_LETTER.search(n.surface) or (text[n.start:n.start + 1] in ("و", "ف")
                                            and not _DIAC.sub("", n.surface).startswith("واحد")):
        return None  # "قتيلان وثلاثة جرحى": a new phrase
    for v in reversed(victims):
        if v.end > n.start:
            continue
        if _gap(text, v.end, n.start).strip() or not _AR_LETTER.search(v.surface):
            return None
        if _FAMILY.search(v.surface) or id(v) in used:
            return _SKIP
        return v
    return None


def _civilian_actor(res, m: Mention) -> bool:
    a = res.actors.get(m.entry)
    return a is None or a.side == "CIVILIANS"


_HELD_AFTER = re.compile(r"[\s-]*(?:held|controlled|run|besieged|dominated)\b", re.I)
_OF_ACTOR = re.compile(r"^\s*(?:(?:leaders?|commanders?|members?|officers?|elements?)\s+)?"
                       r"(?:(?:of|from|belonging\s+to|affiliated\s+with|loyal\s+to|with|من|في|التابعين\s+ل|"
                       r"التابعة\s+ل|تابعين\s+ل|the|\([^()]{0,40}\)|\()\s*){0,3}$", re.I)


def _armed_actor_after(res, text: str, end: int, actors: list[Mention]) -> int:
    """An armed group named right after a count: its members are combatants.  Returns the end of the
    group's name (0 if none)."""
    for a in actors:
        if a.start >= end:
            gap = _gap(text, end, a.start)
            if _HELD_AFTER.match(text, a.end):
                return 0  # "28 in IS-held towns": the group names the place, not the dead
            return a.end if len(gap) <= 30 and (not gap.strip() or bool(_OF_ACTOR.match(gap))) else 0
    return 0


def _attach(res, text: str, counts: list[_Count], cas: list[Mention]) -> None:
    """Give each count phrase its casualty word and kind."""
    # "7 casualties and tens of injuries": beside a count of the wounded, "casualties" (and "victims",
    # "ضحايا") are the dead, as the Syrian monitors' English has it; alone they stay killed-or-wounded
    wounded_apart = any(m.kind == "lex:casualty" and _lex_category(res, m) == "injured" for m in cas)
    for i, c in enumerate(counts):
        if c.kind:
            continue  # a count that came with its word (_named_dead)
        v = c.victim
        if v is not None and _implies(res, v):
            c.kind, c.cas = _implies(res, v), None
            continue
        nxt = counts[i + 1].start if i + 1 < len(counts) else 10 ** 9
        prv = counts[i - 1].end if i > 0 else -1
        after = None
        for m in cas:
            if m.start < c.end:
                continue
            gap = _gap(text, c.end, m.start)
            if len(gap) > 60:
                break
            mm = _INCL_CLAUSE.match(gap) or _ASIDE.match(gap) or _COMPOSITION.match(gap)
            if mm:
                gap = gap[mm.end():]
            elif m.start > nxt:
                break
            if _AFTER_GAP.match(gap):
                after = m
            break
        if after is not None and after.kind == "lex:casualty" and _lex_category(res, after) == "event_noun":
            after = None  # "3 massacres kill 43 civilians": the count counts incidents, not the dead
        if after is not None and _ARABIC_CHAR.search(after.surface) and _ar_governed(res, text, c, cas, prv):
            after = None  # "مقتل 4 أشخاص وإصابة 23": the verbal noun before the count governs it
        if after is not None and i + 1 < len(counts) and _BEFORE_GAP.match(_gap(text, after.end, nxt)) \
                and _word_before(text, c, cas, prv) is not None:
            # "killing 4 civilians injuring 10 others", "killed 3 injured 12": the word after has its own
            # count; this one is the object of the verb before it
            after = None
        if after is not None:
            c.cas = after
        else:
            before = None
            for m in reversed(cas):
                if m.end > c.start:
                    continue
                if m.end < prv:
                    break
                gap = _gap(text, m.end, c.start)
                if len(gap) <= 40 and _BEFORE_GAP.match(gap):
                    before = m
                elif len(gap) <= _TOLL_REACH and _TOLL_WORD.search(m.surface) and _TOLL_TAIL.search(gap) and \
                        not _PUNCT.search(gap):
                    before = m  # "the death toll from the car bomb in Azaz rose to 12"
                elif len(gap) <= _TOLL_REACH and _TOLL_WORD.search(m.surface) and _TO_TAIL.search(gap) and \
                        not _PUNCT.search(gap) and _RAISED_BEFORE.search(text, max(0, m.start - 30), m.start):
                    before = m  # "a monitor raised the death toll from airstrikes on a market ... to 61"
                break
            c.cas = before
            if before is not None and _TOLL.search(before.surface + " " + text[before.end:c.start]):
                c.toll = True
        if c.cas is not None:
            c.kind = _kind(res, c.cas)
            if not c.kind and wounded_apart and c.cas.kind == "lex:casualty" \
                    and _lex_category(res, c.cas) == "unspecified":
                c.kind = "fatal"
            if c.num is None and c.victim is not None and c.kind and not _adjacent_single(text, c):
                c.cas, c.kind = None, ""
    # "killed 3 children and a woman" / "a woman and two children were killed": joined phrases share the word
    for back, seq in ((False, counts), (True, list(reversed(counts)))):
        for a, b in zip(seq, seq[1:]):
            if b.kind or not a.kind or b.cas is not None:
                continue  # (a phrase with a casualty word of its own, "240 more have gone missing", keeps it)
            lo, hi = (a, b) if a.start < b.start else (b, a)
            gap = _gap(text, lo.end, hi.start)
            # a list that opens the sentence: "40 Civilians, 25 YPG Fighters Killed"
            listed = gap.strip() in ("", ",", "،") and a.victim is not None and b.victim is not None \
                and a.num is not None and b.num is not None and not any(x.kind for x in counts if x.end <= b.start)
            if _JOIN_GAP.match(gap) and (not back or _CONJ.search(gap) or listed):
                b.kind, b.cas, b.toll = a.kind, a.cas, False


def _word_before(text: str, c: _Count, cas: list[Mention], prv: int) -> Mention | None:
    """The casualty word standing right before the count ("killing 4 civilians", "مقتل 4 أشخاص"),
    with only approximators between, else None."""
    for m in reversed(cas):
        if m.end > c.start:
            continue
        return m if m.end >= prv and _BEFORE_GAP.match(_gap(text, m.end, c.start)) is not None else None
    return None


def _ar_governed(res, text: str, c: _Count, cas: list[Mention], prv: int) -> bool:
    """An Arabic death or injury word right before a numbered count ("مقتل 4 أشخاص", "لمقتل 4 أشخاص",
    only approximators between) governs it as its object, so a casualty word after the count ("مقتل 4
    أشخاص إصابة 23 آخرين", a dropped "و") starts the next phrase."""
    m = _word_before(text, c, cas, prv) if c.num is not None else None
    return m is not None and bool(_ARABIC_CHAR.search(m.surface)) and len(_gap(text, m.end, c.start)) <= 40 \
        and _kind(res, m) in ("fatal", "injured")


def _adjacent_single(text: str, c: _Count) -> bool:
    """A victim noun counting itself ("مقتل طفل", "a woman was killed") needs its casualty word close."""
    m = c.cas
    if m.end <= c.start:
        gap = _gap(text, m.end, c.start)
        return len(gap) <= 12 and not _PUNCT.search(gap)
    return True


def _kind(res, m: Mention) -> str:
    if m.kind == "trigger":
        return "injured" if _INJ_TRIGGER.search(m.surface) else "fatal"
    k = _lex_category(res, m)
    if k == "event_noun":
        return "fatal"  # "the massacre of 12 civilians"
    return k if k in ("fatal", "injured", "displaced") else ""


def _mark_subs(text: str, counts: list[_Count]) -> None:
    main: _Count | None = None
    prev: _Count | None = None
    for i, c in enumerate(counts):
        if prev is not None:
            gap = _gap(text, prev.end, c.start)
            if main is not None and not _SENT_PUNCT.search(gap) and _SUB_MARK.search(gap):
                c.sub = True
            elif prev.sub and _JOIN_GAP.match(gap) and (c.cas is None or c.cas is prev.cas):
                c.sub = True
        if not c.sub and main is not None and c.num is not None and _OF_THEM.match(text[c.num.end:c.num.end + 20]):
            c.sub = True  # "killed 12 people, eight of them children"
        if not c.sub and _AMONG_AFTER.match(text[c.end:c.end + 40]):
            c.sub = True
            if not c.kind:
                nxt = next((x for x in counts[i + 1:] if x.kind), None)
                if nxt is not None and nxt.start - c.end <= 40:
                    c.kind, c.cas = nxt.kind, nxt.cas
        if c.sub and not c.kind and main is not None:
            c.kind, c.cas = main.kind, main.cas
        if c.sub and main is not None and c.kind == main.kind and c.toll:
            c.toll = False
        if not c.sub and c.kind:
            main = c
        prev = c


def _dedupe(counts: list[_Count]) -> None:
    """A figure restated in the same sentence (a headline run into its lede) is counted once."""
    keep: list[_Count] = []
    for c in counts:
        if c.sub:
            keep.append(c)
            continue
        twin = next((k for k in keep if not k.sub and k.kind == c.kind and k.value == c.value
                     and (k.cat == c.cat or "" in (k.cat, c.cat) or "person" in (k.cat, c.cat))), None)
        if twin is not None and c.value > 1:
            if twin.cat in ("", "person") and c.cat not in ("", "person"):
                keep[keep.index(twin)] = c
            continue
        keep.append(c)
    # "58 killed ... dozens of people have been killed": the vague figure restates the exact one
    keep = [c for c in keep if c.sub or c.num is None or not _VAGUE.search(c.num.surface) or not any(
        k is not c and not k.sub and k.kind == c.kind and k.value >= c.value and k.num is not None
        and not _VAGUE.search(k.num.surface) for k in keep)]
    counts[:] = keep
