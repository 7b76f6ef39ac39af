"""Tests for truceline/store.py and truceline/serialize.py: real SQLite files in tmp_path."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3

import pytest

from truceline import serialize, store as store_mod
from truceline.errors import TrucelineError
from truceline.model import (Actor, Article, Event, Evidence, Mention, Place, Reject, RunReport, Statistic,
                             evidence)
from truceline.store import SCHEMA_VERSION, Store

# ------------------------------------------------------------------ hand-written records

TEXTS = [
    "Russian warplanes struck the town of Kafr Nabl in southern Idlib on Sunday, killing five civilians "
    "including two children, the Syrian Observatory for Human Rights said. Regime artillery shelled "
    "Khan Shaykhun the same day.",
    "Opposition factions repelled an attempt by government forces to advance towards Kabani in the "
    "Lattakia mountains, a spokesman for the National Front for Liberation said on Monday.",
    "قصفت طائرات حربية روسية مدينة معرة النعمان بريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين.",
]
RUSSIA = dict(id="russia", name="Military Forces of Russia (2015-)", inter=8, side="RUSSIA")
CIVILIANS = dict(id="civilians", name="Civilians (Syria)", inter=7, side="CIVILIANS")


def sha(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def make_article(text: str, *, url: str = "", segment: str = "", doc_id: str = "doc.txt",
                 offset: int = 0, published: dt.date | None = dt.date(2019, 6, 23)) -> Article:
    return Article(id=sha(url, segment, text), text=text, title=text[:30], url=url, outlet="Enab Baladi",
                   byline="Staff", published=published, language="ar" if text[0] > "\u0600" else "en",
                   doc_id=doc_id, source="/in/" + doc_id, source_line=3, segment=segment, offset=offset)


def find(article: Article, surface: str, source: str) -> Evidence:
    i = article.text.index(surface)
    return evidence(article, i, i + len(surface), source)


def make_event(article: Article, trigger: str, *, place: str = "", sub: str = "Air/drone strike",
               etype: str = "Explosions/Remote violence", fatalities: int | None = None,
               rule: str = "rule:event.v1", notes: str = "") -> Event:
    sent_end = article.text.find(". ") + 1 or len(article.text)
    sentence = evidence(article, 0, sent_end, "rule:sentence.v1")
    trig = find(article, trigger, "triggers:" + trigger)
    spans: list[tuple[str, Evidence]] = [("trigger", trig)]
    actor1 = None
    if "Russian" in article.text:
        actor1 = Actor(**RUSSIA, surface="Russian", evidence=find(article, "Russian", "actors:russia"))
        spans.append(("actor1", actor1.evidence))
    pl = None
    if place:
        pev = find(article, place, "gazetteer:" + place)
        pl = Place(name=place, surface=place, latitude=35.58, longitude=36.56, admin1="Idleb",
                   admin2="Maarrat An Nu'man", gazetteer_id="geonames:170" + str(len(place)), evidence=pev)
        spans.append(("place", pev))
    if fatalities is not None:
        spans.append(("fatalities", find(article, "five", "rule:number.v1") if "five" in article.text
                      else trig))
    return Event(id=sha(article.id, trig.start, sub, rule), article_id=article.id, event_type=etype,
                 sub_event_type=sub, event_date=dt.date(2019, 6, 23), actor1=actor1,
                 actor2=Actor(**CIVILIANS) if fatalities else None, place=pl, fatalities=fatalities,
                 civilian_fatalities=fatalities, child_fatalities=2 if fatalities else None,
                 claimant="SOHR" if fatalities else "", outlet="Enab Baladi", sentence=sentence,
                 spans=tuple(spans), rule=rule, notes=notes, civilian_targeting=bool(fatalities))


def make_statistic(article: Article) -> Statistic:
    sentence = evidence(article, 0, len(article.text), "rule:sentence.v1")
    return Statistic(id=sha(article.id, "stat"), article_id=article.id, period_start=dt.date(2019, 6, 1),
                     period_end=dt.date(2019, 6, 30), breaches=411, civilian_fatalities=31, count=12,
                     counted="attacks", claimant="Syria Response Coordinators", sentence=sentence,
                     spans=(("breaches", evidence(article, 0, 7, "rule:count.v1")),))


def make_batch() -> tuple[list[Article], list[Event], list[Statistic]]:
    a0 = make_article(TEXTS[0], url="https://example.org/a0")
    a1 = make_article(TEXTS[1], url="https://example.org/a1", doc_id="doc2.txt")
    a2 = make_article(TEXTS[2], doc_id="doc3.txt")
    events = [make_event(a0, "struck", place="Kafr Nabl", fatalities=5),
              make_event(a0, "shelled", place="Khan Shaykhun", sub="Shelling/artillery/missile attack"),
              make_event(a1, "repelled", place="Kabani", sub="Armed clash", etype="Battles")]
    stats = [make_statistic(a1)]
    return [a0, a1, a2], events, stats


def dump(st: Store, skip: tuple[str, ...] = ()) -> list[str]:
    return [line for line in st.iterdump() if not any(f'"{t}"' in line for t in skip)]


@pytest.fixture()
def db(tmp_path):
    return tmp_path / "t.db"


# ------------------------------------------------------------------ serialize

def _all_records():
    arts, events, stats = make_batch()
    ev = events[0]
    return [arts[0], arts[2], ev, events[1], stats[0], ev.actor1, ev.place, ev.sentence,
            Reject(source="in.jsonl", line=4, field="published", code="E203", message="bad date"),
            RunReport(articles=3, events=2, events_by_type={"Battles": 1, "Riots": 1},
                      rejects=[Reject(source="x", line=None, field="", code="E201", message="m")], fatal="")]


@pytest.mark.parametrize("record", _all_records(), ids=lambda r: type(r).__name__)
def test_serialize_round_trip(record):
    d = serialize.to_dict(record)
    assert serialize.from_dict(type(record), d) == record
    text = serialize.dumps(record)
    assert serialize.from_dict(type(record), json.loads(text)) == record
    assert serialize.dumps(serialize.from_dict(type(record), json.loads(text))) == text


def test_serialize_json_safe_shapes():
    _, events, _ = make_batch()
    d = serialize.to_dict(events[0])
    assert d["event_date"] == "2019-06-23"
    assert isinstance(d["actor1"], dict) and d["actor1"]["evidence"]["source"] == "actors:russia"
    assert list(d["spans"]) == ["trigger", "actor1", "place", "fatalities"]
    assert d["spans"]["place"]["text"] == "Kafr Nabl"
    json.dumps(d, allow_nan=False)


def test_serialize_dumps_sorted_compact_unicode():
    arts, _, _ = make_batch()
    text = serialize.dumps(arts[2])
    keys = list(json.loads(text))
    assert keys == sorted(keys)
    assert "معرة" in text and ", " not in text.split('"text"')[0]


def test_serialize_span_order_survives_json():
    arts, events, _ = make_batch()
    ev = events[0]
    rev = Event(**{**{f: getattr(ev, f) for f in ev.__dataclass_fields__}, "spans": tuple(reversed(ev.spans))})
    back = serialize.from_dict(Event, json.loads(serialize.dumps(rev)))
    assert back.spans == rev.spans


def test_serialize_repeated_span_names_kept():
    arts, events, _ = make_batch()
    ev = events[0]
    two = Event(**{**{f: getattr(ev, f) for f in ev.__dataclass_fields__},
                   "spans": (("victim", ev.sentence), ("victim", ev.spans[0][1]))})
    d = serialize.to_dict(two)
    assert isinstance(d["spans"], list)
    assert serialize.from_dict(Event, json.loads(serialize.dumps(two))) == two


def test_serialize_mention_round_trip():
    m = Mention(kind="number", start=3, end=7, surface="five", entry="rule:number.v1", value=5,
                attrs=(("unit", "people"), ("approx", False)))
    assert serialize.from_dict(Mention, json.loads(serialize.dumps(m))) == m


@pytest.mark.parametrize("patch,where", [
    ({"fatalities": "5"}, "$.fatalities"),
    ({"event_date": "23 June 2019"}, "$.event_date"),
    ({"place": {"name": "Kafr Nabl", "latitude": "35.5"}}, "$.place.latitude"),
    ({"color": "red"}, "color"),
])
def test_serialize_from_dict_refuses_bad_input(patch, where):
    _, events, _ = make_batch()
    d = {**serialize.to_dict(events[1]), **patch}
    with pytest.raises(TrucelineError) as exc:
        serialize.from_dict(Event, d)
    assert exc.value.code == "E503" and where in str(exc.value)


def test_serialize_from_dict_missing_required():
    with pytest.raises(TrucelineError, match="missing field.*text"):
        serialize.from_dict(Article, {"id": "x"})


def test_serialize_record_from_dict_by_kind():
    _, events, stats = make_batch()
    assert serialize.record_from_dict(serialize.to_dict(stats[0])) == stats[0]
    assert serialize.record_from_dict(serialize.to_dict(events[0])) == events[0]
    with pytest.raises(TrucelineError, match="kind"):
        serialize.record_from_dict({"kind": "article"})


# ------------------------------------------------------------------ opening and migrations

def test_store_migrations_from_empty_and_reopen(db):
    with Store.open(db) as st:
        assert st.schema_version == SCHEMA_VERSION
        conn = st._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"articles", "article_history", "events", "statistics", "spans", "rejects", "runs",
                "events_event_date", "events_admin1", "events_sub_event_type", "events_article_id",
                "events_lat_lon"} <= names
        st.write_batch(*make_batch())
        before = dump(st)
    with Store.open(db) as st:
        assert st._conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(store_mod.MIGRATIONS)
        assert dump(st) == before


def test_store_open_zero_byte_file(db):
    db.write_bytes(b"")
    with Store.open(db) as st:
        assert st.counts()["articles"] == 0


def test_store_upgrades_older_file(db, monkeypatch):
    with Store.open(db) as st:
        st.write_batch(*make_batch())
    newer = [*store_mod.MIGRATIONS, (SCHEMA_VERSION + 1, "ALTER TABLE events ADD COLUMN reviewed INTEGER;\n"
                                                         "CREATE INDEX events_reviewed ON events(reviewed);")]
    monkeypatch.setattr(store_mod, "MIGRATIONS", newer)
    for _ in range(2):  # applied once, then nothing to do
        with Store.open(db) as st:
            assert st.schema_version == SCHEMA_VERSION + 1
            assert st._db.columns("events").count("reviewed") == 1
            assert st.counts()["events"] == 3


def test_store_failed_migration_rolls_back(db, monkeypatch):
    with Store.open(db):
        pass
    broken = [*store_mod.MIGRATIONS, (SCHEMA_VERSION + 1, "CREATE TABLE extra (x);\nTHIS IS NOT SQL;")]
    monkeypatch.setattr(store_mod, "MIGRATIONS", broken)
    with pytest.raises(TrucelineError):
        Store.open(db)
    monkeypatch.undo()
    with Store.open(db) as st:
        assert st.schema_version == SCHEMA_VERSION
        assert st._conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0


def test_store_refuses_newer_schema(db):
    with Store.open(db) as st:
        st._conn.execute("INSERT INTO schema_version VALUES (999)")
    with pytest.raises(TrucelineError) as exc:
        Store.open(db)
    assert exc.value.code == "E502" and str(db) in str(exc.value)


def test_store_leaves_gazetteer_tables_alone(db):
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE gaz_places (id TEXT PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO gaz_places VALUES ('geonames:1', 'Kafr Nabl')")
    conn.commit()
    conn.close()
    with Store.open(db) as st:
        st.write_batch(*make_batch())
        assert st._conn.execute("SELECT * FROM gaz_places").fetchall() == [("geonames:1", "Kafr Nabl")]


@pytest.mark.parametrize("content", [
    b"this is a CSV file,not a database\n1,2\n",
    bytes(range(256)) * 8,
    b"SQLite format 3\x00" + b"\xff" * 4000,
], ids=["text", "binary", "sqlite-header-garbage"])
def test_store_refuses_corrupt_file_untouched(tmp_path, content):
    path = tmp_path / "events.db"
    path.write_bytes(content)
    with pytest.raises(TrucelineError) as exc:
        Store.open(path)
    assert exc.value.code == "E501" and str(path) in str(exc.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.db"]


def test_store_refuses_directory_and_missing_folder(tmp_path):
    with pytest.raises(TrucelineError, match="E501"):
        Store.open(tmp_path)
    with pytest.raises(TrucelineError, match="E501"):
        Store.open(tmp_path / "no" / "such.db")


def test_store_refuses_foreign_sqlite_with_clashing_tables(db):
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE events (x)")
    conn.commit()
    conn.close()
    with pytest.raises(TrucelineError, match="E501.*another program"):
        Store.open(db)


def test_store_readonly(db):
    with Store.open(db) as st:
        st.write_batch(*make_batch())
    with Store.open(db, readonly=True) as ro:
        assert ro.counts()["events"] == 3
        with pytest.raises(sqlite3.OperationalError):
            ro.write_batch(*make_batch())
    with pytest.raises(TrucelineError, match="E501"):
        Store.open(db.with_name("missing.db"), readonly=True)


# ------------------------------------------------------------------ writing

def test_store_write_and_read_back(db):
    arts, events, stats = make_batch()
    with Store.open(db) as st:
        res = st.write_batch(arts, events, stats)
        assert (res.articles_new, res.events, res.statistics) == (3, 3, 1)
        assert res.spans == sum(len(e.spans) for e in events) + 1
        assert sorted(st.iter_events(), key=lambda e: e.id) == sorted(events, key=lambda e: e.id)
        assert list(st.iter_statistics()) == stats
        for a in arts:
            assert st.get_article(a.id) == a and st.has_article(a.id)
        assert st.get_article("nope") is None and not st.has_article("nope")
        assert sorted(st.iter_articles(), key=lambda a: a.id) == sorted(arts, key=lambda a: a.id)
        assert all(a.text == "" for a in st.iter_articles(with_text=False))
        assert list(st.iter_events(order="article", article_id=arts[0].id)) == events[:2]
        row = st._conn.execute("SELECT actor1, inter1, location, latitude, admin1, evidence, sentence_start, "
                               "sentence_end, fatalities, civilian_targeting, content_sha1 FROM events "
                               "JOIN articles ON articles.id = events.article_id WHERE events.id = ?",
                               (events[0].id,)).fetchone()
        assert row[:5] == ("Military Forces of Russia (2015-)", 8, "Kafr Nabl", 35.58, "Idleb")
        assert row[5] == arts[0].text[row[6]:row[7]]
        assert row[8:10] == (5, 1)
        assert row[10] == hashlib.sha1(arts[0].text.encode()).hexdigest()
        spans = st._conn.execute('SELECT field, "start", "end", text FROM spans WHERE owner_id = ? ORDER BY seq',
                                 (events[0].id,)).fetchall()
        assert [s[0] for s in spans] == ["trigger", "actor1", "place", "fatalities"]
        assert all(arts[0].text[s[1]:s[2]] == s[3] for s in spans)
        assert st.counts() == {"articles": 3, "article_history": 0, "events": 3, "statistics": 1,
                               "spans": res.spans, "rejects": 0, "runs": 0,
                                   "incidents": 0, "incident_members": 0, "claims": 0}


def test_store_write_same_batch_twice_is_identical(db):
    with Store.open(db) as st:
        st.write_batch(*make_batch())
        first = dump(st)
        res = st.write_batch(*make_batch())
        assert (res.articles_new, res.articles_known, res.articles_changed, res.events) == (0, 3, 0, 0)
        assert dump(st) == first


def test_store_two_runs_give_identical_databases(tmp_path):
    dumps = []
    for name in ("one.db", "two.db"):
        with Store.open(tmp_path / name) as st:
            run = st.begin_run("extract", {"batch": 2})
            arts, events, stats = make_batch()
            st.write_batch(arts[:2], events, stats, run_id=run)  # different batching, same content
            st.write_batch(arts[2:], [], [], run_id=run)
            st.finish_run(run, RunReport(articles=3, events=3))
            dumps.append(dump(st, skip=("runs",)))
    assert dumps[0] == dumps[1]
    with Store.open(tmp_path / "one.db") as st:  # a re-run into the same file changes no row either
        run = st.begin_run("extract", {})
        st.write_batch(*make_batch(), run_id=run)
        assert dump(st, skip=("runs",)) == dumps[0]


def test_store_reextraction_replaces_events(db):
    arts, events, stats = make_batch()
    with Store.open(db) as st:
        run1 = st.begin_run("extract", {})
        st.write_batch(arts, events, stats, run_id=run1)
        run2 = st.begin_run("extract", {"rules": "v2"})
        newer = make_event(arts[0], "struck", place="Kafr Nabl", fatalities=5, rule="rule:event.v2")
        res = st.write_batch([arts[0], arts[1]], [newer], [], run_id=run2)
        assert res.articles_changed == 2 and res.events == 1
        assert [e.id for e in st.iter_events(article_id=arts[0].id)] == [newer.id]
        assert list(st.iter_events(article_id=arts[1].id)) == []      # no stale event
        assert list(st.iter_statistics()) == []                        # nor statistic
        owners = {r[0] for r in st._conn.execute("SELECT owner_id FROM spans")}
        assert owners == {newer.id}
        seen = dict(st._conn.execute("SELECT id, first_seen || '/' || last_seen FROM articles"))
        assert seen == {arts[0].id: f"{run1}/{run2}", arts[1].id: f"{run1}/{run2}", arts[2].id: f"{run1}/{run1}"}


def test_store_events_only_batch_for_stored_article(db):
    arts, events, _ = make_batch()
    with Store.open(db) as st:
        st.write_batch(arts, events)
        st.write_batch([], events[:1])
        assert [e.id for e in st.iter_events(article_id=arts[0].id)] == [events[0].id]


def test_store_event_of_unknown_article_is_refused_whole(db):
    arts, events, _ = make_batch()
    with Store.open(db) as st:
        with pytest.raises(TrucelineError) as exc:
            st.write_batch(arts[1:], events)
        assert exc.value.code == "E504" and arts[0].id in str(exc.value)
        assert st.counts()["articles"] == 0  # the whole batch was rolled back


def test_store_unserializable_record_changes_nothing(db):
    arts, events, _ = make_batch()
    bad = Event(**{**{f: getattr(events[2], f) for f in events[2].__dataclass_fields__},
                   "place": Place(name="Kabani", latitude=float("nan"), longitude=36.1)})
    with Store.open(db) as st:
        with pytest.raises(ValueError):
            st.write_batch(arts, [events[0], bad])
        assert st.counts()["articles"] == 0


def test_store_duplicate_event_id_in_batch_keeps_first(db, caplog):
    arts, events, _ = make_batch()
    other = Event(**{**{f: getattr(events[0], f) for f in events[0].__dataclass_fields__}, "fatalities": 9})
    with Store.open(db) as st, caplog.at_level(logging.WARNING, logger="truceline.store"):
        st.write_batch(arts, [events[0], events[0], other])
        assert [e.fatalities for e in st.iter_events()] == [5]
    assert "E505" in caplog.text


def test_store_revision_by_url_keeps_history(db):
    url = "https://example.org/a0"
    old = make_article(TEXTS[0], url=url)
    new = make_article(TEXTS[0].replace("five civilians", "six civilians"), url=url)
    with Store.open(db) as st:
        run1 = st.begin_run("extract", {})
        st.write_batch([old], [make_event(old, "struck", place="Kafr Nabl", fatalities=5)], run_id=run1)
        run2 = st.begin_run("extract", {})
        res = st.write_batch([new], [make_event(new, "struck", place="Kafr Nabl", fatalities=6)], run_id=run2)
        assert res.articles_revised == 1
        assert st.get_article(old.id) is None and st.get_article(new.id) == new
        assert [e.fatalities for e in st.iter_events()] == [6]
        assert st._conn.execute("SELECT count(*) FROM spans WHERE article_id = ?", (old.id,)).fetchone()[0] == 0
        hist = list(st.iter_article_history(url))
        assert len(hist) == 1
        assert (hist[0]["article_id"], hist[0]["replaced_by"], hist[0]["text"], hist[0]["replaced_at"]) == \
            (old.id, new.id, old.text, run2)
        # writing the new version again changes nothing; the history stays
        before = dump(st)
        st.write_batch([new], [make_event(new, "struck", place="Kafr Nabl", fatalities=6)], run_id=run2)
        assert dump(st) == before


def test_store_sub_articles_of_one_page_are_not_revisions(db):
    url = "https://example.org/page"
    parts = [make_article(TEXTS[i], url=url, segment=f"Headline {i}", offset=i * 400) for i in range(2)]
    same_seg = [make_article(TEXTS[i], url=url, offset=i * 400) for i in range(2)]  # no headline split
    with Store.open(db) as st:
        st.write_batch(parts)
        run = st.begin_run("extract", {})
        st.write_batch(same_seg[:1], run_id=run)
        st.write_batch(same_seg[1:], run_id=run)  # later batch of the same run: a sibling, kept
        assert st.counts()["articles"] == 4 and st.counts()["article_history"] == 0


def test_store_runs_and_rejects(db):
    rejects = [Reject(source="in.jsonl", line=7, field="published", code="E203", message="unparsable date"),
               Reject(source="page.html", line=None, field="", code="E210", message="empty page")]
    with Store.open(db) as st:
        run = st.begin_run("extract in.jsonl", {"lang": ["en", "ar"], "when": dt.date(2019, 6, 1)})
        assert st.add_rejects(run, rejects) == 2
        st.finish_run(run, RunReport(articles=3, events=2, statistics=1, events_by_type={"Battles": 2},
                                     rejects=rejects, skipped_duplicates=1))
        assert [r for _, r in st.iter_rejects(run)] == rejects
        (row,) = st.runs()
        assert row["command"] == "extract in.jsonl" and row["finished"] >= row["started"]
        assert (row["articles"], row["events"], row["statistics"], row["rejects"], row["skipped_duplicates"]) == \
            (3, 2, 1, 2, 1)
        assert json.loads(row["settings_json"]) == {"lang": ["en", "ar"], "when": "2019-06-01"}
        assert json.loads(row["events_by_type_json"]) == {"Battles": 2}
        with pytest.raises(ValueError):
            st.finish_run(run + 10, RunReport())


# ------------------------------------------------------------------ readers and filters

def test_store_event_filters(db):
    arts, events, stats = make_batch()
    with Store.open(db) as st:
        st.write_batch(arts, events, stats)
        assert {e.id for e in st.iter_events(sub_event_type="Armed clash")} == {events[2].id}
        assert len(list(st.iter_events(sub_event_type=["Armed clash", "Air/drone strike"]))) == 2
        assert len(list(st.iter_events(admin1="Idleb"))) == 3
        assert len(list(st.iter_events(date_from=dt.date(2019, 6, 23), date_to="2019-06-23"))) == 3
        assert list(st.iter_events(date_from="2019-06-24")) == []
        assert len(list(st.iter_events(bbox=(36.0, 35.0, 37.0, 36.0)))) == 3
        assert list(st.iter_events(bbox=(0, 0, 1, 1))) == []
        assert len(list(st.iter_events(limit=2))) == 2
        assert len(list(st.iter_events(admin1=None))) == 3
        assert list(st.iter_statistics(date_from="2019-06-15", date_to="2019-06-16")) == stats
        assert [a.id for a in st.iter_articles(doc_id="doc3.txt")] == [arts[2].id]
        with pytest.raises(TypeError, match="unknown event filter 'governorate'"):
            st.iter_events(governorate="Idleb")
        with pytest.raises(ValueError):
            st.iter_events(order="random")


def _undo_migration_5(conn) -> None:
    """Make a database as written before migration 5 (no side columns, none of its indexes, nor
    those of the later migrations)."""
    import re

    for _, sql in (m for m in store_mod.MIGRATIONS if m[0] >= 5):
        for name in re.findall(r"CREATE INDEX (\w+)", sql):
            conn.execute(f"DROP INDEX IF EXISTS {name}")
    conn.execute("ALTER TABLE events DROP COLUMN side1")
    conn.execute("ALTER TABLE events DROP COLUMN side2")
    conn.execute("DELETE FROM schema_version WHERE version >= 5")


def test_store_side_columns_and_their_backfill(db):
    """Migration 5: the actors' coarse sides are columns (filterable), written with each event and
    backfilled from the stored records of a database written before it."""
    import sqlite3

    arts, evs, stats = make_batch()
    want = {e.id: (e.actor1.side if e.actor1 else "", e.actor2.side if e.actor2 else "") for e in evs}
    assert any(a or b for a, b in want.values()), "the batch must have sided actors for this test to mean anything"
    with Store.open(db) as st:
        st.write_batch(arts, evs, stats)
        assert {r[0]: (r[1], r[2]) for r in st._conn.execute("SELECT id, side1, side2 FROM events")} == want
        side = next(a for a, _ in want.values() if a)
        assert {e.id for e in st.iter_events(side1=side)} == {i for i, (a, _) in want.items() if a == side}
    conn = sqlite3.connect(db)
    _undo_migration_5(conn)
    conn.commit()
    conn.close()
    with Store.open(db) as st:
        assert st.schema_version == SCHEMA_VERSION
        assert {r[0]: (r[1], r[2]) for r in st._conn.execute("SELECT id, side1, side2 FROM events")} == want


def test_store_counted_in_column_and_its_backfill(db):
    """Migration 4: the count-once link is a column (filterable); rows stored before it get the link
    from their notes."""
    import sqlite3
    from dataclasses import replace as _replace

    arts, (main, restated, old), stats = make_batch()
    restated = _replace(restated, counted_in=main.id, notes="figures counted in " + main.id)
    old = _replace(old, notes="background; recalled incident")  # a pre-field record: the link in notes only
    with Store.open(db) as st:
        st.write_batch(arts, [main, restated, old], stats)
        got = dict(st._conn.execute("SELECT id, counted_in FROM events"))
        assert got == {main.id: "", restated.id: main.id, old.id: ""}
        assert [e.id for e in st.iter_events(counted_in=main.id)] == [restated.id]
    # as a file written before migration 4: no column, the links only in the notes
    conn = sqlite3.connect(db)
    _undo_migration_5(conn)
    conn.execute("DROP INDEX IF EXISTS events_counted_in")
    conn.execute("ALTER TABLE events DROP COLUMN counted_in")
    conn.execute("DELETE FROM schema_version WHERE version = 4")
    conn.commit()
    conn.close()
    with Store.open(db) as st:
        got = dict(st._conn.execute("SELECT id, counted_in FROM events"))
        assert got == {main.id: "", restated.id: main.id, old.id: "recalled incident"}
