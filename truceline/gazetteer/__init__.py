"""The gazetteer: is a string a place, and which one?

The extractor calls :meth:`Gazetteer.resolve` with candidate place strings found in a sentence;
it gets a :class:`truceline.model.Place` (ACLED admin1 spelling, admin2/admin3 names,
coordinates, geo-precision, ``gazetteer_id``) or ``None`` for a name the gazetteer does not know.

Public API::

    load_gazetteer(path_or_None) -> Gazetteer        # embedded default, GeoNames dump, .db
    Gazetteer.resolve(surface, *, lang, admin1_hint, admin2_hint, near, precision_cue,
                      start, end, article_id, place_like) -> Place | None
    Gazetteer.lookup(surface, lang) -> list[GazEntry]
    Gazetteer.admin1_of_name(surface) -> str | None   # "ريف حماة" -> "Hama"
    Gazetteer.is_admin1(surface) -> bool
    import_files(db, paths, *, country=<theatre iso2>) -> ImportReport
    place_key(name), loose_key(name), skeleton(name), normalize_arabic(text)
    stats(gaz_or_path) -> list[tuple[str, str]];  search(gaz, name) -> list[dict]
    ACLED_ADMIN1

See ``docs/gazetteer.md``.
"""
from __future__ import annotations

from .core import ACLED_ADMIN1, NW_ADMIN1, Admin1, GazEntry, Gazetteer, distance_km
from .importer import ImportReport, ensure_schema, import_files, sniff_format
from .keys import is_arabic, loose_key, name_keys, normalize_arabic, place_key, skeleton
from .listing import format_rows, search, stats
from .sources import clear_cache, load_admin1, load_gazetteer

__all__ = [
    "ACLED_ADMIN1", "NW_ADMIN1", "Admin1", "GazEntry", "Gazetteer", "ImportReport",
    "clear_cache", "distance_km", "ensure_schema", "format_rows", "import_files", "is_arabic",
    "load_admin1", "load_gazetteer", "loose_key", "name_keys", "normalize_arabic", "place_key",
    "search", "skeleton", "sniff_format", "stats",
]
