"""Statistic records (truceline/events/statistics.py, docs/statistics.md): counts of breaches and of
repeated attacks, periods, cumulative and whole-war tolls, in English and Arabic.  Texts written for
these tests in the style of monitoring bulletins."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.errors import ResourceError
from truceline.events import EventBuilder
from truceline.events.statistics import STAT_NOTE
from truceline.extract import default_extractor
from truceline.model import Article, Event, Statistic, counted_in
from truceline.resources import load_from_texts

PUB = dt.date(2021, 7, 2)


@pytest.fixture(scope="module")
def build():
    ex = default_extractor()
    b = EventBuilder(ex)

    def run(text: str, lang: str = "en", published=PUB, outlet: str = "Test Wire", precision: str = "day"):
        a = Article(id="t1", text=text, language=lang, published=published, outlet=outlet,
                    published_precision=precision)
        return a, b.build(a, ex.sentences(a))
    return run


def stats(recs) -> list[Statistic]:
    return [r for r in recs if isinstance(r, Statistic)]


def events(recs) -> list[Event]:
    return [r for r in recs if isinstance(r, Event)]


def one_stat(recs) -> Statistic:
    ss = stats(recs)
    assert len(ss) == 1, recs
    return ss[0]


def test_statistics_repeated_attacks_are_one_statistic_beside_the_place_event(build):
    a, recs = build("Over the past 24 hours, Hayat Tahrir al-Sham militants shelled positions of the Syrian army "
                    "near Saraqib four times, the Russian Reconciliation Center said.")
    st = one_stat(recs)
    assert (st.count, st.counted, st.rule) == (4, "shellings", "rule:statistic.repeat.v1")
    assert (st.period_start, st.period_end, st.time_precision) == (PUB - dt.timedelta(days=1), PUB, 1)
    assert st.actor1.name == "HTS: Hayat Tahrir al Sham"
    assert "Reconciliation" in st.claimant and st.outlet == "Test Wire"
    assert st.fatalities is None   # "four times" is no toll
    names = dict(st.spans)
    assert names["count"].text == "four" and names["period"].text == "Over the past 24 hours"
    # one event at the named place (the ACLED unit), not four, and no toll of four
    evs = events(recs)
    assert len(evs) == 1 and evs[0].fatalities is None
    assert STAT_NOTE + st.id in evs[0].notes
    for _, ev in st.spans:
        assert a.text[ev.start:ev.end] == ev.text
    # a sentence reporting a single attack stays an event
    _, recs = build("Regime forces shelled the town of Ariha on Tuesday, killing two civilians.")
    assert not stats(recs)
    assert len(events(recs)) == 1 and events(recs)[0].fatalities == 2


def test_statistics_repeated_attacks_without_a_place_give_no_event(build):
    _, recs = build("In the last day, terrorists carried out 12 shellings on residential areas, the center added.")
    st = one_stat(recs)
    assert (st.count, st.counted) == (12, "shellings")
    assert (st.period_start, st.period_end) == (PUB - dt.timedelta(days=1), PUB)
    assert not events(recs)


def test_statistics_breach_count_without_an_attack_trigger(build):
    _, recs = build("The Russian Reconciliation Center said that 9 ceasefire violations were registered in Idlib "
                    "over the past 24 hours.")
    st = one_stat(recs)
    assert st.breaches == 9 and st.place is not None and st.place.admin1 == "Idleb"
    assert dict(st.spans)["breaches"].text == "9"
    assert not events(recs)


def test_statistics_monthly_and_year_to_date_counts(build):
    _, recs = build("The Response Coordination Group documented 411 breaches during June, which killed 23 "
                    "civilians. The group has documented 1,200 violations since the start of the year.")
    june, ytd = stats(recs)
    assert (june.breaches, june.civilian_fatalities) == (411, 23)
    assert (june.period_start, june.period_end, june.time_precision) == (dt.date(2021, 6, 1), dt.date(2021, 6, 30), 3)
    assert june.claimant == "Response Coordination Group"
    assert ytd.breaches == 1200
    assert (ytd.period_start, ytd.period_end, ytd.time_precision) == (dt.date(2021, 1, 1), PUB, 3)
    assert not events(recs)


def test_statistics_since_the_ceasefire_took_effect_is_a_cumulative_toll(build):
    _, recs = build("Regime shelling killed three civilians in Ariha on Tuesday. The total number of people "
                    "killed since the ceasefire took effect on March 6 rose to 95, the Observatory said.")
    st = one_stat(recs)
    assert st.rule == "rule:statistic.cumulative.v1"
    assert (st.fatalities, st.period_start, st.period_end) == (95, dt.date(2021, 3, 6), PUB)
    assert st.claimant == "Syrian Observatory for Human Rights"
    # no event carries the running total, and the day's event keeps its own toll, counted once
    evs = events(recs)
    assert [e.fatalities for e in evs] == [3]
    assert counted_in(evs[0]) == "" and "figures counted in" not in evs[0].notes


def test_statistics_last_month_and_first_week_of(build):
    _, recs = build("Russian warplanes carried out 20 air strikes in the first week of June, the civil defence "
                    "said. In the previous month, the militants carried out 35 attacks on army positions.")
    week, prev = stats(recs)
    assert (week.count, week.counted, week.actor1.side) == (20, "air strikes", "RUSSIA")
    assert (week.period_start, week.period_end, week.time_precision) == (dt.date(2021, 6, 1), dt.date(2021, 6, 7), 2)
    assert (prev.count, prev.counted) == (35, "attacks")
    assert (prev.period_start, prev.period_end, prev.time_precision) == (dt.date(2021, 6, 1), dt.date(2021, 6, 30), 3)
    assert not events(recs)


def test_statistics_the_count_belongs_to_its_clause(build):
    _, recs = build("Regime forces keep targeting civilians, as Russian warplanes have carried out more than 15 "
                    "raids in the past three days.")
    st = one_stat(recs)
    assert (st.count, st.counted, st.actor1.side) == (15, "air strikes", "RUSSIA")
    assert st.period_end == PUB and st.time_precision == 2
    assert not events(recs)   # three days: no one day's event


def test_statistics_munitions_of_one_attack_keep_the_event(build):
    _, recs = build("Regime forces fired more than 400 shells at the town of Ariha on Tuesday, according to the "
                    "Syrian Observatory for Human Rights.")
    st = one_stat(recs)
    assert (st.count, st.counted) == (400, "munitions")
    assert (st.period_start, st.period_end, st.time_precision) == (dt.date(2021, 6, 29), dt.date(2021, 6, 29), 1)
    assert len(events(recs)) == 1
    # a number of victims before "air strikes" is no count of strikes
    _, recs = build("53 civilians were killed in air strikes on the city of Ariha on Tuesday.")
    assert not stats(recs)
    assert events(recs)[0].fatalities == 53


def test_statistics_whole_war_toll(build):
    _, recs = build("More than 280,000 people have been killed since the start of the uprising, the Observatory "
                    "said.")
    st = one_stat(recs)
    assert st.fatalities == 280000 and st.period_start is None and st.period_end == PUB
    assert all(e.fatalities is None for e in events(recs))


def test_statistics_displacement_total_without_a_trigger(build):
    _, recs = build("More than a million people have been displaced during the last campaign, the council said.")
    st = one_stat(recs)
    assert st.displaced == 1_000_000 and st.period_start is None and st.time_precision == 3
    assert not events(recs)


def test_statistics_a_relative_clause_about_places_is_no_capture(build):
    _, recs = build("Teachers returned to the hamlets that had been captured two years ago, the official said.")
    assert not recs


# -- Arabic ------------------------------------------------------------------------------------------
def test_statistics_arabic_breaches_in_24_hours(build):
    _, recs = build("رصد فريق منسقو استجابة سوريا 15 خرقاً لوقف إطلاق النار خلال الـ24 ساعة الماضية.", lang="ar")
    st = one_stat(recs)
    assert st.breaches == 15 and st.claimant == "Response Coordination Group"
    assert (st.period_start, st.period_end, st.time_precision) == (PUB - dt.timedelta(days=1), PUB, 1)


def test_statistics_arabic_last_month_toll(build):
    _, recs = build("وثق فريق منسقو استجابة سوريا مقتل 12 مدنياً خلال الشهر الماضي جراء قصف قوات النظام.",
                    lang="ar")
    st = one_stat(recs)
    assert (st.civilian_fatalities, st.actor1.side) == (12, "SYRIA_GOV")
    assert (st.period_start, st.period_end) == (dt.date(2021, 6, 1), dt.date(2021, 6, 30))
    assert st.claimant == "Response Coordination Group"
    assert not events(recs)


def test_statistics_arabic_toll_since_the_agreement(build):
    _, recs = build("ارتفعت حصيلة القتلى منذ بدء سريان الاتفاق إلى 95 قتيلاً، بحسب المرصد السوري لحقوق الإنسان.",
                    lang="ar")
    st = one_stat(recs)
    assert (st.rule, st.fatalities, st.period_end) == ("rule:statistic.cumulative.v1", 95, PUB)
    assert st.claimant == "Syrian Observatory for Human Rights"
    assert not events(recs)


def test_statistics_arabic_repeated_shelling(build):
    _, recs = build("قصفت قوات النظام مدينة أريحا أربع مرات خلال الـ24 ساعة الماضية.", lang="ar")
    st = one_stat(recs)
    assert (st.count, st.counted, st.actor1.side) == (4, "shellings", "SYRIA_GOV")
    assert len(events(recs)) == 1 and events(recs)[0].fatalities is None


def test_statistics_arabic_air_strikes_since_the_start_of_the_month(build):
    _, recs = build("شن الطيران الروسي 25 غارة جوية على ريف إدلب منذ بداية الشهر.", lang="ar")
    st = one_stat(recs)
    assert (st.count, st.counted) == (25, "air strikes")
    assert (st.period_start, st.period_end) == (dt.date(2021, 7, 1), PUB)


# -- the cue words are data ----------------------------------------------------------------------------
def test_statistics_cue_categories_are_validated() -> None:
    ok = ("version: 1\nlexicon:\n  statistic:\n    - id: s_x_en\n      lang: en\n      category: week_of\n"
          "      value: 2\n      terms: [in the second week of]\n")
    res = load_from_texts([("user.yaml", ok)])
    assert res.lex_entry("s_x_en").value == 2
    bad = ok.replace("week_of", "weekly_of")
    with pytest.raises(ResourceError) as ei:
        load_from_texts([("user.yaml", bad)])
    assert "weekly_of" in str(ei.value)


def test_statistics_a_trend_over_months_is_no_incident(build):
    # a span of months is no day of its own: the habitual cue stands
    _, recs = build("Over the past few months, militants carried out an increasing number of IED attacks in "
                    "the province of Daraa.")
    assert not events(recs)
