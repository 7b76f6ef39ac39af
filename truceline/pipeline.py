"""The conductor: runs the stages in order.

    ingest.read_inputs  -> Article | Reject        (files, HTML, JSONL/CSV, WARC, feeds; pages split)
    extract.mentions    -> (Article, [Sentence])   (one automaton; heavy analysis only where a trigger fired)
    events.events       -> (Article, [Event | Statistic])
    store.write_batch   (one transaction per batch)   or   export.score_jsonl_lines (no store)

Data flows one way; no stage imports a later one.  Bad input never stops a run: each reject is
reported with file, line and field, counted, and the run goes on.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .events import EventBuilder, is_background
from .extract import Extractor, default_extractor
from .ingest import IngestOptions, read_inputs
from .model import Article, Event, Reject, RunReport, Statistic
from .settings import Settings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Processed:
    article: Article
    records: list[Event | Statistic]


def process(items: Iterable[Article | Reject], ex: Extractor, report: RunReport,
            on_reject: Callable[[Reject], None] | None = None) -> Iterator[Processed]:
    """Extract events from each article; rejects are tallied and passed to ``on_reject``."""
    builder = EventBuilder(ex)
    for it in items:
        if isinstance(it, Reject):
            report.rejects.append(it)
            if on_reject:
                on_reject(it)
            continue
        try:
            sents = ex.sentences(it)
            recs = builder.build(it, sents)
        except Exception as e:  # a bug on one article must not lose the batch; it is reported
            log.exception("E103 %s: extraction failed", it.id)
            rj = Reject(source=it.source or it.doc_id, line=it.source_line, field="text", code="E103",
                        message=f"extraction failed: {type(e).__name__}: {e}")
            report.rejects.append(rj)
            if on_reject:
                on_reject(rj)
            continue
        report.articles += 1
        for r in recs:
            if isinstance(r, Event):
                report.events += 1
                report.events_by_type[r.event_type] = report.events_by_type.get(r.event_type, 0) + 1
            else:
                report.statistics += 1
        yield Processed(it, recs)


def extractor_for(settings: Settings) -> Extractor:
    return default_extractor(settings.gazetteer or None, tuple(settings.dictionaries))


def ingest_options(settings: Settings, **kw) -> IngestOptions:
    return IngestOptions(languages=tuple(settings.languages), split_pages=settings.split_pages,
                         **{k: v for k, v in kw.items() if v is not None})


def run_to_store(paths: Sequence[str | Path], db: str | Path, settings: Settings, opts: IngestOptions,
                 command: str = "run", on_reject: Callable[[Reject], None] | None = None,
                 progress: Callable[[int], None] | None = None) -> RunReport:
    """Ingest, extract and store; one transaction per batch of ``settings.batch_size`` articles."""
    from .store import Store

    report = RunReport()
    ex = extractor_for(settings)
    with Store.open(db) as store:
        run_id = store.begin_run(command, settings)
        batch: list[Processed] = []

        def flush() -> None:
            if not batch:
                return
            arts = [p.article for p in batch]
            evs = [r for p in batch for r in p.records if isinstance(r, Event)]
            sts = [r for p in batch for r in p.records if isinstance(r, Statistic)]
            store.write_batch(arts, evs, sts, run_id=run_id)
            if progress:
                progress(len(batch))
            batch.clear()

        try:
            for p in process(read_inputs(paths, opts), ex, report, on_reject):
                batch.append(p)
                if len(batch) >= settings.batch_size:
                    flush()
            flush()
        finally:
            store.add_rejects(run_id, report.rejects)
            store.finish_run(run_id, report)
    return report


def run_to_score(paths: Sequence[str | Path], out: str | Path, settings: Settings, opts: IngestOptions,
                 on_reject: Callable[[Reject], None] | None = None) -> RunReport:
    """Extract without storing; one score-jsonl line per input document (``doc_id``)."""
    from .export import score_jsonl_lines, atomic_writer

    report = RunReport()
    ex = extractor_for(settings)
    docs: dict[str, list[Event]] = {}
    for p in process(read_inputs(paths, opts), ex, report, on_reject):
        lst = docs.setdefault(p.article.doc_id or p.article.id, [])
        lst.extend(r for r in p.records if isinstance(r, Event) and r.stance == "asserts"
                   and (settings.include_background or not is_background(r)))
    with atomic_writer(Path(out)) as fh:
        for line in score_jsonl_lines(docs.items()):
            fh.write(line + "\n")
    return report


def summary(report: RunReport) -> str:
    by = Counter(report.events_by_type)
    lines = [f"articles: {report.articles}  events: {report.events}  statistics: {report.statistics}  "
             f"rejects: {len(report.rejects)}"]
    for t, n in by.most_common():
        lines.append(f"  {t}: {n}")
    return "\n".join(lines)
