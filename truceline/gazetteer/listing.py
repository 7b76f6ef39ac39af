"""Printable rows for ``truceline gazetteer stats`` and ``truceline gazetteer search NAME``."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from .core import ACLED_ADMIN1, Gazetteer
from .keys import name_keys
from .sources import load_gazetteer

__all__ = ["stats", "search", "format_rows", "SEARCH_COLUMNS"]

SEARCH_COLUMNS = ("chosen", "match", "id", "name", "name_ar", "admin1", "admin2", "lat", "lon",
                  "feature", "population")


def _gaz(gaz: Gazetteer | str | Path | None) -> Gazetteer:
    return gaz if isinstance(gaz, Gazetteer) else load_gazetteer(gaz)


def stats(gaz: Gazetteer | str | Path | None = None) -> list[tuple[str, str]]:
    """``(label, value)`` rows: source, entry counts by kind and governorate, name and key counts."""
    g = _gaz(gaz)
    kinds = Counter(e.kind for e in g.entries)
    by_a1 = Counter(e.admin1 or "(none)" for e in g.entries if e.kind == "place")
    names = sum(len(e.names) for e in g.entries)
    arabic = sum(1 for e in g.entries if e.name_ar)
    strict, loose, skel = g.key_count()
    rows = [("source", g.source), ("entries", str(len(g)))]
    rows += [(f"entries: {k}", str(v)) for k, v in sorted(kinds.items())]
    rows += [("names", str(names)), ("entries with an Arabic name", str(arabic)),
             ("keys (strict / loose / skeleton)", f"{strict} / {loose} / {skel}")]
    rows += [(f"places in {a1}", str(by_a1[a1])) for a1 in (*ACLED_ADMIN1, "(none)") if by_a1[a1]]
    return rows


def search(gaz: Gazetteer | str | Path | None, name: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Entries a name could mean (strict key, loose key, skeleton, then close loose keys), with
    the one :meth:`Gazetteer.resolve` picks marked ``chosen="*"``."""
    g = _gaz(gaz)
    k, lk, sk = name_keys(name)
    found: dict[int, str] = {}
    idx = g._idx  # noqa: SLF001 - the listing is part of the package
    for how, ids in (("key", idx.strict.get(k, [])), ("loose", idx.loose.get(lk, [])),
                     ("skeleton", idx.skel.get(sk, []) if len(sk) >= 3 else [])):
        for i in ids:
            found.setdefault(i, how)
    if len(found) < limit and len(lk) >= 4:
        for key, score, _ in process.extract(lk, list(idx.loose), scorer=fuzz.ratio,
                                             score_cutoff=85, limit=limit):
            for i in idx.loose[key]:
                found.setdefault(i, f"fuzzy {score:.0f}")
    place = g.resolve(name)
    rows = []
    for i, how in list(found.items())[:limit]:
        e = g.entries[i]
        rows.append({"chosen": "*" if place is not None and place.gazetteer_id == e.id else "",
                     "match": how, "id": e.id, "name": e.name, "name_ar": e.name_ar,
                     "admin1": e.admin1, "admin2": e.admin2, "lat": round(e.lat, 5),
                     "lon": round(e.lon, 5), "feature": f"{e.feature_class}.{e.feature_code}",
                     "population": e.population})
    if place is not None and not any(r["chosen"] for r in rows):
        rows.insert(0, {"chosen": "*", "match": f"resolve p{place.geo_precision}",
                        "id": place.gazetteer_id, "name": place.name, "name_ar": "",
                        "admin1": place.admin1, "admin2": place.admin2,
                        "lat": place.latitude, "lon": place.longitude,
                        "feature": place.feature_code, "population": 0})
    return rows


def format_rows(rows: list[dict[str, Any]] | list[tuple[str, str]]) -> list[str]:
    """Plain text lines (aligned columns) for rows from :func:`search` or :func:`stats`."""
    if not rows:
        return []
    if isinstance(rows[0], tuple):
        width = max(len(r[0]) for r in rows)  # type: ignore[index]
        return [f"{a:<{width}}  {b}" for a, b in rows]  # type: ignore[misc]
    cols = list(rows[0])  # type: ignore[arg-type]
    table = [cols] + [[str(r[c]) for c in cols] for r in rows]  # type: ignore[index]
    widths = [max(len(row[i]) for row in table) for i in range(len(cols))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table]
