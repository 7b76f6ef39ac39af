"""API latency on a large database (#8: p99 under 100 ms for a filtered page at 1,000,000 events).

Builds (once; reused when the file exists) a Truceline database of N synthetic events in the
store's own schema: places drawn from the embedded gazetteer's theatre places, dates over eight
years, the ACLED types, sides, outlets and tolls in realistic proportions, two events per incident
and one incident in twenty contradicted.  Then it starts ``truceline serve`` on it in a separate
process and times, over HTTP from this process, ``--requests`` requests of each kind of filtered
page (random values each time), and prints p50 / p99 / max in ms.

    .venv/bin/python benchmarks/api_latency.py --events 1000000 --db /tmp/api1m.db
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.38),
         ("Explosions/Remote violence", "Air/drone strike", 0.22),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED", 0.05),
         ("Battles", "Armed clash", 0.17), ("Battles", "Government regains territory", 0.02),
         ("Violence against civilians", "Attack", 0.05), ("Strategic developments", "Arrests", 0.04),
         ("Strategic developments", "Agreement", 0.02), ("Protests", "Peaceful protest", 0.05)]
SIDES = ["SYRIA_GOV", "RUSSIA", "OPPOSITION", "HTS", "TURKEY", "SDF_KURDS", "ISIS", "CIVILIANS", "IRAN"]
OUTLETS = ["SANA", "Enab Baladi", "Syrian Observatory for Human Rights", "Al-Masdar News", "Step News Agency",
           "Orient News", "TASS", "Anadolu Agency", "Hawar News Agency", "Reuters", "Levant Wire", "Frontline Digest"]
GOVERNORATES = ["Idleb", "Aleppo", "Hama", "Lattakia", "Homs", "Ar-Raqqa", "Deir-ez-Zor", "Al-Hasakeh"]


def _places(rng: random.Random) -> list[tuple[str, float, float, str]]:
    """~600 places: the theatre's real governorate centres jittered into villages (names are synthetic)."""
    centres = {"Idleb": (35.93, 36.63), "Aleppo": (36.2, 37.15), "Hama": (35.13, 36.75), "Lattakia": (35.52, 35.79),
               "Homs": (34.73, 36.71), "Ar-Raqqa": (35.95, 39.01), "Deir-ez-Zor": (35.34, 40.14),
               "Al-Hasakeh": (36.5, 40.75)}
    out = []
    for g, (la, lo) in centres.items():
        n = 160 if g == "Idleb" else 70
        for k in range(n):
            out.append((f"{g} village {k}", round(la + rng.gauss(0, 0.25), 5), round(lo + rng.gauss(0, 0.3), 5), g))
    return out


def build(db: Path, n: int, seed: int = 11) -> None:
    from truceline.store import Store

    rng = random.Random(seed)
    places = _places(rng)
    weights = [w for *_, w in TYPES]
    day0 = dt.date(2017, 1, 1).toordinal()
    part = db.with_name(db.name + ".part")   # renamed when complete: a failed build leaves no database
    for p in (part, Path(str(part) + "-wal"), Path(str(part) + "-shm")):
        if p.exists():
            p.unlink()
    t0 = time.perf_counter()
    with Store.open(part) as st:
        conn = st._conn
        conn.execute("BEGIN")
        n_art = (n + 2) // 3
        conn.executemany("INSERT INTO articles (id, outlet, title, published, language, text, content_sha1) "
                         "VALUES (?, ?, ?, ?, 'en', ?, '')",
                         ((f"a{i}", OUTLETS[i % len(OUTLETS)], f"Report {i}", None,
                           "Synthetic article body for the latency benchmark.") for i in range(n_art)))

        def events():
            for i in range(n):
                t, s, _ = rng.choices(TYPES, weights)[0]
                name, la, lo, g = rng.choice(places)
                d = dt.date.fromordinal(day0 + int(rng.random() ** 0.7 * 2900)).isoformat()
                s1, s2 = rng.choice(SIDES), rng.choice(SIDES)
                fat = None if rng.random() < 0.45 else int(rng.expovariate(0.25))
                a = i // 3
                yield (f"e{i}", f"a{a}", t, s, d, 1, f"Actor of {s1}", f"Actor of {s2}", name, la, lo, g, 1,
                       fat, "", OUTLETS[a % len(OUTLETS)], "Synthetic evidence sentence.", s1, s2, "{}")
        conn.executemany(
            "INSERT INTO events (id, article_id, event_type, sub_event_type, event_date, time_precision, actor1, "
            "actor2, location, latitude, longitude, admin1, geo_precision, fatalities, claimant, outlet, evidence, "
            "side1, side2, record_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", events())
        conn.execute("INSERT INTO incidents (id, event_type, sub_event_type, event_date, date_end, time_precision, "
                     "location, latitude, longitude, admin1, geo_precision, actor1, actor2, fatalities_best, n_claims, "
                     "n_sources, n_members, contradictions, record_json) "
                     "SELECT 'I' || id, event_type, sub_event_type, event_date, event_date, 1, location, latitude, "
                     "longitude, admin1, 1, actor1, actor2, fatalities, 2, 2, 2, "
                     "CASE WHEN abs(random()) % 20 = 0 THEN 'fatalities' ELSE '' END, '{}' "
                     "FROM events WHERE rowid % 2 = 1")
        conn.execute("INSERT INTO incident_members (event_id, incident_id, article_id, seq) "
                     "SELECT id, 'I' || (SELECT e2.id FROM events e2 WHERE e2.rowid = e.rowid - ((e.rowid + 1) % 2)), "
                     "article_id, (e.rowid + 1) % 2 FROM events e")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    part.replace(db)
    print(f"built {db} with {n:,} events in {time.perf_counter() - t0:.0f} s", flush=True)


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def scenarios(rng: random.Random) -> dict[str, object]:
    sub = [s for _, s, _ in TYPES]

    def day():
        return dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(2900))

    def window(days):
        a = day()
        return {"date_from": a.isoformat(), "date_to": (a + dt.timedelta(days=days)).isoformat()}

    def near():
        from truceline.serve.queries import EARTH_KM  # noqa: F401  (the same sphere as the API)
        la, lo = rng.choice([(35.93, 36.63), (35.81, 36.61), (36.2, 37.15), (35.13, 36.75)])
        return {"lat": la + rng.uniform(-0.2, 0.2), "lon": lo + rng.uniform(-0.2, 0.2), "radius_km": 10}
    return {
        "events, no filter": lambda: ("/api/events", {}),
        "events, governorate": lambda: ("/api/events", {"admin1": rng.choice(GOVERNORATES)}),
        "events, sub-type": lambda: ("/api/events", {"sub_event_type": rng.choice(sub)}),
        "events, 30-day range": lambda: ("/api/events", window(30)),
        "events, side": lambda: ("/api/events", {"side": rng.choice(SIDES)}),
        "events, outlet": lambda: ("/api/events", {"outlet": rng.choice(OUTLETS)}),
        "events, radius 10 km": lambda: ("/api/events", near()),
        "events, min fatalities 10": lambda: ("/api/events", {"min_fatalities": 10}),
        "events, gov + type + 90 days": lambda: ("/api/events", {"admin1": rng.choice(GOVERNORATES),
                                                                 "event_type": "Explosions/Remote violence",
                                                                 **window(90)}),
        "events, contradicted": lambda: ("/api/events", {"contradicted": "true"}),
        "events, sorted by fatalities": lambda: ("/api/events", {"sort": "fatalities",
                                                                  "admin1": rng.choice(GOVERNORATES)}),
        "events, page 100": lambda: ("/api/events", {"admin1": "Idleb", "offset": 9900}),
        "incidents, contradicted": lambda: ("/api/incidents", {"contradicted": "true"}),
        "incidents, governorate + 30 days": lambda: ("/api/incidents", {"admin1": rng.choice(GOVERNORATES),
                                                                        **window(30)}),
        "incidents, radius 10 km": lambda: ("/api/incidents", near()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/truceline-api-bench.db"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--requests", type=int, default=100, help="requests per scenario")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    if args.rebuild or not args.db.exists():
        build(args.db, args.events)
    import httpx

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    srv = subprocess.Popen([sys.executable, "-m", "truceline", "serve", "--db", str(args.db), "--port", str(port)],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            for _ in range(600):
                try:
                    health = c.get("/api/health").json()
                    break
                except httpx.TransportError:
                    if srv.poll() is not None:
                        raise SystemExit(srv.stderr.read().decode())
                    time.sleep(0.1)
            print(f"{health['events']:,} events, {health['incidents']:,} incidents; {args.requests} requests each",
                  flush=True)
            c.get("/api/vocabulary")       # the caches a first request fills
            c.get("/api/events", params={"alignment": "pro-government"})
            rng = random.Random(5)
            out = {}
            print(f"{'view':36} {'p50':>7} {'p99':>7} {'max':>7}  (ms)   matching rows (capped 10,000)")
            for name, make in scenarios(rng).items():
                times, totals = [], []
                for _ in range(args.requests):
                    path, params = make()
                    t = time.perf_counter()
                    r = c.get(path, params=params)
                    times.append((time.perf_counter() - t) * 1000)
                    r.raise_for_status()
                    totals.append(r.json()["total"])
                times.sort()
                p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
                out[name] = {"p50": statistics.median(times), "p99": p99, "max": times[-1],
                             "median_total": statistics.median(totals)}
                print(f"{name:36} {out[name]['p50']:7.1f} {p99:7.1f} {times[-1]:7.1f}        "
                      f"{statistics.median(totals):,.0f}", flush=True)
            if args.json:
                args.json.write_text(json.dumps(out, indent=1))
    finally:
        srv.terminate()
        srv.wait(10)


if __name__ == "__main__":
    main()
