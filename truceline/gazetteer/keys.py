"""Name keys that know Levantine transliteration.

Three keys per name, from strict to loose, all computed by one pass (:func:`name_keys`):

``place_key``
    case, diacritics, apostrophes and hyphens folded; Arabic letter variants folded, ال and its
    clitic forms (وال، بال، فال، كال، لل) dropped; articles (al-, el-, ash-, ez-, ...) dropped;
    doubled letters collapsed; spelling families folded word by word (Kafr/Kfar/Kefr,
    Ma'arrat/Maarat/Maaret, Jisr/Jisser, Shaykhun/Sheikhoun, Deir/Dayr, Ein/Ain/Ayn, Jabal/Jebel,
    Tel/Tal/Tell, Khirbet/Khirbat, Beit/Bayt, ...); final -a/-ah/-eh/-e folded; descriptors
    ("village", "countryside", "province", قرية، ريف، ...) dropped; direction words folded
    (northern -> north, الشمالي -> north) and put first.  Words stay separated by one space.
``loose_key``
    the same after ou/oo->u, o->u, ee->i, ei/ey/ai->ay, q->k, ch->sh, dj->j, with the spaces
    removed ("Kafr Nabudah" == "Kafrnabouda").
``skeleton``
    the consonants only, in one alphabet for Latin and Arabic script ("Kansafra" == "كنصفرة"
    == "knsfr"); used only as a guarded fallback by the resolver.

The rules are written from the transliteration habits of Syrian war reporting (SOHR, SANA,
UCDP, ACLED and OCHA spellings), not copied from any other normaliser.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["place_key", "loose_key", "skeleton", "name_keys", "normalize_arabic", "is_arabic",
           "fold_text", "direction_of", "DIRECTIONS", "vowels_agree", "long_vowels"]

_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# combining marks (Latin accents, Arabic harakat, hamza above/below, superscript alef), tatweel
_MARKS_RE = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s\b")
_DOUBLE_RE = re.compile(r"(\D)\1+")
_APOSTROPHES = "'’‘`´ʿʾʻʼ′\u02bd"

_TRANS = {ord(c): None for c in _APOSTROPHES}
_TRANS.update({ord(c): " " for c in "-–—‐‑_/\\,.;:()[]{}\"“”«»!?|+&*#،؛"})
_TRANS.update({
    ord("ى"): "ي", ord("ی"): "ي", ord("ي"): "ي", ord("ک"): "ك", ord("ٱ"): "ا", ord("ء"): None,
    ord("ـ"): None, ord("ۀ"): "ه", ord("ﻻ"): "لا", ord("ı"): "i", ord("ł"): "l", ord("ø"): "o",
    ord("æ"): "ae", ord("œ"): "oe", ord("ß"): "ss", ord("đ"): "d", ord("ʹ"): None,
})

# Latin article tokens (sun-letter assimilated forms included)
_ARTICLES = frozenset(
    "al el il ul ad ed ar er as es ash esh at et ath eth adh edh az ez an en ad ed ag l".split())

# descriptors dropped wherever they stand; checked on the lower-cased, unaccented token
_DESCRIPTORS_LATIN = frozenset("""
village villages town towns city countryside outskirts front fronts camp camps post posts hills
hill area areas district districts subdistrict province governorate region plain mount of the
rural rif reef suburb suburbs neighbourhood neighborhood mountain mountains nahiya nahiyat
vicinity environs muhafazat muhafaza
""".split())
_DESCRIPTORS_ARABIC_RAW = ("قرية قرى بلدة بلدات مدينة مدن ريف محيط أطراف اطراف جبهة جبهات مخيم "
                           "مخيمات منطقة مناطق حي محافظة ناحية ضواحي")

_DIRECTION_WORDS = {
    "north": "north", "northern": "north", "south": "south", "southern": "south",
    "east": "east", "eastern": "east", "west": "west", "western": "west",
    "northeast": "northeast", "northeastern": "northeast", "northwest": "northwest",
    "northwestern": "northwest", "southeast": "southeast", "southeastern": "southeast",
    "southwest": "southwest", "southwestern": "southwest",
    "شمال": "north", "شمالي": "north", "جنوب": "south", "جنوبي": "south", "شرق": "east",
    "شرقي": "east", "غرب": "west", "غربي": "west",
}
#: canonical direction tokens as they appear in keys
DIRECTIONS = frozenset(_DIRECTION_WORDS.values())

# spelling families; keys are tokens after lower-casing and doubled-letter collapse
_WORD_FAMILIES: dict[str, tuple[str, ...]] = {
    "kafr": ("kafr", "kfar", "kefr", "kafar", "kfr", "kufr", "kafer", "kefer", "kfer", "kefar",
             "kufur"),
    "marat": ("marat", "maret", "marit", "marah"),
    "jisr": ("jisr", "jiser", "jesr", "jser", "djisr", "jisir", "jesir"),
    "shaykhun": ("shaykhun", "shaykhoun", "sheikhun", "sheikhoun", "shaikhun", "shaikhoun",
                 "cheikhoun", "cheikhun", "chaikhoun", "shaykun", "shaykoun", "sheykhun",
                 "sheykhoun", "shaykhon", "sheikhon", "shekhun", "shekhoun", "cheykoun",
                 "cheikhoun", "shaykhoon", "sheikhoon"),
    "shaykh": ("shaykh", "sheikh", "shaikh", "cheikh", "sheykh", "shekh", "chaykh", "cheykh",
               "shaik", "sheik", "shiekh"),
    "dayr": ("deir", "dayr", "dair", "der", "deyr", "dier", "deyir"),
    "ayn": ("ein", "ain", "ayn", "eyn", "ayin", "ayen"),
    "jabal": ("jabal", "jebel", "jabel", "jebal", "djebel", "jbel", "jabl", "gebel", "jbal"),
    "tal": ("tel", "tal", "til", "tul"),
    "khirbat": ("khirbet", "khirbat", "khirba", "kherbet", "khirbit", "khurbet", "khirbeh",
                "kherbe", "khrbet", "kherbat", "khirbe", "khurbat"),
    "bayt": ("beit", "bayt", "bait", "beyt", "beyit"),
    "abu": ("abu", "abou", "abo"),
    "um": ("um", "oum", "umm"),
    "qalat": ("qalat", "kalat", "qala", "kala", "qalah", "qalaat"),
    "wadi": ("wadi", "wady", "wadee"),
    "ras": ("ras", "raas"),
    "hay": ("hay", "hayy", "hai"),
}
_WORD_CANON = {variant: canon for canon, variants in _WORD_FAMILIES.items() for variant in variants}
_GLUED_PREFIXES = (("kafar", "kafr"), ("kafer", "kafr"), ("kefer", "kafr"), ("kfar", "kafr"),
                   ("kefr", "kafr"), ("kufr", "kafr"), ("maret", "marat"), ("marit", "marat"))

_LOOSE_SUBS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "ay"), ("ey", "ay"), ("ai", "ay"),
               ("dj", "j"), ("ch", "sh"), ("q", "k"), ("o", "u"), ("ph", "f"), ("e", "i"))

# Rural Damascus must not fold into Damascus once "rural"/"rif"/"countryside" are dropped
_RIF_DIMASHQ_RE = re.compile(
    r"\b(?:(?:rural|rif|reef|rif|countryside\s+of)\s+(?:damascus|dimashq|dimashk|damas)"
    r"|(?:damascus|dimashq)\s+(?:countryside|suburbs|province\s+countryside))\b|ريف\s+دمشق")

_ARABIC_SKEL = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "t", "پ": "b", "ڤ": "f",
    "گ": "g", "چ": "j",
}
_LATIN_DIGRAPHS = re.compile(r"sh|kh|gh|th|dh|ch|ph|dj|zh|ts")
_DIGRAPH_SKEL = {"sh": "S", "kh": "x", "gh": "g", "th": "t", "dh": "d", "ch": "S", "ph": "f",
                 "dj": "j", "zh": "j", "ts": "s"}
_LATIN_SKEL = str.maketrans({"q": "k", "c": "k", "p": "b", "v": "f", "a": None, "e": None,
                             "i": None, "o": None, "u": None, "y": None, "w": None})


def is_arabic(text: str) -> bool:
    """True when ``text`` holds Arabic-script letters."""
    return _ARABIC_RE.search(text) is not None


def _strip_marks(text: str) -> str:
    return _MARKS_RE.sub("", unicodedata.normalize("NFKD", text))


def fold_text(text: str) -> str:
    """Lower-case, drop accents/harakat/tatweel, fold Arabic letter variants and punctuation.

    Keeps word order and every word; the first step of every key, also used by the resolver to
    find cue words ("near", "outskirts of", "ريف").  Ta marbuta is kept here (ة).
    """
    text = _POSSESSIVE_RE.sub("", text)
    text = _strip_marks(text).casefold().translate(_TRANS)
    return " ".join(text.split())


def normalize_arabic(text: str) -> str:
    """Arabic text without diacritics and tatweel, alef/hamza/ya/ta-marbuta variants folded."""
    return fold_text(text).replace("ة", "ه")


_DESCRIPTORS_ARABIC = frozenset(normalize_arabic(w) for w in _DESCRIPTORS_ARABIC_RAW.split())
_DIRECTION_AR = {normalize_arabic(k): v for k, v in _DIRECTION_WORDS.items() if is_arabic(k)}


def direction_of(word: str) -> str:
    """``"northern"`` / ``"الشمالي"`` / ``"north east"`` -> canonical direction, else ``""``."""
    w = fold_text(word).replace(" ", "")
    d = _DIRECTION_WORDS.get(w)
    if d is None and _ARABIC_RE.search(w):
        d = _DIRECTION_AR.get(_arabic_token(w.replace("ة", "ه")))
    return d or ""


def _arabic_token(tok: str) -> str:
    """Drop the article and its clitic forms from one Arabic token; a head word glued to the
    article of the rest of the name is two words ("ديرالزور" = "دير الزور", "جسرالشغور")."""
    if len(tok) >= 6 and tok[:3] in ("وال", "بال", "فال", "كال"):
        return tok[3:]
    if len(tok) >= 5 and tok.startswith("لل"):
        return tok[2:]
    if len(tok) >= 4 and tok.startswith("ال"):
        return tok[2:]
    if len(tok) >= 7:
        for head in _GLUED_HEADS_AR:
            if tok.startswith(head) and tok.startswith("ال", len(head)) and len(tok) - len(head) >= 5:
                return head + " " + tok[len(head) + 2:]
    return tok


# first words of Arabic toponyms that are often written glued to the article of what follows
# ("ديرالزور", "جسرالشغور", "ابوالظهور", "راسالعين", "معرهالنعمان"); folded, ة written ه
_GLUED_HEADS_AR = ("دير", "عين", "جسر", "ابو", "راس", "معره", "خان", "تل", "بيت", "قلعه", "جبل", "وادي",
                   "بير", "خربه", "مزرعه", "قصر", "سهل", "مرج", "كفر")


def _fold_ending(tok: str) -> str:
    if len(tok) >= 4 and (tok.endswith("ah") or tok.endswith("eh")):
        return tok[:-2]
    if len(tok) >= 3 and tok[-1] in "ae":
        return tok[:-1]
    return tok


def _loose_subs(tok: str) -> str:
    for a, b in _LOOSE_SUBS:
        if a in tok:
            tok = tok.replace(a, b)
    return _DOUBLE_RE.sub(r"\1", tok)


def _latin_token(tok: str, loose: bool) -> str:
    """One Latin token: doubled letters, spelling family, glued Kafr/Maarat, final -a/-ah/-e/-eh,
    and in loose mode the vowel/consonant folds."""
    tok = _DOUBLE_RE.sub(r"\1", tok)
    canon = _WORD_CANON.get(tok)
    if canon is not None:
        return canon
    for prefix, canon in _GLUED_PREFIXES:
        if tok.startswith(prefix) and len(tok) > len(prefix) + 2:
            tok = canon + tok[len(prefix):]
            break
    tok = _fold_ending(tok)
    if loose:
        tok = _loose_subs(tok)
        canon = _WORD_CANON_LOOSE.get(tok)
        if canon is not None:
            return canon
    return tok


def _token_part(raw: str, loose: bool) -> tuple[int, str]:
    """One folded token of a name: (_DROP, ""), (_DIR, direction) or (_WORD, key token)."""
    if _ARABIC_RE.search(raw):
        tok = _arabic_token(raw.replace("ة", "ه"))
        if tok in _DESCRIPTORS_ARABIC:
            return _DROP, ""
        d = _DIRECTION_AR.get(tok)
        if d is not None:
            return _DIR, d
        return _WORD, tok
    if raw in _ARTICLES or raw in _DESCRIPTORS_LATIN:
        return _DROP, ""
    d = _DIRECTION_WORDS.get(raw)
    if d is not None:
        return _DIR, d
    return _WORD, _latin_token(raw, loose)


_DROP, _DIR, _WORD = 0, 1, 2


def _tokens(folded: str, loose: bool) -> list[str]:
    """Key tokens of a folded name: articles and descriptors out, families folded."""
    out: list[str] = []
    directions: list[str] = []
    for raw in folded.split():
        kind, tok = _token_part(raw, loose)
        if kind == _WORD:
            out.append(tok)
        elif kind == _DIR:
            directions.append(tok)
    if directions and out:
        return directions + out
    return out


@lru_cache(maxsize=200_000)
def name_keys(name: str) -> tuple[str, str, str]:
    """``(place_key, loose_key, skeleton)`` of ``name`` in one pass (cached)."""
    folded = fold_text(name)
    folded = _RIF_DIMASHQ_RE.sub(" rifdimashq ", folded)
    strict = " ".join(_tokens(folded, False))
    loose_tokens = _tokens(folded, True)
    loose = "".join(loose_tokens).replace(" ", "")
    return strict, loose, _skeleton(folded)


# a folded word that may take part in the Rural Damascus rewrite (_RIF_DIMASHQ_RE needs one)
_RIF_DIMASHQ_HINT = re.compile(r"damas|dimash|دمشق")


@lru_cache(maxsize=100_000)
def _word_parts(word: str) -> tuple[tuple[int, str, str], ...] | None:
    """(kind, strict token, loose token) of each folded token of one whitespace-free piece of a
    name (dropped tokens left out); None when the piece may take part in the Rural Damascus
    rewrite, which looks across words."""
    parts = []
    for raw in fold_text(word).split():
        if _RIF_DIMASHQ_HINT.search(raw):
            return None
        kind, strict = _token_part(raw, False)
        if kind != _DROP:
            parts.append((kind, strict, _token_part(raw, True)[1] if kind == _WORD else strict))
    return tuple(parts)


def lookup_keys(name: str) -> tuple[str, str]:
    """``name_keys(name)[:2]`` (strict and loose key) without the skeleton, built from cached
    per-word parts: cheap for the many distinct word n-grams the place finder looks up.

    Exact because every folding step of :func:`fold_text` stays inside a whitespace-separated
    piece (``tests/test_gazetteer_keys.py`` checks it against :func:`name_keys`); the one rule
    that looks across words (Rural Damascus) falls back to :func:`name_keys`."""
    strict: list[str] = []
    loose: list[str] = []
    directions: list[str] = []
    for word in name.split():
        parts = _word_parts(word)
        if parts is None:
            k, lk, _ = name_keys(name)
            return k, lk
        for kind, s, lo in parts:
            if kind == _WORD:
                strict.append(s)
                loose.append(lo)
            else:
                directions.append(s)
    if directions and strict:
        return " ".join(directions + strict), "".join(directions + loose).replace(" ", "")
    return " ".join(strict), "".join(loose).replace(" ", "")


@lru_cache(maxsize=100_000)
def _word_skeletons(word: str) -> tuple[tuple[str, str], ...] | None:
    """(skeleton inside a name, skeleton as its last token) of each kept folded token of one
    whitespace-free piece of a name; None as in :func:`_word_parts`."""
    parts = []
    for raw in fold_text(word).split():
        if _RIF_DIMASHQ_HINT.search(raw):
            return None
        if _ARABIC_RE.search(raw):
            tok = _arabic_token(raw)
            norm = tok.replace("ة", "ه")
            if norm in _DESCRIPTORS_ARABIC or norm in _DIRECTION_AR:
                continue
            parts.append((_arabic_skeleton(tok, False), _arabic_skeleton(tok, True)))
        elif not (raw in _ARTICLES or raw in _DESCRIPTORS_LATIN or raw in _DIRECTION_WORDS):
            tok = _latin_token(raw, True)
            sk = _latin_skeleton(tok)
            parts.append((sk, sk + ("y" if tok[-1:] in ("i", "y") else "")))
    return tuple(parts)


def skeleton_key(name: str) -> str:
    """``name_keys(name)[2]`` built from cached per-word parts (see :func:`lookup_keys`)."""
    parts: list[tuple[str, str]] = []
    for word in name.split():
        got = _word_skeletons(word)
        if got is None:
            return name_keys(name)[2]
        parts.extend(got)
    if not parts:
        return ""
    return "".join([p[0] for p in parts[:-1]]) + parts[-1][1]


def _arabic_skeleton(tok: str, last: bool) -> str:
    final_y = False
    if last:   # ta marbuta / final ha silent at the end; 't' inside a name
        if tok[-1:] in ("ة", "ه"):
            tok = tok[:-1]
        final_y = tok.endswith("ي") or tok.endswith("يا")
    return "".join(_ARABIC_SKEL.get(ch, "") for ch in tok) + ("y" if final_y else "")


def _skeleton(folded: str) -> str:
    """Consonants token by token; a final -i/-iya/ي is kept as 'y' (Majdal != Majdaliya).

    Arabic writes a doubled consonant once, so equal consonants left side by side after the
    vowels are dropped are two consonants and are not collapsed (كفرنوان != Kafr Ein)."""
    toks = _name_tokens(folded, loose=True)
    out = []
    last = len(toks) - 1
    for i, (arabic, tok) in enumerate(toks):
        if arabic:
            out.append(_arabic_skeleton(tok, i == last))
        else:
            out.append(_latin_skeleton(tok) + ("y" if i == last and tok[-1:] in ("i", "y") else ""))
    return "".join(out)


def _latin_skeleton(tok: str) -> str:
    tok = _LATIN_DIGRAPHS.sub(lambda m: _DIGRAPH_SKEL[m.group()], tok)
    # a final h after a vowel is the silent ta marbuta ("-oh", "-uh"); an h that only ends the
    # consonants once the vowels are gone is a real one ("Tuffahiyah" -> tfhy, not tfy)
    silent_h = len(tok) >= 2 and tok[-1] == "h" and tok[-2] in "aeiouy"
    tok = tok.translate(_LATIN_SKEL)
    if silent_h and tok.endswith("h"):
        tok = tok[:-1]
    return "".join(ch for ch in tok if ch.isalnum())


# ---------------------------------------------------------------------------------------------
# long vowels: Arabic writes them (ا و ي), so a Latin spelling of the same name has a matching
# vowel between the same two consonants ("كفرنوان" has و between n and n: Kafr Nuran, not Kafr Nan)

_AR_LONG = {"ا": "a", "و": "u", "ي": "i", "ى": "a"}
_LATIN_OF_LONG = {"a": frozenset("ae"), "u": frozenset("ouw"), "i": frozenset("iey")}
_LATIN_GAP = frozenset("aeiouyw")


def _name_tokens(folded: str, loose: bool) -> list[tuple[bool, str]]:
    """The name's tokens as (arabic, token), without articles, descriptors and directions."""
    toks: list[tuple[bool, str]] = []
    for raw in folded.split():
        if _ARABIC_RE.search(raw):
            tok = _arabic_token(raw)
            norm = tok.replace("ة", "ه")
            if norm in _DESCRIPTORS_ARABIC or norm in _DIRECTION_AR:
                continue
            toks.append((True, tok))
        elif not (raw in _ARTICLES or raw in _DESCRIPTORS_LATIN or raw in _DIRECTION_WORDS):
            toks.append((False, _latin_token(raw, loose)))
    return toks


def _frame_tokens(folded: str) -> list[tuple[bool, str]]:
    """The tokens the skeleton is made of: (arabic, token)."""
    return _name_tokens(folded, loose=False)


@lru_cache(maxsize=50_000)
def _vowel_frame(name: str) -> tuple[bool, tuple[str, ...]] | None:
    """(arabic, gaps): the vowel letters before, between and after the skeleton's consonants;
    Arabic gaps hold the long vowels as a/u/i (a word-initial alef, the hamza seat, is left out).
    None for a name mixing scripts."""
    toks = _frame_tokens(fold_text(name))
    if not toks or len({a for a, _ in toks}) != 1:
        return None
    arabic = toks[0][0]
    gaps = [""]
    last = len(toks) - 1
    for i, (_, tok) in enumerate(toks):
        if arabic:
            if i == last and tok[-1:] in ("ة", "ه"):
                tok = tok[:-1]
            for j, ch in enumerate(tok):
                if ch in _ARABIC_SKEL:
                    gaps.append("")
                elif ch in _AR_LONG and not (j == 0 and ch == "ا"):
                    gaps[-1] += _AR_LONG[ch]
        else:
            tok = _LATIN_DIGRAPHS.sub(lambda m: _DIGRAPH_SKEL[m.group()], tok)
            if i == last and len(tok) >= 2 and tok[-1] == "h" and tok[-2] in "aeiouy":
                tok = tok[:-1]
            for ch in tok.translate(_LATIN_FRAME):
                if ch in _LATIN_GAP:
                    gaps[-1] += ch
                elif ch.isalnum():
                    gaps.append("")
    return arabic, tuple(gaps)


_LATIN_FRAME = str.maketrans({"q": "k", "c": "k", "p": "b", "v": "f"})


def long_vowels(name: str) -> int:
    """How many long vowels (ا و ي, not a word-initial alef) an Arabic name writes; 0 for Latin."""
    fr = _vowel_frame(name)
    return sum(len(g) for g in fr[1]) if fr and fr[0] else 0


def vowels_agree(arabic_name: str, latin_name: str) -> bool:
    """True when every long vowel of ``arabic_name`` has a matching vowel at the same place in
    ``latin_name`` (ا: a/e; و: o/u/w; ي: i/e/y), the consonants lining up; False when they do not
    line up or a long vowel has no counterpart ("كفرنوان" vs "Kafr Nan")."""
    a, b = _vowel_frame(arabic_name), _vowel_frame(latin_name)
    if a is None or b is None or not a[0] or b[0] or len(a[1]) != len(b[1]):
        return False
    # the last gap is left out: Latin keys fold a final -a/-ah/-e away ("سرمدا" = Sarmada) and a
    # final -i/-iya is already a consonant of the skeleton
    for ga, gb in zip(a[1][:-1], b[1][:-1]):
        for v in ga:
            if not (_LATIN_OF_LONG[v] & set(gb)):
                return False
    return True


def _vowel_subs(tok: str) -> str:
    for a, b in _LOOSE_SUBS[:-1]:   # not e -> i: "kafer" would give "kafir", a name of its own
        tok = tok.replace(a, b)
    return _DOUBLE_RE.sub(r"\1", tok)


# family members met in loose mode (vowel variants such as "sheikhoon" -> "shaykhun")
_WORD_CANON_LOOSE = {_vowel_subs(v): c for v, c in _WORD_CANON.items() if "e" not in _vowel_subs(v)}


def place_key(name: str) -> str:
    """Strict key: ``place_key("Ma'arrat al-Nu'man") == place_key("Maarat an-Numan")``."""
    return name_keys(name)[0]


def loose_key(name: str) -> str:
    """Looser key (vowel and q/k folding, no spaces): ``"Khan Sheikhoun" ~ "Khan Shaykhun"``."""
    return name_keys(name)[1]


def skeleton(name: str) -> str:
    """Consonant skeleton shared by Latin and Arabic spellings (``"Saraqib" -> "srkb"``)."""
    return name_keys(name)[2]
