"""Benchmark: import a generated allCountries-layout GeoNames file, then resolve names.

    .venv/bin/python benchmarks/gazetteer_import.py [--rows 1000000] [--sy-share 0.05]
                                                    [--resolutions 10000] [--keep DIR]
    .venv/bin/python benchmarks/gazetteer_import.py --rows 10000,100000,1000000   # speed vs size

Writes a synthetic GeoNames ``geoname`` table (19 columns, no header; ``--sy-share`` of the rows
in Syria, the rest spread over other countries) in a temporary directory, times
``import_files`` (streamed, country-filtered, batched), ``load_gazetteer`` on the database and
``--resolutions`` calls of ``Gazetteer.resolve`` (known names, spelling variants, Arabic names,
unknown names, governorate phrases), and prints the figures and the peak memory (max RSS). With
several sizes it also prints the ratio of the time per resolution at the largest size to the
smallest: resolution looks names up by precomputed keys, so the ratio should stay near 1.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from truceline.gazetteer import import_files, load_gazetteer  # noqa: E402

_SYL = ["ka", "fr", "na", "bu", "da", "sa", "ra", "qi", "ba", "ma", "ar", "ra", "tal", "jis",
        "hu", "la", "ta", "mi", "ne", "zi", "ya", "sh", "kh", "gh", "di", "ha", "mu", "ri"]
_AR = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_PREFIX = ["", "", "", "Kafr ", "Tal ", "Deir ", "Ain ", "Khirbet ", "Maarat ", "Jisr ", "Beit "]
_COUNTRIES = ["TR", "IQ", "LB", "JO", "EG", "FR", "DE", "US", "IN", "CN", "BR", "RU", "IR"]
_SY_ADMIN1 = ["12", "10", "09", "02", "11", "08", "01", "04", "07", "13", "14", "06", "05", "03"]


def _name(rng: random.Random) -> str:
    core = "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 4)))
    return rng.choice(_PREFIX) + core.capitalize()


def _arabic(rng: random.Random) -> str:
    return "".join(rng.choice(_AR) for _ in range(rng.randint(3, 7)))


def generate(path: Path, rows: int, sy_share: float, seed: int = 7) -> list[tuple[str, str]]:
    """Write the file; return (english, arabic) names of a sample of the Syrian rows."""
    rng = random.Random(seed)
    sample: list[tuple[str, str]] = []
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(rows):
            gid = 10_000_000 + i
            name = _name(rng)
            if rng.random() < sy_share:
                cc, a1 = "SY", rng.choice(_SY_ADMIN1)
                lat, lon = 32.5 + rng.random() * 4.7, 35.7 + rng.random() * 6.3
                ar = _arabic(rng)
                alts = f"{name.replace('a', 'e', 1)},{ar}"
                if len(sample) < 5000:
                    sample.append((name, ar))
            else:
                cc, a1 = rng.choice(_COUNTRIES), f"{rng.randint(1, 40):02d}"
                lat, lon = -60 + rng.random() * 130, -170 + rng.random() * 340
                alts = name.replace("a", "o", 1)
            fh.write(f"{gid}\t{name}\t{name}\t{alts}\t{lat:.5f}\t{lon:.5f}\tP\tPPL\t{cc}\t\t{a1}\t\t\t\t"
                     f"{rng.randint(0, 50000)}\t\t\tAsia/Damascus\t2024-01-01\n")
    return sample


def run_one(rows: int, sy_share: float, resolutions: int, d: Path) -> dict:
    """Generate ``rows`` rows in ``d``, import, load and time ``resolutions`` resolutions."""
    src, db = d / f"allCountries_{rows}.txt", d / f"gazetteer_{rows}.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    sample = generate(src, rows, sy_share)
    t_gen = time.perf_counter() - t0
    size_mb = src.stat().st_size / 1e6

    t0 = time.perf_counter()
    report = import_files(db, [src], country="SY")
    t_imp = time.perf_counter() - t0

    t0 = time.perf_counter()
    gaz = load_gazetteer(db)
    t_load = time.perf_counter() - t0

    rng = random.Random(11)
    # the same number of distinct names at every size, so that the key caches help each size
    # alike and only the gazetteer's size differs
    sample = rng.sample(sample, min(len(sample), 400))
    queries: list[tuple[str, str]] = []
    fixed = ["Idlib province", "rural Hama", "ريف إدلب", "near Saraqib", "Jabal al-Zawiya",
             "Hamas", "Army", "Unknownville"]
    while len(queries) < resolutions:
        name, ar = rng.choice(sample)
        r = rng.random()
        if r < 0.4:
            queries.append((name, "en"))
        elif r < 0.6:
            queries.append((name.replace("a", "e", 1), "en"))
        elif r < 0.75:
            queries.append((ar, "ar"))
        elif r < 0.85:
            queries.append((f"outskirts of {name}", "en"))
        else:
            queries.append((rng.choice(fixed), "en"))
    t0 = time.perf_counter()
    hits = sum(gaz.resolve(q, lang=lang, admin1_hint="Idleb" if i % 3 == 0 else None) is not None
               for i, (q, lang) in enumerate(queries))
    t_res = time.perf_counter() - t0
    src.unlink(missing_ok=True)
    return {"rows": rows, "size_mb": size_mb, "t_gen": t_gen, "t_imp": t_imp, "report": report,
            "t_load": t_load, "entries": len(gaz), "queries": len(queries), "t_res": t_res, "hits": hits}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="1000000",
                    help="rows of the generated file; a comma-separated list (e.g. 10000,100000,1000000) "
                         "runs each size and compares the resolution speed across sizes")
    ap.add_argument("--sy-share", type=float, default=0.05)
    ap.add_argument("--resolutions", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="directory to keep the generated databases in")
    args = ap.parse_args()
    sizes = [int(x.replace("_", "")) for x in args.rows.split(",") if x.strip()]

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        d = args.keep or Path(tmp)
        d.mkdir(parents=True, exist_ok=True)
        for rows in sizes:
            r = run_one(rows, args.sy_share, args.resolutions, d)
            results.append(r)
            rep = r["report"]
            print(f"== {rows:,} rows")
            print(f"generated      {rows:,} rows ({r['size_mb']:.0f} MB) in {r['t_gen']:.1f} s")
            print(f"import         {r['t_imp']:.1f} s: {rep.rows:,} SY rows, {rep.places:,} places, "
                  f"{rep.names:,} names, {len(rep.rejects)} rejects "
                  f"({rows / r['t_imp']:,.0f} input rows/s)")
            print(f"load .db       {r['t_load']:.2f} s: {r['entries']:,} entries")
            print(f"resolve        {r['queries']:,} in {r['t_res']:.2f} s ({r['queries'] / r['t_res']:,.0f}/s, "
                  f"{1e6 * r['t_res'] / r['queries']:.0f} us each), {r['hits']:,} resolved")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS       {rss_mb:.0f} MB")
    if len(results) > 1:
        small, big = results[0], results[-1]
        us_small = 1e6 * small["t_res"] / small["queries"]
        us_big = 1e6 * big["t_res"] / big["queries"]
        print(f"resolution time per name, {big['entries']:,} vs {small['entries']:,} entries: "
              f"{us_big:.0f} vs {us_small:.0f} us (ratio {us_big / us_small:.2f})")


if __name__ == "__main__":
    main()
