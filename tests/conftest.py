"""Shared fixtures: the whole pipeline run once over the demo corpus (and, when ../shared is
present, over the seed corpus) into temporary SQLite files.

The same builder runs as a script, to look at what the tests see::

    .venv/bin/python tests/conftest.py OUT.db          # the demo corpus
    .venv/bin/python tests/conftest.py OUT.db --seeds  # the seed corpus (needs ../shared)
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from truceline import pipeline
from truceline.model import Article, Event, Incident, RunReport, Statistic
from truceline.settings import Settings
from truceline.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "truceline" / "demo"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEED_MANIFEST = SEEDS / "manifest.jsonl"
SEED_GAZETTEER = SHARED / "gazetteer" / "syria_gazetteer.tsv"


@dataclass
class Corpus:
    """What one pipeline run stored: the database file, the run report and the records read back."""

    db: Path
    report: RunReport
    articles: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)

    def article(self, article_id: str) -> Article:
        return next(a for a in self.articles if a.id == article_id)

    def docs(self, doc_id_prefix: str) -> list[Article]:
        """Articles of the input documents whose name starts with ``doc_id_prefix``."""
        return [a for a in self.articles if a.doc_id.startswith(doc_id_prefix)]

    def events_of(self, doc_id_prefix: str) -> list[Event]:
        ids = {a.id for a in self.docs(doc_id_prefix)}
        return [e for e in self.events if e.article_id in ids]

    def statistics_of(self, doc_id_prefix: str) -> list[Statistic]:
        ids = {a.id for a in self.docs(doc_id_prefix)}
        return [s for s in self.statistics if s.article_id in ids]


def build_corpus(paths: list[Path], db: Path, settings: Settings, manifest: Path | None) -> Corpus:
    """Run ingest -> extract -> store over ``paths`` into ``db`` and read everything back."""
    opts = pipeline.ingest_options(settings, manifest=manifest)
    report = pipeline.run_to_store([str(p) for p in paths], db, settings, opts, command="test")
    corpus = Corpus(db=db, report=report)
    with Store.open(db, readonly=True) as store:
        corpus.articles = list(store.iter_articles())
        corpus.events = list(store.iter_events())
        corpus.statistics = list(store.iter_statistics())
        corpus.incidents = list(store.iter_incidents())  # the link stage runs after storing
    return corpus


def build_demo(db: Path) -> Corpus:
    return build_corpus([DEMO], db, Settings(), DEMO / "manifest.jsonl")


def build_seeds(db: Path) -> Corpus:
    return build_corpus([SEEDS], db, Settings(gazetteer=str(SEED_GAZETTEER)), SEED_MANIFEST)


def need_shared() -> None:
    """Skip (with the reason) when the shared seed corpus or gazetteer is absent."""
    for p in (SEED_MANIFEST, SEED_GAZETTEER):
        if not p.is_file():
            pytest.skip(f"{p} not found: the shared corpus (../shared) is absent")


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Corpus:
    """The demo corpus run through the whole pipeline once, into a temporary SQLite file."""
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture(scope="session")
def seeds(tmp_path_factory) -> Corpus:
    """The seed corpus (../shared/corpus/seeds) with its manifest and the shared gazetteer."""
    need_shared()
    return build_seeds(tmp_path_factory.mktemp("seeds") / "seeds.db")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python tests/conftest.py OUT.db [--seeds]")
    out = Path(sys.argv[1])
    c = build_seeds(out) if "--seeds" in sys.argv[2:] else build_demo(out)
    print(pipeline.summary(c.report))
    print(f"database: {out}")
