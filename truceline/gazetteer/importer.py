"""Import gazetteer sources into the ``gaz_`` tables of a SQLite database.

Formats (sniffed from the file name, then the content):

* GeoNames ``geoname`` table: ``SY.txt``, ``SY.zip``, ``allCountries.txt``/``.zip`` (19 tab-separated
  columns, no header), streamed line by line and filtered by country, inserted in batches;
* GeoNames ``alternateNamesV2.txt``/``.zip`` (and the older 8-column ``alternateNames``): names
  for geonameids already imported, with their language;
* OCHA/HDX tables (CSV or XLSX): populated places or admin units with ``adminNName_en``,
  ``adminNName_ar``, ``adminNPcode``, ``latitude``/``longitude`` (or ``Latitude_y``, ``lat``...),
  header names matched case-insensitively;
* a user CSV: ``name, aliases (;-separated), lat, lon, admin1, admin2, admin3, feature,
  population``.

A bad row becomes a :class:`~truceline.model.Reject` (file, line, field, code) and the import
goes on; a missing or unreadable file is one reject too.
"""
from __future__ import annotations

import csv
import io
import logging
import re
import sqlite3
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..model import Reject
from .keys import is_arabic, name_keys, place_key
from .sources import PCODE1_RE, admin_code, iter_geonames, load_admin1
from .theatre import DEFAULT_COUNTRY, theatre

logger = logging.getLogger(__name__)

__all__ = ["import_files", "ImportReport", "ensure_schema", "sniff_format"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS gaz_place (
    id TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL, feature_class TEXT, feature_code TEXT,
    country TEXT, admin1_code TEXT, admin2_code TEXT, admin3_code TEXT, population INTEGER,
    source TEXT);
CREATE TABLE IF NOT EXISTS gaz_name (key TEXT, place_id TEXT, name TEXT, lang TEXT);
CREATE INDEX IF NOT EXISTS gaz_name_key ON gaz_name(key);
CREATE UNIQUE INDEX IF NOT EXISTS gaz_name_place ON gaz_name(place_id, name, lang);
CREATE TABLE IF NOT EXISTS gaz_admin (code TEXT, level INTEGER, name TEXT, name_ar TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS gaz_admin_code ON gaz_admin(code);
CREATE INDEX IF NOT EXISTS gaz_place_country ON gaz_place(country);
"""

MAX_REJECTS = 1000
BATCH = 5000
_SKIP_LANGS = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "abbr", "tcid", "unlc",
                         "fr_1793", "phon", "piny"})


@dataclass(slots=True, kw_only=True)
class ImportReport:
    """What an import did; ``lines()`` gives printable rows."""

    files: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    rows: int = 0               # data rows read (after the country filter)
    places: int = 0             # gaz_place rows written
    names: int = 0              # gaz_name rows added
    admins: int = 0             # gaz_admin rows added
    skipped_unknown: int = 0    # alternate names of geonameids not imported
    rejects: list[Reject] = field(default_factory=list)
    rejects_dropped: int = 0    # rejects past MAX_REJECTS, counted only
    seconds: float = 0.0

    def reject(self, source: str, line: int | None, fld: str, code: str, message: str) -> None:
        if len(self.rejects) < MAX_REJECTS:
            self.rejects.append(Reject(source=source, line=line, field=fld, code=code, message=message))
        else:
            self.rejects_dropped += 1

    def lines(self) -> list[str]:
        out = [f"{f}: {fmt}" for f, fmt in zip(self.files, self.formats)]
        out.append(f"rows read {self.rows}, places {self.places}, names {self.names}, "
                   f"admin units {self.admins}, rejected {len(self.rejects) + self.rejects_dropped}"
                   + (f", alternate names of unknown ids {self.skipped_unknown}"
                      if self.skipped_unknown else "")
                   + f" ({self.seconds:.1f} s)")
        out.extend(str(r) for r in self.rejects)
        if self.rejects_dropped:
            out.append(f"... and {self.rejects_dropped} more rejects")
        return out


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the ``gaz_`` tables and indexes (and nothing else) if missing."""
    conn.executescript(SCHEMA)


# ---------------------------------------------------------------------------------------------

class _Writer:
    def __init__(self, conn: sqlite3.Connection, report: ImportReport, source: str) -> None:
        self.conn, self.report, self.source = conn, report, source
        self.places: list[tuple] = []
        self.names: list[tuple] = []
        self.admins: list[tuple] = []

    def place(self, pid: str, name: str, lat: float, lon: float, fclass: str, fcode: str,
              country: str, a1: str, a2: str, a3: str, pop: int,
              names: Iterable[tuple[str, str]]) -> None:
        self.places.append((pid, name, lat, lon, fclass, fcode, country, a1, a2, a3, pop, self.source))
        seen = set()
        for n, lang in names:
            n = n.strip()
            if n and (n, lang) not in seen:
                seen.add((n, lang))
                self.names.append((place_key(n), pid, n, lang))
        if len(self.places) >= BATCH or len(self.names) >= 4 * BATCH:
            self.flush()

    def name(self, pid: str, name: str, lang: str) -> None:
        name = name.strip()
        if name:
            self.names.append((place_key(name), pid, name, lang))
            if len(self.names) >= 4 * BATCH:
                self.flush()

    def admin(self, code: str, level: int, name: str, name_ar: str) -> None:
        if code and (name or name_ar):
            self.admins.append((code, level, name, name_ar))

    def flush(self) -> None:
        with self.conn:
            if self.places:
                cur = self.conn.executemany(
                    "INSERT OR REPLACE INTO gaz_place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
                self.report.places += max(cur.rowcount, 0)
            if self.names:
                cur = self.conn.executemany(
                    "INSERT OR IGNORE INTO gaz_name (key, place_id, name, lang) VALUES (?,?,?,?)",
                    self.names)
                self.report.names += max(cur.rowcount, 0)
            if self.admins:
                cur = self.conn.executemany(
                    "INSERT OR IGNORE INTO gaz_admin (code, level, name, name_ar) VALUES (?,?,?,?)",
                    self.admins)
                self.report.admins += max(cur.rowcount, 0)
        self.places, self.names, self.admins = [], [], []


def _lang(name: str) -> str:
    return "ar" if is_arabic(name) else ""


def _float(s: Any) -> float | None:
    if s is None:
        return None
    try:
        v = float(str(s).strip().replace(",", "."))
    except ValueError:
        return None
    return v if v == v else None


# ---------------------------------------------------------------------------------------------
# format sniffing

_OCHA_NAME_RE = re.compile(r"^adm(?:in)?(\d)(?:_?name)?_?(en|ar)$")
_OCHA_PCODE_RE = re.compile(r"^adm(?:in)?(\d)_?pcode$")
_OCHA_ALT_RE = re.compile(r"^adm(?:in)?(\d)_?(?:alt|ref)_?name\d?_?(en|ar)?$|^adm(?:in)?(\d)_?name_?alt\d?_?(en|ar)?$")
_LAT_HEADERS = ("latitude", "lat", "latitude_y", "lat_y", "y", "latitude_dd", "lat_dd", "ycoord", "y_coord")
_LON_HEADERS = ("longitude", "lon", "long", "lng", "longitude_x", "lon_x", "long_x", "x",
                "longitude_dd", "lon_dd", "xcoord", "x_coord")


def _norm_header(h: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(h or "").strip().lower()).strip("_")


def _table_kind(headers: Sequence[str]) -> str:
    hs = [_norm_header(h) for h in headers]
    if any(_OCHA_NAME_RE.match(h) for h in hs):
        return "ocha"
    if "name" in hs and any(h in _LAT_HEADERS for h in hs) and any(h in _LON_HEADERS for h in hs):
        return "user"
    return "unknown"


def sniff_format(path: Path) -> str:
    """``geonames`` | ``alternates`` | ``ocha`` | ``user`` | ``unknown``."""
    name = path.name.lower()
    if name.endswith(".zip"):
        with zipfile.ZipFile(path) as zf:
            members = [m.lower() for m in zf.namelist()]
        if any("alternatename" in m for m in members):
            return "alternates"
        return "geonames" if any(m.endswith(".txt") for m in members) else "unknown"
    if name.endswith((".xlsx", ".xlsm")):
        headers = next(_xlsx_rows(path), (0, []))[1]
        return _table_kind(headers)
    if "alternatename" in name:
        return "alternates"
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        first = ""
        for line in fh:
            if line.strip():
                first = line.rstrip("\r\n")
                break
    if "\t" in first:
        f = first.split("\t")
        if len(f) == 19 and f[0].strip().isdigit():
            return "geonames"
        if 4 <= len(f) <= 10 and f[0].isdigit() and f[1].isdigit():
            return "alternates"
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
        headers = next(csv.reader([first], dialect))
    except csv.Error:
        headers = first.split(",")
    return _table_kind(headers)


# ---------------------------------------------------------------------------------------------
# readers

def _text_streams(path: Path, want_alternates: bool) -> Iterator[tuple[str, io.TextIOBase]]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            for m in zf.namelist():
                low = m.lower()
                if not low.endswith(".txt") or "readme" in low or "iso-language" in low:
                    continue
                if ("alternatename" in low) != want_alternates:
                    continue
                with zf.open(m) as raw:
                    yield f"{path}:{m}", io.TextIOWrapper(raw, encoding="utf-8", errors="replace",
                                                         newline="")
    else:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            yield str(path), fh


def _import_geonames(conn: sqlite3.Connection, path: Path, country: str | None,
                     report: ImportReport) -> None:
    for source, stream in _text_streams(path, False):
        w = _Writer(conn, report, Path(source).name)
        for lineno, f, problem in iter_geonames(stream, country):
            if f is None:
                report.reject(source, lineno, "", problem[:4], problem[5:])
                continue
            report.rows += 1
            if not f[1].strip():
                report.reject(source, lineno, "name", "E404", "empty name")
                continue
            lat, lon = _float(f[4]), _float(f[5])
            if lat is None or not -90 <= lat <= 90:
                report.reject(source, lineno, "latitude", "E403", f"bad latitude {f[4]!r}")
                continue
            if lon is None or not -180 <= lon <= 180:
                report.reject(source, lineno, "longitude", "E403", f"bad longitude {f[5]!r}")
                continue
            pop = 0
            if f[14].strip():
                try:
                    pop = int(f[14])
                except ValueError:
                    report.reject(source, lineno, "population", "E405",
                                  f"bad population {f[14]!r} (row kept, population 0)")
            alts = [a for a in f[3].split(",") if a] if f[3] else []
            names = [(f[1], _lang(f[1])), (f[2], ""), *((a, _lang(a)) for a in alts)]
            pid = f"geonames:{f[0].strip()}"
            w.place(pid, f[1], lat, lon, f[6], f[7], f[8], f[10], f[11], f[12], pop, names)
            if f[6] == "A" and f[7] in ("ADM1", "ADM2", "ADM3"):
                level = int(f[7][3])
                code = admin_code(*(f[10], f[11], f[12])[:level]) if level > 1 else f[10]
                w.admin(code, level, f[1], next((a for a in alts if is_arabic(a)), ""))
        w.flush()


def _import_alternates(conn: sqlite3.Connection, path: Path, report: ImportReport) -> None:
    ids = {pid[9:] for (pid,) in conn.execute("SELECT id FROM gaz_place WHERE id LIKE 'geonames:%'")}
    for source, stream in _text_streams(path, True):
        w = _Writer(conn, report, Path(source).name)
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            f = line.rstrip("\r\n").split("\t")
            if len(f) < 4:
                report.reject(source, lineno, "", "E402",
                              f"expected 8 or 10 tab-separated columns, got {len(f)}")
                continue
            if f[1] not in ids:
                report.skipped_unknown += 1
                continue
            report.rows += 1
            lang = f[2].strip()
            if lang in _SKIP_LANGS or not f[3].strip():
                continue
            w.name(f"geonames:{f[1]}", f[3], lang or _lang(f[3]))
        w.flush()


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            for lineno, row in enumerate(rows, 1):
                yield lineno, list(row)
            break  # the first sheet
    finally:
        wb.close()


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        sample = fh.read(8192)
        fh.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample.splitlines()[0] if sample else ",",
                                               delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(fh, dialect)
        for row in reader:
            yield reader.line_num, row


def _table_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    return _csv_rows(path)


def _table_with_header(path: Path, report: ImportReport):
    """The rows of a CSV/XLSX table after its header, the header as written and normalised; None
    (reported E401) for an empty table."""
    rows = _table_rows(path)
    try:
        _, header = next(rows)
    except StopIteration:
        report.reject(str(path), None, "", "E401", "empty table")
        return None
    return rows, header, [_norm_header(h) for h in header]


def _cell(row: list[Any], i: int | None) -> str:
    if i is None or i >= len(row) or row[i] is None:
        return ""
    return str(row[i]).strip()


def _import_ocha(conn: sqlite3.Connection, path: Path, country: str | None,
                 report: ImportReport) -> None:
    table = _table_with_header(path, report)
    if table is None:
        return
    rows, header, hs = table
    names: dict[int, dict[str, int]] = {}
    pcodes: dict[int, int] = {}
    alts: list[int] = []
    for i, h in enumerate(hs):
        m = _OCHA_NAME_RE.match(h)
        if m:
            names.setdefault(int(m.group(1)), {})[m.group(2)] = i
        m = _OCHA_PCODE_RE.match(h)
        if m:
            pcodes[int(m.group(1))] = i
    level = max(names)
    for i, h in enumerate(hs):
        m = _OCHA_ALT_RE.match(h)
        if m and int(m.group(1) or m.group(3)) == level:
            alts.append(i)
    lat_i = next((hs.index(h) for h in _LAT_HEADERS if h in hs), None)
    lon_i = next((hs.index(h) for h in _LON_HEADERS if h in hs), None)
    en_i, ar_i = names[level].get("en"), names[level].get("ar")
    code_i = pcodes.get(level)
    w = _Writer(conn, report, path.name)
    fclass, fcode = ("P", "PPL") if level >= 4 else ("A", f"ADM{level}")
    for lineno, row in rows:
        if not any(c not in (None, "") for c in row):
            continue
        if _cell(row, 0).startswith("#"):   # HXL tag row
            continue
        report.rows += 1
        codes = {lv: _cell(row, i) for lv, i in pcodes.items()}
        if country and codes and not any(c.upper().startswith(country) for c in codes.values() if c):
            continue
        for lv in range(1, min(level, 3) + 1):
            c = codes.get(lv, "")
            d = names.get(lv, {})
            w.admin(c, lv, _cell(row, d.get("en")), _cell(row, d.get("ar")))
        name_en, name_ar = _cell(row, en_i), _cell(row, ar_i)
        if not (name_en or name_ar):
            report.reject(str(path), lineno, header[en_i] if en_i is not None else "name",
                          "E404", "empty name")
            continue
        if lat_i is None or lon_i is None:
            continue   # an admin table without points: the admin units are kept
        lat, lon = _float(_cell(row, lat_i)), _float(_cell(row, lon_i))
        if lat is None or not -90 <= lat <= 90:
            report.reject(str(path), lineno, str(header[lat_i]), "E403",
                          f"bad latitude {_cell(row, lat_i)!r}")
            continue
        if lon is None or not -180 <= lon <= 180:
            report.reject(str(path), lineno, str(header[lon_i]), "E403",
                          f"bad longitude {_cell(row, lon_i)!r}")
            continue
        code = _cell(row, code_i)
        pid = f"ocha:{code}" if code else f"ocha:{path.stem}:{lineno}"
        extra = [(_cell(row, i), _lang(_cell(row, i))) for i in alts]
        w.place(pid, name_en or name_ar, lat, lon, fclass, fcode, country or code[:2],
                codes.get(1, ""), codes.get(2, ""), codes.get(3, ""), 0,
                [(name_en, "en"), (name_ar, "ar"), *extra])
    w.flush()


_FEATURE_CLASS = (("PPL", "P"), ("ADM", "A"), ("PCL", "A"), ("MT", "T"), ("HLL", "T"),
                  ("PLN", "T"), ("VAL", "T"), ("PLAT", "T"), ("RDGE", "T"), ("RD", "R"),
                  ("BDG", "R"), ("AREA", "L"), ("RGN", "L"), ("LCTY", "L"), ("STM", "H"),
                  ("LK", "H"), ("RSV", "H"))


def _feature_class(code: str) -> str:
    return next((c for prefix, c in _FEATURE_CLASS if code.startswith(prefix)), "S")


def _admin1_code(value: str) -> str | None:
    """A governorate in any spelling or code -> its P-code; None when unknown."""
    v = value.strip()
    admin1 = load_admin1()
    if PCODE1_RE.match(v.upper()):
        return v.upper() if any(a.pcode == v.upper() for a in admin1) else None
    for a in admin1:
        if v == a.geonames:
            return a.pcode
    k = name_keys(v)
    for a in admin1:
        for n in (a.acled, *a.names, *a.names_ar):
            kn = name_keys(n)
            if kn[0] == k[0] or kn[1] == k[1]:
                return a.pcode
    return None


def _import_user(conn: sqlite3.Connection, path: Path, country: str | None,
                 report: ImportReport) -> None:
    table = _table_with_header(path, report)
    if table is None:
        return
    rows, header, hs = table

    def col(*names: str) -> int | None:
        return next((hs.index(n) for n in names if n in hs), None)

    ix = {"name": col("name"), "aliases": col("aliases", "alias", "alternatenames"),
          "lat": col(*_LAT_HEADERS), "lon": col(*_LON_HEADERS), "admin1": col("admin1"),
          "admin2": col("admin2"), "admin3": col("admin3"), "feature": col("feature", "feature_code"),
          "population": col("population", "pop")}
    w = _Writer(conn, report, path.name)
    cc = country or theatre().iso2
    for lineno, row in rows:
        if not any(c not in (None, "") for c in row):
            continue
        report.rows += 1
        name = _cell(row, ix["name"])
        if not name:
            report.reject(str(path), lineno, "name", "E404", "empty name")
            continue
        lat, lon = _float(_cell(row, ix["lat"])), _float(_cell(row, ix["lon"]))
        if lat is None or not -90 <= lat <= 90:
            report.reject(str(path), lineno, "lat", "E403", f"bad latitude {_cell(row, ix['lat'])!r}")
            continue
        if lon is None or not -180 <= lon <= 180:
            report.reject(str(path), lineno, "lon", "E403", f"bad longitude {_cell(row, ix['lon'])!r}")
            continue
        a1_raw = _cell(row, ix["admin1"])
        a1 = _admin1_code(a1_raw) if a1_raw else ""
        if a1 is None:
            report.reject(str(path), lineno, "admin1", "E406", f"unknown governorate {a1_raw!r}")
            continue
        pop = 0
        pop_raw = _cell(row, ix["population"])
        if pop_raw:
            try:
                pop = int(float(pop_raw))
            except ValueError:
                report.reject(str(path), lineno, "population", "E405", f"bad population {pop_raw!r}")
                continue
        fcode = (_cell(row, ix["feature"]) or "PPL").upper()
        a2_name, a3_name = _cell(row, ix["admin2"]), _cell(row, ix["admin3"])
        a2_code = "u_" + place_key(a2_name).replace(" ", "_") if a2_name else ""
        a3_code = "u_" + place_key(a3_name).replace(" ", "_") if a3_name and a2_name else ""
        if a2_code:
            w.admin(admin_code(a1, a2_code), 2, a2_name, "")
        if a3_code:
            w.admin(admin_code(a1, a2_code, a3_code), 3, a3_name, "")
        aliases = [a for a in re.split(r"\s*;\s*", _cell(row, ix["aliases"])) if a]
        slug = place_key(name).replace(" ", "_") or "place"
        pid = f"user:{slug}@{lat:.4f},{lon:.4f}"
        w.place(pid, name, lat, lon, _feature_class(fcode), fcode, cc, a1, a2_code, a3_code, pop,
                [(name, _lang(name)), *((a, _lang(a)) for a in aliases)])
    w.flush()


# ---------------------------------------------------------------------------------------------

def import_files(db: sqlite3.Connection | str | Path, paths: Iterable[str | Path], *,
                 country: str | None = DEFAULT_COUNTRY) -> ImportReport:
    """Import gazetteer files into ``db`` (a connection or a path); later files add names and
    places to earlier ones. ``country=None`` keeps every country of a GeoNames dump."""
    if isinstance(db, sqlite3.Connection):
        conn, close = db, False
    elif isinstance(db, (str, Path)):
        conn, close = sqlite3.connect(str(db)), True
    else:
        raise TypeError(f"db must be a sqlite3.Connection or a path, not {type(db).__name__}")
    if isinstance(paths, (str, Path)):
        raise TypeError("paths must be a list of paths, not one path")
    report = ImportReport()
    t0 = time.perf_counter()
    try:
        ensure_schema(conn)
        for p in map(Path, paths):
            report.files.append(str(p))
            try:
                kind = sniff_format(p)
            except (OSError, zipfile.BadZipFile, ValueError) as exc:
                report.formats.append("unreadable")
                report.reject(str(p), None, "", "E401", f"cannot read: {exc}")
                continue
            report.formats.append(kind)
            logger.info("gazetteer import %s as %s", p, kind)
            try:
                if kind == "geonames":
                    _import_geonames(conn, p, country, report)
                elif kind == "alternates":
                    _import_alternates(conn, p, report)
                elif kind == "ocha":
                    _import_ocha(conn, p, country, report)
                elif kind == "user":
                    _import_user(conn, p, country, report)
                else:
                    report.reject(str(p), None, "", "E401",
                                  "unknown format (expected a GeoNames dump, alternateNames, an "
                                  "OCHA table or a user CSV with name, lat, lon)")
            except (OSError, zipfile.BadZipFile, UnicodeDecodeError, csv.Error) as exc:
                report.reject(str(p), None, "", "E401", f"cannot read: {exc}")
    finally:
        if close:
            conn.close()
    report.seconds = time.perf_counter() - t0
    return report
