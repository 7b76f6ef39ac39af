"""The dashboard (truceline/serve/static, docs/dashboard.md) in a real browser: Debian's chromium and
chromedriver, headless, driven by Selenium against the app served by uvicorn on a free loopback
port over the demo database.  What the page shows is compared with what the API answers.

Skips with the reason when chromium, chromedriver, selenium or the built assets
(``python -m truceline.serve.build``) are missing, unless ``TRUCELINE_REQUIRE_BROWSER=1`` (CI),
which turns the skip into a failure.  ``TRUCELINE_SCREENSHOTS=DIR`` saves the screenshots of
docs/dashboard.md there (1400x900).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import build_demo

from truceline.serve.app import STATIC_DIR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
REQUIRED = os.environ.get("TRUCELINE_REQUIRE_BROWSER") == "1"
SHOTS = os.environ.get("TRUCELINE_SCREENSHOTS")
WIDTH, HEIGHT = 1400, 900
WAIT = 20          # seconds: the longest a view may take to appear
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
TOKEN = "browser-test-token"


def _missing() -> str | None:
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not Path(path).is_file():
            return f"{what} not found (Debian: apt-get install -y chromium chromium-driver)"
    for mod in ("selenium", "uvicorn"):
        try:
            __import__(mod)
        except ImportError:
            return f"python package {mod} is not installed (pip install -e '.[test]')"
    for f in ("index.html", "dashboard.js", "vendor/leaflet.js", "vendor/leaflet.markercluster.js",
              "vendor/syria_admin1.geojson"):
        if not (STATIC_DIR / f).is_file():
            return f"dashboard assets not built ({STATIC_DIR / f} missing): run python -m truceline.serve.build"
    return None


@pytest.fixture(scope="module")
def _browser_available():
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(f"TRUCELINE_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


# ---------------------------------------------------------------------------- server and browser
class Server:
    """The app over ``db`` served by uvicorn in a thread on a free loopback port."""

    def __init__(self, db: Path, token: str | None = None) -> None:
        import uvicorn

        from truceline.serve.app import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(db, token=token), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + WAIT
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def get(self, path: str, **params: Any) -> Any:
        q = urllib.parse.urlencode(params, doseq=True)
        with urllib.request.urlopen(self.base + path + ("?" + q if q else ""), timeout=WAIT) as r:
            return json.load(r)

    def post(self, path: str, body: Any, token: str) -> tuple[int, Any]:
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.load(r)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class Browser:
    """Headless chromium with its console log kept across calls."""

    def __init__(self, profile: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", f"--window-size={WIDTH},{HEIGHT}", "--lang=en-US",
                     f"--user-data-dir={profile}"):
            opts.add_argument(flag)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        self.log: list[dict[str, Any]] = []

    def js(self, script: str, *args: Any) -> Any:
        return self.d.execute_script(script, *args)

    def wait(self, what: Callable[[], Any], message: str) -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.d, WAIT, poll_frequency=0.1).until(lambda _d: what(), message)

    def ready(self) -> str:
        return self.js("return document.body.dataset.ready || ''")

    def open(self, url: str) -> None:
        self.d.get(url)
        self.wait(lambda: self.ready(), f"the dashboard did not finish loading {url}")

    def after(self, action: Callable[[], Any], message: str) -> None:
        """Do ``action`` and wait until the views it refreshes have loaded."""
        before = self.ready()
        action()
        self.wait(lambda: self.ready() not in ("", before) and not self.js(
            "return document.getElementById('status').textContent"), message)

    def console(self) -> list[dict[str, Any]]:
        self.log += self.d.get_log("browser")
        return self.log

    def errors(self) -> list[str]:
        return [e["message"] for e in self.console() if e.get("level") == "SEVERE"]

    def shot(self, name: str) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            time.sleep(0.4)   # let Leaflet's fade and zoom animations end
            self.d.save_screenshot(str(Path(SHOTS) / name))

    def quit(self) -> None:
        self.d.quit()


@pytest.fixture(scope="module")
def demo_db(_browser_available, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    build_demo(db)
    return db


@pytest.fixture(scope="module")
def server(demo_db):
    s = Server(demo_db)
    yield s
    s.stop()


@pytest.fixture()
def browser(_browser_available, tmp_path):
    b = Browser(tmp_path / "chromium-profile")
    yield b
    b.quit()


# ---------------------------------------------------------------------------- helpers
def query_of(b: Browser) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(b.d.current_url).query)


def shown_markers(b: Browser) -> int:
    """Events drawn on the map: single markers plus the counts written in the cluster icons."""
    return b.js("""
        var n = document.querySelectorAll('#map path.ev-marker').length;
        document.querySelectorAll('#map .tl-cluster-n').forEach(function (c) { n += parseInt(c.textContent, 10); });
        return n;""")


def placed(items: list[dict[str, Any]]) -> int:
    return sum(1 for e in items if e["latitude"] is not None and e["longitude"] is not None)


def open_panel(b: Browser, incident_id: str) -> None:
    b.wait(lambda: b.js("var p = document.getElementById('incident-panel');"
                        "return !p.hidden && p.dataset.incident === arguments[0] && "
                        "p.querySelectorAll('.claim').length > 0", incident_id),
           f"the panel of incident {incident_id} did not open")


# ---------------------------------------------------------------------------- tests
def test_browser_page_sources_keep_to_the_csp():
    """No browser needed: the page's own files hold no inline script, handler or style, and the script
    never parses strings as HTML (the browser tests below show the result)."""
    import re

    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> in index.html"
    assert not re.search(r"<style\b", html) and not re.search(r"\sstyle\s*=", html), "inline style in index.html"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler in index.html"
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "index.html loads from another origin"
    js = (STATIC_DIR / "dashboard.js").read_text(encoding="utf-8")
    code = "\n".join(line for line in js.splitlines() if not line.lstrip().startswith("//"))
    for bad in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                "setAttribute(\"style", "bindPopup(\"", "fetch(\"http", "cdn."):
        assert bad not in code, f"dashboard.js uses {bad}"


def test_browser_dashboard_views_match_the_api(server, browser):
    b, api = browser, server.get
    b.open(server.base + "/")

    # map: the 14 governorates and every placed event (singly or inside a cluster)
    assert b.js("return document.querySelectorAll('#map path.gov').length") == 14
    everything = api("/api/events", limit=1000)
    assert everything["total"] == 8
    b.wait(lambda: shown_markers(b) == placed(everything["items"]), "the map does not show every placed event")
    assert b.js("return document.getElementById('total-events').textContent") == str(everything["total"])
    assert b.js("return document.getElementById('total-incidents').textContent") == str(api("/api/incidents")["total"])
    legend = b.js("return Array.from(document.querySelectorAll('#legend li:not(.absent)')).map(li => li.dataset.key)")
    assert sorted(legend) == sorted({e["event_type"] for e in everything["items"]})

    # timeline: one bar per period the API counts, with its count
    tl = api("/api/timeline", bucket="month")["items"]
    bars = b.js("return Array.from(document.querySelectorAll('#timeline rect.tl-bar'))"
                ".filter(r => +r.dataset.count > 0).map(r => [r.dataset.period, +r.dataset.count])")
    assert bars == [[it["period"], it["count"]] for it in tl]
    assert b.js("return document.querySelector('#timeline polyline.tl-line') !== null")
    b.shot("dashboard_map_timeline.png")

    # a type filter: the totals are the API's for it, the URL says it, the map shows its events
    from selenium.webdriver.support.ui import Select

    kind = "Explosions/Remote violence"
    b.after(lambda: Select(b.d.find_element("id", "f-event_type")).select_by_value(kind), "filtering did not finish")
    want = api("/api/events", event_type=kind, limit=1000)
    assert 0 < want["total"] < everything["total"]
    assert b.js("return document.getElementById('total-events').textContent") == str(want["total"])
    assert b.js("return document.getElementById('total-incidents').textContent") == \
        str(api("/api/incidents", event_type=kind)["total"])
    assert query_of(b).get("event_type") == [kind]
    b.wait(lambda: shown_markers(b) == placed(want["items"]), "the filtered map does not show the filtered events")
    rows = b.js("return document.querySelectorAll('#incidents tbody tr[data-id]').length")
    assert rows == api("/api/incidents", event_type=kind)["total"]

    # the URL restores the view: a fresh load with ?event_type=Battles, then going back
    b.open(server.base + "/?" + urllib.parse.urlencode({"event_type": "Battles", "color": "side"}))
    assert b.js("return document.getElementById('f-event_type').value") == "Battles"
    assert b.js("return document.getElementById('total-events').textContent") == \
        str(api("/api/events", event_type="Battles")["total"])
    assert b.js("return document.getElementById('color-side').getAttribute('aria-pressed')") == "true"
    b.d.back()
    b.wait(lambda: b.js("return document.getElementById('f-event_type').value") == kind, "back did not restore the filter")

    # the contradicted incident: three claims side by side, each evidence marked in its article
    ariha = api("/api/incidents", contradicted="true")["items"]
    assert len(ariha) == 1 and ariha[0]["n_claims"] == 3
    detail = api(f"/api/incidents/{ariha[0]['id']}")
    row = f"#incidents tr[data-id='{ariha[0]['id']}']"
    b.wait(lambda: b.js("return document.querySelector(arguments[0]) !== null", row), "the incident is not listed")
    b.d.find_element("css selector", row).click()
    open_panel(b, ariha[0]["id"])
    assert query_of(b).get("incident") == [ariha[0]["id"]]
    cards = b.js("""return Array.from(document.querySelectorAll('#ip-claims .claim')).map(function (c) {
        var r = c.getBoundingClientRect();
        return {top: Math.round(r.top), left: Math.round(r.left), width: r.width,
                claimant: c.querySelector('.claimant').textContent, outlet: c.querySelector('.outlet').textContent,
                alignment: c.querySelector('.alignment').textContent, published: c.querySelector('.published').textContent,
                deaths: c.querySelector('.fatalities strong').textContent,
                marks: Array.from(c.querySelectorAll('mark')).map(m => m.textContent),
                dir: c.querySelector('.article-text').getAttribute('dir')};
    });""")
    claims = detail["claims"]
    assert len(cards) == 3
    assert len({c["top"] for c in cards}) == 1 and sorted(c["left"] for c in cards) == [c["left"] for c in cards]
    assert len({c["left"] for c in cards}) == 3 and all(c["width"] > 250 for c in cards)
    for card, claim in zip(cards, claims):
        text = claim["article"]["text"]
        assert card["marks"] == [text[claim["evidence_start"]:claim["evidence_end"]]] == [claim["evidence"]]
        assert card["claimant"] == claim["claimant"] and card["outlet"] == claim["outlet"]
        assert card["alignment"] == (claim["alignment"] or "unknown")
        assert card["published"] == claim["published"] and card["deaths"] == str(claim["fatalities"])
        assert card["dir"] == ("rtl" if claim["article"]["language"] == "ar" else "ltr")
    assert sorted(c["article"]["language"] for c in claims) == ["ar", "en", "en"]
    assert b.js("return document.querySelectorAll('#ip-contradictions li').length") == len(detail["contradictions"]) > 0
    b.shot("dashboard_incident_panel.png")

    # ?incident=ID opens it on a fresh load; Escape closes it and drops it from the URL
    b.open(server.base + "/?incident=" + urllib.parse.quote(ariha[0]["id"]))
    open_panel(b, ariha[0]["id"])
    from selenium.webdriver.common.keys import Keys

    b.d.find_element("tag name", "body").send_keys(Keys.ESCAPE)
    b.wait(lambda: b.js("return document.getElementById('incident-panel').hidden"), "Escape did not close the panel")
    assert "incident" not in query_of(b)

    # the ceasefire tab: the breach counts of /api/agreements, per agreement and per period
    agreements = api("/api/agreements", bucket="month")["items"]
    b.d.find_element("id", "tab-ceasefire").click()
    b.wait(lambda: b.js("return document.querySelectorAll('.cf-count').length") == len(agreements),
           "the ceasefire view did not show every agreement")
    shown = b.js("return Object.fromEntries(Array.from(document.querySelectorAll('.cf-count'))"
                 ".map(e => [e.dataset.agreement, +e.textContent]))")
    assert shown == {a["id"]: a["breaches"] for a in agreements}
    top = max(agreements, key=lambda a: a["breaches"])
    assert top["breaches"] > 0
    b.wait(lambda: b.js("return document.querySelectorAll('#cf-periods rect.cf-bar-b').length") > 0, "no period bars")
    per = b.js("return Array.from(document.querySelectorAll('#cf-periods rect.cf-bar-b'))"
               ".filter(r => +r.dataset.breaches > 0).map(r => [r.dataset.period, +r.dataset.breaches])")
    assert per == [[p["period"], p["breaches"]] for p in top["by_period"] if p["breaches"]]
    listed = api(f"/api/agreements/{top['id']}/breaches")["items"]
    b.wait(lambda: b.js("return document.querySelectorAll('#cf-breaches tbody tr[data-id]').length") == len(listed),
           "the breaches of the selected agreement are not listed")
    reported = b.js("return Array.from(document.querySelectorAll('#cf-periods .reported-value')).map(t => +t.dataset.reported)")
    assert 137 in reported   # the monitor's count for May 2021, beside the stored breaches
    assert query_of(b).get("view") == ["ceasefire"]
    b.shot("dashboard_ceasefire.png")

    assert b.errors() == [], "the browser console has errors (a CSP violation shows there)"


FILTER_VIEWS = [
    {"admin1": "Aleppo"},
    {"sub_event_type": "Air/drone strike"},
    {"side": "RUSSIA"},
    {"outlet": "Levant Wire"},
    {"alignment": "humanitarian-monitor"},
    {"min_fatalities": "4"},
    {"contradicted": "true"},
    {"agreement": "moscow_protocol_2020"},
    {"date_from": "2021-06-01", "date_to": "2021-06-10"},
    {"event_type": "Explosions/Remote violence", "admin1": "Idleb", "min_fatalities": "3"},
]


def test_browser_every_filter_restores_from_the_url(server, browser):
    """Each filter given in the URL fills its field, and the totals shown are the API's for it."""
    b, api = browser, server.get
    for params in FILTER_VIEWS:
        b.open(server.base + "/?" + urllib.parse.urlencode(params))
        for k, v in params.items():
            field = b.js("var f = document.getElementById('f-' + arguments[0]);"
                         "return f.type === 'checkbox' ? String(f.checked) : f.value", k)
            assert field == v, (params, k)
        events, incidents = api("/api/events", **params), api("/api/incidents", **params)
        assert events["total"] < 8, f"{params} filters nothing: a useless case"
        shown = b.js("return [document.getElementById('total-events').textContent,"
                     "document.getElementById('total-incidents').textContent]")
        assert shown == [str(events["total"]), str(incidents["total"])], params
        rows = b.js("return Array.from(document.querySelectorAll('#incidents tbody tr[data-id]')).map(r => r.dataset.id)")
        assert rows == [i["id"] for i in incidents["items"]], params
        assert {k: v[0] for k, v in query_of(b).items()} == params
    b.after(lambda: b.d.find_element("id", "reset").click(), "reset did not finish")
    assert query_of(b) == {}
    assert b.js("return document.getElementById('total-events').textContent") == "8"

    # a click on a governorate filters on it (the spelling the events carry), a second click clears it
    from selenium.webdriver.common.action_chains import ActionChains

    b.open(server.base + "/")
    label = next(e for e in b.d.find_elements("css selector", ".gov-label span")
                 if e.get_attribute("textContent") == "Aleppo")
    b.after(lambda: ActionChains(b.d).move_to_element(label).click().perform(), "the governorate click did not filter")
    assert query_of(b).get("admin1") == ["Aleppo"]
    assert b.js("return document.getElementById('total-events').textContent") == \
        str(api("/api/events", admin1="Aleppo")["total"])
    assert b.js("return document.querySelectorAll('#map path.gov-on').length") == 1
    b.after(lambda: ActionChains(b.d).move_to_element(label).click().perform(), "the second click did not clear")
    assert "admin1" not in query_of(b)
    assert b.errors() == []


def test_browser_article_markup_is_shown_as_text_never_run(demo_db, tmp_path, browser):
    db = tmp_path / "xss.db"
    shutil.copyfile(demo_db, db)
    server = Server(db, token=TOKEN)
    try:
        b, api = browser, server.get
        before = {e["id"] for e in api("/api/events", limit=1000)["items"]}
        title = f"Regime shelling kills three civilians in Sarmin {XSS_SCRIPT} {XSS_IMG}"
        article = {"id": "xss-test", "outlet": "North Syria Bulletin", "published": "2021-07-06",
                   "url": "javascript:window.__xss=1", "title": title,
                   "text": f"{title}\n\nSyrian army artillery shelled the town of Sarmin east of Idlib on Monday, "
                           f"killing three civilians, the Syria Civil Defence said. {XSS_IMG} {XSS_SCRIPT}"}
        status, body = server.post("/api/articles", {"articles": [article]}, TOKEN)
        assert status == 201 and body["events"] >= 1
        new = [e for e in api("/api/events", limit=1000)["items"] if e["id"] not in before]
        assert new, "the posted article gave no event"
        ev = new[0]
        assert ev["incident_id"]

        for query, check in ((f"incident={ev['incident_id']}", lambda: open_panel(b, ev["incident_id"])),
                             (f"event={ev['id']}", lambda: b.wait(lambda: b.js(
                                 "return document.getElementById('incident-panel').dataset.event === arguments[0]",
                                 ev["id"]), "the event panel did not open"))):
            b.open(f"{server.base}/?{query}")
            check()
            panel = b.d.find_element("id", "incident-panel")
            text = b.js("return document.querySelector('#ip-claims .article-text').textContent")
            assert XSS_SCRIPT in text and XSS_IMG in text
            assert b.js("return document.querySelector('#ip-claims .article-title').textContent") == title
            assert XSS_SCRIPT in b.js("return document.querySelector('#ip-claims mark').textContent")
            assert XSS_SCRIPT in panel.text          # what the user sees: the markup, literally
            assert b.js("return document.querySelectorAll('#incident-panel script, #incident-panel img').length") == 0
            assert b.js("return document.querySelectorAll('#incident-panel a[href^=\"javascript\"]').length") == 0
            assert b.js("return typeof window.__xss") == "undefined"
        b.d.find_element("css selector", "#ip-badges .badge-link").click()   # from the event to its incident
        open_panel(b, ev["incident_id"])
        assert query_of(b).get("incident") == [ev["incident_id"]]
        time.sleep(0.5)   # an <img onerror> would have fired by now
        assert b.js("return typeof window.__xss") == "undefined"
        assert b.errors() == [], "the browser console has errors"
    finally:
        server.stop()
