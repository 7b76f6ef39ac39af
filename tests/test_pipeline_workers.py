"""Extraction in worker processes (``Settings.workers``) gives exactly what one process gives:
the same database rows, the same score-jsonl bytes, the same report, rejects in the same order."""
from __future__ import annotations

import dataclasses
import json
import os

import pytest
from click.testing import CliRunner
from conftest import DEMO

from truceline import pipeline
from truceline.cli import cli
from truceline.model import Article, Reject, RunReport
from truceline.settings import Settings
from truceline.store import Store

# Hand-written sentences in the style of the corpus (not taken from any article).
_EN = [
    "Regime artillery shelled the town of Ariha on Monday, killing {n} civilians, rescuers said.",
    "Russian warplanes carried out airstrikes on Sarmin late on Tuesday, wounding {n} people.",
    "Clashes broke out between government troops and opposition fighters near Saraqib, leaving {n} fighters dead.",
    "Prices of bread and fuel have risen sharply since the beginning of the year.",
    "The local council announced new measures to organise the distribution of water.",
]
_AR = [
    "قصفت قوات النظام مدينة أريحا يوم الاثنين، ما أدى إلى مقتل {n} مدنيين.",
    "شن الطيران الروسي غارات جوية على بلدة سرمين، وأصيب {n} أشخاص.",
    "وتعاني المخيمات من نقص في المياه والخدمات الأساسية مع اقتراب فصل الشتاء.",
]


def _synthetic(path, n: int = 60) -> None:
    """``n`` short articles (a third in Arabic) with bad rows in between (rejects in order)."""
    lines = []
    for i in range(n):
        pool = _AR if i % 3 == 2 else _EN
        text = "\n\n".join(pool[(i + k) % len(pool)].format(n=(i + k) % 9 + 2) for k in range(4))
        lines.append(json.dumps({"id": f"w{i}", "text": text, "published": "2021-06-10"}, ensure_ascii=False))
        if i % 17 == 5:
            lines.append(json.dumps({"id": f"empty{i}", "text": "   "}))
        if i % 23 == 7:
            lines.append("{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _dump(db) -> list[str]:
    with Store.open(db, readonly=True) as store:
        return [line for line in store.iterdump() if not line.startswith('INSERT INTO "runs"')]


def _report(r: RunReport) -> tuple:
    return (r.articles, r.events, r.statistics, dict(r.events_by_type), [str(x) for x in r.rejects])


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    p = tmp_path_factory.mktemp("workers") / "synthetic.jsonl"
    _synthetic(p)
    return p


def _store_run(paths, db, workers, manifest=None, **kw):
    settings = Settings(workers=workers, batch_size=7)          # several batches, not aligned to chunks
    opts = pipeline.ingest_options(settings, manifest=manifest, **kw)
    seen: list[str] = []
    report = pipeline.run_to_store([str(p) for p in paths], db, settings, opts, command="test",
                                   on_reject=lambda r: seen.append(str(r)))
    return report, seen


@pytest.mark.parametrize("corpus", ["demo", "synthetic"])
def test_pipeline_workers_store_identical(tmp_path, synthetic, corpus):
    if corpus == "demo":
        paths, kw = [DEMO], {"manifest": DEMO / "manifest.jsonl"}
    else:
        paths, kw = [synthetic], {"id_col": "id", "date_col": "published"}
    r1, seen1 = _store_run(paths, tmp_path / "w1.db", 1, **kw)
    r2, seen2 = _store_run(paths, tmp_path / "w2.db", 2, **kw)
    assert r1.articles > 0 and r1.events > 0
    assert _report(r1) == _report(r2)
    assert seen1 == seen2 == [str(x) for x in r1.rejects]
    assert _dump(tmp_path / "w1.db") == _dump(tmp_path / "w2.db")
    if corpus == "synthetic":
        lines = [r.line for r in r1.rejects]
        assert len(lines) >= 4 and lines == sorted(lines)          # reported in input order


@pytest.mark.parametrize("corpus", ["demo", "synthetic"])
def test_pipeline_workers_score_jsonl_identical(tmp_path, synthetic, corpus):
    if corpus == "demo":
        paths, kw = [DEMO], {"manifest": DEMO / "manifest.jsonl"}
    else:
        paths, kw = [synthetic], {"id_col": "id", "date_col": "published"}
    outs = []
    for w in (1, 2):
        settings = Settings(workers=w)
        out = tmp_path / f"w{w}.jsonl"
        rep = pipeline.run_to_score([str(p) for p in paths], out, settings, pipeline.ingest_options(settings, **kw))
        outs.append((out.read_bytes(), _report(rep)))
    assert outs[0][0] and outs[0] == outs[1]


def test_pipeline_workers_rejects_in_input_order(tmp_path, synthetic):
    """Ingest rejects and extraction failures (E103, raised inside a worker) keep the input order."""
    settings = Settings(workers=2)
    ex = pipeline.extractor_for(settings)
    opts = pipeline.ingest_options(settings, id_col="id", date_col="published")
    real = pipeline.EventBuilder.build

    def build(self, article, sentences):
        if article.doc_id in ("w3", "w20", "w41"):
            raise RuntimeError("boom")
        return real(self, article, sentences)

    results = []
    for w in (1, 2):
        report = RunReport()
        seen: list[Reject] = []
        mp = pytest.MonkeyPatch()
        mp.setattr(pipeline.EventBuilder, "build", build)   # inherited by the forked workers
        try:
            from truceline.ingest import read_inputs
            got = [p.article.doc_id for p in pipeline.process(read_inputs([str(synthetic)], opts), ex, report,
                                                              seen.append, settings=dataclasses.replace(settings, workers=w))]
        finally:
            mp.undo()
        results.append((got, [str(r) for r in seen], _report(report)))
    assert results[0] == results[1]
    codes = [r.code for r in report.rejects]
    assert codes.count("E103") == 3 and len(codes) > 3
    assert "w3" not in results[0][0] and "w4" in results[0][0]


def test_pipeline_workers_forkserver_identical(synthetic):
    """Workers that build their own extractor (forkserver) give the same records."""
    settings = Settings(workers=2)
    ex = pipeline.extractor_for(settings)
    opts = pipeline.ingest_options(settings, id_col="id", date_col="published")
    from truceline.ingest import read_inputs

    items = list(read_inputs([str(synthetic)], opts))[:40]
    r1, r2 = RunReport(), RunReport()
    one = [(p.article.id, p.records) for p in pipeline.process(items, ex, r1)]
    with pipeline.WorkerPool(settings, ex, "records", start_method="forkserver") as pool:
        two = [(p.article.id, p.records) for p in pool.process(items, r2)]
    assert one == two and _report(r1) == _report(r2)


def test_pipeline_worker_count():
    assert pipeline.worker_count(Settings()) == 1
    assert pipeline.worker_count(Settings(workers=3)) == 3
    assert pipeline.worker_count(Settings(workers=0)) == len(os.sched_getaffinity(0))
    with pytest.raises(ValueError):
        pipeline.worker_count(Settings(workers=-1))


def test_pipeline_workers_cli_flag(tmp_path):
    runner = CliRunner()
    outs = []
    for w in ("1", "2"):
        out = tmp_path / f"w{w}.jsonl"
        res = runner.invoke(cli, ["extract", str(DEMO), "--manifest", str(DEMO / "manifest.jsonl"), "--format",
                                  "score-jsonl", "-o", str(out), "-q", "--workers", w], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    res = runner.invoke(cli, ["extract", str(DEMO), "-o", str(tmp_path / "x"), "--workers", "-1"])
    assert res.exit_code == 2


def test_pipeline_workers_articles_are_the_inputs(synthetic):
    """Processed.article is the main process's own Article (not a copy sent back)."""
    settings = Settings(workers=2)
    ex = pipeline.extractor_for(settings)
    from truceline.ingest import read_inputs

    items = list(read_inputs([str(synthetic)], pipeline.ingest_options(settings, id_col="id")))
    got = list(pipeline.process(items, ex, RunReport(), settings=settings))
    arts = [it for it in items if isinstance(it, Article)]
    assert [p.article for p in got] == arts and all(a is b for a, b in zip((p.article for p in got), arts))
