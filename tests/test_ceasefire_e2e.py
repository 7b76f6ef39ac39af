"""Breaches end to end: the demo corpus always; the seed corpus when ../shared is present (the
``seeds`` fixture skips with the reason otherwise).  What issue 6 asks to see: the June 2021
shelling of Jabal al-Zawiya and of the Turkish posts are breaches of the March 2020 Moscow protocol,
the reported "411 breaches" stands beside the computed count for June 2021, and the 2018 attack on
the Jaysh al-Izza post is a breach of the Sochi memorandum."""
from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from truceline.ceasefire.agreements import load_agreements
from truceline.ceasefire.breaches import find_breaches
from truceline.ceasefire.report import build_report, summary_line
from truceline.cli import cli
from truceline.store import Store
from truceline.textutil import fold

AGS = load_agreements()


def _breaches(db, agreement=None):
    with Store.open(db, readonly=True) as st:
        return find_breaches(st, AGS, AGS.get(agreement) if agreement else None)


def _describe(bs) -> str:
    return "\n".join(f"{b.agreement} {b.status} {b.subject.id} {b.subject.event_date} {b.subject.sub_event_type} "
                     f"{b.subject.location}" for b in bs)


def _folded(s: str) -> str:
    return fold(s)[0].replace("'", "")


# --- the demo corpus ------------------------------------------------------------------------------

def test_ceasefire_demo_breaches_of_the_moscow_protocol(demo):
    bs = _breaches(demo.db)
    assert bs and {b.agreement for b in bs} == {"moscow_protocol_2020"}, _describe(bs)
    ariha = [b for b in bs if b.subject.location == "Ariha"]
    assert len(ariha) == 1 and len(ariha[0].subject.claims) == 3, _describe(bs)
    assert "m4_security_corridor" in ariha[0].parts
    with Store.open(demo.db, readonly=True) as st:
        assert summary_line(st, AGS).startswith(f"breaches: {len(bs)} of Moscow additional protocol")
        rep = build_report(st, AGS, AGS.get("moscow_protocol_2020"), by="month")
    may = next(r for r in rep.rows if r.period == "2021-05")
    assert may.reported_total == 137 and may.breaches >= 1


def test_ceasefire_demo_run_prints_the_breach_line(tmp_path):
    res = CliRunner().invoke(cli, ["run", "--demo", "--db", str(tmp_path / "d.db")])
    assert res.exit_code == 0, res.output
    assert "breaches: " in res.output and "of Moscow additional protocol" in res.output


# --- the seed corpus ------------------------------------------------------------------------------

def test_ceasefire_seeds_jabal_al_zawiya_and_turkish_posts_break_the_moscow_protocol(seeds):
    bs = [b for b in _breaches(seeds.db, "moscow_protocol_2020")
          if b.subject.event_date and dt.date(2021, 6, 1) <= b.subject.event_date <= dt.date(2021, 6, 30)]
    for place in ("kafr lat", "kansaf"):
        hits = [b for b in bs if _folded(b.subject.location).startswith(place)]
        assert hits, f"no June 2021 Moscow-protocol breach at {place}:\n{_describe(bs)}"
        assert all(b.status == "breach" and "idlib_zone_2020" in b.parts for b in hits)
        assert any(c.actor2_side == "TURKEY" for b in hits for c in b.subject.claims), _describe(hits)


def test_ceasefire_seeds_411_breaches_beside_the_computed_count(seeds):
    with Store.open(seeds.db, readonly=True) as st:
        rep = build_report(st, AGS, AGS.get("moscow_protocol_2020"), dt.date(2021, 6, 1), dt.date(2021, 6, 30))
    june = [r for r in rep.rows if r.period == "2021-06"]
    assert june and june[0].reported_total == 411 and june[0].breaches >= 2, rep.to_table()
    assert "411" in rep.to_table()
    res = CliRunner().invoke(cli, ["ceasefire", "report", "--db", str(seeds.db), "--agreement", "Moscow protocol",
                                   "--from", "2021-06-01", "--to", "2021-06-30", "--format", "csv"])
    assert res.exit_code == 0 and ",411," in res.output, res.output


def test_ceasefire_seeds_jaysh_al_izza_post_attack_breaks_sochi(seeds):
    bs = _breaches(seeds.db, "sochi_2018")
    hits = [b for b in bs if any("izza" in _folded(c.actor2) or "izza" in _folded(c.claimant)
                                 or "maarati" in _folded(c.claimant) for c in b.subject.claims)]
    assert hits, _describe(bs)
    assert all(b.subject.event_date.year == 2018 and "no_offensive_operations" in b.terms for b in hits)
    # an earlier or later agreement does not claim it
    assert not [b for b in _breaches(seeds.db) if b.subject.id in {h.subject.id for h in hits}
                and b.agreement != "sochi_2018"]
