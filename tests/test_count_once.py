"""Within one article the deaths of one incident count once (builder._count_once, export.score_event)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from truceline.events import EventBuilder
from truceline.export import score_event
from truceline.extract import default_extractor
from truceline.model import Article, Event, counted_in


@pytest.fixture(scope="module")
def run():
    ex = default_extractor()
    b = EventBuilder(ex)

    def go(text: str, title: str = "", published=dt.date(2016, 8, 12)):
        a = Article(id="c1", text=text, title=title, language="en", published=published, outlet="Test Wire")
        return a, [r for r in b.build(a, ex.sentences(a)) if isinstance(r, Event)], ex.sentences(a)
    return go


def total(evs, field="civilian_fatalities"):
    return sum(score_event(e)[field] or 0 for e in evs)


def test_another_sources_toll_for_the_incident_counts_once(run):
    _, evs, _ = run("Regime air strikes on the town of Ariha in Idlib province killed 26 civilians on Friday, "
                    "the Syrian Observatory for Human Rights said. The Local Coordination Committees said the "
                    "raids on Ariha killed 29 civilians.")
    assert sorted(e.civilian_fatalities for e in evs if e.civilian_fatalities) == [26, 29]  # two claims kept
    assert total(evs) == 26
    assert sum(1 for e in evs if counted_in(e)) == 1


def test_toll_broken_down_by_place_counts_once(run):
    _, evs, _ = run("Regime air strikes on rebel-held towns in Idlib province killed 20 civilians on Friday. "
                    "In Saraqib, raids killed 12 civilians on Friday, the monitor said.")
    assert total(evs) == 20


def test_exact_toll_replaces_the_vague_headline_figure(run):
    _, evs, _ = run("Dozens of civilians have been killed in regime air strikes on Ariha in Idlib province on "
                    "Friday. Activists said that 58 civilians were killed in the raids on Ariha.")
    assert total(evs) == 58


def test_incidents_of_other_governorates_and_days_still_count(run):
    _, evs, _ = run("Regime air strikes killed 10 civilians in Ariha in Idlib province on Friday. "
                    "Rebel shelling killed 4 civilians in the city of Homs on Friday.")
    assert total(evs) == 14


def test_recalled_earlier_incident_is_not_the_articles_news(run):
    _, evs, _ = run("A car bomb killed 9 civilians in the town of Azaz on Friday, August 12. "
                    "A similar bombing in the same square on July 25 killed at least seven people.")
    assert total(evs) == 9
    assert any(counted_in(e) == "recalled incident" for e in evs)


def test_headline_run_into_its_lede_is_a_sentence(run):
    title = "Six Killed in Aleppo Bombing as Evacuation Resumes"
    a, _, sents = run("Posted on April 19 2017 " + title + " Six people were killed and dozens wounded in a blast "
                      "that rocked the northern city of Aleppo.", title=title, published=dt.date(2017, 4, 19))
    texts = [a.text[s.start:s.end] for s in sents]
    assert texts[0].endswith("Evacuation Resumes")
    assert texts[1].startswith("Six people were killed")


def test_title_not_at_the_start_changes_nothing(run):
    a, _, sents = run("Six people were killed in Aleppo. " * 12 + "Six Killed in Aleppo Bombing here.",
                      title="Six Killed in Aleppo Bombing")
    assert len(sents) == 13


def test_same_toll_is_the_same_incident_whatever_the_dates(run):
    _, evs, _ = run("At least 61 civilians were killed in air strikes on a market in the town of Ariha in Idlib "
                    "province on Friday. The Syrian Observatory said three air strikes on the market of the city "
                    "of Homs killed at least 61 civilians on Monday.", published=dt.date(2017, 11, 14))
    assert total(evs) == 61


def test_updated_toll_replaces_the_first(run):
    _, evs, _ = run("Regime air raids killed 17 civilians in the town of Douma on Thursday. "
                    "The toll from the regime air raids on Douma has risen to 42 civilians, activists said.")
    assert total(evs) == 42


def test_recall_cue_marks_an_earlier_incident(run):
    _, evs, _ = run("A suicide bomber killed four civilians in a hospital in the town of Ariha in Idlib province. "
                    "The Observatory reported that troops had executed 48 civilians earlier this week in a "
                    "village in Aleppo province.")
    assert total(evs) == 4


def test_lead_event_is_the_first_report_of_deaths(run):
    # the headline has no toll and is dated by publication; the incident of two days before is the news
    _, evs, _ = run("Russian airstrikes hit the town of Atareb in Aleppo province on Friday. "
                    "The only hospital in the town of Kafr Hamra in Aleppo province was destroyed in Russian "
                    "airstrikes on Wednesday, August 10, killing three medics.", published=dt.date(2016, 8, 12))
    assert total(evs) == 3


def test_civilian_count_at_least_the_toll_replaces_a_toll_without_one(run):
    _, evs, _ = run("At least 40 people were killed in Aleppo on Tuesday, the Syrian Observatory said. "
                    "Activists said that air strikes on Aleppo killed 45 civilians on Tuesday.")
    assert total(evs) == 45


def test_unspecified_dead_of_a_bombing_reported_in_the_next_sentence_are_civilians(run):
    _, evs, _ = run("A suicide bomber on a motorcycle blew himself up in a crowd outside a bakery in the city of "
                    "Hasakah on Tuesday. Kurdish police put the death toll at 16.")
    assert total(evs) == 16


def test_report_telling_civilians_from_soldiers_gives_the_civilians(run):
    _, evs, _ = run("A suicide bomber killed four people in a hospital in the town of Qardaha in Latakia province "
                    "on Sunday. \"Two women and two soldiers were killed in the attack\" said the Observatory.")
    assert total(evs) == 2
    assert total(evs, "women_fatalities") == 2


def test_toll_of_several_governorates_counts_its_parts_once(run):
    _, evs, _ = run("Four civilians were killed in rebel rocket attacks on Aleppo and Quneitra on Tuesday. "
                    "A source in Quneitra said a rocket killed one civilian in the town of Baath on Tuesday.")
    assert total(evs) == 4


def test_enclosed_governorate_is_one_area_with_the_one_around_it():
    # Damascus lies inside Rural Damascus: a strike "near Damascus" and one on Douma may be one incident
    from truceline.events.builder import _same_incident
    from truceline.model import Evidence, Place
    ev = Evidence(article_id="a", start=0, end=1, text="x", source="rule:sentence.v1")

    def e(admin1, name):
        return Event(id=name, article_id="a", event_type="Explosions/Remote violence",
                     sub_event_type="Air/drone strike", event_date=dt.date(2017, 4, 3), fatalities=22,
                     civilian_fatalities=22, place=Place(name=name, admin1=admin1), sentence=ev)
    a, b = e("Damascus", "Damascus"), replace(e("Rural Damascus", "Duma"), fatalities=16, civilian_fatalities=16)
    assert _same_incident(a, b, {"Damascus"}, {"Damascus": "Rural Damascus"})
    assert not _same_incident(a, b, {"Damascus"}, {})


def test_fighters_of_the_toll_are_not_made_civilians_by_a_vaguer_report(run):
    _, evs, _ = run("An Israeli airstrike on a village in Quneitra province killed five pro-regime fighters on "
                    "Wednesday. The strike hit a car in the village killing two men and three men from the town.")
    assert total(evs) == 0


def test_deaths_in_a_sentence_typed_otherwise_are_still_the_incident():
    from truceline.events.builder import _same_incident
    from truceline.model import Evidence, Place
    ev = Evidence(article_id="a", start=0, end=1, text="x", source="rule:sentence.v1")
    strike = Event(id="s", article_id="a", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                   event_date=dt.date(2016, 9, 10), fatalities=45, civilian_fatalities=45,
                   place=Place(name="Aleppo", admin1="Aleppo"), sentence=ev)
    deal = replace(strike, id="d", event_type="Strategic developments", sub_event_type="Agreement",
                   fatalities=40, civilian_fatalities=40)
    assert _same_incident(strike, deal, {"Aleppo"}, {})


def test_same_toll_is_a_restatement_not_a_recalled_incident(run):
    # the body's weekday resolves to an earlier date, but the toll is the headline's
    _, evs, _ = run("52 dead as rival groups clash in Eastern Ghouta on Tuesday, August 16. At least 50 fighters and "
                    "two civilians were killed on Saturday, August 13, in clashes between rival groups, the monitor "
                    "said.", published=dt.date(2016, 8, 16))
    assert total(evs) == 2


def test_inferred_civilians_do_not_replace_a_toll_of_fighters(run):
    _, evs, _ = run("Jihadists executed three officers of the rebel army in the town of Mayadin in Deir Ezzor "
                    "province on Saturday, June 21. The bodies of the three were found on Thursday, June 19, two "
                    "days after militants kidnapped and killed three people in the bombing of a car.",
                    published=dt.date(2014, 6, 21))
    assert total(evs) == 0


def test_headline_takes_the_place_of_the_first_of_the_next_five_sentences(run):
    title = "86 dead in suspected chemical attack New toll"
    text = (title + " The death toll from a suspected chemical attack has risen to 86. "
            "The attack caused outrage. Doctors described the symptoms. Witnesses spoke of panic. "
            "Rescuers worked in the town of Khan Shaykhun in Idlib province.")
    _, evs, _ = run(text, title=title)
    assert evs and evs[0].place is not None and evs[0].place.admin1 == "Idleb"


def test_a_date_taken_from_another_sentence_does_not_tell_incidents_apart():
    from truceline.events.builder import _same_incident
    from truceline.model import Evidence, Place
    ev = Evidence(article_id="a", start=0, end=1, text="x", source="rule:sentence.v1")
    own = Evidence(article_id="a", start=0, end=1, text="x", source="rule:date.v1")
    head = Event(id="h", article_id="a", event_type="Explosions/Remote violence", sub_event_type="Chemical weapon",
                 event_date=dt.date(2013, 8, 21), fatalities=100, civilian_fatalities=100,
                 place=Place(name="Damascus", admin1="Damascus"), sentence=ev, spans=(("event_date", own),))
    body = replace(head, id="b", event_date=dt.date(1988, 1, 1), fatalities=494, civilian_fatalities=494, spans=())
    assert _same_incident(head, body, {"Damascus"}, {})
    assert not _same_incident(head, replace(body, spans=(("event_date", own),)), {"Damascus"}, {})


def test_governorates_a_headline_names_without_places_cover_their_reports(run):
    title = "Rebel Rocket Attacks Kill 12 Civilians in Aleppo Hama"
    _, evs, _ = run(title + " Rebel rocket attacks killed 12 civilians in the city of Aleppo on Sunday. "
                    "Rockets also hit the town of Suqaylabiyah in Hama province on Sunday killing one civilian.",
                    title=title)
    assert total(evs) == 12


def test_exact_toll_of_a_vague_dated_lede_counts_instead(run):
    _, evs, _ = run("21 Jul 2016 Dozens of civilians have reportedly been killed by US-led air strikes near the city "
                    "of Manbij in Aleppo province. Reports say at least 73 civilians were killed in air strikes on "
                    "Tuesday, July 19, in the village of Tokhar near Manbij.", published=dt.date(2016, 7, 21))
    assert total(evs) == 73


def test_unspecified_dead_of_clashes_stay_unspecified(run):
    _, evs, _ = run("Clashes broke out between rebels and the army in the town of Azaz on Monday. "
                    "Police put the death toll at 16.")
    assert sum(e.fatalities or 0 for e in evs) == 16
    assert total(evs) == 0


def test_planted_bomb_and_shelling_in_two_towns_are_two_incidents(run):
    # one governorate, one day, but a car bomb in one town and shelling on another: both tolls count
    _, evs, _ = run("A car bomb exploded in the market of Azaz in Aleppo province on Monday, killing 4 civilians.\n"
                    "Regime shelling on the town of Atareb in Aleppo province killed two civilians on Monday.")
    assert sorted(e.civilian_fatalities for e in evs if e.civilian_fatalities) == [2, 4]
    assert total(evs) == 6
    assert not any(counted_in(e) for e in evs)


def test_arabic_also_report_is_one_more_incident():
    # "كما قتلت سيدة ..." (also a woman was killed): not a part of the toll before it
    ex = default_extractor()
    text = ("قال المراسل إن 4 مدنيين قتلوا بقصف قوات الأسد على أحياء سكنية في مدينة إدلب. كما قتلت سيدة وجرح "
            "طفلها، فجر اليوم الأربعاء، بقصف صاروخي استهدف قرية مرعيان في منطقة جبل الزاوية بريف إدلب الجنوبي.")
    a = Article(id="c2", text=text, language="ar", published=dt.date(2021, 9, 8), outlet="Test Wire")
    evs = [r for r in EventBuilder(ex).build(a, ex.sentences(a)) if isinstance(r, Event)]
    assert sorted(e.civilian_fatalities for e in evs if e.civilian_fatalities) == [1, 4]
    assert total(evs) == 5




def test_report_telling_apart_the_dead_replaces_inferred_civilians(run):
    # the lede's 40 are civilians only by inference (generic victims of an attack); the body says who
    # the dead were: 15 civilians and 27 fighters
    _, evs, _ = run("Islamic State militants attacked two villages in Hama province on Thursday, killing over 40 "
                    "people. The monitor said the attack on the two villages in Hama killed 15 civilians and 27 "
                    "pro-government fighters on Thursday.")
    assert total(evs) == 15, [(e.fatalities, e.civilian_fatalities, e.notes) for e in evs]


def test_report_naming_no_civilians_does_not_replace_inferred_civilians(run):
    _, evs, _ = run("A bomb blast in the village of Qabasin in Aleppo province killed three people on Thursday. "
                    "The monitor said six fighters were killed in the blast in Qabasin on Thursday.")
    assert total(evs) == 3, [(e.fatalities, e.civilian_fatalities, e.notes) for e in evs]


def test_count_once_link_is_a_typed_field():
    """The link is the Event's own field (not only a note to parse), and stored records keep it."""
    from truceline.model import Event, Evidence, counted_in
    import json

    from truceline.serialize import dumps, from_dict

    ev = Evidence(article_id="a", start=0, end=4, text="text", source="rule:sentence.v1")
    e = Event(id="e2", article_id="a", event_type="Battles", sub_event_type="Armed clash", sentence=ev,
              counted_in="e1")
    assert counted_in(e) == "e1"
    assert from_dict(Event, json.loads(dumps(e))).counted_in == "e1"
    # a record stored before the field existed keeps the link in its notes
    old = Event(id="e3", article_id="a", event_type="Battles", sub_event_type="Armed clash", sentence=ev,
                notes="figures counted in e1")
    assert counted_in(old) == "e1"


def test_builder_sets_the_typed_link(run):
    _, evs, _ = run("Regime air strikes on the town of Ariha in Idlib province killed 26 civilians on Friday, "
                    "the Syrian Observatory for Human Rights said. The Local Coordination Committees said the "
                    "raids on Ariha killed 29 civilians.")
    linked = [e for e in evs if e.counted_in]
    assert len(linked) == 1 and linked[0].counted_in in {e.id for e in evs if e is not linked[0]}
