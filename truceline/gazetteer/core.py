"""The in-memory gazetteer: entries, key indexes, lookup and resolution to :class:`Place`.

Resolution order (see ``docs/gazetteer.md``):

1. cue words are read off the surface ("near", "outskirts of", "5 km west of", "ريف", "قرب",
   "province", "city", ...);
2. a governorate phrase ("Idlib province", "rural Hama", "ريف حماة") becomes the governorate at
   its representative point, precision 3; with a direction ("northern Hama countryside",
   "شمال حماة") the matching countryside region, precision 3;
3. otherwise the candidates with the same strict key (then loose key; then, for Arabic, without a
   one-letter clitic; then a guarded consonant-skeleton match; then, for place-like candidates
   only, a guarded fuzzy match) are ranked: inside the hinted governorate/district, near the
   article's other places, populated place over admin area, population;
4. precision: populated place 1, "near"/"outskirts"/direction/"countryside of X" 2, regions and
   admin areas 3.

A name the gazetteer does not know gives ``None``; a homonym far outside the hinted governorate
is refused rather than taken.
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

from ..model import Evidence, Place
from .keys import (direction_of, fold_text, is_arabic, long_vowels, lookup_keys, name_keys, skeleton_key,
                   vowels_agree)

logger = logging.getLogger(__name__)

from .theatre import theatre

__all__ = ["GazEntry", "Admin1", "Gazetteer", "ACLED_ADMIN1", "NW_ADMIN1"]

def _admin1_names() -> tuple[tuple[str, ...], frozenset[str]]:
    """Governorate names and the theatre's focus governorates, read from the data file (another
    war is a data change: resources/gazetteer/admin1.yaml, fields ``acled`` and ``focus``)."""
    import yaml
    from importlib import resources as ilr

    rows = yaml.safe_load((ilr.files("truceline") / "resources" / "gazetteer" / "admin1.yaml")
                          .read_text(encoding="utf-8")) or []
    names = tuple(str(r["acled"]) for r in rows if isinstance(r, dict) and "acled" in r)
    focus = frozenset(str(r["acled"]) for r in rows if isinstance(r, dict) and r.get("focus"))
    return names, focus


#: ACLED spelling of the governorates, in the data file's order (OCHA P-code order for Syria)
#: and the governorates the theatre codes first (a tie-breaker for homonyms)
ACLED_ADMIN1, NW_ADMIN1 = _admin1_names()


@dataclass(frozen=True, slots=True, kw_only=True)
class Admin1:
    """One governorate as described in ``resources/gazetteer/admin1.yaml``."""

    acled: str
    pcode: str
    geonames: str
    capital: str
    capital_lat: float
    capital_lon: float
    lat: float
    lon: float
    names: tuple[str, ...]
    names_ar: tuple[str, ...]
    neighbors: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GazEntry:
    """One gazetteer record: a populated place, an admin area or a named region."""

    id: str                  # "geonames:169389", "pcode:SY07", "region:sahl_al_ghab", "extra:...", ...
    name: str                # display name (English, accents dropped)
    lat: float
    lon: float
    kind: str = "place"      # place | admin1 | admin2 | admin3 | admin | region | feature
    feature_class: str = "P"
    feature_code: str = "PPL"
    admin1: str = ""         # ACLED spelling
    admin2: str = ""
    admin3: str = ""
    admin1_code: str = ""    # OCHA P-code of the governorate
    population: int = 0
    source: str = ""
    names: tuple[str, ...] = ()
    direction: str = ""      # countryside regions: north | south | east | west

    @property
    def name_ar(self) -> str:
        return next((n for n in self.names if is_arabic(n)), "")


# ---------------------------------------------------------------------------------------------
# cue words

_NEAR_PREFIX_RE = re.compile(
    r"^(?:(?:in|on|at|to)\s+)?(?:the\s+)?(?:(?:nearby|near|close\s+to|around|outside(?:\s+of)?|"
    r"(?:on\s+)?the\s+outskirts\s+of|outskirts\s+of|(?:in\s+)?the\s+vicinity\s+of|vicinity\s+of|"
    r"(?:on\s+)?the\s+(?:edges?|fringes?|periphery)\s+of|(?:the\s+)?surroundings\s+of|"
    r"(?:the\s+)?environs\s+of|(?:the\s+)?area\s+around|بالقرب\s+من|بالقرب|قرب|قرابه|قرابة|"
    r"(?:في\s+|على\s+)?محيط|(?:في\s+|على\s+)?اطراف|ضواحي|حول|جوار|بمحيط|باطراف))\s+")
_OUTSKIRTS_WORDS = ("outskirts", "vicinity", "surroundings", "environs", "edge", "edges",
                    "periphery", "محيط", "اطراف", "ضواحي", "بمحيط", "باطراف")
_NEAR_WORDS = {"outskirts": "outskirts", "vicinity": "outskirts", "surroundings": "outskirts",
               "environs": "outskirts", "محيط": "outskirts", "اطراف": "outskirts",
               "ضواحي": "outskirts", "front": "near", "fronts": "near", "axis": "near",
               "محور": "near", "جبهه": "near", "جبهة": "near"}
_DIST_RE = re.compile(
    r"^(?:about\s+|some\s+|around\s+|approximately\s+|nearly\s+|almost\s+|roughly\s+)?"
    r"\d+(?:[.,]\d+)?\s*(?:km|kms|kilometers?|kilometres?|miles?|mi|meters?|metres?|m|كم|كيلومترات?|"
    r"كيلو\s*متر)\s+")
_DIR_OF_RE = re.compile(
    r"^(?:to\s+the\s+|the\s+)?(north|south|east|west|north\s*east|north\s*west|south\s*east|south\s*west)"
    r"(?:ern)?\s+of\s+")
_COMPOUND_RE = re.compile(r"[,/()،]|\s(?:in|near|at|في|قرب|بالقرب\s+من)\s")
_ALT_RE = re.compile(r"\s*/\s*|\s*[()]\s*")
_CONTEXT_RE = re.compile(r"\s*[,،]\s*|\s+(?:in|near|at|في|قرب|بالقرب\s+من)\s+")
_AR_DIR_OF = {"شمال": "north", "جنوب": "south", "شرق": "east", "غرب": "west"}
_WANT_WORDS = {
    "province": "admin1", "governorate": "admin1", "muhafaza": "admin1", "muhafazat": "admin1",
    "محافظه": "admin1", "محافظة": "admin1",
    "countryside": "area", "rural": "area", "area": "area", "areas": "area", "rif": "area", "reef": "area", "region": "area",
    "ريف": "area", "بريف": "area", "وريف": "area",
    "district": "district", "منطقه": "district", "منطقة": "district",
    "subdistrict": "subdistrict", "nahiya": "subdistrict", "nahiyat": "subdistrict",
    "ناحيه": "subdistrict", "ناحية": "subdistrict",
    "city": "settlement", "town": "settlement", "village": "settlement", "مدينه": "settlement",
    "مدينة": "settlement", "بلده": "settlement", "بلدة": "settlement", "قريه": "settlement",
    "قرية": "settlement",
}
_ADMIN_WORDS = frozenset(w for w, v in _WANT_WORDS.items() if v != "settlement")

# never a place, whatever the gazetteer holds: resources/gazetteer/not_places.yaml


def _load_not_places() -> tuple[str, str]:
    import yaml
    from importlib import resources as ilr

    data = yaml.safe_load((ilr.files("truceline") / "resources" / "gazetteer" / "not_places.yaml")
                          .read_text(encoding="utf-8")) or {}
    global _ABROAD_NAMES
    _ABROAD_NAMES = tuple(str(n).strip() for n in data.get("abroad") or [] if str(n).strip())
    return " ".join(data.get("not_places") or []), " ".join(data.get("metonyms") or [])


_ABROAD_NAMES: tuple[str, ...] = ()
_STOPWORDS, _METONYMS = _load_not_places()


def _abroad_re() -> re.Pattern | None:
    """Where a sentence puts its event abroad (not_places.yaml ``abroad``): a foreign name after a
    place preposition ("in the province of Anbar", "في العراق") or as the owner of a thing
    ("Saudi Arabia's oil production")."""
    en = [n for n in _ABROAD_NAMES if re.search(r"[A-Za-z]", n)]
    ar = [n for n in _ABROAD_NAMES if n not in en]
    if not _ABROAD_NAMES:
        return None
    alt = lambda ns: "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(ns, key=len, reverse=True))
    parts = []
    if en:
        parts.append(r"\b(?i:in|into|at|near|inside|across)\s+(?i:the\s+)?(?:(?:[A-Za-z-]+\s+)?(?:province|governorate|"
                     r"city|town|region|capital|desert)\s+of\s+)?(?:%s)\b(?!\s+and\s+(?:the\s+)?(?:Levant|Syria|al-Sham))"
                     r"|\b(?:%s)['’]s\s" % (alt(en), alt(en)))
    if ar:
        parts.append(r"(?:^|\s)(?:في|ب)\s*(?:(?:محافظة|مدينة|منطقة)\s+)?(?:%s)(?!\w)" % alt(ar))
    return re.compile("|".join(parts))


_ABROAD_RE = _abroad_re()
# any of the foreign names at all: every _ABROAD_RE match holds one, so a text without any needs
# no sentence-by-sentence look (one scan of an article instead of one per sentence)
_ABROAD_ANY = (re.compile("|".join(re.escape(n).replace(r"\ ", r"\s+")
                                   for n in sorted(_ABROAD_NAMES, key=len, reverse=True)))
               if _ABROAD_NAMES else None)
# "the Islamic State in Iraq", "the border with Iraq": a name, a border of the theatre
_ABROAD_NOT_BEFORE = re.compile(r"(?:\bState|\bborders?\s+(?:with|of)(?:\s+the)?)\s*$", re.I)
_STOP_KEYS = frozenset(k for w in _STOPWORDS.split() for k in name_keys(w)[:2] if k)
METONYM_KEYS = frozenset(k for w in _METONYMS.split() for k in name_keys(w)[:2] if k)

_EARTH_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(slots=True)
class _Query:
    text: str                 # folded text with the cue phrases removed
    cue: str | None = None    # near | outskirts | direction
    direction: str = ""       # from "north of X" / "شمال X"
    want: str | None = None   # admin1 | area | district | subdistrict | settlement


# region < capital < populated place < other feature < governorate < district/subdistrict < admin
_FEATURE_RANK = {"region": 0, "feature": 3, "admin1": 4, "admin2": 5, "admin3": 5, "admin": 6}


def _feature_rank(e: GazEntry) -> int:
    if e.kind == "place":
        return 1 if e.feature_code in ("PPLC", "PPLA", "PPLA2") else 2
    return _FEATURE_RANK.get(e.kind, 6)


@dataclass(slots=True)
class _Index:
    strict: dict[str, list[int]] = field(default_factory=dict)
    loose: dict[str, list[int]] = field(default_factory=dict)
    skel: dict[str, list[int]] = field(default_factory=dict)


def _add(index: dict[str, list[int]], key: str, i: int) -> None:
    if not key:
        return
    lst = index.get(key)
    if lst is None:
        index[key] = [i]
    elif lst[-1] != i:
        lst.append(i)


_LOOKUP_MEMO_MAX = 200_000


class Gazetteer:
    """Entries plus precomputed key indexes; lookups are dict lookups.

    Build one with :func:`truceline.gazetteer.load_gazetteer`; it is immutable once built and
    safe to share between threads.
    """

    def __init__(self, entries: Iterable[GazEntry], admin1: Sequence[Admin1], *, source: str = "",
                 fuzzy: bool = True) -> None:
        self.entries: tuple[GazEntry, ...] = tuple(entries)
        self.source = source
        self.fuzzy = fuzzy
        self.admin1: dict[str, Admin1] = {a.acled: a for a in admin1}
        self._by_id = {e.id: i for i, e in enumerate(self.entries)}
        idx = _Index()
        for i, e in enumerate(self.entries):
            for n in e.names:
                k, lk, sk = name_keys(n)
                _add(idx.strict, k, i)
                _add(idx.loose, lk, i)
                _add(idx.skel, sk, i)
        self._idx = idx
        # lookup() results by (surface, lang, skeleton, hint): the place finder asks for the same
        # word n-grams again and again; emptied when it reaches _LOOKUP_MEMO_MAX entries
        self._lookup_memo: dict[tuple, tuple[GazEntry, ...]] = {}
        # governorate names -> ACLED
        self._gov_keys: dict[str, str] = {}
        self._gov_entry: dict[str, int] = {}
        for a in admin1:
            for n in (a.acled, *a.names, *a.names_ar):
                k, lk, _ = name_keys(n)
                self._gov_keys.setdefault(k, a.acled)
                self._gov_keys.setdefault(lk, a.acled)
            self._gov_keys.setdefault(a.pcode.lower(), a.acled)
        for i, e in enumerate(self.entries):
            if e.kind == "admin1":
                self._gov_entry.setdefault(e.admin1, i)
        self._regions_by_dir = {(e.admin1, e.direction): i for i, e in enumerate(self.entries)
                                if e.kind == "region" and e.direction}
        # fuzzy buckets: (first letter, length) -> loose keys
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for lk in idx.loose:
            if len(lk) >= 5:
                self._buckets.setdefault((lk[0], len(lk)), []).append(lk)
        self._gov_loose = frozenset(k for k in self._gov_keys)

    # -----------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> GazEntry | None:
        i = self._by_id.get(entry_id)
        return None if i is None else self.entries[i]

    def key_count(self) -> tuple[int, int, int]:
        return len(self._idx.strict), len(self._idx.loose), len(self._idx.skel)

    # -----------------------------------------------------------------------------------------
    def lookup(self, surface: str, lang: str = "en", *, skeleton: bool = False,
               hint: str | None = None) -> list[GazEntry]:
        """Entries whose name has the same strict key as ``surface`` (else the same loose key),
        best first (populated places, then by population).

        ``skeleton=True`` (for a string found in a place slot) then also tries the guarded
        consonant-skeleton match: an Arabic spelling of a place the gazetteer knows only in Latin
        script ("كنصفرة" -> Kansafrah); ``hint`` (a governorate, any spelling) allows
        three-consonant skeletons inside it. Stop words (groups, foreign capitals, ...) give []."""
        memo_key = (surface, lang, skeleton, hint)
        got = self._lookup_memo.get(memo_key)
        if got is None:
            got = tuple(self._lookup(surface, skeleton, hint))
            if len(self._lookup_memo) >= _LOOKUP_MEMO_MAX:
                self._lookup_memo.clear()
            self._lookup_memo[memo_key] = got
        return list(got)

    def _lookup(self, surface: str, skeleton: bool, hint: str | None) -> list[GazEntry]:
        k, lk = lookup_keys(surface)
        ids = self._idx.strict.get(k) or self._idx.loose.get(lk)
        if not ids:
            if not (skeleton and k and k not in _STOP_KEYS and lk not in _STOP_KEYS):
                return []
            text = fold_text(surface)
            if skeleton_key(text) not in self._idx.skel:
                return []     # no entry shares the skeleton: _skeleton_candidates finds none
            h = self.admin1_of_name(hint) if hint else None
            ids = [i for i in self._skeleton_candidates(text, h)
                   if self.entries[i].kind in ("place", "region")]
        out = [self.entries[i] for i in ids]
        out.sort(key=lambda e: (_feature_rank(e), -e.population, e.id))
        return out

    def is_metonym(self, surface: str) -> bool:
        """A capital that often stands for its government ("Ankara blamed Damascus")."""
        k, lk = lookup_keys(surface)
        return k in METONYM_KEYS or lk in METONYM_KEYS

    @staticmethod
    def abroad_possible(text: str) -> bool:
        """False when :meth:`abroad_in` is False for every span of ``text`` (it names no foreign
        name of not_places.yaml ``abroad`` at all)."""
        return _ABROAD_ANY is not None and _ABROAD_ANY.search(text) is not None

    @staticmethod
    def abroad_in(text: str, start: int, end: int) -> bool:
        """The sentence ``text[start:end]`` puts its event outside the theatre: it names a foreign
        country, province or city as the place of something (not_places.yaml ``abroad``)."""
        if _ABROAD_RE is None:
            return False
        for m in _ABROAD_RE.finditer(text, start, end):
            if not _ABROAD_NOT_BEFORE.search(text, max(start, m.start() - 25), m.start()):
                return True
        return False

    def is_stop(self, surface: str) -> bool:
        """True for a word that never names a place here whatever the gazetteer holds: groups,
        institutions, countries and foreign cities in the news ("Hamas", "Turkey", "غزة")."""
        k, lk = lookup_keys(surface)
        return k in _STOP_KEYS or lk in _STOP_KEYS

    def admin1_of_name(self, surface: str) -> str | None:
        """The ACLED governorate a phrase names ("Idlib", "إدلب", "Hama countryside", "ريف حماة",
        "northern Hama", "SY07"), else None."""
        if not surface:
            return None
        q = self._parse(surface)
        gov = self._gov_of(q.text)
        if gov is None:
            text = self._strip_directions(q.text)[0]
            gov = self._gov_of(text) if text != q.text else None
        return gov

    def is_admin1(self, surface: str, lang: str = "en") -> bool:
        """True when ``surface`` names a governorate as an area ("Idlib", "Idlib province",
        "ريف إدلب"); False for "Idlib city" and for anything else."""
        q = self._parse(surface)
        return q.want != "settlement" and not q.cue and self._gov_of(q.text) is not None

    # -----------------------------------------------------------------------------------------
    def _gov_of(self, text: str) -> str | None:
        if not text:
            return None
        k, lk = lookup_keys(text)
        return self._gov_keys.get(k) or self._gov_keys.get(lk)

    @staticmethod
    def _strip_directions(text: str) -> tuple[str, str]:
        words = text.split()
        kept, direction = [], ""
        for w in words:
            d = direction_of(w)
            if d:
                direction = direction or d
            else:
                kept.append(w)
        return " ".join(kept), direction

    def _parse(self, surface: str, precision_cue: str | None = None) -> _Query:
        text = fold_text(surface)
        q = _Query(text=text)
        if precision_cue:
            pc = precision_cue.lower()
            if pc in ("near", "outskirts", "direction", "part"):
                q.cue = pc
            elif pc in _WANT_WORDS:
                q.want = _WANT_WORDS[pc]
        for _ in range(3):
            m = _DIST_RE.match(text)
            if m:
                text, q.cue = text[m.end():], "direction"
                continue
            m = _DIR_OF_RE.match(text)
            if m:
                q.direction = direction_of(m.group(1))
                text, q.cue = text[m.end():], "direction"
                continue
            m = _NEAR_PREFIX_RE.match(text)
            if m:
                phrase = m.group(0)
                q.cue = "outskirts" if any(w in phrase for w in _OUTSKIRTS_WORDS) else "near"
                text = text[m.end():]
                continue
            break
        words = text.split()
        if q.cue is None and len(words) >= 2:
            q.cue = next((_NEAR_WORDS[w] for w in words if w in _NEAR_WORDS), None)
        if len(words) >= 2 and words[0] in _AR_DIR_OF:
            q.direction, q.cue = _AR_DIR_OF[words[0]], "direction"
            words = words[1:]
        for w in words:
            want = _WANT_WORDS.get(w)
            if want and (q.want is None or q.want == "area" and want == "admin1"):
                q.want = want
        q.text = " ".join(words)
        return q

    # -----------------------------------------------------------------------------------------
    def _candidates(self, text: str, hint: str | None) -> list[int]:
        k, lk, _ = name_keys(text)
        strict = self._idx.strict.get(k, [])
        if strict and (hint is None or any(self.entries[i].admin1 == hint for i in strict)):
            return list(strict)
        loose = self._idx.loose.get(lk, [])
        if not strict:
            return list(loose)
        return list(dict.fromkeys([*strict, *loose]))

    def _skeleton_candidates(self, text: str, hint: str | None,
                             near: Sequence[tuple[float, float]] = ()) -> list[int]:
        """Entries with the same consonant skeleton. Four consonants or more suffice; three need
        a governorate hint (all candidates inside it) or, without one, a single candidate lying
        within 60 km of one of the article's other places; two need a hint, a written long vowel
        and a single candidate inside the governorate ("البارة" -> Barah). An Arabic spelling
        matched to a Latin-only entry must also agree on its long vowels (``vowels_agree``:
        "كفرنوان" is not "Kafr Nan")."""
        k, lk, sk = name_keys(text)
        arabic = is_arabic(text)
        # a Latin spelling carries no written long vowels to check: with only three consonants
        # besides its final -i/-y marker it must look closer to the entry's Latin names
        # ("Kabani" is not "Kubani", Kobane; "Salamyieh" is Salamiyah)
        n, min_ratio = len(sk), 80
        if not arabic and sk.endswith("y") and len(sk) == 4:
            min_ratio = 85
        if n < 2 or (n == 2 and (hint is None or not arabic or not long_vowels(text))) \
                or (n == 3 and hint is None and not near):
            return []
        ids = self._idx.skel.get(sk, [])
        if not ids:
            return []
        out = []
        # an Arabic spelling of four consonants or more: a border village labelled with the
        # neighbouring governorate ("معرزاف جنوبي إدلب", a village of Hama) is kept when nothing
        # inside the hint matches (the key path keeps such neighbours too: _filter_hint)
        a1 = self.admin1.get(hint) if hint is not None and n >= 4 and arabic else None
        neighbors = set(a1.neighbors) if a1 else set()
        beyond = []
        for i in ids:
            e = self.entries[i]
            if e.kind == "admin1":
                continue
            if hint is not None and e.admin1 and e.admin1 != hint:
                if e.admin1 in neighbors and self._skeleton_names_agree(e, text, sk, lk, arabic, min_ratio):
                    beyond.append(i)
                continue
            if arabic and not any(name_keys(nm)[2] == sk and (is_arabic(nm) or vowels_agree(text, nm))
                                  for nm in e.names):
                continue
            if not arabic:
                # a Latin spelling must also look like one of the entry's Latin names
                if len(lk) < 5 or not any(
                        fuzz.ratio(lk, name_keys(nm)[1]) >= min_ratio for nm in e.names if not is_arabic(nm)):
                    continue
            out.append(i)
        if not out and beyond:
            return beyond
        if n == 2 and (len(out) != 1 or self.entries[out[0]].admin1 != hint):
            return []
        if n == 3:
            if hint is None:
                if len(out) != 1 or not any(distance_km(self.entries[out[0]].lat, self.entries[out[0]].lon, la, lo) <= 60
                                            for la, lo in near):
                    return []
            elif not all(self.entries[i].admin1 == hint for i in out):
                return []
        return out

    @staticmethod
    def _skeleton_names_agree(e: GazEntry, text: str, sk: str, lk: str, arabic: bool, min_ratio: int) -> bool:
        """The checks ``_skeleton_candidates`` makes of an entry's names (long vowels for an Arabic
        spelling, a close Latin spelling for a Latin one)."""
        if arabic:
            return any(name_keys(nm)[2] == sk and (is_arabic(nm) or vowels_agree(text, nm)) for nm in e.names)
        return len(lk) >= 5 and any(fuzz.ratio(lk, name_keys(nm)[1]) >= min_ratio
                                    for nm in e.names if not is_arabic(nm))

    def _fuzzy_candidates(self, text: str) -> list[int]:
        lk = name_keys(text)[1]
        letters = sum(ch.isalpha() for ch in lk)
        if letters < 6 or lk in self._gov_loose:
            return []
        best: tuple[float, str] | None = None
        for n in range(len(lk) - 2, len(lk) + 3):
            bucket = self._buckets.get((lk[0], n))
            if not bucket:
                continue
            hit = process.extractOne(lk, bucket, scorer=fuzz.ratio, score_cutoff=92)
            if hit and (best is None or hit[1] > best[0]):
                best = (hit[1], hit[0])
        if best is None or best[1] in self._gov_loose:
            return []
        ids = self._idx.loose.get(best[1], [])
        # never across a governorate name: "Hama" is not "Hamas"
        return [i for i in ids if self.entries[i].kind != "admin1"]

    def _filter_hint(self, ids: list[int], hint: str | None, surface_is_gov: bool) -> list[int]:
        if hint is None or surface_is_gov:
            return ids
        inside = [i for i in ids if self.entries[i].admin1 == hint]
        if inside:
            return inside
        a1 = self.admin1.get(hint)
        neighbors = set(a1.neighbors) if a1 else set()
        keep = []
        for i in ids:
            e = self.entries[i]
            if not e.admin1 or e.admin1 in neighbors or e.kind in ("region", "admin1"):
                keep.append(i)
            elif e.population >= 10_000 or e.feature_code in ("PPLC", "PPLA"):   # a known town
                keep.append(i)
        return keep

    def _rank(self, ids: list[int], hint: str | None, admin2_hint: str | None,
              near: Sequence[tuple[float, float]], want: str | None) -> GazEntry | None:
        entries = [self.entries[i] for i in ids]
        if want == "settlement":
            entries = [e for e in entries if e.kind == "place"] or entries
        elif want == "district":
            entries = [e for e in entries if e.kind == "admin2"] or entries
        elif want == "subdistrict":
            entries = [e for e in entries if e.kind == "admin3"] or entries
        else:
            # an admin area named after a town it contains is that town
            places = [e for e in entries if e.kind in ("place", "region")]
            if places:
                entries = [e for e in entries if e.kind in ("place", "region", "feature")
                           or not any(distance_km(e.lat, e.lon, p.lat, p.lon) <= 25 for p in places)]
        a2 = name_keys(admin2_hint)[0] if admin2_hint else ""

        def score(e: GazEntry) -> tuple:
            d = min((distance_km(e.lat, e.lon, la, lo) for la, lo in near), default=0.0)
            bucket = 0 if d <= 50 else 1 if d <= 150 else 2
            return (0 if hint is None or e.admin1 == hint else 1,
                    0 if not a2 or name_keys(e.admin2)[0] == a2 else 1,
                    bucket, _feature_rank(e), -e.population,
                    0 if e.admin1 in NW_ADMIN1 else 1, d, e.id)

        return min(entries, key=score) if entries else None

    # -----------------------------------------------------------------------------------------
    def resolve(self, surface: str, *, lang: str = "en", admin1_hint: str | None = None,
                admin2_hint: str | None = None, near: Sequence[tuple[float, float]] = (),
                precision_cue: str | None = None, start: int = -1, end: int = -1,
                article_id: str = "", place_like: bool = False) -> Place | None:
        """Resolve a place string to a :class:`Place`, or ``None`` when it is not known.

        ``admin1_hint`` is the governorate the sentence or article names (any spelling),
        ``admin2_hint`` a district name, ``near`` the points of the article's other places,
        ``precision_cue`` one of near | outskirts | direction | part (precision 2) or
        province | countryside | district | subdistrict | city | town | village.
        ``place_like`` says the extractor found the string in a place slot ("village of X",
        "in X"): only then is the fuzzy fallback tried.
        """
        if not isinstance(surface, str):
            raise TypeError(f"surface must be str, not {type(surface).__name__}")
        if not surface.strip():
            return None
        place = self._resolve_one(surface, admin1_hint, admin2_hint, near, precision_cue,
                                  place_like, start, end, article_id)
        if place is None and _COMPOUND_RE.search(surface):
            place = self._resolve_compound(surface, admin1_hint, admin2_hint, near, precision_cue,
                                           place_like)
            if place is not None:
                place = replace(place, surface=surface, evidence=self._place(
                    GazEntry(id=place.gazetteer_id, name="", lat=0, lon=0), 1, surface, start, end,
                    article_id).evidence)
        return place

    def _resolve_compound(self, surface: str, admin1_hint: str | None, admin2_hint: str | None,
                          near: Sequence[tuple[float, float]], precision_cue: str | None,
                          place_like: bool) -> Place | None:
        """"A/B", "A (B)": the first that resolves; "X, Y", "X in Y", "X near Y", "X في Y":
        X in the light of Y, else Y (precision 2 at least)."""
        alts = [a for a in _ALT_RE.split(surface) if a.strip()]
        if len(alts) > 1:
            for a in alts:
                p = self._resolve_one(a, admin1_hint, admin2_hint, near, precision_cue,
                                      place_like, -1, -1, "")
                if p is not None:
                    return p
        m = _CONTEXT_RE.search(surface)
        if m is None or m.start() == 0 or not surface[m.end():].strip():
            return None
        head, ctx_text = surface[:m.start()], surface[m.end():]
        # "X, Idlib" / "X in Hama": a bare governorate name as context is the governorate
        ctx_cue = "province" if self._gov_of(self._parse(ctx_text).text) else None
        ctx = self._resolve_one(ctx_text, admin1_hint, None, near, ctx_cue, place_like, -1, -1, "")
        if ctx is None:
            return None
        p = self._resolve_one(head, admin1_hint or ctx.admin1 or None, admin2_hint,
                              [*near, (ctx.latitude, ctx.longitude)], precision_cue, place_like,
                              -1, -1, "")
        if p is not None:
            return p
        return replace(ctx, geo_precision=max(ctx.geo_precision, 2))

    def _resolve_one(self, surface: str, admin1_hint: str | None, admin2_hint: str | None,
                     near: Sequence[tuple[float, float]], precision_cue: str | None,
                     place_like: bool, start: int, end: int, article_id: str) -> Place | None:
        q = self._parse(surface, precision_cue)
        if not q.text:
            return None
        k, lk, _ = name_keys(q.text)
        if not k or k in _STOP_KEYS or lk in _STOP_KEYS:
            return None
        hint = self.admin1_of_name(admin1_hint) if admin1_hint else None
        gov = self._gov_of(q.text)
        make = lambda e, p: self._place(e, p, surface, start, end, article_id)  # noqa: E731

        if gov is not None and q.want != "settlement":
            if q.direction:
                return make(*self._gov_part(gov, q.direction))
            if q.want in ("admin1", "area"):
                return make(self._gov_entry_of(gov), 3)
            if q.want == "district":
                ids = [i for i in self._candidates(q.text, gov)
                       if self.entries[i].kind == "admin2" and self.entries[i].admin1 == gov]
                return make(self.entries[ids[0]] if ids else self._gov_entry_of(gov), 3)

        cue = q.cue
        ids = self._candidates(q.text, hint)
        if not ids:
            text2, direction = self._strip_directions(q.text)
            if direction and text2:
                gov2 = self._gov_of(text2)
                if gov2 is not None and q.want != "settlement":
                    return make(*self._gov_part(gov2, direction))
                ids = self._candidates(text2, hint)
                if ids:
                    cue = cue or "direction"
        if not ids and is_arabic(q.text) and q.text[0] in "وبلفك" and len(q.text) > 4:
            ids = self._candidates(q.text[1:], hint)
        if not ids:
            ids = self._skeleton_candidates(q.text, hint, near)
        if not ids and place_like and self.fuzzy:
            ids = self._fuzzy_candidates(q.text)
        if not ids:
            return None
        ids = self._filter_hint(ids, hint, gov is not None)
        best = self._rank(ids, hint, admin2_hint, near, q.want)
        if best is None:
            return None
        if best.kind in ("admin2", "admin3") and q.want not in ("district", "subdistrict", "area", "admin1"):
            best = self._seat_of(best, q.text) or best
        if best.kind in ("region", "admin1", "admin2", "admin") or \
                (best.kind == "feature" and best.feature_class in "TLHVR"):
            precision = 3
        elif best.kind == "admin3":
            precision = 3 if q.want == "subdistrict" else 2
        elif q.want == "district":
            precision = 3
        else:
            precision = 2 if (cue or q.want in ("area", "subdistrict")) else 1
        return make(best, precision)

    def _seat_of(self, area: GazEntry, text: str) -> GazEntry | None:
        """The town a district or subdistrict is named after, when the town is known under another
        spelling only ("كوباني": the district carries the name, the town 'Ayn al 'Arab matches it by
        skeleton): a populated place with the same skeleton inside the area or within 25 km of its
        point; an Arabic spelling must agree with a Latin-only name on its long vowels."""
        sk = name_keys(text)[2]
        if len(sk) < 3:
            return None
        arabic = is_arabic(text)
        best = None
        for i in self._idx.skel.get(sk, ()):
            e = self.entries[i]
            if e.kind != "place" or not (
                    (area.admin2 and e.admin2 == area.admin2) or distance_km(e.lat, e.lon, area.lat, area.lon) <= 25):
                continue
            if arabic and not any(name_keys(nm)[2] == sk and (is_arabic(nm) or vowels_agree(text, nm))
                                  for nm in e.names):
                continue
            if best is None or e.population > best.population:
                best = e
        return best

    def _gov_entry_of(self, gov: str) -> GazEntry:
        i = self._gov_entry.get(gov)
        if i is not None:
            return self.entries[i]
        a = self.admin1[gov]
        return GazEntry(id=f"pcode:{a.pcode}", name=a.acled, lat=a.capital_lat, lon=a.capital_lon, kind="admin1",
                        feature_class="A", feature_code="ADM1", admin1=a.acled, admin1_code=a.pcode,
                        source="admin1.yaml", names=(a.acled,))

    def _gov_part(self, gov: str, direction: str) -> tuple[GazEntry, int]:
        i = self._regions_by_dir.get((gov, direction))
        return (self.entries[i] if i is not None else self._gov_entry_of(gov)), 3

    @staticmethod
    def _place(e: GazEntry, precision: int, surface: str, start: int, end: int,
               article_id: str) -> Place:
        ev = None
        if article_id and 0 <= start <= end and end - start == len(surface):
            ev = Evidence(article_id=article_id, start=start, end=end, text=surface,
                          source=f"gazetteer:{e.id}")
        th = theatre()
        return Place(name=e.name, surface=surface, latitude=e.lat, longitude=e.lon, country=th.country, iso=th.iso,
                     admin1=e.admin1, admin2=e.admin2, admin3=e.admin3, geo_precision=precision,
                     gazetteer_id=e.id, feature_code=e.feature_code, evidence=ev)
