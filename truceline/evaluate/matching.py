"""Comparing one predicted event with one gold event, and pairing them up.

Definitions (docs/evaluation.md):

- distance: great-circle (haversine) distance in km on a sphere of radius 6371.0088 km; a point
  (0, 0) or out of range is no point;
- place name: equal when a variant of the gold name and of the predicted name have the same
  key (:func:`name_key`: case, diacritics, articles, descriptors like "town"/"مدينة" folded; the
  loose key also folds vowel spellings);
- side: the coarse side of an actor string, from actors.yaml sides (:class:`SideMap`);
- one gold event per document: the predicted event nearest to the gold point is *the* match, else
  the first whose name equals the gold name, else the first event (:func:`pick_event`);
- several gold events per document: pairs are compatible when the place is within ``km`` (15) or the
  names are equal (loose key), the dates are at most one day apart and the event types agree (a missing value
  does not forbid); compatible pairs are taken greedily, best first (same sub-type +2, same day +1,
  minus distance/100, a missing distance counting as ``km``) (:func:`greedy_match`).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as ilr
from typing import Any, Iterable, Mapping, Sequence

import yaml

from ..gazetteer.keys import fold_text, loose_key, place_key
from ..model import ACLED_SUB_TO_TYPE

EARTH_RADIUS_KM = 6371.0088
NONE_SIDE = "NONE"
PRO_GOV = frozenset({"SYRIA_GOV", "RUSSIA", "IRAN_AXIS"})


# ------------------------------------------------------------------------------------- values
def number(x: Any) -> float | None:
    """A float from a cell ("1,234", " 3 ", 3.0); None for empty, NaN or text."""
    if x is None or isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        return None if isinstance(x, float) and math.isnan(x) else float(x)
    s = str(x).strip().replace(",", "")
    if not s:
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return None if math.isnan(v) else v


def integer(x: Any) -> int | None:
    v = number(x)
    return None if v is None else int(round(v))


def point(lat: Any, lon: Any) -> tuple[float, float] | None:
    a, b = number(lat), number(lon)
    if a is None or b is None or not (-90 <= a <= 90 and -180 <= b <= 180) or (a == 0 and b == 0):
        return None
    return a, b


def haversine_km(p: tuple[float, float], q: tuple[float, float]) -> float:
    la1, la2 = math.radians(p[0]), math.radians(q[0])
    dla, dlo = la2 - la1, math.radians(q[1] - p[1])
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


_MON = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                    "dec"), 1)}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"^(\d{1,2})[-\s]([A-Za-z]{3,9})[-\s,]*(\d{2,4})$")   # ACLED "9-May-20", "09 May 2020"


def day(x: Any) -> dt.date | None:
    """A date from ISO ``YYYY-MM-DD...`` or ACLED ``D-Mon-YY`` / ``D Month YYYY``; None otherwise."""
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    s = str(x or "").strip()
    try:
        if m := _ISO.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _DMY.match(s)) and m[2][:3].lower() in _MON:
            y = int(m[3])
            return dt.date(y + 2000 if y < 100 else y, _MON[m[2][:3].lower()], int(m[1]))
    except ValueError:
        return None
    return None


# -------------------------------------------------------------------------------- sub-types
def _tkey(s: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(s or "").lower())


_SUB_KEYS = {_tkey(s): s for s in ACLED_SUB_TO_TYPE}
_TYPE_KEYS = {_tkey(t): t for t in ACLED_SUB_TO_TYPE.values()}


def sub_type(s: Any) -> str | None:
    """The ACLED sub-event type a cell names (case and punctuation folded), or None."""
    return _SUB_KEYS.get(_tkey(s))


def event_type(t: Any, sub: Any = None) -> str | None:
    """The ACLED event type a cell names, else the type of ``sub``; a name outside ACLED is kept."""
    if str(t or "").strip():
        return _TYPE_KEYS.get(_tkey(t), str(t).strip())
    s = sub_type(sub)
    return ACLED_SUB_TO_TYPE.get(s) if s else None


# ----------------------------------------------------------------------------------- places
_ALT = re.compile(r"\(([^)]*)\)")


def place_variants(name: Any) -> list[str]:
    """The names a place cell holds: "Aaliyah (Qurujah) village" -> itself, outside, inside;
    "A/B" -> A, B; "A, District" -> A."""
    s = str(name or "").strip()
    if not s:
        return []
    out = [s, _ALT.sub(" ", s).strip(), *_ALT.findall(s)]
    for v in list(out):
        if "/" in v:
            out += v.split("/")
        if "," in v:
            out.append(v.split(",")[0])
    return list(dict.fromkeys(" ".join(v.split()) for v in out if v.strip()))


@lru_cache(maxsize=1)
def _descriptors() -> re.Pattern[str]:
    words = _eval_data().get("place_descriptors") or []
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(re.escape(w) for w in words), re.I)


@lru_cache(maxsize=65536)
def name_key(name: str, loose: bool = False) -> str:
    """The key two place names share when they are the same name: the name without
    evaluation.yaml's descriptors, through :func:`place_key` (exact: case, diacritics, articles,
    descriptors like "town"/"مدينة" folded) or :func:`loose_key` (also vowel spellings: "Qouqfin" =
    "Quqfin"), spaces dropped ("Maarrat Misrin" = "Ma'arratmisrin")."""
    bare = " ".join(_descriptors().sub(" ", name).split())
    key = loose_key if loose else place_key
    return (key(bare) or key(name)).replace(" ", "")


def name_keys(names: Iterable[str], loose: bool = False) -> frozenset[str]:
    return frozenset(k for n in names for v in place_variants(n) if (k := name_key(v, loose)))


# ------------------------------------------------------------------------------------ sides
def _rx(words: Iterable[str], flags: int) -> re.Pattern[str] | None:
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    if not ws:
        return None
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(re.escape(w) for w in ws), flags)


@lru_cache(maxsize=1)
def _eval_data() -> dict[str, Any]:
    return yaml.safe_load((ilr.files("truceline.resources") / "evaluation.yaml").read_text(encoding="utf-8"))


class SideMap:
    """Actor string -> coarse side, from the sides of actors.yaml (plus evaluation.yaml's coder names).

    ``side(s)``: an exact actors.yaml name takes its side; else the leftmost alias or coder name found
    in the string (longest at one position); else "Military Forces of X" / "Government of X" take the
    side of country X; else OTHER.  An empty string is NONE."""

    def __init__(self, resources: Any = None) -> None:
        from ..resources import SIDES, load_resources

        res = resources or load_resources()
        data = _eval_data()
        self.names = {fold_text(a.name): a.side for a in res.actors.values()}
        phrases: dict[str, str] = {}
        exact: dict[str, str] = {}
        for a in res.actors.values():
            for al in (a.name, *a.aliases_en, *a.aliases_ar):
                if al in a.case_sensitive:
                    exact.setdefault(al, a.side)
                else:
                    phrases.setdefault(fold_text(al), a.side)
        for side, words in (data.get("gold_actor_sides") or {}).items():
            if side not in SIDES:
                raise ValueError(f"evaluation.yaml: unknown side {side!r}")
            for w in words:
                phrases.setdefault(fold_text(w), side)
        self._phrases, self._exact = phrases, exact
        self._rx_fold = _rx(phrases, re.I)
        self._rx_exact = _rx(exact, 0)
        self.countries = {fold_text(k): v for k, v in (data.get("countries") or {}).items()}
        self.belligerents = {fold_text(k): v for k, v in (data.get("belligerents") or {}).items()}
        self._cache: dict[str, str] = {}

    def side(self, actor: Any) -> str:
        s = str(actor or "").strip()
        if not s:
            return NONE_SIDE
        got = self._cache.get(s)
        if got is None:
            got = self._cache[s] = self._side(s)
        return got

    def _side(self, s: str) -> str:
        f = fold_text(s)
        if f in self.names:
            return self.names[f]
        hits = []
        if self._rx_fold and (m := self._rx_fold.search(f)):
            w = m.group(0)
            hits.append((m.start(), -len(w), self._phrases.get(w) or self._phrases.get(fold_text(w), "OTHER")))
        if self._rx_exact and (m := self._rx_exact.search(s)):
            hits.append((len(fold_text(s[:m.start()])), -len(m.group(0)), self._exact[m.group(0)]))
        if hits:
            return min(hits)[2]
        m = re.match(r"(?:military forces|police forces|government) of (.+?)[\d\s]*$", f)
        if m:
            return self.countries.get(m.group(1).strip(), "OTHER")
        return "OTHER"

    def pair(self, a1: Any, a2: Any, collapse_progov: bool = False) -> tuple[str, str]:
        """The sorted side pair; ``collapse_progov`` counts Syria, Russia and Iran as one side."""
        s = [self.side(a1), self.side(a2)]
        if collapse_progov:
            s = ["PRO_GOV" if x in PRO_GOV else x for x in s]
        return tuple(sorted(s))  # type: ignore[return-value]

    def belligerent(self, name: str) -> str:
        return self.belligerents.get(fold_text(name)) or self.side(name)


# -------------------------------------------------------------------------------- matching
@dataclass(frozen=True, slots=True)
class View:
    """What matching needs of one event (gold or predicted)."""

    xy: tuple[float, float] | None
    keys: frozenset[str]
    date: dt.date | None
    etype: str | None
    sub: str | None


def view(e: Mapping[str, Any]) -> View:
    return View(point(e.get("latitude"), e.get("longitude")), name_keys([e.get("location") or ""], loose=True),
                day(e.get("event_date")), event_type(e.get("event_type"), e.get("sub_event_type")),
                sub_type(e.get("sub_event_type")))


def compatible(g: View, p: View, km: float = 15.0) -> tuple[bool, float | None]:
    """Whether a gold and a predicted event may be one event; and their distance (None: unknown)."""
    d = haversine_km(g.xy, p.xy) if g.xy and p.xy else None
    if (g.xy or g.keys) and not ((d is not None and d <= km) or (g.keys & p.keys)):
        return False, d
    if g.date and p.date and abs((g.date - p.date).days) > 1:
        return False, d
    if g.etype and p.etype and g.etype != p.etype:
        return False, d
    return True, d


def greedy_match(gold: Sequence[View], pred: Sequence[View], km: float = 15.0) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) of one document, best-scored compatible pairs first."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ok, d = compatible(g, p, km)
            if ok:
                score = (2.0 if g.sub and g.sub == p.sub else 0.0) + (1.0 if g.date and g.date == p.date else 0.0) \
                    - (km if d is None else d) / 100.0
                cands.append((-score, gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def name_hit(e: Mapping[str, Any], keys: frozenset[str], loose: bool = False) -> bool:
    return bool(keys) and bool(name_keys([e.get("location") or ""], loose) & keys)


def pick_event(gxy: tuple[float, float] | None, keys: frozenset[str],
               events: Sequence[Mapping[str, Any]]) -> tuple[Mapping[str, Any] | None, float | None]:
    """The predicted event matched to a document's single gold event, and its distance in km:
    the nearest to the gold point; else the first with the gold's name; else the first."""
    if not events:
        return None, None
    best, bd = None, None
    if gxy:
        for e in events:
            xy = point(e.get("latitude"), e.get("longitude"))
            if xy:
                d = haversine_km(gxy, xy)
                if bd is None or d < bd:
                    best, bd = e, d
    if best is not None:
        return best, bd
    for e in events:
        if name_hit(e, keys):
            return e, None
    return events[0], None
