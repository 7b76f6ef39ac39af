"""The conductor: runs the stages in order.

    ingest.read_inputs  -> Article | Reject        (files, HTML, JSONL/CSV, WARC, feeds; pages split)
    extract.mentions    -> (Article, [Sentence])   (one automaton; heavy analysis only where a trigger fired)
    events.events       -> (Article, [Event | Statistic])
    store.write_batch   (one transaction per batch)   or   export.score_jsonl_lines (no store)

Data flows one way; no stage imports a later one.  Bad input never stops a run: each reject is
reported with file, line and field, counted, and the run goes on.

Workers (``Settings.workers``; 0 = one per core): the main process reads the inputs and is the
only writer; extraction and event building run in N worker processes (multiprocessing, 'fork'
context, or 'forkserver' when the main process already runs other threads).  Each worker builds
its extractor once (:func:`extractor_for`; after a fork it is the parent's, already built) and
takes chunks of :data:`CHUNK` articles; at most a few chunks per worker are in flight, so memory
stays bounded on any input size.  Results are taken back in input order, so reports, rejects,
store batches and outputs are exactly those of a single-process run.  For the store, workers
also encode the records (JSON and table rows), so the main process only reads and writes.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import Counter, deque
from dataclasses import dataclass, field
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
    # set instead of ``records`` when workers encoded the records for the store (run_to_store)
    encoded: tuple[list, list] | None = field(default=None)


CHUNK = 16          # articles per worker task
IN_FLIGHT = 4       # chunks queued per worker


def worker_count(settings: Settings | None) -> int:
    """The number of extraction processes ``settings.workers`` asks for (0 = one per core)."""
    n = settings.workers if settings is not None else 1
    if n < 0:
        raise ValueError(f"workers must be >= 0, got {n}")
    if n == 0:
        try:
            n = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            n = os.cpu_count() or 1
    return max(1, n)


def process(items: Iterable[Article | Reject], ex: Extractor, report: RunReport,
            on_reject: Callable[[Reject], None] | None = None, *,
            settings: Settings | None = None) -> Iterator[Processed]:
    """Extract events from each article; rejects are tallied and passed to ``on_reject``.

    With ``settings.workers`` other than 1 the work runs in worker processes (see the module
    docstring); the workers use ``extractor_for(settings)``, which ``ex`` must be.  Either way the
    results come in input order and are identical.
    """
    if worker_count(settings) > 1:
        with WorkerPool(settings, ex) as pool:  # type: ignore[arg-type]
            yield from pool.process(items, report, on_reject)
        return
    builder = EventBuilder(ex)
    for it in items:
        if isinstance(it, Reject):
            _reject(report, on_reject, it)
            continue
        try:
            sents = ex.sentences(it)
            recs = builder.build(it, sents)
        except Exception as e:  # a bug on one article must not lose the batch; it is reported
            log.exception("E103 %s: extraction failed", it.id)
            _reject(report, on_reject, _extraction_failed(it, f"{type(e).__name__}: {e}"))
            continue
        _count(report, [r.event_type for r in recs if isinstance(r, Event)],
               sum(1 for r in recs if not isinstance(r, Event)))
        yield Processed(it, recs)


def _count(report: RunReport, event_types: list[str], n_statistics: int) -> None:
    report.articles += 1
    report.events += len(event_types)
    by = report.events_by_type
    for t in event_types:
        by[t] = by.get(t, 0) + 1
    report.statistics += n_statistics


def _uncount(report: RunReport, p: Processed) -> None:
    """Take back the counts of an article the store refused (``BatchResult.rejected``)."""
    if p.encoded is not None:
        types = [rec[3][2] for rec in p.encoded[0]]  # the event row's event_type (truceline.store._event_row)
        n_statistics = len(p.encoded[1])
    else:
        types = [r.event_type for r in p.records if isinstance(r, Event)]
        n_statistics = sum(1 for r in p.records if not isinstance(r, Event))
    report.articles -= 1
    report.events -= len(types)
    report.statistics -= n_statistics
    by = report.events_by_type
    for t in types:
        by[t] -= 1
        if not by[t]:
            del by[t]


def _reject(report: RunReport, on_reject: Callable[[Reject], None] | None, rj: Reject) -> None:
    report.rejects.append(rj)
    if on_reject:
        on_reject(rj)


def _extraction_failed(it: Article, message: str) -> Reject:
    return Reject(source=it.source or it.doc_id, line=it.source_line, field="text", code="E103",
                  message=f"extraction failed: {message}")


# ---------------------------------------------------------------------------------------------
# worker processes
# ---------------------------------------------------------------------------------------------
_INHERITED: Extractor | None = None   # set in the parent just before forking; a forked worker uses it
_WORKER: tuple | None = None          # (builder, mode, include_background) inside a worker process


def _worker_init(settings: Settings, mode: str) -> None:
    global _WORKER
    ex = _INHERITED if _INHERITED is not None else extractor_for(settings)
    _WORKER = (ex, EventBuilder(ex), mode, settings.include_background)


def _worker_run(articles: list[Article]) -> list[tuple]:
    """One chunk: per article ``("ok", event_types, n_statistics, payload)`` or ``("err", message)``.

    ``payload``: mode "records", the records; mode "store", the records encoded for the store
    (:func:`truceline.store.encode_event`); mode "score", the asserted events of score output.
    """
    from .store import encode_event, encode_statistic

    assert _WORKER is not None, "worker not initialised"
    ex, builder, mode, include_background = _WORKER
    out: list[tuple] = []
    for a in articles:
        try:
            recs = builder.build(a, ex.sentences(a))
            types = [r.event_type for r in recs if isinstance(r, Event)]
            n_st = len(recs) - len(types)
            if mode == "store":
                payload: object = ([encode_event(r) for r in recs if isinstance(r, Event)],
                                   [encode_statistic(r) for r in recs if isinstance(r, Statistic)])
            elif mode == "score":
                payload = _score_events(recs, include_background)
            else:
                payload = recs
        except Exception as e:  # as in process(): reported, the run goes on
            log.exception("E103 %s: extraction failed", a.id)
            out.append(("err", f"{type(e).__name__}: {e}"))
            continue
        out.append(("ok", types, n_st, payload))
    return out


def _mp_context(start_method: str | None = None):
    if start_method is None:
        methods = multiprocessing.get_all_start_methods()
        # fork copies only the calling thread: with other threads running (a progress bar), a lock
        # they hold could stay locked in the child, so a fresh forkserver process is safer then
        if "fork" in methods and threading.active_count() == 1:
            start_method = "fork"
        elif "forkserver" in methods:
            start_method = "forkserver"
        else:
            start_method = "spawn"
    return multiprocessing.get_context(start_method)


class WorkerPool:
    """N extraction processes fed chunks of articles; results come back in input order.

    Use as a context manager.  ``mode``: "records" (Processed.records), "store" (Processed.encoded)
    or "score" (Processed.records holds the events of score output only).
    """

    def __init__(self, settings: Settings, ex: Extractor | None = None, mode: str = "records",
                 start_method: str | None = None) -> None:
        global _INHERITED
        if mode not in ("records", "store", "score"):
            raise ValueError(f"WorkerPool: unknown mode {mode!r}")
        self.mode = mode
        self.n = worker_count(settings)
        ctx = _mp_context(start_method)
        _INHERITED = (ex or extractor_for(settings)) if ctx.get_start_method() == "fork" else None
        try:
            self._pool = ctx.Pool(self.n, initializer=_worker_init, initargs=(settings, mode))
        finally:
            _INHERITED = None

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(exc[0] is None)

    def close(self, ok: bool = True) -> None:
        if ok:
            self._pool.close()
        else:
            self._pool.terminate()
        self._pool.join()

    def process(self, items: Iterable[Article | Reject], report: RunReport,
                on_reject: Callable[[Reject], None] | None = None) -> Iterator[Processed]:
        pending: deque = deque()
        limit = self.n * IN_FLIGHT
        chunk: list[Article | Reject] = []
        n_articles = 0
        for it in items:
            chunk.append(it)
            if isinstance(it, Article):
                n_articles += 1
                if n_articles >= CHUNK:
                    pending.append(self._submit(chunk))
                    chunk, n_articles = [], 0
                    while len(pending) > limit:
                        yield from self._collect(pending.popleft(), report, on_reject)
        if chunk:
            pending.append(self._submit(chunk))
        while pending:
            yield from self._collect(pending.popleft(), report, on_reject)

    def _submit(self, chunk: list[Article | Reject]) -> tuple:
        arts = [it for it in chunk if isinstance(it, Article)]
        return chunk, (self._pool.apply_async(_worker_run, (arts,)) if arts else None)

    def _collect(self, job: tuple, report: RunReport,
                 on_reject: Callable[[Reject], None] | None) -> Iterator[Processed]:
        chunk, res = job
        results = iter(res.get() if res is not None else ())
        for it in chunk:
            if isinstance(it, Reject):
                _reject(report, on_reject, it)
                continue
            r = next(results)
            if r[0] == "err":
                _reject(report, on_reject, _extraction_failed(it, r[1]))
                continue
            _, types, n_st, payload = r
            _count(report, types, n_st)
            if self.mode == "store":
                yield Processed(it, [], payload)
            else:
                yield Processed(it, payload)


def extractor_for(settings: Settings) -> Extractor:
    """The process's extractor for ``settings``; the page splitter of ingest then reads outlet names
    (bylines, "By X for the Saker blog") from the same dictionaries, the user's ``--dict`` files included."""
    ex = default_extractor(settings.gazetteer or None, tuple(settings.dictionaries), tuple(settings.agreements))
    from .ingest.split import use_resources

    use_resources(ex.res)   # the same load as before: the table is kept, not rebuilt
    return ex


def ingest_options(settings: Settings, **kw) -> IngestOptions:
    return IngestOptions(languages=tuple(settings.languages), split_pages=settings.split_pages,
                         **{k: v for k, v in kw.items() if v is not None})


def _pool_for(settings: Settings, ex: Extractor, mode: str) -> "WorkerPool | None":
    return WorkerPool(settings, ex, mode) if worker_count(settings) > 1 else None


def run_to_store(paths: Sequence[str | Path], db: str | Path, settings: Settings, opts: IngestOptions,
                 command: str = "run", on_reject: Callable[[Reject], None] | None = None,
                 progress: Callable[[int], None] | None = None) -> RunReport:
    """Ingest, extract and store; one transaction per batch of ``settings.batch_size`` articles."""
    from .store import EncodedRecords, Store

    report = RunReport()
    ex = extractor_for(settings)
    pool = _pool_for(settings, ex, "store")  # workers start before the database is opened
    try:
        with Store.open(db) as store:
            run_id = store.begin_run(command, settings)
            batch: list[Processed] = []

            def flush() -> None:
                if not batch:
                    return
                arts = [p.article for p in batch]
                if pool is None:
                    evs = [r for p in batch for r in p.records if isinstance(r, Event)]
                    sts = [r for p in batch for r in p.records if isinstance(r, Statistic)]
                    res = store.write_batch(arts, evs, sts, run_id=run_id)
                else:
                    enc = EncodedRecords()
                    for p in batch:
                        enc.add_encoded(*p.encoded)  # type: ignore[misc]
                    res = store.write_encoded(arts, enc, run_id=run_id)
                for aid, rj in res.rejected:  # articles the database cannot hold (E507 on PostgreSQL)
                    _uncount(report, next(p for p in batch if p.article.id == aid))
                    _reject(report, on_reject, rj)
                if progress:
                    progress(len(batch))
                batch.clear()

            try:
                items = read_inputs(paths, opts)
                stream = pool.process(items, report, on_reject) if pool else process(items, ex, report, on_reject)
                for p in stream:
                    batch.append(p)
                    if len(batch) >= settings.batch_size:
                        flush()
                flush()
                if settings.link:
                    from .link.rules import load_rules
                    from .link.store import link_store

                    report.linked = link_store(store, load_rules(settings.link_rules or None), ex.res)
            finally:
                store.add_rejects(run_id, report.rejects)
                store.finish_run(run_id, report)
    except BaseException:
        if pool:
            pool.close(ok=False)
        raise
    if pool:
        pool.close()
    return report


def _score_events(records: list[Event | Statistic], include_background: bool) -> list[Event]:
    """The events of score output: asserted ones, background only when asked."""
    return [r for r in records if isinstance(r, Event) and r.stance == "asserts"
            and (include_background or not is_background(r))]


def score_documents(paths: Sequence[str | Path], settings: Settings, opts: IngestOptions,
                    on_reject: Callable[[Reject], None] | None = None) -> tuple[RunReport, dict[str, list[Event]]]:
    """Extract without storing: the scored events of each input document (``doc_id``), in input
    order; what ``truceline extract --format score-jsonl`` writes and ``truceline eval`` scores."""
    report = RunReport()
    ex = extractor_for(settings)
    docs: dict[str, list[Event]] = {}
    pool = _pool_for(settings, ex, "score")
    try:
        items = read_inputs(paths, opts)
        if pool:
            for p in pool.process(items, report, on_reject):
                docs.setdefault(p.article.doc_id or p.article.id, []).extend(p.records)  # type: ignore[arg-type]
        else:
            for p in process(items, ex, report, on_reject):
                docs.setdefault(p.article.doc_id or p.article.id, []).extend(
                    _score_events(p.records, settings.include_background))
    except BaseException:
        if pool:
            pool.close(ok=False)
        raise
    if pool:
        pool.close()
    return report, docs


def run_to_score(paths: Sequence[str | Path], out: str | Path, settings: Settings, opts: IngestOptions,
                 on_reject: Callable[[Reject], None] | None = None) -> RunReport:
    """Extract without storing; one score-jsonl line per input document (``doc_id``)."""
    from .export import score_jsonl_lines, atomic_writer

    report, docs = score_documents(paths, settings, opts, on_reject)
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
    if report.linked is not None:
        lines.append(report.linked.line())
    return "\n".join(lines)


def __getattr__(name: str):
    """``pipeline.Ingestor`` / ``pipeline.AddResult``: the long-lived writer that adds a few
    articles at a time to a big database (truceline/ingestor.py; imported on first use)."""
    if name in ("Ingestor", "AddResult"):
        from . import ingestor

        return getattr(ingestor, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
