"""Shared helpers of the event stage: span arithmetic, evidence, lexicon look-ups, figures."""
from __future__ import annotations

import hashlib
import re

from ..model import Article, Evidence, Mention, evidence

_CLAUSE_BREAK = re.compile(r"[;:]|,\s*(?:but|while|whereas|however)\b|\bbut\b|\bwhile\b|،\s*(?:لكن|بينما)|\bلكن\b")
_BY = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$", re.I)
_TARGET_PREP = re.compile(r"\b(?:on|against|targeting|at|toward|towards|into|positions of|posts? of)\s+(?:the\s+)?"
                          r"(?:\w+\s+){0,2}$", re.I)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$|\bبين\s*$", re.I)
_TIMES = re.compile(r"^\s*times?\b", re.I)
# An "Agreement" trigger is an event only when the sentence says the agreement was made
# (signed, reached, agreed, announced ...), and not when it reports a breach of one.
_AGREE_VERB = re.compile(r"\b(?:agreed|agree|signed|sign|reached|brokered|announced|declared|struck|concluded|"
                         r"took effect|came into (?:force|effect)|went into effect|entered into force|accepted|"
                         r"negotiated|approved|surrender(?:ed|s)?|laid down|turned themselves in|released|freed|release of|"
                         r"exchange|exchanged|gave themselves up|handed over their weapons)\b|تسوية|استسلم|الإفراج|إطلاق سراح|اتفق|توقيع|وقع|وقعت|أعلن|اعلن|التوصل|توصل|دخل حيز|أبرم|ابرم", re.I)
_BREACH = re.compile(r"breach|violat|\bcollaps|خرق|خروق|انتهاك", re.I)


# -- cheap pre-tests for costly regexes ------------------------------------------------------------
# A costly pattern is searched only when the text holds one of the words every match must contain
# (``_may``).  For a case-insensitive pattern the words are looked up in ``text.lower()``: ``re.I``
# matches a character to an ASCII letter exactly when ``str.lower()`` gives that letter, except for
# the three characters below (dotted and dotless i, long s; tests check this); a text holding one
# of them gets no pre-test.
_FOLD_ODD = ("\u0130", "\u0131", "\u017f")
_LOW_LAST: tuple[str, str | None] = ("", "")


def _lower_or_none(text: str) -> str | None:
    """``text.lower()`` for the pre-tests, None when the text holds a character ``re.I`` folds
    otherwise."""
    return None if (_FOLD_ODD[0] in text or _FOLD_ODD[1] in text or _FOLD_ODD[2] in text) else text.lower()


def _lowered(text: str) -> str | None:
    """``_lower_or_none`` of a sentence; the last answer is kept: the event stage asks it for one
    sentence several times."""
    global _LOW_LAST
    last = _LOW_LAST
    if last[0] == text:
        return last[1]
    low = _lower_or_none(text)
    _LOW_LAST = (text, low)
    return low


def _may(low: str | None, words: tuple[str, ...]) -> bool:
    """False only when ``low`` (from ``_lowered``) holds none of ``words`` (lower case)."""
    if low is None:
        return True
    for w in words:
        if w in low:
            return True
    return False


def _overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


def _longest(ms: list[Mention]) -> list[Mention]:
    """Drop mentions contained in a longer mention of the same list."""
    out: list[Mention] = []
    for m in sorted(ms, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(_overlaps(m, o) for o in out):
            out.append(m)
    return sorted(out, key=lambda m: m.start)


def _ev(article: Article, m: Mention, field: str | None = None) -> Evidence:
    return evidence(article, m.start, m.end, m.entry or f"rule:{field or m.kind}")


def _sid(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


class _Figures:
    __slots__ = ("fatal", "injured", "civilian", "child", "women", "displaced", "combatant", "spans", "vague", "rise",
                 "unspecified", "split", "inferred", "total")

    def __init__(self) -> None:
        self.fatal = self.injured = self.civilian = self.child = self.women = None
        self.displaced = self.combatant = None
        self.vague = False  # the death figures come from vague plurals only ("dozens", "hundreds")
        self.rise = False   # the death toll is an update: "the death toll rose to 12"
        # the dead are generic victims ("16 people", "the toll at 16") of a sentence that names no strike
        # and no fighters: civilians once the event is known to be a strike (builder._civilians_of)
        self.unspecified = False
        # the sentence tells the civilians among the dead from the others ("two women and two soldiers",
        # "30 people, including 24 civilians")
        self.split = False
        self.inferred = False  # the civilians are generic victims of a strike ("air raids killed 27 people")
        # the figures of a whole-war or since-X aggregate ("280,000 people have been killed since 2011"):
        # no event's, kept apart for a Statistic (events/statistics.py)
        self.total: _Figures | None = None
        self.spans: list[tuple[str, Evidence]] = []

    def any(self) -> bool:
        return any(x is not None for x in (self.fatal, self.injured, self.civilian, self.displaced))


def _lex_category(res, m: Mention | None) -> str:
    if m is None:
        return ""
    e = _lex_entry(res, m)
    return e.category if e is not None else ""


def _lex_value(res, m: Mention):
    e = _lex_entry(res, m)
    return getattr(e, "value", None) if e is not None else None


def _lex_entry(res, m: Mention):
    return res.lex_entry(m.entry)
