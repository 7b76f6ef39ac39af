"""PostgreSQL side of the store (:mod:`truceline.store`): the same tables, columns, indexes and
migrations as the SQLite file, for a team sharing one server.

:meth:`truceline.store.Store.open` gives a ``postgresql://`` URL (any SQLAlchemy URL of the
``postgresql`` backend: ``postgresql+psycopg://user:pw@host:5432/db``, ``?host=/run/postgresql``
for a unix socket, ``?options=-csearch_path%3Dteam`` for a schema) to :func:`open_database`,
which connects with psycopg 3 and returns a connection adapter plus the backend object the store
calls for the few things that differ between the dialects:

- **SQL text.** The store writes SQLite's ``?`` placeholders; :func:`pg_sql` turns them into
  psycopg's ``%s`` (quotes and comments respected, ``%`` doubled).  :class:`PgConnection` does
  it on every ``execute``, so store code, readers that use ``Store.select`` (the ceasefire
  report) and tests run the same SQL on both backends.
- **DDL.** :func:`pg_ddl` translates each migration statement: ``TEXT`` -> ``TEXT COLLATE "C"``
  (byte order, as SQLite compares, whatever the database's locale), ``INTEGER`` -> ``BIGINT``
  (SQLite integers are 64-bit), ``REAL`` -> ``DOUBLE PRECISION``, ``INTEGER PRIMARY KEY`` ->
  an identity column, ``WITHOUT ROWID`` dropped; the tables the store reads in written order
  (:data:`ROWID_TABLES`) get the ``rowid`` column SQLite gives every table, as an identity.  A
  migration using SQLite's own functions (``json_extract``, ``instr``...) is refused with the
  reason unless :data:`truceline.store.PG_MIGRATIONS` gives its PostgreSQL text.
- **Upserts.** ``INSERT OR IGNORE`` -> ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` ->
  ``ON CONFLICT (key) DO UPDATE``.
- **Bulk inserts** go through ``COPY``; ``executemany`` is pipelined by psycopg.
- **Transactions.** SQLite's ``BEGIN IMMEDIATE`` makes writers wait for each other; here each
  write transaction takes a transaction-level advisory lock on the schema first, so two
  ``truceline ingest`` into one database still write one batch at a time (readers never wait).
  Migrations run in one transaction too (PostgreSQL DDL is transactional).
- **Reading** streams through server-side cursors (``WITH HOLD``: other statements may run
  on the connection while a reader is being iterated), ``itersize`` rows at a time.

Read-only opening sets ``default_transaction_read_only``.  Connection problems are ``E501``
naming the URL with its password hidden.  The gazetteer's ``gaz_*`` tables and ``truceline
serve`` stay SQLite-only (``E506``; docs/store.md#postgresql).
"""
from __future__ import annotations

import contextlib
import functools
import importlib
import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from truceline.errors import TrucelineError

log = logging.getLogger(__name__)

__all__ = ["open_database", "connect_args", "display_url", "pg_sql", "pg_ddl", "ROWID_TABLES", "PgConnection",
           "PgBackend"]

# the tables whose readers order by SQLite's implicit rowid (events and statistics "in the order
# written", rejects): on PostgreSQL they carry it as a column
ROWID_TABLES = frozenset({"events", "statistics", "rejects"})
_ARTICLE_TEXT_FIELDS = ("text", "title", "byline", "url", "outlet", "doc_id", "source", "segment", "id", "language",
                        "published_precision")
_LOCK_KEY = 0x7472  # first key of the writers' advisory lock; the second is the schema's hash

_BACKENDS = ("postgresql", "postgres")


def _url(url: str) -> Any:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise TrucelineError("E501", f"not a database URL: {exc}", source=_mask(url)) from None


def _mask(url: str) -> str:
    """The URL with any password replaced (for messages, before it could be parsed)."""
    return re.sub(r"(://[^:/@?#]*:)[^@/?#]*@", r"\1***@", url)


def display_url(url: str) -> str:
    """``url`` with the password hidden, as messages and ``Store.path`` show it."""
    try:
        return _url(url).render_as_string(hide_password=True)
    except TrucelineError:
        return _mask(url)


def connect_args(url: str) -> dict[str, Any]:
    """psycopg ``connect()`` keywords of a SQLAlchemy PostgreSQL URL (query parameters such as
    ``host``, ``sslmode``, ``options`` are passed on as libpq parameters)."""
    u = _url(url)
    if u.get_backend_name() not in _BACKENDS:
        raise TrucelineError("E501", f"not a PostgreSQL URL (backend {u.get_backend_name()!r})", source=display_url(url))
    kw: dict[str, Any] = {}
    for ours, theirs in (("host", u.host), ("port", u.port), ("user", u.username), ("password", u.password),
                         ("dbname", u.database)):
        if theirs not in (None, ""):
            kw[ours] = theirs
    for k, v in u.query.items():
        if isinstance(v, tuple):
            if k != "host":
                raise TrucelineError("E501", f"query parameter {k!r} given more than once", source=display_url(url))
            v = ",".join(v)  # libpq takes several hosts as a comma-separated list
        kw[k] = v
    return kw


# ------------------------------------------------------------------------------ SQL text
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|\?|%")


@functools.lru_cache(maxsize=2048)
def pg_sql(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s``; ``%`` doubled (psycopg reads ``%`` anywhere)."""
    def sub(m: re.Match[str]) -> str:
        t = m.group(0)
        if t == "?":
            return "%s"
        if t == "%":
            return "%%"
        return t.replace("%", "%%")
    return _TOKENS.sub(sub, sql)


# functions and statements PostgreSQL does not have (or means otherwise): a migration using them
# needs its PostgreSQL text in truceline.store.PG_MIGRATIONS
_SQLITE_ONLY = re.compile(r"\b(json_extract|json_each|json_tree|instr|ifnull|group_concat|strftime|julianday|"
                          r"datetime|printf|glob|typeof|total|zeroblob|randomblob|last_insert_rowid|changes)\s*\(|"
                          r"\bINSERT\s+OR\b|\bREPLACE\s+INTO\b|\bPRAGMA\b|\bVACUUM\b|\bATTACH\b|\bINDEXED\s+BY\b|"
                          r"\bCREATE\s+VIRTUAL\b", re.I)
_CREATE_TABLE = re.compile(r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)\"?\s*\(", re.I)


def pg_ddl(stmt: str, version: int | None = None) -> str:
    """One migration statement in PostgreSQL's dialect (see the module docstring).  Type names
    are matched in upper case, as the store's DDL writes them (a column may be named ``text``)."""
    bad = _SQLITE_ONLY.search(_strip_literals(stmt))
    if bad:
        raise TrucelineError("E502", f"migration {version}: {bad.group(0).strip()}... is SQLite-only SQL: give the "
                                     "PostgreSQL text of this migration in truceline.store.PG_MIGRATIONS")
    out = re.sub(r"\)\s*WITHOUT\s+ROWID\s*;?\s*$", ")", stmt.rstrip().rstrip(";"), flags=re.I)
    out = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?\b",
                 "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", out)
    out = re.sub(r"\bINTEGER\b", "BIGINT", out)
    out = re.sub(r"\bREAL\b", "DOUBLE PRECISION", out)
    out = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', out)
    out = re.sub(r"\bBLOB\b", "BYTEA", out)
    m = _CREATE_TABLE.match(out)
    if m and m.group(1) in ROWID_TABLES:
        out = out[:m.end()] + "\n    rowid BIGINT GENERATED ALWAYS AS IDENTITY," + out[m.end():]
    return out


def _strip_literals(sql: str) -> str:
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


# ------------------------------------------------------------------------------ connection
class PgConnection:
    """A psycopg connection that takes the store's SQLite-style SQL (``?`` placeholders):
    ``execute`` returns the psycopg cursor (``fetchone``, ``fetchall``, iteration, ``description``)."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        return self.raw.execute(pg_sql(sql), list(args))

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> Any:
        cur = self.raw.cursor()
        cur.executemany(pg_sql(sql), rows)
        return cur

    def close(self) -> None:
        self.raw.close()


_cursor_ids = itertools.count(1)


class _Rows:
    """Rows of a server-side cursor, ``n`` per round trip; closes the cursor when done or dropped."""

    __slots__ = ("cur", "n", "buf")

    def __init__(self, cur: Any, n: int) -> None:
        self.cur, self.n, self.buf = cur, n, iter(())

    def __iter__(self) -> "_Rows":
        return self

    def __next__(self) -> tuple[Any, ...]:
        for row in self.buf:
            return row
        if self.cur is None:
            raise StopIteration
        rows = self.cur.fetchmany(self.n)
        if not rows:
            self.close()
            raise StopIteration
        self.buf = iter(rows)
        return next(self.buf)

    def close(self) -> None:
        cur, self.cur = self.cur, None
        if cur is not None and not cur.closed and not cur.connection.closed:
            cur.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


class PgBackend:
    """What :class:`truceline.store.Store` asks of its backend, for PostgreSQL."""

    name = "postgresql"

    def __init__(self, conn: PgConnection, where: str, readonly: bool = False) -> None:
        import psycopg

        self.conn, self.where, self.readonly = conn, where, readonly
        self.IntegrityError = psycopg.IntegrityError
        self.Error = psycopg.Error

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, after the writers' lock on this schema (ROLLBACK on any error)."""
        if self.readonly:  # as SQLite's BEGIN IMMEDIATE fails on a read-only connection, even before any write
            import psycopg

            raise psycopg.errors.ReadOnlySqlTransaction(f"{self.where}: the store was opened read-only")
        raw = self.conn.raw
        with raw.transaction():
            raw.execute("SELECT pg_advisory_xact_lock(%s, hashtext(coalesce(current_schema(), '')))", [_LOCK_KEY])
            yield

    def stream(self, sql: str, args: Iterable[Any], n: int) -> Iterator[tuple[Any, ...]]:
        cur = self.conn.raw.cursor(name=f"truceline_{next(_cursor_ids)}", withhold=True)
        cur.itersize = n
        try:
            cur.execute(pg_sql(sql), list(args))
        except BaseException:
            cur.close()
            raise
        return _Rows(cur, n)

    def insert_many(self, ins: Any, rows: list[tuple[Any, ...]]) -> None:
        """Rows of a plain INSERT (``truceline.store._Insert``: table and columns) through COPY."""
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in ins.cols)
        with self.conn.raw.cursor() as cur, cur.copy(f"COPY {ins.table} ({names}) FROM STDIN") as cp:
            for r in rows:
                cp.write_row(r)

    def refuse(self, articles: Iterable[Any]) -> dict[str, Any]:
        """Article id -> Reject (E507) for the articles holding a NUL character, which PostgreSQL
        text cannot hold (SQLite stores them): they are left out, the rest of the batch is written."""
        from truceline.model import Reject

        out: dict[str, Any] = {}
        for a in articles:
            for name in _ARTICLE_TEXT_FIELDS:
                v = getattr(a, name)
                if isinstance(v, str) and "\x00" in v:
                    log.info("E507 %s:%s article %s: NUL character in %s: not stored", a.source, a.source_line,
                             a.id, name)
                    out[a.id] = Reject(source=a.source, line=a.source_line, field=name, code="E507",
                                       message="NUL character (U+0000): PostgreSQL text cannot hold it; "
                                               "article not stored")
                    break
        return out

    def text_safe(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Rows of diagnostics (rejects) with any NUL shown as U+FFFD, which PostgreSQL can hold."""
        return [tuple(x.replace("\x00", "\ufffd") if isinstance(x, str) else x for x in r) for r in rows]

    def insert_id(self, sql: str, args: Iterable[Any]) -> int:
        return int(self.conn.execute(sql + " RETURNING id", args).fetchone()[0])

    def insert_or_ignore(self, table: str, cols: tuple[str, ...]) -> str:
        return _insert(table, cols) + " ON CONFLICT DO NOTHING"

    def insert_or_replace(self, table: str, cols: tuple[str, ...], key: tuple[str, ...]) -> str:
        sets = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c not in key)
        return _insert(table, cols) + f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets}"

    def tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position", [table])]

    def migrate(self, version: int) -> None:
        """Apply the pending migrations in one transaction (under the writers' lock, the version
        read again inside it: two processes opening a new database at once migrate it once)."""
        store = importlib.import_module("truceline.store")
        if not [v for v, _ in store.MIGRATIONS if v > version]:
            return
        with self.transaction():
            version = store._schema_version(self.conn, self.tables(), self.where, "PostgreSQL")
            pending = [(v, sql) for v, sql in store.MIGRATIONS if v > version]
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY)")
            for v, sql in pending:
                for stmt in store._statements(store.PG_MIGRATIONS.get(v, sql)):
                    self.conn.execute(pg_ddl(stmt, v))
                self.conn.execute("INSERT INTO schema_version (version) VALUES (?)", (v,))
                log.info("%s: applied schema migration %d", self.where, v)

    def dump(self) -> Iterator[str]:
        """SQL text of this schema's tables and rows (rows in rowid order where a table has one,
        else by primary key; the rowid values themselves left out, as SQLite's iterdump does)."""
        schema = self.conn.execute("SELECT current_schema()").fetchone()[0]
        for t in sorted(self.tables()):
            cols = list(self.conn.execute(
                "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", [t]))
            names = [c[0] for c in cols if c[0] != "rowid"]
            yield (f'CREATE TABLE "{t}" (' + ", ".join(
                f'"{c[0]}" {c[1]}' + (" NOT NULL" if c[2] == "NO" else "")
                + (f" DEFAULT {c[3]}" if c[3] and "nextval" not in c[3] else "")
                for c in cols if c[0] != "rowid") + ");")
            order = ["rowid"] if len(names) < len(cols) else self._key(t) or names
            sql = (f'SELECT {", ".join(chr(34) + n + chr(34) for n in names)} FROM "{t}" '
                   f'ORDER BY {", ".join(chr(34) + n + chr(34) for n in order)}')
            for row in self.stream(sql, [], 1000):
                yield f'INSERT INTO "{t}" VALUES({",".join(_literal(v) for v in row)});'
        for (d,) in self.conn.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                                      "ORDER BY indexname"):
            yield d.replace(f" ON {schema}.", " ON ").replace(f' ON "{schema}".', " ON ") + ";"

    def _key(self, table: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(?) AND i.indisprimary "
            "ORDER BY array_position(i.indkey::int2[], a.attnum)", [f'"{table}"'])]


def _insert(table: str, cols: tuple[str, ...]) -> str:
    return f'INSERT INTO {table} ({", ".join(chr(34) + c + chr(34) for c in cols)}) VALUES ({", ".join("?" * len(cols))})'


def _literal(v: Any) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


# ------------------------------------------------------------------------------ opening
def open_database(url: str, *, readonly: bool = False) -> tuple[PgConnection, PgBackend, str]:
    """Connect to ``url`` and migrate it (unless ``readonly``): ``(connection, backend, shown url)``.

    E501: cannot connect, not a PostgreSQL URL, no schema to create tables in, another program's
    tables; E502: schema newer than the code, or older in read-only mode.
    """
    import psycopg

    where = display_url(url)
    kw = connect_args(url)
    try:
        raw = psycopg.connect(**kw, autocommit=True)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TrucelineError("E501", f"cannot connect to the PostgreSQL database: {reason}", source=where) from None
    conn = PgConnection(raw)
    db = PgBackend(conn, where, readonly)
    store = importlib.import_module("truceline.store")
    try:
        if conn.execute("SELECT current_schema()").fetchone()[0] is None:
            raise TrucelineError("E501", "no schema to use: the search_path names no existing schema", source=where)
        version = store._schema_version(conn, db.tables(), where, "PostgreSQL")
        if readonly:
            store._check_readonly_version(version, where)
            raw.execute("SET default_transaction_read_only = on")
        else:
            db.migrate(version)
    except TrucelineError:
        raw.close()
        raise
    except psycopg.Error as exc:
        raw.close()
        raise TrucelineError("E501", f"cannot use the PostgreSQL database: {str(exc).strip()}", source=where) from None
    return conn, db, where
