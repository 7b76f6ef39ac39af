"""`truceline eval` (truceline/evaluate): matching definitions, exact figures on a small ACLED-format
file written here, and agreement with ../shared/tools/score.py on the shared dev sets."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.evaluate import Columns, evaluate, load_gold, predict, score
from truceline.evaluate.matching import (SideMap, day, greedy_match, haversine_km, name_keys, pick_event,
                                         place_variants, view)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GAZ = SHARED / "gazetteer" / "syria_gazetteer.tsv"

# Six reports in the style of ACLED notes, coded by hand (the texts are ours).
ACLED_CSV = """\
event_id_cnty,event_date,year,event_type,sub_event_type,actor1,actor2,admin1,location,latitude,longitude,geo_precision,fatalities,notes
SYR9001,14-March-2021,2021,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Syria (2000-),Civilians (Syria),Idleb,Ariha,35.8137,36.6105,1,3,"On 14 March 2021, Syrian regime forces shelled the town of Ariha in southern Idlib, killing three civilians, including a child, and wounding five others."
SYR9002,15-March-2021,2021,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),Civilians (Syria),Idleb,Maarrat Misrin,36.0114,36.6725,1,2,"On 15 March 2021, Russian warplanes carried out airstrikes on Maarrat Misrin in northern Idlib, killing two civilians."
SYR9003,16-March-2021,2021,Battles,Armed clash,Military Forces of Syria (2000-),Hayat Tahrir al-Sham,Idleb,Kafr Nabl,35.6139,36.5611,1,4,"On 16 March 2021, clashes broke out between regime forces and Hayat Tahrir al-Sham fighters on the Kafr Nabl front. Four fighters were killed."
SYR9004,17-March-2021,2021,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Syria (2000-),Civilians (Syria),Aleppo,Kafr Naha,36.1595,36.9279,1,1,"On 17 March 2021, regime forces shelled the western countryside of Aleppo, killing a woman."
SYR9005,19-March-2021,2021,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),Civilians (Syria),Idleb,Sarmin,35.9036,36.7255,1,1,"On 19 March 2021, warplanes struck the outskirts of Sarmin, east of Idlib city, killing a child."
SYR9006,21-March-2021,2021,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Syria (2000-),Civilians (Syria),Idleb,Kansafra,35.6628,36.4857,2,2,"Regime artillery shelled villages in Jabal al-Zawiya on Sunday, causing casualties among civilians, local sources said."
"""


def _ev(sub, date, loc, lat, lon, a1, a2, fat, adm="Idleb", gp=1):
    return {"event_type": "", "sub_event_type": sub, "event_date": date, "location": loc, "latitude": lat,
            "longitude": lon, "admin1": adm, "actor1": a1, "actor2": a2, "fatalities": fat, "geo_precision": gp}


# Predictions written by hand, one kind of error each
PRED = {
    "SYR9001": [_ev("Shelling/artillery/missile attack", "2021-03-14", "Ariha", 35.8137, 36.6096,
                    "Military Forces of Syria (2000-)", "Civilians (Syria)", 3)],
    # right, plus a second event elsewhere (a false positive for matching)
    "SYR9002": [_ev("Air/drone strike", "2021-03-15", "Ma'arratmisrin", 36.0115, 36.6718,
                    "Military Forces of Russia (2000-)", "Civilians (Syria)", 2),
                _ev("Air/drone strike", "2021-03-15", "Idlib", 35.9306, 36.6339, "", "", None, gp=3)],
    # a clash coded as shelling (the type differs: the events cannot match), deaths summed
    "SYR9003": [_ev("Shelling/artillery/missile attack", "2021-03-16", "Kafranbel", 35.6138, 36.5645,
                    "Military Forces of Syria (2000-)", "HTS: Hayat Tahrir al Sham", 6)],
    # governorate level (Aleppo city, 20 km off), right deaths
    "SYR9004": [_ev("Shelling/artillery/missile attack", "2021-03-17", "Aleppo", 36.201, 37.161,
                    "Military Forces of Syria (2000-)", "Civilians (Syria)", 1, adm="Aleppo", gp=3)],
    # the attacker guessed wrong; the publication day is not the event day
    "SYR9005": [_ev("Air/drone strike", "2021-03-20", "Sarmin", 35.9036, 36.7255,
                    "Military Forces of Syria (2000-)", "Civilians (Syria)", 1)],
    # no toll, no date
    "SYR9006": [_ev("Shelling/artillery/missile attack", "", "Jabal al-Zawiya", 35.68, 36.52,
                    "Military Forces of Syria (2000-)", "Civilians (Syria)", None, gp=3)],
}


@pytest.fixture()
def acled_csv(tmp_path):
    p = tmp_path / "acled_small.csv"
    p.write_text(ACLED_CSV, encoding="utf-8")
    return p


# ------------------------------------------------------------------------------ definitions
def test_eval_matching_definitions():
    assert haversine_km((35.8137, 36.6105), (35.8137, 36.6105)) == 0
    assert 19.5 < haversine_km((36.1595, 36.9279), (36.201, 37.161)) < 22
    assert day("9-May-20") == dt.date(2020, 5, 9) and day("14-March-2021") == dt.date(2021, 3, 14)
    assert day("2021-03-14T10:00") == dt.date(2021, 3, 14) and day("last week") is None
    assert place_variants("Aaliyah (Qurujah) village") == ["Aaliyah (Qurujah) village", "Aaliyah village",
                                                           "Qurujah"]
    assert name_keys(["Khan Shaykhun town"]) == name_keys(["Khan Sheikhoun"])
    assert name_keys(["Maarrat Misrin"]) == name_keys(["Ma'arratmisrin"])
    assert name_keys(["Hama"]) != name_keys(["Homs"])
    assert name_keys(["Qouqfin"], loose=True) == name_keys(["Quqfin"], loose=True)
    sm = SideMap()
    for actor, side in [("Government of Syria", "SYRIA_GOV"), ("Syrian insurgents", "OPPOSITION"),
                        ("Military Forces of Turkey (2016-)", "TURKEY"), ("HTS: Hayat Tahrir al Sham", "OPPOSITION"),
                        ("Islamic State (Iraq)", "IS"), ("Civilians (Syria)", "CIVILIANS"), ("SDF", "SDF_KURDS"),
                        ("Government of Iraq", "OTHER"), ("قوات النظام", "SYRIA_GOV"), ("", "NONE"),
                        ("Hawar Kilis Operations Room", "OPPOSITION"), ("Unidentified Armed Group (Syria)", "UNKNOWN")]:
        assert sm.side(actor) == side, actor
    assert sm.pair("Military Forces of Russia (2000-)", "Civilians (Syria)", True) == ("CIVILIANS", "PRO_GOV")
    assert sm.belligerent("Russian Military") == "RUSSIA"
    # one gold event: the nearest predicted event is its match, else the first with its name
    a = _ev("", "", "Sarmin", 35.90, 36.72, "", "", None)
    b = _ev("", "", "Idlib", 35.93, 36.63, "", "", None)
    assert pick_event((35.9036, 36.7255), frozenset(), [b, a])[0] is a
    assert pick_event(None, name_keys(["Sarmin"]), [b, a])[0] is a
    # greedy per document: the same sub-type wins over a nearer other
    g = [view(_ev("Air/drone strike", "2021-03-15", "Sarmin", 35.9036, 36.7255, "", "", None))]
    p = [view(_ev("Shelling/artillery/missile attack", "2021-03-15", "x", 35.9036, 36.7255, "", "", None)),
         view(_ev("Air/drone strike", "2021-03-15", "y", 35.95, 36.75, "", "", None))]
    assert greedy_match(g, p) == [(0, 1)]
    far = [view(_ev("Air/drone strike", "2021-03-15", "z", 36.5, 37.5, "", "", None))]
    late = [view(_ev("Air/drone strike", "2021-03-18", "Sarmin", 35.9036, 36.7255, "", "", None))]
    assert greedy_match(g, far) == [] and greedy_match(g, late) == []


# ------------------------------------------------------------------- the small ACLED file
def test_eval_acled_scoring_exact_figures(acled_csv):
    gs = load_gold(acled_csv, "acled")
    assert gs.columns.text == "notes" and gs.columns.id == "event_id_cnty" and len(gs.docs) == 6
    m = score(gs, PRED)
    assert {k: m[k] for k in ("event_detected", "loc_within_10km", "loc_within_10km_first_event",
                              "loc_within_10km_precise_gold", "loc_name_exact", "deaths", "date_exact",
                              "side_pair_strict", "side_pair_progov_collapsed", "sub_event_type_acc",
                              "event_type_acc")} == {
        "event_detected": 1.0, "loc_within_10km": 0.8333, "loc_within_10km_first_event": 0.8333,
        "loc_within_10km_precise_gold": 0.8, "loc_name_exact": 0.5, "deaths": 0.6667, "date_exact": 0.6667,
        "side_pair_strict": 0.8333, "side_pair_progov_collapsed": 1.0, "sub_event_type_acc": 0.8333,
        "event_type_acc": 0.8333}
    assert m["denominators"]["loc_within_10km_precise_gold"] == 5
    assert m["errors"] == {"loc_within_10km": {"governorate or region level": 1},
                           "deaths": {"more than the gold (summed or restated)": 1, "none found": 1},
                           "date_exact": {"one day off": 1, "no date": 1},
                           "side_pair_strict": {"another side": 1}}
    mm = m["matching"]
    # SYR9003 (type differs) and SYR9004 (21 km) are unmatched; 2 gold left, 3 predictions left
    assert (mm["tp"], mm["fp"], mm["fn"]) == (4, 3, 2)
    assert (mm["precision"], mm["recall"], mm["f1"]) == (0.5714, 0.6667, 0.6154)
    assert mm["on_matches"] == {"sub_event_type_acc": 1.0, "side_pair_strict": 0.75,
                                "side_pair_progov_collapsed": 1.0, "fatalities_exact": 0.75, "date_exact": 0.5}
    assert mm["per_sub_type"]["Air/drone strike"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "gold": 2,
                                                      "predicted": 3, "tp": 2}


def test_eval_acled_publication_day_error(acled_csv, tmp_path):
    """A predicted day equal to the document's publication day is reported as that error kind."""
    text = ACLED_CSV.replace("event_date,year,", "event_date,pub_date,").replace(",2021,", ",2021-03-20,")
    p = tmp_path / "with_pub.csv"
    p.write_text(text, encoding="utf-8")
    m = score(load_gold(p, "acled"), PRED)
    assert m["errors"]["date_exact"] == {"publication day, not event day": 1, "no date": 1}


def test_eval_cli_acled_end_to_end(acled_csv, tmp_path):
    """`truceline eval` runs the extraction on the notes and scores it (figures of today's extraction)."""
    out = tmp_path / "eval.json"
    r = CliRunner().invoke(cli, ["eval", "--gold", str(acled_csv), "--format", "acled", "--json", str(out)])
    assert r.exit_code == 0, r.output
    assert "place <= 10 km (first event)" in r.output and "most common errors" in r.output
    res = json.loads(out.read_text())
    assert res["documents"] == 6 and res["format"] == "acled" and res["columns"]["text"] == "notes"
    m = res["metrics"]
    assert {k: m[k] for k in ("event_detected", "loc_within_10km", "sub_event_type_acc", "side_pair_strict",
                              "admin1_match")} == {
        "event_detected": 1.0, "loc_within_10km": 0.8333, "sub_event_type_acc": 1.0, "side_pair_strict": 0.8333,
        "admin1_match": 1.0}
    assert m["errors"]["loc_within_10km"] == {"governorate or region level": 1}
    # the same figures as scoring `truceline extract`'s own output
    pred = tmp_path / "pred.jsonl"
    r2 = CliRunner().invoke(cli, ["extract", str(acled_csv), "--text-col", "notes", "--id-col", "event_id_cnty",
                                  "-o", str(pred), "-q"])
    assert r2.exit_code == 0, r2.output
    assert evaluate(acled_csv, "acled", pred=pred)["metrics"] == m


def test_eval_truceline_format_and_row_ids(tmp_path):
    """Our own JSONL as gold; a CSV without an id column is read under row ids."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"doc_id": d, "text": t, "events": PRED[d][:1]}) + "\n"
                            for d, t in (("SYR9001", "x"), ("SYR9005", "y"))), encoding="utf-8")
    gs = load_gold(gold, "truceline")
    assert gs.mode == "multi" and gs.columns.text == "text" and gs.columns.id == "doc_id"
    m = score(gs, PRED)
    assert (m["tp"], m["fp"], m["fn"]) == (2, 0, 0) and m["on_matches"]["side_pair_strict"] == 1.0
    noid = tmp_path / "noid.csv"
    noid.write_text(ACLED_CSV.replace("event_id_cnty,", "code,"), encoding="utf-8")
    gs = load_gold(noid, "acled")
    assert gs.columns.id is None and list(gs.docs)[:2] == ["row1", "row2"] and gs.records[0]["doc_id"] == "row1"
    notext = tmp_path / "notext.csv"
    notext.write_text(ACLED_CSV.replace(",notes", ",remarks"), encoding="utf-8")
    with pytest.raises(ValueError, match="no text column"):
        load_gold(notext, "acled")
    assert load_gold(notext, "acled", Columns(text="remarks")).columns.text == "remarks"


# ------------------------------------------------------------- agreement with score.py
def _score_py(task: str, gold: Path, pred: Path) -> dict:
    run = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "--task", task, "--gold", str(gold),
                          "--pred", str(pred), "--json"], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)["metrics"]


# our figure name -> score.py's; figures whose definitions differ on purpose are listed apart
_SINGLE = {"event_detected": "event_detected", "loc_within_10km": "loc_within_10km",
           "loc_within_10km_first_event": "loc_within_10km_first_event",
           "loc_within_10km_precise_gold": "loc_within_10km_precise_gold", "date_exact": "date_exact",
           "admin1_match": "admin1_match", "median_km_matched_event": "median_km_matched_event",
           "events_per_detected_doc": "events_per_detected_doc"}
SETS = {
    "ucdp": ({**_SINGLE, "deaths": "fatalities_exact"},
             # "First Regiment" is a rebel group (actors: OPPOSITION; score.py's rules: SYRIA_GOV): 1 text;
             # place names: our transliteration keys (docs/evaluation.md)
             {"side_pair_strict": 0.0005, "side_pair_progov_collapsed": 0.0005, "loc_name_exact": 0.003}),
    "airwars": ({**_SINGLE, "deaths": "civilian_fatalities_in_range",
                 "belligerent_side_match": "belligerent_side_match"}, {"loc_name_exact": 0.03}),
    "seeds": ({"tp": "tp", "fp": "fp", "fn": "fn", "precision": "precision", "recall": "recall", "f1": "f1",
               "fp_matching_a_gold_statistic": "fp_matching_a_gold_statistic",
               **{f"on_matches.{k}": f"on_matches.{k}" for k in ("sub_event_type_acc", "side_pair_strict",
                                                                 "side_pair_progov_collapsed", "fatalities_exact",
                                                                 "date_exact")}}, {}),
    "case": ({k: f"subtask1.{k}" for k in ("weighted_f1", "macro_f1", "micro_f1", "accuracy", "n_docs",
                                           "pred_none", "n_classes_in_macro")}, {}),
    "fakes": ({k: f"all.{k}" for k in ("event_detected", "civilian_exact", "civilian_exact_gold_pos",
                                       "children_exact", "women_exact", "admin1_majority_match")}, {}),
}
GOLD = {"seeds": "seeds_gold.csv", "ucdp": "ucdp_dev.csv", "case": "case_dev.csv", "fakes": "fakes_dev.csv",
        "airwars": "airwars_dev.csv"}


def _dig(d: dict, path: str):
    for part in path.split("."):
        d = d[part]
    return d


@pytest.mark.parametrize("name", list(SETS))
def test_eval_agrees_with_score_py(name, tmp_path):
    if not (SHARED / "tools" / "score.py").exists() or not (SHARED / "gold" / GOLD[name]).exists():
        pytest.skip(f"{SHARED} is absent: the dev gold sets and score.py live there")
    from truceline.settings import Settings

    gold = SHARED / "gold" / GOLD[name]
    settings = Settings.load(None, gazetteer=str(GAZ))
    texts = (str(SHARED / "corpus" / "seeds"),) if name == "seeds" else ()
    manifest = SHARED / "corpus" / "seeds" / "manifest.jsonl" if name == "seeds" else None
    gs = load_gold(gold, name, texts=texts)
    _report, preds = predict(gs, settings, manifest)       # the code path of `truceline extract`
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps({"doc_id": d, "events": e}) + "\n" for d, e in preds.items()), encoding="utf-8")
    ref = _score_py(name, gold, pred)
    ours = evaluate(gold, name, settings=settings, texts=texts, pred=pred)["metrics"]
    same, near = SETS[name]
    for k, theirs in same.items():
        assert _dig(ours, k) == _dig(ref, theirs), (name, k)
    for k, tol in near.items():
        assert abs(_dig(ours, k) - _dig(ref, k)) <= tol, (name, k, _dig(ours, k), _dig(ref, k))


def test_eval_ucdp_reads_ged_column_names(tmp_path):
    """UCDP's own GED columns: date_start/date_end, where_coordinates, source_headline, best."""
    p = tmp_path / "ged.csv"
    p.write_text(
        "id,source_headline,source_date,date_start,date_end,where_coordinates,latitude,longitude,side_a,side_b,best\n"
        "77,Regime helicopters drop barrel bombs on Kafr Zita,2016-05-03,2016-05-02,2016-05-03,"
        "Kafr Zayta town,35.3743,36.6033,Government of Syria,Syrian insurgents,3\n", encoding="utf-8")
    gs = load_gold(p, "ucdp")
    assert (gs.columns.text, gs.columns.id, gs.columns.date) == ("source_headline", "id", "source_date")
    g = gs.docs["77"].events[0]
    assert g.fields["event_date"] == "2016-05-02" and g.date_end == "2016-05-03" and g.deaths == (3, 3)
    assert g.names == ("Kafr Zayta town",)
    hit = [_ev("Air/drone strike", "2016-05-03", "Kafr Zita", 35.374, 36.603, "Military Forces of Syria (2000-)",
               "Opposition Rebels (Syria)", 3, adm="Hama")]
    m = score(gs, {"77": hit})
    assert (m["loc_within_10km"], m["date_exact"], m["deaths"], m["side_pair_strict"]) == (1.0, 1.0, 1.0, 1.0)
