"""Store benchmark: the same run into SQLite and into PostgreSQL (docs/store.md#postgresql).

    .venv/bin/python benchmarks/store_backends.py [--articles 2000] [--repeat 1] [--pg-url URL]

Builds the synthetic corpus of benchmarks/synth.py, then times ``pipeline.run_to_store`` (what
``truceline run`` does: ingest, extract, store, link; one process) into a new SQLite file and
into a new PostgreSQL schema, then the ACLED CSV export of each.  Besides the wall time of the
run and its articles/s, it reports the time spent inside the store's batch writes
(``Store.write_encoded``: write_s, and articles/s and events/s of writing alone) and in the link
stage (which reads and writes incidents through the store).  It checks both databases hold the
same rows.  The PostgreSQL server: ``--pg-url`` / ``TRUCELINE_PG_URL`` (a database you may create
schemas in), else a throwaway local one started as tests/pgserver.py does (fsync off: a disk
server with fsync on writes slower).  Prints one JSON object; medians over ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

import pgserver  # noqa: E402
from synth import write_corpus  # noqa: E402

from truceline import pipeline  # noqa: E402
from truceline import store as store_mod  # noqa: E402
from truceline.export import export_db  # noqa: E402
from truceline.link import store as link_store_mod  # noqa: E402
from truceline.settings import Settings  # noqa: E402
from truceline.store import Store  # noqa: E402


class _Timer:
    """Seconds spent inside a function (wrapped in place for the run, then restored)."""

    def __init__(self, owner, name: str) -> None:
        self.owner, self.name, self.total = owner, name, 0.0
        self.orig = getattr(owner, name)

    def __enter__(self) -> "_Timer":
        orig = self.orig

        def timed(*a, **kw):
            t0 = time.perf_counter()
            try:
                return orig(*a, **kw)
            finally:
                self.total += time.perf_counter() - t0
        setattr(self.owner, self.name, timed)
        return self

    def __exit__(self, *exc) -> None:
        setattr(self.owner, self.name, self.orig)


def _rows(target, cols: dict[str, list[str]]) -> dict[str, list]:
    """Every row of the store's tables but runs (clock times), sorted: compared across backends."""
    out = {}
    with Store.open(target, readonly=True) as st:
        for t, names in cols.items():
            rows = st.select(f'SELECT {", ".join(chr(34) + c + chr(34) for c in names)} FROM {t}')
            out[t] = sorted(rows, key=lambda r: tuple((v is not None, v if v is not None else 0) for v in r))
    return out


def _columns(sqlite_file: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(sqlite_file)
    try:
        return {t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")]
                for t in sorted(store_mod._OWN_TABLES - {"schema_version", "runs"})}
    finally:
        con.close()


def _one(corpus: Path, target, settings: Settings, opts, n: int, tmp: Path, tag: str) -> dict:
    """One timed run into ``target``, then its ACLED CSV export."""
    with _Timer(Store, "write_encoded") as w, _Timer(link_store_mod, "link_store") as lk:
        t0 = time.perf_counter()
        report = pipeline.run_to_store([str(corpus)], target, settings, opts, command="bench")
        total = time.perf_counter() - t0
    t0 = time.perf_counter()
    with Store.open(target) as st:
        export_db(st, "acled-csv", tmp / f"{tag}.csv")
        counts = st.counts()
    export_s = time.perf_counter() - t0
    return {"total_s": total, "write_s": w.total, "link_s": lk.total, "export_s": export_s,
            "events": report.events, "counts": counts}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=1, help="runs per backend; medians are reported")
    ap.add_argument("--pg-url", default=None, help="PostgreSQL database to create the schemas in (default: "
                                                   "TRUCELINE_PG_URL, else a throwaway local server)")
    a = ap.parse_args()
    if a.pg_url:
        os.environ[pgserver.ENV_URL] = a.pg_url
    tmp = Path(tempfile.mkdtemp(prefix="truceline_bench_store_"))
    corpus = write_corpus(tmp / "corpus.jsonl", a.articles)
    settings = Settings.load(None)
    opts = pipeline.ingest_options(settings, id_col="id", date_col="published", outlet_col="outlet")
    pipeline.extractor_for(settings)  # the automaton and gazetteer, built once before the timed part
    server = pgserver.start()
    pg_targets: list[str] = []
    out: dict = {"date": dt.date.today().isoformat(), "cpus": len(os.sched_getaffinity(0)),
                 "python": platform.python_version(), "articles": a.articles, "batch_size": settings.batch_size,
                 "postgresql": "given by TRUCELINE_PG_URL" if server.root is None else "local throwaway, fsync off"}
    try:
        with server_version(server) as v:
            out["postgresql_version"] = v
        results: dict[str, list[dict]] = {"sqlite": [], "postgresql": []}
        for i in range(a.repeat):
            for name in ("sqlite", "postgresql"):
                if name == "sqlite":
                    target: Path | str = tmp / f"bench_{i}.db"
                else:
                    target = server.schema_url("bench")
                    pg_targets.append(target)
                results[name].append(_one(corpus, target, settings, opts, a.articles, tmp, f"{name}_{i}"))
        for name, rs in results.items():
            med = {k: statistics.median(r[k] for r in rs) for k in ("total_s", "write_s", "link_s", "export_s")}
            ev = rs[0]["events"]
            out[name] = {"runs_total_s": [round(r["total_s"], 2) for r in rs],
                         "total_s": round(med["total_s"], 2), "articles_per_s": round(a.articles / med["total_s"], 1),
                         "write_s": round(med["write_s"], 2),
                         "write_articles_per_s": round(a.articles / med["write_s"], 0),
                         "write_events_per_s": round(ev / med["write_s"], 0),
                         "link_s": round(med["link_s"], 2), "export_acled_csv_s": round(med["export_s"], 2),
                         "rows": rs[0]["counts"]}
        cols = _columns(tmp / "bench_0.db")
        out["same_rows"] = _rows(tmp / "bench_0.db", cols) == _rows(pg_targets[0], cols)
        out["same_acled_csv"] = (tmp / "sqlite_0.csv").read_bytes() == (tmp / "postgresql_0.csv").read_bytes()
    finally:
        for url in pg_targets:
            server.drop_schema(url)
        server.stop()
    print(json.dumps(out, indent=1))
    return 0


class server_version:
    def __init__(self, server) -> None:
        self.server = server

    def __enter__(self) -> str:
        import psycopg

        from truceline.store_pg import connect_args

        self.c = psycopg.connect(**connect_args(self.server.url))
        return self.c.execute("SHOW server_version").fetchone()[0]

    def __exit__(self, *exc) -> None:
        self.c.close()


if __name__ == "__main__":
    sys.exit(main())
