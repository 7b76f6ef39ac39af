"""The theatre's country data (resources/gazetteer/theatre.yaml): validated on load, given to every
resolved place and used by the exports instead of a country written in the code."""
from __future__ import annotations

import pytest

from truceline.export import acled_row
from truceline.gazetteer import theatre as th_mod
from truceline.gazetteer.theatre import parse_theatre, theatre
from truceline.model import Event, Evidence, Place

GOOD = "version: 1\ncountry: Yemen\niso2: YE\niso3: YEM\niso: 887\nregion: Middle East\n"


def test_packaged_theatre_is_syria():
    t = theatre()
    assert (t.country, t.iso2, t.iso3, t.iso, t.region) == ("Syria", "SY", "SYR", 760, "Middle East")


def test_parse_theatre_reads_another_country():
    t = parse_theatre(GOOD, "mine.yaml")
    assert (t.country, t.iso2, t.iso) == ("Yemen", "YE", 887)


@pytest.mark.parametrize("text, field", [
    ("country: Yemen\niso2: YE\niso3: YEM\niso: 887\n", "region"),
    ("country: Yemen\niso2: YE\niso3: YE\niso: 887\nregion: Middle East\n", "iso3"),
    ("country: Yemen\niso2: yem\niso3: YEM\niso: 887\nregion: Middle East\n", "iso2"),
    ("country: Yemen\niso2: YE\niso3: YEM\niso: '887'\nregion: Middle East\n", "iso"),
    ("country: ''\niso2: YE\niso3: YEM\niso: 887\nregion: Middle East\n", "country"),
])
def test_parse_theatre_names_file_and_field(text, field):
    with pytest.raises(ValueError) as e:
        parse_theatre(text, "mine.yaml")
    assert str(e.value).startswith("mine.yaml: field " + field)


def test_parse_theatre_rejects_a_list():
    with pytest.raises(ValueError, match="mine.yaml: expected a mapping"):
        parse_theatre("- Syria\n", "mine.yaml")


def _event(place: Place | None) -> Event:
    ev = Evidence(article_id="a", start=0, end=4, text="text", source="rule:sentence.v1")
    return Event(id="e", article_id="a", event_type="Battles", sub_event_type="Armed clash", place=place,
                 sentence=ev)


def test_resolved_place_carries_the_theatre_country():
    from truceline.gazetteer import load_gazetteer

    hits = load_gazetteer().resolve("Saraqib")
    place = hits[0] if isinstance(hits, list) else hits
    assert place is not None and (place.country, place.iso) == ("Syria", 760)


def test_exports_take_country_iso_region_from_the_theatre(monkeypatch):
    monkeypatch.setattr("truceline.export.theatre", lambda: parse_theatre(GOOD))
    row = acled_row(_event(Place(name="Taiz", latitude=13.58, longitude=44.02)))
    assert (row["country"], row["iso"], row["region"]) == ("Yemen", 887, "Middle East")
    assert row["event_id_cnty"] == "YEMe"
    row = acled_row(_event(None))
    assert (row["country"], row["iso"]) == ("Yemen", 887)
    assert th_mod.DEFAULT_COUNTRY == "SY"
