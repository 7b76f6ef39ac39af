"""Low-level text functions for English and Arabic news text.

Pure functions, no I/O; every table and regular expression is built once at import.  All
offsets are character offsets into the string passed in (end exclusive), so a span found here
can be turned into an :class:`~truceline.model.Evidence` as it is.

- :func:`split_sentences` -- sentence spans (hard breaks at line ends, abbreviation-aware,
  long runs cut at a safe point so downstream cost stays bounded).
- :func:`fold` / :func:`fold_term` / :func:`normalize_ar` -- matching normalisation with an
  offset map back to the original text; :func:`to_original` maps a folded span back.
- :func:`strip_clitics` / :data:`CLITIC_PREFIXES` -- Arabic proclitic chains.
- :func:`find_numbers` / :func:`parse_number` -- counts as ACLED codes them (dozens=12, tens=10,
  hundreds=100 ...), with ordinals, years, times, days of a month and unit names left out.
- :func:`find_dates` -- absolute, relative, weekday, month, year and period expressions, with
  ACLED time precision, year inference and tabular Hijri conversion.

See ``docs/text.md`` for the rules with examples.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

__all__ = [
    "CLITIC_PREFIXES", "MAX_SENTENCE", "DateSpan", "Num", "find_dates", "find_numbers", "fold", "fold_term",
    "gregorian_to_hijri", "hijri_to_gregorian", "infer_month_year", "infer_year", "normalize_ar",
    "parse_number", "resolve_relative", "split_sentences", "strip_clitics", "to_original", "weekday_before",
]

MAX_SENTENCE = 1500
"""Longest sentence span returned by :func:`split_sentences` (longer runs are cut)."""

# =================================================================================================
# Folding
# =================================================================================================
_DELETE_RANGES = (
    (0x064B, 0x065F), (0x0670, 0x0670),   # Arabic harakat, superscript alef
    (0x0640, 0x0640),                       # tatweel
    (0x0300, 0x036F),                       # Latin combining diacritics (decomposed text)
    (0x200B, 0x200F),                       # zero-width space/joiners, LRM, RLM
    (0x202A, 0x202E), (0x2066, 0x2069),     # bidi embeddings, overrides, isolates
    (0x061C, 0x061C), (0x2060, 0x2060),     # Arabic letter mark, word joiner
    (0x00AD, 0x00AD), (0xFEFF, 0xFEFF),     # soft hyphen, BOM / zero-width no-break space
)
_DELETE = frozenset(c for a, b in _DELETE_RANGES for c in range(a, b + 1))
# marks that belong to the letter before them (harakat, tatweel, combining accents): a mapped
# match end is extended over them
_MARKS = frozenset(chr(c) for c in _DELETE if 0x0640 <= c <= 0x0670 or 0x0300 <= c <= 0x036F)
_DEL_RE = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _DELETE_RANGES) + "]+")

_AR_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك",                          # Persian yeh and keheh typed for Arabic letters
}
_AR_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})   # Arabic-Indic digits
_AR_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})   # Persian digits
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_PUNCT_MAP = {
    "ʿ": "'", "ʾ": "'", "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "ʻ": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "\u2010": "-", "\u2011": "-",
}
_LATIN_SPECIAL = {"ø": "o", "đ": "d", "ħ": "h", "ł": "l", "ı": "i", "ŧ": "t", "ð": "d", "ŀ": "l"}


def _build_tables() -> tuple[list, list]:
    ident = "".join(chr(i) for i in range(0x10000))
    # str.lower() keeps one char per char everywhere except U+0130 (İ -> i + combining dot)
    low = list(ident.replace("\u0130", "I").lower())
    low[0x130] = "i"
    for i in range(0xD800, 0xE000):     # surrogates cannot be joined; keep them as themselves
        low[i] = chr(i)
    for rng in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for i in range(*rng):
            c = low[i]
            base = unicodedata.normalize("NFD", c)[0]
            if base != c and base.isascii() and base.isalpha():
                low[i] = base.lower()
    for k, v in _LATIN_SPECIAL.items():
        low[ord(k)] = v
        low[ord(k.upper())] = v
    for k, v in _PUNCT_MAP.items():
        low[ord(k)] = v
    for ch in _SPACES:
        low[ord(ch)] = " "
    for k, v in _AR_MAP.items():
        low[ord(k)] = v
    full = list(low)
    for c in _DELETE:
        full[c] = None
    ar = [chr(i) for i in range(0x10000)]
    for k, v in _AR_MAP.items():
        ar[ord(k)] = v
    for ch in _SPACES:
        ar[ord(ch)] = " "
    for c in _DELETE:
        ar[c] = None
    return full, ar


_FOLD_TABLE, _AR_TABLE = _build_tables()


def _A(s: str) -> str:
    """Arabic literal written naturally -> its folded form (so tables and patterns match folded text)."""
    return s.translate(_AR_TABLE)


def _rx(pattern: str) -> re.Pattern:
    return re.compile(_A(pattern))


# A word broken with tatweel and a dot or space so that filters miss it ("استـ.ـشهاد", "قـ.ـصف",
# "مداهـ ـمات", "المـ.دفعـ.ي", "الإسـ..ـرائيلي"): the break is dropped like the tatweel itself
_MASKED_BREAK = re.compile(r"(?<=\u0640)[ .]{1,3}(?=\u0640)|(?<=[\u0621-\u063f\u0641-\u064a]\u0640)\.{1,2}"
                           r"(?=[\u0621-\u063f\u0641-\u064a])|(?<=[\u0621-\u063f\u0641-\u064a])\.{1,2}(?=\u0640)")


def _unmask(text: str) -> str:
    """``text`` with the breaks of masked words replaced by tatweel (same length, so offsets hold)."""
    return _MASKED_BREAK.sub(lambda m: "\u0640" * len(m.group()), text)


def fold(text: str) -> tuple[str, array | None]:
    """Fold ``text`` for matching; return ``(folded, index)``.

    Lower case, Latin diacritics stripped, apostrophe-like marks -> ``'``, curly double quotes
    -> ``"``, tabs/NBSP/other spaces -> ``' '``, Arabic letter variants unified
    (أ إ آ ٱ -> ا, ة -> ه, ى ی -> ي, ؤ -> و, ئ -> ي, ک -> ك), Arabic-Indic and Persian digits -> ASCII.
    Arabic harakat, tatweel, combining marks, zero-width and bidi controls are deleted.

    ``index`` is None when nothing was deleted (then ``folded[i]`` stands for ``text[i]``);
    otherwise ``index[i]`` is the offset in ``text`` of ``folded[i]`` (``array('i')``).
    """
    if text.isascii():
        return text.lower(), None
    if "\u0640" in text:
        text = _unmask(text)
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text):
        return folded, None
    idx = array("i")
    prev = 0
    for m in _DEL_RE.finditer(text):
        idx.extend(range(prev, m.start()))
        prev = m.end()
    idx.extend(range(prev, len(text)))
    return folded, idx


def to_original(text: str, index: array | None, start: int, end: int) -> tuple[int, int]:
    """Map a span ``folded[start:end]`` of ``fold(text)`` back to offsets in ``text``.

    The end is extended over combining marks (harakat, Latin combining accents) that belong to
    the last letter, so ``text[a:b]`` shows the word as written.
    """
    if index is None:
        return start, end
    n = len(index)
    a = index[start] if start < n else len(text)
    if end <= start:
        return a, a
    b = index[end - 1] + 1
    lim = len(text)
    while b < lim and text[b] in _MARKS:
        b += 1
    return a, b


_WS_RUN = re.compile(r"\s+")


def fold_term(s: str) -> str:
    """Fold a dictionary term like :func:`fold` and collapse runs of whitespace to one space."""
    return _WS_RUN.sub(" ", fold(s)[0]).strip()


def normalize_ar(s: str) -> str:
    """Arabic folding only (letter variants, digits, deletions, spaces), for dictionary keys.

    Latin letters are left as they are; whitespace is collapsed and stripped.
    """
    return _WS_RUN.sub(" ", s.translate(_AR_TABLE)).strip()


# =================================================================================================
# Arabic clitics
# =================================================================================================
def _clitic_chains() -> frozenset[str]:
    out = set()
    for conj in ("", "و", "ف"):
        for prep in ("", "ب", "ل", "ك"):
            for art in ("", "ال"):
                chain = conj + prep + art
                if prep == "ل" and art:
                    chain = conj + "لل"          # ل + ال is written لل
                if chain:
                    out.add(chain)
    return frozenset(out)


CLITIC_PREFIXES: frozenset[str] = _clitic_chains()
"""Proclitic chains that may stand before a dictionary term inside an Arabic word:
[و|ف] conjunction, then [ب|ل|ك] preposition, then the article ال (ل + ال written لل).
The future prefix س is left out: it only attaches to imperfect verbs and would turn many
nouns into false matches (سلاح -> لاح)."""
_CLITICS_BY_LEN = sorted(CLITIC_PREFIXES, key=len)


def strip_clitics(word: str) -> list[str]:
    """The word and its variants without Arabic proclitic chains, shortest prefix first.

    Every variant is a suffix of ``word`` with at least 2 letters:
    ``strip_clitics("وبالقصف") == ["وبالقصف", "بالقصف", "القصف", "قصف"]``.
    """
    out = [word]
    n = len(word)
    for p in _CLITICS_BY_LEN:
        if n - len(p) >= 2 and word.startswith(p):
            out.append(word[len(p):])
    return out


# =================================================================================================
# Sentences
# =================================================================================================
_LINEBREAK = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_QUOTES_AFTER = "\"'\u2019\u201d\u00bb)\\]"


# Arabic letters without the tatweel: a full stop glued between two Arabic words ("إدلب.وقال", common
# in scraped Arabic text) ends a sentence; one letter on either side is an abbreviation or a
# spelling that dodges filters ("د.اع.ش"), and a tatweel next to the stop is such a spelling too
_AR_WORD_LETTER = "\u0621-\u063f\u0641-\u064a"


def _sent_cand(punct: str) -> re.Pattern:
    # A run of line breaks, or end punctuation (+ closing quotes) followed by whitespace, or a full
    # stop glued between two Arabic words; written to start with one character class, so the regex
    # engine skips ahead to candidates in C.
    return re.compile(rf"[{_LINEBREAK}{punct}](?:(?<=[{_LINEBREAK}])[{_LINEBREAK}]*|"
                      rf"(?<=[{_AR_WORD_LETTER}]{{2}}\.)(?P<glue>)(?=[{_AR_WORD_LETTER}]{{2}})|"
                      rf"(?P<pr>[{punct}]*)[{_QUOTES_AFTER}]*(?=(?P<ws>\s+)(?P<c>\S)?))")


_SENT_CAND = {"en": _sent_cand(".!?\u061f\u2026"), "ar": _sent_cand(".!?\u061f\u061b\u2026")}
_HAS_LINEBREAK = re.compile(rf"[{_LINEBREAK}]")
_LETTER = re.compile(r"[^\W\d_]")
_NONSPACE = re.compile(r"\S")
_LAST_TOKEN = re.compile(r"(?:[^\W\d_]+\.)*[^\W\d_]+$")
_ABBREV = frozenset("""
mr mrs ms messrs dr gen lt col maj capt cpt sgt cpl pvt brig adm cmdr cdr gov sen rep pres prof rev hon
st mt ft jr sr vs etc e.g i.e u.s u.n u.k u.s.a u.a.e jan feb mar apr jun jul aug sep sept oct nov dec
approx est dept govt inc ltd co corp fig vol art para al
""".split())
_ABBREV_BEFORE_DIGIT = frozenset({"no", "nos"})
_OPENERS = "\"'“‘«([\u2018\u201c"


# a full stop after a plain word, then a lower-case word: scraped text that lost its capitals
# ("... the UN Secretary General says. the international coalition continued ..."); the word
# before the stop has two or more letters and no inner stop (not "U.S.", "a.m.", "Gen.", "e.g.")
_PLAIN_WORD_BEFORE = re.compile(r"(?<![\w.])[^\W\d_]{2,}$")
_LOWER_WORD_AFTER = re.compile(r"\s+[^\W\d_A-Z]{2,}\b")


def _lower_start(text: str, ms: int, m: re.Match, s: int) -> bool:
    if text[ms] != "." or m.group("pr") or ms - 1 < s:
        return False
    w = _PLAIN_WORD_BEFORE.search(text, max(s, ms - 30), ms)
    if w is None or w.group().lower() in _ABBREV:
        return False
    return _LOWER_WORD_AFTER.match(text, m.end()) is not None


def _is_arabic_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064a" or "\u0671" <= c <= "\u06d3"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    seg = text[a:b]
    r = len(seg.rstrip())
    if r == 0:
        return a, a
    return a + len(seg) - len(seg.lstrip()), a + r


def _emit(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    """Append the trimmed span [a, b), cut into pieces of at most MAX_SENTENCE chars."""
    a, b = _trim(text, a, b)
    if a >= b:
        return
    while b - a > MAX_SENTENCE:
        lim = a + MAX_SENTENCE
        cut = max(text.rfind(",", a + 1, lim), text.rfind("\u060c", a + 1, lim), text.rfind(";", a + 1, lim),
                  text.rfind("\u061b", a + 1, lim))
        if cut >= a + MAX_SENTENCE // 3:
            cut += 1                     # keep the comma with the left piece
        else:
            cut = max(text.rfind(" ", a + 1, lim), text.rfind("\t", a + 1, lim), text.rfind("\u00a0", a + 1, lim))
            if cut <= a:
                cut = lim
        pa, pb = _trim(text, a, cut)
        if pa < pb:
            out.append((pa, pb))
        m = _NONSPACE.search(text, cut, b)
        if m is None:
            return
        a = m.start()
    out.append((a, b))


def split_sentences(text: str, lang: str = "en", start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(s, e)`` within ``text[start:end]``, trimmed of surrounding whitespace.

    Every line break is a hard break.  ``. ! ? …`` (Arabic also ``؟ ؛``) end a sentence when
    followed by whitespace and -- in English -- an upper-case letter, digit, opening quote or
    Arabic letter; closing quotes/brackets stay with the sentence.  No break after known
    abbreviations (Mr., Gen., U.S., e.g., Jan. ...), single-letter initials, or inside numbers
    (3.5).  Spans longer than :data:`MAX_SENTENCE` are cut at the last comma (else space) before
    the limit.  Linear time; one regex scan finds every candidate break with what follows it.
    """
    n = len(text)
    end = n if end is None else min(end, n)
    start = max(0, start)
    if start >= end:
        return []
    arabic = lang == "ar"
    cand = _SENT_CAND["ar" if arabic else "en"]
    out: list[tuple[int, int]] = []
    append = out.append
    s = start
    for m in cand.finditer(text, start, end):
        ms, pe = m.span()
        if text[ms] in _LINEBREAK:
            b = ms
        elif m.group("glue") is not None:
            b = pe
        else:
            c = m.group("c")
            if c is None:
                continue                          # only trailing space: region end closes it
            if _HAS_LINEBREAK.search(m.group("ws")) is not None:
                pass                              # the line break closes it anyway
            elif arabic:
                if c.isalpha() and c.islower():
                    continue
            elif not (c.isupper() or c.isdigit() or c in _OPENERS or _is_arabic_letter(c)):
                if not (c.islower() and _lower_start(text, ms, m, s)):
                    continue
            if text[ms] == "." and not m.group("pr"):
                lo = max(s, ms - 24)
                if lo < ms and _LETTER.match(text, ms - 1) is not None:
                    t = _LAST_TOKEN.search(text, lo, ms)
                    if t is not None:
                        tok = t.group().lower()
                        if tok in _ABBREV or len(tok) == 1:
                            continue
                        if tok in _ABBREV_BEFORE_DIGIT and c.isdigit():
                            continue
            b = pe
        # _emit inlined for the common case (a trimmed span shorter than MAX_SENTENCE)
        seg = text[s:b]
        r = len(seg.rstrip())
        if r:
            a0 = s + len(seg) - len(seg.lstrip())
            b0 = s + r
            if b0 - a0 > MAX_SENTENCE:
                _emit(text, a0, b0, out)
            else:
                append((a0, b0))
        s = pe
    _emit(text, s, end, out)
    if ";" in text[start:end]:
        out = _split_joined(text, out)
    return out


# a semicolon glued to the next headline ("kills 7 in Saraqib;More shells on Ariha"): prose puts a
# space after a semicolon, so this is a list of headlines run together (feeds, digests)
_JOINED_HEADLINE = re.compile(r"(?<=\S);(?=[A-Z0-9\u0621-\u064a])")


def _split_joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        for m in _JOINED_HEADLINE.finditer(text, a, b):
            if m.start() > a:
                out.append((a, m.start()))
            a = m.end()
        if a < b:
            out.append((a, b))
    return out


# =================================================================================================
# Shared: folded regions
# =================================================================================================
@lru_cache(maxsize=16)
def _fold_region(text: str, start: int, end: int) -> tuple[str, array | None]:
    return fold(text[start:end])


def _region(text: str, start: int, end: int | None) -> tuple[int, int]:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    n = len(text)
    end = n if end is None else min(end, n)
    return max(0, start), end


class _Mapper:
    """Maps spans of a folded region back to the original text."""

    __slots__ = ("text", "base", "idx", "limit")

    def __init__(self, text: str, base: int, idx: array | None, limit: int) -> None:
        self.text, self.base, self.idx, self.limit = text, base, idx, limit

    def span(self, s: int, e: int) -> tuple[int, int]:
        idx = self.idx
        if idx is None:
            return self.base + s, self.base + e
        a = self.base + (idx[s] if s < len(idx) else self.limit - self.base)
        if e <= s:
            return a, a
        b = self.base + idx[e - 1] + 1
        text, lim = self.text, self.limit
        while b < lim and text[b] in _MARKS:
            b += 1
        return a, b


# =================================================================================================
# Month and weekday names (folded forms)
# =================================================================================================
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_AR_MONTHS = {
    "كانون الثاني": 1, "يناير": 1, "شباط": 2, "فبراير": 2, "اذار": 3, "مارس": 3, "نيسان": 4, "ابريل": 4,
    "ايار": 5, "مايو": 5, "حزيران": 6, "يونيو": 6, "يونيه": 6, "تموز": 7, "يوليو": 7, "يوليه": 7, "اب": 8,
    "اغسطس": 8, "ايلول": 9, "سبتمبر": 9, "تشرين الاول": 10, "اكتوبر": 10, "تشرين الثاني": 11, "نوفمبر": 11,
    "كانون الاول": 12, "ديسمبر": 12,
}
_AR_MONTHS = {_A(k): v for k, v in _AR_MONTHS.items()}
_AR_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}
_HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4, "جمادي الاولي": 5,
    "جمادي الاول": 5, "جمادي الثانيه": 6, "جمادي الاخره": 6, "جمادي الاخر": 6, "جمادي الثاني": 6, "رجب": 7,
    "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}

_HIJRI_MONTHS = {_A(k): v for k, v in _HIJRI_MONTHS.items()}


def _alt(words) -> str:
    return "|".join(re.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_EN_MON = (r"(?:" + _alt(k for k in _EN_MONTHS if len(k) > 4 or k in ("may", "june", "july")) + r")\b|(?:"
           + _alt(k for k in _EN_MONTHS if len(k) <= 4 and k not in ("may", "june", "july")) + r")(?:\.|\b)")
_EN_WD = _alt(_EN_WEEKDAYS)
_AR_MON = _alt(_AR_MONTHS)
_AR_WD = _alt(_AR_WEEKDAYS)
_H_MON = _alt(_HIJRI_MONTHS)
_AL = r"\u0621-\u064a"           # Arabic letters after folding
_NB = rf"(?<![{_AL}A-Za-z0-9])"   # not glued to a word on the left
_NA = rf"(?![{_AL}A-Za-z0-9])"    # ... nor on the right


def _month_no(name: str, table: dict[str, int]) -> int:
    return table[_WS_RUN.sub(" ", name.rstrip("."))]


# =================================================================================================
# Numbers
# =================================================================================================
@dataclass(frozen=True, slots=True, kw_only=True)
class Num:
    """A number found in text: ``text[start:end] == surface``; ``approx`` for vague figures."""

    start: int
    end: int
    value: int
    approx: bool
    surface: str


_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_EN_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_SCALES = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_WORDS = {**_EN_UNITS, **_EN_TEENS, **_EN_TENS, **_EN_SCALES, "hundred": 100, "dozen": 12}
_EN_PLURALS = {"dozens": 12, "tens": 10, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 1_000_000}
_EN_NUMWORD = _alt(_EN_WORDS)
_EN_WORD_RUN = _rx(
    rf"\b(?:an?\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?(?:{_EN_NUMWORD})"
    rf"(?:(?:\s+and\s+|\s*-\s*|\s+)(?:{_EN_NUMWORD}))*\b")
_EN_PLURAL_RE = _rx(
    r"\b(?P<w>dozens|tens|scores|hundreds|thousands|millions)\b(?:\s+of\s+(?P<m>thousands|millions)\b)?")
_EN_OF_AFTER = _rx(r"\s+of\b")
_WORD_TOKEN = _rx(r"[a-z]+")
_EN_HALF_BEFORE = _rx(r"\bhalf\s+$")
_ORDINAL_AFTER = _rx(r"-(?:first|second|third|[a-z]+th)\b")

_DIGITS = {
    "en": _rx(r"(?<![0-9A-Za-z_.,:/\u066b\u066c])"
                     r"(?P<n>\d{1,3}(?:(?P<sep>[,\u066c ])\d{3})(?:(?P=sep)\d{3})*(?!\d)|\d+)"
                     r"(?:\.(?P<dec>\d+))?(?!\d)"),
    "ar": _rx(r"(?<![0-9A-Za-z_.,:/\u066b\u066c])"
                     r"(?P<n>\d{1,3}(?:(?P<sep>[,\u066c\u066b. ])\d{3})(?:(?P=sep)\d{3})*(?!\d)|\d+)"
                     r"(?:[.\u066b](?P<dec>\d+))?(?!\d)"),
}
_DATE_LIKE = _rx(r"(?<!\d)\d{1,4}([-/.])\d{1,2}\1\d{1,4}(?!\d)")
_AFTER_DIGITS_BAD = _rx(r"(?:[^\W\d_]|:\d|/\d|\s*(?:%|\u066a|percent\b|per\s+cent\b|بالمئه|بالمائه|"
                               r"في\s+المئه|في\s+المائه|a\.?m\b|p\.?m\b|o'clock|hrs\b|gmt\b|utc\b|"
                               r"صباحا|مساء(?![{AL}])|ظهرا|فجرا)|-[a-z])".replace("{AL}", _AL))
_BEFORE_DIGITS_BAD = _rx(r"(?:[$\u20ac\u00a3]|[a-z]-|#|\b(?:resolutions?|route|highway|road|no\.?|nos\.?|"
                                r"number|brigade|division|regiment|battalion|corps|squadron|platoon|article|"
                                r"paragraph|page|chapter|section|phase|flight)|(?<![{AL}])[وفبل]?(?:رقم|القرار|قرار|"
                                r"الفرقه|فرقه|الفيلق|الفوج|فوج|الكتيبه|كتيبه|اللواء|الماده|البند|الساعه))\s*$"
                                .replace("{AL}", _AL))
_UNIT_NOUN_AFTER = _rx(r"\s+(?:brigade|division|regiment|battalion|corps|squadron|platoon)\b")
_SCALE_AFTER = {
    "en": _rx(r"\s*(?P<s>million|billion|thousand)\b"),
    "ar": _rx(rf"\s*(?P<s>مليون|ملايين|مليونا|مليار|مليارات|مليارا|الف|الاف|الفا){_NA}"),
}
_SCALE_VALUE = {"million": 1_000_000, "billion": 1_000_000_000, "thousand": 1000, "مليون": 1_000_000,
                "ملايين": 1_000_000, "مليونا": 1_000_000, "مليار": 1_000_000_000, "مليارات": 1_000_000_000,
                "مليارا": 1_000_000_000, "الف": 1000, "الاف": 1000, "الفا": 1000}
_APPROX_BEFORE = {
    "en": _rx(r"\b(?:at\s+least|more\s+than|over|nearly|about|around|almost|roughly|approximately|some|"
                     r"up\s+to|an\s+estimated|estimated|as\s+many\s+as|less\s+than|fewer\s+than|under|"
                     r"close\s+to|in\s+excess\s+of|upwards\s+of|no\s+fewer\s+than|no\s+less\s+than|several|"
                     r"a\s+few|few|approx\.?|circa|c\.|~)\s*$"),
    "ar": _rx(r"(?:نحو|حوالي|قرابه|زهاء|يقارب|اكثر\s+من|اقل\s+من|يقل\s+عن|يزيد\s+عن|يزيد\s+علي|"
                     r"يربو\s+علي|ما\s+يناهز|يناهز|اكثر|تقريبا|بضع|بضعه)\s*$"),
}
_EN_DAY_MONTH_BEFORE = _rx(rf"(?<![a-z])(?:{_EN_MON})\.?\s+(?:the\s+)?$")
_EN_DAY_MONTH_AFTER = _rx(rf"(?:st|nd|rd|th)?\s*(?:[-\u2013]\s*\d{{1,2}}(?:st|nd|rd|th)?\s*)?(?:of\s+)?"
                                 rf"(?:{_EN_MON})(?:\.|\b)")
_AR_DAY_MONTH_AFTER = _rx(rf"\s*(?:[-\u2013]\s*\d{{1,2}}\s*)?(?:من\s+)?(?:شهر\s+)?(?:{_AR_MON}|{_H_MON}){_NA}")
_HIJRI_YEAR_AFTER = _rx(rf"\s*(?:ه{_NA}|هجري)")
_EN_ONE_BEFORE = _rx(r"(?:\b(?:no|the|any|every|each|this|that|which|only|last)\s+|\bno-)$")
_EN_ONE_AFTER = _rx(r"\s*(?:of\b|another\b|day\b|side\b|hand\b|point\b|way\b|time\b|by\s+one\b|'s\b|"
                           r"who\b|that\b|which\b|can\b|could\b|must\b|should\b|would\b|will\b|may\b|might\b)")
_AR_WORD_RE = _rx(rf"[{_AL}]+")
_AR_WORD_END = _rx(rf"[{_AL}]+$")
_AR_BEFORE_DIGIT_OK = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك", "ال", "بال", "وال",
                                 "لل", "وبال", "ولل"})


def _ar_number_table() -> dict[str, tuple[int, str]]:
    t: dict[str, tuple[int, str]] = {}
    units = {1: ("واحد", "واحده"), 2: ("اثنان", "اثنين", "اثنتان", "اثنتين"), 3: ("ثلاث", "ثلاثه"),
             4: ("اربع", "اربعه"), 5: ("خمس", "خمسه"), 6: ("ست", "سته"), 7: ("سبع", "سبعه"),
             8: ("ثمان", "ثماني", "ثمانيه"), 9: ("تسع", "تسعه")}
    for v, ws in units.items():
        for w in ws:
            t[w] = (v, "unit")
    for w in ("احد", "احدي"):
        t[w] = (1, "teen1")          # only in 11: احد عشر / احدي عشره
    for w in ("اثنا", "اثني", "اثنتا", "اثنتي"):
        t[w] = (2, "teen1")
    t["عشر"] = t["عشره"] = (10, "ten")
    tens = {20: "عشر", 30: "ثلاث", 40: "اربع", 50: "خمس", 60: "ست", 70: "سبع", 80: "ثمان", 90: "تسع"}
    for v, stem in tens.items():
        t[stem + "ون"] = t[stem + "ين"] = (v, "tens")
    for w in ("مئه", "مائه"):
        t[w] = (100, "hundred")
    for w in ("مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي"):
        t[w] = (200, "hundreds")
    for v, stems in {3: ("ثلاث",), 4: ("اربع",), 5: ("خمس",), 6: ("ست",), 7: ("سبع",), 8: ("ثمان", "ثماني"),
                     9: ("تسع",)}.items():
        for stem in stems:
            for h in ("مئه", "مائه"):
                t[stem + h] = (v * 100, "hundreds")
    for w in ("الف", "الفا"):
        t[w] = (1000, "scale")
    t["الاف"] = (1000, "scale_pl")
    t["الفان"] = t["الفين"] = (2000, "thousands")
    for w in ("مليون", "مليونا"):
        t[w] = (1_000_000, "scale")
    t["ملايين"] = (1_000_000, "scale_pl")
    t["مليونان"] = t["مليونين"] = (2_000_000, "thousands")
    for w in ("مليار", "مليارا"):
        t[w] = (1_000_000_000, "scale")
    t["مليارات"] = (1_000_000_000, "scale_pl")
    t["عشرات"] = (10, "plural")
    t["مئات"] = (100, "plural")
    return t


_AR_NUMBERS = {_A(k): v for k, v in _ar_number_table().items()}
_AR_NUM_CAND = _rx(rf"(?<![{_AL}])(?:{_alt(CLITIC_PREFIXES)})?(?:{_alt(_AR_NUMBERS)}){_NA}")
# words that look like a clitic + number but are not numbers
_AR_NOT_NUMBER = frozenset(_A(w) for w in {"لست", "الاثنين", "والاثنين", "بالاثنين", "المئه", "بالمئه", "المائه", "بالمائه",
                            "للمئه", "وست", "فست", "است", "الست"})


def _ar_lookup(tok: str) -> tuple[int, str, str] | None:
    """(value, kind, prefix) of an Arabic number word with its clitic prefix, or None."""
    if tok in _AR_NOT_NUMBER:
        return None
    for v in strip_clitics(tok):
        hit = _AR_NUMBERS.get(v)
        if hit is not None:
            prefix = tok[:len(tok) - len(v)]
            if prefix and hit[1] == "ten" and prefix not in ("و", "ف", "ب", "ل", "ك"):
                return None
            return hit[0], hit[1], prefix
    return None


def _en_parse_run(words: list[tuple[int, int, str]]) -> list[tuple[int, int, int]]:
    """Parse English number words; split where the grammar breaks.  -> [(i0, i1, value)]."""
    out: list[tuple[int, int, int]] = []
    i = 0
    n = len(words)
    while i < n:
        total = cur = 0
        last = ""
        last_scale = 10 ** 12
        j = i
        ok_end = i
        while j < n:
            w = words[j][2]
            if w in ("a", "an"):
                if j != i or j + 1 >= n or words[j + 1][2] not in ("hundred", "thousand", "million", "billion",
                                                                     "dozen"):
                    break
                cur, last = 1, "a"
            elif w == "and":
                if last not in ("hundred", "scale") or j + 1 >= n or words[j + 1][2] not in _EN_WORDS:
                    break
                last = "and"
                j += 1
                continue
            elif w in _EN_UNITS:
                if last not in ("", "tens", "hundred", "scale", "and"):
                    break
                cur += _EN_UNITS[w]
                last = "unit"
            elif w in _EN_TEENS:
                if last not in ("", "hundred", "scale", "and"):
                    break
                cur += _EN_TEENS[w]
                last = "teen"
            elif w in _EN_TENS:
                if last not in ("", "hundred", "scale", "and"):
                    break
                cur += _EN_TENS[w]
                last = "tens"
            elif w == "hundred":
                if last not in ("", "a", "unit", "teen") or cur >= 100:
                    break
                cur = (cur or 1) * 100
                last = "hundred"
            elif w in _EN_SCALES:
                sc = _EN_SCALES[w]
                if last in ("scale", "and", "dozen") or sc >= last_scale:
                    break
                total += (cur or 1) * sc
                cur, last, last_scale = 0, "scale", sc
            elif w == "dozen":
                if last not in ("", "a", "unit", "teen") or cur >= 100:
                    break
                cur = (cur or 1) * 12
                last = "dozen"
            else:
                break
            j += 1
            if last != "a":
                ok_end = j
        if ok_end == i:
            i += 1
            continue
        out.append((i, ok_end, total + cur))
        i = ok_end
    return out


def _is_year_like(value: int, raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100


def find_numbers(text: str, start: int = 0, end: int | None = None, lang: str = "en") -> list[Num]:
    """Numbers (counts) in ``text[start:end]``, in text order.

    English: digits ("2,500", "2 500", "2.5 million"), number words ("twenty-three",
    "one hundred and five", "a dozen"), vague plurals as ACLED codes them (dozens=12, tens=10,
    scores=20, hundreds=100, thousands=1000, "tens of thousands"=10000; approx=True).  Arabic:
    Arabic-Indic or ASCII digits (٢٣، ٢٫٥٠٠، و٣، بـ٥), number words with clitics and compounds
    (ثلاثة وعشرين، مئة وخمسة، ثلاثة آلاف), عشرات=10, مئات=100, آلاف=1000.  ``approx`` is also set
    after "at least", "more than", "nearly", "about", نحو، أكثر من ... (the value stays as given;
    the span covers the number only).  Not numbers: ordinals (first, 46th), the pronoun "one"
    ("one of the", "no one"), years (1900-2100 written as 4 digits, unless after "at least"/"about"
    ...), days next to a month name, times (10:30, 5 p.m.), percentages, money, unit designators
    (M4, T-72, Resolution 2254, 25th Division), hyphenated adjectives (12-year-old, two-day),
    Hijri years, and digits inside dates (23/06/2019).
    """
    start, end = _region(text, start, end)
    if start >= end:
        return []
    f, idx = _fold_region(text, start, end)
    mp = _Mapper(text, start, idx, end)
    arabic = lang == "ar"
    key = "ar" if arabic else "en"
    found: list[tuple[int, int, int, bool]] = []   # folded start, end, value, approx
    excluded = [(m.start(), m.end()) for m in _DATE_LIKE.finditer(f)]
    approx_re = _APPROX_BEFORE[key]

    def approx_before(s: int) -> bool:
        return approx_re.search(f, max(0, s - 24), s) is not None

    def month_day(s: int, e: int, value: int) -> bool:
        if value < 1 or value > 31:
            return False
        if _EN_DAY_MONTH_AFTER.match(f, e) or _EN_DAY_MONTH_BEFORE.search(f, max(0, s - 16), s):
            return True
        return arabic and _AR_DAY_MONTH_AFTER.match(f, e) is not None

    # -- digits ------------------------------------------------------------------------------
    digits = _DIGITS[key]
    pos = 0
    while True:
        m = digits.search(f, pos)
        if m is None:
            break
        s, e = m.span()
        pos = e
        if any(a <= s < b for a, b in excluded):
            continue
        raw = m.group("n")
        sep = m.group("sep")
        dec = m.group("dec")
        if sep == " " and _EN_DAY_MONTH_BEFORE.search(f, max(0, s - 16), s):
            # "June 5 250 people": the day, then a count -- not "5 250"; read the first group alone
            raw = raw.split(" ", 1)[0]
            e = pos = s + len(raw)
            sep = dec = None
        if s > 0:
            prev = f[s - 1]
            if prev.isalpha():
                w = _AR_WORD_END.search(f, max(0, s - 6), s)
                if not (w and w.group() in _AR_BEFORE_DIGIT_OK):
                    continue
        if _BEFORE_DIGITS_BAD.search(f, max(0, s - 16), s):
            continue
        if _AFTER_DIGITS_BAD.match(f, e) or _UNIT_NOUN_AFTER.match(f, e):
            continue
        value = int(raw.replace(sep, "")) if sep else int(raw)
        sc = _SCALE_AFTER[key].match(f, e)
        if sc is not None:
            mult = _SCALE_VALUE[sc.group("s")]
            value = int(float(f"{value}.{dec}") * mult) if dec else value * mult
            e = sc.end()
        elif dec:
            continue                       # a decimal is not a count
        elif _is_year_like(value, raw):
            if not approx_before(s):
                continue
        elif arabic and 1300 <= value <= 1500 and _HIJRI_YEAR_AFTER.match(f, e):
            continue
        if month_day(s, e, value) and sc is None:
            continue
        found.append((s, e, value, approx_before(s)))

    # -- English words --------------------------------------------------------------------------
    if not arabic:
        for m in _EN_PLURAL_RE.finditer(f):
            w, mult = m.group("w"), m.group("m")
            if w in ("tens", "scores") and not _EN_OF_AFTER.match(f, m.end("w")):
                continue
            value = _EN_PLURALS[w] * (_EN_PLURALS[mult] if mult else 1)
            found.append((m.start(), m.end(), value, True))
        for m in _EN_WORD_RUN.finditer(f):
            words = [(t.start() + m.start(), t.end() + m.start(), t.group()) for t in _WORD_TOKEN.finditer(m.group())]
            for i0, i1, value in _en_parse_run(words):
                s, e = words[i0][0], words[i1 - 1][1]
                if _ORDINAL_AFTER.match(f, e) or (e < len(f) and f[e] == "-" and f[e + 1:e + 2].isalpha()):
                    continue                  # twenty-first, two-day, three-year-old
                if s > 0 and f[s - 1] == "-" and f[s - 2:s - 1].isalpha():
                    continue
                if value == 1 and i1 - i0 == 1 and words[i0][2] == "one":
                    if _EN_ONE_BEFORE.search(f, max(0, s - 12), s) or _EN_ONE_AFTER.match(f, e):
                        continue
                if month_day(s, e, value):
                    continue
                h = _EN_HALF_BEFORE.search(f, max(0, s - 8), s)
                if h is not None and words[i0][2] in ("a", "an"):
                    s, value = h.start(), value // 2   # "half a million" is 500,000, "half a dozen" 6
                found.append((s, e, value, approx_before(s)))
    else:
        _find_ar_words(f, found, approx_before)

    found.sort()
    out: list[Num] = []
    last_end = -1
    for s, e, value, approx in found:
        if s < last_end:
            continue
        a, b = mp.span(s, e)
        out.append(Num(start=a, end=b, value=value, approx=approx, surface=text[a:b]))
        last_end = e
    return out


def _find_ar_words(f: str, found: list, approx_before) -> None:
    toks = []
    for m in _AR_NUM_CAND.finditer(f):
        hit = _ar_lookup(m.group())
        if hit is not None:
            toks.append((m.start(), m.end(), *hit))
    n = len(toks)
    i = 0
    while i < n:
        s, e, v, kind, prefix = toks[i]
        j = i + 1

        def adjacent(k: int) -> bool:
            return k < n and not f[toks[k - 1][1]:toks[k][0]].strip()

        if kind == "plural":
            value = v
            if adjacent(j) and toks[j][3] == "scale_pl" and toks[j][4] in ("", "ال"):
                value *= toks[j][2]
                e = toks[j][1]
                j += 1
            found.append((s, e, value, True))
            i = j
            continue
        if kind == "scale_pl":
            found.append((s, e, v, True))       # آلاف / الآلاف on their own
            i = j
            continue
        if kind == "teen1" and not (adjacent(j) and toks[j][3] == "ten" and not toks[j][4]):
            i += 1
            continue
        if kind == "scale":
            cur, total, last = 0, v, "scale"
        else:
            cur, total, last = v, 0, kind
        last_val = v
        while adjacent(j):
            _, e2, v2, k2, p2 = toks[j]
            if k2 == "ten" and not p2 and last in ("unit", "teen1"):
                cur += 10
                last = "teen"
            elif k2 == "hundred" and not p2 and last == "unit" and cur >= 3:
                cur = cur * 100
                last = "hundreds"
            elif k2 in ("scale", "scale_pl") and not p2 and (cur or total) and last != "scale":
                if cur:
                    total += cur * v2
                else:
                    total *= v2
                cur, last = 0, "scale"
            elif p2 == "و" and k2 == "tens" and last == "unit":
                cur += v2
                last = "tens"
            elif (p2 == "و" and k2 in ("unit", "ten", "tens", "hundred", "hundreds", "thousands")
                  and last in ("hundred", "hundreds", "scale", "thousands") and v2 < last_val):
                cur += v2
                last = k2
            else:
                break
            last_val = v2 if k2 not in ("unit", "ten") else last_val
            e = e2
            j += 1
        value = total + cur
        if kind == "thousands" or value:
            found.append((s, e, value, approx_before(s)))
        i = j


def parse_number(s: str, lang: str = "en") -> int | None:
    """The value of one number token or phrase ("2,500", "twenty-three", "ثلاثة وعشرين",
    "dozens" -> 12), or None when ``s`` is not (only) a number.  No context rules apply."""
    t = fold_term(s)
    if not t:
        return None
    arabic = lang == "ar" or bool(_AR_WORD_RE.search(t))
    m = _DIGITS["ar" if arabic else "en"].fullmatch(t)
    if m is None and t.isdigit():
        return int(t)
    if m is not None:
        if m.group("dec"):
            return None
        sep = m.group("sep")
        return int(m.group("n").replace(sep, "")) if sep else int(m.group("n"))
    if arabic:
        found: list = []
        _find_ar_words(t, found, lambda _s: False)
        if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(t):
            return found[0][2]
        return None
    if t in _EN_PLURALS:
        return _EN_PLURALS[t]
    pm = _EN_PLURAL_RE.fullmatch(t)
    if pm is not None:
        return _EN_PLURALS[pm.group("w")] * (_EN_PLURALS[pm.group("m")] if pm.group("m") else 1)
    wm = _EN_WORD_RUN.fullmatch(t)
    if wm is None:
        return None
    words = [(x.start(), x.end(), x.group()) for x in _WORD_TOKEN.finditer(t)]
    runs = _en_parse_run(words)
    if len(runs) == 1 and runs[0][0] == 0 and runs[0][1] == len(words):
        return runs[0][2]
    return None


# =================================================================================================
# Dates
# =================================================================================================
@dataclass(frozen=True, slots=True, kw_only=True)
class DateSpan:
    """A date expression: ``text[start:end] == surface``.

    ``precision`` is ACLED time_precision (1 day, 2 within a week, 3 month or longer).
    ``date`` is None when it cannot be resolved (relative expressions without a reference
    date).  ``end_date`` closes periods (a month, a week, "the past 3 days").
    """

    start: int
    end: int
    surface: str
    date: dt.date | None = None
    end_date: dt.date | None = None
    precision: int = 1
    kind: str = "absolute"        # absolute | relative | weekday | month | year | period
    year_inferred: bool = False
    calendar: str = "gregorian"   # "hijri" when converted from a printed Hijri date


# -- calendar helpers -------------------------------------------------------------------------------
_ISLAMIC_EPOCH = 227015   # R.D. of 1 Muharram 1 AH = 16 July 622 (Julian), civil epoch


def _fixed_from_hijri(year: int, month: int, day: int) -> int:
    return (_ISLAMIC_EPOCH - 1 + (year - 1) * 354 + (3 + 11 * year) // 30 + 29 * (month - 1) + month // 2 + day)


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Tabular (arithmetic, civil epoch, leap years 2,5,7,10,13,16,18,21,24,26,29 of 30) Islamic
    date -> Gregorian date.  May differ by a day or two from sighting-based calendars."""
    if not (1 <= month <= 12) or not (1 <= day <= 30) or year < 1:
        raise ValueError(f"bad Hijri date {year}-{month}-{day}")
    if day == 30 and month % 2 == 0 and not (month == 12 and (14 + 11 * year) % 30 < 11):
        raise ValueError(f"Hijri month {month} of {year} has 29 days")
    return dt.date.fromordinal(_fixed_from_hijri(year, month, day))


def gregorian_to_hijri(d: dt.date) -> tuple[int, int, int]:
    """Gregorian date -> tabular Islamic (year, month, day); inverse of :func:`hijri_to_gregorian`."""
    rd = d.toordinal()
    year = (30 * (rd - _ISLAMIC_EPOCH) + 10646) // 10631
    prior = rd - _fixed_from_hijri(year, 1, 1)
    month = (11 * prior + 330) // 325
    day = rd - _fixed_from_hijri(year, month, 1) + 1
    return year, month, day


def infer_year(month: int, day: int, ref: dt.date, slack: int = 7) -> dt.date | None:
    """The most recent ``month``/``day`` not more than ``slack`` days after ``ref``."""
    limit = ref + dt.timedelta(days=slack)
    for y in range(ref.year + 1, ref.year - 9, -1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if d <= limit:
            return d
    return None


def infer_month_year(month: int, ref: dt.date, slack: int = 7) -> int:
    """Year of the most recent ``month`` whose first day is not more than ``slack`` days after ``ref``."""
    limit = ref + dt.timedelta(days=slack)
    return ref.year + 1 if dt.date(ref.year + 1, month, 1) <= limit else (
        ref.year if dt.date(ref.year, month, 1) <= limit else ref.year - 1)


def weekday_before(ref: dt.date, weekday: int, mode: str = "") -> dt.date:
    """The weekday (0 = Monday) relative to ``ref``.

    ``mode=""``: the most recent one on or before ``ref``; ``"last"``: strictly before ``ref``;
    ``"next"``: strictly after ``ref``.
    """
    if mode == "next":
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    back = (ref.weekday() - weekday) % 7
    if mode == "last" and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def resolve_relative(phrase_kind: str, ref: dt.date | None, n: int = 1
                     ) -> tuple[dt.date | None, dt.date | None, int]:
    """Resolve a relative expression to ``(date, end_date, precision)``.

    ``phrase_kind``: ``days_ago`` / ``weeks_ago`` / ``months_ago`` / ``years_ago`` / ``hours_ago``
    (``n`` units before ``ref``), ``last_week`` / ``this_week`` / ``last_month`` / ``this_month`` /
    ``last_year`` / ``this_year``, ``past_hours`` / ``past_days`` / ``past_weeks`` / ``past_months``
    (a period ending on ``ref``).  Without ``ref`` the dates are None.
    """
    prec = {"days_ago": 1, "hours_ago": 1, "weeks_ago": 2, "months_ago": 3, "years_ago": 3, "last_week": 2,
            "this_week": 2, "last_month": 3, "this_month": 3, "last_year": 3, "this_year": 3}
    if phrase_kind == "past_hours":
        p = 1 if n <= 24 else (2 if n <= 24 * 7 else 3)
    elif phrase_kind == "past_days":
        p = 1 if n <= 1 else (2 if n <= 7 else 3)
    elif phrase_kind == "past_weeks":
        p = 2 if n <= 1 else 3
    elif phrase_kind == "past_months":
        p = 3
    elif phrase_kind in prec:
        p = prec[phrase_kind]
    else:
        raise ValueError(f"unknown relative date kind {phrase_kind!r}")
    if ref is None:
        return None, None, p
    day = dt.timedelta(days=1)
    if phrase_kind == "days_ago":
        return ref - n * day, None, p
    if phrase_kind == "hours_ago":
        return ref - (n // 24) * day, None, p
    if phrase_kind == "weeks_ago":
        return ref - 7 * n * day, None, p
    if phrase_kind in ("months_ago", "last_month"):
        return (*_month_range(*_shift_month(ref.year, ref.month, -n)), p)
    if phrase_kind in ("years_ago", "last_year"):
        return dt.date(ref.year - n, 1, 1), dt.date(ref.year - n, 12, 31), p
    if phrase_kind == "last_week":
        monday = ref - (ref.weekday() + 7) * day
        return monday, monday + 6 * day, p
    if phrase_kind == "this_week":
        return ref - ref.weekday() * day, ref, p
    if phrase_kind == "this_month":
        return ref.replace(day=1), ref, p
    if phrase_kind == "this_year":
        return dt.date(ref.year, 1, 1), ref, p
    if phrase_kind == "past_hours":
        return ref - (max(n - 1, 0) // 24) * day, ref, p
    if phrase_kind == "past_days":
        return ref - n * day, ref, p
    if phrase_kind == "past_weeks":
        return ref - 7 * n * day, ref, p
    # past_months
    y, mo = _shift_month(ref.year, ref.month, -n)
    return dt.date(y, mo, min(ref.day, calendar.monthrange(y, mo)[1])), ref, p


# -- patterns ---------------------------------------------------------------------------------------
_DAYN = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_EN_MDY = _rx(
    rf"\b(?P<pre>(?:late|early)\s+(?:on\s+)?)?(?:(?P<wd>{_EN_WD}),?\s+)?(?:the\s+)?"
    rf"(?P<mon>{_EN_MON})\s*(?:the\s+)?{_DAYN}(?![\d:])\b"
    rf"(?:\s*[-\u2013]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b)?"
    rf"(?:(?:\s*,\s*|\s+)(?P<year>(?:19|20)\d\d)\b)?")
_EN_DMY = _rx(
    rf"\b(?P<pre>(?:late|early)\s+(?:on\s+)?)?(?:(?P<wd>{_EN_WD}),?\s+)?(?:the\s+)?"
    rf"(?<![\d.,])(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
    rf"\s+(?:of\s+)?(?P<mon>{_EN_MON})(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")
_EN_MONTH = _rx(
    rf"\b(?P<pre>(?:in|during|since|throughout|until|till|by|from|of|through|for|"
    rf"(?:since\s+|until\s+|by\s+|from\s+|at\s+|in\s+)?(?:the\s+)?(?:beginning|start|end|middle|course)\s+of|"
    rf"(?:during\s+|in\s+)?the\s+month\s+of|last|next|this)\s+|(?P<qual>early|late|mid)[\s-]+)?"
    rf"(?P<mon>{_EN_MON})(?!\s*[-\u2013]?\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?!\d))(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")
_EN_YEAR = _rx(
    r"\b(?:(?:in|since|during|throughout|until|till|by|of|early|late|mid|the\s+year|the\s+whole\s+of)[\s-]+)"
    r"(?P<year>(?:19|20)\d\d)\b(?![-/.]\d|,\d|\s*(?:%|percent))")
_NUMERIC_DATE = _rx(
    r"(?<![\d/.\-])(?:(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})|"
    r"(?P<d2>\d{1,2})(?P<sep>[/.\-])(?P<m2>\d{1,2})(?P=sep)(?P<y2>(?:19|20)\d\d|\d\d))(?![\d/\-]|\.\d)")
_EN_WEEKDAY = _rx(
    rf"\b(?:(?P<mod>last|this|next|on|early\s+on|late\s+on|early|late)\s+)?(?P<wd>{_EN_WD})\b"
    rf"(?:\s+(?P<tod>morning|afternoon|evening|night|overnight)\b)?")
_EN_N = (r"(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
         r"thirty|forty|forty-eight|seventy-two|a\s+few|few|several|a\s+couple\s+of|a\s+couple)")
_EN_RELATIVE = _rx(
    r"\b(?:"
    r"(?P<dby>the\s+day\s+before\s+yesterday)"
    r"|(?P<yday>yesterday(?:\s+(?:morning|afternoon|evening))?)"
    r"|(?P<lastnight>(?:late\s+|early\s+)?last\s+night)"
    r"|(?P<today>(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|evening))"
    r"|(?P<tomorrow>tomorrow)"
    r"|(?P<prevday>(?:a|one|the)\s+day\s+(?:earlier|before)|the\s+previous\s+day|the\s+day\s+prior)"
    rf"|(?P<ago>{_EN_N}\s+(?P<unit>hours?|days?|weeks?|months?|years?)\s+(?:ago|earlier))"
    rf"|(?P<past>(?:(?:the|over\s+the|in\s+the|during\s+the|within\s+the)\s+(?:past|last|previous)|past)\s+(?:{_EN_N.replace('?P<n>', '?P<pn>')}\s+)?"
    r"(?P<punit>hours|days|weeks|months|week|month|day|24\s+hours))"
    r"|(?P<lastp>last\s+(?P<lunit>week|month|year))"
    r"|(?P<thisp>(?:earlier\s+)?this\s+(?P<tunit>week|month|year))"
    r")\b")

_AR_TOD = r"(?:مساء|صباح|فجر|ظهر|عصر|ليل|ليله|ظهيره|صبيحه|نهار|يوم|منتصف\s+ليل|منتصف\s+ليله)"
_AR_MON_PAIR = rf"(?P<mon>{_AR_MON})(?:\s*[/\\(]\s*(?P<mon2>{_AR_MON})\s*\)?)?"
_AR_DMY = _rx(
    rf"{_NB}(?:[وفب]?(?:{_AR_TOD}\s+)?(?P<wd>{_AR_WD})\s*[،,]?\s*)?"
    rf"[وفبل]?(?P<day>[0-3]?\d)(?:\s*[-\u2013]\s*(?P<day2>[0-3]?\d))?\s*(?:من\s+)?(?:شهر\s+)?{_AR_MON_PAIR}{_NA}"
    rf"(?:\s*[،,]?\s*(?:من\s+)?(?:عام\s+|العام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d)(?!\d)(?:\s*م{_NA})?)?")
_AR_MONTH = _rx(
    rf"{_NB}(?P<pre>[وفبل]?(?:(?:في|خلال|منذ|حتي|طوال|طيله)\s+)?"
    rf"(?:(?P<qual>مطلع|اوائل|اواخر|منتصف|بدايه|نهايه|اواسط|مطلع|اول|اخر|اوسط)\s+)?(?P<shahr>شهر\s+)?)"
    rf"{_AR_MON_PAIR}{_NA}"
    rf"(?:\s*[،,]?\s*(?:من\s+)?(?:عام\s+|العام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d)(?!\d)(?:\s*م{_NA})?)?")
_AR_YEAR = _rx(
    rf"{_NB}[وفبل]?(?:(?:في|خلال|منذ|حتي|مطلع|اوائل|اواخر|منتصف|بدايه|نهايه)\s+)?(?P<core>(?:عام|العام|سنه|السنه)\s+"
    rf"(?P<year>(?:19|20)\d\d)(?!\d)(?!\s*ه{_NA})(?:\s*م{_NA})?)|{_NB}[وف]?(?:في|منذ|خلال)\s+(?P<year2>(?:19|20)\d\d)"
    rf"(?![\d/.\-])(?!\s*ه{_NA})")
_AR_HIJRI = _rx(
    rf"{_NB}[وفب]?(?P<day>[0-3]?\d)\s*(?:من\s+)?(?:شهر\s+)?(?P<hmon>{_H_MON}){_NA}\s*[،,]?\s*(?:من\s+)?"
    rf"(?:عام\s+|سنه\s+)?(?P<year>1[34]\d\d)(?!\d)(?:\s*(?:ه{_NA}|هجري(?:ه)?{_NA}|للهجره))?")
_AR_WEEKDAY = _rx(
    rf"{_NB}[وفبل]?(?:(?:في|منذ|حتي)\s+)?(?:(?P<tod>{_AR_TOD})\s+)?(?P<wd>{_AR_WD}){_NA}"
    rf"(?:\s+(?P<mod>الماضي|الماضيه|الفائت|المنصرم|المقبل|القادم){_NA})?")
_AR_N = (r"(?P<n>\d{1,3}|ثلاثه|اربعه|خمسه|سته|سبعه|ثمانيه|تسعه|عشره|ثلاث|اربع|خمس|ست|سبع|ثماني|تسع|عشر)")
_AR_RELATIVE = _rx(
    rf"{_NB}[وفب]?(?:"
    rf"(?P<dby>(?:اول\s+(?:من\s+)?امس|امس\s+الاول))"
    rf"|(?P<yday>(?:(?:{_AR_TOD})\s+)?(?:يوم\s+)?(?:امس|الامس))"
    rf"|(?P<lastnight>الليله\s+(?:الماضيه|الفائته|المنصرمه)|ليله\s+امس)"
    rf"|(?P<today>(?:(?:{_AR_TOD})\s+)?(?:هذا\s+)?اليوم(?!\s+(?:التالي|السابق|نفسه|ذاته|الذي|الاول|الثاني|الثالث|"
    rf"العالمي|الوطني|التالي)))"
    rf"|(?P<ago>منذ\s+(?:(?:{_AR_N.replace('?P<n>', '?P<an>')})\s+)?(?P<aunit>يومين|يوم|ايام|اسبوعين|اسبوع|اسابيع|"
    rf"شهرين|شهر|اشهر|شهور|عامين|عام|اعوام|سنتين|سنه|سنوات|ساعتين|ساعه|ساعات)"
    rf"(?!\s+(?:ال)?(?:{_alt(w[2:] for w in _AR_WEEKDAYS)}){_NA}))"
    rf"|(?P<past>(?:خلال\s+)?(?:ال)?(?:(?P<pn1>\d{{1,3}})\s+)?(?:ساعه|الساعات|ساعات)\s+(?:ال)?(?:(?P<pn2>\d{{1,3}})\s+)?"
    rf"(?:الماضيه|الاخيره|المنصرمه))"
    rf"|(?P<pastd>(?:خلال\s+)?(?:ال)?(?:(?P<pdn>\d{{1,3}})\s+)?(?:ايام|الايام|يوما)\s+(?:ال)?(?:(?P<pdn2>\d{{1,3}})\s+)?"
    rf"(?:الماضيه|الاخيره|المنصرمه))"
    rf"|(?P<lastp>(?P<lunit>الاسبوع|الشهر|العام|السنه)\s+(?:الماضي|الماضيه|المنصرم|المنصرمه|الفائت|الفائته|السابق))"
    rf"|(?P<thisp>(?:هذا\s+|هذه\s+)?(?P<tunit>الاسبوع|الشهر|العام|السنه)\s+(?:الجاري|الحالي|الجاريه|الحاليه))"
    rf"){_NA}")
_EN_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
             "thirty": 30, "forty": 40, "forty-eight": 48, "seventy-two": 72}
_AR_REL_BRANCHES = ("dby", "yday", "lastnight", "today", "ago", "past", "pastd", "lastp", "thisp")
_AR_LAST_MODS = frozenset(_A(w) for w in ("الماضي", "الماضية", "الفائت", "المنصرم"))
_AR_SMALL = {"ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6, "ست": 6, "سبعه": 7,
             "سبع": 7, "ثمانيه": 8, "ثماني": 8, "تسعه": 9, "تسع": 9, "عشره": 10, "عشر": 10}


# Date regexes run only in windows around anchors: words found by one Aho-Corasick scan (whole
# words only), numeric dates and 4-digit years.  group -> (chars before the anchor, chars after it)
# that the expressions of the group may span.
_MARGINS = {"mon": (36, 28), "wd": (24, 20), "rel": (40, 24), "nd": (12, 16), "yr": (24, 12)}
_EN_ANCHORS = {**{k: "mon" for k in _EN_MONTHS}, **{k: "wd" for k in _EN_WEEKDAYS}, **{k: "rel" for k in (
    "yesterday", "today", "tonight", "tomorrow", "last night", "this morning", "this afternoon", "this evening",
    "ago", "earlier", "day before", "day prior", "previous", "past", "last week", "last month", "last year",
    "this week", "this month", "this year")}}
_AR_ANCHORS = {**{k: "mon" for k in (*_AR_MONTHS, *_HIJRI_MONTHS)}, **{k: "wd" for k in _AR_WEEKDAYS},
               **{_A(k): "rel" for k in ("امس", "اليوم", "الليلة", "ليلة", "منذ", "ساعة", "ساعات", "الساعات",
                                         "ايام", "الايام", "يوما", "الاسبوع", "الشهر", "العام", "السنة")}}
_ANCHOR_AC = {
    lang: (ahocorasick_rs.AhoCorasick([_WS_RUN.sub(" ", k) for k in table],
                                      matchkind=ahocorasick_rs.MatchKind.LeftmostLongest),
           list(table.values()))
    for lang, table in (("en", _EN_ANCHORS), ("ar", _AR_ANCHORS))
}
_ND_ANCHOR = re.compile(r"\d[-/.]\d")
_YEAR_ANCHOR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _windows(f: str, lang: str, cap) -> dict[str, list[tuple[int, int]]]:
    """Merged scan windows per pattern group around anchors in the folded text ``f``."""
    ac, groups = _ANCHOR_AC[lang]
    pts: dict[str, list[tuple[int, int]]] = {g: [] for g in _MARGINS}
    n = len(f)
    en = lang != "ar"
    for i, s, e in ac.find_matches_as_indexes(f):
        if (s > 0 and f[s - 1].isalpha()) or (e < n and f[e].isalpha()):
            continue                       # inside a longer word (Arabic clitics: و/ف/ب/ل before)
        g = groups[i]
        if en and g in ("mon", "wd") and not cap(s):
            continue
        pts[g].append((s, e))
    if not en:                             # Arabic: allow one clitic letter before the anchor
        for i, s, e in ac.find_matches_as_indexes(f):
            if s > 0 and f[s - 1] in "وفبل" and (s < 2 or not f[s - 2].isalpha()) and (e >= n or not f[e].isalpha()):
                pts[groups[i]].append((s, e))
        for g in ("mon", "wd", "rel"):
            pts[g].sort()
    pts["nd"] = [m.span() for m in _ND_ANCHOR.finditer(f)]
    pts["yr"] = [m.span() for m in _YEAR_ANCHOR.finditer(f)]
    out: dict[str, list[tuple[int, int]]] = {}
    for g, lst in pts.items():
        back, fwd = _MARGINS[g]
        ws: list[tuple[int, int]] = []
        for s, e in lst:
            a, b = max(0, s - back), min(n, e + fwd)
            if ws and a <= ws[-1][1]:
                ws[-1] = (ws[-1][0], max(ws[-1][1], b))
            else:
                ws.append((a, b))
        out[g] = ws
    return out


def _scan(rx: re.Pattern, f: str, windows: list[tuple[int, int]]):
    for a, b in windows:
        yield from rx.finditer(f, a, b)


def _en_n(s: str | None) -> tuple[int, bool]:
    """(n, exact) from a quantity word of a relative phrase."""
    if not s:
        return 1, True
    s = _WS_RUN.sub(" ", s)
    if s.isdigit():
        return int(s), True
    if s in ("a few", "few", "several"):
        return 3, False
    if s.startswith("a couple"):
        return 2, False
    return _EN_SMALL[s], True


def _two_digit_year(y: str) -> int:
    v = int(y)
    return v if len(y) == 4 else (2000 + v if v < 50 else 1900 + v)


def find_dates(text: str, start: int = 0, end: int | None = None, lang: str = "en",
               ref: dt.date | None = None) -> list[DateSpan]:
    """Date expressions in ``text[start:end]``, in text order, not overlapping.

    ``ref`` (usually the publication date) anchors relative expressions, weekdays and dates
    written without a year; without it those get ``date=None``.  English month and weekday
    names must be capitalised, and a bare month name needs a day, a year or a preposition
    (in/during/since/early/late/mid-...) so "may launch" and "a march" are not dates.
    """
    start, end = _region(text, start, end)
    if start >= end:
        return []
    if ref is not None and isinstance(ref, dt.datetime):
        ref = ref.date()
    f, idx = _fold_region(text, start, end)
    mp = _Mapper(text, start, idx, end)
    cands: list[tuple[int, int, int, dict]] = []   # folded start, end, priority, fields

    def add(s: int, e: int, prio: int, **kw) -> None:
        cands.append((s, e, prio, kw))

    def cap(s: int) -> bool:
        a, _ = mp.span(s, s + 1)
        return text[a].isupper()

    def day_date(y: int | None, mo: int, d: int, s: int, e: int, prio: int, d2: int | None = None) -> None:
        try:
            if y is not None:
                date = dt.date(y, mo, d)
                inferred = False
            elif ref is not None:
                date = infer_year(mo, d, ref)
                inferred = True
            else:
                dt.date(2000, mo, d)      # validate day/month (2000 is a leap year)
                date, inferred = None, False
            end_date = None
            if d2 is not None:
                if date is not None:
                    end_date = date.replace(day=d2)
                    if end_date <= date:
                        return
                elif not (d < d2 <= 31):
                    return
        except ValueError:
            return
        if d2 is not None:
            add(s, e, prio, date=date, end_date=end_date, precision=2 if d2 - d <= 6 else 3, kind="period",
                year_inferred=inferred)
        else:
            add(s, e, prio, date=date, precision=1, kind="absolute", year_inferred=inferred)

    def month_span(y: int | None, mo: int, s: int, e: int, qual: str = "") -> None:
        inferred = False
        if y is None:
            if ref is None:
                add(s, e, 2, date=None, precision=3, kind="month")
                return
            y = infer_month_year(mo, ref)
            inferred = True
        first, last = _month_range(y, mo)
        if qual in ("mid", "منتصف", "اواسط", "اوسط"):
            add(s, e, 2, date=first.replace(day=15), precision=2, kind="month", year_inferred=inferred)
        else:
            add(s, e, 2, date=first, end_date=last, precision=3, kind="month", year_inferred=inferred)

    def rel(s: int, e: int, kind: str, n: int = 1, exact: bool = True, prio: int = 1) -> None:
        date, end_date, p = resolve_relative(kind, ref, n)
        if not exact and p < 2:
            p = 2
        add(s, e, prio, date=date, end_date=end_date, precision=p,
            kind="period" if kind.startswith("past_") else "relative")

    def days_back(s: int, e: int, n: int, precision: int = 1) -> None:
        add(s, e, 1, date=None if ref is None else ref - dt.timedelta(days=n), precision=precision, kind="relative")

    win = _windows(f, "ar" if lang == "ar" else "en", cap)
    # numeric dates (both languages)
    for m in _scan(_NUMERIC_DATE, f, win["nd"]):
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            y, mo, d = _two_digit_year(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
            if m.group("sep") == "." and len(m.group("y2")) == 2:
                continue                                  # 1.5.19 is more likely a version or a score
            if mo > 12 and d <= 12:
                mo, d = d, mo                             # US order 06/23/2019
        day_date(y, mo, d, m.start(), m.end(), 4)

    if lang != "ar":
        for rx in (_EN_MDY, _EN_DMY):
            for m in _scan(rx, f, win["mon"]):
                if not cap(m.start("mon")) or (m.group("wd") and not cap(m.start("wd"))):
                    continue
                y = int(m.group("year")) if m.group("year") else None
                d2 = int(m.group("day2")) if m.group("day2") else None
                day_date(y, _month_no(m.group("mon"), _EN_MONTHS), int(m.group("day")), m.start(), m.end(), 4, d2)
        for m in _scan(_EN_MONTH, f, win["mon"]):
            if not (m.group("pre") or m.group("qual") or m.group("year")) or not cap(m.start("mon")):
                continue
            pre = _WS_RUN.sub(" ", (m.group("pre") or "").strip())
            mo = _month_no(m.group("mon"), _EN_MONTHS)
            y = int(m.group("year")) if m.group("year") else None
            s = m.start("qual") if m.group("qual") else m.start("mon")
            if pre in ("last", "next", "this"):
                if y is not None:
                    continue
                s = m.start()
                if ref is not None:
                    y = infer_month_year(mo, ref, slack=-1 if pre == "last" else 7)
                    if pre == "next":
                        y = ref.year if dt.date(ref.year, mo, 1) > ref else ref.year + 1
            month_span(y, mo, s, m.end(), m.group("qual") or "")
        for m in _scan(_EN_YEAR, f, win["yr"]):
            y = int(m.group("year"))
            add(m.start("year"), m.end("year"), 1, date=dt.date(y, 1, 1), end_date=dt.date(y, 12, 31),
                precision=3, kind="year")
        for m in _scan(_EN_WEEKDAY, f, win["wd"]):
            if not cap(m.start("wd")):
                continue
            mod = m.group("mod") or ""
            wd = _EN_WEEKDAYS[m.group("wd")]
            s = m.start("wd") if mod in ("on", "") else m.start()
            mode = mod if mod in ("last", "next") else ""
            add(s, m.end(), 0, date=None if ref is None else weekday_before(ref, wd, mode), precision=1,
                kind="weekday")
        for m in _scan(_EN_RELATIVE, f, win["rel"]):
            s, e = m.span()
            if m.group("dby"):
                days_back(s, e, 2)
            elif m.group("yday") or m.group("lastnight") or m.group("prevday"):
                days_back(s, e, 1)
            elif m.group("today"):
                days_back(s, e, 0)
            elif m.group("tomorrow"):
                days_back(s, e, -1)
            elif m.group("ago"):
                n, exact = _en_n(m.group("n"))
                unit = m.group("unit").rstrip("s")
                if unit == "day" and not exact:
                    add(s, e, 1, date=None if ref is None else ref - dt.timedelta(days=n), precision=2,
                        kind="relative")
                else:
                    rel(s, e, unit + "s_ago", n, exact)
            elif m.group("past"):
                punit = _WS_RUN.sub(" ", m.group("punit"))
                n, exact = _en_n(m.group("pn"))
                if punit == "24 hours":
                    punit, n = "hours", 24
                unit = punit.rstrip("s") + "s"
                rel(s, e, "past_" + unit, n, exact)
            elif m.group("lastp"):
                rel(s, e, "last_" + m.group("lunit"))
            elif m.group("thisp"):
                rel(s, e, "this_" + m.group("tunit"))
    else:
        _find_dates_ar(f, win, ref, add, day_date, month_span, rel, days_back)

    # resolve overlaps: longest first, then priority
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), -c[2]))
    chosen: list[tuple[int, int, int, dict]] = []
    for c in cands:
        if chosen and c[0] < chosen[-1][1]:
            prev = chosen[-1]
            if (c[1] - c[0], c[2]) > (prev[1] - prev[0], prev[2]):
                chosen[-1] = c
            continue
        chosen.append(c)
    out = []
    for s, e, _, kw in chosen:
        a, b = mp.span(s, e)
        out.append(DateSpan(start=a, end=b, surface=text[a:b], **kw))
    return out


def _find_dates_ar(f, win, ref, add, day_date, month_span, rel, days_back) -> None:
    for m in _scan(_AR_HIJRI, f, win["mon"]):
        y, d = int(m.group("year")), int(m.group("day"))
        if not 1300 <= y <= 1500:
            continue
        mo = _month_no(m.group("hmon"), _HIJRI_MONTHS)
        try:
            g = hijri_to_gregorian(y, mo, d)
        except ValueError:
            continue
        s = m.start("day")
        add(s, m.end(), 5, date=g, precision=1, kind="absolute", calendar="hijri")
    for m in _scan(_AR_DMY, f, win["mon"]):
        mon, mon2 = m.group("mon"), m.group("mon2")
        mo = _month_no(mon, _AR_MONTHS)
        if mon2 and _month_no(mon2, _AR_MONTHS) != mo:
            continue
        y = int(m.group("year")) if m.group("year") else None
        d2 = int(m.group("day2")) if m.group("day2") else None
        s = m.start() if m.group("wd") else m.start("day")
        day_date(y, mo, int(m.group("day")), s, m.end(), 4, d2)
    for m in _scan(_AR_MONTH, f, win["mon"]):
        mon, mon2 = m.group("mon"), m.group("mon2")
        mo = _month_no(mon, _AR_MONTHS)
        if mon2 and _month_no(mon2, _AR_MONTHS) != mo:
            continue
        pre = m.group("pre") or ""
        y = int(m.group("year")) if m.group("year") else None
        has_prep = bool(pre.strip()) and not pre.strip() in ("و", "ف", "ب", "ل")
        if mo == 8 and _WS_RUN.sub(" ", mon) == "اب" and not (y or m.group("shahr") or mon2):
            continue                  # اب is also "father"
        if not (y or has_prep or mon2):
            continue
        qual = m.group("qual") or ""
        s = m.start("qual") if qual else (m.start("shahr") if m.group("shahr") else m.start("mon"))
        month_span(y, mo, s, m.end(), qual)
    for m in _scan(_AR_YEAR, f, win["yr"]):
        g = "year" if m.group("year") else "year2"
        y = int(m.group(g))
        add(m.start("core" if g == "year" else g), m.end(), 1, date=dt.date(y, 1, 1), end_date=dt.date(y, 12, 31), precision=3, kind="year")
    for m in _scan(_AR_WEEKDAY, f, win["wd"]):
        wd = _AR_WEEKDAYS[m.group("wd")]
        mod = m.group("mod") or ""
        mode = "last" if mod in _AR_LAST_MODS else ("next" if mod else "")
        add(m.start("tod") if m.group("tod") else m.start("wd"), m.end(), 0,
            date=None if ref is None else weekday_before(ref, wd, mode), precision=1, kind="weekday")
    for m in _scan(_AR_RELATIVE, f, win["rel"]):
        e = m.end()
        s = next(m.start(g) for g in _AR_REL_BRANCHES if m.group(g) is not None)
        if m.group("dby"):
            days_back(s, e, 2)
        elif m.group("yday") or m.group("lastnight"):
            days_back(s, e, 1)
        elif m.group("today"):
            days_back(s, e, 0)
        elif m.group("ago"):
            unit = m.group("aunit")
            an = m.group("an")
            n = (int(an) if an.isdigit() else _AR_SMALL[an]) if an else 1
            if unit in ("يومين", "اسبوعين", "شهرين", "عامين", "سنتين", "ساعتين"):
                n = 2
            exact = unit not in ("ايام", "اسابيع", "اشهر", "شهور", "اعوام", "سنوات", "ساعات") or bool(an)
            if not exact:
                n = 3
            if unit in ("يوم", "يومين", "ايام"):
                if exact:
                    days_back(s, e, n)
                else:
                    add(s, e, 1, date=None if ref is None else ref - dt.timedelta(days=n), precision=2,
                        kind="relative")
                continue
            if unit in ("ساعه", "ساعتين", "ساعات"):
                kind = "hours_ago"
            elif unit.startswith("اسب") or unit.startswith("اسا"):
                kind = "weeks_ago"
            elif unit in ("شهر", "شهرين", "اشهر", "شهور"):
                kind = "months_ago"
            else:
                kind = "years_ago"
            rel(s, e, kind, n, exact)
        elif m.group("past"):
            n = int(m.group("pn1") or m.group("pn2") or 24)
            rel(s, e, "past_hours", n)
        elif m.group("pastd"):
            raw = m.group("pdn") or m.group("pdn2")
            rel(s, e, "past_days", int(raw) if raw else 3, bool(raw))
        elif m.group("lastp"):
            unit = m.group("lunit")
            rel(s, e, {"الاسبوع": "last_week", "الشهر": "last_month"}.get(unit, "last_year"))
        elif m.group("thisp"):
            unit = m.group("tunit")
            rel(s, e, {"الاسبوع": "this_week", "الشهر": "this_month"}.get(unit, "this_year"))
