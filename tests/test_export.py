"""Tests for truceline/export.py: real files and a real database in tmp_path."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from truceline import serialize
from truceline.export import (ACLED_COLUMNS, CSV_COLUMNS, EXTRA_COLUMNS, FORMATS, SCORE_EVENT_FIELDS, acled_row,
                              export_db, interaction, score_jsonl_lines, write_export)
from truceline.model import Actor, Article, Event, Place, Statistic, evidence
from truceline.link.store import link_store
from truceline.store import Store

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"

TEXT_STRIKE = ("Russian warplanes struck the town of Kafr Nabl in southern Idlib on Sunday, killing five "
               "civilians including two children, the Syrian Observatory for Human Rights said.")
TEXT_CLASH = ("Opposition fighters clashed with government forces near Kabani in the Lattakia mountains "
              "on Monday, a field commander told Enab Baladi.")
TEXT_NONE = "The United Nations envoy met delegations in Geneva to discuss the constitutional committee."
TEXT_STAT = "The Syria Response Coordinators documented 411 ceasefire breaches in June, killing 31 civilians."


def _id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:12]


def article(text: str, doc_id: str, *, published: dt.date | None = dt.date(2019, 6, 24), offset: int = 0) -> Article:
    return Article(id=_id(doc_id, text), text=text, doc_id=doc_id, outlet="Enab Baladi", published=published,
                   language="en", offset=offset)


def span(a: Article, surface: str, source: str):
    i = a.text.index(surface)
    return evidence(a, i, i + len(surface), source)


def strike_event(a: Article, **over) -> Event:
    ru = Actor(id="russia", name="Military Forces of Russia (2015-)", inter=8, evidence=span(a, "Russian", "actors:ru"))
    civ = Actor(id="civilians", name="Civilians (Syria)", inter=7)
    place = Place(name="Kafr Nabl", latitude=35.5845, longitude=36.5624, admin1="Idleb", admin2="Maarrat An Nu'man",
                  admin3="Kafr Nabl", geo_precision=1, gazetteer_id="geonames:170017",
                  evidence=span(a, "Kafr Nabl", "gazetteer"))
    fields = dict(id=_id(a.id, "strike"), article_id=a.id, event_type="Explosions/Remote violence",
                  sub_event_type="Air/drone strike", event_date=dt.date(2019, 6, 23), actor1=ru, actor2=civ,
                  place=place, fatalities=5, civilian_fatalities=5, child_fatalities=2, claimant="SOHR",
                  outlet="Enab Baladi", civilian_targeting=True, sentence=evidence(a, 0, len(a.text), "rule:sentence"),
                  spans=(("actor1", ru.evidence), ("place", place.evidence)), rule="rule:event.v1",
                  notes="Warplanes took off from Hmeimim.")
    fields.update(over)
    return Event(**fields)


def clash_event(a: Article, **over) -> Event:
    opp = Actor(id="opposition", name="Opposition Rebels (Syria)", inter=2)
    gov = Actor(id="syria_gov", name="Military Forces of Syria (2000-)", inter=1)
    fields = dict(id=_id(a.id, "clash"), article_id=a.id, event_type="Battles", sub_event_type="Armed clash",
                  event_date=dt.date(2019, 6, 24), actor1=opp, actor2=gov,
                  place=Place(name="Kabani", admin1="Lattakia", geo_precision=2),
                  sentence=evidence(a, 0, len(a.text), "rule:sentence"), claimant="field commander")
    fields.update(over)
    return Event(**fields)


def statistic(a: Article) -> Statistic:
    return Statistic(id=_id(a.id, "stat"), article_id=a.id, period_start=dt.date(2019, 6, 1),
                     period_end=dt.date(2019, 6, 30), breaches=411, civilian_fatalities=31,
                     claimant="Syria Response Coordinators", sentence=evidence(a, 0, len(a.text), "rule:sentence"))


@pytest.fixture()
def corpus():
    arts = [article(TEXT_STRIKE, "strike.txt"), article(TEXT_CLASH, "clash.txt"),
            article(TEXT_NONE, "none.txt"), article(TEXT_STAT, "stat.txt")]
    events = [strike_event(arts[0]), clash_event(arts[1])]
    stats = [statistic(arts[3])]
    return arts, events, stats


# ------------------------------------------------------------------ ACLED rows

def test_export_acled_columns_exact_order():
    assert list(ACLED_COLUMNS) == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
        "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
        "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
    assert EXTRA_COLUMNS[:9] == ("claimant", "outlet", "injured", "civilian_fatalities", "child_fatalities",
                                 "women_fatalities", "displaced", "article_id", "evidence")
    assert CSV_COLUMNS == ACLED_COLUMNS + EXTRA_COLUMNS and len(set(CSV_COLUMNS)) == len(CSV_COLUMNS)


@pytest.mark.parametrize("i1,i2,expected", [(1, 2, 12), (2, 1, 12), (8, 7, 78), (3, 3, 33), (1, None, 10),
                                            (None, 7, 70), (None, None, ""), (0, 0, "")])
def test_export_interaction(i1, i2, expected):
    assert interaction(i1, i2) == expected


def test_export_acled_row_values(corpus):
    arts, events, _ = corpus
    row = acled_row(events[0], arts[0])
    assert list(row) == list(CSV_COLUMNS)
    assert row["event_id_cnty"] == "SYR" + events[0].id
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2019-06-23", 2019, 1)
    assert row["disorder_type"] == "Political violence"
    assert (row["inter1"], row["inter2"], row["interaction"]) == (8, 7, 78)
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["region"], row["country"]) == (760, "Middle East", "Syria")
    assert (row["admin1"], row["location"], row["latitude"], row["longitude"]) == ("Idleb", "Kafr Nabl", 35.5845, 36.5624)
    assert (row["source"], row["source_scale"], row["fatalities"], row["tags"]) == ("Enab Baladi", "", 5, "")
    assert row["timestamp"] == int(dt.datetime(2019, 6, 24, tzinfo=dt.timezone.utc).timestamp())
    assert row["notes"].startswith("On 2019-06-23: Air/drone strike by Military Forces of Russia (2015-) "
                                   "against Civilians (Syria) in Kafr Nabl (Idleb).")
    assert "5 killed (5 civilians, 2 children)" in row["notes"] and "According to SOHR." in row["notes"]
    assert row["notes"].endswith("Warplanes took off from Hmeimim.")
    assert row["evidence"] == arts[0].text[row["evidence_start"]:row["evidence_end"]]
    assert (row["fatalities_reported"], row["child_fatalities"], row["women_fatalities"]) == (5, 2, "")


def test_export_acled_row_unknown_fatalities_and_lone_actor(corpus):
    arts, events, _ = corpus
    e = clash_event(arts[1], actor2=None, outlet="", fatalities=None, stance="denied")
    row = acled_row(e, None)
    assert (row["fatalities"], row["fatalities_reported"]) == (0, "")
    assert "fatalities unreported" in row["tags"] and "denied" in row["tags"]
    assert (row["inter1"], row["inter2"], row["interaction"]) == (2, "", 20)
    assert row["source"] == "field commander"  # no outlet: the claimant
    assert (row["latitude"], row["longitude"], row["timestamp"]) == ("", "", int(
        dt.datetime(2019, 6, 24, tzinfo=dt.timezone.utc).timestamp()))  # from the event date
    assert row["civilian_targeting"] == "" and row["geo_precision"] == 2


# ------------------------------------------------------------------ formats

def test_export_acled_csv(tmp_path, corpus):
    arts, events, stats = corpus
    out = tmp_path / "events.csv"
    summary = write_export([*events, *stats], "acled-csv", out, {a.id: a for a in arts})
    assert (summary.events, summary.skipped) == (2, 1)
    with out.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        rows = list(reader)
    assert [r["sub_event_type"] for r in rows] == ["Air/drone strike", "Armed clash"]
    assert rows[0]["fatalities"] == "5" and rows[1]["fatalities"] == "0" and rows[1]["fatalities_reported"] == ""


def test_export_geojson_valid(tmp_path, corpus):
    arts, events, stats = corpus
    out = tmp_path / "events.geojson"
    summary = write_export([*events, *stats], "geojson", out, {a.id: a for a in arts})
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and doc["unlocated"] == 1 == summary.unlocated
    (feat,) = doc["features"]
    assert feat["type"] == "Feature" and feat["id"] == events[0].id
    assert feat["geometry"] == {"type": "Point", "coordinates": [36.5624, 35.5845]}  # lon, lat
    assert list(feat["properties"]) == list(CSV_COLUMNS)
    assert feat["properties"]["fatalities"] == 5


def test_export_geojson_empty(tmp_path):
    out = tmp_path / "none.geojson"
    write_export([], "geojson", out)
    assert json.loads(out.read_text()) == {"type": "FeatureCollection", "features": [], "unlocated": 0}


def test_export_jsonl_round_trips(tmp_path, corpus):
    _, events, stats = corpus
    out = tmp_path / "records.jsonl"
    summary = write_export([*events, *stats], "jsonl", out)
    assert (summary.events, summary.statistics) == (2, 1)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["kind"] for x in lines] == ["event", "event", "statistic"]
    assert [serialize.record_from_dict(json.loads(x)) for x in lines] == [*events, *stats]
    assert serialize.from_dict(Event, json.loads(lines[0])) == events[0]


def test_export_score_jsonl_lines_contract(corpus):
    _, events, _ = corpus
    lines = list(score_jsonl_lines([("strike.txt", events[:1]), ("none.txt", [])]))
    first, empty = (json.loads(x) for x in lines)
    assert empty == {"doc_id": "none.txt", "events": []}
    (ev,) = first["events"]
    assert tuple(ev) == SCORE_EVENT_FIELDS
    assert (ev["actor1"], ev["actor2"], ev["event_date"]) == ("Military Forces of Russia (2015-)",
                                                              "Civilians (Syria)", "2019-06-23")
    assert (ev["latitude"], ev["longitude"], ev["admin1"], ev["location"]) == (35.5845, 36.5624, "Idleb", "Kafr Nabl")
    assert ev["evidence"] == TEXT_STRIKE


def test_export_score_jsonl_groups_documents(tmp_path, corpus):
    arts, events, stats = corpus
    part2 = article(TEXT_CLASH, "strike.txt", offset=400)        # second sub-article of the same page
    more = clash_event(part2)
    mapping = {a.id: a for a in [*arts, part2]}
    out = tmp_path / "pred.jsonl"
    write_export([more, *events, *stats], "score-jsonl", out, mapping)
    docs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in docs] == ["strike.txt", "clash.txt", "none.txt", "stat.txt"]
    assert [e["sub_event_type"] for e in docs[0]["events"]] == ["Air/drone strike", "Armed clash"]
    assert docs[2]["events"] == [] and docs[3]["events"] == []  # statistics are not events


def test_export_score_jsonl_accepted_by_scorer(tmp_path, corpus):
    if not SCORER.exists():
        pytest.skip(f"scorer not found at {SCORER} (../shared is absent)")
    arts, events, _ = corpus
    gold = tmp_path / "gold.csv"
    with gold.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text", "gold_date_start", "gold_date_end", "gold_location", "where_prec", "adm_1",
                    "latitude", "longitude", "side_a", "side_b", "best"])
        w.writerow(["strike.txt", "hand-made", "2019-06-23", "2019-06-23", "Kafr Nabl", "1", "Idlib governorate",
                    "35.585", "36.562", "Government of Russia (Soviet Union)", "Civilians", "5"])
        w.writerow(["none.txt", "hand-made", "2019-06-25", "2019-06-25", "Ariha", "1", "Idlib governorate",
                    "35.81", "36.61", "Government of Syria", "Civilians", "0"])
    pred = tmp_path / "pred.jsonl"
    write_export(events, "score-jsonl", pred, {a.id: a for a in arts})
    proc = subprocess.run([sys.executable, str(SCORER), "--task", "ucdp", "--gold", str(gold), "--pred", str(pred),
                           "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["prediction_stats"]["pred_docs"] == 4 and res["prediction_stats"]["pred_events"] == 2
    m = res["metrics"]
    assert m["event_detected"] == 0.5
    assert m["loc_within_10km"] == 0.5 and m["date_exact"] == 0.5
    assert m["fatalities_exact"] == 1.0  # none.txt: gold 0, no event


def test_export_to_text_stream(corpus):
    _, events, _ = corpus
    buf = io.StringIO()
    write_export(events, "acled-csv", buf)
    assert buf.getvalue().splitlines()[0] == ",".join(CSV_COLUMNS)


def test_export_unknown_format_and_wrong_records(tmp_path, corpus):
    _, events, _ = corpus
    with pytest.raises(ValueError, match="unknown export format"):
        write_export(events, "xlsx", tmp_path / "x")
    with pytest.raises(TypeError):
        write_export(events, "acled-csv", 42)  # type: ignore[arg-type]
    assert set(FORMATS) == {"acled-csv", "jsonl", "geojson", "score-jsonl", "incidents-csv", "claims-jsonl", "ucdp-csv"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_atomic_target_untouched_on_failure(tmp_path, corpus, fmt):
    arts, events, _ = corpus
    out = tmp_path / f"export.{fmt}"
    out.write_text("previous export\n", encoding="utf-8")
    with pytest.raises(TypeError):
        write_export([events[0], "not a record", events[1]], fmt, out, {a.id: a for a in arts})
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left


def test_export_atomic_unserializable_record(tmp_path, corpus):
    arts, events, _ = corpus
    bad = dataclasses.replace(events[0], place=dataclasses.replace(events[0].place, latitude=math.nan))
    out = tmp_path / "records.jsonl"
    with pytest.raises(ValueError):
        write_export([events[1], bad], "jsonl", out)
    assert not out.exists() and list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ from a database

def test_export_db_all_formats_reproducible(tmp_path, corpus):
    arts, events, stats = corpus
    with Store.open(tmp_path / "t.db") as st:
        st.write_batch(arts, events, stats)
        link_store(st)  # the incident formats export the linked incidents
        for fmt in FORMATS:
            a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
            export_db(st, fmt, a)
            export_db(st, fmt, b)
            assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0
        docs = [json.loads(x) for x in (tmp_path / "a.score-jsonl").read_text().splitlines()]
        assert sorted(d["doc_id"] for d in docs) == ["clash.txt", "none.txt", "stat.txt", "strike.txt"]
        lines = (tmp_path / "a.jsonl").read_text().splitlines()
        assert sorted(x["kind"] for x in map(json.loads, lines)) == ["event", "event", "statistic"]
        rows = list(csv.DictReader((tmp_path / "a.acled-csv").open(newline="")))
        assert rows[0]["timestamp"] == str(int(dt.datetime(2019, 6, 24, tzinfo=dt.timezone.utc).timestamp()))
        # filters reach the events; a filter statistics lack leaves them out of jsonl
        s = export_db(st, "jsonl", tmp_path / "f.jsonl", sub_event_type="Armed clash")
        assert (s.events, s.statistics) == (1, 0)
        s = export_db(st, "acled-csv", tmp_path / "f.csv", admin1="Idleb")
        assert s.events == 1
