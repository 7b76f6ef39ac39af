"""Regenerate docs/accuracy.md from the dev gold sets: ONE command for the whole file.

    .venv/bin/python scripts/accuracy_report.py                  # every dev set in ../shared/gold
    .venv/bin/python scripts/accuracy_report.py --check          # fail when docs/accuracy.md is stale
    .venv/bin/python scripts/accuracy_report.py --check seeds case   # check some sets only

It runs ``python3 ../shared/tools/devscore.py --json`` (``truceline extract`` on each set, scored by
``../shared/tools/score.py``) and prints its table into the file as it is (less the timing column);
then ``truceline eval`` on each set (the same extraction, scored by truceline/evaluate) for the
per-class figures (per sub-type P/R/F1 on seeds and CASE), the most common error kinds and a table
of our figures beside score.py's; the ceilings measured on the gold itself; and last it runs
``scripts/link_report.py --write``, which rewrites the linking section (between
``<!-- link_report -->`` markers; ``--no-link`` keeps the section as it is).

``--check`` writes nothing: it regenerates the text of the given sets (all by default) and exits 1
naming the first line that differs from docs/accuracy.md (the date line and the linking section
are not compared).  Exits 0 with a message when ../shared is absent.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUT = ROOT / "docs" / "accuracy.md"
GAZ = SHARED / "gazetteer" / "syria_gazetteer.tsv"
SETS = ["seeds", "ucdp", "case", "fakes", "airwars"]
COMMAND = "`.venv/bin/python scripts/accuracy_report.py`"

sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- measuring
def devscore(sets: list[str]) -> tuple[str, dict]:
    """devscore's printed table (timings left out) and its JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        js = Path(tmp) / "dev.json"
        run = subprocess.run([sys.executable, str(SHARED / "tools" / "devscore.py"), *sets, "--json", str(js),
                              "--truceline", f"{sys.executable} -m truceline"],
                             cwd=ROOT, capture_output=True, text=True)
        data = json.loads(js.read_text()) if js.exists() else {}
    lines = []
    for ln in run.stdout.rstrip().splitlines():
        ln = re.sub(r"  secs$", "", ln)
        ln = re.sub(r"^(\S.{48}\s*\d+\.\d\d)  \d+\.\d+", r"\1", ln)   # the seconds after a set's first goal
        lines.append(ln.rstrip())
    return "\n".join(lines), data


def gold_file(name: str) -> Path:
    return SHARED / "gold" / ("seeds_gold.csv" if name == "seeds" else f"{name}_dev.csv")


def run_eval(name: str) -> dict:
    """`truceline eval` on one dev set, in a subprocess of this worktree's package."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "eval.json"
        cmd = [sys.executable, "-m", "truceline", "eval", "--gold", str(gold_file(name)), "--format", name,
               "--json", str(out), "-q"]
        if name == "seeds":
            cmd += ["--texts", str(SHARED / "corpus" / "seeds"), "--manifest",
                    str(SHARED / "corpus" / "seeds" / "manifest.jsonl")]
        if GAZ.exists():
            cmd += ["--gazetteer", str(GAZ)]
        run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0 or not out.exists():
            raise SystemExit(f"truceline eval failed on {name}: {run.stderr.strip()[-500:]}")
        return json.loads(out.read_text())


def ceilings() -> dict[str, float]:
    """Upper bounds set by the texts: how often the gold place / death figure is written in them."""
    from truceline.evaluate.matching import integer, name_keys

    rows = list(csv.DictReader(open(SHARED / "gold" / "ucdp_dev.csv", encoding="utf-8")))
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10}
    place_hit = death_hit = 0
    for r in rows:
        keys = name_keys([r["gold_location"]])
        toks = re.findall(r"[\w'-]+", r["text"])
        grams = name_keys(" ".join(toks[i:i + n]) for n in range(1, 5) for i in range(len(toks) - n + 1))
        place_hit += bool(keys & grams)
        nums = {int(n) for n in re.findall(r"\d+", r["text"])} | {v for k, v in words.items()
                                                                 if re.search(rf"\b{k}\b", r["text"], re.I)}
        best = integer(r["best"]) or 0
        death_hit += best in nums or best == 0
    return {"ucdp_place_named": place_hit / len(rows), "ucdp_best_written_or_zero": death_hit / len(rows)}


# --------------------------------------------------------------------------- rendering
# per set: (figure in devscore's JSON (score.py), our figure in `truceline eval`'s JSON, label)
AGREE = {
    "seeds": [("f1", "f1", "event F1"), ("precision", "precision", "precision"), ("recall", "recall", "recall"),
              ("on_matches.sub_event_type_acc", "on_matches.sub_event_type_acc", "sub-type on matches"),
              ("on_matches.side_pair_strict", "on_matches.side_pair_strict", "sides on matches"),
              ("on_matches.fatalities_exact", "on_matches.fatalities_exact", "deaths on matches"),
              ("on_matches.date_exact", "on_matches.date_exact", "date on matches")],
    "ucdp": [("loc_within_10km_first_event", "loc_within_10km_first_event", "place <=10 km (first event)"),
             ("loc_within_10km", "loc_within_10km", "place <=10 km (matched event)"),
             ("loc_name_exact", "loc_name_exact", "place name exact"),
             ("fatalities_exact", "deaths", "deaths exact"), ("side_pair_strict", "side_pair_strict", "sides strict"),
             ("date_exact", "date_exact", "date exact")],
    "case": [("subtask1.weighted_f1", "weighted_f1", "weighted F1"), ("subtask1.macro_f1", "macro_f1", "macro F1")],
    "fakes": [("all.civilian_exact", "civilian_exact", "civilian deaths exact"),
              ("all.civilian_exact_gold_pos", "civilian_exact_gold_pos", "civilian deaths exact, gold>0"),
              ("all.admin1_majority_match", "admin1_majority_match", "governorate")],
    "airwars": [("loc_within_10km_first_event", "loc_within_10km_first_event", "place <=10 km (first event)"),
                ("loc_name_exact", "loc_name_exact", "place name exact"),
                ("civilian_fatalities_in_range", "deaths", "civilian deaths in range"),
                ("belligerent_side_match", "belligerent_side_match", "belligerent side")],
}
# per set: the error figures of `truceline eval` worth listing, and their labels
ERRORS = {
    "seeds": [("fatalities_exact", "deaths on matches"), ("date_exact", "date on matches"),
              ("sub_event_type_acc", "sub-type on matches")],
    "ucdp": [("loc_within_10km", "place"), ("date_exact", "date"), ("deaths", "deaths"),
             ("side_pair_strict", "sides")],
    "case": [("sub_event_type", "sub-type (gold -> predicted)")],
    "fakes": [("civilian_exact", "civilian deaths"), ("admin1_majority_match", "governorate")],
    "airwars": [("loc_within_10km", "place"), ("deaths", "civilian deaths"), ("date_exact", "date"),
                ("belligerent_side_match", "belligerent side")],
}


def _dig(d: dict, path: str):
    for part in path.split("."):
        if not isinstance(d, dict) or part not in d:
            return None
        d = d[part]
    return d


def _f(v) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def set_section(name: str, dev: dict, ev: dict) -> list[str]:
    """Our figures beside score.py's, per-class figures and error kinds of one dev set."""
    sm, om = dev.get(name, {}).get("metrics", {}), ev["metrics"]
    out = [f"### {name}", "", "| figure | score.py (devscore) | truceline eval |", "|---|---|---|"]
    for theirs, ours, label in AGREE[name]:
        out.append(f"| {label} | {_f(_dig(sm, theirs))} | {_f(_dig(om, ours))} |")
    out.append("")
    per = om.get("per_class") if name == "case" else om.get("per_sub_type") if name == "seeds" else None
    if per:
        key = "support" if name == "case" else "gold"
        pkey = "predicted" if name == "seeds" else None
        out += [f"Per sub-type ({'the first event of a snippet' if name == 'case' else 'matched events'}):", "",
                "| sub-type | precision | recall | F1 | gold | predicted |", "|---|---|---|---|---|---|"]
        for k, v in sorted(per.items(), key=lambda kv: (-kv[1].get(key, 0), kv[0])):
            n_pred = v[pkey] if pkey else v["tp"] + v["fp"]
            out.append(f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v.get(key, 0)} | "
                       f"{n_pred} |")
        out.append("")
    errs = om.get("errors") or {}
    lines = []
    for fig, label in ERRORS[name]:
        kinds = errs.get(fig)
        if kinds:
            top = list(kinds.items())[:5 if name == "case" else 4]
            lines.append(f"- {label}: " + "; ".join(f"{k} {n}" for k, n in top))
    if lines:
        out += ["Most common errors (documents or events):", "", *lines, ""]
    return out


METHOD = [
    "## Method",
    "",
    "- **seeds**: the five seed articles coded by hand; gold events matched greedily per document (place",
    "  within 15 km or same name, date within a day, same event type); precision, recall, F1, then",
    "  sub-type, side pair and deaths on the matched pairs.",
    "- **ucdp**: SOHR headlines with the UCDP GED event they were coded into (one per text); the first",
    "  predicted event's place within 10 km, deaths equal to UCDP `best`, side pair, date.",
    "- **case**: CASE-2021 task 2 snippets (world news); the first event's sub-type is the label;",
    "  weighted and macro F1 over the 25 ACLED sub-types.",
    "- **fakes**: FA-KES articles; per article the sum of civilian deaths over all events must equal the",
    "  gold count; governorate = the most frequent predicted admin1.",
    "- **airwars**: Arabic and English posts attached to Airwars incidents; first event within 10 km,",
    "  civilian deaths inside the gold min-max, belligerent side.",
    "",
    "The definitions, and the error kinds below, are those of `truceline eval` ([evaluation.md](evaluation.md)),",
    "which scores the same extraction with its own implementation; its figures are shown beside",
    "score.py's for each set.",
]


def render(sets: list[str], table: str, dev: dict, evals: dict[str, dict], cl: dict | None) -> str:
    lines = [
        "# Accuracy",
        "",
        f"Measured on {dt.date.today().isoformat()} by {COMMAND}, which",
        "runs `python3 ../shared/tools/devscore.py` (each dev gold set in `../shared/gold` through",
        "`truceline extract`, scored by `../shared/tools/score.py`), then `truceline eval` on each set,",
        "then `scripts/link_report.py --write` for the linking section. Regenerate the whole file with",
        "that one command; `--check` tells whether it is current (`tests/test_accuracy_doc.py`).",
        "",
        *METHOD,
        "",
        "## Figures (dev sets)",
        "",
        "`python3 ../shared/tools/devscore.py` prints (without its timing column):",
        "",
        "```",
        table,
        "```",
        "",
    ]
    if cl:
        lines += [
            "## Ceilings set by the texts",
            "",
            f"- UCDP: the gold place name is written in the headline in {cl['ucdp_place_named']:.1%} of the texts;",
            f"  the gold death figure (`best`) is written in the text, or is zero, in "
            f"{cl['ucdp_best_written_or_zero']:.1%}.",
            "  Most UCDP rows code a village and a toll that the SOHR headline does not state, so place and deaths",
            "  figures far above these shares cannot come from reading the text.",
            "- Airwars: the gold belligerent is Airwars' attribution (often \"Russian Military\" where the text says",
            "  regime forces), and only about half of the gold villages are in the test gazetteer with Arabic names.",
            "",
        ]
    lines += ["## Per set: `truceline eval` beside score.py, per-class figures, error kinds", ""]
    for name in sets:
        if name in evals:
            lines += set_section(name, dev, evals[name])
    return "\n".join(lines).rstrip("\n") + "\n"


def keep_link_section(old: str, new: str) -> str:
    """``new`` with the linking section of ``old`` (written by scripts/link_report.py --write,
    between its markers) appended as it was."""
    m = re.search(r"<!-- link_report -->.*?<!-- end link_report -->\n?", old, re.S)
    return new.rstrip("\n") + "\n\n" + m.group(0) if m else new


def _comparable(text: str, sets: list[str]) -> list[str]:
    """The lines of the generated part that --check compares: no date line, no blank lines, no linking section;
    with a subset of sets, only the table rows and per-set sections of those sets."""
    text = re.sub(r"<!-- link_report -->.*", "", text, flags=re.S)
    out, current, in_table = [], None, False
    for ln in text.splitlines():
        if ln.startswith("Measured on ") or not ln.strip():
            continue
        if ln.startswith("```"):
            in_table, current = not in_table, None
            continue
        if in_table:
            m = re.match(r"^(\w+)\s", ln)
            if m and m.group(1) in SETS:
                current = m.group(1)
            if ln.startswith("set "):
                continue
            if current in sets:
                out.append(ln)
            continue
        if ln.startswith("### "):
            current = ln[4:].strip()
        elif ln.startswith("## "):
            current = None
        if current in sets:
            out.append(ln)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sets", nargs="*", default=SETS, help="dev sets (default: all)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 when docs/accuracy.md is stale")
    ap.add_argument("--no-link", action="store_true", help="keep the linking section as it is")
    a = ap.parse_args()
    if not (SHARED / "tools" / "devscore.py").exists():
        print(f"skipped: {SHARED} is absent (the dev gold sets live there)")
        return 0
    sets = [s for s in SETS if s in a.sets]
    table, dev = devscore(sets)
    print(table)
    evals = {name: run_eval(name) for name in sets if gold_file(name).exists()}
    text = render(sets, table, dev, evals, ceilings() if "ucdp" in sets else None)
    old = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if a.check:
        want, have = _comparable(text, sets), _comparable(old, sets)
        for i, (w, h) in enumerate(zip(want, have)):
            if w != h:
                print(f"docs/accuracy.md is stale (regenerate: {COMMAND}):\n  doc:    {h}\n  now:    {w}")
                return 1
        if len(want) != len(have):
            print(f"docs/accuracy.md is stale (regenerate: {COMMAND}): {len(have)} lines, now {len(want)}")
            return 1
        print(f"docs/accuracy.md is current for {', '.join(sets)}")
        return 0
    if sets != SETS:
        print("a subset of sets is only for --check; docs/accuracy.md is written from every set")
        return 2
    OUT.write_text(keep_link_section(old, text), encoding="utf-8")
    print(f"wrote {OUT}")
    if not a.no_link:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}   # this worktree's package, not an installed one
        run = subprocess.run([sys.executable, str(ROOT / "scripts" / "link_report.py"), "--write"], cwd=ROOT, env=env)
        if run.returncode != 0:
            print("scripts/link_report.py --write failed; the linking section is the old one")
            return run.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
