"""Geocoding accuracy report (Mordecai3-style): regenerate docs/geo_accuracy.md.

    .venv/bin/python scripts/geo_report.py            # writes docs/geo_accuracy.md
    .venv/bin/python scripts/geo_report.py --stdout   # prints it instead

Runs ``truceline extract`` over ``../shared/gold/ucdp_dev.csv`` and ``../shared/gold/airwars_dev.csv``
with the shared test gazetteer (``../shared/gazetteer/syria_gazetteer.tsv``) and measures, per set and
language, for the first event of each document and for the best-matching event (the scorer's choice:
nearest to the gold point): exact name (``score.norm_place``), within 10 km, within 161 km (100 miles),
median error; the share of documents with no resolved place; the share of event places kept as written
(no coordinates); and the ceiling: the share of documents whose gold place name is written in the text
at all.  Exits 0 with a message when ../shared is absent.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUT = ROOT / "docs" / "geo_accuracy.md"
GAZ = SHARED / "gazetteer" / "syria_gazetteer.tsv"
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_TOKEN = re.compile(r"[\w'’-]+")
_AR_PROCLITIC = re.compile(r"^(?:وب|ول|فب|وك|و|ب|ل|ف|ك)(?=..)")

# set -> (gold file, extract column options, task of score.py)
SETS = {
    "ucdp": ("ucdp_dev.csv", ["--text-col", "text", "--id-col", "id", "--date-col", "pub_date"], "ucdp"),
    "airwars": ("airwars_dev.csv", ["--text-col", "text", "--id-col", "doc_id", "--date-col", "pub_date"], "airwars"),
}


def _score_module():
    spec = importlib.util.spec_from_file_location("truceline_geo_score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def _truceline_cmd() -> list[str]:
    if os.environ.get("TRUCELINE"):
        return os.environ["TRUCELINE"].split()
    venv = ROOT / ".venv" / "bin" / "truceline"
    if venv.exists():
        return [str(venv)]
    if shutil.which("truceline"):
        return ["truceline"]
    return [sys.executable, "-m", "truceline"]


def _extract(gold: Path, cols: list[str], out: Path) -> float:
    cmd = _truceline_cmd() + ["extract", str(gold), *cols, "--format", "score-jsonl", "--output", str(out)]
    if GAZ.exists():
        cmd += ["--gazetteer", str(GAZ)]
    t0 = time.monotonic()
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if run.returncode not in (0, 3) or not out.exists():
        tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
        raise SystemExit(f"truceline extract failed on {gold.name} (exit {run.returncode}): {' | '.join(tail)}")
    return time.monotonic() - t0


def _name_in_text(score, text: str, keys: set[str]) -> bool:
    """The gold name (any variant, scorer's key) is written in the text: a run of 1-5 tokens, an
    Arabic proclitic (و ب ل ف ك) allowed on the first."""
    if not keys:
        return False
    toks = _TOKEN.findall(text)
    for i in range(len(toks)):
        firsts = [toks[i]]
        if _ARABIC.match(toks[i]):
            bare = _AR_PROCLITIC.sub("", toks[i])
            if bare != toks[i]:
                firsts.append(bare)
        for first in firsts:
            for n in range(1, 6):
                if i + n > len(toks):
                    break
                if score.norm_place(" ".join([first, *toks[i + 1:i + n]])) in keys:
                    return True
    return False


class _Tally:
    def __init__(self) -> None:
        self.docs = self.with_xy = self.with_name = self.ceiling = 0
        self.no_place = 0
        self.places = self.unresolved = 0
        self.first = {"name": 0, "km10": 0, "km161": 0, "dists": []}
        self.best = {"name": 0, "km10": 0, "km161": 0, "dists": []}

    def add(self, score, g: dict, evs: list[dict], text: str) -> None:
        self.docs += 1
        xys = [score._ev_xy(e) for e in evs]
        self.no_place += not any(xys)
        for e, xy in zip(evs, xys):
            if e.get("location"):
                self.places += 1
                self.unresolved += xy is None
        if g["keys"]:
            self.with_name += 1
            self.ceiling += _name_in_text(score, text, g["keys"])
        best, _ = score.pick_event(g, evs)
        for which, ev in (("first", evs[0] if evs else None), ("best", best)):
            t = getattr(self, which)
            if g["keys"] and ev is not None:
                t["name"] += score._name_hit(ev, g["keys"], g["lkeys"])
            if g["has_xy"]:
                xy = score._ev_xy(ev) if ev is not None else None
                d = score.haversine_km(g["lat"], g["lon"], xy[0], xy[1]) if xy else None
                if d is not None:
                    t["dists"].append(d)
                t["km10"] += d is not None and d <= 10.0
                t["km161"] += d is not None and d <= 161.0
        self.with_xy += g["has_xy"]

    def row(self, label: str) -> list[str]:
        def pct(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "n/a"

        def med(xs: list[float]) -> str:
            xs = sorted(xs)
            return f"{xs[len(xs) // 2]:.1f}" if xs else "n/a"

        f, b = self.first, self.best
        return [label, str(self.docs),
                pct(f["name"], self.with_name), pct(f["km10"], self.with_xy), pct(f["km161"], self.with_xy),
                med(f["dists"]),
                pct(b["name"], self.with_name), pct(b["km10"], self.with_xy), pct(b["km161"], self.with_xy),
                med(b["dists"]),
                pct(self.no_place, self.docs), pct(self.unresolved, self.places), pct(self.ceiling, self.with_name)]


_HEADER = ["set / language", "docs", "first: name", "first: ≤10 km", "first: ≤161 km", "first: median km",
           "best: name", "best: ≤10 km", "best: ≤161 km", "best: median km", "no resolved place",
           "places unresolved", "ceiling: name in text"]


def measure() -> tuple[list[list[str]], dict[str, float]]:
    score = _score_module()
    rows_out: list[list[str]] = []
    secs: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="geo_report_") as tmp:
        for name, (fname, cols, task) in SETS.items():
            gold_path = SHARED / "gold" / fname
            if not gold_path.exists():
                continue
            pred = Path(tmp) / f"{name}.jsonl"
            secs[name] = _extract(gold_path, cols, pred)
            preds, _ = score.load_pred(str(pred))
            tallies = {"all": _Tally()}
            for r in score.read_csv(str(gold_path)):
                g = score.gold_single(task, r)
                text = r.get("text") or ""
                lang = (r.get("lang") or "").strip() or ("ar" if _ARABIC.search(text) else "en")
                evs = preds.get(g["doc_id"], [])
                for key in ("all", lang):
                    tallies.setdefault(key, _Tally()).add(score, g, evs, text)
            for key in ["all"] + sorted(k for k in tallies if k != "all"):
                if key != "all" and len(tallies) == 2:
                    continue   # one language only: the "all" row says it
                rows_out.append(tallies[key].row(f"{name} / {key}"))
    return rows_out, secs


def render(rows: list[list[str]], secs: dict[str, float]) -> str:
    lines = [
        "# Geocoding accuracy",
        "",
        "Generated by `scripts/geo_report.py` on "
        f"{dt.date.today().isoformat()} from the development gold sets in `../shared/gold` with the shared "
        "test gazetteer (`../shared/gazetteer/syria_gazetteer.tsv`). Regenerate with one command:",
        "",
        "```text",
        ".venv/bin/python scripts/geo_report.py",
        "```",
        "",
        "Each document of `ucdp_dev.csv` (English headlines) and `airwars_dev.csv` (Arabic and English posts) "
        "has one gold place. Figures in the style of the Mordecai3 evaluation:",
        "",
        "* **first** — the document's first predicted event; **best** — the predicted event nearest the gold "
        "point (the scorer's `pick_event`), i.e. whether any event of the document is placed right;",
        "* **name** — the event's location has the gold name's key (`score.norm_place`, the scorer's exact "
        "match); **≤10 km / ≤161 km** — distance from the gold point (161 km = 100 miles, the usual "
        "country-level bound); a document without a placed event counts as a miss; **median km** over the "
        "documents with a placed event;",
        "* **no resolved place** — documents none of whose events has coordinates (no event at all included);",
        "* **places unresolved** — event places kept as written, without coordinates (a name the gazetteer "
        "does not know), among all event places;",
        "* **ceiling: name in text** — documents whose gold place name (any variant, scorer's key, an Arabic "
        "proclitic allowed) is written in the text at all: a name-based geocoder cannot do better on `name`.",
        "",
        "| " + " | ".join(_HEADER) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(_HEADER))) + "|",
    ]
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    lines += ["", "Extraction time (whole set, one process, with start-up): " +
              ", ".join(f"{k} {v:.1f} s" for k, v in secs.items()) + ".", "",
              "How to read it: the gap between **best** and **first** is event ordering (the right place is "
              "found but another event comes first); the gap between the ceiling and **best: name** is "
              "resolution and candidate finding; documents whose gold place is not written in the text "
              "(one minus the ceiling: UCDP headlines often name only a governorate or a district for a "
              "village-level gold, Airwars posts only the countryside for the strike's village) bound "
              "every name-based figure.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stdout", action="store_true", help="print the report instead of writing the doc")
    ap.add_argument("--json", help="also write the rows as JSON to this file")
    a = ap.parse_args(argv)
    if not (SHARED / "tools" / "score.py").exists() or not (SHARED / "gold").is_dir():
        print(f"skipped: {SHARED} is absent (the dev gold sets and the scorer live there)")
        return 0
    rows, secs = measure()
    if not rows:
        print(f"skipped: no ucdp/airwars dev gold in {SHARED / 'gold'}")
        return 0
    doc = render(rows, secs)
    if a.json:
        Path(a.json).write_text(json.dumps({"header": _HEADER, "rows": rows}, ensure_ascii=False, indent=1))
    if a.stdout:
        print(doc)
    else:
        OUT.write_text(doc, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
