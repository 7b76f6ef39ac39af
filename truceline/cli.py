"""Command line: parses options, calls the library, prints.  Exit codes: 0 all inputs done,
3 some inputs rejected (each reported on stderr), 1 fatal error, 2 usage error."""
from __future__ import annotations

import functools
import logging
import sys
from importlib import resources as ilr
from pathlib import Path

import click

from . import pipeline
from .errors import TrucelineError
from .gazetteer.theatre import theatre
from .settings import Settings

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_REJECTS = 0, 1, 2, 3
_INCIDENT_FORMATS = ("incidents-csv", "claims-jsonl", "ucdp-csv")  # = export.INCIDENT_FORMATS (not imported: slow)


def demo_dir() -> Path:
    return Path(str(ilr.files("truceline") / "demo"))


DB_HELP = "SQLite file, or a PostgreSQL URL: postgresql://user@host/db (docs/store.md#postgresql)."


class Database(click.ParamType):
    """``--db``: a SQLite file (checked as ``click.Path(**kw)`` checks it) or a database URL."""

    name = "FILE|URL"

    def __init__(self, **kw) -> None:
        self._path = click.Path(path_type=Path, **kw)

    def convert(self, value, param, ctx):
        from .store import is_database_url

        if isinstance(value, str) and is_database_url(value):
            return value
        return self._path.convert(value, param, ctx)


def _sqlite_only(db, what: str) -> None:
    """E506 (a clear error) when a SQLite-only command is given a PostgreSQL URL."""
    from .store import require_sqlite

    if db is not None:
        require_sqlite(db, what)


def _csv_beside(db) -> Path:
    """The default ACLED CSV of ``run``: next to a database file; for a URL, <database name>.acled.csv here."""
    if isinstance(db, Path):
        return db.with_suffix(".acled.csv")
    name = db.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "truceline"
    return Path(name).with_suffix(".acled.csv")


def ingest_options(f):
    """The options every command that reads articles shares."""
    opts = [
        click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="JSONL manifest: file, published, outlet, url per input file."),
        click.option("--text-col", default=None, help="Text column of JSONL/CSV input (default: text)."),
        click.option("--id-col", default=None, help="Id column (becomes doc_id)."),
        click.option("--date-col", default=None, help="Publication date column."),
        click.option("--title-col", default=None, help="Title column."),
        click.option("--outlet-col", default=None, help="Outlet column."),
        click.option("--url-col", default=None, help="URL column."),
        click.option("--gazetteer", default=None, help="GeoNames dump or gazetteer database (default: embedded)."),
        click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path),
                     help="Extra dictionary file or folder (repeatable)."),
        click.option("--agreements", "agreement_files", multiple=True, type=click.Path(exists=True, path_type=Path),
                     help="Extra ceasefire agreement file or folder (repeatable; docs/ceasefire.md)."),
        click.option("--lang", "languages", default=None, help="Comma-separated languages to accept (default en,ar)."),
        click.option("--no-split", is_flag=True, help="Do not split multi-article pages."),
        click.option("--workers", type=click.IntRange(min=0), default=None,
                     help="Worker processes for extraction (0 = one per core; default 1)."),
        click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                     help="Settings file (TOML)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _settings(kw) -> Settings:
    _sqlite_only(kw.get("gazetteer"), "--gazetteer (a GeoNames dump or a gazetteer database file)")
    langs = tuple(x.strip() for x in kw["languages"].split(",")) if kw.get("languages") else None
    return Settings.load(kw.get("config"), gazetteer=kw.get("gazetteer"),
                         dictionaries=tuple(str(p) for p in kw.get("dicts") or ()) or None,
                         agreements=tuple(str(p) for p in kw.get("agreement_files") or ()) or None,
                         languages=langs, split_pages=False if kw.get("no_split") else None,
                         workers=kw.get("workers"))


def _opts(settings: Settings, kw):
    return pipeline.ingest_options(settings, manifest=kw.get("manifest"), text_col=kw.get("text_col"),
                                   id_col=kw.get("id_col"), date_col=kw.get("date_col"),
                                   title_col=kw.get("title_col"), outlet_col=kw.get("outlet_col"),
                                   url_col=kw.get("url_col"))


def _on_reject(r) -> None:
    click.echo(f"rejected: {r}", err=True)


def handle_errors(f):
    @functools.wraps(f)
    def wrapper(*a, **kw):
        try:
            return f(*a, **kw)
        except TrucelineError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(EXIT_FATAL)
    return wrapper


def _exit(report) -> None:
    if report.fatal:
        sys.exit(EXIT_FATAL)
    sys.exit(EXIT_REJECTS if report.rejects else EXIT_OK)


@click.group()
@click.version_option(package_name="truceline")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Truceline: partisan conflict news in, evidence-backed events and ceasefire breaches out."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    prog = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed} articles"), TimeElapsedColumn(), transient=True,
                    console=__import__("rich.console").console.Console(stderr=True))
    task = prog.add_task("extracting", total=None)
    return prog, (lambda n: prog.advance(task, n))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--demo", is_flag=True, help="Run on the embedded demo corpus.")
@click.option("--db", type=Database(), help=DB_HELP, default=Path("truceline.db"), show_default=True)
@click.option("--out", "out_csv", type=click.Path(path_type=Path), default=None,
              help="ACLED CSV to write (default: next to the database, <db>.acled.csv; for a URL, "
                   "<database name>.acled.csv in the current folder).")
@ingest_options
@handle_errors
def run(paths, demo, db, out_csv, **kw):
    """Ingest PATHS (or the demo corpus), extract, store in DB and write an ACLED CSV."""
    settings = _settings(kw)
    if demo:
        paths = (str(demo_dir()),) + tuple(paths)
        if kw.get("manifest") is None:
            kw["manifest"] = demo_dir() / "manifest.jsonl"
    if not paths:
        raise click.UsageError("give PATHS or --demo")
    report = _ingest(paths, db, settings, kw, "run")
    from .export import export_db
    from .store import Store

    out_csv = out_csv or _csv_beside(db)
    with Store.open(db) as store:
        export_db(store, "acled-csv", out_csv)
        breaches = "" if kw.get("quiet") else _breach_summary(store, settings)
        where = store.path  # a URL with its password hidden
    if not kw.get("quiet"):
        click.echo(pipeline.summary(report))
        if breaches:
            click.echo(breaches)
        click.echo(f"database: {where}\nACLED CSV: {out_csv}")
    _exit(report)


def _breach_summary(store, settings) -> str:
    """ "breaches: N of <agreement>; ..." for the run's summary (docs/ceasefire.md)."""
    from .ceasefire.agreements import load_agreements
    from .ceasefire.report import summary_line

    return summary_line(store, load_agreements(tuple(settings.agreements)))


def _ingest(paths, db, settings, kw, command):
    prog, advance = _progress(kw.get("quiet"))
    if prog:
        with prog:
            return pipeline.run_to_store(paths, db, settings, _opts(settings, kw), command=command,
                                         on_reject=_on_reject, progress=advance)
    return pipeline.run_to_store(paths, db, settings, _opts(settings, kw), command=command, on_reject=_on_reject)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--db", type=Database(), help=DB_HELP, default=Path("truceline.db"), show_default=True)
@ingest_options
@handle_errors
def ingest(paths, db, **kw):
    """Ingest PATHS into DB: read, extract and store events (idempotent)."""
    settings = _settings(kw)
    report = _ingest(paths, db, settings, kw, "ingest")
    if not kw.get("quiet"):
        click.echo(pipeline.summary(report))
    _exit(report)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["score-jsonl", "jsonl", "acled-csv", "geojson", *_INCIDENT_FORMATS]),
              default="score-jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True)
@ingest_options
@handle_errors
def extract(paths, fmt, output, **kw):
    """Extract events from PATHS without storing them (incident formats link them in memory)."""
    settings = _settings(kw)
    opts = _opts(settings, kw)
    if fmt == "score-jsonl":
        report = pipeline.run_to_score(paths, output, settings, opts, on_reject=_on_reject)
    else:
        from .export import write_export
        from .ingest import read_inputs
        from .model import RunReport

        report = RunReport()
        ex = pipeline.extractor_for(settings)
        arts, recs = {}, []
        for p in pipeline.process(read_inputs(paths, opts), ex, report, _on_reject, settings=settings):
            arts[p.article.id] = p.article
            recs.extend(p.records)
        if fmt in _INCIDENT_FORMATS:
            from .link import link_events, load_rules
            from .model import Event

            lk = link_events([r for r in recs if isinstance(r, Event)], arts,
                             rules=load_rules(settings.link_rules or None), resources=ex.res)
            recs = sorted(lk.incidents.values(), key=lambda i: (i.event_date is None, i.event_date or 0, i.id))
        write_export(recs, fmt, output, articles=arts)
    if not kw.get("quiet"):
        click.echo(pipeline.summary(report), err=True)
    _exit(report)


@cli.command()
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["acled-csv", "jsonl", "geojson", *_INCIDENT_FORMATS]),
              default="acled-csv", show_default=True,
              help="Events: acled-csv, jsonl, geojson.  Incidents: incidents-csv (one ACLED row per incident), "
                   "claims-jsonl (every claim), ucdp-csv (best/low/high, deaths by side).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True)
@handle_errors
def export(db, fmt, output):
    """Export the events (or the linked incidents) stored in DB."""
    from .export import export_db
    from .store import Store

    with Store.open(db) as store:
        export_db(store, fmt, output)
    click.echo(f"wrote {output}")


@cli.command()
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@click.option("--rebuild", is_flag=True, help="Dissolve every incident and link all stored events again.")
@click.option("--rules", "rules_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Linking rules file (default: the packaged resources/linking.yaml).")
@handle_errors
def link(db, rebuild, rules_path):
    """Link the stored events of many articles into incidents (run and ingest do it after storing)."""
    from .link import load_rules
    from .link.store import link_store
    from .store import Store

    with Store.open(db) as store:
        if rebuild:
            store.delete_incidents([i.id for i in store.iter_incidents()])
        res = link_store(store, load_rules(rules_path))
    click.echo(res.line())


@cli.command()
@click.option("--db", type=Database(dir_okay=False), help="SQLite file (serve reads SQLite files only).",
              default=Path("truceline.db"), show_default=True)
@click.option("--demo", is_flag=True, help="Build DB from the embedded demo corpus first (if it does not exist).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar="TRUCELINE_TOKEN", default=None,
              help="Bearer token that allows POST /api/articles (env TRUCELINE_TOKEN; none: read-only).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Settings file (TOML).")
@handle_errors
def serve(db, demo, host, port, token, config):
    """Serve the API (/api, OpenAPI at /docs) and the map dashboard (/) over DB (docs/api.md)."""
    _sqlite_only(db, "truceline serve")
    import uvicorn

    from .serve.app import create_app

    settings = Settings.load(config)
    if demo and not db.exists():
        pipeline.run_to_store([demo_dir()], db, settings,
                              pipeline.ingest_options(settings, manifest=demo_dir() / "manifest.jsonl"), command="serve --demo")
    if not db.exists():
        raise click.UsageError(f"no database {db}: run `truceline run` first, or give --demo")
    app = create_app(db, token=token or None, settings=settings)
    click.echo(f"serving {db} on http://{host}:{port}/ (API docs: /docs; "
               f"{'POST /api/articles with the token' if token else 'read-only'})")
    uvicorn.run(app, host=host, port=port, log_level="warning")


_EVAL_FORMATS = ("acled", "ucdp", "truceline", "seeds", "case", "fakes", "airwars")  # = evaluate.FORMATS


@cli.command("eval")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="Gold file: a CSV (acled, ucdp and the dev-set presets) or JSONL (truceline).")
@click.option("--format", "fmt", type=click.Choice(_EVAL_FORMATS), required=True,
              help="acled: ACLED CSV, text in `notes`; ucdp: UCDP GED-style CSV, one event per text; "
                   "truceline: score-jsonl events as gold; seeds/case/fakes/airwars: the shared dev sets.")
@click.option("--text-col", default=None, help="Text column (default: notes for acled, text otherwise).")
@click.option("--id-col", default=None, help="Id column (default: the format's; else row numbers).")
@click.option("--date-col", default=None, help="Publication date column given to the extraction.")
@click.option("--title-col", default=None, help="Title column.")
@click.option("--outlet-col", default=None, help="Outlet column.")
@click.option("--texts", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Files or folders holding the texts when the gold file has none (doc id = file name).")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSONL manifest for --texts: file, published, outlet, url.")
@click.option("--pred", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Score this score-jsonl file instead of running the extraction.")
@click.option("--gazetteer", default=None, help="GeoNames dump or gazetteer database (default: embedded).")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra dictionary file or folder (repeatable).")
@click.option("--agreements", "agreement_files", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra ceasefire agreement file or folder (repeatable; docs/ceasefire.md).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Settings file (TOML).")
@click.option("--json", "json_out", type=click.Path(path_type=Path), default=None,
              help="Write every figure, denominator and error kind here as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No table (with --json).")
@handle_errors
def eval_(gold, fmt, texts, manifest, pred, json_out, quiet, **kw):
    """Run the extraction on a gold file's texts and score it: figures per field, error kinds."""
    from .evaluate import Columns, evaluate
    from .evaluate.report import print_report, write_json

    cols = Columns(kw.get("text_col"), kw.get("id_col"), kw.get("date_col"), kw.get("title_col"),
                   kw.get("outlet_col"))
    try:
        result = evaluate(gold, fmt, cols, settings=_settings(kw), texts=[str(t) for t in texts],
                          manifest=manifest, pred=pred, on_reject=None)
    except ValueError as e:
        raise click.UsageError(str(e))
    if json_out:
        write_json(result, json_out)
    if not quiet:
        print_report(result)


@cli.group()
def incidents():
    """Inspect linked incidents: list them, show one with its claims, explain links."""


def _fmt_incident(inc) -> str:
    figs = (f"{inc.fatalities_low}/{inc.fatalities_best}/{inc.fatalities_high}"
            if inc.fatalities_best is not None else "-")
    flags = ", ".join(dict.fromkeys(x.kind for x in inc.contradictions))
    return (f"{inc.id}  {inc.event_date or '?'}  {inc.sub_event_type}  {inc.location or '?'} ({inc.admin1 or '?'})  "
            f"deaths low/best/high {figs}  claims {inc.n_claims}  sources {inc.n_sources}"
            + (f"  contradictions: {flags}" if flags else ""))


@incidents.command("list")
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@click.option("--multi", is_flag=True, help="Only incidents with more than one claim.")
@click.option("--contradicted", is_flag=True, help="Only incidents whose claims disagree.")
@click.option("--limit", type=int, default=None)
@handle_errors
def incidents_list(db, multi, contradicted, limit):
    """One line per incident: date, type, place, deaths low/best/high, claims, sources, contradictions."""
    from .store import Store

    n = 0
    with Store.open(db, readonly=True) as store:
        for inc in store.iter_incidents():
            if (multi and inc.n_claims < 2) or (contradicted and not inc.contradictions):
                continue
            click.echo(_fmt_incident(inc))
            n += 1
            if limit is not None and n >= limit:
                break


@incidents.command("show")
@click.argument("incident_id")
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@handle_errors
def incidents_show(incident_id, db):
    """An incident with every claim, why each report was linked, and its contradictions."""
    from .store import Store

    with Store.open(db, readonly=True) as store:
        inc = next(store.iter_incidents(id=incident_id), None)
        if inc is None:
            iid = store.incident_of_event(incident_id)
            inc = next(store.iter_incidents(id=iid), None) if iid else None
    if inc is None:
        click.echo(f"no incident {incident_id}", err=True)
        sys.exit(EXIT_REJECTS)
    click.echo(_fmt_incident(inc))
    click.echo(f"  opposite alignments: {inc.opposite_alignments or 'none'};  ACLED fatalities: {inc.fatalities_acled}")
    for k, c in enumerate(inc.claims):
        click.echo(f"  claim {k + 1}: {c.claimant or '?'} via {c.outlet or '?'} [{c.alignment or 'unknown'}] "
                   f"{c.stance} {c.fatalities if c.fatalities is not None else '-'} killed, blames "
                   f"{c.actor1 or '?'}; {c.event_date or '?'} {c.location or '?'}; event {c.event_id}")
        click.echo(f"      \"{c.evidence[:160]}\"")
    for ln in inc.links:
        click.echo(f"  link {ln.event_id}" + (f" -> {ln.linked_to}" if ln.linked_to else "") + f": {ln.why}")
    for x in inc.contradictions:
        click.echo(f"  contradiction {x.kind}: {x.detail}")


def _day_named(c) -> str:
    """The day an undated claim's text names ("Tuesday 2 September"), "-" for none."""
    import datetime as dt

    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    bits = [days[c.weekday]] if c.weekday is not None else []
    if c.month_day:
        bits.append(f"{int(c.month_day[3:])} {dt.date(2001, int(c.month_day[:2]), 1):%B}")
    return " ".join(bits) or "-"


@incidents.command("explain")
@click.argument("event_a")
@click.argument("event_b")
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@click.option("--rules", "rules_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@handle_errors
def incidents_explain(event_a, event_b, db, rules_path):
    """Why two stored events are (or are not) reports of one incident."""
    from .link import claim_of, compare, load_rules
    from .resources import load_resources
    from .store import Store

    res, rules = load_resources(), load_rules(rules_path)
    claims = []
    with Store.open(db, readonly=True) as store:
        for eid in (event_a, event_b):
            e = next(store.iter_events(id=eid), None)
            if e is None:
                click.echo(f"no event {eid}", err=True)
                sys.exit(EXIT_REJECTS)
            claims.append((claim_of(e, store.get_article(e.article_id), res), store.incident_of_event(eid)))
    (a, ia), (b, ib) = claims
    r = compare(a, b, rules)
    click.echo(r.why)
    for name in ("type_rule", "place_rule", "distance_km", "distance_limit_km", "date_rule", "date_gap_days",
                 "date_limit_days", "actor_rule", "article_rule", "score"):
        click.echo(f"  {name}: {getattr(r, name)}")
    click.echo("  days named (undated reports): " + " / ".join(_day_named(c) for c in (a, b)))
    click.echo(f"  stored incidents: {ia or '-'} / {ib or '-'}" + ("  (the same)" if ia and ia == ib else ""))


@cli.command()
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True,
              help="Leave out terms an outlet used fewer times.")
@click.option("--scope", type=click.Choice(["evidence", "articles"]), default="evidence", show_default=True,
              help="Read the evidence sentences of events and statistics, or the whole text of every article.")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Write here (default: stdout).")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra dictionary file or folder (repeatable), e.g. your own framing terms.")
@handle_errors
def outlets(db, fmt, min_count, scope, output, dicts):
    """Per outlet: alignment, articles, events and the loaded terms it uses (framing)."""
    import json

    from .framing import framing_report, render_tables, write_csv
    from .resources import load_resources
    from .store import Store

    res = load_resources([str(d) for d in dicts]) if dicts else load_resources()
    with Store.open(db, readonly=True) as store:
        report = framing_report(store, res, scope)
    fp = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "json":
            fp.write(json.dumps(report.as_dict(min_count), ensure_ascii=False, indent=2) + "\n")
        elif fmt == "csv":
            write_csv(report, fp, min_count)
        else:
            from rich.console import Console

            con = Console(file=fp, width=None if fp.isatty() else 160, highlight=False)
            for t in render_tables(report, min_count):
                con.print(t)
    finally:
        if output:
            fp.close()


@cli.group()
def ceasefire():
    """Ceasefire agreements and their breaches (docs/ceasefire.md)."""


def _agreement_opts(f):
    f = click.option("--agreements", "agreement_files", multiple=True, type=click.Path(exists=True, path_type=Path),
                     help="Extra agreement file or folder laid over resources/agreements (repeatable).")(f)
    f = click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                     help="Settings file (TOML); its 'agreements' setting adds agreement files.")(f)
    return f


def _load_agreements(agreement_files, config):
    from .ceasefire.agreements import load_agreements

    extra = tuple(Settings.load(config).agreements) + tuple(str(p) for p in agreement_files)
    return load_agreements(extra)


def _date_opt(v):
    import datetime as dt

    if v is None:
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {v!r}") from None


def _pick_agreement(ags, name):
    if not name:
        return None
    a = ags.find(name)
    if a is None:
        raise click.BadParameter(f"no agreement {name!r} (known: {', '.join(x.id for x in ags)})",
                                 param_hint="--agreement")
    return a


@ceasefire.command("agreements")
@_agreement_opts
@handle_errors
def ceasefire_agreements(agreement_files, config):
    """List the agreements: dates, area parts, terms and sources."""
    from .ceasefire.report import agreements_table

    click.echo(agreements_table(_load_agreements(agreement_files, config)), nl=False)


@ceasefire.command("breaches")
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@click.option("--agreement", default=None, help="Agreement id, name or alias (default: all).")
@click.option("--from", "date_from", default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Last day (YYYY-MM-DD).")
@click.option("--no-uncertain", is_flag=True, help="Leave out uncertain breaches (month-dated across a signature, "
                                                   "governorate-level places).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@_agreement_opts
@handle_errors
def ceasefire_breaches(db, agreement, date_from, date_to, no_uncertain, fmt, agreement_files, config):
    """One line per breach: agreement, incident, date, type, place, terms broken, who blames whom."""
    import json

    from .ceasefire.breaches import find_breaches
    from .ceasefire.report import iter_breach_lines
    from .store import Store

    ags = _load_agreements(agreement_files, config)
    with Store.open(db, readonly=True) as store:
        bs = find_breaches(store, ags, _pick_agreement(ags, agreement), _date_opt(date_from), _date_opt(date_to),
                           include_uncertain=not no_uncertain)
    if fmt == "jsonl":
        for b in bs:
            click.echo(json.dumps(b.as_dict(), ensure_ascii=False))
    else:
        for line in iter_breach_lines(bs):
            click.echo(line)


@ceasefire.command("report")
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@click.option("--agreement", default=None, help="Agreement id, name or alias (default: all).")
@click.option("--from", "date_from", default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Last day (YYYY-MM-DD).")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Write here (default: stdout).")
@click.option("--chart", type=click.Path(path_type=Path), default=None, help="Also draw the report to FILE.png or FILE.svg.")
@_agreement_opts
@handle_errors
def ceasefire_report(db, agreement, date_from, date_to, by, fmt, output, chart, agreement_files, config):
    """Breaches per period: per perpetrator as each side claims, casualties, displacement, and the
    breach counts the sources report beside the computed ones."""
    from .ceasefire.report import build_report
    from .store import Store

    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("the chart file must end in .png or .svg", param_hint="--chart")
    ags = _load_agreements(agreement_files, config)
    with Store.open(db, readonly=True) as store:
        rep = build_report(store, ags, _pick_agreement(ags, agreement), _date_opt(date_from), _date_opt(date_to), by)
    text = rep.to_json() if fmt == "json" else rep.to_csv() if fmt == "csv" else rep.to_table()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if chart is not None:
        from .ceasefire.chart import render_chart

        render_chart(rep, chart)
        click.echo(f"chart: {chart}", err=True)


@ceasefire.command("explain")
@click.argument("incident_or_event_id")
@click.option("--db", type=Database(exists=True, dir_okay=False), help=DB_HELP, default=Path("truceline.db"),
              show_default=True)
@_agreement_opts
@handle_errors
def ceasefire_explain(incident_or_event_id, db, agreement_files, config):
    """Which agreements an incident (or event) breaks, and why each other one does not apply."""
    from .ceasefire.breaches import explain
    from .store import Store

    ags = _load_agreements(agreement_files, config)
    with Store.open(db, readonly=True) as store:
        s, checks = explain(store, ags, incident_or_event_id)
    if s is None:
        click.echo(f"no incident or event {incident_or_event_id}", err=True)
        sys.exit(EXIT_REJECTS)
    click.echo(f"{s.kind} {s.id}: {s.event_date or '?'} (precision {s.time_precision})  {s.sub_event_type}  "
               f"{s.location or '?'} ({s.admin1 or '?'}; {s.latitude}, {s.longitude}; geo_precision {s.geo_precision})")
    for c in s.claims:
        click.echo(f"  claim: {c.claimant or c.outlet or '?'} [{c.alignment or 'unknown'}] blames {c.actor1 or 'unknown'}"
                   f" ({c.stance}); article {c.article_id} {c.evidence_start}:{c.evidence_end}"
                   + (f"; names {c.agreement}" if c.agreement else ""))
    for c in checks:
        click.echo(f"{c.agreement}: {c.status.upper()}")
        for r in c.reasons:
            click.echo(f"  - {r}")


@cli.group()
def gazetteer():
    """Import and inspect gazetteers."""


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", type=Database(), default=Path("truceline.db"), show_default=True)
@click.option("--country", default=lambda: theatre().iso2, show_default="the theatre's, resources/gazetteer/theatre.yaml",
              help="Country code filter for GeoNames dumps.")
@handle_errors
def gazetteer_import(files, db, country):
    """Import GeoNames dumps, alternateNames, OCHA tables or a user CSV into DB (stacked in order)."""
    from . import gazetteer as gz

    _sqlite_only(db, "the gazetteer (its gaz_* tables)")
    rep = gz.import_files(db, files, country=country)
    for line in rep.lines():
        click.echo(line)
    sys.exit(EXIT_REJECTS if getattr(rep, "rejects", None) else EXIT_OK)


@gazetteer.command("stats")
@click.option("--db", type=Database(), default=None, help="Database with imported gazetteers.")
@click.option("--gazetteer", "gaz_path", default=None, help="A GeoNames dump instead of a database.")
@handle_errors
def gazetteer_stats(db, gaz_path):
    """Counts of places, names and languages."""
    from . import gazetteer as gz

    _sqlite_only(db, "the gazetteer (its gaz_* tables)")
    for line in gz.format_rows(gz.stats(str(db) if db else gaz_path)):
        click.echo(line)


@gazetteer.command("search")
@click.argument("name")
@click.option("--db", type=Database(), default=None)
@click.option("--gazetteer", "gaz_path", default=None)
@handle_errors
def gazetteer_search(name, db, gaz_path):
    """Places whose names match NAME (transliteration-aware)."""
    from . import gazetteer as gz

    _sqlite_only(db, "the gazetteer (its gaz_* tables)")
    rows = gz.search(str(db) if db else gaz_path, name)
    for line in gz.format_rows(rows):
        click.echo(line)
    if not rows:
        click.echo("no match", err=True)
        sys.exit(EXIT_REJECTS)


def main() -> None:
    cli(prog_name="truceline")


if __name__ == "__main__":
    main()
