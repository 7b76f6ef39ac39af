"""The store: the project's only writer, into a SQLite file (the default) or a PostgreSQL database.

One file holds articles, events, statistics, their evidence spans, rejects and runs (the
gazetteer module keeps its ``gaz_*`` tables in the same file; this module never touches them).
:meth:`Store.open` given a ``postgresql://`` URL (a SQLAlchemy URL) opens the same schema on a
PostgreSQL server instead: :mod:`truceline.store_pg` holds what differs there (SQL placeholders,
DDL types, upserts, COPY, the writers' lock); everything below reads the same on both.

- :meth:`Store.open` checks the file is SQLite before touching it (``E501`` otherwise, file left
  as it was), applies :data:`MIGRATIONS` in order (idempotent; older files are upgraded), and
  sets WAL mode, ``synchronous=NORMAL`` and foreign keys.
- :meth:`Store.write_batch` writes one batch in ONE transaction.  Rows are keyed by the records'
  content-derived ids, and nothing in a row depends on the clock, so writing the same batch again
  changes nothing and two runs over the same input give identical tables (run times live only in
  ``runs``).  Each article in a batch is taken as freshly extracted: if its events or statistics
  differ from the stored ones, they (and their spans) are replaced, so new rules leave no stale
  events.  A new article with the same non-empty ``(url, segment)`` as a stored one is a revision:
  the old text goes to ``article_history``, the old article and its events are removed.
- Readers rebuild records from the stored ``record_json`` (:func:`truceline.serialize.dumps`).

Error codes: E501 not a (readable) SQLite database / cannot connect, E502 schema version problem,
E504 a batch that cannot be written (event of an unknown article, id clash), E505 duplicate id in
a batch (logged, first kept), E506 a SQLite-only feature given a PostgreSQL URL.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from truceline.errors import TrucelineError
from truceline.model import Article, Event, Incident, Reject, RunReport, Statistic
from truceline.serialize import dumps, from_dict

log = logging.getLogger(__name__)

__all__ = ["Store", "BatchResult", "EncodedRecords", "encode_event", "encode_statistic", "MIGRATIONS", "SCHEMA_VERSION",
           "PG_MIGRATIONS", "is_database_url", "require_sqlite"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_CHUNK = 500  # ids per IN (...) query (SQLite's default limit on variables is 32766; stay small)

_SCHEMA_V1 = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    byline TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    published TEXT,
    published_precision TEXT NOT NULL DEFAULT 'day',
    language TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    source_line INTEGER,
    segment TEXT NOT NULL DEFAULT '',
    "offset" INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    content_sha1 TEXT NOT NULL,
    first_seen INTEGER,
    last_seen INTEGER
);
CREATE INDEX articles_url ON articles(url, segment);
CREATE INDEX articles_doc_id ON articles(doc_id);

CREATE TABLE article_history (
    url TEXT NOT NULL,
    segment TEXT NOT NULL DEFAULT '',
    article_id TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    published TEXT,
    text TEXT NOT NULL,
    content_sha1 TEXT NOT NULL,
    replaced_at INTEGER,
    PRIMARY KEY (article_id, replaced_by)
);
CREATE INDEX article_history_url ON article_history(url);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_date TEXT,
    time_precision INTEGER,
    actor1 TEXT NOT NULL DEFAULT '',
    assoc_actor_1 TEXT NOT NULL DEFAULT '',
    inter1 INTEGER,
    actor2 TEXT NOT NULL DEFAULT '',
    assoc_actor_2 TEXT NOT NULL DEFAULT '',
    inter2 INTEGER,
    location TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL,
    admin1 TEXT NOT NULL DEFAULT '',
    admin2 TEXT NOT NULL DEFAULT '',
    admin3 TEXT NOT NULL DEFAULT '',
    geo_precision INTEGER,
    gazetteer_id TEXT NOT NULL DEFAULT '',
    fatalities INTEGER,
    injured INTEGER,
    civilian_fatalities INTEGER,
    child_fatalities INTEGER,
    women_fatalities INTEGER,
    displaced INTEGER,
    claimant TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    stance TEXT NOT NULL DEFAULT 'asserts',
    civilian_targeting INTEGER NOT NULL DEFAULT 0,
    sentence_start INTEGER,
    sentence_end INTEGER,
    evidence TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    record_json TEXT NOT NULL
);
CREATE INDEX events_event_date ON events(event_date);
CREATE INDEX events_admin1 ON events(admin1);
CREATE INDEX events_sub_event_type ON events(sub_event_type);
CREATE INDEX events_article_id ON events(article_id);
CREATE INDEX events_lat_lon ON events(latitude, longitude);

CREATE TABLE statistics (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    period_start TEXT,
    period_end TEXT,
    time_precision INTEGER,
    actor1 TEXT NOT NULL DEFAULT '',
    inter1 INTEGER,
    actor2 TEXT NOT NULL DEFAULT '',
    inter2 INTEGER,
    location TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL,
    admin1 TEXT NOT NULL DEFAULT '',
    admin2 TEXT NOT NULL DEFAULT '',
    admin3 TEXT NOT NULL DEFAULT '',
    geo_precision INTEGER,
    gazetteer_id TEXT NOT NULL DEFAULT '',
    breaches INTEGER,
    fatalities INTEGER,
    injured INTEGER,
    civilian_fatalities INTEGER,
    child_fatalities INTEGER,
    women_fatalities INTEGER,
    displaced INTEGER,
    "count" INTEGER,
    counted TEXT NOT NULL DEFAULT '',
    claimant TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    sentence_start INTEGER,
    sentence_end INTEGER,
    evidence TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    record_json TEXT NOT NULL
);
CREATE INDEX statistics_article_id ON statistics(article_id);
CREATE INDEX statistics_period_start ON statistics(period_start);

CREATE TABLE spans (
    owner_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    owner_kind TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (owner_id, seq)
) WITHOUT ROWID;
CREATE INDEX spans_article_id ON spans(article_id);
CREATE INDEX spans_field ON spans(field);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    command TEXT NOT NULL DEFAULT '',
    articles INTEGER,
    events INTEGER,
    statistics INTEGER,
    rejects INTEGER,
    skipped_duplicates INTEGER,
    fatal TEXT NOT NULL DEFAULT '',
    events_by_type_json TEXT NOT NULL DEFAULT '{}',
    settings_json TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE rejects (
    run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
    source TEXT NOT NULL DEFAULT '',
    line INTEGER,
    field TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rejects_run_id ON rejects(run_id);
"""

# version 2: incidents linked from the events of many articles (truceline/link, docs/linking.md)
_SCHEMA_V2 = """
CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL DEFAULT '',
    sub_event_type TEXT NOT NULL DEFAULT '',
    event_date TEXT,
    date_end TEXT,
    time_precision INTEGER,
    location TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL,
    admin1 TEXT NOT NULL DEFAULT '',
    geo_precision INTEGER,
    actor1 TEXT NOT NULL DEFAULT '',
    actor2 TEXT NOT NULL DEFAULT '',
    fatalities_low INTEGER,
    fatalities_best INTEGER,
    fatalities_high INTEGER,
    fatalities_acled INTEGER NOT NULL DEFAULT 0,
    n_claims INTEGER NOT NULL DEFAULT 0,
    n_sources INTEGER NOT NULL DEFAULT 0,
    n_members INTEGER NOT NULL DEFAULT 0,
    opposite_alignments TEXT NOT NULL DEFAULT '',
    contradictions TEXT NOT NULL DEFAULT '',
    record_json TEXT NOT NULL
);
CREATE INDEX incidents_event_date ON incidents(event_date);
CREATE INDEX incidents_admin1 ON incidents(admin1);

CREATE TABLE incident_members (
    event_id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL DEFAULT '',
    seq INTEGER NOT NULL,
    linked_to TEXT NOT NULL DEFAULT '',
    distance_km REAL,
    date_gap_days INTEGER,
    place_rule TEXT NOT NULL DEFAULT '',
    date_rule TEXT NOT NULL DEFAULT '',
    type_rule TEXT NOT NULL DEFAULT '',
    actor_rule TEXT NOT NULL DEFAULT '',
    why TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_members_incident ON incident_members(incident_id);
CREATE INDEX incident_members_article ON incident_members(article_id);

CREATE TABLE claims (
    incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    claimant TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    alignment TEXT NOT NULL DEFAULT '',
    published TEXT,
    event_date TEXT,
    fatalities INTEGER,
    actor1 TEXT NOT NULL DEFAULT '',
    stance TEXT NOT NULL DEFAULT 'asserts',
    evidence TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (incident_id, seq)
) WITHOUT ROWID;
CREATE INDEX claims_outlet ON claims(outlet);
CREATE INDEX claims_claimant ON claims(claimant);
"""

# the ceasefire agreement an event's or statistic's sentence names (truceline/ceasefire, docs/ceasefire.md)
_SCHEMA_V3 = """
ALTER TABLE events ADD COLUMN agreement TEXT NOT NULL DEFAULT '';
ALTER TABLE statistics ADD COLUMN agreement TEXT NOT NULL DEFAULT '';
CREATE INDEX events_agreement ON events(agreement);
CREATE INDEX statistics_agreement ON statistics(agreement);
"""

# the event of the same article whose toll already counts an event's deaths (Event.counted_in; "recalled
# incident" for an earlier incident the article recalls): the article's totals count each incident once
_SCHEMA_V4 = """
ALTER TABLE events ADD COLUMN counted_in TEXT NOT NULL DEFAULT '';
UPDATE events SET counted_in = substr(substr(notes, instr(notes, 'figures counted in ') + 19), 1,
    instr(substr(notes, instr(notes, 'figures counted in ') + 19) || ';', ';') - 1)
    WHERE instr(notes, 'figures counted in ') > 0;
UPDATE events SET counted_in = 'recalled incident'
    WHERE counted_in = '' AND ('; ' || notes || '; ') LIKE '%; recalled incident; %';
CREATE INDEX events_counted_in ON events(counted_in) WHERE counted_in != '';
"""

# the coarse sides (Actor.side: SYRIA_GOV, OPPOSITION, RUSSIA, ...) of an event's two actors as columns, and the
# indexes the API's filtered pages need (docs/api.md): each filter column with the date it is sorted by
_SCHEMA_V5 = """
ALTER TABLE events ADD COLUMN side1 TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN side2 TEXT NOT NULL DEFAULT '';
UPDATE events SET side1 = coalesce(json_extract(record_json, '$.actor1.side'), ''),
                  side2 = coalesce(json_extract(record_json, '$.actor2.side'), '');
CREATE INDEX events_admin1_date ON events(admin1, event_date);
CREATE INDEX events_type_date ON events(event_type, event_date);
CREATE INDEX events_sub_date ON events(sub_event_type, event_date);
CREATE INDEX events_side1_date ON events(side1, event_date);
CREATE INDEX events_side2_date ON events(side2, event_date);
CREATE INDEX events_outlet_date ON events(outlet, event_date);
CREATE INDEX events_fatalities ON events(fatalities) WHERE fatalities IS NOT NULL;
CREATE INDEX events_geo_date ON events(latitude, longitude, event_date);
CREATE INDEX incidents_admin1_date ON incidents(admin1, event_date);
CREATE INDEX incidents_sub_date ON incidents(sub_event_type, event_date);
CREATE INDEX incidents_geo_date ON incidents(latitude, longitude, event_date);
CREATE INDEX incidents_fatalities ON incidents(fatalities_best) WHERE fatalities_best IS NOT NULL;
CREATE INDEX incidents_contradicted ON incidents(event_date) WHERE contradictions != '';
CREATE INDEX claims_event ON claims(event_id);
"""

# the indexes that find the stored incidents a new report can join when a few articles are added to
# a big database (truceline/link/store.py incidents_reach): by date with the point (undated ones by
# point), and those without a point by governorate and date; both hold what the look-up reads
_SCHEMA_V6 = """
CREATE INDEX incidents_date_geo ON incidents(event_date, latitude, longitude, time_precision, date_end, id);
CREATE INDEX incidents_regional ON incidents(admin1, event_date, time_precision, date_end, id)
    WHERE latitude IS NULL OR longitude IS NULL OR coalesce(geo_precision, 3) >= 3;
"""

# (version, SQL) in order.  Never edit a released entry: append a new one.
MIGRATIONS: list[tuple[int, str]] = [
    (1, _SCHEMA_V1),
    (2, _SCHEMA_V2),
    (3, _SCHEMA_V3),
    (4, _SCHEMA_V4),
    (5, _SCHEMA_V5),
    (6, _SCHEMA_V6),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]  # the version this code writes (read MIGRATIONS at call time)

# The PostgreSQL text of the migrations whose SQLite text uses SQLite's own functions (the others
# are translated statement by statement: truceline.store_pg.pg_ddl, which refuses those functions).
# A new migration that backfills with such functions adds its entry here (tests/test_store_pg.py).
PG_MIGRATIONS: dict[int, str] = {
    # SQLite's instr(a, b) is PostgreSQL's strpos(a, b); PostgreSQL's LIKE is case-sensitive
    4: re.sub(r"\binstr\(", "strpos(", _SCHEMA_V4).replace(" LIKE ", " ILIKE "),
    5: _SCHEMA_V5.replace(
        """UPDATE events SET side1 = coalesce(json_extract(record_json, '$.actor1.side'), ''),
                  side2 = coalesce(json_extract(record_json, '$.actor2.side'), '');""",
        """UPDATE events SET side1 = coalesce(record_json::jsonb #>> '{actor1,side}', ''),
                  side2 = coalesce(record_json::jsonb #>> '{actor2,side}', '');"""),
}
_OWN_TABLES = frozenset({"articles", "article_history", "events", "statistics", "spans", "runs",
                         "rejects", "schema_version", "incidents", "incident_members", "claims"})

_ARTICLE_COLS = ("id", "doc_id", "url", "outlet", "byline", "title", "published", "published_precision",
                 "language", "source", "source_line", "segment", "offset", "text", "content_sha1",
                 "first_seen", "last_seen")
_EVENT_COLS = ("id", "article_id", "event_type", "sub_event_type", "event_date", "time_precision",
               "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "location",
               "latitude", "longitude", "admin1", "admin2", "admin3", "geo_precision", "gazetteer_id",
               "fatalities", "injured", "civilian_fatalities", "child_fatalities", "women_fatalities",
               "displaced", "claimant", "outlet", "stance", "civilian_targeting", "sentence_start",
               "sentence_end", "evidence", "rule", "notes", "agreement", "counted_in", "side1", "side2", "record_json")
_STAT_COLS = ("id", "article_id", "period_start", "period_end", "time_precision", "actor1", "inter1",
              "actor2", "inter2", "location", "latitude", "longitude", "admin1", "admin2", "admin3",
              "geo_precision", "gazetteer_id", "breaches", "fatalities", "injured", "civilian_fatalities",
              "child_fatalities", "women_fatalities", "displaced", "count", "counted", "claimant", "outlet",
              "sentence_start", "sentence_end", "evidence", "rule", "agreement", "record_json")
_SPAN_COLS = ("owner_id", "seq", "owner_kind", "article_id", "field", "start", "end", "text", "source")
_INCIDENT_COLS = ("id", "event_type", "sub_event_type", "event_date", "date_end", "time_precision", "location",
                  "latitude", "longitude", "admin1", "geo_precision", "actor1", "actor2", "fatalities_low",
                  "fatalities_best", "fatalities_high", "fatalities_acled", "n_claims", "n_sources", "n_members",
                  "opposite_alignments", "contradictions", "record_json")
_MEMBER_COLS = ("event_id", "incident_id", "article_id", "seq", "linked_to", "distance_km", "date_gap_days",
                "place_rule", "date_rule", "type_rule", "actor_rule", "why")
_CLAIM_COLS = ("incident_id", "seq", "event_id", "article_id", "claimant", "outlet", "alignment", "published",
               "event_date", "fatalities", "actor1", "stance", "evidence")
_HISTORY_COLS = ("url", "segment", "article_id", "replaced_by", "title", "published", "text", "content_sha1",
                 "replaced_at")


def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    return (f'INSERT INTO {table} ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
            f'VALUES ({", ".join("?" * len(cols))})')


class _Insert:
    """A plain INSERT of whole rows into one table: SQLite runs ``sql`` with executemany, PostgreSQL COPYs."""

    __slots__ = ("table", "cols", "sql")

    def __init__(self, table: str, cols: tuple[str, ...]) -> None:
        self.table, self.cols, self.sql = table, cols, _insert_sql(table, cols)


_INSERT_ARTICLE = _Insert("articles", _ARTICLE_COLS)
_INSERT_EVENT = _Insert("events", _EVENT_COLS)
_INSERT_STAT = _Insert("statistics", _STAT_COLS)
_INSERT_SPAN = _Insert("spans", _SPAN_COLS)
_INSERT_INCIDENT = _Insert("incidents", _INCIDENT_COLS)
_INSERT_CLAIM = _Insert("claims", _CLAIM_COLS)
_SELECT_ARTICLE = f'SELECT {", ".join(chr(34) + c + chr(34) for c in _ARTICLE_COLS[:14])} FROM articles'

# filters: name -> (column, operator)
_EVENT_FILTERS = {
    "id": ("id", "="), "article_id": ("article_id", "="), "event_type": ("event_type", "="),
    "sub_event_type": ("sub_event_type", "="), "admin1": ("admin1", "="), "admin2": ("admin2", "="),
    "admin3": ("admin3", "="), "location": ("location", "="), "outlet": ("outlet", "="),
    "claimant": ("claimant", "="), "stance": ("stance", "="), "rule": ("rule", "="),
    "actor1": ("actor1", "="), "actor2": ("actor2", "="), "agreement": ("agreement", "="),
    "counted_in": ("counted_in", "="), "side1": ("side1", "="), "side2": ("side2", "="),
    "date_from": ("event_date", ">="), "date_to": ("event_date", "<="),
}
_STAT_FILTERS = {
    "id": ("id", "="), "article_id": ("article_id", "="), "admin1": ("admin1", "="),
    "admin2": ("admin2", "="), "admin3": ("admin3", "="), "location": ("location", "="),
    "outlet": ("outlet", "="), "claimant": ("claimant", "="), "rule": ("rule", "="),
    "actor1": ("actor1", "="), "actor2": ("actor2", "="), "agreement": ("agreement", "="),
    "date_from": ("coalesce(period_end, period_start)", ">="), "date_to": ("period_start", "<="),
}
_ARTICLE_FILTERS = {
    "id": ("id", "="), "doc_id": ("doc_id", "="), "url": ("url", "="), "outlet": ("outlet", "="),
    "language": ("language", "="), "source": ("source", "="),
    "date_from": ("published", ">="), "date_to": ("published", "<="),
}
_INCIDENT_FILTERS = {
    "id": ("id", "="), "admin1": ("admin1", "="), "sub_event_type": ("sub_event_type", "="),
    "event_type": ("event_type", "="), "date_from": ("coalesce(date_end, event_date)", ">="),
    "date_to": ("event_date", "<="),
}
_EVENT_ORDERS = {"date": "event_date IS NULL, event_date, id", "article": "article_id, rowid"}


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class BatchResult:
    """What one :meth:`Store.write_batch` did."""

    articles_new: int = 0        # articles not stored before
    articles_known: int = 0      # articles already stored (same content-derived id)
    articles_revised: int = 0    # stored articles replaced by a new version of the same url
    articles_changed: int = 0    # articles whose events/statistics were (re)written
    events: int = 0              # event rows written
    statistics: int = 0          # statistic rows written
    spans: int = 0               # span rows written
    # (article id, Reject) of the articles this backend cannot store (PostgreSQL: a NUL character,
    # E507), left out with their records while the rest of the batch is written
    rejected: tuple[tuple[str, Reject], ...] = ()


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def _date_arg(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def _chunks(seq: list[Any], n: int = _CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _where(filters: dict[str, Any], known: dict[str, tuple[str, str]], what: str,
           geo: bool = False) -> tuple[str, list[Any]]:
    """SQL WHERE clause and arguments for reader filters (None values are ignored)."""
    clauses: list[str] = []
    args: list[Any] = []
    for name, value in filters.items():
        if geo and name == "bbox":
            if value is not None:
                west, south, east, north = (float(x) for x in value)
                clauses.append("latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?")
                args += [south, north, west, east]
            continue
        if name not in known:
            names = sorted([*known, *(["bbox"] if geo else [])])
            raise TypeError(f"unknown {what} filter {name!r} (known: {', '.join(names)})")
        if value is None:
            continue
        col, op = known[name]
        col = col if "(" in col else f'"{col}"'
        if isinstance(value, (list, tuple, set, frozenset)) and op == "=":
            vals = sorted(_date_arg(v) for v in value)
            clauses.append(f"{col} IN ({', '.join('?' * len(vals))})" if vals else "1 = 0")
            args += vals
        else:
            clauses.append(f"{col} {op} ?")
            args.append(_date_arg(value))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def _actor_cols(a: Any) -> tuple[str, int | None]:
    return ("", None) if a is None else (a.name, a.inter)


def _place_cols(p: Any) -> tuple[Any, ...]:
    if p is None:
        return ("", None, None, "", "", "", None, "")
    return (p.name, p.latitude, p.longitude, p.admin1, p.admin2, p.admin3, p.geo_precision, p.gazetteer_id)


def _event_row(e: Event, rj: str) -> tuple[Any, ...]:
    a1, i1 = _actor_cols(e.actor1)
    a2, i2 = _actor_cols(e.actor2)
    loc, lat, lon, ad1, ad2, ad3, gp, gid = _place_cols(e.place)
    s = e.sentence
    return (e.id, e.article_id, e.event_type, e.sub_event_type, _iso(e.event_date), e.time_precision,
            a1, e.assoc_actor_1.name if e.assoc_actor_1 else "", i1,
            a2, e.assoc_actor_2.name if e.assoc_actor_2 else "", i2,
            loc, lat, lon, ad1, ad2, ad3, gp, gid,
            e.fatalities, e.injured, e.civilian_fatalities, e.child_fatalities, e.women_fatalities,
            e.displaced, e.claimant, e.outlet, e.stance, int(e.civilian_targeting),
            s.start, s.end, s.text, e.rule, e.notes, e.agreement, e.counted_in,
            e.actor1.side if e.actor1 else "", e.actor2.side if e.actor2 else "", rj)


def _stat_row(st: Statistic, rj: str) -> tuple[Any, ...]:
    a1, i1 = _actor_cols(st.actor1)
    a2, i2 = _actor_cols(st.actor2)
    loc, lat, lon, ad1, ad2, ad3, gp, gid = _place_cols(st.place)
    s = st.sentence
    return (st.id, st.article_id, _iso(st.period_start), _iso(st.period_end), st.time_precision,
            a1, i1, a2, i2, loc, lat, lon, ad1, ad2, ad3, gp, gid,
            st.breaches, st.fatalities, st.injured, st.civilian_fatalities, st.child_fatalities,
            st.women_fatalities, st.displaced, st.count, st.counted, st.claimant, st.outlet,
            s.start, s.end, s.text, st.rule, st.agreement, rj)


def _article_row(a: Article, run_id: int | None) -> tuple[Any, ...]:
    return (a.id, a.doc_id, a.url, a.outlet, a.byline, a.title, _iso(a.published), a.published_precision,
            a.language, a.source, a.source_line, a.segment, a.offset, a.text,
            hashlib.sha1(a.text.encode("utf-8")).hexdigest(), run_id, run_id)


def _article_from_row(r: tuple[Any, ...], text: str | None = None) -> Article:
    return Article(id=r[0], doc_id=r[1], url=r[2], outlet=r[3], byline=r[4], title=r[5],
                   published=dt.date.fromisoformat(r[6]) if r[6] else None, published_precision=r[7],
                   language=r[8], source=r[9], source_line=r[10], segment=r[11], offset=r[12],
                   text=r[13] if text is None else text)


def _settings_json(settings: Any) -> str:
    if settings is None:
        return "{}"
    if dataclasses.is_dataclass(settings) and not isinstance(settings, type):
        settings = dataclasses.asdict(settings)
    return json.dumps(settings, ensure_ascii=False, sort_keys=True, default=str)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    """An open Truceline database.  Use :meth:`open` (a context manager)."""

    def __init__(self, conn: Any, path: Path | str, readonly: bool, backend: Any = None) -> None:
        self._conn = conn            # sqlite3.Connection, or store_pg.PgConnection (same execute API)
        self._db = backend if backend is not None else _SQLite(conn)
        self.path = path             # the file, or the URL with its password hidden
        self.readonly = readonly

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._db.name

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> "Store":
        """Open (creating and migrating if needed) the database at ``path``: a SQLite file, or a
        ``postgresql://`` URL (``sqlite:///FILE`` is a file too).

        A file that is not SQLite, or not readable as SQLite, raises ``E501`` and is left as it was.
        ``readonly=True`` opens with ``mode=ro`` and applies no migration.
        """
        if isinstance(path, str) and is_database_url(path):
            kind, target = _url_kind(path)
            if kind == "postgresql":
                from truceline import store_pg

                conn, backend, where = store_pg.open_database(target, readonly=readonly)
                return cls(conn, where, readonly, backend)
            path = target
        path = Path(path)
        _check_sqlite_file(path)
        try:
            if readonly:
                conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
            else:
                conn = sqlite3.connect(str(path), isolation_level=None)
        except sqlite3.Error as exc:
            raise TrucelineError("E501", f"cannot open database: {exc}", source=str(path)) from None
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = _schema_version(conn, tables, path)
            if readonly:
                _check_readonly_version(version, path)
                conn.execute("PRAGMA query_only = ON")
            else:
                conn.execute("PRAGMA foreign_keys = ON")
                _migrate(conn, version, path)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
        except TrucelineError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise TrucelineError("E501", f"not a readable SQLite database: {exc}", source=str(path)) from None
        return cls(conn, path, readonly)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def data_version(self) -> int | None:
        """SQLite's ``PRAGMA data_version``: it changes when another connection commits to the
        file (this one's own commits leave it), so a long-lived writer sees another process's
        writes (truceline.ingestor).  None on PostgreSQL."""
        if self._db.name != "sqlite":
            return None
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    @property
    def schema_version(self) -> int:
        return self._conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0

    # ---------------------------------------------------------------- runs
    def begin_run(self, command: str, settings: Any = None) -> int:
        """Record the start of a run; returns its id."""
        with self._db.transaction():
            return self._db.insert_id("INSERT INTO runs (started, command, settings_json) VALUES (?, ?, ?)",
                                      (_now(), command, _settings_json(settings)))

    def finish_run(self, run_id: int, report: RunReport) -> None:
        """Record the end of a run and its counts (rejects themselves go through :meth:`add_rejects`)."""
        with self._db.transaction():
            cur = self._conn.execute(
                "UPDATE runs SET finished = ?, articles = ?, events = ?, statistics = ?, rejects = ?, "
                "skipped_duplicates = ?, fatal = ?, events_by_type_json = ? WHERE id = ?",
                (_now(), report.articles, report.events, report.statistics, len(report.rejects),
                 report.skipped_duplicates, report.fatal,
                 json.dumps(report.events_by_type, ensure_ascii=False, sort_keys=True), run_id))
            if cur.rowcount != 1:
                raise ValueError(f"finish_run: no run with id {run_id}")

    def add_rejects(self, run_id: int | None, rejects: Iterable[Reject]) -> int:
        """Store rejects of a run; returns how many."""
        rows = self._db.text_safe([(run_id, r.source, r.line, r.field, r.code, r.message) for r in rejects])
        if rows:
            with self._db.transaction():
                self._conn.executemany(
                    "INSERT INTO rejects (run_id, source, line, field, code, message) VALUES (?, ?, ?, ?, ?, ?)",
                    rows)
        return len(rows)

    def runs(self) -> list[dict[str, Any]]:
        """Every run as a dict (columns of ``runs``), oldest first."""
        cur = self._conn.execute("SELECT * FROM runs ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur]

    def iter_rejects(self, run_id: int | None = None) -> Iterator[tuple[int | None, Reject]]:
        """(run_id, Reject) pairs, optionally of one run."""
        sql = "SELECT run_id, source, line, field, code, message FROM rejects"
        args: tuple[Any, ...] = ()
        if run_id is not None:
            sql, args = sql + " WHERE run_id = ?", (run_id,)
        for r in self._conn.execute(sql + " ORDER BY rowid", args):
            yield r[0], Reject(source=r[1], line=r[2], field=r[3], code=r[4], message=r[5])

    # ---------------------------------------------------------------- writing
    def write_batch(self, articles: Iterable[Article], events: Iterable[Event] = (),
                    statistics: Iterable[Statistic] = (), run_id: int | None = None) -> BatchResult:
        """Write one batch in one transaction (see the module docstring for the rules)."""
        # serialize before the transaction: a record that cannot be serialized changes nothing
        enc = EncodedRecords()
        enc.add_records(events, statistics)
        return self.write_encoded(articles, enc, run_id=run_id)

    def write_encoded(self, articles: Iterable[Article], encoded: "EncodedRecords",
                      run_id: int | None = None) -> BatchResult:
        """:meth:`write_batch` with the events and statistics already encoded (:class:`EncodedRecords`,
        built where the records were made, e.g. in a worker process); the same rows result."""
        arts: dict[str, Article] = {}
        for a in articles:
            if not isinstance(a, Article):
                raise TypeError(f"write_batch: articles must be Article, got {type(a).__name__}")
            arts.setdefault(a.id, a)
        ev_json, st_json = encoded.events, encoded.statistics
        refused = self._db.refuse(arts.values())
        if refused:
            arts = {k: a for k, a in arts.items() if k not in refused}
            ev_json = {k: v for k, v in ev_json.items() if k not in refused}
            st_json = {k: v for k, v in st_json.items() if k not in refused}
        touched = list(dict.fromkeys([*arts, *ev_json, *st_json]))

        conn, db = self._conn, self._db
        with db.transaction():
            stored = self._existing_ids(list(arts))
            new = [a for a in arts.values() if a.id not in stored]
            revised = 0
            for a in new:
                if a.url:
                    revised += self._supersede(a, set(arts), run_id)
            db.insert_many(_INSERT_ARTICLE, [_article_row(a, run_id) for a in new])

            outside = [aid for aid in touched if aid not in arts]
            if outside:
                missing = set(outside) - self._existing_ids(outside)
                if missing:
                    raise TrucelineError("E504", "events/statistics of unknown article(s) "
                                                 f"{', '.join(sorted(missing)[:5])}: pass the articles in the batch",
                                         source=str(self.path))
            old = self._signatures(touched)
            changed = [aid for aid in touched
                       if ([r[2] for r in ev_json.get(aid, ())], [r[2] for r in st_json.get(aid, ())])
                       != old.get(aid, ([], []))]
            n_ev = n_st = n_sp = 0
            if changed:
                for chunk in _chunks(changed):
                    marks = ", ".join("?" * len(chunk))
                    conn.execute(f"DELETE FROM incident_members WHERE article_id IN ({marks})", chunk)
                    conn.execute(f"DELETE FROM spans WHERE article_id IN ({marks})", chunk)
                    conn.execute(f"DELETE FROM events WHERE article_id IN ({marks})", chunk)
                    conn.execute(f"DELETE FROM statistics WHERE article_id IN ({marks})", chunk)
                ev_rows, st_rows, sp_rows = [], [], []
                for aid in changed:
                    for *_, row, spans in ev_json.get(aid, ()):
                        ev_rows.append(row)
                        sp_rows += spans
                    for *_, row, spans in st_json.get(aid, ()):
                        st_rows.append(row)
                        sp_rows += spans
                try:
                    db.insert_many(_INSERT_EVENT, ev_rows)
                    db.insert_many(_INSERT_STAT, st_rows)
                    db.insert_many(_INSERT_SPAN, sp_rows)
                except db.IntegrityError as exc:
                    raise TrucelineError("E504", f"batch not written: {exc} (an id of another article?)",
                                         source=str(self.path)) from None
                n_ev, n_st, n_sp = len(ev_rows), len(st_rows), len(sp_rows)
                if run_id is not None:
                    known = [aid for aid in changed if aid in stored or aid not in arts]
                    for chunk in _chunks(known):
                        conn.execute(f"UPDATE articles SET last_seen = ? WHERE id IN ({', '.join('?' * len(chunk))})",
                                     [run_id, *chunk])
        return BatchResult(articles_new=len(new), articles_known=len(arts) - len(new), articles_revised=revised,
                           articles_changed=len(changed), events=n_ev, statistics=n_st, spans=n_sp,
                           rejected=tuple(refused.items()))

    def _existing_ids(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids):
            found.update(r[0] for r in self._conn.execute(
                f"SELECT id FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    def _signatures(self, ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
        out: dict[str, tuple[list[str], list[str]]] = {}
        for chunk in _chunks(ids):
            marks = ", ".join("?" * len(chunk))
            for table, k in (("events", 0), ("statistics", 1)):
                for aid, rj in self._conn.execute(
                        f"SELECT article_id, record_json FROM {table} WHERE article_id IN ({marks}) "
                        "ORDER BY article_id, rowid", chunk):
                    out.setdefault(aid, ([], []))[k].append(rj)
        return out

    def _supersede(self, a: Article, batch_ids: set[str], run_id: int | None) -> int:
        """Move stored articles that ``a`` revises (same url and segment) to article_history."""
        conn = self._conn
        n = 0
        rows = conn.execute("SELECT id, title, published, text, content_sha1, first_seen FROM articles "
                            "WHERE url = ? AND segment = ? AND id != ?", (a.url, a.segment, a.id)).fetchall()
        for oid, title, published, text, sha, first_seen in rows:
            if oid in batch_ids or (run_id is not None and first_seen == run_id):
                continue  # a sibling written by this batch or this run, not an older version
            conn.execute(self._db.insert_or_ignore("article_history", _HISTORY_COLS),
                         (a.url, a.segment, oid, a.id, title, published, text, sha, run_id))
            conn.execute("DELETE FROM incident_members WHERE article_id = ?", (oid,))
            conn.execute("DELETE FROM spans WHERE article_id = ?", (oid,))
            conn.execute("DELETE FROM events WHERE article_id = ?", (oid,))
            conn.execute("DELETE FROM statistics WHERE article_id = ?", (oid,))
            conn.execute("DELETE FROM articles WHERE id = ?", (oid,))
            log.info("article %s (%s) revised: old version %s moved to article_history", a.id, a.url, oid)
            n += 1
        return n

    # ---------------------------------------------------------------- reading
    def has_article(self, article_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def get_article(self, article_id: str) -> Article | None:
        r = self._conn.execute(_SELECT_ARTICLE + " WHERE id = ?", (article_id,)).fetchone()
        return None if r is None else _article_from_row(r)

    def iter_articles(self, *, with_text: bool = True, **filters: Any) -> Iterator[Article]:
        """Stored articles ordered by (doc_id, offset, id); ``with_text=False`` leaves ``text`` empty.

        Filters: id, doc_id, url, outlet, language, source (value or collection), date_from,
        date_to (on ``published``).
        """
        where, args = _where(filters, _ARTICLE_FILTERS, "article")
        cols = _SELECT_ARTICLE if with_text else _SELECT_ARTICLE.replace('"text"', "''")
        rows = self._db.stream(cols + where + ' ORDER BY doc_id, "offset", id', args, 256)
        return (_article_from_row(r) for r in rows)

    def iter_events(self, *, order: str = "date", limit: int | None = None, **filters: Any) -> Iterator[Event]:
        """Stored events rebuilt from ``record_json``.

        Filters: id, article_id, event_type, sub_event_type, admin1..3, location, outlet, claimant,
        stance, rule, actor1, actor2 (a value or a collection of values), date_from, date_to
        (inclusive, on ``event_date``), bbox=(west, south, east, north).  ``order``: ``"date"``
        (event_date, undated last, then id) or ``"article"`` (article id, then the order written).
        """
        if order not in _EVENT_ORDERS:
            raise ValueError(f"iter_events: order must be one of {', '.join(_EVENT_ORDERS)}, got {order!r}")
        where, args = _where(filters, _EVENT_FILTERS, "event", geo=True)
        sql = f"SELECT record_json FROM events{where} ORDER BY {_EVENT_ORDERS[order]}"
        return self._iter_records(sql, args, limit, Event)

    def iter_statistics(self, *, limit: int | None = None, **filters: Any) -> Iterator[Statistic]:
        """Stored statistics, ordered by (article_id, order written).

        Filters: id, article_id, admin1..3, location, outlet, claimant, rule, actor1, actor2,
        date_from / date_to (period overlaps), bbox.
        """
        where, args = _where(filters, _STAT_FILTERS, "statistic", geo=True)
        sql = f"SELECT record_json FROM statistics{where} ORDER BY article_id, rowid"
        return self._iter_records(sql, args, limit, Statistic)

    def _iter_records(self, sql: str, args: list[Any], limit: int | None, cls: type) -> Iterator[Any]:
        if limit is not None:
            sql += " LIMIT ?"
            args = [*args, int(limit)]
        rows = self._db.stream(sql, args, 512)
        loads = json.loads
        return (from_dict(cls, loads(rj)) for (rj,) in rows)

    def iter_article_history(self, url: str | None = None) -> Iterator[dict[str, Any]]:
        """Old versions of revised articles (dicts of ``article_history`` columns)."""
        sql, args = "SELECT * FROM article_history", ()
        if url is not None:
            sql, args = sql + " WHERE url = ?", (url,)
        # NULLs first, as SQLite sorts them (PostgreSQL puts them last)
        cur = self._conn.execute(sql + " ORDER BY url, segment, replaced_at IS NOT NULL, replaced_at, article_id", args)
        names = [d[0] for d in cur.description]
        for r in cur:
            yield dict(zip(names, r))

    def iter_evidence_sentences(self) -> Iterator[tuple[str, int, int, str]]:
        """Distinct evidence sentences of the stored events and statistics: ``(article_id, start,
        end, text)`` with article offsets, ordered by article and start.  A sentence several records
        share comes once."""
        sql = ("SELECT article_id, sentence_start, sentence_end, evidence FROM events "
               "WHERE sentence_start IS NOT NULL AND sentence_end > sentence_start "
               "UNION SELECT article_id, sentence_start, sentence_end, evidence FROM statistics "
               "WHERE sentence_start IS NOT NULL AND sentence_end > sentence_start "
               "ORDER BY 1, 2, 3")
        return self._db.stream(sql, [], 1024)  # type: ignore[return-value]

    def record_counts_by_article(self) -> dict[str, tuple[int, int]]:
        """Article id -> (events, statistics) stored for it (articles without records are left out)."""
        out: dict[str, list[int]] = {}
        for i, table in enumerate(("events", "statistics")):
            for aid, n in self._conn.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"):
                out.setdefault(aid, [0, 0])[i] = n
        return {k: (v[0], v[1]) for k, v in out.items()}

    def counts(self) -> dict[str, int]:
        """Row counts of the store's tables."""
        return {t: self._conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "article_history", "events", "statistics", "spans", "rejects", "runs",
                          "incidents", "incident_members", "claims")}

    # ---------------------------------------------------------------- incidents (docs/linking.md)
    def unlinked_events(self) -> Iterator[Event]:
        """Stored events that are in no incident yet (new since the last linking), by date."""
        sql = ("SELECT e.record_json FROM events e LEFT JOIN incident_members m ON m.event_id = e.id "
               "WHERE m.event_id IS NULL ORDER BY e.event_date IS NULL, e.event_date, e.id")
        return self._iter_records(sql, [], None, Event)

    def stale_incidents(self) -> list[str]:
        """Incidents that lost a member (its article was re-extracted, revised or removed)."""
        sql = ("SELECT i.id FROM incidents i LEFT JOIN (SELECT incident_id, count(*) AS n FROM incident_members "
               "GROUP BY incident_id) m ON m.incident_id = i.id WHERE coalesce(m.n, 0) != i.n_members "
               "UNION SELECT m.incident_id FROM incident_members m LEFT JOIN events e ON e.id = m.event_id "
               "WHERE e.id IS NULL ORDER BY 1")
        return [r[0] for r in self._conn.execute(sql)]

    def delete_incidents(self, ids: Iterable[str]) -> int:
        """Remove incidents (their members and claims go with them); their events become unlinked."""
        ids = list(ids)
        with self._db.transaction():
            for chunk in _chunks(ids):
                marks = ", ".join("?" * len(chunk))
                self._conn.execute(f"DELETE FROM incident_members WHERE incident_id IN ({marks})", chunk)
                self._conn.execute(f"DELETE FROM claims WHERE incident_id IN ({marks})", chunk)
                self._conn.execute(f"DELETE FROM incidents WHERE id IN ({marks})", chunk)
        return len(ids)

    def incidents_near(self, date_from: dt.date | None, date_to: dt.date | None, window_days: int,
                       undated: bool = True, admin1: Iterable[str] = ()) -> Iterator["Incident"]:
        """Incidents whose dates come within ``window_days`` of [date_from, date_to], (with
        ``undated``) the undated ones, and every one in ``admin1`` (governorates of undated new
        events): the incidents new events can join."""
        from truceline.model import Incident

        clauses: list[str] = []
        args: list[Any] = []
        adm = sorted(set(admin1))
        if adm:
            clauses.append(f"admin1 IN ({', '.join('?' * len(adm))})")
            args += adm
        if date_from is not None and date_to is not None:
            # an incident's dates fit one window (truceline.link.incidents.incident_fit), so its
            # first date is at most two windows before date_from: the index on event_date applies
            clauses.append("(event_date BETWEEN ? AND ? AND coalesce(date_end, event_date) >= ?)")
            args += [(date_from - dt.timedelta(days=2 * window_days)).isoformat(),
                     (date_to + dt.timedelta(days=window_days)).isoformat(),
                     (date_from - dt.timedelta(days=window_days)).isoformat()]
        if undated:
            clauses.append("event_date IS NULL")
        if not clauses:
            return iter(())
        sql = f"SELECT record_json FROM incidents WHERE {' OR '.join(clauses)} ORDER BY id"
        return self._iter_records(sql, args, None, Incident)

    def write_incidents(self, incidents: Iterable["Incident"]) -> int:
        """Insert or replace incidents with their members and claims, in one transaction."""
        inc_rows, mem_rows, claim_rows, ids = [], [], [], []
        for inc in incidents:
            ids.append(inc.id)
            inc_rows.append((inc.id, inc.event_type, inc.sub_event_type, _iso(inc.event_date), _iso(inc.date_end),
                             inc.time_precision, inc.location, inc.latitude, inc.longitude, inc.admin1,
                             inc.geo_precision, inc.actor1, inc.actor2, inc.fatalities_low, inc.fatalities_best,
                             inc.fatalities_high, inc.fatalities_acled, inc.n_claims, inc.n_sources,
                             len(inc.links), inc.opposite_alignments,
                             ", ".join(dict.fromkeys(x.kind for x in inc.contradictions)), dumps(inc)))
            for k, ln in enumerate(inc.links):
                mem_rows.append((ln.event_id, inc.id, ln.article_id, k, ln.linked_to, ln.distance_km,
                                 ln.date_gap_days, ln.place_rule, ln.date_rule, ln.type_rule, ln.actor_rule, ln.why))
            for k, c in enumerate(inc.claims):
                claim_rows.append((inc.id, k, c.event_id, c.article_id, c.claimant, c.outlet, c.alignment,
                                   _iso(c.published), _iso(c.event_date), c.fatalities, c.actor1, c.stance,
                                   c.evidence))
        conn, db = self._conn, self._db
        with db.transaction():
            for chunk in _chunks(ids):
                marks = ", ".join("?" * len(chunk))
                conn.execute(f"DELETE FROM incident_members WHERE incident_id IN ({marks})", chunk)
                conn.execute(f"DELETE FROM claims WHERE incident_id IN ({marks})", chunk)
                conn.execute(f"DELETE FROM incidents WHERE id IN ({marks})", chunk)
            db.insert_many(_INSERT_INCIDENT, inc_rows)
            # a repeated mention merged into a claim has a member row but no claim row of its own
            conn.executemany(db.insert_or_replace("incident_members", _MEMBER_COLS, ("event_id",)), mem_rows)
            db.insert_many(_INSERT_CLAIM, claim_rows)
        return len(ids)

    def iter_incidents(self, *, limit: int | None = None, **filters: Any) -> Iterator["Incident"]:
        """Stored incidents by date (undated last), rebuilt from ``record_json``.

        Filters: id, admin1, sub_event_type, event_type (a value or a collection), date_from, date_to.
        """
        from truceline.model import Incident

        where, args = _where(filters, _INCIDENT_FILTERS, "incident")
        sql = f"SELECT record_json FROM incidents{where} ORDER BY event_date IS NULL, event_date, id"
        return self._iter_records(sql, args, limit, Incident)

    def incident_of_event(self, event_id: str) -> str | None:
        r = self._conn.execute("SELECT incident_id FROM incident_members WHERE event_id = ?", (event_id,)).fetchone()
        return r[0] if r else None

    def select(self, sql: str, args: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of one read-only SELECT over this store's tables (for readers such as
        :mod:`truceline.ceasefire` that need a few columns of many rows without rebuilding records)."""
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise TrucelineError("E505", "Store.select runs SELECT statements only")
        return self._db.stream(sql, list(args), 2000)

    def iterdump(self) -> Iterator[str]:
        """SQL text of the whole database (``sqlite3.Connection.iterdump``; on PostgreSQL the
        schema's tables, rows and indexes, in a stable order: truceline.store_pg.PgBackend.dump)."""
        return self._db.dump()


# -------------------------------------------------------------------- helpers
class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any exception."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _fetch(cur: sqlite3.Cursor, n: int) -> Iterator[tuple[Any, ...]]:
    while rows := cur.fetchmany(n):
        yield from rows


class _SQLite:
    """The SQLite side of the few things the dialects do differently (truceline/store_pg.py has
    the PostgreSQL side): transactions, streamed reads, bulk inserts, upserts, dumps."""

    name = "sqlite"
    IntegrityError = sqlite3.IntegrityError
    Error = sqlite3.Error

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def transaction(self) -> _transaction:
        return _transaction(self.conn)

    def stream(self, sql: str, args: Iterable[Any], n: int) -> Iterator[tuple[Any, ...]]:
        return _fetch(self.conn.execute(sql, args), n)

    def insert_many(self, ins: _Insert, rows: list[tuple[Any, ...]]) -> None:
        self.conn.executemany(ins.sql, rows)

    def refuse(self, articles: Iterable[Article]) -> dict[str, Reject]:
        return {}  # SQLite stores any text

    def text_safe(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return rows

    def insert_id(self, sql: str, args: Iterable[Any]) -> int:
        return int(self.conn.execute(sql, tuple(args)).lastrowid)  # type: ignore[arg-type]

    def insert_or_ignore(self, table: str, cols: tuple[str, ...]) -> str:
        return "INSERT OR IGNORE" + _insert_sql(table, cols)[len("INSERT"):]

    def insert_or_replace(self, table: str, cols: tuple[str, ...], key: tuple[str, ...]) -> str:
        return "INSERT OR REPLACE" + _insert_sql(table, cols)[len("INSERT"):]

    def columns(self, table: str) -> list[str]:
        return [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]

    def dump(self) -> Iterator[str]:
        return self.conn.iterdump()


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_database_url(db: str | Path) -> bool:
    """Whether ``db`` is a URL (``postgresql://...``, ``sqlite:///...``) rather than a file path."""
    return isinstance(db, str) and _URL.match(db) is not None


def _url_kind(url: str) -> tuple[str, Any]:
    """``("postgresql", url)`` or ``("sqlite", Path)`` for a SQLAlchemy URL; E501 for another kind."""
    scheme = url.split("://", 1)[0].lower()
    backend = scheme.split("+", 1)[0]
    if backend in ("postgresql", "postgres"):
        return "postgresql", url
    if backend == "sqlite":
        from truceline.store_pg import _url

        database = _url(url).database
        if not database or database == ":memory:":
            raise TrucelineError("E501", "a sqlite:/// URL must name a file", source=url)
        return "sqlite", Path(database)
    from truceline.store_pg import display_url

    raise TrucelineError("E501", f"unsupported database URL scheme {scheme!r}: give a SQLite file or a "
                                 "postgresql:// URL", source=display_url(url))


def require_sqlite(db: str | Path, what: str) -> None:
    """E506 when ``db`` is a PostgreSQL URL and ``what`` (a command or feature) reads SQLite files only."""
    if is_database_url(db) and _url_kind(str(db))[0] == "postgresql":
        from truceline.store_pg import display_url

        raise TrucelineError("E506", f"{what} works on SQLite files only, not on PostgreSQL (run, ingest, link, "
                                     "export, incidents, ceasefire and outlets do; docs/store.md#postgresql)",
                             source=display_url(str(db)))


EncodedRecord = tuple  # (article_id, id, record_json, table row, span rows): plain data, cheap to pickle


def encode_event(e: Event) -> EncodedRecord:
    """An event as the store writes it (``dumps`` once; the row and span rows reuse it)."""
    j = dumps(e)
    return (e.article_id, e.id, j, _event_row(e, j), _span_rows(e, "event"))


def encode_statistic(st: Statistic) -> EncodedRecord:
    j = dumps(st)
    return (st.article_id, st.id, j, _stat_row(st, j), _span_rows(st, "statistic"))


class EncodedRecords:
    """Events and statistics of a batch, encoded for the store and grouped by article (in order).

    A record whose id was already added is dropped (E505 logged if its content differs): the
    first one is kept, as :meth:`Store.write_batch` always did.  Adding the encodings of several
    chunks in input order gives exactly what encoding the whole batch at once gives.
    """

    __slots__ = ("events", "statistics", "_seen")

    def __init__(self) -> None:
        self.events: dict[str, list[EncodedRecord]] = {}
        self.statistics: dict[str, list[EncodedRecord]] = {}
        self._seen: tuple[dict[str, str], dict[str, str]] = ({}, {})

    def add_records(self, events: Iterable[Event] = (), statistics: Iterable[Statistic] = ()) -> None:
        for e in events:
            if not isinstance(e, Event):
                raise TypeError(f"write_batch: events must be Event, got {type(e).__name__}")
            self.add_encoded((encode_event(e),), ())
        for st in statistics:
            if not isinstance(st, Statistic):
                raise TypeError(f"write_batch: statistics must be Statistic, got {type(st).__name__}")
            self.add_encoded((), (encode_statistic(st),))

    def add_encoded(self, events: Iterable[EncodedRecord] = (), statistics: Iterable[EncodedRecord] = ()) -> None:
        for k, (items, into, what) in enumerate(((events, self.events, "event"),
                                                 (statistics, self.statistics, "statistic"))):
            seen = self._seen[k]
            for rec in items:
                aid, rid, j = rec[0], rec[1], rec[2]
                prev = seen.get(rid)
                if prev is not None:
                    if prev != j:
                        log.warning("E505 duplicate %s id %s in one batch (article %s): kept the first",
                                    what, rid, aid)
                    continue
                seen[rid] = j
                lst = into.get(aid)
                if lst is None:
                    into[aid] = [rec]
                else:
                    lst.append(rec)


def _span_rows(rec: Event | Statistic, kind: str) -> list[tuple[Any, ...]]:
    return [(rec.id, i, kind, rec.article_id, name, ev.start, ev.end, ev.text, ev.source)
            for i, (name, ev) in enumerate(rec.spans)]


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise TrucelineError("E501", "is a directory, not a database file", source=str(path))
    if not path.exists():
        if not path.parent.is_dir():
            raise TrucelineError("E501", f"cannot create database: folder {path.parent} does not exist",
                                 source=str(path))
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise TrucelineError("E501", f"cannot read database: {exc.strerror}", source=str(path)) from None
    if head and head != _SQLITE_MAGIC:
        raise TrucelineError("E501", "not a SQLite database (refusing to touch it)", source=str(path))


def _schema_version(conn: Any, tables: set[str], path: Path | str, kind: str = "SQLite") -> int:
    if "schema_version" not in tables:
        clash = sorted(tables & _OWN_TABLES)
        if clash:
            raise TrucelineError("E501", f"{kind} database of another program (has {', '.join(clash)} "
                                         "but no schema_version): refusing to touch it", source=str(path))
        return 0
    version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
    if version > _latest():
        raise TrucelineError("E502", f"schema version {version} is newer than this Truceline "
                                     f"({_latest()}): upgrade Truceline", source=str(path))
    return version


def _latest() -> int:
    return max(v for v, _ in MIGRATIONS)


def _check_readonly_version(version: int, path: Path | str) -> None:
    if version == 0:
        raise TrucelineError("E501", "not a Truceline database (no schema_version table)", source=str(path))
    if version != _latest():
        raise TrucelineError("E502", f"schema version {version}, this Truceline needs "
                                     f"{_latest()}: open it once read-write to upgrade", source=str(path))


def _migrate(conn: sqlite3.Connection, version: int, path: Path) -> None:
    pending = [(v, sql) for v, sql in MIGRATIONS if v > version]
    if not pending:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
        for v, sql in pending:
            for stmt in _statements(sql):
                conn.execute(stmt)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (v,))
            log.info("%s: applied schema migration %d", path, v)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(sql: str) -> Iterator[str]:
    """Split a migration script into statements (``sqlite3.complete_statement`` aware)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()
