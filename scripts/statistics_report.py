"""How many of the seeds gold statistic rows Truceline produces as Statistic records (a development aid).

    .venv/bin/python scripts/statistics_report.py            # seeds in ../shared
    .venv/bin/python scripts/statistics_report.py --verbose  # one line per gold row
    .venv/bin/python scripts/statistics_report.py --pred OUT.jsonl   # score an earlier extract

Runs ``python -m truceline extract ../shared/corpus/seeds --format jsonl`` and compares the
Statistic records with the rows of ``../shared/gold/seeds_gold.csv`` whose ``record`` is
``statistic``.  A gold row is *found* when a Statistic's evidence sentence overlaps the row's
evidence; its *figures* are right when every figure column the row fills (fatalities, injured,
civilian/child/women fatalities, displaced) is equal, and, for a row that fills none, when the
Statistic's ``breaches`` or ``count`` is a number the row's notes state (the gold keeps breaches,
raids and operations there).  The period is right when start and end are within a day of the
row's ``event_date`` / ``date_end``; actor 1 when the names are equal.  Events built from a gold
statistic's sentence are listed too (the scorer counts them as false positives unless the gold
also codes events there).  Exits 0 with a message when ../shared is absent.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIGURES = ("fatalities", "injured", "civilian_fatalities", "child_fatalities", "women_fatalities", "displaced")


def _date(v) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)[:10]) if v else None
    except ValueError:
        return None


def _int(v) -> int | None:
    try:
        return int(str(v).replace(",", "")) if str(v).strip() else None
    except ValueError:
        return None


def _overlap(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    return bool(a and b) and (a in b or b in a or (len(a) > 60 and a[:60] in b) or (len(b) > 60 and b[:60] in a))


def _notes_numbers(notes: str) -> set[int]:
    return {int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", notes)}


def extract(seeds: Path, out: Path) -> list[dict]:
    cmd = [sys.executable, "-m", "truceline", "extract", str(seeds), "--manifest", str(seeds / "manifest.jsonl"),
           "--format", "jsonl", "-o", str(out), "-q"]
    gaz = SHARED / "gazetteer" / "syria_gazetteer.tsv"
    if gaz.exists():
        cmd += ["--gazetteer", str(gaz)]
    subprocess.run(cmd, cwd=ROOT, check=True)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(gold: list[dict], recs: list[dict], texts: dict[str, str]) -> tuple[dict, list[dict]]:
    stats = [r for r in recs if r.get("kind") == "statistic"]
    events = [r for r in recs if r.get("kind") == "event"]
    rows = []
    for g in gold:
        doc_text = texts.get(g["doc"], "")
        ev = g["evidence"]

        def here(r):
            st = r["sentence"]["text"]
            return st in doc_text and _overlap(st, ev)
        cands = [r for r in stats if here(r)]
        p = cands[0] if cands else None
        row = {"doc": g["doc"][:3], "evidence": ev[:70], "found": p is not None, "figures": False, "period": False,
               "actor1": False, "events": sum(1 for e in events if here(e)), "pred": ""}
        if p is not None:
            want = {k: _int(g.get(k)) for k in FIGURES if _int(g.get(k)) is not None}
            if want:
                row["figures"] = all(p.get(k) == v for k, v in want.items())
            else:
                nums = _notes_numbers(g.get("notes", ""))
                row["figures"] = any(p.get(k) is not None and p.get(k) in nums for k in ("breaches", "count"))
            g0, g1 = _date(g.get("event_date")), _date(g.get("date_end"))
            p0, p1 = _date(p.get("period_start")), _date(p.get("period_end"))
            row["period"] = bool(g0 and p0 and abs((g0 - p0).days) <= 1
                                 and (g1 is None or (p1 is not None and abs((g1 - p1).days) <= 1)))
            row["actor1"] = (p.get("actor1") or {}).get("name", "") == g.get("actor1", "")
            shown = {k: p.get(k) for k in ("breaches", "count", "counted", *FIGURES) if p.get(k) not in (None, "")}
            row["pred"] = f"{shown} {p.get('period_start')}..{p.get('period_end')} p{p.get('time_precision')}"
        rows.append(row)
    n = len(rows)
    summary = {"gold_statistics": n, **{k: sum(r[k] for r in rows) for k in ("found", "figures", "period", "actor1")},
               "events_from_gold_statistic_sentences": sum(r["events"] for r in rows),
               "predicted_statistics": len(stats)}
    return summary, rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--pred", help="score this `truceline extract --format jsonl` output instead of extracting")
    a = ap.parse_args()
    gold_csv = SHARED / "gold" / "seeds_gold.csv"
    seeds = SHARED / "corpus" / "seeds"
    if not gold_csv.exists() or not seeds.exists():
        print(f"skipped: {SHARED} is absent (the seeds gold lives there)")
        return 0
    gold = [r for r in csv.DictReader(open(gold_csv, encoding="utf-8")) if r.get("record") == "statistic"]
    texts = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in seeds.glob("*.txt")}
    if a.pred:
        recs = [json.loads(line) for line in Path(a.pred).read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            recs = extract(seeds, Path(tmp) / "seeds.jsonl")
    summary, rows = score(gold, recs, texts)
    n = summary["gold_statistics"]
    print(f"seeds gold statistics: {n}")
    for k, label in (("found", "found as a Statistic"), ("figures", "with the right figures"),
                     ("period", "with the right period"), ("actor1", "with the right actor 1")):
        print(f"  {label:28} {summary[k]:3d} / {n}")
    print(f"  events from their sentences  {summary['events_from_gold_statistic_sentences']:3d}")
    print(f"  statistics predicted         {summary['predicted_statistics']:3d}")
    if a.verbose:
        for r in rows:
            flags = "".join(c if r[k] else "." for c, k in (("S", "found"), ("F", "figures"), ("P", "period"),
                                                             ("A", "actor1")))
            print(f"{r['doc']} {flags} ev{r['events']} {r['evidence']!r} {r['pred']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
