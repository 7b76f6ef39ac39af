"""The link stage: events of many articles -> incidents with claims (docs/linking.md)."""
from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from dataclasses import replace

import pytest
from click.testing import CliRunner

from conftest import DEMO, SEED_GAZETTEER, SEED_MANIFEST, SEEDS, need_shared
from truceline.cli import cli
from truceline.errors import TrucelineError
from truceline.export import INCIDENT_CSV_COLUMNS, UCDP_COLUMNS, write_export
from truceline.link import Linker, build_incident, compare, default_rules, link_events, load_rules
from truceline.link.claims import contradictions, source_groups, summarize
from truceline.link.incidents import incident_fit
from truceline.link.store import link_store
from truceline.model import Actor, Article, Claim, Event, Incident, Place, evidence
from truceline.resources import load_resources
from truceline.serialize import dumps, from_dict
from truceline.store import Store

D = dt.date(2021, 6, 9)
RULES = default_rules()

# places (coordinates as in GeoNames): Ariha, a point 1 km away, one 6 km away, Sarmin (~15 km)
ARIHA = (35.8137, 36.6096)
ARIHA_1KM = (35.8227, 36.6096)
ARIHA_6KM = (35.8677, 36.6096)
SARMIN = (35.9040, 36.7250)

GOV = ("syria_gov", "Military Forces of Syria (2000-)", 1, "SYRIA_GOV")
RUS = ("russia", "Military Forces of Russia (2000-)", 8, "RUSSIA")
HTS = ("hts", "HTS: Hayat Tahrir al Sham", 2, "OPPOSITION")
CIV = ("civilians", "Civilians (Syria)", 7, "CIVILIANS")


def claim(eid: str, *, art: str = "", sub: str = "Shelling/artillery/missile attack",
          etype: str = "Explosions/Remote violence", date: dt.date | None = D, tp: int = 1,
          xy: tuple[float, float] | None = ARIHA, gp: int = 1, admin1: str = "Idleb", gid: str = "",
          actor1: tuple | None = GOV, actor2: tuple | None = CIV, deaths: int | None = None,
          claimant: str = "", outlet: str = "", alignment: str = "", stance: str = "asserts") -> Claim:
    return Claim(event_id=eid, article_id=art or f"a-{eid}", claimant=claimant or f"src-{eid}", outlet=outlet,
                 alignment=alignment, event_type=etype, sub_event_type=sub, event_date=date, time_precision=tp,
                 location="here" if xy else "", latitude=xy[0] if xy else None, longitude=xy[1] if xy else None,
                 admin1=admin1, geo_precision=gp if (xy or admin1) else None, gazetteer_id=gid,
                 actor1=actor1[1] if actor1 else "", actor1_side=actor1[3] if actor1 else "",
                 actor2=actor2[1] if actor2 else "", actor2_side=actor2[3] if actor2 else "",
                 fatalities=deaths, stance=stance, evidence=f"evidence of {eid}")


# ------------------------------------------------------------------------------- compare
def test_link_compare_same_place_and_day_links_with_reasons():
    r = compare(claim("a"), claim("b", xy=ARIHA_1KM))
    assert r.linked and r.place_rule == "within-distance" and r.distance_km == pytest.approx(1.0, abs=0.05)
    assert (r.type_rule, r.date_rule, r.date_gap_days, r.actor_rule) == ("same-sub-type", "within-window", 0, "same-side")
    assert r.why.startswith("linked:")


def test_link_compare_distance_depends_on_geo_precision():
    far = compare(claim("a"), claim("b", xy=ARIHA_6KM))
    assert not far.linked and far.place_rule == "too-far" and far.distance_limit_km == 2.0
    assert "6.0 km apart" in far.why
    near = compare(claim("a"), claim("b", xy=ARIHA_6KM, gp=2))   # "near Ariha": 10 km
    assert near.linked and near.distance_limit_km == 10.0
    region = compare(claim("a"), claim("b", xy=None, gp=3))      # "in Idlib governorate"
    assert region.linked and region.place_rule == "same-admin1"
    other = compare(claim("a"), claim("b", xy=None, gp=3, admin1="Hama"))
    assert not other.linked and other.place_rule == "other-admin1"


def test_link_compare_date_window_depends_on_time_precision():
    assert compare(claim("a"), claim("b", date=D + dt.timedelta(days=1))).linked
    r = compare(claim("a"), claim("b", date=D + dt.timedelta(days=3)))
    assert not r.linked and r.date_rule == "too-far" and r.date_limit_days == 1
    assert compare(claim("a"), claim("b", date=D + dt.timedelta(days=5), tp=2)).linked      # week precision
    assert not compare(claim("a"), claim("b", date=D + dt.timedelta(days=9), tp=2)).linked


def test_link_compare_types():
    clash = compare(claim("a"), claim("b", sub="Armed clash", etype="Battles"))
    assert clash.linked and clash.type_rule == "compatible-types"
    air = compare(claim("a"), claim("b", sub="Air/drone strike"))
    assert air.linked and air.type_rule == "same-event-type"
    sd = dict(etype="Strategic developments", actor2=None)
    r = compare(claim("a", sub="Agreement", **sd), claim("b", sub="Arrests", **sd))
    assert not r.linked and r.type_rule == "incompatible"
    assert not compare(claim("a"), claim("b", sub="Peaceful protest", etype="Protests")).linked


def test_link_compare_opposite_camps_need_the_same_day_and_place():
    exact = compare(claim("a"), claim("b", actor1=HTS))
    assert exact.linked and exact.actor_rule == "opposite-camps"
    week = compare(claim("a", tp=2), claim("b", actor1=HTS, tp=2))
    assert not week.linked and "opposite camps" in week.why
    assert compare(claim("a"), claim("b", actor1=RUS)).actor_rule == "same-camp"
    assert compare(claim("a"), claim("b", actor1=None)).actor_rule == "unknown"


def test_link_compare_undated_reports_need_the_same_place():
    assert compare(claim("a", date=None), claim("b", xy=ARIHA_1KM)).linked
    r = compare(claim("a", date=None), claim("b", xy=ARIHA_6KM, gp=2))
    assert not r.linked and r.date_rule == "undated"
    assert not compare(claim("a", date=None, xy=None, gp=3), claim("b", xy=None, gp=3)).linked


def test_link_compare_no_place_never_links():
    r = compare(claim("a", xy=None, admin1=""), claim("b"))
    assert not r.linked and r.place_rule == "no-place"


# ------------------------------------------------------------------------------- claims
def test_link_independent_sources_share_no_outlet_or_claimant():
    cs = [claim("a", claimant="Syria Civil Defence", outlet="North Syria Bulletin"),
          claim("b", claimant="Syria Civil Defence", outlet="Shamal News Network"),   # same claimant
          claim("c", claimant="SOHR", outlet="Levant Wire"),
          claim("d", claimant="a local source", outlet="Levant Wire")]                # same outlet
    assert source_groups(cs) == [[0, 1], [2, 3]]


def test_link_figures_low_best_high_and_acled_minimum():
    cs = [claim("a", deaths=4, claimant="SCD"), claim("b", deaths=4, claimant="SCD", outlet="other"),
          claim("c", deaths=6, claimant="SOHR"), claim("d", deaths=9, claimant="Local council")]
    s = summarize(cs, RULES)
    # SCD's repeated 4 counts once: figures 4, 6, 9
    assert (s["fatalities_low"], s["fatalities_best"], s["fatalities_high"], s["fatalities_acled"]) == (4, 6, 9, 4)
    assert s["n_claims"] == 4 and s["n_sources"] == 3
    even = summarize([claim("a", deaths=4), claim("b", deaths=6)], RULES)
    assert even["fatalities_best"] == 4          # the lower median: a figure some source gave
    none = summarize([claim("a")], RULES)
    assert (none["fatalities_best"], none["fatalities_acled"]) == (None, 0)
    denied = summarize([claim("a", deaths=5), claim("b", deaths=0, stance="denied")], RULES)
    assert denied["fatalities_low"] == 5          # a denial gives no figure


def test_link_contradictions_with_tolerance():
    kinds = lambda cs: {x.kind for x in contradictions(cs, RULES)}  # noqa: E731
    assert kinds([claim("a", deaths=4), claim("b", deaths=6)]) == {"fatalities"}
    assert kinds([claim("a", deaths=23), claim("b", deaths=25)]) == set()   # within 10%
    assert kinds([claim("a", deaths=23), claim("b", deaths=19)]) == {"fatalities"}
    assert kinds([claim("a"), claim("b", stance="denied")]) == {"stance"}
    assert kinds([claim("a"), claim("b", actor1=RUS)]) == {"perpetrator"}
    assert kinds([claim("a"), claim("b", actor1=None)]) == set()
    assert kinds([claim("a", gid="g:1"), claim("b", gid="g:2", xy=ARIHA_1KM)]) == set()  # same "here" name
    assert kinds([claim("a", date=D), claim("b", date=D + dt.timedelta(days=1))]) == {"date"}


def test_link_opposite_alignments_agree_or_disagree():
    gov = dict(claimant="SANA", alignment="pro-government")
    opp = dict(claimant="Enab Baladi", alignment="pro-opposition")
    assert summarize([claim("a", deaths=5, **gov), claim("b", deaths=5, **opp)], RULES)["opposite_alignments"] == "agree"
    assert summarize([claim("a", deaths=5, **gov), claim("b", deaths=9, **opp)], RULES)["opposite_alignments"] == "disagree"
    assert summarize([claim("a", deaths=5, **gov), claim("b", deaths=9, claimant="SOHR",
                                                         alignment="humanitarian-monitor")],
                     RULES)["opposite_alignments"] == ""


# ------------------------------------------------------------------------------- linker
def test_link_linker_joins_reports_and_keeps_every_claim():
    lk = Linker(RULES)
    i1 = lk.add_claim(claim("a", deaths=4, claimant="SCD"))
    i2 = lk.add_claim(claim("b", xy=ARIHA_1KM, deaths=6, claimant="SOHR"))
    i3 = lk.add_claim(claim("c", xy=SARMIN, deaths=2))
    assert i1 == i2 != i3
    inc = lk.incidents[i1]
    assert [c.event_id for c in inc.claims] == ["a", "b"] and inc.links[1].linked_to == "a"
    assert (inc.fatalities_low, inc.fatalities_high, inc.n_sources) == (4, 6, 2)
    assert [x.kind for x in inc.contradictions] == ["fatalities"]
    assert lk.changed == {i1, i3}


def test_link_one_article_repeating_a_report_gives_one_claim():
    lk = Linker(RULES)
    i1 = lk.add_claim(claim("a", art="A1", claimant="SCD"))
    i2 = lk.add_claim(claim("b", art="A1", claimant="SCD", deaths=4, xy=ARIHA_1KM))
    assert i1 == i2
    inc = lk.incidents[i1]
    assert len(inc.claims) == 1 and inc.claims[0].fatalities == 4 and len(inc.links) == 2
    assert "merged" in inc.links[1].why
    # the same article giving another source's different figure: a second claim, still one source
    lk.add_claim(claim("c", art="A1", claimant="the spokesman", deaths=9))
    inc = lk.incidents[i1]
    assert len(inc.claims) == 2 and inc.n_sources == 1


def test_link_vague_reports_do_not_chain_far_apart_reports():
    lk = Linker(RULES)
    i1 = lk.add_claim(claim("a", date=D))
    i2 = lk.add_claim(claim("b", date=None, xy=ARIHA_1KM))            # undated, same place: joins
    i3 = lk.add_claim(claim("c", date=D + dt.timedelta(days=20)))      # would link to "b" alone
    assert i1 == i2 != i3
    assert "days from the incident" in incident_fit(claim("c", date=D + dt.timedelta(days=20)),
                                                    lk.incidents[i1], RULES)


def test_link_blocking_finds_what_brute_force_finds():
    """The week / map-cell / admin1 / place-name / named-day index never misses a linkable claim."""
    rng = random.Random(7)
    lk = Linker(RULES)
    plain: list[Claim] = []
    for k in range(400):
        gp = rng.choice((1, 1, 2, 3))
        xy = None if gp == 3 else (35.8 + rng.random() * 0.3, 36.5 + rng.random() * 0.3)
        c = claim(f"e{k}", date=None if rng.random() < 0.1 else D + dt.timedelta(days=rng.randrange(60)),
                  tp=rng.choice((1, 1, 2, 3)), xy=xy, gp=gp, admin1=rng.choice(("Idleb", "Idleb", "Hama")),
                  actor1=rng.choice((GOV, RUS, HTS, None)))
        if rng.random() < 0.3:   # a village the gazetteer does not know, located by a town or a region
            c = replace(c, gazetteer_id="located:geonames:1" if xy else "located:region:r",
                        location=rng.choice(("قرية الكفير", "كنصفرة", "Al Bara")))
        if c.event_date is None or c.time_precision != 1:   # the day the undated text names
            c = replace(c, weekday=rng.choice((None, 1, 2, 5)), month_day=rng.choice(("", "06-09", "06-10", "07-01")))
        plain.append(c)
    for c in plain:
        found = lk.best_match(c)
        brute = [(compare(c, o, RULES).score, iid) for iid, inc in lk.incidents.items() for o in inc.claims
                 if compare(c, o, RULES).linked and incident_fit(c, inc, RULES) == ""]
        assert (found is None) == (not brute), c
        if found is not None:
            assert found.score == min(brute)[0]
        lk.add_claim(c)


def test_link_events_from_english_and_arabic_articles():
    arts, evs = [], []
    for k, (lang, text, n) in enumerate([("en", "Regime shelling killed four civilians in Ariha.", 4),
                                         ("ar", "مقتل أربعة مدنيين بقصف مدفعي على أريحا", 4)]):
        a = Article(id=f"art{k}", text=text, language=lang, published=D, outlet=f"Outlet {k}")
        arts.append(a)
        ev = evidence(a, 0, len(text), "test")
        evs.append(Event(id=f"ev{k}", article_id=a.id, event_type="Explosions/Remote violence",
                         sub_event_type="Shelling/artillery/missile attack", event_date=D, sentence=ev,
                         actor1=Actor(id=GOV[0], name=GOV[1], inter=1, side=GOV[3]),
                         place=Place(name="Ariha", latitude=ARIHA[0], longitude=ARIHA[1], admin1="Idleb"),
                         fatalities=n, claimant="Syria Civil Defence", outlet=f"Outlet {k}"))
    lk = link_events(evs, {a.id: a for a in arts}, resources=load_resources())
    (inc,) = lk.incidents.values()
    assert [c.language for c in inc.claims] == ["en", "ar"]
    assert inc.n_sources == 1                      # both quote the Civil Defence
    assert inc.claims[0].alignment == "humanitarian-monitor"   # the claimant's alignment (outlets.yaml)


def test_link_incident_round_trips_through_json():
    lk = Linker(RULES)
    iid = lk.add_claim(claim("a", deaths=4))
    lk.add_claim(claim("b", deaths=7, stance="denied"))
    inc = lk.incidents[iid]
    assert from_dict(Incident, json.loads(dumps(inc))) == inc


def test_link_rules_file_is_validated(tmp_path):
    bad = tmp_path / "rules.yaml"
    text = (DEMO.parent / "resources" / "linking.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("Armed clash", "Armed klash"), encoding="utf-8")
    with pytest.raises(TrucelineError, match="E320.*Armed klash"):
        load_rules(bad)
    bad.write_text(text.replace("side_camps:", "side_camp:"), encoding="utf-8")
    with pytest.raises(TrucelineError, match="E320"):
        load_rules(bad)
    good = tmp_path / "good.yaml"
    good.write_text(text.replace("  1: 2.0", "  1: 0.5"), encoding="utf-8")
    assert load_rules(good).distance_km[1] == 0.5


# ------------------------------------------------------------------------------- store, CLI, exports
def test_link_demo_ariha_reports_are_one_incident(demo):
    """The demo's two English and one Arabic report of the Ariha shelling: one incident, three
    claims, two independent sources (two outlets quote the Civil Defence), 4/4/6 dead."""
    ariha = [i for i in demo.incidents if i.location == "Ariha" and i.sub_event_type.startswith("Shelling")]
    assert len(ariha) == 1
    inc = ariha[0]
    assert inc.n_claims == 3 and inc.n_sources == 2
    assert {c.language for c in inc.claims} == {"en", "ar"}
    assert (inc.fatalities_low, inc.fatalities_best, inc.fatalities_high, inc.fatalities_acled) == (4, 4, 6, 4)
    assert "fatalities" in {x.kind for x in inc.contradictions}
    assert demo.report.linked is not None and demo.report.linked.events == len(demo.events)


def _copy(src, dst):
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def test_link_incremental_ingest_joins_existing_incidents(tmp_path):
    from truceline import pipeline
    from truceline.settings import Settings

    db = tmp_path / "inc.db"
    s = Settings()
    man = DEMO / "manifest.jsonl"
    r1 = pipeline.run_to_store([str(DEMO / "01_north_syria_bulletin_ariha.txt")], db, s,
                               pipeline.ingest_options(s, manifest=man))
    with Store.open(db) as st:
        (first,) = [i for i in st.iter_incidents() if i.location == "Ariha" and i.n_claims == 1
                    and i.sub_event_type.startswith("Shelling")]
        n1 = st.counts()["incidents"]
    r2 = pipeline.run_to_store([str(DEMO / "02_levant_wire_ariha.txt"), str(DEMO / "03_shamal_news_ariha_ar.txt")],
                               db, s, pipeline.ingest_options(s, manifest=man))
    assert r1.linked.incidents_new == n1 and r2.linked.incidents_new == 0 and r2.linked.events == 2
    with Store.open(db) as st:
        inc = next(st.iter_incidents(id=first.id))
        assert inc.n_claims == 3 and st.counts()["incidents"] == n1
        again = link_store(st)
        assert again.events == 0 and again.incidents_changed == 0
        # an article whose events are rewritten leaves its incident stale: it is re-linked
        st._conn.execute("DELETE FROM incident_members WHERE event_id = ?", (inc.claims[1].event_id,))
        assert st.stale_incidents() == [inc.id]
        res = link_store(st)
        assert res.dissolved == 1
        assert [i.n_claims for i in st.iter_incidents() if i.location == "Ariha"
                and i.sub_event_type.startswith("Shelling")] == [3]


def test_link_schema_migration_adds_incident_tables(tmp_path):
    import truceline.store as store_mod

    db = tmp_path / "v1.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)")
    for stmt in store_mod._statements(store_mod._SCHEMA_V1):
        conn.execute(stmt)
    conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.commit()
    conn.close()
    with Store.open(db) as st:
        assert st.schema_version >= 2   # later migrations follow (3: the agreement columns)
        assert {"incidents", "incident_members", "claims"} <= set(st.counts())


def test_link_exports_incidents_claims_and_ucdp(demo, tmp_path):
    with Store.open(demo.db, readonly=True) as st:
        incs = list(st.iter_incidents())
    out = tmp_path / "i.csv"
    write_export(incs, "incidents-csv", out)
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == INCIDENT_CSV_COLUMNS and len(rows) == len(incs)
    ariha = next(r for r in rows if r["location"] == "Ariha" and r["n_claims"] == "3")
    assert (ariha["fatalities"], ariha["fatalities_low"], ariha["fatalities_best"], ariha["fatalities_high"]) == \
        ("4", "4", "4", "6")
    assert "contradicted" in ariha["tags"] and "Sources disagree" in ariha["notes"]
    write_export(incs, "ucdp-csv", tmp_path / "u.csv")
    urows = list(csv.DictReader((tmp_path / "u.csv").open(encoding="utf-8")))
    assert tuple(urows[0]) == UCDP_COLUMNS
    u = next(r for r in urows if r["id"] == ariha["incident_id"])
    assert (u["best"], u["low"], u["high"], u["number_of_sources"], u["deaths_civilians"]) == ("4", "4", "6", "2", "4")
    assert u["type_of_violence"] == "3" and "Ariha" in u["source_headline"] and u["event_clarity"] == "2"
    write_export(incs, "claims-jsonl", tmp_path / "c.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == sum(i.n_claims for i in incs)
    mine = [x for x in lines if x["incident_id"] == ariha["incident_id"]]
    assert sorted(x["fatalities"] for x in mine) == [4, 4, 6] and all("fatalities" in x["contradicts"] for x in mine)
    with pytest.raises(TypeError):
        write_export(demo.events, "incidents-csv", tmp_path / "x.csv")


def test_link_cli_list_show_explain_and_export(demo, tmp_path):
    db = tmp_path / "demo.db"
    _copy(demo.db, db)
    run = CliRunner().invoke
    res = run(cli, ["incidents", "list", "--db", str(db), "--multi"])
    assert res.exit_code == 0 and "Ariha" in res.output and "claims 3" in res.output
    iid = res.output.split()[0]
    res = run(cli, ["incidents", "show", iid, "--db", str(db)])
    assert res.exit_code == 0 and res.output.count("claim ") >= 3 and "contradiction fatalities" in res.output
    with Store.open(db, readonly=True) as st:
        inc = next(st.iter_incidents(id=iid))
        other = next(i for i in st.iter_incidents() if i.id != iid)
    a, b = inc.claims[0].event_id, inc.claims[1].event_id
    res = run(cli, ["incidents", "explain", a, b, "--db", str(db)])
    assert res.exit_code == 0 and res.output.startswith("linked:") and "(the same)" in res.output
    res = run(cli, ["incidents", "explain", a, other.claims[0].event_id, "--db", str(db)])
    assert res.exit_code == 0 and res.output.startswith("not linked:")
    res = run(cli, ["link", "--db", str(db), "--rebuild"])
    assert res.exit_code == 0 and "new incidents" in res.output
    for fmt in ("incidents-csv", "claims-jsonl", "ucdp-csv", "acled-csv"):
        res = run(cli, ["export", "--db", str(db), "--format", fmt, "-o", str(tmp_path / f"x.{fmt}")])
        assert res.exit_code == 0, res.output
    res = run(cli, ["extract", str(DEMO), "--manifest", str(DEMO / "manifest.jsonl"), "--format", "incidents-csv",
                    "-o", str(tmp_path / "e.csv"), "-q"])
    assert res.exit_code == 0 and "Ariha" in (tmp_path / "e.csv").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------- seeds (../shared)
def test_link_seed001_jaysh_al_izza_post_is_one_incident_with_two_claims(seeds):
    """23 dead (the article) and 19 killed plus 6 IRGC dead (the faction's spokesman): one
    incident, both claims, and a contradiction flagged."""
    ids = {a.id for a in seeds.docs("001_")}
    incs = [i for i in seeds.incidents if any(c.article_id in ids for c in i.claims)]
    hit = [i for i in incs if {c.fatalities for c in i.claims} >= {23} and
           {c.fatalities for c in i.claims} & {19, 25}]
    assert len(hit) == 1, [(i.location, [(c.claimant, c.fatalities) for c in i.claims]) for i in incs]
    inc = hit[0]
    assert inc.admin1 == "Hama" and inc.contradictions
    claimants = {c.claimant for c in inc.claims if c.fatalities in (19, 23, 25)}
    assert len(claimants) == 2 and inc.fatalities_low in (19, 23) and inc.fatalities_high in (23, 25)


def test_link_seed002_khan_sheikhoun_reports_across_sub_articles(seeds):
    """The capture of Khan Sheikhoun (August 2019), reported by several sub-articles of the
    aggregator page: one incident holding claims of at least three articles."""
    ids = {a.id for a in seeds.docs("002_")}
    incs = [i for i in seeds.incidents if i.sub_event_type == "Government regains territory"
            and "Kh" in i.location and i.event_date and (i.event_date.year, i.event_date.month) == (2019, 8)
            and all(c.article_id in ids for c in i.claims)]
    best = max(incs, key=lambda i: len({c.article_id for c in i.claims}), default=None)
    assert best is not None and len({c.article_id for c in best.claims}) >= 3, \
        [(i.location, i.event_date, len(i.claims)) for i in incs]


def test_link_accuracy_report_keeps_the_linking_section():
    """scripts/accuracy_report.py regenerates docs/accuracy.md but keeps the section that
    scripts/link_report.py writes."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "accuracy_report.py"
    spec = importlib.util.spec_from_file_location("accuracy_report", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    old = "# Accuracy\n\nold figures\n\n<!-- link_report -->\n## Linking\n| p | 0.5 |\n<!-- end link_report -->\n"
    out = mod.keep_link_section(old, "# Accuracy\n\nnew figures\n")
    assert "new figures" in out and "old figures" not in out and "| p | 0.5 |" in out
    assert mod.keep_link_section("# Accuracy\n", "# Accuracy\n\nnew\n") == "# Accuracy\n\nnew\n"


def test_link_daily_reports_of_one_town_do_not_chain():
    """Shelling of one town reported day after day: each pair of consecutive days is within the
    one-day window, but an incident's dates must fit one window, so they are not one incident."""
    lk = Linker(RULES)
    ids = [lk.add_claim(claim(f"d{k}", date=D + dt.timedelta(days=k))) for k in range(6)]
    assert len(set(ids)) >= 3
    assert all(((i.date_end or i.event_date) - i.event_date).days <= 1 for i in lk.incidents.values())


def test_link_opposite_outlets_report_one_shelling_differently(tmp_path):
    """A state agency and an opposition site report one shelling with different blame and tolls
    (text written for this test): one incident, two sources, a fatalities contradiction, and
    sources of opposite alignment that disagree (the site quotes a monitor: its own camp counts)."""
    from truceline import pipeline
    from truceline.settings import Settings

    (tmp_path / "state.txt").write_text(
        "Terrorists target Kafr Nabl with rocket shells\n\nTerrorist groups positioned in Idlib countryside "
        "fired rocket shells on Friday at Kafr Nabl, killing three civilians, a source told SANA.\n", encoding="utf-8")
    (tmp_path / "opposition.txt").write_text(
        "Regime shelling kills five in Kafr Nabl\n\nAssad regime forces shelled the town of Kafr Nabl in southern "
        "Idlib on Friday, killing five civilians, the Syrian Civil Defence said.\n", encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(
        '{"file": "state.txt", "published": "2021-03-06", "outlet": "SANA"}\n'
        '{"file": "opposition.txt", "published": "2021-03-06", "outlet": "Enab Baladi"}\n', encoding="utf-8")
    s = Settings()
    pipeline.run_to_store([str(tmp_path / "state.txt"), str(tmp_path / "opposition.txt")], tmp_path / "t.db", s,
                          pipeline.ingest_options(s, manifest=tmp_path / "manifest.jsonl"))
    with Store.open(tmp_path / "t.db", readonly=True) as st:
        incs = [i for i in st.iter_incidents() if i.n_claims > 1]
    assert len(incs) == 1, incs
    inc = incs[0]
    assert {c.outlet for c in inc.claims} == {"SANA", "Enab Baladi"} and inc.n_sources == 2
    assert (inc.fatalities_low, inc.fatalities_high) == (3, 5) and "fatalities" in {x.kind for x in inc.contradictions}
    assert inc.opposite_alignments == "disagree"


# ------------------------------------------------------------------------------- undated reports
# (a feed without publication dates: "today, Tuesday", "on 2 September" with no year)

def test_link_undated_reports_naming_other_weekdays_do_not_link():
    """Two undated reports of one town: "Tuesday" and "Sunday" are other days; "Tuesday" and
    "Wednesday" may be one night told from each side of midnight."""
    tue = replace(claim("a", date=None, tp=2, gid="geonames:1"), weekday=1)
    sun = replace(claim("b", date=None, tp=2, gid="geonames:1"), weekday=6)
    wed = replace(claim("c", date=None, tp=2, gid="geonames:1"), weekday=2)
    r = compare(tue, sun)
    assert not r.linked and r.date_rule == "other-day" and "Tuesday / Sunday" in r.why
    assert compare(tue, wed).linked and compare(tue, claim("d", date=None, tp=2, gid="geonames:1")).linked
    # a day-precise report and an undated one naming another weekday (2021-06-09 is a Wednesday)
    assert not compare(sun, claim("e", gid="geonames:1")).linked and compare(wed, claim("f", gid="geonames:1")).linked


def test_link_undated_reports_naming_one_day_link_within_the_distance():
    """Undated reports 6 km apart (one only "near" the town): without a day they are not the same
    place; both naming 2 September (no year) they are reports of one day within the 10 km limit;
    naming 2 and 5 September they are not."""
    a = replace(claim("a", date=None, tp=2), month_day="09-02")
    b = replace(claim("b", date=None, tp=2, xy=ARIHA_6KM, gp=2), month_day="09-02")
    r = compare(a, b)
    assert r.linked and r.date_rule == "same-day-named" and r.date_gap_days == 0
    assert not compare(replace(a, month_day=""), replace(b, month_day="")).linked
    r = compare(a, replace(b, month_day="09-05"))
    assert not r.linked and r.date_rule == "other-day" and "2 September / 5 September" in r.why
    # a dated report of that day (any year: the undated text gives none)
    assert compare(a, claim("c", date=dt.date(2021, 9, 3), xy=ARIHA_6KM, gp=2)).linked
    # the index finds them (an undated report is otherwise compared only within the town cell)
    lk = Linker(RULES)
    assert lk.add_claim(b) == lk.add_claim(a)


def test_link_villages_located_by_one_town_are_not_one_place():
    """Villages the gazetteer does not know take the point of the town that locates them
    (gazetteer_id "located:<town>"): two different villages near one town are not the same place
    for undated reports; one village named by two reports is, even when only its region locates it."""
    def village(eid, name, gid="located:geonames:172994", xy=ARIHA, gp=2):
        return replace(claim(eid, date=None, tp=2, xy=xy, gp=gp, gid=gid), location=name)

    r = compare(village("a", "قرية الكفير"), village("b", "قرية معرزاف"))
    assert not r.linked and r.place_rule == "within-distance"
    assert compare(village("a", "قرية الكفير"), village("b", "قرية الكفير")).place_rule == "same-place"
    # only a region locates them (precision 3, no point used): the name decides
    reg = dict(gid="located:region:idleb_south", gp=3, xy=(35.6, 36.6))
    r = compare(village("c", "كنصفرة", **reg), village("d", "#كنصفرة", **reg))
    assert r.linked and r.place_rule == "same-place"
    assert not compare(village("c", "كنصفرة", **reg), village("d", "البارة", **reg)).linked
    lk = Linker(RULES)
    assert lk.add_claim(village("c", "كنصفرة", **reg)) == lk.add_claim(village("d", "كنصفرة", **reg))
    # a region itself (a governorate) is not one place: two undated reports of "Idleb" do not link
    gov = dict(gid="pcode:SY07", gp=3, xy=(35.8, 36.6))
    assert not compare(village("e", "Idleb", **gov), village("f", "Idleb", **gov)).linked


def test_link_undated_chain_of_one_town_keeps_other_days_apart():
    """Undated reports of one town: "Tuesday", one that names no day, "Sunday".  The third
    matches the second, but the incident's first report names another day: it opens its own
    incident instead of chaining onto the first."""
    lk = Linker(RULES)
    tue = lk.add_claim(replace(claim("a", date=None, tp=2, gid="geonames:1"), weekday=1))
    assert lk.add_claim(claim("b", date=None, tp=2, gid="geonames:1")) == tue
    sun = replace(claim("c", date=None, tp=2, gid="geonames:1"), weekday=6)
    assert compare(sun, lk.incidents[tue].claims[1]).linked
    assert lk.add_claim(sun) != tue
    assert "names other weekdays" in incident_fit(sun, lk.incidents[tue], RULES) or \
        "other weekdays" in incident_fit(sun, lk.incidents[tue], RULES)


def test_link_day_named_by_undated_articles(tmp_path):
    """Articles without a publication date (texts written for this test): the day their text
    names ("on Tuesday (2 September)", "اليوم الأحد") is kept on the claim with its
    offset, read in the event's sentence or the article's lead; reports of one town naming other
    days are two incidents, in memory and in the store."""
    from truceline import pipeline
    from truceline.ingest import read_inputs
    from truceline.link.claims import day_named
    from truceline.model import RunReport
    from truceline.settings import Settings

    texts = {
        "en.txt": "Regime shelling kills two in Ariha\n\nTwo civilians were killed on Tuesday (2 September) "
                  "when regime forces shelled the town of Ariha in southern Idlib.\n",
        "ar.txt": "مقتل مدنيين بقصف على أريحا\n\nقتل مدنيان، اليوم الثلاثاء، جراء قصف مدفعي لقوات النظام على "
                  "مدينة أريحا جنوبي إدلب.\n",
        "ar2.txt": "قصف على أريحا\n\nقتل ثلاثة مدنيين، اليوم الأحد، جراء قصف مدفعي لقوات النظام على مدينة "
                   "أريحا جنوبي إدلب.\n",
    }
    for name, t in texts.items():
        (tmp_path / name).write_text(t, encoding="utf-8")
    paths = [str(tmp_path / n) for n in texts]
    s = Settings()
    ex = pipeline.extractor_for(s)
    arts, events = {}, []
    for p in pipeline.process(read_inputs(paths, pipeline.ingest_options(s)), ex, RunReport()):
        arts[p.article.id] = p.article
        events += [r for r in p.records if isinstance(r, Event) and r.place and r.place.name == "Ariha"]
    by_name = {}
    for e in events:
        a = arts[e.article_id]
        assert e.event_date is None and a.published is None
        wd, md, at = day_named(e, a)
        by_name.setdefault(next(n for n, t in texts.items() if a.text.strip() == t.strip()), (wd, md, at))
    assert by_name["en.txt"][:2] == (1, "09-02") and by_name["ar.txt"][:2] == (1, "")
    assert by_name["ar2.txt"][:2] == (6, "")
    a_en = next(a for a in arts.values() if a.language == "en")
    at = by_name["en.txt"][2]
    assert a_en.text[at:at + 7] == "Tuesday"
    lk = link_events(events, arts, resources=ex.res)
    inc = {n: {lk.incident_of(e.id) for e in events if arts[e.article_id].text.strip() == t.strip()}
           for n, t in texts.items()}
    assert inc["en.txt"] == inc["ar.txt"] and not inc["ar2.txt"] & inc["en.txt"], inc
    # the store links the same way (it reads the text of articles whose events are undated)
    pipeline.run_to_store(paths, tmp_path / "t.db", s, pipeline.ingest_options(s))
    with Store.open(tmp_path / "t.db", readonly=True) as st:
        ariha = [i for i in st.iter_incidents() if i.location == "Ariha"]
    assert sorted(len({c.article_id for c in i.claims}) for i in ariha) == [1, 2], \
        [(i.id, [c.weekday for c in i.claims]) for i in ariha]


def test_link_report_scorer_counts_texts_not_rows():
    """scripts/link_report.py: one text attached to two gold incidents (two rows, one article) is
    not a pair of its own; a text without events links to none; the any-event view links texts
    sharing any incident."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "link_report.py"
    spec = importlib.util.spec_from_file_location("link_report", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]

    def ev(i):
        return Event(id=i, article_id="x", event_type="Battles", sub_event_type="Armed clash",
                     sentence=evidence(Article(id="x", text="x"), 0, 1, "t"))
    code = {"r1": "A", "r2": "B", "r3": "A", "r4": "B", "r5": "A"}
    evs = {"r1": [ev("e1"), ev("e9")], "r2": [ev("e1"), ev("e9")], "r3": [ev("e3")], "r4": [ev("e4")], "r5": []}
    arts = {"r1": ["t1"], "r2": ["t1"], "r3": ["t3"], "r4": ["t4"], "r5": ["t5"]}
    inc = {"e1": "I1", "e9": "I2", "e3": "I1", "e4": "I2"}.get
    m = mod.score(code, evs, arts, inc)
    assert m["same_text_pairs"] == 1            # r1/r2: one text
    # gold pairs r1-r3, r1-r5, r3-r5, r2-r4; main events: r1-r3 linked (I1), r2-r4 not (r2's main is I1)
    assert m["pairs_gold"] == 4 and m["main_all"]["tp"] == 1 and m["main_all"]["fp"] == 1   # r2-r3
    assert m["pairs_gold_both"] == 2 and m["ceiling_recall"] == 0.5
    assert m["main_both"]["recall"] == 0.5
    assert m["any_all"]["tp"] == 2              # r2-r4 share I2 through r2's second event
