"""Place candidates in a sentence: English capitalised runs and Arabic token n-grams looked up in
the gazetteer, with the cue around them (near, outskirts, direction, region, origin, claimant).
Unknown names in a strong place slot ("the village of X", "near X") are kept as written."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import textutil
from .matcher import _WORD

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




class PlaceFinder:
    """Finds place candidates; ``gaz`` is a :class:`truceline.gazetteer.Gazetteer`."""

    def __init__(self, gaz) -> None:
        self.gaz = gaz

    def find(self, text: str, s: int, e: int, lang: str) -> list[PlaceCandidate]:
        return self._place_candidates_ar(text, s, e) if lang == "ar" else self._place_candidates_en(text, s, e)

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


