"""A long-lived writer that adds a few articles at a time to a big database (docs/performance.md).

    ing = Ingestor("truceline.db", settings)        # builds the extractor, opens the store once
    res = ing.add_records([{"id": "x1", "text": "...", "published": "2021-06-10"}])
    res = ing.add_paths(["new/file.html"])          # or add(items) with Articles / Rejects
    res.report, res.linked, res.timings             # RunReport, LinkResult, ms per stage
    ing.tally.counts()                               # breach counts, current after each add
    ing.close()

What :func:`truceline.pipeline.run_to_store` does for a whole corpus, done for each call without
paying again what does not change: the extractor, the event builder, the linking rules and the
agreements are built once; the store stays open; linking is incremental
(:func:`truceline.link.store.link_new`: the stale incidents are looked for among those of the
articles written, the incidents loaded are those within reach of the new events, by index) and
the breach counts are updated for the incidents that changed only
(:class:`truceline.ceasefire.tally.BreachTally`).  The result is the database that
``run_to_store`` on the same articles, in the same calls, would leave (``tests/test_incremental.py``
compares the dumps and the breaches).  ``truceline watch`` and ``POST /api/articles`` (``truceline
serve --token``) add articles this way.

It needs a database whose events are all linked (``link_new`` relies on it): opening runs
:func:`~truceline.link.store.link_store` once, which links whatever an earlier run left
unlinked.  Another process writing the same database is noticed (SQLite's ``data_version``
changes) and the Ingestor links and counts again from the whole database before its next add.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .events import EventBuilder
from .ingest import IngestOptions, read_inputs, read_records
from .model import Article, Event, Reject, RunReport, Statistic
from .pipeline import _count, _extraction_failed, _reject, _uncount, Processed, extractor_for, ingest_options
from .settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Ingestor", "AddResult"]

STAGES = ("ingest", "extract", "store", "link", "breaches")


@dataclass(slots=True)
class AddResult:
    """What one :meth:`Ingestor.add` did."""

    report: RunReport
    linked: Any = None                      # LinkResult, or None when linking is off
    timings: dict[str, float] = field(default_factory=dict)   # ms per stage (STAGES) and "total"
    run_id: int | None = None


class Ingestor:
    """Adds articles to one database, call after call (see the module docstring).  Use as a
    context manager, or call :meth:`close`.  Not thread-safe: one caller at a time (the API
    holds a lock around it)."""

    def __init__(self, db: str | Path, settings: Settings | None = None, *, command: str = "ingest",
                 breaches: bool = True, opts: IngestOptions | None = None) -> None:
        from .ceasefire.tally import BreachTally
        from .link.rules import load_rules
        from .store import Store

        self.settings = replace(settings or Settings.load(None), workers=1)
        self.command = command
        self.opts = opts if opts is not None else ingest_options(self.settings)
        self.ex = extractor_for(self.settings)
        self.builder = EventBuilder(self.ex)
        self.rules = load_rules(self.settings.link_rules or None)
        self.ags = self.ex.agreements
        self.store = Store.open(db)
        self._breaches = breaches
        self.tally: BreachTally | None = None
        self._tally_cls = BreachTally
        self._incidents = 0
        self._version: int | None = None
        self.resync()

    # ------------------------------------------------------------------ state
    def _data_version(self) -> int | None:
        # None on PostgreSQL: no cheap way to see another writer's commits, one writer is assumed
        return self.store.data_version()

    def resync(self) -> None:
        """Link whatever is unlinked and count the breaches and incidents from the whole database
        (at opening, and when another process wrote to it)."""
        from .link.store import link_store

        t = time.perf_counter()
        if self.settings.link:
            link_store(self.store, self.rules, self.ex.res)
        self._incidents = next(iter(self.store.select("SELECT count(*) FROM incidents")))[0]
        if self._breaches:
            self.tally = self._tally_cls.compute(self.store, self.ags)
        self._version = self._data_version()
        log.info("ingestor: %s in sync in %.1f s (%d incidents)", self.store.path, time.perf_counter() - t,
                 self._incidents)

    def in_sync(self) -> bool:
        """No other process has written to the database since this Ingestor's last add (always
        True on PostgreSQL, where that is not seen)."""
        return self._data_version() == self._version

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Ingestor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ adding
    def add_records(self, records: Iterable[Mapping[str, Any]], source: str = "records",
                    on_reject: Callable[[Reject], None] | None = None) -> AddResult:
        """Add JSON-like records (the fields of a JSONL line: text, id, title, published, outlet,
        url, language; the ingest options' column names), read as a JSONL file named ``source``."""
        return self.add(read_records(records, self.opts, source), on_reject)

    def add_paths(self, paths: Sequence[str | Path], on_reject: Callable[[Reject], None] | None = None) -> AddResult:
        """Add the articles of files and folders (any input format ``truceline ingest`` reads)."""
        return self.add(read_inputs(paths, self.opts), on_reject)

    def add(self, items: Iterable[Article | Reject], on_reject: Callable[[Reject], None] | None = None) -> AddResult:
        """Extract, store, link and count the breaches of ``items`` (one run, one store batch)."""
        from .link.store import incidents_of_articles, link_new

        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        if self._version is not None and self._data_version() != self._version:
            log.info("ingestor: %s was written by another process: linking and counting again", self.store.path)
            self.resync()
        report = RunReport()
        store = self.store
        t = time.perf_counter()
        items = list(items)
        timings["ingest"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        done: list[Processed] = []
        for it in items:
            if isinstance(it, Reject):
                _reject(report, on_reject, it)
                continue
            try:
                recs = self.builder.build(it, self.ex.sentences(it))
            except Exception as e:  # as in pipeline.process: reported, the others go on
                log.exception("E103 %s: extraction failed", it.id)
                _reject(report, on_reject, _extraction_failed(it, f"{type(e).__name__}: {e}"))
                continue
            _count(report, [r.event_type for r in recs if isinstance(r, Event)],
                   sum(1 for r in recs if not isinstance(r, Event)))
            done.append(Processed(it, recs))
        timings["extract"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        run_id = store.begin_run(self.command, self.settings)
        try:
            arts = [p.article for p in done]
            suspects: set[str] = set()
            old_events: list[str] = []
            if arts:
                # what the write can remove: the incidents and events of these articles and of
                # the stored versions they revise (read before the write removes them)
                revised = [(a.url, a.segment) for a in arts if a.url]
                suspects = incidents_of_articles(store, [a.id for a in arts], revised)
                old_events = _events_of_articles(store, [a.id for a in arts], revised)
                evs = [r for p in done for r in p.records if isinstance(r, Event)]
                sts = [r for p in done for r in p.records if isinstance(r, Statistic)]
                res = store.write_batch(arts, evs, sts, run_id=run_id)
                for aid, rj in res.rejected:   # articles the database cannot hold (E507 on PostgreSQL)
                    _uncount(report, next(p for p in done if p.article.id == aid))
                    _reject(report, on_reject, rj)
                refused = {aid for aid, _ in res.rejected}
                new_events = [e.id for e in evs if e.article_id not in refused]
            else:
                new_events = []
            timings["store"] = (time.perf_counter() - t) * 1000

            t = time.perf_counter()
            linked = None
            if self.settings.link:
                linked = link_new(store, new_events, suspects, self.rules, self.ex.res,
                                  incidents_before=self._incidents)
                self._incidents = linked.incidents_total
                report.linked = linked
            timings["link"] = (time.perf_counter() - t) * 1000

            t = time.perf_counter()
            if self.tally is not None and (old_events or new_events or suspects):
                if linked is not None:
                    # the new events are in incidents now: the incidents written are the subjects
                    gone = {*old_events, *new_events, *linked.gone}
                    touched = set(linked.changed)
                else:
                    # no linking: the new events are subjects of their own (stale incidents stay)
                    gone, touched = set(old_events), set(new_events)
                self.tally.update(store, gone, touched)
            timings["breaches"] = (time.perf_counter() - t) * 1000
        finally:
            store.add_rejects(run_id, report.rejects)
            store.finish_run(run_id, report)
            self._version = self._data_version()
        timings["total"] = (time.perf_counter() - t0) * 1000
        return AddResult(report=report, linked=linked, timings=timings, run_id=run_id)


def _events_of_articles(store, article_ids: list[str], revised: list[tuple[str, str]]) -> list[str]:
    """Ids of the stored events of these articles and of the stored versions they revise."""
    out: list[str] = []
    ids = sorted(set(article_ids))
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        out += [r[0] for r in store.select(
            f"SELECT id FROM events WHERE article_id IN ({', '.join('?' * len(chunk))})", chunk)]
    for url, segment in sorted(set(revised)):
        out += [r[0] for r in store.select(
            "SELECT e.id FROM articles a JOIN events e ON e.article_id = a.id WHERE a.url = ? AND a.segment = ?",
            [url, segment])]
    return out
