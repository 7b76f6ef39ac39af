"""Benchmark: breaches and the ceasefire report over a store of synthetic incidents (docs/ceasefire.md).

    .venv/bin/python benchmarks/ceasefire.py [--incidents 100000] [--seed 1]

Writes ``--incidents`` synthetic incidents (1-3 claims each; no real text) into a fresh SQLite
store through ``Store.write_incidents``: places spread over north-west Syria (35.0-36.8 N,
36.0-38.2 E, so some fall outside every agreement), dates from 2016 to 2022, sub-event types of
every kind, geo precision 1-3, day/week/month precision.  Then times
``find_breaches`` (all agreements) and ``build_report`` (one agreement, by month), each twice
(the second run has the geometry built), and prints one JSON object.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from truceline.ceasefire.agreements import load_agreements  # noqa: E402
from truceline.ceasefire.breaches import find_breaches  # noqa: E402
from truceline.ceasefire.report import build_report  # noqa: E402
from truceline.model import ACLED_SUB_TO_TYPE, Claim, Incident  # noqa: E402
from truceline.store import Store  # noqa: E402

SUBS = ["Shelling/artillery/missile attack"] * 4 + ["Air/drone strike"] * 3 + ["Armed clash"] * 2 + \
    ["Attack", "Arrests", "Peaceful protest", "Remote explosive/landmine/IED", "Government regains territory"]
ACTORS = [("Military Forces of Syria (2000-)", "SYRIA_GOV"), ("Military Forces of Russia (2000-)", "RUSSIA"),
          ("HTS: Hayat Tahrir al Sham", "OPPOSITION"), ("Military Forces of Turkey (2016-)", "TURKEY"), ("", "")]
OUTLETS = [("SANA", "pro-government"), ("Syrian Observatory for Human Rights", "humanitarian-monitor"),
           ("Anadolu Agency", "turkish-state"), ("Enab Baladi", "pro-opposition"), ("TASS", "russian-state")]
START, DAYS = dt.date(2016, 1, 1), 7 * 365


def synth(n: int, seed: int):
    rng = random.Random(seed)
    for i in range(n):
        lat, lon = 35.0 + rng.random() * 1.8, 36.0 + rng.random() * 2.2
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        tp = rng.choices((1, 2, 3), (80, 10, 10))[0]
        if tp == 3:
            day = day.replace(day=1)
        sub = rng.choice(SUBS)
        claims = []
        for k in range(rng.choice((1, 1, 2, 3))):
            a, side = rng.choice(ACTORS)
            o, al = rng.choice(OUTLETS)
            claims.append(Claim(event_id=f"e{i}_{k}", article_id=f"a{i}_{k}", claimant=o, outlet=o, alignment=al,
                                event_type=ACLED_SUB_TO_TYPE[sub], sub_event_type=sub, event_date=day,
                                time_precision=tp, actor1=a, actor1_side=side, fatalities=rng.choice((None, 0, 1, 3)),
                                evidence="synthetic", evidence_start=0, evidence_end=9))
        yield Incident(id=f"I{i:07d}", event_type=ACLED_SUB_TO_TYPE[sub], sub_event_type=sub, event_date=day,
                       time_precision=tp, location=f"place {i % 5000}", latitude=lat, longitude=lon,
                       admin1="Idleb", geo_precision=rng.choices((1, 2, 3), (80, 15, 5))[0], actor1=claims[0].actor1,
                       fatalities_best=claims[0].fatalities, n_claims=len(claims), claims=tuple(claims))


def _write(db: Path, n: int, seed: int) -> None:
    with Store.open(db) as st:
        batch = []
        for inc in synth(n, seed):
            batch.append(inc)
            if len(batch) == 5000:
                st.write_incidents(batch)
                batch = []
        st.write_incidents(batch)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", default=None, help="keep the synthetic store at this path (reused if it exists)")
    args = ap.parse_args()
    ags = load_agreements()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.keep) if args.keep else Path(tmp) / "cf.db"
        t0 = time.perf_counter()
        if not db.exists():
            _write(db, args.incidents, args.seed)
        write_s = time.perf_counter() - t0
        out = {"date": dt.date.today().isoformat(), "incidents": args.incidents, "write_s": round(write_s, 2)}
        with Store.open(db, readonly=True) as st:
            for k in (1, 2):
                t0 = time.perf_counter()
                bs = find_breaches(st, ags)
                out[f"find_breaches_s_{k}"] = round(time.perf_counter() - t0, 2)
            out["breaches"] = sum(1 for b in bs if b.status == "breach")
            out["uncertain"] = sum(1 for b in bs if b.status == "uncertain")
            t0 = time.perf_counter()
            rep = build_report(st, ags, ags.get("moscow_protocol_2020"), by="month")
            out["report_moscow_by_month_s"] = round(time.perf_counter() - t0, 2)
            out["report_rows"] = len(rep.rows)
    out["us_per_incident"] = round(out["find_breaches_s_2"] / args.incidents * 1e6, 1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
