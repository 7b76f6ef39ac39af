"""A throwaway PostgreSQL server for the tests and benchmarks (Debian's ``postgresql`` package).

``TRUCELINE_PG_URL`` names a server to use instead (a SQLAlchemy URL of a database the user may
create schemas in); otherwise :func:`start` finds ``initdb``/``pg_ctl`` (``PATH``, then
``/usr/lib/postgresql/*/bin``, newest first), initialises a cluster in a temporary folder, starts
it on a free port of 127.0.0.1 with its unix socket in that folder (fsync off: nothing in it must
survive), and :meth:`PgServer.stop` stops it and removes the folder.  ``initdb`` refuses to run
as root: as root the cluster belongs to the ``postgres`` user (or ``nobody``) and the commands run
through ``runuser``.

Run as a script to get a server for a while (``benchmarks/store_backends.py`` starts its own)::

    .venv/bin/python tests/pgserver.py          # prints the URL, stops on Ctrl-C
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ENV_URL = "TRUCELINE_PG_URL"
ENV_REQUIRE = "TRUCELINE_REQUIRE_PG"   # set (CI): the PostgreSQL tests fail instead of skipping


class Unavailable(RuntimeError):
    """No PostgreSQL server can be had here (the reason says why)."""


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found

    def version(p: str) -> tuple[int, ...]:
        v = Path(p).parts[-3]
        return tuple(int(x) for x in v.split(".") if x.isdigit())

    cands = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True)
    return cands[0] if cands else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    """A running server: ``url`` is a SQLAlchemy URL of its ``truceline`` database."""

    url: str
    root: Path | None = None        # the temporary folder of a server we started (None: given by the env)
    pg_ctl: list[str] = field(default_factory=list)
    _schemas: list[str] = field(default_factory=list)

    def schema_url(self, prefix: str = "t") -> str:
        """A new, empty schema of the database, as a URL whose connections use it (``search_path``)."""
        import psycopg

        from truceline.store_pg import connect_args

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(**connect_args(self.url), autocommit=True) as c:
            c.execute(f'CREATE SCHEMA "{name}"')
        self._schemas.append(name)
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options=-csearch_path%3D{name}"

    def drop_schema(self, url: str) -> None:
        import psycopg

        from truceline.store_pg import connect_args

        name = url.rsplit("search_path%3D", 1)[1]
        with psycopg.connect(**connect_args(self.url), autocommit=True) as c:
            c.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def stop(self) -> None:
        if self.root is None:
            return
        subprocess.run([*self.pg_ctl, "stop", "-D", str(self.root / "data"), "-m", "immediate", "-w"],
                       capture_output=True, timeout=60, cwd=self.root)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


def _as_user() -> tuple[list[str], int | None, int | None]:
    """The command prefix to run the server's programs, and the uid/gid owning its folder."""
    if os.geteuid() != 0:
        return [], None, None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise Unavailable("running as root and no runuser to start PostgreSQL as another user")
    for name in ("postgres", "nobody"):
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            continue
        return [runuser, "-u", name, "--"], pw.pw_uid, pw.pw_gid
    raise Unavailable("running as root and neither a postgres nor a nobody user to run PostgreSQL")


def start() -> PgServer:
    """The server of ``TRUCELINE_PG_URL``, or a new throwaway one (raises :class:`Unavailable`)."""
    given = os.environ.get(ENV_URL)
    if given:
        return PgServer(url=given)
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise Unavailable("PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin; "
                          "apt-get install postgresql) and TRUCELINE_PG_URL is not set")
    prefix, uid, gid = _as_user()
    root = Path(tempfile.mkdtemp(prefix="truceline-pg-"))
    try:
        if uid is not None:
            os.chown(root, uid, gid)
        root.chmod(0o700)
        data = root / "data"
        r = subprocess.run([*prefix, initdb, "-D", str(data), "-U", "truceline", "--auth=trust", "-E", "UTF8",
                            "--locale=C.UTF-8", "--no-sync"], capture_output=True, text=True, timeout=300, cwd=root)
        if r.returncode != 0:
            raise Unavailable(f"initdb failed: {r.stderr.strip()[-500:]}")
        port = _free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
        r = subprocess.run([*prefix, pg_ctl, "start", "-D", str(data), "-w", "-t", "60", "-o", opts,
                            "-l", str(root / "server.log")], capture_output=True, text=True, timeout=120, cwd=root)
        if r.returncode != 0:
            log = (root / "server.log").read_text(errors="replace")[-800:] if (root / "server.log").exists() else ""
            raise Unavailable(f"pg_ctl start failed: {r.stderr.strip()[-300:]} {log}")
        server = PgServer(url=f"postgresql://truceline@127.0.0.1:{port}/postgres", root=root, pg_ctl=[*prefix, pg_ctl])
        _wait(server.url)
        import psycopg

        from truceline.store_pg import connect_args

        with psycopg.connect(**connect_args(server.url), autocommit=True) as c:
            try:  # a locale that sorts text otherwise than bytes do, when ICU is there: the store must not care
                c.execute("CREATE DATABASE truceline TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
            except psycopg.Error:
                c.execute("CREATE DATABASE truceline")
        server.url = f"postgresql://truceline@127.0.0.1:{port}/truceline"
        return server
    except BaseException:
        if (root / "data" / "postmaster.pid").exists():
            subprocess.run([*prefix, pg_ctl, "stop", "-D", str(root / "data"), "-m", "immediate"],
                           capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
        raise


def _wait(url: str, timeout: float = 30.0) -> None:
    import psycopg

    from truceline.store_pg import connect_args

    t0 = time.monotonic()
    while True:
        try:
            psycopg.connect(**connect_args(url), connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() - t0 > timeout:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    srv = start()
    print(srv.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
