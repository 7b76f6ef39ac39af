"""End to end: the demo corpus (and the seed corpus, when ../shared is present) through ingest,
extraction, events and the store (the session fixtures in conftest.py).

The demo and seed expectations are the acceptance checks of the project: they state what a
reader of each article would code, not what the extractor happens to produce today.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from truceline.model import Event, Evidence, Statistic

SHELLING = "Shelling/artillery/missile attack"


def evidences(r: Event | Statistic) -> list[tuple[str, Evidence]]:
    """Every piece of evidence a record carries: its sentence, its spans, place and actors."""
    out: list[tuple[str, Evidence]] = [("sentence", r.sentence), *r.spans]
    if r.place is not None and r.place.evidence is not None:
        out.append(("place", r.place.evidence))
    for name in ("actor1", "actor2"):
        a = getattr(r, name, None)
        if a is not None and a.evidence is not None:
            out.append((name, a.evidence))
    return out


def describe(records) -> str:
    return "\n".join(f"  {type(r).__name__} {getattr(r, 'sub_event_type', '')} "
                     f"{r.place.name if r.place else '-'} {getattr(r, 'event_date', '')} "
                     f"f={r.fatalities} claimant={r.claimant!r} | {r.sentence.text[:90]!r}" for r in records)


def folded(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.casefold())


# --- the demo corpus -------------------------------------------------------------------------------

def test_pipeline_demo_stores_every_article(demo):
    assert not demo.report.rejects and not demo.report.fatal
    assert demo.report.articles == len(demo.articles) == 7      # page 04 holds three articles
    assert {a.doc_id for a in demo.articles} == {
        "01_north_syria_bulletin_ariha.txt", "02_levant_wire_ariha.txt", "03_shamal_news_ariha_ar.txt",
        "04_frontline_digest_page.txt", "05_response_monitor_may.html"}
    assert [a.language for a in demo.docs("03_")] == ["ar"]
    assert demo.report.events == len(demo.events) and demo.report.statistics == len(demo.statistics)


def test_pipeline_demo_evidence_is_exact_text(demo):
    """Every event's and statistic's evidence (sentence and each span) is the article text at its offsets."""
    assert demo.events and demo.statistics
    for r in [*demo.events, *demo.statistics]:
        art = demo.article(r.article_id)
        for name, ev in evidences(r):
            assert ev.article_id == r.article_id, (r.id, name)
            assert 0 <= ev.start < ev.end <= len(art.text), (r.id, name)
            assert art.text[ev.start:ev.end] == ev.text, (r.id, name, ev)
            if name != "sentence":
                s = r.sentence
                assert s.text in art.text


def test_pipeline_demo_page_split_into_its_articles(demo):
    page = demo.docs("04_")
    assert [a.title for a in page] == ["HTS AND REGIME FORCES CLASH NEAR KAFR TAKHARIM",
                                       "TURKISH DRONE STRIKE HITS SDF POSITION NEAR TALL RIF'AT",
                                       "HTS ARRESTS MEMBERS OF RIVAL GROUP IN SARMADA"]
    assert [a.published for a in page] == [dt.date(2021, 6, 12), dt.date(2021, 6, 13), dt.date(2021, 6, 14)]
    assert all(a.outlet == "Frontline Digest" for a in page)
    for a in page:
        assert a.text.startswith(a.title)
    assert "Related News" not in "".join(a.text for a in page)


@pytest.mark.parametrize("doc", ["01_", "02_", "03_"])
def test_pipeline_demo_ariha_strike_in_each_report(demo, doc):
    evs = demo.events_of(doc)
    ariha = [e for e in evs if e.place and e.place.name == "Ariha" and e.sub_event_type == SHELLING]
    assert ariha, f"no shelling of Ariha in {doc}:\n{describe(evs)}"
    for e in ariha:
        assert e.place.admin1 == "Idleb"
        assert e.event_date == dt.date(2021, 6, 9)
        assert e.event_type == "Explosions/Remote violence"
        assert e.actor1 is not None and e.actor1.side == "SYRIA_GOV"
        assert e.stance == "asserts"


def _ariha_figure(demo, doc: str) -> Event:
    evs = [e for e in demo.events_of(doc) if e.place and e.place.name == "Ariha" and e.sub_event_type == SHELLING
           and e.fatalities is not None]
    assert len(evs) == 1, f"{doc}: expected one Ariha strike with a figure:\n{describe(demo.events_of(doc))}"
    return evs[0]


def test_pipeline_demo_conflicting_figures_keep_their_claimants(demo):
    """The two English reports give different tolls; each keeps its own figure and source."""
    nsb, lw = _ariha_figure(demo, "01_"), _ariha_figure(demo, "02_")
    assert (nsb.fatalities, nsb.civilian_fatalities, nsb.child_fatalities, nsb.injured) == (4, 4, 2, 5)
    assert nsb.claimant == "Syria Civil Defence" and nsb.outlet == "North Syria Bulletin"
    assert lw.fatalities == 6
    assert lw.claimant == "Syrian Observatory for Human Rights" and lw.outlet == "Levant Wire"
    ar = _ariha_figure(demo, "03_")
    assert (ar.fatalities, ar.child_fatalities, ar.injured) == (4, 2, 5)
    assert ar.claimant == "Syria Civil Defence" and ar.outlet == "Shamal News Network"


def test_pipeline_demo_monthly_statistic_is_not_an_event(demo):
    sts = demo.statistics_of("05_")
    assert len(sts) == 1, describe(demo.statistics)
    s = sts[0]
    assert (s.breaches, s.civilian_fatalities, s.child_fatalities, s.women_fatalities, s.displaced) == (
        137, 12, 5, 2, 900)
    assert (s.period_start, s.period_end) == (dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    assert "137 ceasefire breaches" in s.sentence.text
    assert not [e for e in demo.events if "137" in e.sentence.text], describe(demo.events_of("05_"))


def test_pipeline_demo_air_strike_in_the_monitor(demo):
    evs = [e for e in demo.events_of("05_") if e.sub_event_type == "Air/drone strike"]
    assert len(evs) == 1, describe(demo.events_of("05_"))
    e = evs[0]
    assert e.place.name == "Sarmin" and e.event_date == dt.date(2021, 5, 28)
    assert e.fatalities == 3 and e.civilian_fatalities == 3 and e.actor1.side == "RUSSIA"


@pytest.mark.parametrize("phrase", ["may respond", "did not shell", "could follow", "did not violate"])
def test_pipeline_demo_hypothetical_and_negated_are_not_events(demo, phrase):
    bad = [e for e in demo.events if phrase in e.sentence.text and e.stance == "asserts"]
    assert not bad, describe(bad)


def test_pipeline_demo_page_articles_events(demo):
    clash = demo.events_of("04_")
    by_title = {demo.article(e.article_id).title: e for e in clash}
    assert set(by_title) == {a.title for a in demo.docs("04_")}, describe(clash)
    takharim = [e for e in clash if e.place and e.place.name == "Kafr Takharim"]
    assert takharim and takharim[0].sub_event_type == "Armed clash" and takharim[0].fatalities == 5
    drone = [e for e in clash if e.place and e.place.name == "Tall Rif'at"]
    assert drone and drone[0].sub_event_type == "Air/drone strike" and drone[0].event_date == dt.date(2021, 6, 13)
    arrests = [e for e in clash if e.sub_event_type == "Arrests"]
    assert arrests and all(demo.article(e.article_id).published == dt.date(2021, 6, 14) for e in arrests)


# --- the seed corpus (../shared) ---------------------------------------------------------------------

def test_pipeline_seeds_run_without_rejects(seeds):
    assert not seeds.report.rejects and seeds.report.articles >= 5


def test_pipeline_seeds_evidence_is_exact_text(seeds):
    for r in [*seeds.events, *seeds.statistics]:
        art = seeds.article(r.article_id)
        for name, ev in evidences(r):
            assert art.text[ev.start:ev.end] == ev.text, (r.id, name, ev)


def test_pipeline_seed000_monthly_statistic(seeds):
    sts = seeds.statistics_of("000_")
    got = [s for s in sts if s.breaches == 411]
    assert len(got) == 1, describe(sts)
    s = got[0]
    assert s.civilian_fatalities == 31, describe(got)
    assert (s.child_fatalities, s.women_fatalities, s.displaced) == (13, 4, 2500), describe(got)
    assert (s.period_start, s.period_end) == (dt.date(2021, 6, 1), dt.date(2021, 6, 30)), describe(got)
    assert s.claimant == "Response Coordination Group"


@pytest.mark.parametrize("place", ["Kafr Lata", "Kansafra"])
def test_pipeline_seed000_strikes_on_turkish_posts(seeds, place):
    evs = seeds.events_of("000_")
    key = folded(place)[:7]
    at = [e for e in evs if e.place and folded(e.place.name).startswith(key)]
    assert at, f"no event at {place}:\n{describe(evs)}"
    hits = [e for e in at if e.event_type == "Explosions/Remote violence"
            and e.actor2 is not None and e.actor2.side == "TURKEY"]
    assert hits, f"no strike on a Turkish post at {place}:\n{describe(at)}\n" + "\n".join(
        f"  actor1={e.actor1 and e.actor1.name} actor2={e.actor2 and e.actor2.name}" for e in at)


def test_pipeline_seed001_conflicting_casualty_claims(seeds):
    """The attack on the Jaysh al-Izza post: 23 dead (the article) vs 19 killed and 6 IRGC dead
    (the faction's spokesman); two claims, each with its own claimant."""
    evs = seeds.events_of("001_")
    first = [e for e in evs if e.fatalities == 23]
    second = [e for e in evs if e.fatalities in (19, 25)]
    assert len(first) == 1 and len(second) == 1, describe(evs)
    a, b = first[0], second[0]
    assert a.place and a.place.admin1 == "Hama", describe([a])
    assert b.place and b.place.admin1 == "Hama", describe([b])
    assert a.claimant and b.claimant and a.claimant != b.claimant, describe([a, b])
    assert "Maarati" in b.claimant or "Izza" in b.claimant, describe([b])


def test_pipeline_user_dictionary_outlets_reach_the_page_splitter(tmp_path):
    """An outlet of a --dict file is known to the splitter of multi-article pages in a run."""
    from truceline import pipeline
    from truceline.ingest import split
    from truceline.settings import Settings

    extra = tmp_path / "mine.yaml"
    extra.write_text("version: 1\noutlets:\n  - id: weekly_front\n    name: Weekly Front Review\n"
                     "    alignment: other\n    aliases: [WFR]\n", encoding="utf-8")
    try:
        pipeline.extractor_for(Settings(dictionaries=(str(extra),)))
        assert split.outlet_name("WFR") == "Weekly Front Review"
        pipeline.extractor_for(Settings())
        assert split.outlet_name("WFR") == ""
    finally:
        split.use_resources(None)
