"""One event per clause (truceline/events/builder.py ``_clauses``): a sentence whose clauses report
events of different kinds at places of their own gives each clause its own type, actors and places.
Sentences written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.events import EventBuilder
from truceline.extract import default_extractor
from truceline.model import Article, Event


@pytest.fixture(scope="module")
def ex():
    return default_extractor()


@pytest.fixture(scope="module")
def builder(ex):
    return EventBuilder(ex)


def _events(ex, builder, text: str) -> list[tuple[str, str | None]]:
    art = Article(id="t", text=text, language="en", published=dt.date(2021, 6, 14))
    return [(r.sub_event_type, r.place.name if r.place else None)
            for r in builder.build(art, ex.sentences(art)) if isinstance(r, Event)]


def _by_place(evs: list[tuple[str, str | None]]) -> dict[str | None, str]:
    return {p: sub for sub, p in evs}


def test_clauses_of_different_kinds_are_typed_each(ex, builder) -> None:
    evs = _by_place(_events(ex, builder, "Regime forces shelled Kafr Nabl on Monday, while clashes erupted "
                                         "between HTS and the regime in Kabani."))
    assert evs == {"Kafranbel": "Shelling/artillery/missile attack", "Kabani": "Armed clash"}


def test_clauses_of_a_headline(ex, builder) -> None:
    evs = _by_place(_events(ex, builder, "Shelling on Saraqib and clashes in Kafr Nabl"))
    assert evs == {"Saraqib": "Shelling/artillery/missile attack", "Kafranbel": "Armed clash"}


def test_clauses_a_list_of_places_is_not_a_clause_break(ex, builder) -> None:
    evs = _by_place(_events(ex, builder, "Regime forces shelled Kafr Nabl and Kabani, and clashes erupted in Saraqib."))
    assert evs == {"Kafranbel": "Shelling/artillery/missile attack", "Kabani": "Shelling/artillery/missile attack",
                   "Saraqib": "Armed clash"}


def test_clauses_the_clause_with_the_figures_comes_first(ex, builder) -> None:
    evs = _events(ex, builder, "Clashes in Kabani and shells hit Idlib city, killing two civilians")
    assert evs[0] == ("Shelling/artillery/missile attack", "Idlib")
    assert ("Armed clash", "Kabani") in evs


def test_clauses_a_clause_without_a_place_is_not_split_off(ex, builder) -> None:
    assert _events(ex, builder, "Regime forces shelled Kafr Nabl and clashes erupted.") == [
        ("Shelling/artillery/missile attack", "Kafranbel")]


def test_clauses_commentary_is_not_split(ex, builder) -> None:
    # opinion words keep the sentence whole (one type, and the commentary penalty of the support score)
    evs = _events(ex, builder, "Analysts believe regime forces shelled Kafr Nabl and clashes erupted in Kabani.")
    assert "Armed clash" not in {sub for sub, _ in evs}


def test_a_dated_clause_after_a_semicolon_does_not_pool_its_figures(ex, builder) -> None:
    """"...; 150 people were killed yesterday, including ..." is the previous day's toll, not the
    figures of the strike the clause before reports."""
    text = ("Warplanes struck Maarat al-Numan, killing 12 civilians; 150 people were killed across Syria "
            "yesterday, including 40 fighters")
    art = Article(id="t", text=text, language="en", published=dt.date(2021, 6, 14))
    evs = [r for r in builder.build(art, ex.sentences(art)) if isinstance(r, Event)]
    strike = [e for e in evs if e.sub_event_type == "Air/drone strike"]
    assert strike and strike[0].fatalities == 12
    assert strike[0].sentence.text.endswith("12 civilians")
