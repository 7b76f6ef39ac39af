"""Adding one article to a big database (#9: under 50 ms median at 1,000,000 events).

Builds (once; reused when ``--db`` exists) a database of N synthetic events written through
the store and linked into incidents by the real linker, then adds ``--articles`` new articles
one at a time through the long-lived path (:class:`truceline.ingestor.Ingestor`: ingest ->
extract -> store -> incremental link -> breach tally) and prints the median and p90 of the
whole add and of each stage, in ms.

    .venv/bin/python benchmarks/incremental.py --events 1000000 --db /tmp/incr1m.db --articles 50

The database: the vocabulary and proportions of the API latency benchmark (its event types and
sub-types with their weights, sides, outlets; dates over eight years from 2017, denser towards
the end), but real records at the embedded gazetteer's places of the north-west (Idleb, Aleppo,
Hama, Lattakia; the towns :mod:`synth` writes about weigh four times more), so that new articles
meet stored incidents: each synthetic incident has 1 to 6 reports (80% the town, 15% "near" it,
5% only its governorate; 85% dated to the day, 10% to the week, 5% to the month; 1% undated,
from an article without a date), a blamed actor (one report in ten blames another camp), a toll
that varies between reports; one to three reports of a day make one article.
(``benchmarks/api_latency.py``'s own builder writes ``record_json`` '{}' and pairs unrelated
events as incidents: fine for reading pages, not for linking, which rebuilds the records.)
The events are written in date order and linked every 60 days of reports with
:func:`truceline.link.store.link_store`, as a database fed run after run would be.

The new articles are :mod:`synth` articles (about 600 words, 30% Arabic, published 2021-06-10,
reports of shelling, air strikes, clashes at the same towns, dated by the weekday or the day
of June they name), given as JSON records, as ``POST /api/articles`` gives them: some of their
events join stored incidents, others open new ones.  The database is copied first (``--keep``
adds to the cached file itself), so every run starts from the same state.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_latency  # noqa: E402  (its vocabulary and proportions)
import synth  # noqa: E402

THEATRE = ("Idleb", "Aleppo", "Hama", "Lattakia")
DAY0 = dt.date(2017, 1, 1)
DAYS = 2900
# blamed actors by side (ACLED names); the camp of each side is in resources/linking.yaml
ACTORS = {"SYRIA_GOV": ("syria_gov", "Military Forces of Syria (2000-)", 1),
          "RUSSIA": ("russia", "Military Forces of Russia (2000-)", 8),
          "OPPOSITION": ("nlf", "NLF: National Liberation Front", 2),
          "HTS": ("hts", "HTS: Hayat Tahrir al Sham", 2),
          "TURKEY": ("turkey", "Military Forces of Turkey (2016-)", 8),
          "SDF_KURDS": ("sdf", "SDF: Syrian Democratic Forces", 2),
          "ISIS": ("isis", "Islamic State (Syria)", 2),
          "IRAN": ("iran", "Military Forces of Iran (1979-)", 8)}
VERBS = {"Shelling/artillery/missile attack": "shelled", "Air/drone strike": "struck",
         "Remote explosive/landmine/IED": "set off a roadside bomb in", "Armed clash": "clashed near",
         "Government regains territory": "took back", "Attack": "attacked civilians in",
         "Arrests": "arrested people in", "Agreement": "agreed a local truce in", "Peaceful protest": "protested in"}


def _places(gaz, rng: random.Random):
    """(place entry, weight) of the theatre's towns, and the governorates' entries by admin1."""
    busy = set()
    for name in synth.PLACES_EN:
        p = gaz.resolve(name)
        if p is not None and p.gazetteer_id:
            busy.add(p.gazetteer_id)
    towns = [e for e in gaz.entries if e.kind == "place" and e.admin1 in THEATRE]
    weights = [4.0 if e.id in busy else 1.0 for e in towns]
    govs = {e.admin1: e for e in gaz.entries if e.kind == "admin1" and e.admin1 in THEATRE}
    return towns, weights, govs


def _incidents(n_events: int, rng: random.Random, towns, weights, govs):
    """Synthetic incidents, by day: (day, sub-event type, event type, town, side, deaths, tp, n reports)."""
    types = api_latency.TYPES
    tw = [w for *_, w in types]
    sides = [s for s in api_latency.SIDES if s in ACTORS]
    out, k = [], 0
    while k < n_events:
        etype, sub, _ = rng.choices(types, tw)[0]
        town = rng.choices(towns, weights)[0]
        day = DAY0.toordinal() + int(rng.random() ** 0.7 * DAYS)
        tp = rng.choices((1, 2, 3), (85, 10, 5))[0]
        deaths = rng.choice((None, None, 0, 1, 2, 3, 5, 8, 12, 20))
        n = min(n_events - k, rng.choice((1, 1, 2, 2, 3, 4, 6)))
        out.append((day, sub, etype, town, rng.choice(sides), deaths, tp, n))
        k += n
    out.sort(key=lambda x: x[0])
    return out


def _reports(incidents, rng: random.Random, govs):
    """Per day: the reports of that day's incidents as (date or None, tp, sub, etype, Place, side, deaths, outlet)."""
    from truceline.model import Place

    by_day: dict[int, list] = {}
    for day, sub, etype, town, side, deaths, tp, n in incidents:
        for _ in range(n):
            gp = rng.choices((1, 2, 3), (80, 15, 5))[0]
            if gp == 3:
                g = govs[town.admin1]
                place = Place(name=g.name, surface=g.name, latitude=g.lat, longitude=g.lon, admin1=g.admin1,
                              country="Syria", iso=760, geo_precision=3, gazetteer_id=g.id, feature_code="ADM1")
            else:
                place = Place(name=town.name, surface=town.name, latitude=town.lat, longitude=town.lon,
                              admin1=town.admin1, country="Syria", iso=760, geo_precision=gp,
                              gazetteer_id=town.id, feature_code=town.feature_code)
            undated = rng.random() < 0.01
            date = None if undated else dt.date.fromordinal(day + (rng.choice((0, 0, 0, 1)) if tp == 1 else 0))
            s = side if rng.random() >= 0.1 else rng.choice([x for x in ACTORS if x != side])
            d = deaths if deaths is None or rng.random() < 0.7 else deaths + rng.choice((1, 2, 4))
            outlet = rng.choice(api_latency.OUTLETS)
            by_day.setdefault(day, []).append((date, tp, sub, etype, place, s, d, outlet))
    return by_day


def _articles_of_day(day: int, reports: list, rng: random.Random, k0: int, a0: int):
    """The day's reports grouped 1-3 to an article (undated reports: an undated article each)."""
    from truceline.model import Actor, Article, Event, Evidence

    rng.shuffle(reports)
    arts, events = [], []
    i = 0
    k, a = k0, a0
    while i < len(reports):
        n = 1 if reports[i][0] is None else rng.choice((1, 2, 3))
        group = [r for r in reports[i:i + n] if (r[0] is None) == (reports[i][0] is None)][:n]
        i += len(group)
        aid = f"bench{a:08d}"
        a += 1
        outlet = group[0][7]
        parts, evs = [], []
        pos = 0
        for date, tp, sub, etype, place, side, deaths, _ in group:
            actor = ACTORS[side]
            toll = f", killing {deaths}" if deaths else ""
            when = f" on {date:%d %B %Y}" if date else ""
            sent = f"{actor[1]} {VERBS.get(sub, 'hit')} {place.name}{when}{toll}."
            ev = Evidence(article_id=aid, start=pos, end=pos + len(sent), text=sent, source="synthetic")
            evs.append(Event(id=f"e{k:08d}", article_id=aid, event_type=etype, sub_event_type=sub, event_date=date,
                             time_precision=tp, actor1=Actor(id=actor[0], name=actor[1], inter=actor[2], side=side),
                             place=place, fatalities=deaths, claimant=outlet, outlet=outlet, sentence=ev,
                             rule="benchmark"))
            k += 1
            parts.append(sent)
            pos += len(sent) + 1
        published = None if group[0][0] is None else dt.date.fromordinal(day + 1)
        arts.append(Article(id=aid, text=" ".join(parts), title=f"Report {aid}", outlet=outlet, published=published,
                            published_precision="day" if published else "unknown", language="en",
                            doc_id=aid, source="benchmark"))
        events += evs
    return arts, events, k, a


def build(db: Path, n_events: int, seed: int = 13) -> None:
    """Write ``n_events`` synthetic events to ``db`` and link them (see the module docstring)."""
    from truceline import pipeline
    from truceline.link.rules import default_rules
    from truceline.link.store import link_store
    from truceline.settings import Settings
    from truceline.store import Store

    rng = random.Random(seed)
    ex = pipeline.extractor_for(Settings.load(None))
    towns, weights, govs = _places(ex.gaz, rng)
    incidents = _incidents(n_events, rng, towns, weights, govs)
    by_day = _reports(incidents, rng, govs)
    del incidents
    part = db.with_name(db.name + ".part")   # renamed when complete: a failed build leaves no database
    for p in (part, Path(str(part) + "-wal"), Path(str(part) + "-shm")):
        if p.exists():
            p.unlink()
    t0 = time.perf_counter()
    rules = default_rules()
    k = a = 0
    with Store.open(part) as st:
        arts: list = []
        evs: list = []
        last_link = None
        for day in sorted(by_day):
            da, de, k, a = _articles_of_day(day, by_day.pop(day), rng, k, a)
            arts += da
            evs += de
            if len(arts) >= 5000:
                st.write_batch(arts, evs)
                arts, evs = [], []
            if last_link is None:
                last_link = day
            if day - last_link >= 60:
                if arts:
                    st.write_batch(arts, evs)
                    arts, evs = [], []
                r = link_store(st, rules, ex.res)
                last_link = day
                print(f"  {dt.date.fromordinal(day)}: {k:,} events, {r.incidents_total:,} incidents "
                      f"({time.perf_counter() - t0:.0f} s)", flush=True)
        if arts:
            st.write_batch(arts, evs)
        r = link_store(st, rules, ex.res)
        st._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"  {k:,} events, {a:,} articles, {r.incidents_total:,} incidents", flush=True)
    part.replace(db)
    print(f"built {db} with {n_events:,} events in {time.perf_counter() - t0:.0f} s", flush=True)


def new_articles(n: int, seed: int = 21) -> list[dict]:
    """``n`` synth articles as JSON records (id, text, published, outlet)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        ar = rng.random() < 0.3
        out.append({"id": f"new{seed}-{i}", "text": synth.article(rng, ar), "published": "2021-06-10",
                    "outlet": rng.choice(api_latency.OUTLETS)})
    return out


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/truceline-incremental-bench.db"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--build-only", action="store_true")
    ap.add_argument("--articles", type=int, default=50, help="new articles, added one at a time")
    ap.add_argument("--seed", type=int, default=21, help="seed of the new articles")
    ap.add_argument("--keep", action="store_true", help="add to --db itself instead of a copy")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    if args.rebuild or not args.db.exists():
        build(args.db, args.events)
    if args.build_only:
        return
    run(args)


def run(args) -> None:
    from truceline.ingestor import Ingestor
    from truceline.settings import Settings

    tmp = None
    db = args.db
    if not args.keep:
        tmp = Path(tempfile.mkdtemp(prefix="truceline-incr-"))
        db = tmp / args.db.name
        t = time.perf_counter()
        shutil.copyfile(args.db, db)
        print(f"copied the database in {time.perf_counter() - t:.1f} s", flush=True)
    try:
        t = time.perf_counter()
        ing = Ingestor(db, Settings.load(None))
        print(f"opened (extractor, rules, agreements, breach tally of {sum(ing.tally.counts_total().values()):,} "
              f"breaches) in {time.perf_counter() - t:.1f} s", flush=True)
        recs = new_articles(args.articles, args.seed)
        stages: dict[str, list[float]] = {}
        joined = opened = events = 0
        for rec in recs:
            res = ing.add_records([rec])
            for name, ms in res.timings.items():
                stages.setdefault(name, []).append(ms)
            events += res.report.events
            if res.linked is not None:
                opened += res.linked.incidents_new
                joined += res.linked.events - res.linked.incidents_new
        ing.close()
        order = ["total", *[s for s in stages if s != "total"]]
        out = {"db": str(args.db), "articles": len(recs), "events": events, "events_joining_stored_or_new_incidents":
               joined, "incidents_opened": opened, "stages_ms": {}}
        print(f"{len(recs)} articles, {events} events: {opened} opened an incident, {joined} joined one")
        print(f"{'stage':12} {'median':>8} {'p90':>8} {'max':>8}  (ms)")
        for name in order:
            xs = stages[name]
            out["stages_ms"][name] = {"median": round(statistics.median(xs), 2), "p90": round(_pct(xs, 0.9), 2),
                                      "max": round(max(xs), 2)}
            print(f"{name:12} {statistics.median(xs):8.1f} {_pct(xs, 0.9):8.1f} {max(xs):8.1f}")
        if args.json:
            args.json.write_text(json.dumps(out, indent=1))
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
