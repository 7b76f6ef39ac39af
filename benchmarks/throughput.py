"""Throughput benchmark: articles/s and peak RSS, end to end (ingest, extract, store).

    .venv/bin/python benchmarks/throughput.py [--articles 2000] [--workers 1]

Builds a synthetic corpus (benchmarks/synth.py: ~600-word articles, 30% Arabic), then times
``pipeline.run_to_store`` over it into a fresh SQLite file.  The dictionary automaton and the
gazetteer are built once per process, before the timed part (reported separately).
Prints one JSON object.  Speed goals live here, never in unit tests.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synth import write_corpus  # noqa: E402

from truceline import pipeline  # noqa: E402
from truceline.settings import Settings  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs; the median is reported")
    ap.add_argument("--gazetteer", default=None)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="truceline_bench_"))
    corpus = write_corpus(tmp / "corpus.jsonl", a.articles)
    words = sum(len(json.loads(l)["text"].split()) for l in open(corpus, encoding="utf-8"))
    settings = Settings.load(None, gazetteer=a.gazetteer)
    t0 = time.perf_counter()
    pipeline.extractor_for(settings)  # build the automaton and gazetteer once
    build_s = time.perf_counter() - t0
    opts = pipeline.ingest_options(settings, id_col="id", date_col="published", outlet_col="outlet")
    runs = []
    report = None
    for i in range(a.repeat):
        db = tmp / f"bench{i}.db"
        t0 = time.perf_counter()
        report = pipeline.run_to_store([str(corpus)], db, settings, opts, command="bench")
        runs.append(time.perf_counter() - t0)
    med = statistics.median(runs)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "articles": a.articles, "words": words, "arabic_share": 0.3,
        "runs_s": [round(r, 3) for r in runs], "median_s": round(med, 3),
        "articles_per_s": round(a.articles / med, 1), "words_per_s": round(words / med),
        "events": report.events if report else None, "build_s": round(build_s, 3),
        "peak_rss_mb": round(rss_mb, 1),
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
