"""Ceasefire agreements as data, geometry, mentions, breaches, the report and its chart
(truceline/ceasefire, docs/ceasefire.md).  Texts are written for these tests."""
from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from truceline import pipeline
from truceline.ceasefire.agreements import load_agreements, load_agreements_from_texts
from truceline.ceasefire.breaches import BREACH, NOT_APPLICABLE, UNCERTAIN, ClaimView, Subject, check, explain, \
    find_breaches
from truceline.ceasefire.geometry import EDGE_KM, area_of
from truceline.ceasefire.report import build_report, period_of
from truceline.cli import cli
from truceline.errors import ResourceError
from truceline.extract import default_extractor
from truceline.model import Article
from truceline.settings import Settings
from truceline.store import Store

AGS = load_agreements()
MOSCOW, SOCHI = AGS.get("moscow_protocol_2020"), AGS.get("sochi_2018")


# --- loading and validation ----------------------------------------------------------------------

def test_ceasefire_packaged_agreements_load_with_sources_and_terms():
    ids = [a.id for a in AGS]
    for aid in ("astana_idlib_2017", "sochi_2018", "august_truce_2019", "moscow_protocol_2020"):
        assert aid in ids
    for a in AGS:
        assert a.sources and a.terms and a.area and a.file.endswith(".yaml"), a.id
    assert MOSCOW.signed == dt.date(2020, 3, 5) and MOSCOW.effective == dt.date(2020, 3, 6)
    assert MOSCOW.effective_time == "00:01" and MOSCOW.ended is None
    assert SOCHI.signed == dt.date(2018, 9, 17)
    dmz = next(p for p in SOCHI.area if p.name == "demilitarized_zone")
    assert dmz.kind == "band" and dmz.effective == dt.date(2018, 10, 15) and 15 <= dmz.width_km <= 20
    m4 = next(p for p in MOSCOW.area if p.name == "m4_security_corridor")
    assert m4.kind == "corridor" and m4.half_width_km == 6
    assert {w.name.split(" ")[0] for w in m4.points} >= {"Tronba,", "Ariha", "Muhambal", "Jisr", "Bdama", "Ain"}
    assert all(w.name for p in MOSCOW.area for w in p.points), "every waypoint is named"


def test_ceasefire_find_by_alias_en_and_ar():
    assert AGS.find("the Sochi deal".removeprefix("the ")) is SOCHI
    assert AGS.find("march 5 ceasefire") is MOSCOW
    assert AGS.find("اتفاق موسكو") is MOSCOW
    assert AGS.find("moscow_protocol_2020") is MOSCOW
    assert AGS.find("no such deal") is None


_GOOD = """version: 1
id: test_truce
name: Test truce
aliases: {en: ["test truce"], ar: ["هدنة الاختبار"]}
signed: 2021-01-01
effective: 2021-01-02
area:
  - {kind: corridor, name: road, half_width_km: 2, line: [[36.5, 35.8], [36.6, 35.8]]}
terms: [no_shelling]
sources: [{title: "A test source"}]
"""


def _problems(text: str, name: str = "user/bad.yaml") -> str:
    with pytest.raises(ResourceError) as ei:
        load_agreements_from_texts([(name, text)])
    return str(ei.value)


def test_ceasefire_user_file_adds_an_agreement(tmp_path):
    (tmp_path / "test_truce.yaml").write_text(_GOOD, encoding="utf-8")
    ags = load_agreements([str(tmp_path)])
    assert ags.get("test_truce") is not None and ags.get("sochi_2018") is not None
    assert ags.find("هدنة الاختبار").id == "test_truce"
    res = CliRunner().invoke(cli, ["ceasefire", "agreements", "--agreements", str(tmp_path)])
    assert res.exit_code == 0 and "test_truce" in res.output and "road (corridor" in res.output
    cfg = tmp_path / "t.toml"
    cfg.write_text(f'agreements = ["{tmp_path / "test_truce.yaml"}"]\n', encoding="utf-8")
    assert Settings.load(cfg).agreements == (str(tmp_path / "test_truce.yaml"),)
    res = CliRunner().invoke(cli, ["ceasefire", "agreements", "--config", str(cfg)])
    assert res.exit_code == 0 and "test_truce" in res.output


@pytest.mark.parametrize("old,new,expect", [
    ("name: Test truce\n", "name: Test truce\nalaises: x\n", ['user/bad.yaml: E311 agreement "test_truce"', "alaises"]),
    ("effective: 2021-01-02", "effective: 2nd January", ['E313 agreement "test_truce": field "effective"', "YYYY-MM-DD"]),
    ("half_width_km: 2", "half_width_km: two", ['field "area[0].half_width_km"', "expected a number > 0"]),
    ("terms: [no_shelling]", "terms: [no_shooting]", ['E314 agreement "test_truce": field "terms[0]"', "no_shooting"]),
    ("kind: corridor", "kind: circle", ['field "area[0].kind"', "circle"]),
    ("[[36.5, 35.8], [36.6, 35.8]]", "[[36.5, 35.8]]", ['field "area[0].line"', "at least 2 points"]),
    ("[[36.5, 35.8], [36.6, 35.8]]", "[[36.5, 135.8], [36.6, 35.8]]", ['field "area[0].line[0]"', "bad coordinates"]),
    ('sources: [{title: "A test source"}]\n', "", ['field "sources"', "missing"]),
    ('en: ["test truce"]', 'en: ["Sochi deal"]', ['E315', "also an alias of 'sochi_2018'"]),
    ("effective: 2021-01-02", "effective: 2020-12-01", ['field "effective"', "before signed"]),
])
def test_ceasefire_bad_agreement_file_names_file_and_field(old, new, expect):
    assert old in _GOOD
    msg = _problems(_GOOD.replace(old, new))
    for e in expect:
        assert e in msg, msg


def test_ceasefire_bad_term_definition_and_ref():
    msg = _problems("version: 1\nterm_definitions:\n  - {id: no_x, forbids: [Carpet bombing]}\n", "user/terms.yaml")
    assert 'user/terms.yaml: E313 field "term_definitions[0].forbids"' in msg and "Carpet bombing" in msg
    text = _GOOD.replace("  - {kind: corridor", "  - {kind: ref, name: zone, agreement: nowhere}\n  - {kind: corridor")
    msg = _problems(text)
    assert 'E314 agreement "test_truce": field "area[0].agreement"' in msg and "nowhere" in msg
    assert "E310" in _problems("version: 1\nid: [unclosed\n")


# --- geometry -----------------------------------------------------------------------------------

def _offset(shape, a, b, km: float, side: str = "left") -> tuple[float, float]:
    """The lon/lat of the point ``km`` from the midpoint of segment a-b (lon/lat), perpendicular."""
    (ax, ay), (bx, by) = shape.proj.xy(*a), shape.proj.xy(*b)
    mx, my = (ax + bx) / 2, (ay + by) / 2
    dx, dy = bx - ax, by - ay
    n = math.hypot(dx, dy)
    nx, ny = (-dy / n, dx / n) if side == "left" else (dy / n, -dx / n)
    return shape.proj.lonlat(mx + nx * km, my + ny * km)


def _dist(shape, part: str, lon: float, lat: float) -> float:
    return next(d for ps, d in shape.locate(lon, lat) if ps.part.name == part)


def test_ceasefire_m4_corridor_inside_edge_outside():
    sh = area_of(AGS, "moscow_protocol_2020")
    m4 = next(p for p in MOSCOW.area if p.name == "m4_security_corridor")
    a, b = (m4.points[4].lon, m4.points[4].lat), (m4.points[5].lon, m4.points[5].lat)   # Muhambal - Jisr al-Shughur
    for side in ("left", "right"):       # 6 km north and 6 km south
        assert _dist(sh, "m4_security_corridor", *_offset(sh, a, b, 3.0, side)) == 0.0
        assert _dist(sh, "m4_security_corridor", *_offset(sh, a, b, 6.0, side)) <= EDGE_KM   # on the edge: inside
        d = _dist(sh, "m4_security_corridor", *_offset(sh, a, b, 9.0, side))
        assert 2.9 < d < 3.1, d
    # Ariha, 1 km off the road, is in the corridor; Idlib city, ~10 km north of it, is not
    assert _dist(sh, "m4_security_corridor", 36.6096, 35.8137) == 0.0
    assert _dist(sh, "m4_security_corridor", 36.634, 35.931) > 0


def test_ceasefire_dmz_band_inside_edge_outside_and_wrong_side():
    sh = area_of(AGS, "sochi_2018")
    dmz = next(p for p in SOCHI.area if p.name == "demilitarized_zone")
    i = next(k for k, w in enumerate(dmz.points) if "Sinjar" in w.name)
    a, b = (dmz.points[i].lon, dmz.points[i].lat), (dmz.points[i + 1].lon, dmz.points[i + 1].lat)
    w = dmz.width_km
    assert _dist(sh, "demilitarized_zone", *_offset(sh, a, b, w / 2)) == 0.0
    assert _dist(sh, "demilitarized_zone", *_offset(sh, a, b, w)) <= EDGE_KM          # the far edge
    assert _dist(sh, "demilitarized_zone", *_offset(sh, a, b, w + 3)) > 2.5           # deeper inside Idlib: not DMZ
    assert _dist(sh, "demilitarized_zone", *_offset(sh, a, b, 8, "right")) > 7.5      # the government side


def test_ceasefire_projection_is_in_km_not_degrees():
    sh = area_of(AGS, "moscow_protocol_2020")
    (x0, y0), (x1, y1) = sh.proj.xy(36.5, 35.8), sh.proj.xy(36.6, 35.8)
    assert 8.9 < x1 - x0 < 9.1 and abs(y1 - y0) < 1e-9   # 0.1 degree of longitude at 35.8 N is ~9.03 km


# --- periods and the check ------------------------------------------------------------------------

def _subject(day: dt.date, lon: float, lat: float, sub: str = "Shelling/artillery/missile attack",
             precision: int = 1, geo: int = 1, side: str = "SYRIA_GOV", admin1: str = "Idleb") -> Subject:
    et = "Battles" if sub == "Armed clash" else "Explosions/Remote violence"
    c = ClaimView(event_id="e1", article_id="a1", claimant="Monitor", actor1="Military Forces of Syria (2000-)",
                  actor1_side=side, evidence="...", evidence_start=0, evidence_end=3)
    return Subject(id="I1", kind="incident", event_type=et, sub_event_type=sub, event_date=day, date_end=None,
                   time_precision=precision, location="Ariha", latitude=lat, longitude=lon, admin1=admin1, admin2="",
                   geo_precision=geo, fatalities_best=2, fatalities_low=2, fatalities_high=2, claims=(c,))


ARIHA = (36.6096, 35.8137)


def test_ceasefire_periods_before_signature_and_after_collapse():
    before = check(AGS, MOSCOW, _subject(dt.date(2020, 3, 5), *ARIHA))
    assert before.status == NOT_APPLICABLE and "before the agreement" in before.reasons[0] and "1 day" in before.reasons[0]
    assert check(AGS, MOSCOW, _subject(dt.date(2020, 3, 6), *ARIHA)).status == BREACH
    after = check(AGS, SOCHI, _subject(dt.date(2019, 6, 1), *ARIHA))
    assert after.status == NOT_APPLICABLE and "after the agreement ended" in after.reasons[0] and "2019-04-30" in after.reasons[0]
    assert check(AGS, SOCHI, _subject(dt.date(2018, 11, 10), *ARIHA)).status == BREACH
    # dated only to March 2020, which straddles the protocol: uncertain
    month = check(AGS, MOSCOW, _subject(dt.date(2020, 3, 1), *ARIHA, precision=3))
    assert month.status == UNCERTAIN and "part of" in month.reasons[0]
    assert check(AGS, MOSCOW, _subject(dt.date(2021, 6, 1), *ARIHA, precision=3)).status == BREACH


def test_ceasefire_outside_area_type_not_forbidden_and_unbound_side():
    far = check(AGS, MOSCOW, _subject(dt.date(2021, 6, 9), 36.758, 35.132))     # Hama city
    assert far.status == NOT_APPLICABLE and "outside the area" in far.reasons[-1] and "km from" in far.reasons[-1]
    assert far.distance_km and far.distance_km > 30
    protest = check(AGS, MOSCOW, _subject(dt.date(2021, 6, 9), *ARIHA, sub="Peaceful protest"))
    assert protest.status == NOT_APPLICABLE and "type not forbidden" in protest.reasons[-1]
    uni = AGS.get("unilateral_ceasefire_2019")
    opp = check(AGS, uni, _subject(dt.date(2019, 9, 10), *ARIHA, side="OPPOSITION"))
    assert opp.status == NOT_APPLICABLE and "not bound" in opp.reasons[-1]
    assert check(AGS, uni, _subject(dt.date(2019, 9, 10), *ARIHA, side="SYRIA_GOV")).status == BREACH


def test_ceasefire_governorate_level_place_is_uncertain():
    c = check(AGS, MOSCOW, _subject(dt.date(2021, 6, 9), 36.634, 35.931, geo=3))
    assert c.status == UNCERTAIN and "governorate" in c.reasons[1]
    text = _GOOD.replace("  - {kind: corridor", "  - {kind: admin, name: gov, admin1: [Idleb]}\n  - {kind: corridor")
    ags = load_agreements_from_texts([("user/t.yaml", text)])
    t = ags.get("test_truce")
    assert check(ags, t, _subject(dt.date(2021, 6, 9), 36.634, 35.931, geo=3)).status == BREACH


def test_ceasefire_dmz_term_only_inside_the_dmz_and_from_its_date():
    # heavy_weapons_withdrawal is limited to the DMZ, which takes effect on 15 October 2018
    sh = area_of(AGS, "sochi_2018")
    dmz = next(p for p in SOCHI.area if p.name == "demilitarized_zone")
    i = next(k for k, w in enumerate(dmz.points) if "Sinjar" in w.name)
    lon, lat = _offset(sh, (dmz.points[i].lon, dmz.points[i].lat), (dmz.points[i + 1].lon, dmz.points[i + 1].lat), 5)
    early = check(AGS, SOCHI, _subject(dt.date(2018, 10, 1), lon, lat))
    late = check(AGS, SOCHI, _subject(dt.date(2018, 11, 1), lon, lat))
    assert "heavy_weapons_withdrawal" not in early.terms and "demilitarized_zone" not in early.parts
    assert "heavy_weapons_withdrawal" in late.terms and "demilitarized_zone" in late.parts


# --- mentions ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,lang,surface,entry", [
    ("Regime forces shelled Ariha on Monday in a new breach of the Sochi deal, killing two civilians.", "en",
     "Sochi deal", "agreements:sochi_2018"),
    ("Turkish officials said the March 5 ceasefire was holding despite shelling on Ariha.", "en",
     "March 5 ceasefire", "agreements:moscow_protocol_2020"),
    ("قصفت قوات النظام مدينة أريحا يوم الاثنين في خرق جديد لاتفاق سوتشي، ما أدى إلى مقتل مدنيين اثنين.", "ar",
     "اتفاق سوتشي", "agreements:sochi_2018"),
    ("وقالت مصادر إن قوات النظام قصفت بلدة البارة في خرق للبروتوكول الإضافي الموقع في موسكو.", "ar",
     "البروتوكول الإضافي", "agreements:moscow_protocol_2020"),
])
def test_ceasefire_mentions_resolve_to_agreements(text, lang, surface, entry):
    ex = default_extractor()
    art = Article(id="t", text=text, language=lang, published=dt.date(2021, 6, 7))
    ms = [m for s in ex.sentences(art) for m in s.mentions if m.kind == "agreement"]
    assert ms, text
    m = ms[0]
    assert m.entry == entry and text[m.start:m.end].endswith(surface.split(" ", 1)[-1]), (m, surface)


def test_ceasefire_event_keeps_the_agreement_its_sentence_names():
    from truceline.events import EventBuilder

    ex = default_extractor()
    text = ("Government forces shelled the town of Ariha on Monday, killing two civilians, in a new violation of "
            "the March 5 ceasefire, the Syrian Observatory for Human Rights said. "
            "Separately, warplanes struck the village of Sarmin on Tuesday.")
    art = Article(id="t2", text=text, language="en", published=dt.date(2021, 6, 9))
    recs = EventBuilder(ex).build(art, ex.sentences(art))
    by_place = {r.place.name: r for r in recs if r.place}
    assert by_place["Ariha"].agreement == "moscow_protocol_2020"
    span = dict(by_place["Ariha"].spans)["agreement"]
    assert text[span.start:span.end] == "March 5 ceasefire" and span.source == "agreements:moscow_protocol_2020"
    assert by_place["Sarmin"].agreement == ""


# --- a small store ---------------------------------------------------------------------------------

_TEXTS = {
    "a_ariha.txt": ("2021-06-10", "Idlib Monitor", "Government forces shelled the town of Ariha on Wednesday despite the "
                    "March 5 ceasefire, killing three civilians, the Syrian Observatory for Human Rights said."),
    "b_ariha_gov.txt": ("2021-06-10", "SANA", "A military source said terrorist groups shelled army positions near "
                        "Ariha on Wednesday in a breach of the ceasefire, and the army responded."),
    "c_before.txt": ("2020-03-02", "Idlib Monitor", "Russian warplanes struck the town of Sarmin on Sunday, killing "
                     "four civilians, rescuers said."),
    "d_far.txt": ("2021-06-20", "Levant Desk", "Islamic State militants attacked an army checkpoint near the city of "
                  "Deir ez-Zor on Saturday, killing five soldiers, a war monitor said."),
    "e_stats.txt": ("2021-07-02", "Response Watch", "The Response Watch group documented 57 ceasefire breaches "
                    "during the month of June by government forces and their allies, which resulted in the death "
                    "of 9 civilians."),
}


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cf")
    d = root / "texts"
    d.mkdir()
    man = []
    for name, (pub, outlet, text) in _TEXTS.items():
        (d / name).write_text(text + "\n", encoding="utf-8")
        man.append(json.dumps({"file": name, "published": pub, "outlet": outlet}))
    (d / "manifest.jsonl").write_text("\n".join(man) + "\n", encoding="utf-8")
    db = root / "cf.db"
    settings = Settings()
    rep = pipeline.run_to_store([str(d)], db, settings, pipeline.ingest_options(settings, manifest=d / "manifest.jsonl"),
                                command="test")
    assert not rep.rejects
    return db


def _events(db):
    with Store.open(db, readonly=True) as st:
        return list(st.iter_events()), list(st.iter_statistics())


def test_ceasefire_small_store_breaches(small_db):
    events, stats = _events(small_db)
    with Store.open(small_db, readonly=True) as st:
        bs = find_breaches(st, AGS)
    desc = "\n".join(f"{e.id} {e.event_date} {e.sub_event_type} {e.place and e.place.name} {e.agreement}" for e in events)
    ariha = [b for b in bs if b.subject.location == "Ariha"]
    assert ariha and all(b.agreement == "moscow_protocol_2020" for b in ariha), desc
    b = ariha[0]
    assert b.status == BREACH and "m4_security_corridor" in b.parts and b.terms == ("no_military_actions",)
    assert b.subject.event_date == dt.date(2021, 6, 9)
    # the claims side by side, with evidence that is an exact slice of the article
    with Store.open(small_db, readonly=True) as st:
        for c in b.subject.claims:
            art = st.get_article(c.article_id)
            assert art.text[c.evidence_start:c.evidence_end] == c.evidence
    assert any(c.agreement == "moscow_protocol_2020" for c in b.subject.claims) and b.named_in_text
    # before the protocol (2 March 2020) and far outside it (Deir ez-Zor): not breaches
    assert not [x for x in bs if x.subject.location in ("Sarmin",) or "Deir" in x.subject.location], desc


def test_ceasefire_small_store_explain(small_db):
    events, _ = _events(small_db)
    sarmin = next(e for e in events if e.place and e.place.name == "Sarmin")
    with Store.open(small_db, readonly=True) as st:
        s, checks = explain(st, AGS, sarmin.id)
    assert s is not None
    by = {c.agreement: c for c in checks}
    assert by["moscow_protocol_2020"].status == NOT_APPLICABLE and "before the agreement" in by["moscow_protocol_2020"].reasons[0]
    assert by["unilateral_ceasefire_2019"].status == NOT_APPLICABLE and "after the agreement ended" in \
        by["unilateral_ceasefire_2019"].reasons[0]
    far = next((e for e in events if e.place and "Deir" in e.place.name), None)
    if far is not None:
        with Store.open(small_db, readonly=True) as st:
            _, checks = explain(st, AGS, far.id)
        m = next(c for c in checks if c.agreement == "moscow_protocol_2020")
        assert m.status == NOT_APPLICABLE and "outside the area" in m.reasons[-1]
    res = CliRunner().invoke(cli, ["ceasefire", "explain", sarmin.id, "--db", str(small_db)])
    assert res.exit_code == 0 and "moscow_protocol_2020: NOT-APPLICABLE" in res.output and "before the agreement" in res.output
    res = CliRunner().invoke(cli, ["ceasefire", "explain", "nope", "--db", str(small_db)])
    assert res.exit_code == 3


def test_ceasefire_small_store_report_with_reported_counts(small_db, tmp_path):
    with Store.open(small_db, readonly=True) as st:
        rep = build_report(st, AGS, MOSCOW, dt.date(2021, 6, 1), dt.date(2021, 6, 30), "month")
    assert len(rep.rows) == 1
    row = rep.rows[0]
    assert row.period == "2021-06" and row.breaches >= 1 and row.fatalities >= 3
    assert row.reported_total == 57 and row.reported[0].claimant and row.reported[0].basis == "assumed"
    assert any("Observatory" in k for k in row.by_claimant), row.by_claimant
    d = json.loads(rep.to_json())
    assert d["periods"][0]["reported_breaches"] == 57 and d["breaches"][0]["claims"]
    lines = rep.to_csv().splitlines()
    assert lines[0].startswith("agreement,period,start,end,breaches") and "2021-06" in lines[1] and ",57," in lines[1]
    table = rep.to_table()
    assert "2021-06" in table and "57 breaches" in table
    # weekly buckets; the CLI, with a chart
    with Store.open(small_db, readonly=True) as st:
        wk = build_report(st, AGS, MOSCOW, by="week")
    assert any(r.period == "2021-W23" for r in wk.rows), [r.period for r in wk.rows]
    out = tmp_path / "r.csv"
    res = CliRunner().invoke(cli, ["ceasefire", "report", "--db", str(small_db), "--agreement", "Moscow protocol",
                                   "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("agreement,period")
    res = CliRunner().invoke(cli, ["ceasefire", "report", "--db", str(small_db), "--agreement", "nope"])
    assert res.exit_code == 2 and "no agreement" in res.output
    res = CliRunner().invoke(cli, ["ceasefire", "breaches", "--db", str(small_db), "--format", "jsonl"])
    assert res.exit_code == 0 and json.loads(res.output.splitlines()[0])["agreement"] == "moscow_protocol_2020"


def test_ceasefire_period_buckets():
    assert period_of(dt.date(2021, 6, 9), "week") == (dt.date(2021, 6, 7), dt.date(2021, 6, 13))
    assert period_of(dt.date(2021, 2, 9), "month") == (dt.date(2021, 2, 1), dt.date(2021, 2, 28))
    assert period_of(dt.date(2021, 2, 9), "day") == (dt.date(2021, 2, 9),) * 2


def test_ceasefire_chart_png(small_db, tmp_path):
    png = tmp_path / "chart.png"
    res = CliRunner().invoke(cli, ["ceasefire", "report", "--db", str(small_db), "--chart", str(png)])
    assert res.exit_code == 0, res.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
    svg = tmp_path / "chart.svg"
    from truceline.ceasefire.chart import render_chart

    with Store.open(small_db, readonly=True) as st:
        render_chart(build_report(st, AGS, MOSCOW), svg)
    assert svg.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    res = CliRunner().invoke(cli, ["ceasefire", "report", "--db", str(small_db), "--chart", str(tmp_path / "x.gif")])
    assert res.exit_code == 2


def test_ceasefire_store_migration_adds_agreement_columns(tmp_path):
    import sqlite3

    from truceline.store import MIGRATIONS, _statements

    db = tmp_path / "v2.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)")
    for v, sql in MIGRATIONS[:2]:
        for stmt in _statements(sql):
            conn.execute(stmt)
        conn.execute("INSERT INTO schema_version VALUES (?)", (v,))
    conn.commit()
    conn.close()
    with Store.open(db) as st:
        assert st.schema_version >= 3
        cols = {r[1] for r in st.select("SELECT * FROM pragma_table_info('events')")}
        scols = {r[1] for r in st.select("SELECT * FROM pragma_table_info('statistics')")}
    assert "agreement" in cols and "agreement" in scols


def test_ceasefire_agreement_stored_and_filtered(small_db):
    with Store.open(small_db, readonly=True) as st:
        named = list(st.iter_events(agreement="moscow_protocol_2020"))
        rows = list(st.select("SELECT field, text, source FROM spans WHERE field = 'agreement'"))
    assert len(named) == 1 and named[0].place.name == "Ariha"
    assert rows == [("agreement", "March 5 ceasefire", "agreements:moscow_protocol_2020")]


def test_ceasefire_user_agreement_aliases_are_matched_in_runs(tmp_path):
    """--agreements on run/ingest/extract: the user's agreement's aliases reach the automaton."""
    ag = tmp_path / "ags"
    ag.mkdir()
    (ag / "test_truce.yaml").write_text(_GOOD.replace('en: ["test truce"]', 'en: ["Ariha understanding"]'),
                                        encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text("Government forces shelled the town of Ariha on Monday despite the Ariha understanding, "
                   "killing two civilians, rescuers said.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["extract", str(src), "--agreements", str(ag), "--format", "jsonl", "-o", str(out),
                                   "-q"])
    assert res.exit_code == 0, res.output
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert any(r.get("agreement") == "test_truce" for r in recs), recs
