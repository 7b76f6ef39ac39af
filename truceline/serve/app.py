"""The HTTP API and the dashboard over one Truceline database (docs/api.md, docs/dashboard.md).

``create_app(db)`` serves the database read-only: each worker thread keeps its own ``mode=ro``
connection, so nothing a request does can change what is stored.  With a token, ``POST
/api/articles`` runs the pipeline (ingest, extract, store, link, breach counts) on the posted
articles, one request at a time, in one writer thread holding a :class:`truceline.ingestor.Ingestor`
(built at the first post, then kept: a post costs what its articles cost, not a database scan).
"""

import contextlib
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any, Callable, Iterator, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from truceline import __version__ as _version
from truceline.store import SCHEMA_VERSION, Store, require_sqlite

from . import queries as q
from .security import SecurityMiddleware

__all__ = ["create_app", "STATIC_DIR"]

STATIC_DIR = Path(__file__).parent / "static"
BUILD_COMMAND = "python -m truceline.serve.build"
MAX_PAGE = 1000
MAX_DOWNLOAD = 50_000


class _Cache:
    """Values computed from the whole database (vocabulary, alignments, breach ids), kept until the
    database file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[Any, ...] | None = None
        self._values: dict[Any, Any] = {}

    def _now(self) -> tuple[Any, ...]:
        out = []
        for p in (self.path, Path(str(self.path) + "-wal")):
            try:
                st = p.stat()
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def stamp(self) -> tuple[Any, ...]:
        return self._now()

    def put(self, stamp: tuple[Any, ...], values: dict[Any, Any]) -> None:
        """Values known for the database as it was at ``stamp`` (taken after this process's own
        write): kept unless the file has changed since."""
        with self._lock:
            if stamp != self._stamp:
                self._stamp, self._values = stamp, {}
            self._values.update(values)

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        stamp = self._now()
        with self._lock:
            if stamp != self._stamp:
                self._stamp, self._values = stamp, {}
            if key in self._values:
                return self._values[key]
        value = make()
        with self._lock:
            if self._stamp == stamp:
                self._values[key] = value
        return value


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=1_000_000)
    title: str = Field(default="", max_length=2000)
    outlet: str = Field(default="", max_length=300)
    published: dt.date | None = None
    url: str = Field(default="", max_length=2000)
    id: str | None = Field(default=None, max_length=300)
    language: str | None = Field(default=None, max_length=10)


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=200)


def create_app(db: str | Path, token: str | None = None, settings: Any = None) -> FastAPI:
    """The app over database ``db`` (it must exist and have this code's schema: E501/E502 otherwise).
    ``token``: the bearer token that allows ``POST /api/articles`` (no token: read-only)."""
    require_sqlite(db, "the API (truceline.serve: SQLite functions and index hints)")   # E506
    path = Path(db)
    Store.open(path, readonly=True).close()   # E501 / E502 now, not at the first request
    if settings is None:
        from truceline.settings import Settings

        settings = Settings.load(None)
    local = threading.local()
    cache = _Cache(path)
    # one writer thread holds the Ingestor (made at the first post and kept: truceline/ingestor.py);
    # a SQLite connection stays in the thread that opened it, and posts are written one at a time
    # (made at the first post, stopped with the app: an idle thread left behind would make later
    # worker pools in the process start by forkserver rather than fork, truceline.pipeline._mp_context)
    writer: dict[str, Any] = {}
    writer_lock = threading.Lock()

    def writer_pool() -> ThreadPoolExecutor:
        with writer_lock:
            pool = writer.get("pool")
            if pool is None:
                pool = writer["pool"] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="truceline-writer")
            return pool

    def conn():
        c = getattr(local, "conn", None)
        if c is None:
            store = Store.open(path, readonly=True)
            c = store._conn
            q.install_functions(c)
            local.store, local.conn = store, c
        return c

    def resources():
        return cache.get("resources", lambda: _load_resources(settings))

    def agreements():
        from truceline.ceasefire.agreements import load_agreements

        return cache.get("agreements", lambda: load_agreements(tuple(settings.agreements)))

    def alignments() -> tuple[dict[str, str], dict[str, str]]:
        def make():
            res = resources()
            al = (lambda n: _alignment(res, n))
            claimants = {n: al(n) for (n,) in conn().execute("SELECT DISTINCT claimant FROM events") if n}
            outlets = {n: al(n) for (n,) in conn().execute("SELECT DISTINCT outlet FROM events") if n}
            return claimants, outlets
        return cache.get("alignments", make)

    def breaches(agreement_id: str) -> list[Any]:
        from truceline.ceasefire.breaches import find_breaches

        ags = agreements()
        ag = ags.get(agreement_id) if hasattr(ags, "get") else None
        if ag is None:
            raise HTTPException(404, f"no agreement {agreement_id!r} (see /api/agreements)")
        return cache.get(("breaches", agreement_id), lambda: find_breaches(local.store, ags, ag))

    def context(f: q.Filters) -> q.Context:
        ca, oa = alignments()
        ids: frozenset[str] = frozenset()
        if f.agreement:
            conn()
            ids = frozenset(b.subject.id for b in breaches(f.agreement) if b.status == "breach")
        span = cache.get("span", lambda: q.incident_span_days(conn())) if f.date_from else None
        return q.Context(claimant_alignment=ca, outlet_alignment=oa, breach_ids=ids, incident_span_days=span)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        with writer_lock:
            pool = writer.pop("pool", None)
        if pool is not None:
            pool.submit(_close_writer).result()
            pool.shutdown(wait=True)

    def _close_writer() -> None:
        ing = writer.pop("ingestor", None)
        if ing is not None:
            ing.close()

    app = FastAPI(title="Truceline API", version=_version, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Events, incidents with each source's claims, ceasefire breaches: read-only "
                              "views of one Truceline database. docs/api.md in the repository describes every "
                              "filter.")
    app.add_middleware(SecurityMiddleware)

    def filters(
        date_from: Annotated[dt.date | None, Query(description="first day (inclusive), YYYY-MM-DD")] = None,
        date_to: Annotated[dt.date | None, Query(description="last day (inclusive)")] = None,
        admin1: Annotated[list[str], Query(description="governorate (repeat for several)")] = [],
        event_type: Annotated[list[str], Query(description="ACLED event type")] = [],
        sub_event_type: Annotated[list[str], Query(description="ACLED sub-event type")] = [],
        actor: Annotated[list[str], Query(description="ACLED actor name, as actor 1 or actor 2")] = [],
        side: Annotated[list[str], Query(description="coarse side of actor 1 or 2 (SYRIA_GOV, OPPOSITION, ...)")] = [],
        outlet: Annotated[list[str], Query(description="publishing outlet")] = [],
        alignment: Annotated[list[str], Query(description="alignment of the claimant, else of the outlet")] = [],
        min_fatalities: Annotated[int | None, Query(ge=0)] = None,
        contradicted: Annotated[bool | None, Query(description="true: only incidents whose sources disagree")] = None,
        agreement: Annotated[str, Query(max_length=200, description="only breaches of this agreement id")] = "",
        lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
        lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
        radius_km: Annotated[float | None, Query(gt=0, le=500)] = None,
    ) -> q.Filters:
        geo = [lat is not None, lon is not None, radius_km is not None]
        if any(geo) and not all(geo):
            raise HTTPException(422, "lat, lon and radius_km go together")
        if date_from and date_to and date_from > date_to:
            raise HTTPException(422, "date_from is after date_to")
        return q.Filters(date_from=date_from, date_to=date_to, admin1=tuple(admin1), event_type=tuple(event_type),
                         sub_event_type=tuple(sub_event_type), actor=tuple(actor), side=tuple(side),
                         outlet=tuple(outlet), alignment=tuple(alignment), min_fatalities=min_fatalities,
                         contradicted=contradicted, agreement=agreement, lat=lat, lon=lon, radius_km=radius_km)

    F = Annotated[q.Filters, Depends(filters)]
    Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
    Offset = Annotated[int, Query(ge=0, le=10_000_000)]
    Order = Annotated[Literal["asc", "desc"], Query()]
    EventSort = Annotated[Literal[tuple(q.EVENT_SORTS)], Query()]          # type: ignore[valid-type]
    IncidentSort = Annotated[Literal[tuple(q.INCIDENT_SORTS)], Query()]    # type: ignore[valid-type]
    Download = Annotated[int, Query(ge=1, le=MAX_DOWNLOAD)]

    # ------------------------------------------------------------------ reads
    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        c = conn()
        n = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "incidents")}
        return {"status": "ok", "schema": SCHEMA_VERSION, "version": _version, "writable": token is not None, **n}

    @app.get("/api/vocabulary", tags=["meta"])
    def vocabulary() -> dict[str, Any]:
        def make():
            c = conn()

            def distinct(sql: str) -> list[str]:
                return sorted({r[0] for r in c.execute(sql) if r[0]})
            ca, oa = alignments()
            return {
                "event_types": distinct("SELECT DISTINCT event_type FROM events"),
                "sub_event_types": distinct("SELECT DISTINCT sub_event_type FROM events"),
                "admin1": distinct("SELECT DISTINCT admin1 FROM events"),
                "sides": sorted(set(distinct("SELECT DISTINCT side1 FROM events"))
                                | set(distinct("SELECT DISTINCT side2 FROM events"))),
                "actors": sorted(set(distinct("SELECT DISTINCT actor1 FROM events"))
                                 | set(distinct("SELECT DISTINCT actor2 FROM events"))),
                "outlets": distinct("SELECT DISTINCT outlet FROM events"),
                "alignments": sorted({a for a in [*ca.values(), *oa.values()] if a}),
                "agreements": [{"id": a.id, "name": a.name} for a in agreements()],
                "event_sorts": list(q.EVENT_SORTS), "incident_sorts": list(q.INCIDENT_SORTS),
                "buckets": list(q.BUCKETS),
            }
        return cache.get("vocabulary", make)

    @app.get("/api/events", tags=["events"])
    def events(f: F, sort: EventSort = "event_date", order: Order = "desc", limit: Limit = 100,
               offset: Offset = 0) -> dict[str, Any]:
        return q.events_page(conn(), f, context(f), sort=sort, order=order, limit=limit, offset=offset).as_dict()

    @app.get("/api/events.geojson", tags=["downloads"])
    def events_geojson(f: F, sort: EventSort = "event_date", order: Order = "desc",
                       limit: Download = MAX_DOWNLOAD) -> Response:
        rows = list(q.iter_event_rows(conn(), f, context(f), sort=sort, order=order, limit=limit))
        return _geojson(rows, "truceline-events.geojson")

    @app.get("/api/events.csv", tags=["downloads"])
    def events_csv(f: F, sort: EventSort = "event_date", order: Order = "desc",
                   limit: Download = MAX_DOWNLOAD) -> Response:
        rows = list(q.iter_event_rows(conn(), f, context(f), sort=sort, order=order, limit=limit))
        return _csv(rows, q.EVENT_COLUMNS, "truceline-events.csv")

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: str) -> dict[str, Any]:
        d = q.event_detail(conn(), event_id, context(q.Filters()))
        if d is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return d

    @app.get("/api/incidents", tags=["incidents"])
    def incidents(f: F, sort: IncidentSort = "event_date", order: Order = "desc", limit: Limit = 100,
                  offset: Offset = 0) -> dict[str, Any]:
        return q.incidents_page(conn(), f, context(f), sort=sort, order=order, limit=limit, offset=offset).as_dict()

    @app.get("/api/incidents.geojson", tags=["downloads"])
    def incidents_geojson(f: F, sort: IncidentSort = "event_date", order: Order = "desc",
                          limit: Download = MAX_DOWNLOAD) -> Response:
        rows = list(q.iter_incident_rows(conn(), f, context(f), sort=sort, order=order, limit=limit))
        return _geojson(rows, "truceline-incidents.geojson")

    @app.get("/api/incidents.csv", tags=["downloads"])
    def incidents_csv(f: F, sort: IncidentSort = "event_date", order: Order = "desc",
                      limit: Download = MAX_DOWNLOAD) -> Response:
        rows = list(q.iter_incident_rows(conn(), f, context(f), sort=sort, order=order, limit=limit))
        return _csv(rows, q.INCIDENT_COLUMNS, "truceline-incidents.csv")

    @app.get("/api/incidents/{incident_id}", tags=["incidents"])
    def incident(incident_id: str) -> dict[str, Any]:
        d = q.incident_detail(conn(), incident_id)
        if d is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        d["breaches"] = [{"agreement": b.agreement, "status": b.status, "terms": list(b.terms),
                          "named_in_text": b.named_in_text}
                         for a in agreements() for b in breaches(a.id) if b.subject.id == incident_id]
        return d

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        d = q.article_detail(conn(), article_id)
        if d is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return d

    @app.get("/api/timeline", tags=["events"])
    def timeline(f: F, bucket: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
                 of: Annotated[Literal["events", "incidents"], Query()] = "events") -> dict[str, Any]:
        return {"bucket": bucket, "of": of, "items": q.timeline(conn(), f, context(f), bucket=bucket, of=of)}

    @app.get("/api/statistics", tags=["events"])
    def statistics(f: F, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        return q.statistics_page(conn(), f, limit=limit, offset=offset).as_dict()

    @app.get("/api/agreements", tags=["ceasefire"])
    def agreements_view(bucket: Annotated[Literal["day", "week", "month", "year"], Query()] = "month"
                        ) -> dict[str, Any]:
        conn()
        items = []
        for a in agreements():
            bs = breaches(a.id)
            per: dict[str, dict[str, Any]] = {}
            for b in bs:
                p = _period(b.subject.event_date, bucket)
                row = per.setdefault(p, {"period": p, "breaches": 0, "uncertain": 0})
                row["breaches" if b.status == "breach" else "uncertain"] += 1
            items.append({"id": a.id, "name": a.name, "effective": _iso(a.effective), "ended": _iso(a.ended),
                          "breaches": sum(b.status == "breach" for b in bs),
                          "uncertain": sum(b.status != "breach" for b in bs),
                          "by_period": [per[k] for k in sorted(per)]})
        return {"bucket": bucket, "items": items}

    @app.get("/api/agreements/{agreement_id}/breaches", tags=["ceasefire"])
    def agreement_breaches(agreement_id: str, status: Annotated[Literal["breach", "uncertain", "all"], Query()] = "all"
                           ) -> dict[str, Any]:
        conn()
        items = []
        for b in breaches(agreement_id):
            if status != "all" and b.status != status:
                continue
            s = b.subject
            items.append({"subject_id": s.id, "kind": getattr(s, "kind", ""), "event_date": _iso(s.event_date),
                          "location": getattr(s, "location", ""), "admin1": getattr(s, "admin1", ""),
                          "sub_event_type": getattr(s, "sub_event_type", ""), "status": b.status,
                          "terms": list(b.terms), "named_in_text": b.named_in_text,
                          "reasons": list(getattr(b, "reasons", ()) or ()),
                          "claims": [{"claimant": c.claimant, "outlet": c.outlet, "alignment": c.alignment,
                                      "stance": c.stance, "fatalities": c.fatalities, "evidence": c.evidence}
                                     for c in getattr(s, "claims", ())]})
        return {"agreement": agreement_id, "total": len(items), "items": items}

    @app.get("/api/outlets", tags=["meta"])
    def outlets() -> dict[str, Any]:
        def make():
            c = conn()
            res = resources()
            arts = dict(c.execute("SELECT outlet, count(*) FROM articles GROUP BY outlet"))
            evs = dict(c.execute("SELECT outlet, count(*) FROM events GROUP BY outlet"))
            return {"items": [{"outlet": o, "alignment": _alignment(res, o), "articles": arts.get(o, 0),
                               "events": evs.get(o, 0)} for o in sorted(set(arts) | set(evs)) if o]}
        return cache.get("outlets", make)

    # ------------------------------------------------------------------ write
    def authorized(request: Request) -> None:
        if token is None:
            raise HTTPException(403, "this server is read-only: start it with --token to accept articles")
        got = request.headers.get("authorization", "")
        scheme, _, value = got.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            raise HTTPException(401, "a bearer token is needed", headers={"WWW-Authenticate": "Bearer"})

    @app.post("/api/articles", status_code=201, tags=["articles"], dependencies=[Depends(authorized)])
    def post_articles(body: ArticlesIn) -> dict[str, Any]:
        """Ingest, extract, store and link the posted articles (needs ``serve --token``)."""
        recs = []
        for a in body.articles:
            rec = a.model_dump(mode="json")
            rec["id"] = a.id or "post-" + hashlib.sha1(a.text.encode()).hexdigest()[:16]
            recs.append({k: v for k, v in rec.items() if v is not None})
        report, rejects = writer_pool().submit(_add, recs).result()
        linked = report.linked
        return {"articles": report.articles, "events": report.events, "statistics": report.statistics,
                "skipped_duplicates": report.skipped_duplicates, "rejects": rejects,
                "incidents_total": getattr(linked, "incidents_total", None)}

    def _add(recs: list[dict[str, Any]]) -> tuple[Any, list[str]]:
        """In the writer thread: add the records through the Ingestor; the breaches after the
        write go to the cache, so the next request need not read the whole database again (kept
        only if no other process wrote in between: the Ingestor's data_version is still its own)."""
        from truceline import pipeline

        ing = writer.get("ingestor")
        if ing is None:
            ing = writer["ingestor"] = pipeline.Ingestor(path, settings, command="serve POST",
                                                         opts=pipeline.ingest_options(settings, id_col="id"))
        rejects: list[str] = []
        report = ing.add_records(recs, source="posted", on_reject=lambda r: rejects.append(str(r))).report
        if ing.tally is not None:
            stamp = cache.stamp()
            if ing.in_sync():
                cache.put(stamp, {("breaches", a.id): ing.tally.breaches(a.id) for a in ing.ags})
        return report, rejects

    # ------------------------------------------------------------------ pages
    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = STATIC_DIR / "index.html"
        if not (STATIC_DIR / "vendor").is_dir() or not page.is_file():
            return Response(f"The dashboard's assets are not built: run `{BUILD_COMMAND}` (needs npm), "
                            "then start the server again. The API is at /api and /docs.\n",
                            status_code=503, media_type="text/plain")
        return FileResponse(page, media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_PAGE)

    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    try:
        import swagger_ui_bundle

        app.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")
    except ImportError:   # pragma: no cover - a declared dependency
        pass

    @app.exception_handler(ValueError)
    async def _value_error(request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    return app


_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Truceline API</title>
<link rel="stylesheet" href="/docs-assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body></html>
"""


def _load_resources(settings: Any):
    from truceline.resources import load_resources

    return load_resources(tuple(settings.dictionaries))


def _alignment(res: Any, name: str) -> str:
    if not name or res is None:
        return ""
    o = res.outlet_by_name(name)
    return o.alignment if o is not None else ""


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _period(d: dt.date | None, bucket: str) -> str:
    if d is None:
        return "undated"
    if bucket == "day":
        return d.isoformat()
    if bucket == "week":
        return (d - dt.timedelta(days=d.weekday())).isoformat()
    if bucket == "month":
        return d.replace(day=1).isoformat()
    return d.replace(month=1, day=1).isoformat()


def _geojson(rows: list[dict[str, Any]], filename: str) -> Response:
    # the rows are read in the request's thread (its connection cannot be used from the thread that
    # streams the response); only the encoding is streamed
    def gen() -> Iterator[bytes]:
        yield b'{"type": "FeatureCollection", "features": ['
        first = True
        for r in rows:
            lat, lon = r.get("latitude"), r.get("longitude")
            geom = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
            feat = {"type": "Feature", "id": r["id"], "geometry": geom, "properties": r}
            yield (b"" if first else b",\n") + json.dumps(feat, ensure_ascii=False).encode()
            first = False
        yield b"]}\n"
    return StreamingResponse(gen(), media_type="application/geo+json",
                             headers={"content-disposition": f'attachment; filename="{filename}"'})


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(v: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if isinstance(v, list):
        v = ";".join(map(str, v))
    if isinstance(v, str) and v.startswith(_FORMULA):
        return "'" + v
    return "" if v is None else v


def _csv(rows: list[dict[str, Any]], cols: tuple[str, ...], filename: str) -> Response:
    def gen() -> Iterator[str]:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
            if buf.tell() > 1 << 16:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()
    return StreamingResponse(gen(), media_type="text/csv; charset=utf-8",
                             headers={"content-disposition": f'attachment; filename="{filename}"'})
