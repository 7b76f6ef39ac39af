"""Printing and writing an evaluation: a rich table of figures with their denominators, the most
common error kinds, the per-class table; and the whole result as JSON."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

LABELS = {
    "event_detected": "documents with an event", "loc_within_10km": "place <= 10 km (matched event)",
    "loc_within_10km_first_event": "place <= 10 km (first event)",
    "loc_within_10km_precise_gold": "place <= 10 km, precise gold", "loc_name_exact": "place name exact", "loc_name_loose": "place name, loose spelling",
    "deaths": "deaths (exact / in range)", "deaths_detected_only": "deaths, documents with an event",
    "date_exact": "date exact", "admin1_match": "governorate", "side_pair_strict": "sides strict",
    "side_pair_progov_collapsed": "sides, pro-government collapsed", "belligerent_side_match": "belligerent side",
    "sub_event_type_acc": "sub-type", "event_type_acc": "event type", "precision": "event precision",
    "recall": "event recall", "f1": "event F1", "fatalities_exact": "deaths exact",
    "weighted_f1": "weighted F1", "macro_f1": "macro F1", "micro_f1": "micro F1", "accuracy": "accuracy",
    "civilian_exact": "civilian deaths exact", "civilian_exact_gold_pos": "civilian deaths exact, gold > 0",
    "children_exact": "child deaths exact", "women_exact": "women deaths exact",
    "admin1_majority_match": "governorate (most frequent)",
}


def rows(result: dict[str, Any]) -> Iterator[tuple[str, str, float | None, int | None]]:
    """(section, figure name, value, denominator) of an evaluation, in the order they are printed."""
    m = result["metrics"]
    mode = result["mode"]
    if mode in ("single", "sums"):
        for k, v in m.items():
            if k in LABELS and (v is None or isinstance(v, float)):
                yield "", k, v, m["denominators"].get(k)
    mm = m.get("matching") if mode == "single" else m if mode == "multi" else None
    if mm:
        sec = "matching" if mode == "single" else ""
        for k in ("precision", "recall", "f1"):
            yield sec, k, mm[k], mm["gold_events"] if k == "recall" else mm["pred_events"]
        for k, v in mm["on_matches"].items():
            yield sec or "on matches", k, v, mm["denominators"].get(k)
    if mode == "label":
        for k in ("weighted_f1", "macro_f1", "micro_f1", "accuracy"):
            yield "", k, m[k], m["n_docs"]


def per_class(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    m = result["metrics"]
    if result["mode"] == "label":
        return m["per_class"]
    if result["mode"] == "single" and result["format"] != "acled":
        return {}
    mm = m.get("matching") if result["mode"] == "single" else m
    return (mm or {}).get("per_sub_type", {})


def errors(result: dict[str, Any]) -> dict[str, dict[str, int]]:
    m = result["metrics"]
    out = dict(m.get("errors") or {})
    return out


def print_report(result: dict[str, Any], console: Any = None, top: int = 5) -> None:
    from rich.console import Console
    from rich.table import Table

    con = console or Console()
    t = Table(title=f"truceline eval: {result['gold']} ({result['format']}, {result['documents']} documents, "
                    f"{result['predicted_events']} predicted events)")
    for c, j in (("figure", "left"), ("value", "right"), ("of", "right")):
        t.add_column(c, justify=j)  # type: ignore[arg-type]
    for sec, k, v, den in rows(result):
        t.add_row((sec + ": " if sec else "") + LABELS.get(k, k), "n/a" if v is None else f"{v:.3f}",
                  "" if den is None else str(den))
    con.print(t)
    pc = per_class(result)
    if pc:
        t = Table(title="per sub-type")
        for c in ("sub-type", "P", "R", "F1", "gold"):
            t.add_column(c, justify="left" if c == "sub-type" else "right")
        for k, v in sorted(pc.items(), key=lambda kv: -kv[1].get("gold", kv[1].get("support", 0))):
            t.add_row(k, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                      str(v.get("gold", v.get("support", 0))))
        con.print(t)
    errs = errors(result)
    if errs:
        t = Table(title="most common errors")
        for c in ("figure", "error kind", "documents"):
            t.add_column(c, justify="right" if c == "documents" else "left")
        for k, kinds in errs.items():
            for i, (why, n) in enumerate(list(kinds.items())[:top]):
                t.add_row(LABELS.get(k, k) if i == 0 else "", why, str(n))
        con.print(t)


def write_json(result: dict[str, Any], path: str | Path) -> None:
    Path(path).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
