"""The HTTP API (truceline/serve, docs/api.md) on a real database: the demo corpus plus a few
articles written for these tests, run through the whole pipeline.  Every filter is checked against
a reference computed in Python from the stored records (not from the same SQL)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import shutil
import sqlite3
import warnings

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from conftest import DEMO, build_corpus

from truceline.ceasefire.agreements import load_agreements
from truceline.ceasefire.breaches import find_breaches
from truceline.errors import TrucelineError
from truceline.resources import load_resources
from truceline.serve import queries as q
from truceline.serve.app import create_app
from truceline.serve.security import CSP
from truceline.settings import Settings
from truceline.store import Store

# Reports written for these tests (not real news), from outlets of opposite alignments.
EXTRA = [
    {"id": "t1", "outlet": "SANA", "published": "2020-02-03",
     "text": "Army units repel terrorist attack in Idlib countryside\n\nUnits of the Syrian Arab Army repelled an attack "
             "by Hayat Tahrir al-Sham terrorists on military posts near Saraqib on Sunday, killing 14 of the attackers, "
             "a military source said."},
    {"id": "t2", "outlet": "Enab Baladi", "published": "2020-02-03",
     "text": "Regime shelling kills civilians in Sarmin\n\nRegime artillery shelled the town of Sarmin east of Idlib on "
             "Sunday, killing three civilians, among them a child, and wounding seven, the Syria Civil Defence said."},
    {"id": "t3", "outlet": "Syrian Observatory for Human Rights", "published": "2019-12-21",
     "text": "Russian warplanes strike Maarat al-Numan\n\nRussian warplanes carried out airstrikes on Maarat al-Numan "
             "on Friday, killing nine civilians, the Observatory said."},
    {"id": "t4", "outlet": "Al-Masdar News", "published": "2021-03-02",
     "text": "Clashes in Latakia mountains\n\nSyrian army troops clashed with militants near Kabani in the Latakia "
             "mountains on Monday; two soldiers were killed."},
]


def _haversine(lat1, lon1, lat2, lon2):   # the test's own formula (spherical law of haversines)
    r = 6371.0
    a = (math.sin(math.radians(lat2 - lat1) / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2))
         * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * r * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("api")
    extra = d / "extra.jsonl"
    extra.write_text("".join(json.dumps(r) + "\n" for r in EXTRA), encoding="utf-8")
    opts_settings = Settings()
    corpus = build_corpus([DEMO, extra], d / "api.db", opts_settings, DEMO / "manifest.jsonl")
    assert len(corpus.events) >= 10, "the test database must hold enough events for the filters to mean anything"
    return corpus


@pytest.fixture(scope="module")
def client(built):
    with TestClient(create_app(built.db)) as c:
        yield c


def ids(client, url, key="id"):
    """Every id of a filtered view, all pages."""
    out, offset = [], 0
    while True:
        r = client.get(url + ("&" if "?" in url else "?") + f"limit=3&offset={offset}")
        assert r.status_code == 200, r.text
        page = r.json()
        out += [x[key] for x in page["items"]]
        offset += 3
        if offset >= page["total"]:
            assert len(out) == page["total"]
            return out


def side(a):
    return a.side if a else ""


def test_health_and_vocabulary(client, built):
    h = client.get("/api/health").json()
    assert h["status"] == "ok" and h["events"] == len(built.events) and h["incidents"] == len(built.incidents)
    assert h["writable"] is False
    v = client.get("/api/vocabulary").json()
    assert set(v["admin1"]) == {e.place.admin1 for e in built.events if e.place and e.place.admin1}
    assert set(v["sides"]) == {side(x) for e in built.events for x in (e.actor1, e.actor2)} - {""}
    assert {a["id"] for a in v["agreements"]} == {a.id for a in load_agreements()}


@pytest.mark.parametrize("name", ["admin1", "event_type", "sub_event_type", "outlet", "side", "actor"])
def test_each_value_filter_returns_what_the_database_holds(client, built, name):
    def values(e):
        if name == "admin1":
            return {e.place.admin1 if e.place else ""}
        if name == "side":
            return {side(e.actor1), side(e.actor2)}
        if name == "actor":
            return {e.actor1.name if e.actor1 else "", e.actor2.name if e.actor2 else ""}
        return {getattr(e, name)}
    seen = sorted({v for e in built.events for v in values(e)} - {""})
    assert len(seen) >= 2, f"the test database must have two {name} values"
    for value in seen:
        want = {e.id for e in built.events if value in values(e)}
        assert set(ids(client, f"/api/events?{name}={value}")) == want, value
    two = seen[:2]
    want = {e.id for e in built.events if values(e) & set(two)}
    assert set(ids(client, f"/api/events?{name}={two[0]}&{name}={two[1]}")) == want


def test_date_fatalities_and_radius_filters(client, built):
    dated = sorted(e.event_date for e in built.events if e.event_date)
    lo, hi = dated[1], dated[-2]
    want = {e.id for e in built.events if e.event_date and lo <= e.event_date <= hi}
    assert set(ids(client, f"/api/events?date_from={lo}&date_to={hi}")) == want and 0 < len(want) < len(built.events)
    want = {e.id for e in built.events if e.fatalities is not None and e.fatalities >= 4}
    assert set(ids(client, "/api/events?min_fatalities=4")) == want and want
    placed = [e for e in built.events if e.place and e.place.latitude is not None]
    c = placed[0].place
    for km in (1, 15, 60):
        want = {e.id for e in placed if _haversine(c.latitude, c.longitude, e.place.latitude, e.place.longitude) <= km}
        got = set(ids(client, f"/api/events?lat={c.latitude}&lon={c.longitude}&radius_km={km}"))
        assert got == want, km
    assert len(want) < len(placed), "the widest radius must still leave some events out"


def test_alignment_filter_uses_the_claimant_else_the_outlet(client, built):
    res = load_resources()

    def al(n):
        o = res.outlet_by_name(n) if n else None
        return o.alignment if o else ""

    def alignment(e):
        return al(e.claimant) or al(e.outlet)
    seen = {alignment(e) for e in built.events} - {""}
    assert "pro-government" in seen and len(seen) >= 2, seen
    for a in seen:
        want = {e.id for e in built.events if alignment(e) == a}
        got = client.get(f"/api/events?alignment={a}&limit=1000").json()["items"]
        assert {x["id"] for x in got} == want, a
        assert all(x["alignment"] == a for x in got)


def test_contradicted_and_agreement_filters(client, built):
    contra = {i.id for i in built.incidents if i.contradictions}
    assert contra, "the demo's Ariha shelling is contradicted"
    assert set(ids(client, "/api/incidents?contradicted=true")) == contra
    assert set(ids(client, "/api/incidents?contradicted=false")) == {i.id for i in built.incidents} - contra
    members = {c.event_id for i in built.incidents if i.contradictions for c in i.claims}
    assert set(ids(client, "/api/events?contradicted=true")) == members
    ags = load_agreements()
    with Store.open(built.db, readonly=True) as st:
        counted = 0
        for ag in ags:
            subjects = {b.subject.id for b in find_breaches(st, ags, ag) if b.status == "breach"}
            inc = set(ids(client, f"/api/incidents?agreement={ag.id}"))
            assert inc == subjects & {i.id for i in built.incidents}
            want_events = {c.event_id for i in built.incidents if i.id in subjects for c in i.claims} | subjects
            assert set(ids(client, f"/api/events?agreement={ag.id}")) == want_events & {e.id for e in built.events}
            counted += len(subjects)
    assert counted, "some demo incident must breach an agreement"
    assert client.get("/api/events?agreement=no_such_agreement").status_code == 404


def test_paging_and_sorting(client, built):
    all_ids = ids(client, "/api/events?sort=fatalities&order=desc")
    assert sorted(all_ids) == sorted(e.id for e in built.events)
    by_id = {e.id: e for e in built.events}
    fats = [by_id[i].fatalities for i in all_ids]
    known = [f for f in fats if f is not None]
    assert known == sorted(known, reverse=True) and fats[:len(known)] == known   # undated/unknown last
    asc = ids(client, "/api/events?sort=event_date&order=asc")
    dates = [by_id[i].event_date for i in asc if by_id[i].event_date]
    assert dates == sorted(dates)
    inc = ids(client, "/api/incidents?sort=n_claims&order=desc")
    n = {i.id: i.n_claims for i in built.incidents}
    assert [n[i] for i in inc] == sorted(n.values(), reverse=True)


def test_event_detail_evidence_is_the_article_text(client, built):
    for e in built.events:
        d = client.get(f"/api/events/{e.id}").json()
        text = d["article"]["text"]
        ev = d["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"] == e.sentence.text
        assert d["spans"] and all(text[s["start"]:s["end"]] == s["text"] for s in d["spans"])
    assert client.get("/api/events/nope").status_code == 404
    assert client.get("/api/incidents/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_incident_detail_has_every_claim_with_its_evidence(client, built):
    multi = max(built.incidents, key=lambda i: i.n_claims)
    d = client.get(f"/api/incidents/{multi.id}").json()
    assert len(d["claims"]) == multi.n_claims >= 3
    assert {c["outlet"] for c in d["claims"]} == {c.outlet for c in multi.claims}
    for c in d["claims"]:
        assert c["article"]["text"][c["evidence_start"]:c["evidence_end"]] == c["evidence"]
    assert d["contradicted"] and d["contradictions"][0]["kind"] == "fatalities"
    assert {c["fatalities"] for c in d["claims"]} == {c.fatalities for c in multi.claims}
    art = client.get(f"/api/articles/{d['claims'][0]['article_id']}").json()
    assert d["claims"][0]["event_id"] in art["events"]


def test_timeline_sums_match_the_filtered_totals(client, built):
    for bucket in ("day", "week", "month", "year"):
        items = client.get(f"/api/timeline?bucket={bucket}").json()["items"]
        assert sum(x["count"] for x in items) == sum(1 for e in built.events if e.event_date)
        assert sum(x["fatalities"] for x in items) == sum(e.fatalities or 0 for e in built.events if e.event_date)
        if bucket == "week":
            assert all(dt.date.fromisoformat(x["period"]).weekday() == 0 for x in items)
    t = client.get("/api/timeline?bucket=year&of=incidents&admin1=Idleb").json()["items"]
    assert sum(x["count"] for x in t) == sum(1 for i in built.incidents if i.admin1 == "Idleb" and i.event_date)


def test_agreements_view_counts_equal_find_breaches(client, built):
    ags = load_agreements()
    got = {a["id"]: a for a in client.get("/api/agreements").json()["items"]}
    with Store.open(built.db, readonly=True) as st:
        for ag in ags:
            bs = find_breaches(st, ags, ag)
            assert got[ag.id]["breaches"] == sum(b.status == "breach" for b in bs)
            assert sum(p["breaches"] + p["uncertain"] for p in got[ag.id]["by_period"]) == len(bs)
            listed = client.get(f"/api/agreements/{ag.id}/breaches").json()
            assert listed["total"] == len(bs)


def test_downloads_hold_the_filtered_view(client, built):
    want = {e.id for e in built.events if e.event_type == "Explosions/Remote violence"}
    r = client.get("/api/events.csv?event_type=Explosions/Remote violence")
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {x["id"] for x in rows} == want
    g = client.get("/api/events.geojson?event_type=Explosions/Remote violence").json()
    assert g["type"] == "FeatureCollection" and {f["id"] for f in g["features"]} == want
    for f in g["features"]:
        if f["geometry"]:
            lon, lat = f["geometry"]["coordinates"]
            assert (lat, lon) == (f["properties"]["latitude"], f["properties"]["longitude"])
    gi = client.get("/api/incidents.geojson?contradicted=true").json()
    assert {f["id"] for f in gi["features"]} == {i.id for i in built.incidents if i.contradictions}
    ci = list(csv.DictReader(io.StringIO(client.get("/api/incidents.csv").text)))
    assert len(ci) == len(built.incidents)


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(built, tmp_path):
    db = tmp_path / "f.db"
    shutil.copy(built.db, db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE events SET claimant = '=HYPERLINK(\"http://x.invalid\",\"y\")' WHERE rowid = "
                 "(SELECT min(rowid) FROM events)")
    conn.commit()
    conn.close()
    with TestClient(create_app(db)) as c:
        rows = list(csv.DictReader(io.StringIO(c.get("/api/events.csv").text)))
    bad = [r["claimant"] for r in rows if "HYPERLINK" in r["claimant"]]
    assert bad == ["'=HYPERLINK(\"http://x.invalid\",\"y\")"]


def test_validation_errors_are_422(client):
    for url in ("/api/events?limit=0", "/api/events?limit=5000", "/api/events?date_from=2021-13-01",
                "/api/events?lat=35&lon=36", "/api/events?sort=id;DROP TABLE events", "/api/events?order=sideways",
                "/api/events?min_fatalities=-1", "/api/events?date_from=2021-06-02&date_to=2021-06-01",
                "/api/timeline?bucket=hour", "/api/events?radius_km=0&lat=35&lon=36"):
        assert client.get(url).status_code == 422, url


def test_injection_attempts_are_values(client, built):
    for payload in ("Idleb' OR '1'='1", "x\"; DROP TABLE events; --", "%' OR 1=1 --"):
        r = client.get("/api/events", params={"admin1": payload, "outlet": payload})
        assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/health").json()["events"] == len(built.events)


def test_totals_are_capped(client, built, monkeypatch):
    monkeypatch.setattr(q, "COUNT_CAP", 3)
    page = client.get("/api/events?limit=2").json()
    assert page["total"] == 3 and page["total_capped"] is True and len(page["items"]) == 2
    page = client.get("/api/events?limit=2&admin1=Aleppo").json()
    n = sum(1 for e in built.events if e.place and e.place.admin1 == "Aleppo")
    assert page["total"] == min(n, 3) and page["total_capped"] is (n > 3)


def test_security_headers_on_every_route(client, built):
    iid = built.incidents[0].id
    for url in ("/", "/api/health", "/api/events", f"/api/incidents/{iid}", "/api/events.csv", "/api/nope",
                "/openapi.json", "/api/events?limit=0"):
        h = client.get(url).headers
        assert h["content-security-policy"] == CSP, url
        assert "'unsafe-inline'" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "no-referrer"


def test_openapi_docs_are_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "http" not in page.text.replace("http-equiv", "")
    for src in ("/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css", "/static/docs-init.js"):
        assert src in page.text and client.get(src).status_code == 200, src
    spec = client.get("/openapi.json").json()
    for p in ("/api/events", "/api/incidents", "/api/incidents/{incident_id}", "/api/timeline", "/api/agreements",
              "/api/events.geojson", "/api/events.csv", "/api/outlets", "/api/statistics", "/api/health",
              "/api/articles"):
        assert p in spec["paths"], p
    params = {x["name"] for x in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"date_from", "admin1", "radius_km", "side", "alignment", "contradicted", "agreement", "sort"} <= params


def test_the_dashboard_page_says_how_to_build_when_assets_are_missing(built, tmp_path, monkeypatch):
    from truceline.serve import app as app_mod

    monkeypatch.setattr(app_mod, "STATIC_DIR", tmp_path / "none")
    with TestClient(app_mod.create_app(built.db)) as c:
        r = c.get("/")
    assert r.status_code == 503 and "python -m truceline.serve.build" in r.text


XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


@pytest.fixture()
def writable(built, tmp_path):
    db = tmp_path / "w.db"
    shutil.copy(built.db, db)
    return db


def test_posting_articles_needs_the_token(writable):
    body = {"articles": [{"text": "Regime forces shelled Kansafra on Monday, killing two civilians.",
                          "title": "Shelling", "outlet": "Test Wire", "published": "2021-06-15"}]}
    with TestClient(create_app(writable)) as c:      # read-only: no token configured
        assert c.post("/api/articles", json=body).status_code == 403
        assert c.post("/api/articles", json=body, headers={"Authorization": "Bearer x"}).status_code == 403
    with TestClient(create_app(writable, token="s3cret")) as c:
        before = c.get("/api/health").json()
        assert c.post("/api/articles", json=body).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.post("/api/articles", json=body, headers={"Authorization": "Basic s3cret"}).status_code == 401
        assert c.get("/api/health").json() == before
        r = c.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 201, r.text
        assert r.json()["articles"] == 1 and r.json()["events"] >= 1
        after = c.get("/api/health").json()
        assert after["articles"] == before["articles"] + 1 and after["events"] > before["events"]
        kansafra = c.get("/api/events?date_from=2021-06-14&date_to=2021-06-15&outlet=Test Wire").json()
        assert kansafra["total"] >= 1 and kansafra["items"][0]["location"] == "Kansafra"
        again = c.post("/api/articles", json=body, headers={"Authorization": "Bearer s3cret"})
        assert again.status_code == 201 and c.get("/api/health").json() == after   # idempotent
        bad = c.post("/api/articles", json={"articles": [{"title": "no text"}]},
                     headers={"Authorization": "Bearer s3cret"})
        assert bad.status_code == 422 and c.get("/api/health").json() == after


def test_payloads_travel_as_json_strings(writable):
    text = f"Regime forces shelled Kansafra {XSS} on Monday, killing two civilians."
    with TestClient(create_app(writable, token="t")) as c:
        r = c.post("/api/articles", json={"articles": [{"text": text, "title": XSS, "outlet": "Test Wire",
                                                        "published": "2021-06-15"}]},
                   headers={"Authorization": "Bearer t"})
        assert r.status_code == 201
        ev = c.get("/api/events?outlet=Test Wire").json()["items"]
        assert ev
        d = c.get(f"/api/events/{ev[0]['id']}")
        assert d.headers["content-type"] == "application/json"
        assert XSS in d.json()["article"]["text"] and d.json()["article"]["title"] == XSS


def test_request_bodies_over_the_limit_are_refused(writable):
    with TestClient(create_app(writable, token="t")) as c:
        big = {"articles": [{"text": "x" * 900_000}, {"text": "y" * 900_000}, {"text": "z" * 900_000}]}
        r = c.post("/api/articles", json=big, headers={"Authorization": "Bearer t"})
        assert r.status_code == 413
        assert r.headers["content-security-policy"] == CSP


def test_a_database_of_an_older_schema_is_refused(built, tmp_path):
    from test_store import _undo_migration_5

    db = tmp_path / "old.db"
    shutil.copy(built.db, db)
    conn = sqlite3.connect(db)
    _undo_migration_5(conn)
    conn.commit()
    conn.close()
    with pytest.raises(TrucelineError) as exc:
        create_app(db)
    assert exc.value.code == "E502" and str(db) in str(exc.value)


def test_radius_sql_equals_the_haversine_everywhere():
    """The radius filter's shortcuts (box, inner square) never change the answer: random points around
    random centres, radii from 0.5 to 500 km, compared with the test's own haversine."""
    import random

    rng = random.Random(3)
    conn = sqlite3.connect(":memory:")
    q.install_functions(conn)
    conn.execute("CREATE TABLE events (latitude REAL, longitude REAL)")
    for _ in range(40):
        lat, lon = rng.uniform(-70, 70), rng.uniform(-179, 179)
        km = rng.choice([0.5, 3, 10, 40, 150, 500])
        span = math.degrees(km / 6371.0) * 2.5
        pts = [(lat + rng.uniform(-span, span), lon + rng.uniform(-span, span) / max(0.2, math.cos(math.radians(lat))))
               for _ in range(300)]
        conn.execute("DELETE FROM events")
        conn.executemany("INSERT INTO events VALUES (?, ?)", pts)
        args: list = []
        where = q._radius_sql("e", q.Filters(lat=lat, lon=lon, radius_km=km), args)
        got = {r for r in conn.execute(f"SELECT rowid FROM events e WHERE {where}", args)}
        want = {(i + 1,) for i, (a, b) in enumerate(pts) if _haversine(lat, lon, a, b) <= km}
        near_edge = {(i + 1,) for i, (a, b) in enumerate(pts) if abs(_haversine(lat, lon, a, b) - km) < km * 1e-6}
        assert got ^ want <= near_edge, (lat, lon, km)
        assert 0 < len(want) < len(pts)


def test_incident_date_filter_finds_incidents_that_began_long_before(built, tmp_path):
    """date_from keeps an incident whose range reaches into the period however early it began (the
    query narrows by the longest incident of the database)."""
    db = tmp_path / "long.db"
    shutil.copy(built.db, db)
    inc = next(i for i in built.incidents if i.event_date)
    end = inc.event_date + dt.timedelta(days=700)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE incidents SET date_end = ? WHERE id = ?", (end.isoformat(), inc.id))
    conn.commit()
    conn.close()
    with TestClient(create_app(db)) as c:
        got = ids(c, f"/api/incidents?date_from={end - dt.timedelta(days=3)}")
        assert inc.id in got
        assert inc.id not in ids(c, f"/api/incidents?date_from={end + dt.timedelta(days=1)}")


def test_the_serve_command_builds_and_serves_the_demo(tmp_path):
    """`truceline serve --demo --db FILE` (the README's command) builds the demo database and answers."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    db = tmp_path / "demo.db"
    proc = subprocess.Popen([sys.executable, "-m", "truceline", "serve", "--demo", "--db", str(db), "--port", str(port)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                h = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).json()
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "the server did not answer within 120 s"
                time.sleep(0.2)
        assert h["events"] >= 8 and h["incidents"] >= 6 and h["writable"] is False
        assert httpx.get(f"http://127.0.0.1:{port}/docs").status_code == 200
        assert httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"articles": [{"text": "x"}]}).status_code == 403
    finally:
        proc.terminate()
        proc.wait(10)
    assert db.is_file()


def test_downloads_hold_when_requested_at_once(built):
    """Several downloads at once through a real server (threads): each is whole."""
    import socket
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    import uvicorn

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    server = uvicorn.Server(uvicorn.Config(create_app(built.db), host="127.0.0.1", port=port, log_level="error"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    try:
        for _ in range(100):
            if server.started:
                break
            threading.Event().wait(0.05)
        urls = ["/api/events.geojson", "/api/events.csv", "/api/incidents.geojson", "/api/incidents.csv"] * 3
        with ThreadPoolExecutor(6) as ex:
            got = list(ex.map(lambda u: httpx.get(f"http://127.0.0.1:{port}{u}", timeout=30), urls))
        for u, r in zip(urls, got):
            assert r.status_code == 200, u
            if u.endswith(".geojson"):
                assert len(r.json()["features"]) in (len(built.events), len(built.incidents))
    finally:
        server.should_exit = True
        t.join(10)
