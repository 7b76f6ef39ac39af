"""The breach report: breaches per period and agreement, who says who broke it, casualties,
displacement, and the counts the sources report (Statistic records) beside the computed ones.

Reported counts: a stored Statistic with ``breaches`` (or a ``count``) is set beside an agreement
when its sentence names the agreement, else when its place lies in the agreement's area, else
(no place, no agreement named) when that agreement is the only one in force over the whole
statistic's period ("assumed").  It is shown in the period of its ``period_start``.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .agreements import Agreement, Agreements
from .breaches import BREACH, UNCERTAIN, Breach, find_breaches
from .geometry import EDGE_KM, area_of

__all__ = ["ReportedCount", "PeriodRow", "Report", "build_report", "period_of", "PERIODS"]

PERIODS = ("day", "week", "month")


def period_of(d: dt.date, by: str) -> tuple[dt.date, dt.date]:
    """The period (first day, last day) of ``d``: its day, ISO week (Monday..Sunday) or month."""
    if by == "day":
        return d, d
    if by == "week":
        start = d - dt.timedelta(days=d.weekday())
        return start, start + dt.timedelta(days=6)
    if by == "month":
        return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {by!r}")


def _label(start: dt.date, by: str) -> str:
    if by == "month":
        return start.strftime("%Y-%m")
    if by == "week":
        y, w, _ = start.isocalendar()
        return f"{y}-W{w:02d}"
    return start.isoformat()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportedCount:
    statistic_id: str
    article_id: str
    agreement: str
    basis: str                        # named | area | assumed
    period_start: dt.date | None
    period_end: dt.date | None
    breaches: int | None
    count: int | None
    counted: str
    claimant: str
    outlet: str
    actor1: str
    civilian_fatalities: int | None
    fatalities: int | None
    displaced: int | None
    evidence: str
    evidence_start: int
    evidence_end: int

    @property
    def value(self) -> int | None:
        return self.breaches if self.breaches is not None else self.count

    def describe(self) -> str:
        what = "breaches" if self.breaches is not None else (self.counted or "count")
        who = self.claimant or self.outlet or "?"
        span = f"{self.period_start}..{self.period_end}" if self.period_end and self.period_end != self.period_start \
            else f"{self.period_start}"
        return f"{self.value} {what} ({who}, {span}{', assumed' if self.basis == 'assumed' else ''})"


@dataclass(slots=True, kw_only=True)
class PeriodRow:
    agreement: str
    period: str
    start: dt.date
    end: dt.date
    breaches: int = 0
    uncertain: int = 0
    fatalities: int = 0
    civilian_fatalities: int = 0
    displaced: int = 0
    by_perpetrator: Counter = field(default_factory=Counter)                   # blamed actor -> incidents
    by_claimant: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # "claimant [alignment]" -> blamed -> n
    reported: list[ReportedCount] = field(default_factory=list)

    @property
    def reported_total(self) -> int | None:
        vals = [r.breaches for r in self.reported if r.breaches is not None]
        return max(vals) if vals else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "agreement": self.agreement, "period": self.period, "start": self.start.isoformat(),
            "end": self.end.isoformat(), "breaches": self.breaches, "uncertain": self.uncertain,
            "fatalities": self.fatalities, "civilian_fatalities": self.civilian_fatalities,
            "displaced": self.displaced, "by_perpetrator": dict(self.by_perpetrator.most_common()),
            "by_claimant": {k: dict(v.most_common()) for k, v in sorted(self.by_claimant.items())},
            "reported_breaches": self.reported_total,
            "reported": [{"statistic_id": r.statistic_id, "article_id": r.article_id, "basis": r.basis,
                          "breaches": r.breaches, "count": r.count, "counted": r.counted, "claimant": r.claimant,
                          "outlet": r.outlet, "blames": r.actor1,
                          "period_start": r.period_start.isoformat() if r.period_start else None,
                          "period_end": r.period_end.isoformat() if r.period_end else None,
                          "civilian_fatalities": r.civilian_fatalities, "fatalities": r.fatalities,
                          "displaced": r.displaced, "evidence": r.evidence, "evidence_start": r.evidence_start,
                          "evidence_end": r.evidence_end} for r in self.reported],
        }


@dataclass(slots=True, kw_only=True)
class Report:
    by: str
    agreements: list[Agreement]
    rows: list[PeriodRow]
    breaches: list[Breach]

    def as_dict(self) -> dict[str, Any]:
        return {"by": self.by,
                "agreements": [{"id": a.id, "name": a.name, "effective": a.effective.isoformat(),
                                "ended": a.ended.isoformat() if a.ended else None} for a in self.agreements],
                "periods": [r.as_dict() for r in self.rows],
                "breaches": [b.as_dict() for b in self.breaches]}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    CSV_COLUMNS = ("agreement", "period", "start", "end", "breaches", "uncertain", "reported_breaches",
                   "reported", "fatalities", "civilian_fatalities", "displaced", "by_perpetrator", "by_claimant")

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(self.CSV_COLUMNS)
        for r in self.rows:
            w.writerow([r.agreement, r.period, r.start, r.end, r.breaches, r.uncertain,
                        "" if r.reported_total is None else r.reported_total,
                        "; ".join(x.describe() for x in r.reported), r.fatalities, r.civilian_fatalities,
                        r.displaced, "; ".join(f"{k}: {v}" for k, v in r.by_perpetrator.most_common()),
                        "; ".join(f"{c} blames {a}: {n}" for c, cnt in sorted(r.by_claimant.items())
                                  for a, n in cnt.most_common())])
        return buf.getvalue()

    def to_table(self) -> str:
        """A plain-text table (one line per period), then who says who broke it."""
        head = ("agreement", "period", "breaches", "uncertain", "reported", "killed", "civilians", "displaced")
        lines = []
        body = [(r.agreement, r.period, str(r.breaches), str(r.uncertain),
                 "-" if r.reported_total is None else str(r.reported_total), str(r.fatalities),
                 str(r.civilian_fatalities), str(r.displaced)) for r in self.rows]
        widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths)))
        for b in body:
            lines.append("  ".join(x.ljust(w) for x, w in zip(b, widths)))
        if not body:
            lines.append("(no breaches in the selection)")
        for r in self.rows:
            extra = []
            for x in r.reported:
                extra.append(f"    reported: {x.describe()}: \"{_short(x.evidence)}\"")
            for c, cnt in sorted(r.by_claimant.items()):
                extra.append(f"    {c} blames " + ", ".join(f"{a} ({n})" for a, n in cnt.most_common()))
            if extra:
                lines.append(f"  {r.agreement} {r.period}:")
                lines += extra
        return "\n".join(lines) + "\n"


def _short(s: str, n: int = 140) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _claimant_key(c) -> str:
    who = c.claimant or c.outlet or "unknown source"
    return f"{who} [{c.alignment}]" if c.alignment else who


def reported_counts(store, ags: Agreements, selected: list[Agreement],
                    date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[ReportedCount]:
    """The stored breach counts (Statistic records with breaches or a count) of the selected agreements."""
    out: list[ReportedCount] = []
    sel = {a.id: a for a in selected}
    rows = store.select(
        "SELECT id, article_id, period_start, period_end, breaches, \"count\", counted, claimant, outlet, actor1, "
        "civilian_fatalities, fatalities, displaced, latitude, longitude, admin1, agreement, evidence, "
        "sentence_start, sentence_end FROM statistics WHERE (breaches IS NOT NULL OR \"count\" IS NOT NULL) "
        "ORDER BY period_start, id")
    for (sid, aid, ps, pe, br, cnt, counted, claimant, outlet, actor1, civ, fat, disp, lat, lon, ad1, named,
         ev, s0, s1) in rows:
        p0 = dt.date.fromisoformat(ps) if ps else None
        p1 = dt.date.fromisoformat(pe) if pe else p0
        if p0 is None:
            continue
        if (date_from and (p1 or p0) < date_from) or (date_to and p0 > date_to):
            continue
        hits: list[tuple[str, str]] = []
        if named:
            if named in sel:
                hits.append((named, "named"))
        elif lat is not None and lon is not None:
            for a in selected:
                if a.in_force(p0) or a.in_force(p1 or p0):
                    sh = area_of(ags, a.id)
                    if any(d is not None and d <= EDGE_KM for _, d in sh.locate(lon, lat, ad1 or "")):
                        hits.append((a.id, "area"))
        else:
            in_force = [a for a in ags if a.effective <= p0 and (a.ended is None or (p1 or p0) <= a.ended)]
            if len(in_force) == 1 and in_force[0].id in sel:
                hits.append((in_force[0].id, "assumed"))
        for ag_id, basis in hits:
            out.append(ReportedCount(statistic_id=sid, article_id=aid, agreement=ag_id, basis=basis, period_start=p0,
                                     period_end=p1, breaches=br, count=cnt, counted=counted or "", claimant=claimant or "",
                                     outlet=outlet or "", actor1=actor1 or "", civilian_fatalities=civ, fatalities=fat,
                                     displaced=disp, evidence=ev or "", evidence_start=s0, evidence_end=s1))
    return out


def build_report(store, ags: Agreements, agreement: Agreement | None = None, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, by: str = "month") -> Report:
    """Breaches per period (``by``: day | week | month) of one agreement or of all."""
    if by not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {by!r}")
    selected = [agreement] if agreement is not None else list(ags)
    breaches = find_breaches(store, ags, agreement, date_from, date_to)
    rows: dict[tuple[str, dt.date], PeriodRow] = {}

    def row(ag_id: str, d: dt.date) -> PeriodRow:
        s, e = period_of(d, by)
        key = (ag_id, s)
        if key not in rows:
            rows[key] = PeriodRow(agreement=ag_id, period=_label(s, by), start=s, end=e)
        return rows[key]

    for b in breaches:
        s = b.subject
        if s.event_date is None:
            continue
        r = row(b.agreement, s.event_date)
        if b.status == BREACH:
            r.breaches += 1
        elif b.status == UNCERTAIN:
            r.uncertain += 1
        r.fatalities += s.fatalities_best or 0
        r.civilian_fatalities += s.civilian_fatalities or 0
        r.displaced += s.displaced or 0
        for a in dict.fromkeys(c.actor1 or "unknown" for c in s.claims if c.stance != "denied"):
            r.by_perpetrator[a] += 1
        for c in s.claims:
            r.by_claimant[_claimant_key(c)][(c.actor1 or "unknown") + (" (denied)" if c.stance == "denied" else "")] += 1
    for rc in reported_counts(store, ags, selected, date_from, date_to):
        assert rc.period_start is not None
        row(rc.agreement, rc.period_start).reported.append(rc)
    ordered = sorted(rows.values(), key=lambda r: (r.start, r.agreement))
    return Report(by=by, agreements=selected, rows=ordered, breaches=breaches)


def agreements_table(ags: Agreements) -> str:
    """One block per agreement: dates, area parts, terms, sources."""
    out = []
    for a in ags:
        out.append(f"{a.id}  {a.label}")
        out.append(f"  signed {a.signed}, effective {a.effective}{(' ' + a.effective_time) if a.effective_time else ''}, "
                   f"ended {a.ended or '-'}" + (" (unilateral)" if a.unilateral else ""))
        if a.ended_note:
            out.append(f"  end: {_short(a.ended_note, 160)}")
        sh = area_of(ags, a.id)
        parts = []
        for ps in sh.parts:
            p = ps.part
            size = f"{ps.shape.area:,.0f} km²" if ps.shape is not None else "admin " + ", ".join(p.admin1 + p.admin2)
            extra = {"corridor": f", {p.half_width_km:g} km each side", "band": f", {p.width_km:g} km {p.side}",
                     "polygon": f", +{p.buffer_km:g} km margin" if p.buffer_km else ""}.get(p.kind, "")
            eff = f", from {p.effective}" if p.effective else ""
            parts.append(f"{p.name} ({p.kind}, {size}{extra}{eff})")
        out.append("  area: " + "; ".join(parts))
        out.append("  terms: " + ", ".join(t.id + (f" (in {', '.join(t.within)})" if t.within else "") for t in a.terms))
        out.append(f"  guarantors: {', '.join(a.guarantors) or '-'};  file: {a.file}")
        for s in a.sources:
            out.append(f"  source: {s.title}" + (f" ({s.publisher})" if s.publisher else "") + (f" {s.url}" if s.url else ""))
    return "\n".join(out) + "\n"


def summary_line(store, ags: Agreements) -> str:
    """One line for a run's summary: "breaches: 3 of Moscow additional protocol; ..." ('' when none)."""
    counts: Counter = Counter()
    for b in find_breaches(store, ags, include_uncertain=False):
        counts[b.agreement] += 1
    if not counts:
        return ""
    return "breaches: " + "; ".join(f"{n} of {ags.get(a).label}" for a, n in counts.most_common())  # type: ignore[union-attr]


def iter_breach_lines(breaches: Iterable[Breach]) -> Iterable[str]:
    for b in breaches:
        s = b.subject
        yield (f"{b.agreement}  {b.status}  {s.id}  {s.event_date or '?'}  {s.sub_event_type}  {s.location or '?'}  "
               f"terms: {', '.join(b.terms)}  parts: {', '.join(b.parts)}  killed: "
               f"{s.fatalities_best if s.fatalities_best is not None else '-'}  "
               + "  ".join(f"[{c} says {a}{' (denied)' if st == 'denied' else ''}]" for c, _, a, st in b.perpetrators()))
