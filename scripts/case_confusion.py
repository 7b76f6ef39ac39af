"""Confusion table of the CASE dev set: the first event's sub-type against the gold sub-type.

    .venv/bin/python scripts/case_confusion.py               # table and per-class P/R/F1
    .venv/bin/python scripts/case_confusion.py --errors      # also each wrong document (id, gold, ours)
    .venv/bin/python scripts/case_confusion.py --pred P.jsonl  # score an existing score-jsonl file

Runs ``python -m truceline extract`` on ``../shared/gold/case_dev.csv`` (score-jsonl, as devscore.py
does) and labels each document the way ``../shared/tools/score.py --task case`` does: the first
event's sub-type, "NONE" without an event.  Documents whose gold type is not an ACLED sub-type
(``seen_in_acled=0``) are left out, as in subtask 1.  A development aid: it prints the gold's text
of wrong documents to the terminal only and writes nothing into the repository.
Exits 0 with a message when ../shared is absent.
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "case_dev.csv"


def predict(gold: Path) -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "case.jsonl"
        subprocess.run([sys.executable, "-m", "truceline", "extract", str(gold), "--text-col", "text",
                        "--id-col", "id", "--format", "score-jsonl", "--output", str(out), "-q"],
                       cwd=ROOT, check=False)
        return read_pred(out)


def read_pred(path: Path) -> dict[str, list[dict]]:
    docs: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            docs[str(d["doc_id"])] = d.get("events") or []
    return docs


def short(label: str) -> str:
    return label if len(label) <= 18 else label[:17] + "."


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", action="store_true", help="list each wrong document")
    ap.add_argument("--pred", help="an existing score-jsonl file instead of running extract")
    ap.add_argument("--gold", default=str(GOLD))
    a = ap.parse_args()
    gold = Path(a.gold)
    if not gold.exists():
        print(f"skipped: {gold} is absent (the CASE dev gold lives in ../shared/gold)")
        return 0
    rows = [r for r in csv.DictReader(open(gold, encoding="utf-8")) if r.get("seen_in_acled") == "1"]
    preds = read_pred(Path(a.pred)) if a.pred else predict(gold)
    pairs = []
    for r in rows:
        evs = preds.get(str(r["id"]).strip(), [])
        ours = (evs[0].get("sub_event_type") or "NONE") if evs else "NONE"
        pairs.append((r["acled_sub_event_type"], ours, r))
    conf = collections.Counter((g, p) for g, p, _ in pairs)
    labels = sorted({g for g, _, _ in pairs} | {p for _, p, _ in pairs},
                    key=lambda c: -sum(1 for g, _, _ in pairs if g == c))
    print(f"{len(pairs)} documents, accuracy {sum(g == p for g, p, _ in pairs) / len(pairs):.3f}\n")
    print(f"{'gold / ours':34} {'n':>3} {'P':>5} {'R':>5} {'F1':>5}  wrong as")
    for c in labels:
        tp = conf[(c, c)]
        n = sum(v for (g, _), v in conf.items() if g == c)
        fp = sum(v for (g, p), v in conf.items() if p == c and g != c)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / n if n else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        wrong = sorted(((p, v) for (g, p), v in conf.items() if g == c and p != c), key=lambda x: -x[1])
        print(f"{c:34} {n:3} {pr:5.2f} {rc:5.2f} {f1:5.2f}  " + ", ".join(f"{short(p)} {v}" for p, v in wrong))
    print("\nbiggest confusions (gold -> ours):")
    for (g, p), v in sorted(conf.items(), key=lambda kv: -kv[1]):
        if g != p and v >= 2:
            print(f"  {v:3}  {g} -> {p}")
    if a.errors:
        print()
        for g, p, r in sorted(pairs, key=lambda x: (x[0], x[1])):
            if g != p:
                evs = preds.get(str(r["id"]).strip(), [])
                print(f"[{r['id']}] gold={g} ours={p} all={[e.get('sub_event_type') for e in evs]}")
                print("    " + r["text"].replace("\n", " ")[:400])
    return 0


if __name__ == "__main__":
    sys.exit(main())
