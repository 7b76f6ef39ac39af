"""``truceline eval``: run the extraction on a gold file's texts and score it against the gold.

    from truceline.evaluate import evaluate
    result = evaluate("my_acled.csv", "acled")          # dict: figures, denominators, error kinds

``formats`` reads gold files (ACLED, UCDP, our own JSONL, the dev-set presets), ``matching`` pairs
predicted with gold events, ``metrics`` computes the figures, ``report`` prints and writes them.
The definitions are in docs/evaluation.md.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from .formats import FORMATS, Columns, GoldSet, load_gold
from .matching import SideMap
from .metrics import score

__all__ = ["evaluate", "predict", "read_predictions", "load_gold", "score", "Columns", "FORMATS", "SideMap"]


def read_predictions(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """A score-jsonl file (``truceline extract``'s default output) -> doc_id -> events."""
    docs: dict[str, list[dict[str, Any]]] = {}
    for ln in Path(path).read_text(encoding="utf-8").splitlines():
        if ln.strip():
            obj = json.loads(ln)
            docs.setdefault(str(obj.get("doc_id", "")).strip(), []).extend(
                e for e in obj.get("events") or [] if isinstance(e, dict))
    return docs


def predict(gs: GoldSet, settings: Any = None, manifest: str | Path | None = None,
            on_reject: Callable[[Any], None] | None = None) -> tuple[Any, dict[str, list[dict[str, Any]]]]:
    """Run the extraction (the code path of ``truceline extract --format score-jsonl``) on the gold
    set's texts -> (run report, doc_id -> predicted events in score-jsonl form)."""
    from .. import pipeline
    from ..export import score_event
    from ..settings import Settings

    settings = settings or Settings.load(None)
    c = gs.columns
    with tempfile.TemporaryDirectory(prefix="truceline_eval_") as tmp:
        inputs: Sequence[str] = gs.inputs
        kw: dict[str, Any] = {"text_col": c.text, "id_col": c.id, "date_col": c.date, "title_col": c.title,
                              "outlet_col": c.outlet}
        if gs.records is not None:     # no id column: feed the texts under row ids
            p = Path(tmp) / "docs.jsonl"
            p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gs.records), encoding="utf-8")
            inputs = [str(p)]
            kw = {"text_col": "text", "id_col": "doc_id", "date_col": "published", "title_col": "title",
                  "outlet_col": "outlet"}
        if gs.texts:                   # texts in their own files: doc_id = file name
            kw = {}
        opts = pipeline.ingest_options(settings, manifest=Path(manifest) if manifest else None, **kw)
        report, docs = pipeline.score_documents(list(inputs), settings, opts, on_reject)
    return report, {d: [score_event(e) for e in evs] for d, evs in docs.items()}


def evaluate(gold: str | Path, fmt: str, columns: Columns | None = None, *, settings: Any = None,
             texts: Sequence[str] = (), manifest: str | Path | None = None, pred: str | Path | None = None,
             on_reject: Callable[[Any], None] | None = None) -> dict[str, Any]:
    """Score Truceline on a gold file.  ``pred``: score an existing score-jsonl file instead of
    running the extraction."""
    from .. import pipeline
    from ..settings import Settings

    settings = settings or Settings.load(None)
    gs = load_gold(gold, fmt, columns, tuple(texts))
    if pred is not None:
        preds: Mapping[str, list[dict[str, Any]]] = read_predictions(pred)
        rejects = 0
    else:
        report, preds = predict(gs, settings, manifest, on_reject)
        rejects = len(report.rejects)
    gaz = pipeline.extractor_for(settings).gaz
    res = score(gs, preds, SideMap(), gaz)
    return {"format": fmt, "mode": gs.mode, "gold": str(gold), "columns": {k: getattr(gs.columns, k) for k in
                                                                           ("text", "id", "date", "title", "outlet")},
            "documents": len(gs.docs), "predicted_documents": sum(1 for d in gs.docs if preds.get(d)),
            "predicted_events": sum(len(preds.get(d, ())) for d in gs.docs), "rejects": rejects, "metrics": res}
