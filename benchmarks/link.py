"""Benchmark: link synthetic events into incidents at several sizes (docs/linking.md).

    .venv/bin/python benchmarks/link.py [--events 10000,100000] [--per-day 60] [--seed 1]

Generates reports of synthetic incidents (no real text): incidents spread over a 200 x 200 km
area of north-west Syria and over time at a constant rate (``--per-day`` events a day, so a
larger corpus covers a longer period, as a real archive does); each incident has 1 to 6 reports
with jittered places (town, "near", governorate), dates (the day or the week), actors, figures
and outlets; 3% of reports are undated.  Times :func:`truceline.link.link_events` (claims,
blocking index, comparisons, incident summaries) for each size and prints one JSON object with
the time per event and the ratio of the per-event time at the largest size to the smallest:
the index bounds the comparisons per event, so the ratio should stay near 1.  Also prints the
pairwise precision and recall of the linking against the generated incidents.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from truceline.link import link_events  # noqa: E402
from truceline.model import Actor, Article, Evidence, Event, Place  # noqa: E402

SUBS = [("Shelling/artillery/missile attack", "Explosions/Remote violence"),
        ("Air/drone strike", "Explosions/Remote violence"), ("Armed clash", "Battles"),
        ("Attack", "Violence against civilians"), ("Arrests", "Strategic developments")]
ACTORS = [("syria_gov", "Military Forces of Syria (2000-)", 1, "SYRIA_GOV"),
          ("russia", "Military Forces of Russia (2000-)", 8, "RUSSIA"),
          ("hts", "HTS: Hayat Tahrir al Sham", 2, "OPPOSITION"), ("turkey", "Military Forces of Turkey (2016-)", 8, "TURKEY")]
OUTLETS = ["Enab Baladi", "SANA", "Syrian Observatory for Human Rights", "Anadolu Agency", "Hawar News Agency",
           "Step News Agency", "Sputnik", "Orient News", "Syria Civil Defence", "Al-Masdar News"]
ADMIN1 = ["Idleb", "Hama", "Aleppo", "Lattakia"]
START = dt.date(2015, 1, 1)


def synth(n: int, per_day: int, seed: int) -> tuple[list[Event], dict[str, Article], dict[str, int]]:
    rng = random.Random(seed)
    days = max(1, n // per_day)
    events: list[Event] = []
    arts: dict[str, Article] = {}
    truth: dict[str, int] = {}
    k = inc = 0
    while k < n:
        inc += 1
        lat, lon = 35.0 + rng.random() * 1.8, 36.0 + rng.random() * 2.2
        day = START + dt.timedelta(days=rng.randrange(days))
        sub, etype = rng.choice(SUBS)
        a1 = rng.choice(ACTORS)
        deaths = rng.choice((None, 0, 1, 2, 3, 5, 8, 12))
        adm = ADMIN1[int((lat - 35.0) / 0.45) % 4]
        for _ in range(min(n - k, rng.choice((1, 1, 2, 2, 3, 4, 6)))):
            gp = rng.choices((1, 2, 3), (80, 15, 5))[0]
            jit = 0.005 if gp == 1 else 0.04
            place = Place(name=f"P{inc}", latitude=lat + rng.uniform(-jit, jit), longitude=lon + rng.uniform(-jit, jit),
                          admin1=adm, geo_precision=gp, gazetteer_id="" if gp > 1 else f"syn:{inc}")
            if gp == 3:
                place = Place(name=adm, admin1=adm, geo_precision=3)
            tp = rng.choices((1, 2), (85, 15))[0]
            date = None if rng.random() < 0.03 else day + dt.timedelta(days=rng.choice((0, 0, 0, 1)) if tp == 1 else 0)
            outlet = rng.choice(OUTLETS)
            aid = f"a{k}"
            arts[aid] = Article(id=aid, text="x", outlet=outlet, published=day + dt.timedelta(days=1))
            ev = Evidence(article_id=aid, start=0, end=1, text="x", source="synth")
            d = deaths if deaths is None or rng.random() < 0.7 else deaths + rng.choice((1, 2, 4))
            events.append(Event(id=f"e{k}", article_id=aid, event_type=etype, sub_event_type=sub, event_date=date,
                                time_precision=tp, actor1=Actor(id=a1[0], name=a1[1], inter=a1[2], side=a1[3]),
                                place=place, fatalities=d, claimant=outlet, outlet=outlet, sentence=ev))
            truth[f"e{k}"] = inc
            k += 1
    return events, arts, truth


def pairwise(lk, truth: dict[str, int]) -> tuple[float, float]:
    by_inc: dict[int, list[str]] = defaultdict(list)
    for e, i in truth.items():
        by_inc[i].append(e)
    gold = sum(len(v) * (len(v) - 1) // 2 for v in by_inc.values())
    tp = sum(1 for v in by_inc.values() for a, b in itertools.combinations(v, 2)
             if lk.incident_of(a) == lk.incident_of(b))
    pred = sum(len(inc.links) * (len(inc.links) - 1) // 2 for inc in lk.incidents.values())
    return (tp / pred if pred else 1.0), (tp / gold if gold else 1.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", default="10000,100000")
    ap.add_argument("--per-day", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    out = {"per_day": a.per_day, "sizes": []}
    for n in (int(x) for x in a.events.split(",")):
        events, arts, truth = synth(n, a.per_day, a.seed)
        t0 = time.perf_counter()
        lk = link_events(events, arts)
        secs = time.perf_counter() - t0
        p, r = pairwise(lk, truth)
        out["sizes"].append({"events": n, "incidents_true": len(set(truth.values())), "incidents": len(lk.incidents),
                             "secs": round(secs, 2), "us_per_event": round(secs / n * 1e6, 1),
                             "pairwise_precision": round(p, 3), "pairwise_recall": round(r, 3)})
        print(json.dumps(out["sizes"][-1]), file=sys.stderr)
    s = out["sizes"]
    if len(s) > 1:
        out["ratio_per_event_largest_to_smallest"] = round(s[-1]["us_per_event"] / s[0]["us_per_event"], 2)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
