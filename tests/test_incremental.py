"""Adding a few articles at a time to a database (truceline/ingestor.py, link.store.link_new,
ceasefire.tally): the same database as the full path, the same breaches as a full recompute, and
the hot queries on indexes.  Speed is measured by benchmarks/incremental.py, not here."""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import DEMO

from truceline import pipeline
from truceline.ceasefire.breaches import find_breaches
from truceline.ingestor import Ingestor
from truceline.link.claims import claim_of
from truceline.link.incidents import Linker, _order, compare, incident_fit
from truceline.link.rules import default_rules
from truceline.link.store import incidents_reach, link_store, reach_queries
from truceline.model import Actor, Article, Event, Evidence, Place
from truceline.settings import Settings
from truceline.store import Store

MANIFEST = DEMO / "manifest.jsonl"
# the order in which the one-pass linker meets the demo's reports (tests/test_link.py: the Levant
# Wire report opens the Ariha incident, the bulletin's and the Arabic one join it)
DEMO_ORDER = ["02_levant_wire_ariha.txt", "01_north_syria_bulletin_ariha.txt", "03_shamal_news_ariha_ar.txt",
              "05_response_monitor_may.html", "04_frontline_digest_page.txt"]

# Hand-written sentences in the style of the corpus (not from any article).
_TOWNS = [("Ariha", "أريحا"), ("Sarmin", "سرمين"), ("Saraqib", "سراقب"), ("Binnish", "بنش"), ("Taftanaz", "تفتناز"),
          ("Salqin", "سلقين"), ("Kafr Takharim", "كفرتخاريم"), ("Jisr al-Shughur", "جسر الشغور"),
          ("Al Bab", "الباب"), ("Afrin", "عفرين")]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
_EN = ["Regime artillery shelled the town of {place} on {day}, killing {n} civilians, rescuers said.",
       "Russian warplanes carried out airstrikes on {place} on {day}, wounding {n} people.",
       "Clashes broke out between government troops and opposition fighters near {place} on {day}, "
       "leaving {n} fighters dead.",
       "Turkish drones struck a position of the Syrian Democratic Forces near {place} on {day}, killing {n}."]
_AR = ["قصفت قوات النظام مدينة {place} يوم {day}، ما أدى إلى مقتل {n} مدنيين.",
       "شن الطيران الروسي غارات جوية على بلدة {place} يوم {day}، وأصيب {n} أشخاص."]
_FILLER = ["Prices of bread and fuel have risen sharply since the beginning of the year.",
           "The local council announced new measures to organise the distribution of water."]
_OUTLETS = ["Enab Baladi", "SANA", "Syrian Observatory for Human Rights", "Step News Agency", "Levant Wire"]


def synthetic_records(n: int, seed: int = 5, one_report: bool = False) -> list[dict]:
    """``n`` articles over ten towns and eight weeks (a quarter in Arabic, 1 in 25 without a
    date), some revised later (the same url, another text), a few bad records in between."""
    rng = random.Random(seed)
    day0 = dt.date(2021, 5, 3)
    out: list[dict] = []
    urls: list[tuple[str, str]] = []
    for i in range(n):
        arabic = rng.random() < 0.25
        published = day0 + dt.timedelta(days=rng.randrange(56))
        parts = []
        for _ in range(1 if one_report else rng.choice((1, 1, 2, 3))):
            en, ar = rng.choice(_TOWNS)
            wd = (published - dt.timedelta(days=rng.choice((0, 1, 1, 2)))).weekday()
            tpl = rng.choice(_AR if arabic else _EN)
            parts.append(tpl.format(place=ar if arabic else en, day=(_WEEKDAYS_AR if arabic else _WEEKDAYS)[wd],
                                    n=rng.randint(2, 9)))
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(_FILLER))
        rec = {"id": f"s{seed}-{i}", "text": "\n\n".join(parts), "outlet": rng.choice(_OUTLETS)}
        if rng.random() >= 0.04:
            rec["published"] = published.isoformat()
        if not one_report and rng.random() < 0.15:
            rec["url"] = f"https://example.invalid/{seed}/{i}"
            urls.append((rec["url"], rec["text"]))
        if not one_report and urls and rng.random() < 0.08:   # a revision of an earlier article
            url, text = urls.pop(0)
            rec["url"], rec["text"] = url, text.replace("killing", "killing at least", 1) + "\n\nUpdated."
        out.append(rec)
        if not one_report and i % 19 == 7:
            out.append({"id": f"bad{seed}-{i}", "text": "   "})
    return out


def _write_files(records: list[dict], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, rec in enumerate(records):
        p = folder / f"{k:04d}.jsonl"
        p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def _dump(db: Path, tables: tuple[str, ...] | None = None) -> dict[str, list[tuple]]:
    """Every row of the store's tables, sorted (runs without their times and settings)."""
    out = {}
    with Store.open(db, readonly=True) as st:
        names = tables or ("articles", "article_history", "events", "statistics", "spans", "rejects", "incidents",
                           "incident_members", "claims")
        for t in names:
            out[t] = sorted(st._conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        if tables is None:
            out["runs"] = st._conn.execute("SELECT id, command, articles, events, statistics, rejects, "
                                           "events_by_type_json FROM runs ORDER BY id").fetchall()
    return out


def _key(bs) -> list:
    return [(b.agreement, b.subject, b.status, b.terms, b.parts, b.reasons, b.named_in_text) for b in bs]


def _corpus(kind: str, tmp_path: Path):
    """(input files in the order they are added, ingest options)."""
    s = Settings()
    if kind == "demo":
        return [DEMO / n for n in DEMO_ORDER], pipeline.ingest_options(s, manifest=MANIFEST)
    return (_write_files(synthetic_records(70), tmp_path / "in"),
            pipeline.ingest_options(s, id_col="id", date_col="published"))


# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["demo", "synthetic"])
def test_incremental_equals_the_full_path_article_by_article(tmp_path, kind):
    """One article at a time through the Ingestor gives the database that run_to_store (with its
    full link_store) gives one article at a time, and after every article the breach tally is what
    find_breaches computes from the whole database."""
    paths, opts = _corpus(kind, tmp_path)
    s = Settings()
    ref, fast = tmp_path / "ref.db", tmp_path / "fast.db"
    with Ingestor(fast, s, opts=opts, command="test") as ing:
        for p in paths:
            got = ing.add_paths([p])
            want = pipeline.run_to_store([str(p)], ref, s, opts, command="test")
            assert (got.report.articles, got.report.events, [str(r) for r in got.report.rejects]) == \
                (want.articles, want.events, [str(r) for r in want.rejects])
            assert got.linked.line() == want.linked.line()
            assert _key(ing.tally.breaches()) == _key(find_breaches(ing.store, ing.ags))
        counts = ing.tally.counts()
    assert _dump(fast) == _dump(ref)
    with Store.open(ref) as st:
        assert link_store(st).events == 0        # nothing left unlinked, nothing stale
        full = find_breaches(st, pipeline.extractor_for(s).agreements)
    assert {a: dict(c) for a, c in counts.items()} == _counts(full)
    if kind == "synthetic":   # the corpus exercises what it is meant to
        d = _dump(fast, ("article_history", "incidents", "rejects"))
        assert d["article_history"] and d["rejects"] and len(d["incidents"]) > 20
        assert full, "no breach: the check would be empty"


def _counts(bs) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for b in bs:
        out.setdefault(b.agreement, {}).setdefault(b.status, 0)
        out[b.agreement][b.status] += 1
    return out


def test_incremental_equals_one_run_demo(tmp_path):
    """The demo's articles added one at a time, in the order the linker meets their reports, give
    the database of one run over all of them: events, incidents and breaches alike."""
    s = Settings()
    opts = pipeline.ingest_options(s, manifest=MANIFEST)
    one, fast = tmp_path / "one.db", tmp_path / "fast.db"
    pipeline.run_to_store([str(DEMO)], one, s, opts, command="test")
    with Ingestor(fast, s, opts=opts, command="test") as ing:
        for name in DEMO_ORDER:
            ing.add_paths([DEMO / name])
        tally = ing.tally.breaches()
    tables = ("articles", "events", "statistics", "spans", "incidents", "incident_members", "claims")
    a, b = _dump(one, tables), _dump(fast, tables)
    for d in (a, b):   # the run that first saw an article differs (one run / one run per article)
        d["articles"] = [r[:-2] for r in d["articles"]]
    assert a == b
    with Store.open(one) as st:
        assert _key(tally) == _key(find_breaches(st, pipeline.extractor_for(s).agreements))


def test_incremental_equals_one_run_synthetic(tmp_path):
    """Single-report articles added one at a time in the linker's order (date, precision, ...)
    give exactly the incidents of one run over all of them; the events are the same in any order.
    (In another order an early report may open the incident a later one would have opened:
    docs/linking.md, incremental linking.)"""
    s = Settings()
    opts = pipeline.ingest_options(s, id_col="id", date_col="published")
    recs = synthetic_records(60, seed=9, one_report=True)
    paths = _write_files(recs, tmp_path / "in")
    one = tmp_path / "one.db"
    pipeline.run_to_store([str(p) for p in paths], one, s, opts, command="test")
    with Store.open(one, readonly=True) as st:
        arts = {a.id: a for a in st.iter_articles()}
        order = [arts[e.article_id].doc_id for e, _ in sorted(((e, arts[e.article_id]) for e in st.iter_events()),
                                                               key=_order)]
    assert len(order) == len(set(order)) > 40, "one report per article"
    by_id = {r["id"]: p for r, p in zip(recs, paths)}
    tables = ("events", "statistics", "spans", "incidents", "incident_members", "claims")
    fast, shuffled = tmp_path / "fast.db", tmp_path / "shuffled.db"
    with Ingestor(fast, s, opts=opts) as ing:
        for doc in order:
            ing.add_paths([by_id[doc]])
        tally = ing.tally.breaches()
    assert _dump(one, tables) == _dump(fast, tables)
    with Store.open(one) as st:
        assert _key(tally) == _key(find_breaches(st, pipeline.extractor_for(s).agreements))
    rng = random.Random(1)
    rng.shuffle(order)
    with Ingestor(shuffled, s, opts=opts) as ing:
        for doc in order:
            ing.add_paths([by_id[doc]])
    assert _dump(one, ("events", "spans")) == _dump(shuffled, ("events", "spans"))


# ----------------------------------------------------------------------------------------------
def test_incremental_bad_input_is_reported_and_the_rest_stored(tmp_path):
    """Bad records are rejects naming the source, line and field; the good ones are stored and linked;
    an article whose extraction fails is an E103 reject and the others of the call go on."""
    db = tmp_path / "t.db"
    s = Settings()
    with Ingestor(db, s, opts=pipeline.ingest_options(s, id_col="id")) as ing:
        good = synthetic_records(3, seed=2, one_report=True)
        res = ing.add_records([good[0], {"id": "x", "text": "  "}, "not an object", {"id": "y"}, good[1]],
                              source="posted.jsonl")
        assert res.report.articles == 2 and res.linked.events == res.report.events > 0
        got = {(r.source, r.line, r.field, r.code) for r in res.report.rejects}
        assert got == {("posted.jsonl", 2, "text", "E207"), ("posted.jsonl", 3, "", "E206"),
                       ("posted.jsonl", 4, "text", "E207")}
        boom = ing.builder.build

        def build(a, sents):
            if "boom" in a.text:
                raise RuntimeError("broken rule")
            return boom(a, sents)

        ing.builder.build = build   # type: ignore[method-assign]
        res = ing.add_records([{"id": "b", "text": "Regime artillery shelled Ariha on Monday. boom"}, good[2]])
        assert [r.code for r in res.report.rejects] == ["E103"] and res.report.articles == 1
        assert [e.article_id for e in ing.store.iter_events() if "boom" in e.sentence.text] == []
    with Store.open(db) as st:
        assert st.counts()["articles"] == 3 and [r.code for _, r in st.iter_rejects()].count("E207") == 2


def test_incremental_sees_another_writer(tmp_path):
    """Another process's write (here: a run without linking) is noticed before the next add: the
    Ingestor links what it left unlinked and counts the breaches again."""
    s = Settings()
    opts = pipeline.ingest_options(s, manifest=MANIFEST)
    db = tmp_path / "t.db"
    with Ingestor(db, s, opts=opts) as ing:
        ing.add_paths([DEMO / "02_levant_wire_ariha.txt"])
        pipeline.run_to_store([str(DEMO / "01_north_syria_bulletin_ariha.txt")], db, replace(s, link=False), opts)
        ing.add_paths([DEMO / "03_shamal_news_ariha_ar.txt"])
        assert not list(ing.store.unlinked_events()) and not ing.store.stale_incidents()
        assert _key(ing.tally.breaches()) == _key(find_breaches(ing.store, ing.ags))
    ref = tmp_path / "ref.db"
    for name in DEMO_ORDER[:3]:
        pipeline.run_to_store([str(DEMO / name)], ref, s, opts)
    tables = ("events", "incidents", "incident_members", "claims")
    assert _dump(db, tables) == _dump(ref, tables)


def test_incremental_without_linking_counts_events_as_subjects(tmp_path):
    """With linking off the new events are subjects of their own: the tally still equals a full
    recompute, and a later Ingestor with linking on links them at opening."""
    s = replace(Settings(), link=False)
    opts = pipeline.ingest_options(s, manifest=MANIFEST)
    db = tmp_path / "t.db"
    with Ingestor(db, s, opts=opts) as ing:
        for name in DEMO_ORDER:
            res = ing.add_paths([DEMO / name])
            assert res.linked is None
            assert _key(ing.tally.breaches()) == _key(find_breaches(ing.store, ing.ags))
        assert any(b.subject.kind == "event" for b in ing.tally.breaches())
    with Ingestor(db, Settings(), opts=opts) as ing:
        assert not list(ing.store.unlinked_events())
        assert all(b.subject.kind == "incident" for b in ing.tally.breaches())


# ----------------------------------------------------------------------------------------------
_BIG = {"events", "incidents", "incident_members", "claims", "articles", "spans", "statistics", "article_history"}


def _plans(conn, statements: list[str]) -> dict[str, list[str]]:
    out = {}
    for sql in statements:
        if re.match(r"\s*(SELECT|DELETE|UPDATE|WITH)\b", sql, re.I):
            out[sql] = [r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    return out


def _scans(plans: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(sql, line) for sql, lines in plans.items() for line in lines
            if re.match(r"SCAN (\w+)", line) and re.match(r"SCAN (\w+)", line).group(1) in _BIG]


def test_incremental_hot_queries_use_indexes(tmp_path):
    """Every statement one add runs (traced on the connection: the store's writes, linking,
    the breach checks) reads the big tables through an index: EXPLAIN QUERY PLAN shows no SCAN
    of them; the look-ups of the incidents within reach use the schema-6 indexes."""
    paths, opts = _corpus("synthetic", tmp_path)
    db = tmp_path / "t.db"
    with Ingestor(db, Settings(), opts=opts) as ing:
        for p in paths[:40]:
            ing.add_paths([p])
        seen: list[str] = []
        ing.store._conn.set_trace_callback(seen.append)
        for p in paths[40:]:
            ing.add_paths([p])
        ing.store._conn.set_trace_callback(None)
        plans = _plans(ing.store._conn, seen)
        assert len(plans) > 50
        assert _scans(plans) == []
        assert any("incidents_date_geo" in line for lines in plans.values() for line in lines)
        assert any("incidents_regional" in line for lines in plans.values() for line in lines)
        # the reach queries of a town report and of a regional one
        rules = default_rules()
        ev = Evidence(article_id="a", start=0, end=1, text="x", source="t")
        town = Event(id="t", article_id="a", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                     event_date=dt.date(2021, 6, 9), place=Place(name="Ariha", latitude=35.81374, longitude=36.60964,
                                                                  admin1="Idleb", geo_precision=1), sentence=ev)
        region = replace(town, id="r", place=Place(name="Idleb", latitude=35.9, longitude=36.6, admin1="Idleb",
                                                   geo_precision=3))
        want = [["incidents_date_geo"], ["incidents_date_geo"], ["incidents_regional"], ["incidents_regional"]]
        for e, expect in ((town, want), (region, [["incidents_admin1_date"]] * 2)):
            qs = reach_queries(e, rules)
            got = [[m for m in ("incidents_date_geo", "incidents_regional", "incidents_admin1_date")
                    if any(m in r[-1] for r in ing.store._conn.execute("EXPLAIN QUERY PLAN " + sql, args))]
                   for sql, args in qs]
            assert got == expect, qs


def test_incidents_reach_holds_every_incident_a_report_can_join(tmp_path):
    """For random reports near and far, every stored incident that passes the linker's incident
    check and holds a claim the report links with is among incidents_reach's."""
    rng = random.Random(3)
    db = tmp_path / "t.db"
    rules = default_rules()
    towns = [(35.81, 36.61, "Idleb"), (35.90, 36.72, "Idleb"), (35.86, 36.81, "Idleb"), (36.12, 36.52, "Idleb"),
             (36.37, 37.52, "Aleppo"), (35.28, 36.58, "Hama")]
    day0 = dt.date(2021, 1, 1)

    def event(k: int) -> Event:
        la, lo, adm = rng.choice(towns)
        gp = rng.choices((1, 2, 3), (70, 20, 10))[0]
        jit = 0.0 if gp == 1 else rng.uniform(-0.05, 0.05)
        place = Place(name=f"P{la}", latitude=la + jit, longitude=lo + jit, admin1=adm, geo_precision=gp,
                      gazetteer_id=f"t:{la}" if gp == 1 else "")
        date = None if rng.random() < 0.05 else day0 + dt.timedelta(days=rng.randrange(90))
        side = rng.choice(("SYRIA_GOV", "RUSSIA", "OPPOSITION"))
        return Event(id=f"e{k}", article_id=f"a{k}", event_type="Explosions/Remote violence",
                     sub_event_type=rng.choice(("Air/drone strike", "Shelling/artillery/missile attack")),
                     event_date=date, time_precision=rng.choices((1, 2, 3), (80, 15, 5))[0],
                     actor1=Actor(id=side.lower(), name=side, side=side), place=place, sentence=Evidence(
                         article_id=f"a{k}", start=0, end=1, text="x", source="t"))

    events = [event(k) for k in range(1500)]
    arts = [Article(id=e.article_id, text="x", published=(e.event_date or day0) + dt.timedelta(days=1)) for e in events]
    with Store.open(db) as st:
        st.write_batch(arts, events)
        link_store(st, rules)
        stored = list(st.iter_incidents())
        lk = Linker(rules)
        lk.load(stored)
        checked = joinable = 0
        for k in range(300):
            e = event(10_000 + k)
            if e.event_date is None:
                continue
            c = claim_of(e)
            reach = {i.id for i in incidents_reach(st, [e], rules)}
            cxy = c.latitude is not None and (c.geo_precision or 3) <= 2
            for inc in stored:
                if not lk._window_fits(c, inc, cxy) or incident_fit(c, inc, rules):
                    continue
                if any(compare(c, o, rules).linked for o in inc.claims):
                    joinable += 1
                    assert inc.id in reach, (e, inc.id)
            checked += 1
    assert checked > 200 and joinable > 100


def test_posting_articles_keeps_the_breach_counts_current(tmp_path, monkeypatch):
    """POST /api/articles goes through one Ingestor kept by the app (opened once, whatever the
    number of posts); the agreements view after a post is what a fresh server computes from the
    whole database."""
    from fastapi.testclient import TestClient

    import truceline.ingestor as ingestor_mod
    from truceline.serve.app import create_app

    s = Settings()
    db = tmp_path / "t.db"
    pipeline.run_to_store([str(DEMO / n) for n in DEMO_ORDER[3:]], db, s, pipeline.ingest_options(s, manifest=MANIFEST))
    opened: list[int] = []
    real = ingestor_mod.Ingestor.resync
    monkeypatch.setattr(ingestor_mod.Ingestor, "resync", lambda self: (opened.append(1), real(self))[1])
    posts = [{"text": (DEMO / n).read_text(encoding="utf-8"), "published": "2021-06-10", "outlet": o}
             for n, o in (("02_levant_wire_ariha.txt", "Levant Wire"), ("01_north_syria_bulletin_ariha.txt",
                                                                        "North Syria Bulletin"))]
    with TestClient(create_app(db, token="t", settings=s)) as c:
        before = c.get("/api/agreements").json()
        for p in posts:
            r = c.post("/api/articles", json={"articles": [p]}, headers={"Authorization": "Bearer t"})
            assert r.status_code == 201 and r.json()["events"] >= 1, r.text
        import truceline.ceasefire.breaches as breaches_mod

        def whole_database(*a, **k):
            raise AssertionError("the breaches were computed again from the whole database")

        with monkeypatch.context() as m:   # the post left the breaches in the cache
            m.setattr(breaches_mod, "find_breaches", whole_database)
            after = c.get("/api/agreements").json()
    assert len(opened) == 1
    with TestClient(create_app(db, settings=s)) as fresh:
        assert fresh.get("/api/agreements").json() == after
    assert after != before
    with Store.open(db) as st:
        full = _counts(find_breaches(st, pipeline.extractor_for(s).agreements))
    assert {i["id"]: i["breaches"] for i in after["items"] if i["breaches"]} == \
        {a: c["breach"] for a, c in full.items() if c.get("breach")}
