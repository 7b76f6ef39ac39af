"""Ceasefire agreements as data: load, validate and look up ``resources/agreements/*.yaml``.

One file per agreement (``version: 1``, ``id``, ``name``, ``aliases``, dates, ``area``, ``terms``,
``sources``), plus term catalogues (files with ``term_definitions``: what each machine-readable
term forbids, as ACLED event types or sub-types).  The packaged folder is read first, then the
user's files or folders in order (``--agreements``, setting ``agreements``); an agreement or term
whose id exists replaces it, a new id adds one.

Validation is strict and reports every problem of one load at once in a
:class:`truceline.errors.ResourceError`, each naming file and field::

    agreements/moscow.yaml: E313 agreement "moscow_protocol_2020": field "area[1].half_width_km": expected a number > 0, got "six"

Nothing here imports shapely: geometry is built lazily by :mod:`truceline.ceasefire.geometry`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources as _ilr
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from .. import textutil
from ..errors import ResourceError
from ..model import ACLED_SUB_TO_TYPE, EVENT_TYPES

__all__ = ["Agreement", "AreaPart", "Waypoint", "TermDef", "AgreementTerm", "Source", "Agreements",
           "load_agreements", "load_agreements_from_texts", "agreement_terms", "clear_cache", "AREA_KINDS"]

AREA_KINDS = ("polygon", "corridor", "band", "admin", "ref")
SIDES_OF_BAND = ("left", "right", "both")
_ID_RE = re.compile(r"^[a-z0-9_]+$")
# sides an agreement can bind (resources.SIDES; imported lazily to keep this module light)


@dataclass(frozen=True, slots=True, kw_only=True)
class Waypoint:
    lon: float
    lat: float
    name: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaPart:
    """One component of an agreement's area; the area is the union of its parts."""

    kind: str                               # polygon | corridor | band | admin | ref
    name: str
    points: tuple[Waypoint, ...] = ()       # polygon: outline (``points`` + ``closing``); corridor/band: the line
    buffer_km: float = 0.0                  # polygon: margin around it (km, projected locally)
    half_width_km: float = 0.0              # corridor: km each side of the line
    width_km: float = 0.0                   # band: depth of the band from the line
    side: str = "both"                      # band: left | right | both (of the line as listed)
    admin1: tuple[str, ...] = ()            # admin: whole admin areas (ACLED spelling)
    admin2: tuple[str, ...] = ()
    agreement: str = ""                     # ref: the agreement whose area this part reuses
    effective: dt.date | None = None        # a part may take effect later than the agreement (the DMZ)
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TermDef:
    id: str
    forbids: tuple[str, ...]                # ACLED event types and/or sub-event types
    description: str = ""
    source: str = ""                        # file it was defined in

    def forbidden_subtypes(self) -> frozenset[str]:
        out = set()
        for f in self.forbids:
            if f in EVENT_TYPES:
                out.update(s for s, t in ACLED_SUB_TO_TYPE.items() if t == f)
            else:
                out.add(f)
        return frozenset(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementTerm:
    """A term of one agreement, optionally limited to some parts of its area (``within``)."""

    id: str
    within: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    title: str
    publisher: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement:
    id: str
    name: str
    short: str = ""
    aliases_en: tuple[str, ...] = ()
    aliases_ar: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    guarantors: tuple[str, ...] = ()
    bound_sides: tuple[str, ...] = ()       # sides (resources.SIDES) whose attacks break it; () = every side
    unilateral: bool = False
    signed: dt.date
    effective: dt.date
    effective_time: str = ""
    ended: dt.date | None = None            # end or collapse (inclusive: the last day it applied)
    ended_note: str = ""
    area: tuple[AreaPart, ...] = ()
    terms: tuple[AgreementTerm, ...] = ()
    sources: tuple[Source, ...] = ()
    notes: str = ""
    version: int = 1
    file: str = ""

    @property
    def label(self) -> str:
        return self.short or self.name

    def in_force(self, day: dt.date) -> bool:
        return self.effective <= day and (self.ended is None or day <= self.ended)

    def period(self) -> str:
        return f"{self.effective.isoformat()} .. {self.ended.isoformat() if self.ended else 'open'}"


@dataclass(frozen=True, slots=True, eq=False)
class Agreements:
    """One load: agreements by id, term definitions by id.  Compared by identity."""

    by_id: dict[str, Agreement]
    term_defs: dict[str, TermDef]
    files: tuple[str, ...] = ()
    version: str = ""
    _names: dict[str, str] = field(default_factory=dict)
    _forbidden: dict[str, list] = field(default_factory=dict)

    def __iter__(self):
        return iter(self.by_id.values())

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, aid: str) -> Agreement | None:
        return self.by_id.get(aid)

    def find(self, name: str) -> Agreement | None:
        """An agreement by id, name, short name or alias (case- and diacritic-insensitive)."""
        if name in self.by_id:
            return self.by_id[name]
        if not self._names:
            for a in self.by_id.values():
                for n in (a.id, a.name, a.short, *a.aliases_en, *a.aliases_ar):
                    if n:
                        self._names.setdefault(textutil.fold_term(n), a.id)
        aid = self._names.get(textutil.fold_term(name))
        return self.by_id.get(aid) if aid else None

    def forbidden(self, a: Agreement) -> list[tuple[AgreementTerm, frozenset[str]]]:
        """Each term of ``a`` with the sub-event types it forbids."""
        got = self._forbidden.get(a.id)
        if got is None:
            got = self._forbidden[a.id] = [(t, self.term_defs[t.id].forbidden_subtypes()) for t in a.terms]
        return got


# ----------------------------------------------------------------------------------------------
# validation
# ----------------------------------------------------------------------------------------------
_AGREEMENT_KEYS = {"version", "id", "name", "short", "aliases", "parties", "guarantors", "bound_sides",
                   "unilateral", "signed", "effective", "effective_time", "ended", "ended_note", "area",
                   "terms", "sources", "notes", "term_definitions"}
_REQUIRED = ("version", "id", "name", "signed", "effective", "area", "terms", "sources")
_PART_KEYS = {"kind", "name", "points", "closing", "line", "buffer_km", "half_width_km", "width_km", "side",
              "admin1", "admin2", "agreement", "effective", "note"}
_TERM_KEYS = {"id", "forbids", "description"}
_SOURCE_KEYS = {"title", "publisher", "url"}


class _Probs:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, fname: str, code: str, msg: str, aid: str | None = None, fld: str = "") -> None:
        who = f' agreement "{aid}":' if aid else ""
        where = f' field "{fld}":' if fld else ""
        self.items.append(f"{fname}: {code}{who}{where} {msg}")


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip())
        except ValueError:
            return None
    return None


def _strs(v: Any) -> tuple[str, ...] | None:
    if isinstance(v, str):
        return (v,)
    if isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v):
        return tuple(x.strip() for x in v)
    return None


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v)


def _waypoints(v: Any, fname: str, aid: str, fld: str, probs: _Probs) -> list[Waypoint] | None:
    if not isinstance(v, list):
        probs.add(fname, "E313", f"expected a list of points, got {type(v).__name__}", aid, fld)
        return None
    out = []
    for i, p in enumerate(v):
        f = f"{fld}[{i}]"
        if isinstance(p, dict):
            _unknown_keys(p, ("lon", "lat", "name", "note"), fname, aid, f, probs)
            lon, lat, name, note = _num(p.get("lon")), _num(p.get("lat")), str(p.get("name", "")), str(p.get("note", ""))
        elif isinstance(p, list) and len(p) in (2, 3):
            lon, lat = _num(p[0]), _num(p[1])
            name, note = (str(p[2]) if len(p) == 3 else ""), ""
        else:
            probs.add(fname, "E313", f"a point is {{lon, lat, name}} or [lon, lat(, name)], got {p!r}", aid, f)
            continue
        if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            probs.add(fname, "E313", f"bad coordinates lon={p.get('lon') if isinstance(p, dict) else p[0]!r} "
                                     f"lat={p.get('lat') if isinstance(p, dict) else p[1]!r}", aid, f)
            continue
        out.append(Waypoint(lon=lon, lat=lat, name=name, note=note))
    return out


def _unknown_keys(node: dict, known, fname: str, aid: str | None, fld: str | None, probs: _Probs) -> None:
    """E311 for the keys of ``node`` that are not in ``known``."""
    extra = set(node) - set(known)
    if extra:
        probs.add(fname, "E311", f"unknown key(s) {', '.join(sorted(map(str, extra)))} "
                                 f"(known: {', '.join(sorted(known))})", aid, fld or "")


def _parse_part(node: Any, i: int, fname: str, aid: str, probs: _Probs) -> AreaPart | None:
    fld = f"area[{i}]"
    if not isinstance(node, dict):
        probs.add(fname, "E313", f"expected a mapping, got {type(node).__name__}", aid, fld)
        return None
    _unknown_keys(node, _PART_KEYS, fname, aid, fld, probs)
    kind = node.get("kind")
    if kind not in AREA_KINDS:
        probs.add(fname, "E313", f"expected one of {', '.join(AREA_KINDS)}; got {kind!r}", aid, fld + ".kind")
        return None
    name = node.get("name")
    if not isinstance(name, str) or not _ID_RE.match(name):
        probs.add(fname, "E313", f"expected a lower_case id, got {name!r}", aid, fld + ".name")
        return None
    kw: dict[str, Any] = {"kind": kind, "name": name, "note": str(node.get("note", "") or "")}
    if "effective" in node:
        d = _date(node["effective"])
        if d is None:
            probs.add(fname, "E313", f"expected a date YYYY-MM-DD, got {node['effective']!r}", aid, fld + ".effective")
        kw["effective"] = d

    def need(key: str, positive: bool = True) -> float | None:
        if key not in node:
            probs.add(fname, "E312", f"missing (required for kind {kind})", aid, f"{fld}.{key}")
            return None
        v = _num(node[key])
        if v is None or (positive and v <= 0) or v < 0:
            probs.add(fname, "E313", f"expected a number {'> 0' if positive else '>= 0'}, got {node[key]!r}",
                      aid, f"{fld}.{key}")
            return None
        return v

    if kind == "polygon":
        pts = _waypoints(node.get("points"), fname, aid, fld + ".points", probs) if "points" in node else None
        if pts is None and "points" not in node:
            probs.add(fname, "E312", "missing (required for kind polygon)", aid, fld + ".points")
        if "closing" in node:
            more = _waypoints(node["closing"], fname, aid, fld + ".closing", probs)
            pts = (pts or []) + (more or [])
        if pts is not None and len(pts) < 3:
            probs.add(fname, "E313", f"a polygon needs at least 3 points, got {len(pts)}", aid, fld + ".points")
        kw["points"] = tuple(pts or ())
        if "buffer_km" in node:
            kw["buffer_km"] = need("buffer_km", positive=False) or 0.0
    elif kind in ("corridor", "band"):
        if "line" not in node:
            probs.add(fname, "E312", f"missing (required for kind {kind})", aid, fld + ".line")
            pts = []
        else:
            pts = _waypoints(node["line"], fname, aid, fld + ".line", probs) or []
            if len(pts) < 2:
                probs.add(fname, "E313", f"a line needs at least 2 points, got {len(pts)}", aid, fld + ".line")
        kw["points"] = tuple(pts)
        if kind == "corridor":
            kw["half_width_km"] = need("half_width_km") or 0.0
        else:
            kw["width_km"] = need("width_km") or 0.0
            side = node.get("side", "both")
            if side not in SIDES_OF_BAND:
                probs.add(fname, "E313", f"expected one of {', '.join(SIDES_OF_BAND)}; got {side!r}", aid, fld + ".side")
            kw["side"] = side
    elif kind == "admin":
        for key in ("admin1", "admin2"):
            if key in node:
                v = _strs(node[key])
                if v is None:
                    probs.add(fname, "E313", "expected a list of admin area names", aid, f"{fld}.{key}")
                kw[key] = v or ()
        if not kw.get("admin1") and not kw.get("admin2"):
            probs.add(fname, "E312", "an admin part needs admin1 and/or admin2", aid, fld)
    elif kind == "ref":
        ref = node.get("agreement")
        if not isinstance(ref, str) or not ref:
            probs.add(fname, "E312", "missing (the id of the agreement whose area is reused)", aid, fld + ".agreement")
        kw["agreement"] = ref if isinstance(ref, str) else ""
    return AreaPart(**kw)


def _parse_termdef(node: Any, i: int, fname: str, probs: _Probs, aid: str | None = None) -> TermDef | None:
    fld = f"term_definitions[{i}]"
    if not isinstance(node, dict):
        probs.add(fname, "E313", f"expected a mapping, got {type(node).__name__}", aid, fld)
        return None
    _unknown_keys(node, _TERM_KEYS, fname, aid, fld, probs)
    tid = node.get("id")
    if not isinstance(tid, str) or not _ID_RE.match(tid):
        probs.add(fname, "E313", f"expected a lower_case id, got {tid!r}", aid, fld + ".id")
        return None
    forbids = node.get("forbids", None)
    v = () if forbids == [] else _strs(forbids)
    if v is None:
        probs.add(fname, "E313", "expected a list of ACLED event types or sub-event types", aid, fld + ".forbids")
        return None
    bad = [x for x in v if x not in ACLED_SUB_TO_TYPE and x not in EVENT_TYPES]
    if bad:
        probs.add(fname, "E313", f"not an ACLED event type or sub-event type: {', '.join(map(repr, bad))}",
                  aid, fld + ".forbids")
    return TermDef(id=tid, forbids=v, description=str(node.get("description", "") or ""), source=fname)


def _parse_file(text: str, fname: str, probs: _Probs) -> tuple[dict | None, list[TermDef]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        probs.add(fname, "E310", f"not valid YAML: {e}".replace("\n", " "))
        return None, []
    if not isinstance(data, dict):
        probs.add(fname, "E310", "expected a mapping at the top level")
        return None, []
    if data.get("version") != 1:
        probs.add(fname, "E313", f"expected version: 1, got {data.get('version')!r}", data.get("id"), "version")
    defs = []
    if "term_definitions" in data:
        if not isinstance(data["term_definitions"], list):
            probs.add(fname, "E313", "expected a list", data.get("id"), "term_definitions")
        else:
            for i, n in enumerate(data["term_definitions"]):
                t = _parse_termdef(n, i, fname, probs, data.get("id"))
                if t:
                    defs.append(t)
    if "id" not in data and set(data) <= {"version", "term_definitions"}:
        return None, defs   # a term catalogue
    return data, defs


def _parse_agreement(data: dict, fname: str, probs: _Probs) -> Agreement | None:
    from ..resources import SIDES

    aid = data.get("id")
    if not isinstance(aid, str) or not _ID_RE.match(aid):
        probs.add(fname, "E313", f"expected a lower_case id, got {aid!r}", None, "id")
        return None
    n0 = len(probs.items)
    _unknown_keys(data, _AGREEMENT_KEYS, fname, aid, None, probs)
    for k in _REQUIRED:
        if k not in data:
            probs.add(fname, "E312", "missing (required)", aid, k)
    kw: dict[str, Any] = {"id": aid, "file": fname, "version": data.get("version", 1)}
    for k in ("name", "short", "ended_note", "notes", "effective_time"):
        v = data.get(k, "")
        if v is None:
            v = ""
        if not isinstance(v, str):
            probs.add(fname, "E313", f"expected text, got {type(v).__name__}", aid, k)
            v = str(v)
        kw[k] = v.strip()
    if not kw["name"] and "name" in data:
        probs.add(fname, "E313", "must not be empty", aid, "name")
    if kw["effective_time"] and not re.match(r"^\d{2}:\d{2}$", kw["effective_time"]):
        probs.add(fname, "E313", f"expected HH:MM, got {kw['effective_time']!r}", aid, "effective_time")
    for k in ("signed", "effective", "ended"):
        if k in data and not (k == "ended" and data[k] is None):
            d = _date(data[k])
            if d is None:
                probs.add(fname, "E313", f"expected a date YYYY-MM-DD, got {data[k]!r}", aid, k)
            kw[k] = d
    if kw.get("signed") and kw.get("effective") and kw["effective"] < kw["signed"]:
        probs.add(fname, "E313", f"effective {kw['effective']} is before signed {kw['signed']}", aid, "effective")
    if kw.get("ended") and kw.get("effective") and kw["ended"] < kw["effective"]:
        probs.add(fname, "E313", f"ended {kw['ended']} is before effective {kw['effective']}", aid, "ended")
    al = data.get("aliases", {}) or {}
    if not isinstance(al, dict) or set(al) - {"en", "ar"}:
        probs.add(fname, "E313", "expected a mapping with keys en and/or ar, each a list of names", aid, "aliases")
    else:
        for lang in ("en", "ar"):
            v = _strs(al.get(lang, []) or [])
            if v is None:
                probs.add(fname, "E313", "expected a list of names", aid, f"aliases.{lang}")
            kw[f"aliases_{lang}"] = v or ()
    for k in ("parties", "guarantors", "bound_sides"):
        if k in data:
            v = _strs(data[k] or [])
            if v is None:
                probs.add(fname, "E313", "expected a list of names", aid, k)
            kw[k] = v or ()
    bad = [s for s in kw.get("bound_sides", ()) if s not in SIDES]
    if bad:
        probs.add(fname, "E313", f"unknown side(s) {', '.join(bad)} (known: {', '.join(SIDES)})", aid, "bound_sides")
    if "unilateral" in data:
        if not isinstance(data["unilateral"], bool):
            probs.add(fname, "E313", f"expected true or false, got {data['unilateral']!r}", aid, "unilateral")
        kw["unilateral"] = bool(data["unilateral"])
    area = data.get("area")
    parts = []
    if area is not None:
        if not isinstance(area, list) or not area:
            probs.add(fname, "E313", "expected a non-empty list of area parts", aid, "area")
        else:
            for i, n in enumerate(area):
                p = _parse_part(n, i, fname, aid, probs)
                if p:
                    parts.append(p)
            names = [p.name for p in parts]
            for nm in {x for x in names if names.count(x) > 1}:
                probs.add(fname, "E315", f"area part name {nm!r} used twice", aid, "area")
    kw["area"] = tuple(parts)
    terms = []
    tv = data.get("terms")
    if tv is not None:
        if not isinstance(tv, list) or not tv:
            probs.add(fname, "E313", "expected a non-empty list of term ids (or {id, within})", aid, "terms")
        else:
            for i, t in enumerate(tv):
                if isinstance(t, str):
                    terms.append(AgreementTerm(id=t))
                elif isinstance(t, dict) and isinstance(t.get("id"), str) and set(t) <= {"id", "within"}:
                    w = _strs(t.get("within", []) or [])
                    if w is None:
                        probs.add(fname, "E313", "expected a list of area part names", aid, f"terms[{i}].within")
                    terms.append(AgreementTerm(id=t["id"], within=w or ()))
                else:
                    probs.add(fname, "E313", f"expected a term id or {{id, within}}, got {t!r}", aid, f"terms[{i}]")
    kw["terms"] = tuple(terms)
    srcs = []
    sv = data.get("sources")
    if sv is not None:
        if not isinstance(sv, list) or not sv:
            probs.add(fname, "E313", "expected a non-empty list of {title, publisher, url}", aid, "sources")
        else:
            for i, s in enumerate(sv):
                if not isinstance(s, dict) or not isinstance(s.get("title"), str) or set(s) - _SOURCE_KEYS:
                    probs.add(fname, "E313", f"expected {{title, publisher, url}}, got {s!r}", aid, f"sources[{i}]")
                    continue
                srcs.append(Source(title=s["title"], publisher=str(s.get("publisher", "") or ""),
                                   url=str(s.get("url", "") or "")))
    kw["sources"] = tuple(srcs)
    if len(probs.items) > n0 or "signed" not in kw or "effective" not in kw or kw["signed"] is None \
            or kw["effective"] is None:
        return None
    return Agreement(**kw)


def _check_refs(by_id: dict[str, Agreement], defs: dict[str, TermDef], probs: _Probs) -> None:
    seen_alias: dict[str, str] = {}
    for a in by_id.values():
        names = {p.name for p in a.area}
        for i, p in enumerate(a.area):
            if p.kind == "ref":
                if p.agreement not in by_id:
                    probs.add(a.file, "E314", f"unknown agreement {p.agreement!r}", a.id, f"area[{i}].agreement")
                    continue
                chain, cur = [a.id], p.agreement
                while cur is not None:   # ref cycles
                    if cur in chain:
                        probs.add(a.file, "E314", f"area references form a cycle: {' -> '.join(chain + [cur])}",
                                  a.id, f"area[{i}].agreement")
                        break
                    chain.append(cur)
                    nxt = [q.agreement for q in by_id[cur].area if q.kind == "ref" and q.agreement in by_id] \
                        if cur in by_id else []
                    cur = nxt[0] if nxt else None
        for i, t in enumerate(a.terms):
            if t.id not in defs:
                probs.add(a.file, "E314", f"unknown term {t.id!r} (known: {', '.join(sorted(defs))})", a.id,
                          f"terms[{i}]")
            for w in t.within:
                if w not in names:
                    probs.add(a.file, "E314", f"unknown area part {w!r} (parts: {', '.join(sorted(names))})", a.id,
                              f"terms[{i}].within")
        for lang, aliases in (("en", a.aliases_en), ("ar", a.aliases_ar)):
            for al in aliases:
                k = textutil.fold_term(al)
                other = seen_alias.get(k)
                if other and other != a.id:
                    probs.add(a.file, "E315", f"alias {al!r} is also an alias of {other!r}", a.id, f"aliases.{lang}")
                seen_alias.setdefault(k, a.id)


# ----------------------------------------------------------------------------------------------
# loading
# ----------------------------------------------------------------------------------------------
def _packaged() -> list[tuple[str, str]]:
    base = _ilr.files("truceline.resources").joinpath("agreements")
    return [(f"resources/agreements/{p.name}", p.read_text(encoding="utf-8"))
            for p in sorted(base.iterdir(), key=lambda q: q.name) if p.name.endswith((".yaml", ".yml"))]


def _user_files(extra: Sequence[str | Path], probs: _Probs) -> list[tuple[str, str]]:
    out = []
    for item in extra:
        p = Path(item)
        if p.is_dir():
            files = sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            if not files:
                probs.add(str(p), "E310", "folder holds no .yaml/.yml agreement files")
        elif p.is_file():
            files = [p]
        else:
            probs.add(str(p), "E310", "no such agreement file or folder")
            continue
        for f in files:
            try:
                out.append((str(f), f.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as e:
                probs.add(str(f), "E310", f"cannot read: {e}")
    return out


def _build(sources: list[tuple[str, str]], probs: _Probs) -> Agreements:
    by_id: dict[str, Agreement] = {}
    defs: dict[str, TermDef] = {}
    for fname, text in sources:
        data, tdefs = _parse_file(text, fname, probs)
        for t in tdefs:
            defs[t.id] = t
        if data is not None:
            a = _parse_agreement(data, fname, probs)
            if a is not None:
                by_id[a.id] = a
    _check_refs(by_id, defs, probs)
    if probs.items:
        raise ResourceError(["agreements: " + p for p in probs.items])
    h = hashlib.sha256()
    for fname, text in sources:
        h.update(text.encode("utf-8"))
        h.update(b"\0")
    return Agreements(by_id=dict(sorted(by_id.items(), key=lambda kv: (kv[1].effective, kv[0]))), term_defs=defs,
                      files=tuple(f for f, _ in sources), version=h.hexdigest()[:12])


_DEFAULT: Agreements | None = None


def load_agreements(extra: Sequence[str | Path] = ()) -> Agreements:
    """The packaged agreements, then each user file or folder in ``extra`` (cached without ``extra``)."""
    global _DEFAULT
    if isinstance(extra, (str, Path)):
        raise TypeError("load_agreements(extra) takes a sequence of paths, not a single path")
    if not extra and _DEFAULT is not None:
        return _DEFAULT
    probs = _Probs()
    out = _build(_packaged() + _user_files(extra, probs), probs)
    if not extra:
        _DEFAULT = out
    return out


def load_agreements_from_texts(sources: Iterable[tuple[str, str]], packaged: bool = True) -> Agreements:
    """Agreements from (file name, YAML text) pairs, laid over the packaged files unless ``packaged`` is false."""
    probs = _Probs()
    return _build((_packaged() if packaged else []) + list(sources), probs)


def clear_cache() -> None:
    global _DEFAULT
    _DEFAULT = None


def agreement_terms(ags: Agreements):
    """The aliases of every agreement as dictionary terms (kind "agreement") for the one automaton."""
    from ..resources import Term

    for a in ags:
        seen: set[str] = set()
        for lang, names in (("en", (*a.aliases_en, *(n for n in (a.short,) if n))), ("ar", a.aliases_ar)):
            for n in names:
                k = textutil.fold_term(n)
                if k in seen:   # spellings that fold alike ("Sochi" / “Sochi”) are one key of the automaton
                    continue
                seen.add(k)
                yield Term(text=n, lang=lang, kind="agreement", entry_id=a.id, label=a.label)
