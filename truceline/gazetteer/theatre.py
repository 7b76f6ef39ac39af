"""The theatre's country (``resources/gazetteer/theatre.yaml``): the country, ISO codes and ACLED
region every place the gazetteer resolves is given, and the default country filter of GeoNames
imports.  Validated on load: a bad file is an error naming the file and the field."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Theatre", "theatre", "parse_theatre", "DEFAULT_COUNTRY"]

_FILE = "resources/gazetteer/theatre.yaml"


@dataclass(frozen=True, slots=True)
class Theatre:
    country: str     # "Syria" (ACLED spelling)
    iso2: str        # "SY"
    iso3: str        # "SYR" (the prefix of ACLED's event_id_cnty)
    iso: int         # 760
    region: str      # "Middle East"


def parse_theatre(text: str, fname: str = _FILE) -> Theatre:
    """The theatre described by a YAML text; ValueError naming ``fname`` and the field when it is not
    valid."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{fname}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{fname}: expected a mapping with country, iso2, iso3, iso, region")
    for key in ("country", "iso2", "iso3", "region"):
        v = data.get(key)
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"{fname}: field {key}: expected a non-empty text, got {v!r}")
    iso2 = data["iso2"].strip()
    if len(iso2) != 2 or not iso2.isalpha() or not iso2.isupper():
        raise ValueError(f"{fname}: field iso2: expected two capital letters (ISO 3166-1), got {iso2!r}")
    iso3 = data["iso3"].strip()
    if len(iso3) != 3 or not iso3.isalpha() or not iso3.isupper():
        raise ValueError(f"{fname}: field iso3: expected three capital letters (ISO 3166-1), got {iso3!r}")
    iso = data.get("iso")
    if isinstance(iso, bool) or not isinstance(iso, int) or not 0 < iso < 1000:
        raise ValueError(f"{fname}: field iso: expected an ISO 3166-1 numeric code (1-999), got {iso!r}")
    return Theatre(country=data["country"].strip(), iso2=iso2, iso3=iso3, iso=iso, region=data["region"].strip())


@lru_cache(maxsize=1)
def theatre() -> Theatre:
    """The packaged theatre (read once per process)."""
    from importlib import resources as ilr

    return parse_theatre((ilr.files("truceline") / _FILE).read_text(encoding="utf-8"))


#: the theatre's ISO 3166-1 alpha-2 code: the default country filter of gazetteer imports
DEFAULT_COUNTRY = theatre().iso2
