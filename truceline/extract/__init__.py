"""Stage 2: sentences -> mentions.

One Aho-Corasick automaton (ahocorasick-rs) per process holds every term of every dictionary
(actors, triggers, outlets, lexicon), matched over a folded copy of the article text (case,
Arabic letter variants, diacritics; see :func:`truceline.textutil.fold`) and mapped back to the
original offsets.  A sentence without a trigger costs only its share of that one scan; the
heavier analysis (numbers, dates, places) runs only on sentences where a trigger fired.

Public entry point: :func:`mentions` (records in, records out, no I/O) and the
:class:`Extractor` that holds the compiled tables.
"""
from __future__ import annotations

import bisect
import re
import logging
from typing import Iterable, Iterator

from .. import textutil
from ..model import Article, Mention
from ..resources import STAT_PERIOD_CATEGORIES, Resources, load_resources
from .matcher import TRIGGER_KINDS, Matcher, Sentence
from .places import PlaceCandidate, PlaceFinder

log = logging.getLogger(__name__)

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER = re.compile(r"[A-Za-z]{3}")
_MIN_AR_PART = 12      # Arabic letters that make a sentence's Arabic stretch worth reading as Arabic

__all__ = ["Extractor", "Matcher", "Sentence", "PlaceCandidate", "default_extractor", "mentions"]


class Extractor:
    """Compiled dictionaries + gazetteer, built once per process."""

    def __init__(self, res: Resources | None = None, gazetteer=None, agreements=None) -> None:
        from ..ceasefire.agreements import agreement_terms, load_agreements
        from ..gazetteer import load_gazetteer

        self.res = res or load_resources()
        self.agreements = agreements if agreements is not None else load_agreements()
        self.matcher = Matcher(self.res, agreement_terms(self.agreements))
        self.gaz = gazetteer if gazetteer is not None else load_gazetteer(None)
        self.places = PlaceFinder(self.gaz)
        # a bulletin's count of breaches ("خرقاً", "ceasefire violations") or a displacement total over a
        # period gets numbers and dates even in a sentence without an attack trigger (events/statistics.py)
        stat = self.res.lexicon.get("statistic", ())
        self._breach_cues = frozenset(e.id for e in stat if e.category == "breach")
        self._period_cues = frozenset(e.id for e in stat if e.category in STAT_PERIOD_CATEGORIES)
        self._displaced_cues = frozenset(e.id for e in self.res.lexicon.get("casualty", ()) if e.category == "displaced")

    # -- sentences and mentions ---------------------------------------------------------------
    def sentences(self, article: Article) -> list[Sentence]:
        text = article.text
        lang = article.language or "en"
        spans = _split_headline(textutil.split_sentences(text, lang), text, article.title)
        if lang != "ar":
            spans = _split_inline_headers(spans, text)
        found = self.matcher.find(text)
        starts = [s for s, _ in spans]
        per: list[list[Mention]] = [[] for _ in spans]
        for m in found:
            i = bisect.bisect_right(starts, m.start) - 1
            if i >= 0 and m.end <= spans[i][1]:
                per[i].append(m)
        out = []
        for (s, e), ms in zip(spans, per):
            if any(m.kind in TRIGGER_KINDS for m in ms) or self.aggregate_cues(ms):
                ms = ms + self._heavy(article, s, e, self._sentence_lang(text, s, e, lang))
                ms.sort(key=lambda m: (m.start, -(m.end - m.start)))
            out.append(Sentence(s, e, tuple(ms)))
        return out

    def aggregate_cues(self, ms) -> bool:
        """A sentence without a trigger that may state an aggregate: a breach cue ("رصد 15 خرقاً ..."), or a
        displacement word with a period cue ("2,500 people were displaced during June")."""
        period = displaced = False
        for m in ms:
            if m.kind == "lex:statistic":
                if m.entry in self._breach_cues:
                    return True
                period = period or m.entry in self._period_cues
            elif m.kind == "lex:casualty":
                displaced = displaced or m.entry in self._displaced_cues
        return period and displaced

    @staticmethod
    def _sentence_lang(text: str, s: int, e: int, lang: str) -> str:
        """A sentence in the other script of a mixed page is read in its own language (an Arabic quote
        in an English article, an English line in an Arabic one)."""
        arabic = len(_ARABIC_LETTER.findall(text, s, e))
        if lang != "ar" and arabic * 2 > (e - s):
            return "ar"
        if lang == "ar" and arabic * 10 < (e - s) and _LATIN_LETTER.search(text, s, e):
            return "en"
        return lang

    def context_mentions(self, article: Article, s: int, e: int) -> list[Mention]:
        """Places and dates of a sentence without a trigger (used for article context)."""
        return self._heavy(article, s, e, article.language or "en")

    @staticmethod
    def _arabic_part(text: str, s: int, e: int, lang: str) -> tuple[int, int] | None:
        """The Arabic stretch of a sentence read in English (an Arabic headline followed by a
        site's Latin boilerplate, an Arabic tweet on an English page): from its first to its last
        Arabic letter, when it holds at least _MIN_AR_PART letters."""
        if lang == "ar":
            return None
        first = _ARABIC_LETTER.search(text, s, e)
        if first is None or len(_ARABIC_LETTER.findall(text, first.start(), e)) < _MIN_AR_PART:
            return None
        last = first.start()
        for m in _ARABIC_LETTER.finditer(text, first.start(), e):
            last = m.end()
        return first.start(), last

    def _heavy(self, article: Article, s: int, e: int, lang: str) -> list[Mention]:
        text = article.text
        out: list[Mention] = []
        ar_part = self._arabic_part(text, s, e, lang)
        nums = list(textutil.find_numbers(text, s, e, lang))
        if ar_part is not None:   # Arabic number words of the Arabic stretch ("استشهاد أربعة مدنيين")
            nums += [n for n in textutil.find_numbers(text, ar_part[0], ar_part[1], "ar")
                     if not any(n.start < o.end and o.start < n.end for o in nums)]
        for n in nums:
            out.append(Mention(kind="number", start=n.start, end=n.end, surface=n.surface, entry="rule:number.v1",
                               value=n.value, attrs=(("approx", n.approx),)))
        for d in textutil.find_dates(text, s, e, lang, article.published):
            out.append(Mention(kind="date", start=d.start, end=d.end, surface=d.surface, entry="rule:date.v1",
                               value=d.date, attrs=(("precision", d.precision), ("end_date", d.end_date),
                                                    ("kind", d.kind), ("year_inferred", d.year_inferred))))
        places = self._places(text, s, e, lang)
        if ar_part is not None:
            places += [m for m in self._places(text, ar_part[0], ar_part[1], "ar")
                       if not any(m.start < o.end and o.start < m.end for o in places)]
            places.sort(key=lambda m: m.start)
        out.extend(places)
        return out

    # -- places --------------------------------------------------------------------------------
    def _places(self, text: str, s: int, e: int, lang: str) -> list[Mention]:
        cands = self.places.find(text, s, e, lang)
        out = []
        for c in cands:
            out.append(Mention(kind="place", start=c.start, end=c.end, surface=c.surface, entry="rule:place.v1",
                               attrs=(("cue", c.cue), ("known", c.known))))
        return out

_DEFAULT: Extractor | None = None


# how far into the text a headline run into its lede is looked for (after a dateline or byline)
_HEADLINE_WITHIN = 300


def _split_headline(spans: list[tuple[int, int]], text: str, title: str) -> list[tuple[int, int]]:
    """A headline run into its lede without a full stop ("Six Killed in Aleppo Bombing Six people were
    killed ...") is a sentence of its own: the article's title, found near the start of the text,
    ends the sentence it stands in."""
    t = " ".join(title.split())
    if len(t.split()) < 3 or not spans:
        return spans
    i = text.find(t, 0, _HEADLINE_WITHIN + len(t))
    if i < 0:
        return spans
    cut = i + len(t)
    for k, (s, e) in enumerate(spans):
        if s < cut < e:
            nxt = cut + len(text[cut:e]) - len(text[cut:e].lstrip())
            if nxt >= e or not text[cut:nxt].isspace() or not text[cut - 1].isalnum():
                return spans
            return spans[:k] + [(s, cut), (nxt, e)] + spans[k + 1:]
        if s >= cut:
            break
    return spans


def _load_inline_headers() -> re.Pattern | None:
    import yaml
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "resources" / "boilerplate.yaml"
    words = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("inline_headers") or ()
    if not words:
        return None
    alt = "|".join(sorted((r"\s+".join(map(re.escape, str(w).split())) for w in words), key=len, reverse=True))
    # mid-sentence: after a word, number or closing bracket and a space, before a space and a non-space
    return re.compile(rf"(?<=[\w)\]\"'”] )(?:{alt})(?= \S)")


_INLINE_HEADER = _load_inline_headers()
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”)\]]*)(?:\s|$)")


def _split_inline_headers(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """A link-list or tag header of a page flattened to one line (boilerplate.yaml
    ``inline_headers``: "Tags", "Related") ends the sentence it stands in; the stretch from the
    header to the next header or the end of the text is dropped when no sentence ends in it (the
    link titles "... Airstrikes Against IS Kill Over 900 in Syria Watchdog Tags airstrikes ..." are
    other articles' headlines, not this article's text)."""
    if _INLINE_HEADER is None or not spans:
        return spans
    heads = [m.start() for m in _INLINE_HEADER.finditer(text, spans[0][0], spans[-1][1])]
    if not heads:
        return spans
    drop: list[tuple[int, int]] = []
    for k, h in enumerate(heads):
        stop = heads[k + 1] if k + 1 < len(heads) else len(text)
        if _SENTENCE_END.search(text, h, stop) is None:
            drop.append((h, stop))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        cuts = [h for h in heads if s < h < e]
        pieces, a = [], s
        for h in cuts:
            pieces.append((a, h))
            a = h
        pieces.append((a, e))
        for a, b in pieces:
            for ds, de in drop:
                if ds <= a < de:
                    a = min(b, de)
            a2, b2 = a, b
            while a2 < b2 and text[a2].isspace():
                a2 += 1
            while b2 > a2 and text[b2 - 1].isspace():
                b2 -= 1
            if a2 < b2:
                out.append((a2, b2))
    return out


def default_extractor(gazetteer: str | None = None, dictionaries: tuple[str, ...] = (),
                      agreements: tuple[str, ...] = ()) -> Extractor:
    """The process-wide extractor (built once; rebuilt only when the inputs differ)."""
    global _DEFAULT
    key = (gazetteer or "", tuple(dictionaries), tuple(agreements))
    if _DEFAULT is None or getattr(_DEFAULT, "_key", None) != key:
        from ..ceasefire.agreements import load_agreements
        from ..gazetteer import load_gazetteer

        ex = Extractor(load_resources(dictionaries) if dictionaries else load_resources(),
                       load_gazetteer(gazetteer or None), load_agreements(tuple(agreements)))
        ex._key = key  # type: ignore[attr-defined]
        _DEFAULT = ex
    return _DEFAULT


def mentions(articles: Iterable[Article], ex: Extractor | None = None) -> Iterator[tuple[Article, list[Sentence]]]:
    """The stage's public function: each article with its analysed sentences."""
    ex = ex or default_extractor()
    for a in articles:
        yield a, ex.sentences(a)
