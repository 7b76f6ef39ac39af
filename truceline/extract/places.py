"""Place candidates in a sentence: English capitalised runs and Arabic token n-grams looked up in
the gazetteer, with the cue around them (near, outskirts, direction, region, origin, claimant).
Unknown names in a strong place slot ("the village of X", "near X") are kept as written."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
# common words of Title Case headlines whose keys collide with place names when they stand alone
# (War ~ Al-Waer, Said ~ Sayda, Road ~ Arwad, School ~ Ash Shula, Dam ~ Damascus, Revolution ~
# Madinat al-Thawra); inside a longer name they stay ("Arab Said", "Tishreen Dam")
_EN_NOT_ALONE = frozenset({"war", "said", "says", "road", "school", "dam", "revolution"})


def _alone_common(toks) -> bool:
    """The tokens are name connectors ("al", "as" ...) and one word of _EN_NOT_ALONE."""
    words = [t[2].lower() for t in toks if t[2].lower() not in _EN_CONNECT]
    return len(words) == 1 and words[0] in _EN_NOT_ALONE
# generic first words of Arabic toponyms: alone they are not a place when more name follows
_TOPONYM_HEADS = frozenset({"tel", "tal", "tall", "tell", "kafr", "kfar", "kefr", "deir", "dayr", "dair", "ain", "ayn",
                            "ein", "jabal", "jebel", "khirbet", "khirbat", "wadi", "bab", "ras", "beit", "bayt", "umm",
                            "abu", "qasr", "qalaat", "maarat", "jisr", "khan", "sheikh", "shaykh", "bir", "arab",
                            "al", "el", "tal'at", "mazraat", "harat", "marj", "sahl", "qaryat", "hayy"})

# toponym heads whose name may continue in a lower-case word that lost its capital ("Deir ezzor",
# "Khan sheikhoun"); only when head and word together are a gazetteer name
_HEAD_WITH_LOWER_TAIL = _TOPONYM_HEADS - {"al", "el", "abu", "arab", "umm", "sheikh", "shaykh", "bab", "hayy"}

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
                           r"rural areas|region|plain|frontlines?|front|fronts|outskirts|suburbs|city|town|village|"
                           # "the Latakia campaign", "the Idlib offensive": the front of a campaign
                           r"campaigns?|offensives?|"
                           # "the Homs desert", "the Raqqa badia": the desert part of a governorate
                           r"desert|badia)\b",
                           re.I)




# a capitalised word ending in "s" right before a name ("Syrias Idlib")
_WORD_S_BEFORE = re.compile(r"\b([A-Z][\w-]{3,}s)\s$")

# direction words that never end a place name ("بلدة سرمين شرقي إدلب": شرقي locates Sarmin in Idlib)
# (the definite adjective may end a region: "ريف إدلب الجنوبي")
@lru_cache(maxsize=50_000)
def _en_word(w: str) -> tuple[bool, bool, bool]:
    """(capitalised, a name connector such as "al", all digits) for one English token; a
    connector glued to a capital ("al-Sham") counts as capitalised."""
    low = w.lower()
    is_cap = w[0].isupper() or (low.split("-")[0] in _EN_CONNECT and "-" in w
                                and len(_EN_HEAD.split(w, maxsplit=1)) > 1 and w.split("-", 1)[1][:1].isupper())
    return bool(is_cap), low in _EN_CONNECT, w.isdigit()


_EN_HEAD = re.compile(r"[-'’]")
_EN_GOVERNMENT_AFTER = re.compile(r"(?:'s)?[\s-]+(?:regime|government|authorities|administration|leadership|"
                                  r"backed|allied|aligned)\b", re.I)


def _is_title_case(toks: list[tuple[int, int, str]]) -> bool:
    """A headline in Title Case ("Warplanes Kill A Family In Khan Shekhon"): its capitals say
    nothing about names, so an unknown capitalised word does not hide the known place after it."""
    long = [t[2] for t in toks if len(t[2]) > 3 and not t[2].isdigit()]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) >= 0.75 * len(long)


_AR_TRAILING_DIRECTIONS = frozenset({"شرقي", "غربي", "شمالي", "جنوبي", "شرق", "غرب", "شمال", "جنوب"})


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
        ntoks = len(toks)
        for i, tk in enumerate(toks):
            is_cap, connector, digit = _en_word(tk[2])
            if not is_cap and not (connector and cur):
                if cur and cur[-1] is toks[i - 1] and cur[-1][2].lower() in _HEAD_WITH_LOWER_TAIL \
                        and text[cur[-1][1]:tk[0]] in (" ", "-") and self.gaz.lookup(text[cur[-1][0]:tk[1]], "en"):
                    cur.append(tk)   # a name that lost the capital of its second word: "Deir ezzor"
                    continue
                if cur:       # neither a capital nor a connector inside a run: the run ends
                    runs.append(cur)
                    cur = []
                continue
            is_conn = connector and cur and i + 1 < ntoks and toks[i + 1][2][:1].isupper()
            contiguous = not cur or text[cur[-1][1]:tk[0]] in (" ", "-", " - ")
            if (is_cap or is_conn) and contiguous and not digit:
                cur.append(tk)
            else:
                if cur:
                    runs.append(cur)
                cur = [tk] if is_cap and not digit else []
            if cur and tk[2][-2:] in ("'s", "’s") and len(tk[2]) > 3:
                # a possessive ends its name: "Syria's al-Bab" is Syria, then al-Bab
                cur[-1] = (tk[0], tk[1] - 2, tk[2][:-2])
                runs.append(cur)
                cur = []
            elif cur and cur[-1] is tk and len(tk[2]) > 4 and tk[2][-1] == "s" and i + 1 < ntoks \
                    and toks[i + 1][2][:1].isupper() and self._lost_apostrophe(tk[2]):
                # the same possessive in a text that lost its apostrophes: "Syrias Idlib", "Aleppos Old City"
                cur[-1] = (tk[0], tk[1] - 1, tk[2][:-1])
                runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        title_case = _is_title_case(toks)
        out: list[PlaceCandidate] = []
        for run in runs:
            while run and run[0][2].lower() in _EN_STOP_CAP:   # "The Idlib ..." -> "Idlib ..."
                run = run[1:]
            i = 0
            inside_name = False    # an unknown capitalised word came before in this run
            while i < len(run):
                hit = None
                for j in range(min(len(run), i + 5), i, -1):
                    a, b = run[i][0], run[j - 1][1]
                    surf = text[a:b]
                    if j - i == 1:
                        w = run[i][2].lower()
                        if w in _EN_STOP_CAP or w in _EN_NOT_ALONE or (inside_name and not title_case) \
                                or not self._single_ok(text, s, run[i][0], run[i][1], out):
                            continue    # "Sham" of "Hayat Tahrir al-Sham" is not a place
                        if w in _TOPONYM_HEADS and i + 1 < len(run):
                            continue  # "Tel" of an unknown "Tel Al-Sahn" is not the town "Tall"
                    if j - i > 1 and _alone_common(run[i:j]):
                        continue      # "as War": a connector and a common word
                    if self.gaz.lookup(surf, "en"):
                        hit = (a, b, surf, j)
                        break
                if not hit:
                    # a transliteration the gazetteer spells otherwise ("Khan Shekhon"): the guarded
                    # consonant-skeleton match, for a name of two words or more or one in a place slot
                    for j in range(min(len(run), i + 4), i, -1):
                        a, b = run[i][0], run[j - 1][1]
                        if any(t[2].lower() in _EN_STOP_CAP for t in run[i:j]) or _alone_common(run[i:j]):
                            continue
                        if j - i == 1 and (inside_name or run[i][2].lower() in _TOPONYM_HEADS
                                           or run[i][2].lower() in _EN_NOT_ALONE
                                           or not self._slot_before(text, s, a)):
                            continue
                        surf = text[a:b]
                        if self.gaz.lookup(surf, "en", skeleton=True):
                            hit = (a, b, surf, j)
                            break
                if hit and hit[3] - i == 1 and _EN_GOVERNMENT_AFTER.match(text, hit[1]) \
                        and self.gaz.is_metonym(hit[2]):
                    hit = None   # "allied to the Damascus regime", "the Damascus government": the state
                    i += 1
                    continue
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
                    if b - a > 2 and text[b - 2:b] in ("'s", "’s"):
                        b -= 2          # "Mezzeh's" -> "Mezzeh"
                    if i == 0 and (self._strong_slot(text, s, a, out) or self._named_area(text, s, a, b)) and not any(
                            t[2].lower() in _EN_STOP_CAP or self.gaz.is_stop(t[2]) for t in run[i:j]):
                        # (a word that never names a place: "in Syria and Iraq", "in Lebanon")
                        out.append(PlaceCandidate(a, b, text[a:b], self._cue_en(text, s, a, b), known=False))
                        i = j
                    else:
                        inside_name = inside_name or run[i][2].lower() not in _EN_STOP_CAP
                        i += 1
        return self._list_heads(text, s, out) if len(out) >= 2 else out

    def _lost_apostrophe(self, word: str) -> bool:
        """``word`` is a name the gazetteer does not know whose stem without the final "s" it knows
        as a place ("Syrias" = "Syria's", "Aleppos" = "Aleppo's")."""
        stem = word[:-1]
        return not self.gaz.lookup(word, "en") and bool(self.gaz.lookup(stem, "en"))

    # "in Blanta, Kafr Lata, Qastun and Kansafra": an unknown name that opens a list of known places
    _LIST_HEAD = re.compile(r"\b(?:in|at|near|on)\s+(?:the\s+)?([A-Z][\w'’-]{2,}(?:\s+[A-Z][\w'’-]{2,})?)\s*,\s*$")

    def _list_heads(self, text: str, s: int, out: list[PlaceCandidate]) -> list[PlaceCandidate]:
        first = out[0]
        if not (first.known and self._LIST_SEP.match(" " + text[first.end:out[1].start])):
            return out
        m = self._LIST_HEAD.search(text, max(s, first.start - 45), first.start)
        if m is None or any(w.lower() in _EN_STOP_CAP for w in m.group(1).split()):
            return out
        a, b = m.start(1), m.end(1)
        return [PlaceCandidate(a, b, text[a:b], self._cue_en(text, s, a, b), known=False), *out]

    _PLACE_BEFORE = re.compile(r"(?:\b(?:in|at|near|of|from|to|into|outside|around|towards?|toward|across|"
                               r"village|town|city|villages|towns|province|countryside|outskirts|district|"
                               r"targeted|shelled|struck|hit|bombed|captured|seized|entered|stormed|liberated|"
                               r"besieged|reached|rural|northern|southern|eastern|western|central|greater|"
                               r"targets?|targeting|shells?|shelling|strikes?|hits|bombs?|bombing|bombard(?:s|ed|ing)?|"
                               r"pound(?:s|ed|ing)?|raids?|raided|raiding|attacks?|attacked|attacking|storms?|storming|"
                               r"over|on|old|within|inside|between|[A-Z][a-z]+['’]s|"
                               r"north-?western|north-?eastern|south-?western|south-?eastern)|[,;]|\band)\s+(?:the\s+)?$", re.I)
    _PLACE_AFTER = re.compile(r"^(?:'s|’s)?\s+(?:countryside|province|governorate|city|town|village|area|"
                              r"district|outskirts|suburbs?|front|frontline|plain|region|countrysides|"
                              # a site named after its town: "the Jurin camp", "the Idlib central prison"
                              r"(?:central\s+|military\s+)?(?:prison|camp|airport|air\s?base|base|hospital))\b", re.I)

    _STRONG_SLOT = re.compile(r"\b(?:villages?|towns?|city|hamlet|suburb|neighbou?rhood|district|area|outskirts|"
                              r"vicinity|farms)\s+of\s+(?:the\s+)?$|\bnear\s+(?:the\s+)?$", re.I)
    _LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)$")

    def _strong_slot(self, text: str, s: int, a: int, prev: list) -> bool:
        before = text[max(s, a - 30):a]
        if self._STRONG_SLOT.search(before):
            return True
        # a list continued from a place just before: "the towns of Barisha, Sarmada and Ariha"
        return bool(prev) and prev[-1].end <= a and bool(self._LIST_SEP.match(" " + text[prev[-1].end:a]))

    # "targeting the Tilal al-Kabineh area", "the Kabani hills": an unknown name that a place noun
    # follows after "the" is the name of that area
    _AREA_NOUN_AFTER = re.compile(r"\s+(?:area|hills?|heights|plain|valley|axis|front|mountains?)\b", re.I)
    _THE_BEFORE = re.compile(r"\bthe\s+$", re.I)

    _PARTICIPLE = re.compile(r"[-\u2010\u2011](?:\w+ed|held|run|led)$", re.I)   # "the US-occupied area": who holds it

    def _named_area(self, text: str, s: int, a: int, b: int) -> bool:
        return bool(self._THE_BEFORE.search(text, max(s, a - 5), a)) and bool(self._AREA_NOUN_AFTER.match(text, b)) \
            and not self._PARTICIPLE.search(text[a:b])

    def _slot_before(self, text: str, s: int, a: int) -> bool:
        return bool(self._PLACE_BEFORE.search(text[max(s, a - 40):a]))

    def _single_ok(self, text: str, s: int, a: int, b: int, prev: list) -> bool:
        """A one-word name is a place only in a place slot ('in X', 'X countryside', a list of places),
        or when it is long enough not to be an ordinary capitalised word; a capital that stands for
        its government ('Ankara blamed Damascus') needs the slot whatever its length."""
        if b - a >= 7 and not self.gaz.is_metonym(text[a:b]):
            return True
        before = text[max(s, a - 40):a]
        if self._PLACE_BEFORE.search(before) or self._PLACE_AFTER.match(text[b:b + 30]):
            return True
        # after a possessive that lost its apostrophe ("in Syrias Idlib")
        m = _WORD_S_BEFORE.search(before)
        return m is not None and self._lost_apostrophe(m.group(1))

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
        """Arabic: token n-grams (at most 4 tokens, never across punctuation) looked up in the
        gazetteer, with proclitics (و ب ل ف ك) peeled off the first token; descriptors and cue
        words before a name give its cue; in a place slot the consonant skeleton may match a
        place known only in Latin script; an unknown name after an indefinite settlement word
        ("قرية X") is kept as written; a common word that is also a place needs a strong cue."""
        toks = [_ArTok(m.start() + s, m.end() + s, m.group()) for m in _AR_TOKEN.finditer(text[s:e])]
        n = len(toks)
        out: list[PlaceCandidate] = []
        lookup = self.gaz.lookup
        listing = _SLOT_NONE       # a list of places goes on: STRONG after a place, NAMED after "قرى"/"قرية X"
        # inner_ok[k]: token k may go on a name begun before it (see _ar_joinable)
        inner_ok = [False] * n
        for k in range(1, n):
            t = toks[k]
            if t.core not in _AR_NOT_NAME_START:
                prev = toks[k - 1]
                gap = text[prev.end:t.start]
                inner_ok[k] = bool(_AR_NAME_GAP.match(gap)
                                   or (prev.core in _AR_DESCRIPTORS and _AR_DESC_GAP.match(gap)))
        i = 0
        while i < n:
            tk = toks[i]
            if tk.core in _AR_NOT_NAME_START or tk.norm[:1].isdigit():
                if tk.core != "و":
                    listing = _SLOT_NONE
                i += 1
                continue
            slot = self._ar_slot(text, toks, i)
            if listing and i:
                if tk.clitic.startswith("و") or toks[i - 1].core == "و":
                    slot = max(slot, listing)
                elif _AR_LIST_GAP.match(text[toks[i - 1].end:tk.start]):
                    slot = max(slot, _SLOT_STRONG)    # after a comma: known places only
            core = tk.core
            hit = None
            # the longest n-gram from i: only name gaps before, and no name-breaking word in,
            # tokens i+1 .. last-1
            last, jmax = i + 1, min(n, i + 4)
            while last < jmax and inner_ok[last]:
                last += 1
            for j in range(last, i, -1):
                if j - i > 1 and toks[j - 1].core in _AR_TRAILING_DIRECTIONS:
                    continue  # "سرمين شرقي" + "إدلب": the direction belongs to what follows
                if j - i == 1 and (_ar_bare(core) in _AR_COMMON_BARE and slot < _SLOT_STRONG
                                   or len(core) < 4 and slot < _SLOT_WEAK):
                    continue
                for a in (tk.start, *(tk.start + p for p in tk.peels)):
                    surf = text[a:toks[j - 1].end]
                    ents = lookup(surf, "ar")
                    if not ents and slot >= _SLOT_WEAK and not all(t.core in _AR_CUE_WORDS for t in toks[i:j]):
                        ents = lookup(surf, "ar", skeleton=True)
                    if ents:
                        if a == tk.start and tk.clitic.startswith("و") and lookup(text[a + len(tk.clitic):toks[j - 1].end], "ar",
                                                                                 skeleton=slot >= _SLOT_WEAK):
                            a += len(tk.clitic)     # "وأبو راسين" -> "أبو راسين"
                        hit = (a, toks[j - 1].end, j)
                        break
                if hit:
                    break
            if hit and _inside_quoted_name(text, s, e, hit[0], hit[1], out[-1].end if out else -1):
                hit = None     # "مقتل "صابر سنجار الفهد"": a word of a person's (or group's) name
                i += 1
                continue
            if hit:
                a, b, j = hit
                cue = self._cue_ar(text, s, toks, i, a)
                if not cue and a == tk.start:   # the n-gram begins with its cue: "غربي مدينة X", "ريف X"
                    cue = _AR_NEAR_WORDS.get(core) or ("direction" if core in _AR_DIR_WORDS else
                                                       "region" if core in _AR_AREA_DESC else "")
                if not cue and self.gaz.is_admin1(text[a:b]) and not (i and toks[i - 1].core in _AR_SETTLE_DESC):
                    cue = "region"     # a bare "إدلب" is the governorate unless "مدينة إدلب"
                out.append(PlaceCandidate(a, b, text[a:b], cue))
                listing = max(_SLOT_STRONG, slot if slot == _SLOT_NAMED else _SLOT_NONE)
                i = j
                continue
            bare = _ar_bare(core)
            # "بقصف على معرزاف جنوبي إدلب", "في الكفير بريف جسر الشغور": after a weak cue, a word the
            # gazetteer does not know followed by a direction or countryside word and a known place
            # is a place name too
            located_after = slot == _SLOT_WEAK and i + 2 < n and len(bare) >= 3 \
                and bare not in _AR_COMMON_BARE and not _ARABIC_WORD_IS_VERBISH.match(tk.norm) \
                and not tk.norm.endswith(("هم", "هن", "كم", "نا")) \
                and _AR_NAME_GAP.match(text[tk.end:toks[i + 1].start]) \
                and (toks[i + 1].core in _AR_DIR_WORDS or toks[i + 1].core == "ريف") \
                and any(lookup(text[toks[i + 2].start:toks[k].end], "ar") for k in range(i + 2, min(n, i + 4)))
            if (slot >= _SLOT_NAMED or located_after) and core not in _AR_CUE_WORDS and bare not in _AR_NOT_NAME \
                    and len(bare) >= 2 and not tk.norm.startswith("لل") and not self.gaz.is_stop(tk.core):
                j = i + 1
                if bare in _AR_HEADS and j < n and self._ar_joinable(text, toks, i, j + 1) \
                        and toks[j].core not in _AR_CUE_WORDS and toks[j].core not in _AR_NOT_NAME_START:
                    j += 1
                a = tk.start + (1 if listing and tk.clitic.startswith("و") else 0)
                b = toks[j - 1].end
                out.append(PlaceCandidate(a, b, text[a:b], self._cue_ar(text, s, toks, i, a), known=False))
                listing = _SLOT_NAMED
                i = j
                continue
            if core in _AR_PLURAL_DESC:
                listing = _SLOT_NAMED
            elif core not in _AR_CUE_WORDS:
                listing = _SLOT_NONE
            i += 1
        return out

    @staticmethod
    def _ar_joinable(text: str, toks: list, i: int, j: int) -> bool:
        """Tokens i..j-1 form one name: only spaces or hyphens between them (a descriptor may be
        followed by a hashtag or quote: "بلدة #كنصفرة")."""
        for k in range(i + 1, j):
            gap = text[toks[k - 1].end:toks[k].start]
            if not (_AR_NAME_GAP.match(gap) or (toks[k - 1].core in _AR_DESCRIPTORS and _AR_DESC_GAP.match(gap))):
                return False
        return True

    @staticmethod
    def _ar_slot(text: str, toks: list, i: int) -> int:
        """How strongly the words before token i announce a place."""
        tk = toks[i]
        if tk.core in _AR_DESCRIPTORS or tk.core in _AR_NEAR_WORDS or tk.core in _AR_DIR_WORDS:
            return _SLOT_STRONG        # the n-gram starts with its own descriptor
        if i == 0:
            return _SLOT_WEAK if text[max(0, tk.start - 1):tk.start] == "#" else _SLOT_NONE
        prev = toks[i - 1]
        gap = text[prev.end:tk.start]
        if _AR_PAIR_GAP.match(gap):
            return _SLOT_WEAK      # the second place of a pair: "طريق أريحا-المسطومة", "باب الهوى- سرمدا"
        if not _AR_DESC_GAP.match(gap):
            return _SLOT_NONE
        if prev.core in _AR_SETTLE_DESC:
            return _SLOT_NAMED
        if prev.core in _AR_NEAR_WORDS or prev.core in _AR_DIR_WORDS or prev.core in _AR_AREA_DESC:
            return _SLOT_STRONG
        if prev.core == "من" and i >= 2 and toks[i - 2].core in ("القرب", "مقربه"):
            return _SLOT_STRONG
        if prev.core in _AR_WEAK_CUES or prev.norm in _AR_WEAK_CUES or "#" in gap:
            return _SLOT_WEAK
        return _SLOT_NONE

    @staticmethod
    def _cue_ar(text: str, s: int, toks: list, i: int, a: int) -> str:
        before = textutil.normalize_ar(text[max(s, a - 70):a])
        before = before[max(before.rfind("،"), before.rfind(","), before.rfind("."), before.rfind(":")) + 1:]
        if _AR_CLAIMANT_RE.search(before):
            return "claimant"
        if _AR_ORIGIN_RE.search(before):
            return "origin"
        tk = toks[i]
        k = i if a > tk.start else i - 1      # the token just before the name
        seen_desc = False
        while k >= 0 and k >= i - 3:
            c = toks[k].core
            if c in _AR_NEAR_WORDS:
                return _AR_NEAR_WORDS[c]
            if c == "من" and k and toks[k - 1].core in ("القرب", "مقربه"):
                return "near"
            if c in _AR_DIR_WORDS:
                return "direction"
            if c in _AR_AREA_DESC:
                return "region"
            if c in _AR_SETTLE_DESC and not seen_desc:
                seen_desc = True
                k -= 1
                continue
            break
        return ""


_OPEN_QUOTES = "\"“«("
_CLOSE_QUOTES = "\"”»)"


def _inside_quoted_name(text: str, s: int, e: int, a: int, b: int, prev_end: int) -> bool:
    """The candidate text[a:b] stands inside quotes after another word of the quoted name, and the
    quotes close after it: "صابر سنجار الفهد" (a person), not "قرية “بينين”" (a quoted village) nor
    a quoted list of places ("كنصفرة وسرجة"; ``prev_end``: the end of the place found before)."""
    lo = max(s, a - 30)
    before = text[lo:a]
    q = max(before.rfind(c) for c in _OPEN_QUOTES)
    if q < 0 or any(c in before[q + 1:] for c in _CLOSE_QUOTES if c != "\"") or prev_end > lo + q:
        return False
    inner = before[q + 1:].split()
    if not inner or _ar_norm(inner[0]) in _AR_CUE_WORDS or not _ARABIC_WORD.match(inner[0]):
        return False
    after = text[b:min(e, b + 30)]
    return any(c in after for c in _CLOSE_QUOTES)


_ARABIC_WORD = re.compile(r"[\u0621-\u064a]")
# an Arabic word with its harakat, shadda and tatweel inside ("بنّش", "إدلبَ" are one token each)
# (a hyphen separates two Arabic words: "أريحا-المسطومة" is a pair of places)
_AR_TOKEN = re.compile(r"(?:[^\W_]|[\u064b-\u065f\u0670\u0640])+(?:['’ʿ`](?:[^\W_]|[\u064b-\u065f\u0670\u0640])+)*")
# imperfect verbs (يقصف، تستهدف) and verbal nouns with the ت/است prefix are not names
_ARABIC_WORD_IS_VERBISH = re.compile(r"^(?:ي|ت|است|ان)[\u0621-\u064a]{2,}")


def _ar_norm(w: str) -> str:
    return textutil.normalize_ar(w).replace("ة", "ه")


def _ar_bare(w: str) -> str:
    """Without the article: "الباب" -> "باب"."""
    return w[2:] if w.startswith("ال") and len(w) > 3 else w


_SLOT_NONE, _SLOT_WEAK, _SLOT_STRONG, _SLOT_NAMED = 0, 1, 2, 3


def _words(raw: str) -> frozenset[str]:
    return frozenset(_ar_norm(w) for w in raw.split())


# indefinite settlement words: "قرية X" names X
_AR_SETTLE_DESC = _words("قرية بلدة مدينة قرى بلدات مدن مخيم مخيمات حي أحياء ناحية قريتي بلدتي قريتا بلدتا "
                         "مدينتي بلدتَي ومدينة")
_AR_PLURAL_DESC = _words("قرى بلدات مدن مخيمات أحياء قريتي بلدتي قريتا بلدتا مدينتي")
_AR_AREA_DESC = _words("ريف أرياف محافظة منطقة مناطق سهل بادية")
_AR_NEAR_WORDS = {_ar_norm(k): v for k, v in {
    "قرب": "near", "محيط": "outskirts", "أطراف": "outskirts", "ضواحي": "outskirts", "جوار": "near",
    "مشارف": "outskirts", "تخوم": "outskirts", "مداخل": "outskirts", "محور": "near", "جبهة": "near",
    "جبهات": "near", "قربة": "near"}.items()}
_AR_DIR_WORDS = _words("شمال جنوب شرق غرب شمالي جنوبي شرقي غربي")
_AR_DESCRIPTORS = _AR_SETTLE_DESC | _AR_AREA_DESC | frozenset(_AR_NEAR_WORDS) | _AR_DIR_WORDS
_AR_WEAK_CUES = _words("في على من إلى الى نحو باتجاه داخل بين عند تجاه استهدف استهدفت يستهدف تستهدف استهداف قصف "
                       "قصفت يقصف تقصف طال طالت ضرب ضربت شهدت شهد يشهد اقتحم اقتحمت دخل دخلت سيطر سيطرت حول "
                       "لمدينة لبلدة لقرية")
_AR_CUE_WORDS = _AR_DESCRIPTORS | _AR_WEAK_CUES | _words("القرب مقربة الواقعة التابعة")
# tokens that are never inside or at the head of a place name
_AR_NOT_NAME_START = _words("في على من إلى الى عن مع بين و أو ثم حيث التي الذي الذين كما بعد قبل خلال منذ حتى "
                            "ضد عبر لدى إثر اثر جراء وسط أن إن انه أنه قد لم لن ما لا هذا هذه ذلك تلك اليوم أمس "
                            "مساء صباح ليل ليلة فجر ظهر عند عدة عدد")
_AR_NAME_GAP = re.compile(r"^[ \t\u00a0\-]{1,3}$")
_AR_PAIR_GAP = re.compile(r"^\s*[-–—]\s*$")
_AR_DESC_GAP = re.compile(r"^[ \t\u00a0#\"“”«»'‘’\-]{1,4}$")
_AR_LIST_GAP = re.compile(r"^\s*[،,]\s*(?:و\s*)?$|^\s+و\s*$")
# first words of two-word names ("أبو راسين", "تل رفعت", "كفر نبل", "الشيخ ناصر")
_AR_HEADS = frozenset(_ar_bare(w) for w in _words(
    "أبو ابو أم ام تل تلة كفر دير عين جبل خربة بيت رأس راس معرة معرة جسر خان الشيخ شيخ بئر بير مزرعة وادي "
    "قلعة باب بني عرب سيدي حوش تل تلول قصر نهر سد"))
# common Arabic words that are also place names somewhere: a place only after a strong cue
# ("قرية الزيارة", "مدينة الباب") or as a hashtag
_AR_COMMON_BARE = frozenset(_ar_bare(w) for w in _words("""
جديدة الجديدة الثورة النصر السلام الحرية الأمل المزرعة مزرعة الصناعة السوق الجامع المحطة الكرامة العودة
الشهداء الوحدة الجبل الخير الحرش الكبير الصغير الحمرا الحمراء البيضاء الزيارة المنطقة الشرقية الغربية الشمالية
الجنوبية الوسطى العاصمة القلعة المدينة الباب الشيخ الطريق النهر البحر الساحل المركز الشعب الدولة العرب المعارضة
الجمعة السبت الأحد الخميس الاثنين الثلاثاء الأربعاء آذار نيسان أيار حزيران تموز آب أيلول تشرين كانون شباط
الأسد الحياة الفرقان الرحمة التوحيد الإيمان الهدى الفتح النور البركة الرابطة الحماية التضامن القصور الميدان
المشفى المستشفى المدرسة المخيم الحدود المعبر الأمن الحرس الدفاع القدس الجزيرة الفرات المنصورة المالكية
الحاضر الكرم الصالحية النهضة العروبة البعث الشام حلف سد الملعب الساعة المطار السجن المحكمة القاعدة
جنوب شمال شرق غرب الحرب سلام
"""))
# after "قرية"/"بلدة": words that are not names (adjectives, anaphora)
_AR_NOT_NAME = frozenset(_ar_bare(w) for w in _words("""
صغيرة كبيرة حدودية سورية مجاورة قريبة أخرى اخرى واحدة ساحلية جديدة محاصرة مدمرة خالية أثرية نائية تابعة
واقعة مهجورة آمنة امنة منكوبة مسيحية كردية عربية تركمانية علوية درزية سنية شيعية خاضعة يسيطر تسيطر
تقع الواقعة التابعة المجاورة القريبة المذكورة نفسها ذاتها عدة بأكملها كاملة
سوريا سورية تركيا لبنان العراق الأردن روسيا إيران ايران إسرائيل اسرائيل البلاد لبنانية سكنية
قسد داعش النصرة النازحين اللاجئين المهجرين الأرامل الأيتام المناطق المنطقة طريق العلاقات إجراءات محيطها أطرافها
الأولى الثانية الثالثة الرابعة الأخيرة الشمال الجنوب الشرق الغرب ريفي محافظات مدارس منازل المملكة
مواقع موقع نقاط نقطة مقرات مقر منزل أراضي اراضي أرض مزارع حواجز حاجز تجمعات تجمع معسكر معسكرات مطار
قاعدة قواعد ثكنة محاور خطوط جبال تلال أحياء سوق مدرسة مشفى مستشفى مدجنة دشم مستودع مستودعات سيارة
المدنيين المدنيون الأهالي السكان المنطقة القرية البلدة المدينة عملية عمليات أجواء سماء
"""))
_AR_ORIGIN_RE = re.compile(r"(?:^|\s)(?:مصدره|مصدرها|انطلاقا من|انطلاقاً من|من مواقع\w*|من مناطق سيطر\w*|"
                           r"من قواعد\w*|من نقاط\w*|من تمركزات?\w*|من قاعد\w*|"
                           # where a victim comes from is not where the event was: "سيدة نازحة من ريف
                           # حلب", "مهجر من", "ينحدر من", "من أبناء"
                           r"نازح\w*\s+من|مهجر\w*\s+من|(?:ي|ت|الم)نحدر\w*\s+من|من\s+ابناء)(?:\s+\S+){0,5}\s*$|"
                           # where the shooter is stationed: "قوات النظام المتمركزة في مدينة سراقب" (up to the
                           # verb or preposition of the target: "المتمركزة في معسكر جورين بقصف بلدة ...")
                           r"(?:^|\s)(?:ال)?متمركز\w*\s+(?:في|ب$|ب(?:ال)?(?:مدين|بلد|قري|معسكر|محيط|فوج|نقط|حرش|مطار|ريف|حي|مركز|لواء)\w*)"
                           r"(?:\s+(?:(?:ال)?(?:مدين|بلد|قري|معسكر|محيط|فوج|نقط|حرش|مطار|ريف|حي|مركز|لواء|كتيب|ثكن)\w*|\d+|في))"
                           r"{0,3}\s*$")
_AR_CLAIMANT_RE = re.compile(r"(?:^|\s)(?:مصادر|مصدر|مراسل\w*|ناشط\w*|ناشطون|صحفي\w*|وكاله|مكتب|المرصد)"
                             r"(?:\s+\S+){0,2}\s+(?:في|من)\s*$")


class _ArTok:
    """One Arabic token: offsets, the folded form, and the proclitic chains (و ب ل ف ك) that may be
    peeled off it; ``core`` is the token without the chain that leaves a cue word, else without the
    longest chain."""

    __slots__ = ("clitic", "core", "end", "norm", "peels", "start")

    def __init__(self, start: int, end: int, raw: str) -> None:
        self.start, self.end = start, end
        self.norm, self.clitic, self.core, self.peels = _ar_tok_parts(raw)


@lru_cache(maxsize=50_000)
def _ar_tok_parts(raw: str) -> tuple[str, str, str, tuple[int, ...]]:
    """(norm, clitic, core, peels) of one Arabic token (see :class:`_ArTok`); cached, tokens repeat."""
    norm = _ar_norm(raw)
    if norm in _AR_CUE_WORDS or norm in _AR_NOT_NAME_START or _ar_bare(norm) in _AR_NOT_NAME \
            or _ar_bare(norm) in _AR_COMMON_BARE:
        return norm, "", norm, ()
    peels = []
    for p in _AR_PROCLITICS:
        rest = norm[len(p):]
        if norm.startswith(p) and raw.startswith(p) and len(rest) >= (4 if rest.startswith("ال") else 3):
            if rest in _AR_CUE_WORDS:
                return norm, p, rest, (len(p),)
            peels.append(len(p))
    if peels:
        return norm, raw[:peels[0]], norm[peels[0]:], tuple(peels)
    return norm, "", norm, ()


# proclitic chains peeled off a token, longest first (the article ال stays with the name)
_AR_PROCLITICS = ("وب", "ول", "فب", "وك", "و", "ب", "ل", "ف", "ك")
