"""docs/accuracy.md holds what its one command prints today (scripts/accuracy_report.py --check).

The check runs the extraction on the quicker dev sets (seeds, case, fakes: about 10 s); the full
check of every set is `.venv/bin/python scripts/accuracy_report.py --check`."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCRIPT = ROOT / "scripts" / "accuracy_report.py"
DOC = ROOT / "docs" / "accuracy.md"


def _module():
    spec = importlib.util.spec_from_file_location("accuracy_report", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_accuracy_doc_names_its_one_command_and_has_every_part():
    doc = DOC.read_text(encoding="utf-8")
    assert "`.venv/bin/python scripts/accuracy_report.py`" in doc.split("\n\n")[1]
    for part in ("## Method", "## Figures (dev sets)", "### seeds", "### ucdp", "### case", "### fakes",
                 "### airwars", "Per sub-type", "Most common errors", "<!-- link_report -->"):
        assert part in doc, part


def test_accuracy_check_compares_only_the_given_sets():
    mod = _module()
    text = ("# Accuracy\n\nMeasured on 2026-01-01 by x\n\n```\nset      metric   value\nseeds    event F1   0.5\n"
            "         recall   0.4\ncase     weighted F1   0.8\n```\n\n### seeds\n\n| a | 0.5 |\n\n### case\n\n| b | 1 |\n"
            "\n<!-- link_report -->\n| p | 0.1 |\n<!-- end link_report -->\n")
    assert mod._comparable(text, ["seeds"]) == ["seeds    event F1   0.5", "         recall   0.4", "### seeds",
                                                "| a | 0.5 |"]
    other = text.replace("2026-01-01", "2027-02-02").replace("| p | 0.1 |", "| p | 0.9 |")
    assert mod._comparable(other, ["seeds", "case"]) == mod._comparable(text, ["seeds", "case"])
    assert mod._comparable(text.replace("| b | 1 |", "| b | 2 |"), ["seeds"]) == mod._comparable(text, ["seeds"])
    assert mod._comparable(text.replace("| b | 1 |", "| b | 2 |"), ["case"]) != mod._comparable(text, ["case"])
    # a part that only some sets have (the ceilings come with ucdp) does not shift the comparison
    with_ceilings = text.replace("```\n\n### seeds", "```\n\n## Ceilings\n\n- UCDP: 25%\n\n### seeds")
    assert mod._comparable(with_ceilings, ["seeds", "case"]) == mod._comparable(text, ["seeds", "case"])


def test_accuracy_doc_matches_what_the_command_prints():
    if not (SHARED / "tools" / "devscore.py").exists():
        pytest.skip(f"{SHARED} is absent: the dev gold sets and devscore.py live there")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(SCRIPT), "--check", "seeds", "case", "fakes"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "is current" in run.stdout
