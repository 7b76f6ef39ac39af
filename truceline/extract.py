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
import logging
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

import ahocorasick_rs

from . import textutil
from .model import Article, Mention
from .resources import Resources, load_resources

log = logging.getLogger(__name__)

# Arabic word-internal suffixes allowed after a trigger / casualty / victim term
_AR_SUFFIXES = frozenset({"ت", "ه", "ها", "هم", "هما", "وا", "ات", "ين", "ون", "ان", "تا", "تان", "ي", "ية",
                          "يه", "يات", "يين", "يون"})
_SUFFIX_KINDS = frozenset({"trigger", "lex:casualty", "lex:victims", "lex:claim", "lex:denial", "lex:statistic"})
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORD = re.compile(r"[^\W_]+(?:['’ʿ`-][^\W_]+)*", re.UNICODE)

TRIGGER_KINDS = frozenset({"trigger"})


def _is_word_char(c: str) -> bool:
    return c.isalnum()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article with the mentions found in it."""

    start: int
    end: int
    mentions: tuple[Mention, ...]

    def of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


class Matcher:
    """All dictionary terms compiled into one automaton."""

    def __init__(self, res: Resources) -> None:
        table: dict[str, list] = {}
        for t in res.terms():
            key = textutil.fold_term(t.text)
            if len(key) < 2:
                continue
            table.setdefault(key, []).append(t)
            if key.startswith("ال") and len(key) > 4 and _ARABIC.search(key):
                # "للنظام" = ل + النظام: the article's alef is dropped after the preposition lam
                table.setdefault("ل" + key[2:], []).append(t)
        self.keys = list(table)
        self.payload = [table[k] for k in self.keys]
        self.arabic = [bool(_ARABIC.search(k)) for k in self.keys]
        self.ac = ahocorasick_rs.AhoCorasick(self.keys, matchkind=ahocorasick_rs.MatchKind.Standard)
        self.clitics = frozenset(textutil.CLITIC_PREFIXES)

    def find(self, text: str) -> list[Mention]:
        folded, index = textutil.fold(text)
        n = len(folded)
        out: list[Mention] = []
        for pi, s, e in self.ac.find_matches_as_indexes(folded, overlapping=True):
            arabic = self.arabic[pi]
            left_ok = s == 0 or not _is_word_char(folded[s - 1])
            suffix_ok = e >= n or not _is_word_char(folded[e])
            if arabic:
                if not left_ok:
                    ws = s
                    while ws > 0 and _is_word_char(folded[ws - 1]):
                        ws -= 1
                    left_ok = folded[ws:s] in self.clitics
                if not suffix_ok:
                    we = e
                    while we < n and _is_word_char(folded[we]):
                        we += 1
                    suffix_ok = folded[e:we] if folded[e:we] in _AR_SUFFIXES else False
            if not left_ok or suffix_ok is False:
                continue
            os_ = s if index is None else index[s]
            oe = e if index is None else index[e - 1] + 1
            surface = text[os_:oe]
            for t in self.payload[pi]:
                if suffix_ok is not True and t.kind not in _SUFFIX_KINDS:
                    continue
                if t.case_sensitive and surface != t.text:
                    continue
                out.append(Mention(kind=t.kind, start=os_, end=oe, surface=surface, entry=t.entry_id,
                                   label=t.label, attrs=(("lang", t.lang), ("strength", getattr(t, "strength", "")))))
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return out


# ----------------------------------------------------------------------------------------------
# place candidates
# ----------------------------------------------------------------------------------------------
_EN_CONNECT = frozenset({"al", "el", "as", "ash", "ad", "an", "ar", "at", "az", "ath", "bin", "ibn", "abu",
                         "um", "umm", "de", "des", "ez", "es", "ed", "er"})
_EN_STOP_CAP = frozenset({
    "the", "a", "an", "in", "on", "at", "of", "and", "or", "but", "late", "early", "since", "after", "before",
    "according", "during", "however", "meanwhile", "also", "this", "that", "these", "those", "his", "her", "their",
    "its", "our", "we", "they", "he", "she", "it", "i", "you", "last", "on", "by", "for", "from", "with", "as",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "today",
    "yesterday", "syrian", "russian", "turkish", "iranian", "israeli", "american", "kurdish", "iraqi",
    "army", "forces", "force", "front", "council", "center", "centre", "police", "ministry", "state", "media",
    "news", "government", "regime", "group", "groups", "operations", "room", "brigade", "division", "regiment",
    "islamic", "national", "liberation", "democratic", "free", "special", "republican", "guard", "air",
    "defense", "defence", "human", "rights", "observatory", "civil", "white", "helmets", "coalition",
    "reconciliation", "party", "mr", "dr", "gen", "general", "president", "minister", "commander", "sheikh",
    "spokesman", "source", "sources", "agency", "press", "report", "reports", "video", "map", "photos",
})
# generic first words of Arabic toponyms: alone they are not a place when more name follows
_TOPONYM_HEADS = frozenset({"tel", "tal", "tall", "tell", "kafr", "kfar", "kefr", "deir", "dayr", "dair", "ain", "ayn",
                            "ein", "jabal", "jebel", "khirbet", "khirbat", "wadi", "bab", "ras", "beit", "bayt", "umm",
                            "abu", "qasr", "qalaat", "maarat", "jisr", "khan", "sheikh", "shaykh", "bir", "arab",
                            "al", "el", "tal'at", "mazraat", "harat", "marj", "sahl", "qaryat", "hayy"})
_AR_PLACE_CUES = frozenset({"في", "قرية", "بلدة", "مدينة", "ريف", "قرب", "محيط", "اطراف", "مناطق", "منطقة",
                            "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "على", "من",
                            "بلدات", "قرى", "مخيم", "جبل", "سهل", "حي", "جبهة", "محور", "نحو", "الى", "الي",
                            "داخل", "بين", "مدن", "وبلدة", "وقرية", "ومدينة"})


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    start: int
    end: int
    surface: str
    cue: str = ""          # "near", "outskirts", "direction", "region", "" (the place itself)
    known: bool = True     # False: not in the gazetteer, kept as written


_CUE_BEFORE_EN = [
    (re.compile(r"\b(?:sources?|officials?|spokesm[ae]n|spokesperson|correspondents?|reporters?|activists?|"
                r"journalists?|residents?|monitor|observatory|office|media|agency|ministry|council)\s+(?:in|from|of)\s+"
                r"(?:the\s+)?$", re.I), "claimant"),
    (re.compile(r"\bfrom\s+(?:(?:their|its|the|his|regime|army)\s+)?(?:(?:military\s+)?(?:positions?|bases?|posts?|areas?|"
                r"points?)\s+)?(?:(?:near|in|around|at|of)\s+)?(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$", re.I),
     "origin"),
    (re.compile(r"(?:\bnear(?:by)?|\bclose to|\baround|\bvicinity of|\bnext to)\s+(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$", re.I), "near"),
    (re.compile(r"\boutskirts\s+of\s+(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$", re.I), "outskirts"),
    (re.compile(r"\b(?:\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+)?(?:north|south|east|west|"
                r"northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+"
                r"of\s+(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$", re.I), "direction"),
    (re.compile(r"\b(?:countryside|province|governorate|outskirts|suburbs|rural areas?|region)\s+of\s+(?:the\s+)?$", re.I),
     "region"),
    (re.compile(r"\brural\s+$", re.I), "region"),
    (re.compile(r"\b(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|(?:north|south)(?:-?(?:east|west))(?:ern)?\s+)"
                r"(?:parts?\s+of\s+)?$", re.I), "region_dir"),
]
_CUE_AFTER_EN = re.compile(r"^\s*(?:'s\s+)?(?:(?:northern|southern|eastern|western|north-?eastern|north-?western|"
                           r"south-?eastern|south-?western)\s+)?(countryside|province|governorate|countrysides|"
                           r"rural areas|region|plain|frontlines?|front|fronts|outskirts|suburbs|city|town|village)\b",
                           re.I)
_AR_CUE_NEAR = frozenset({"قرب", "محيط", "اطراف", "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي"})


class Extractor:
    """Compiled dictionaries + gazetteer, built once per process."""

    def __init__(self, res: Resources | None = None, gazetteer=None) -> None:
        from .gazetteer import load_gazetteer

        self.res = res or load_resources()
        self.matcher = Matcher(self.res)
        self.gaz = gazetteer if gazetteer is not None else load_gazetteer(None)

    # -- sentences and mentions ---------------------------------------------------------------
    def sentences(self, article: Article) -> list[Sentence]:
        text = article.text
        lang = article.language or "en"
        spans = textutil.split_sentences(text, lang)
        found = self.matcher.find(text)
        starts = [s for s, _ in spans]
        per: list[list[Mention]] = [[] for _ in spans]
        for m in found:
            i = bisect.bisect_right(starts, m.start) - 1
            if i >= 0 and m.end <= spans[i][1]:
                per[i].append(m)
        out = []
        for (s, e), ms in zip(spans, per):
            if any(m.kind in TRIGGER_KINDS for m in ms):
                ms = ms + self._heavy(article, s, e, lang)
                ms.sort(key=lambda m: (m.start, -(m.end - m.start)))
            out.append(Sentence(s, e, tuple(ms)))
        return out

    def context_mentions(self, article: Article, s: int, e: int) -> list[Mention]:
        """Places and dates of a sentence without a trigger (used for article context)."""
        return self._heavy(article, s, e, article.language or "en")

    def _heavy(self, article: Article, s: int, e: int, lang: str) -> list[Mention]:
        text = article.text
        out: list[Mention] = []
        for n in textutil.find_numbers(text, s, e, lang):
            out.append(Mention(kind="number", start=n.start, end=n.end, surface=n.surface, entry="rule:number.v1",
                               value=n.value, attrs=(("approx", n.approx),)))
        for d in textutil.find_dates(text, s, e, lang, article.published):
            out.append(Mention(kind="date", start=d.start, end=d.end, surface=d.surface, entry="rule:date.v1",
                               value=d.date, attrs=(("precision", d.precision), ("end_date", d.end_date),
                                                    ("kind", d.kind), ("year_inferred", d.year_inferred))))
        out.extend(self._places(text, s, e, lang))
        return out

    # -- places --------------------------------------------------------------------------------
    def _places(self, text: str, s: int, e: int, lang: str) -> list[Mention]:
        cands = self._place_candidates_ar(text, s, e) if lang == "ar" else self._place_candidates_en(text, s, e)
        out = []
        for c in cands:
            out.append(Mention(kind="place", start=c.start, end=c.end, surface=c.surface, entry="rule:place.v1",
                               attrs=(("cue", c.cue), ("known", c.known))))
        return out

    def _place_candidates_en(self, text: str, s: int, e: int) -> list[PlaceCandidate]:
        toks = [(m.start() + s, m.end() + s, m.group()) for m in _WORD.finditer(text[s:e])]
        runs: list[list[tuple[int, int, str]]] = []
        cur: list[tuple[int, int, str]] = []
        for i, tk in enumerate(toks):
            w = tk[2]
            low = w.lower()
            head = re.split(r"[-'’]", w, maxsplit=1)
            is_cap = w[0].isupper() or (low.split("-")[0] in _EN_CONNECT and "-" in w and len(head) > 1
                                        and w.split("-", 1)[1][:1].isupper())
            is_conn = low in _EN_CONNECT and cur and i + 1 < len(toks) and toks[i + 1][2][:1].isupper()
            contiguous = not cur or text[cur[-1][1]:tk[0]] in (" ", "-", " - ")
            if (is_cap or is_conn) and contiguous and not w.isdigit():
                cur.append(tk)
            else:
                if cur:
                    runs.append(cur)
                cur = [tk] if is_cap and not w.isdigit() else []
        if cur:
            runs.append(cur)
        out: list[PlaceCandidate] = []
        for run in runs:
            while run and run[0][2].lower() in _EN_STOP_CAP:   # "The Idlib ..." -> "Idlib ..."
                run = run[1:]
            i = 0
            while i < len(run):
                hit = None
                for j in range(min(len(run), i + 5), i, -1):
                    a, b = run[i][0], run[j - 1][1]
                    surf = text[a:b]
                    if j - i == 1:
                        w = run[i][2].lower()
                        if w in _EN_STOP_CAP or not self._single_ok(text, s, run[i][0], run[i][1], out):
                            continue
                        if w in _TOPONYM_HEADS and i + 1 < len(run):
                            continue  # "Tel" of an unknown "Tel Al-Sahn" is not the town "Tall"
                    if self.gaz.lookup(surf, "en"):
                        hit = (a, b, surf, j)
                        break
                if hit:
                    a, b, surf, j = hit
                    out.append(PlaceCandidate(a, b, surf, self._cue_en(text, s, a, b)))
                    i = j
                else:
                    # an unknown name in a strong place slot is kept as written ("near Kabajab")
                    j = i + 1
                    while j < len(run) and j - i < 3:
                        j += 1
                    a, b = run[i][0], run[j - 1][1]
                    if i == 0 and self._strong_slot(text, s, a, out) and not any(
                            t[2].lower() in _EN_STOP_CAP for t in run[i:j]):
                        out.append(PlaceCandidate(a, b, text[a:b], self._cue_en(text, s, a, b), known=False))
                        i = j
                    else:
                        i += 1
        return out

    _PLACE_BEFORE = re.compile(r"(?:\b(?:in|at|near|of|from|to|into|outside|around|towards?|toward|across|"
                               r"village|town|city|villages|towns|province|countryside|outskirts|district|"
                               r"targeted|shelled|struck|hit|bombed|captured|seized|entered|stormed|liberated|"
                               r"besieged|reached)|[,;]|\band)\s+(?:the\s+)?$", re.I)
    _PLACE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:countryside|province|governorate|city|town|village|area|"
                              r"district|outskirts|suburbs?|front|frontline|plain|region|countrysides)\b", re.I)

    _STRONG_SLOT = re.compile(r"\b(?:villages?|towns?|city|hamlet|suburb|neighbou?rhood|district|area|outskirts|"
                              r"vicinity|farms)\s+of\s+(?:the\s+)?$|\bnear\s+(?:the\s+)?$", re.I)
    _LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)$")

    def _strong_slot(self, text: str, s: int, a: int, prev: list) -> bool:
        before = text[max(s, a - 30):a]
        if self._STRONG_SLOT.search(before):
            return True
        # a list continued from a place just before: "the towns of Barisha, Sarmada and Ariha"
        return bool(prev) and prev[-1].end <= a and bool(self._LIST_SEP.match(" " + text[prev[-1].end:a]))

    def _single_ok(self, text: str, s: int, a: int, b: int, prev: list) -> bool:
        """A one-word name is a place only in a place slot ('in X', 'X countryside', a list of places),
        or when it is long enough not to be an ordinary capitalised word."""
        if b - a >= 7:
            return True
        before = text[max(s, a - 40):a]
        if self._PLACE_BEFORE.search(before) or self._PLACE_AFTER.match(text[b:b + 30]):
            return True
        return False

    @staticmethod
    def _cue_en(text: str, s: int, a: int, b: int) -> str:
        before = text[max(s, a - 60):a]
        after = text[b:b + 40]
        m = _CUE_AFTER_EN.match(after)
        if m:
            w = m.group(1).lower()
            if w in ("city", "town", "village"):
                return ""
            if w.startswith("front") or w in ("outskirts", "suburbs"):
                return "near"
            return "region"
        for rx, cue in _CUE_BEFORE_EN:
            if rx.search(before):
                return "region" if cue == "region_dir" else cue
        return ""

    def _place_candidates_ar(self, text: str, s: int, e: int) -> list[PlaceCandidate]:
        toks = [(m.start() + s, m.end() + s, m.group()) for m in _WORD.finditer(text[s:e])]
        out: list[PlaceCandidate] = []
        i = 0
        while i < len(toks):
            hit = None
            for j in range(min(len(toks), i + 4), i, -1):
                a, b = toks[i][0], toks[j - 1][1]
                surf = text[a:b]
                if j - i == 1:
                    prev = textutil.normalize_ar(toks[i - 1][2]) if i else ""
                    core = textutil.normalize_ar(toks[i][2])
                    if prev not in _AR_PLACE_CUES and len(core) < 4:
                        continue
                if self.gaz.lookup(surf, "ar"):
                    hit = (a, b, surf, j)
                    break
            if hit:
                a, b, surf, j = hit
                prev = textutil.normalize_ar(toks[i - 1][2]) if i else ""
                prev = prev[1:] if prev.startswith("و") and len(prev) > 3 else prev
                cue = "near" if prev in _AR_CUE_NEAR else ("region" if prev in ("ريف", "محافظه") else "")
                out.append(PlaceCandidate(a, b, surf, cue))
                i = j
            else:
                i += 1
        return out


_DEFAULT: Extractor | None = None


def default_extractor(gazetteer: str | None = None, dictionaries: tuple[str, ...] = ()) -> Extractor:
    """The process-wide extractor (built once; rebuilt only when the inputs differ)."""
    global _DEFAULT
    key = (gazetteer or "", tuple(dictionaries))
    if _DEFAULT is None or getattr(_DEFAULT, "_key", None) != key:
        from .gazetteer import load_gazetteer

        ex = Extractor(load_resources(dictionaries) if dictionaries else load_resources(),
                       load_gazetteer(gazetteer or None))
        ex._key = key  # type: ignore[attr-defined]
        _DEFAULT = ex
    return _DEFAULT


def mentions(articles: Iterable[Article], ex: Extractor | None = None) -> Iterator[tuple[Article, list[Sentence]]]:
    """The stage's public function: each article with its analysed sentences."""
    ex = ex or default_extractor()
    for a in articles:
        yield a, ex.sentences(a)
