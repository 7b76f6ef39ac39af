"""The command line through click's CliRunner: run, ingest, extract, export, gazetteer."""
from __future__ import annotations

import csv
import json
import re

import pytest
from click.testing import CliRunner
from conftest import DEMO, SEED_GAZETTEER, SEEDS, need_shared

from truceline.cli import cli
from truceline.store import Store

# The ACLED CSV header: the 31 ACLED columns, then Truceline's own (docs/export.md).
ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp,claimant,outlet,"
    "injured,civilian_fatalities,child_fatalities,women_fatalities,displaced,article_id,evidence,stance,"
    "evidence_start,evidence_end,rule,fatalities_reported,agreement"
)
GOOD_EN = "Regime artillery shelled the town of Kansafra in Jabal al-Zawiya on Monday, wounding two men.\n"


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)     # click 8.1
    except TypeError:
        return CliRunner()                     # click >= 8.2 keeps stderr apart by default


def invoke(*args: str):
    return _runner().invoke(cli, list(args), catch_exceptions=False)


def dump(db) -> list[str]:
    """The database as SQL, without the log of runs (each run adds one row by design)."""
    with Store.open(db, readonly=True) as store:
        return [line for line in store.iterdump() if not line.startswith('INSERT INTO "runs"')]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli")
    db = out / "demo.db"
    res = invoke("run", "--demo", "--db", str(db))
    return out, db, res


def test_cli_run_demo_writes_db_and_acled_csv(demo_run):
    out, db, res = demo_run
    assert res.exit_code == 0, res.stderr
    assert "articles: 7" in res.stdout and "rejects: 0" in res.stdout
    csv_path = out / "demo.acled.csv"
    assert f"ACLED CSV: {csv_path}" in res.stdout
    text = csv_path.read_text(encoding="utf-8")
    assert text.split("\n", 1)[0].rstrip("\r") == ACLED_HEADER
    rows = list(csv.DictReader(text.splitlines()))
    with Store.open(db, readonly=True) as store:
        assert store.counts()["articles"] == 7
        n_events = store.counts()["events"]
    assert len(rows) == n_events > 0
    ariha = [r for r in rows if r["location"] == "Ariha" and r["event_date"] == "2021-06-09"]
    assert {r["fatalities"] for r in ariha} >= {"4", "6"}


def test_cli_run_demo_again_changes_nothing(demo_run):
    out, db, _ = demo_run
    before, csv_before = dump(db), (out / "demo.acled.csv").read_bytes()
    res = invoke("run", "--demo", "--db", str(db), "-q")
    assert res.exit_code == 0 and res.stdout == ""
    assert dump(db) == before
    assert (out / "demo.acled.csv").read_bytes() == csv_before
    with Store.open(db, readonly=True) as store:
        assert len(store.runs()) == 2


def test_cli_run_needs_paths_or_demo(tmp_path):
    res = invoke("run", "--db", str(tmp_path / "x.db"))
    assert res.exit_code == 2 and "PATHS or --demo" in res.stderr


@pytest.fixture
def bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "good.txt").write_text(GOOD_EN, encoding="utf-8")
    (tmp_path / "recs.jsonl").write_text(
        json.dumps({"id": "r1", "text": "Russian warplanes struck the town of Sarmin on Tuesday, killing three "
                                        "civilians, the civil defence said."}) + "\n"
        + '{"id": "r2", "text": "broken\n'
        + json.dumps({"id": "r3", "text": "Turkish artillery shelled the village of Tall Rif'at on Wednesday, "
                                          "wounding two SDF fighters."}) + "\n", encoding="utf-8")
    return tmp_path


def test_cli_bad_inputs_exit_3_and_good_ones_are_stored(bad_inputs):
    d = bad_inputs
    db = d / "t.db"
    res = invoke("ingest", str(d / "empty.txt"), str(d / "recs.jsonl"), str(d / "blob.bin"), str(d / "good.txt"),
                 "--db", str(db))
    assert res.exit_code == 3
    err = res.stderr
    assert re.search(r"empty\.txt: E201", err), err
    assert re.search(r"recs\.jsonl:2: E206", err), err            # file and line
    assert re.search(r"blob\.bin: E202", err), err
    assert "rejects: 3" in res.stdout
    with Store.open(db, readonly=True) as store:
        docs = sorted(a.doc_id for a in store.iter_articles())
        assert docs == ["good.txt", "r1", "r3"] or docs == ["good.txt", "recs.jsonl:1", "recs.jsonl:3"]
        assert store.counts()["events"] >= 3
        assert len(list(store.iter_rejects())) == 3


def test_cli_run_bad_inputs_still_writes_csv(bad_inputs):
    d = bad_inputs
    res = invoke("run", str(d), "--db", str(d / "t.db"), "--id-col", "id", "-q")
    assert res.exit_code == 3
    assert (d / "t.acled.csv").read_text(encoding="utf-8").startswith(ACLED_HEADER)


def test_cli_extract_score_jsonl_one_line_per_document(tmp_path):
    out = tmp_path / "pred.jsonl"
    res = invoke("extract", str(DEMO), "--manifest", str(DEMO / "manifest.jsonl"), "-o", str(out), "-q")
    assert res.exit_code == 0, res.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5                                 # 5 files; the page's 3 articles are one document
    assert [x["doc_id"] for x in lines] == sorted(p.name for p in DEMO.iterdir() if p.name != "manifest.jsonl")
    assert all(isinstance(x["events"], list) for x in lines)
    ariha = [e for x in lines[:3] for e in x["events"]
             if e["location"] == "Ariha" and e["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert len({x["doc_id"] for x in lines[:3] if any(e in ariha for e in x["events"])}) == 3
    assert {e["event_date"] for e in ariha} == {"2021-06-09"}


def test_cli_extract_score_jsonl_jsonl_input(bad_inputs):
    out = bad_inputs / "pred.jsonl"
    res = invoke("extract", str(bad_inputs / "recs.jsonl"), "--id-col", "id", "-o", str(out), "-q")
    assert res.exit_code == 3 and "recs.jsonl:2: E206" in res.stderr
    assert [json.loads(x)["doc_id"] for x in out.read_text().splitlines()] == ["r1", "r3"]


@pytest.mark.parametrize("fmt", ["jsonl", "acled-csv", "geojson"])
def test_cli_extract_other_formats(tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    res = invoke("extract", str(DEMO / "02_levant_wire_ariha.txt"), "--format", fmt, "-o", str(out), "-q")
    assert res.exit_code == 0, res.stderr
    text = out.read_text(encoding="utf-8")
    assert "Ariha" in text
    if fmt == "acled-csv":
        assert text.startswith(ACLED_HEADER)
    elif fmt == "geojson":
        assert json.loads(text)["type"] == "FeatureCollection"


@pytest.mark.parametrize("fmt", ["acled-csv", "jsonl", "geojson"])
def test_cli_export_from_db(demo_run, tmp_path, fmt):
    _, db, _ = demo_run
    out = tmp_path / f"x.{fmt}"
    res = invoke("export", "--db", str(db), "--format", fmt, "-o", str(out))
    assert res.exit_code == 0 and f"wrote {out}" in res.stdout
    assert "Ariha" in out.read_text(encoding="utf-8")


def test_cli_export_csv_matches_run_csv(demo_run, tmp_path):
    out, db, _ = demo_run
    res = invoke("export", "--db", str(db), "-o", str(tmp_path / "x.csv"))
    assert res.exit_code == 0
    assert (tmp_path / "x.csv").read_bytes() == (out / "demo.acled.csv").read_bytes()


def test_cli_export_missing_db(tmp_path):
    res = invoke("export", "--db", str(tmp_path / "nope.db"), "-o", str(tmp_path / "x.csv"))
    assert res.exit_code == 2


def test_cli_gazetteer_search_and_stats():
    res = invoke("gazetteer", "search", "Ariha")
    assert res.exit_code == 0 and "Ariha" in res.stdout
    res = invoke("gazetteer", "search", "أريحا")
    assert res.exit_code == 0 and "Ariha" in res.stdout
    res = invoke("gazetteer", "search", "Qwxzzy")
    assert res.exit_code == 3 and "no match" in res.stderr
    res = invoke("gazetteer", "stats")
    assert res.exit_code == 0 and res.stdout.strip()


def test_cli_gazetteer_import_user_csv(tmp_path):
    user = tmp_path / "places.csv"
    user.write_text("name,latitude,longitude,admin1\nTell Qwarzi,35.70,36.60,Idleb\n", encoding="utf-8")
    db = tmp_path / "g.db"
    res = invoke("gazetteer", "import", str(user), "--db", str(db))
    assert res.exit_code == 0, res.stdout + res.stderr
    res = invoke("gazetteer", "search", "Tell Qwarzi", "--db", str(db))
    assert res.exit_code == 0 and "Tell Qwarzi" in res.stdout


def test_cli_version_and_help():
    assert invoke("--version").exit_code == 0
    res = invoke("--help")
    for cmd in ("run", "ingest", "extract", "export", "gazetteer"):
        assert re.search(rf"^\s+{cmd}\b", res.stdout, re.M), cmd


def test_cli_seeds_run(tmp_path):
    need_shared()
    res = invoke("run", str(SEEDS), "--manifest", str(SEEDS / "manifest.jsonl"), "--gazetteer", str(SEED_GAZETTEER),
                 "--db", str(tmp_path / "s.db"), "-q")
    assert res.exit_code == 0, res.stderr
    with Store.open(tmp_path / "s.db", readonly=True) as store:
        assert store.counts()["articles"] >= 5
