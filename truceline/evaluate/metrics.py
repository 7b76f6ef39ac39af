"""Figures of predicted events against a gold set (definitions: docs/evaluation.md).

Every rate is ``hits / denominator`` rounded to 4 places (None when the denominator is 0); each
figure's denominator is in ``denominators``.  Error kinds count why a field was wrong.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence

from ..model import SUB_EVENT_TYPES
from .formats import GoldEvent, GoldSet
from .matching import (SideMap, View, compatible, day, greedy_match, haversine_km, integer, name_hit, name_keys, pick_event,
                       point, sub_type, event_type, view)

Pred = Mapping[str, Sequence[Mapping[str, Any]]]


def rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


class _Tally:
    def __init__(self) -> None:
        self.hit: Counter[str] = Counter()
        self.den: Counter[str] = Counter()
        self.errors: dict[str, Counter[str]] = {}

    def add(self, name: str, ok: bool, why: str | None = None) -> None:
        self.den[name] += 1
        self.hit[name] += bool(ok)
        if not ok and why:
            self.errors.setdefault(name, Counter())[why] += 1

    def rates(self, names: Sequence[str]) -> dict[str, float | None]:
        return {n: rate(self.hit[n], self.den[n]) for n in names}


def _governorate(admin1: Any, gaz: Any) -> str | None:
    """The governorate an admin1 cell names (the gazetteer's ACLED name), as evaluation.yaml's
    ``admin1_same`` groups them; None when it names none."""
    s = str(admin1 or "").strip()
    if not s or gaz is None:
        return None
    got = gaz.admin1_of_name(s)
    return _same_admin1(gaz).get(got, got) if got else None


_SAME: dict[int, dict[str, str]] = {}


def _same_admin1(gaz: Any) -> dict[str, str]:
    got = _SAME.get(id(gaz))
    if got is None:
        from .matching import _eval_data

        got = {}
        for group in _eval_data().get("admin1_same") or []:
            names = [gaz.admin1_of_name(n) or n for n in group]
            for n in names:
                got[n] = names[0]
        _SAME[id(gaz)] = got
    return got


# ------------------------------------------------------------------------ one event per doc
def _place_error(m: Mapping[str, Any] | None, dist: float | None, g: GoldEvent, keys: frozenset[str]) -> str:
    if m is None:
        return "no event"
    if dist is None:
        return "event without a resolved place"
    gp = integer(m.get("geo_precision"))
    if gp is not None and gp >= 3:
        return "governorate or region level"
    if name_hit(m, keys):
        return "same name, another place (homonym)"
    return "another place"


def _date_error(m: Mapping[str, Any] | None, lo: Any, hi: Any, pub: str) -> str:
    if m is None:
        return "no event"
    pd = day(m.get("event_date"))
    if pd is None:
        return "no date"
    if pub and pd == day(pub):
        return "publication day, not event day"
    gap = min(abs((pd - lo).days), abs((pd - hi).days))
    return "one day off" if gap == 1 else "another day"


def _deaths_error(pv: int | None, lo: int, hi: int, m: Any) -> str:
    if m is None:
        return "no event"
    if pv is None:
        return "none found"
    if lo == 0 and pv > 0:
        return "deaths where the gold has none"
    return "more than the gold (summed or restated)" if pv > hi else "fewer than the gold (a sub-count)"


def score_single(gs: GoldSet, pred: Pred, sides: SideMap, gaz: Any = None) -> dict[str, Any]:
    """One gold event per document (ucdp, acled, airwars)."""
    t = _Tally()
    n_events = n_det = 0
    dists: list[float] = []
    civilian = gs.fmt == "airwars"
    for doc in gs.docs.values():
        evs = list(pred.get(doc.doc_id, ()))
        for g in doc.events:
            f = g.fields
            gxy = point(f.get("latitude"), f.get("longitude"))
            keys = name_keys(g.names)
            m, dist = pick_event(gxy, keys, evs)
            t.add("event_detected", bool(evs))
            n_det += bool(evs)
            n_events += len(evs)
            if gxy:
                hit = dist is not None and dist <= 10.0
                t.add("loc_within_10km", hit, None if hit else _place_error(m, dist, g, keys))
                xy0 = point(evs[0].get("latitude"), evs[0].get("longitude")) if evs else None
                first = bool(xy0) and haversine_km(gxy, xy0) <= 10.0  # type: ignore[arg-type]
                t.add("loc_within_10km_first_event", first)
                if dist is not None:
                    dists.append(dist)
                if g.precise:
                    t.add("loc_within_10km_precise_gold", hit)
            if keys:
                t.add("loc_name_exact", any(name_hit(e, keys) for e in evs))
                lkeys = name_keys(g.names, loose=True)
                t.add("loc_name_loose", any(name_hit(e, lkeys, loose=True) for e in evs))
            if g.deaths is not None:
                lo, hi = g.deaths
                pv = integer(m.get("civilian_fatalities" if civilian else "fatalities")) if m else None
                ok = (lo == 0) if pv is None else lo <= pv <= hi
                t.add("deaths", ok, None if ok else _deaths_error(pv, lo, hi, m))
                t.add("deaths_detected_only", ok and bool(evs))
            d0 = day(f.get("event_date"))
            if d0 is not None:
                d1 = day(g.date_end) or d0
                pd = day(m.get("event_date")) if m else None
                ok = pd is not None and d0 <= pd <= d1
                t.add("date_exact", ok, None if ok else _date_error(m, d0, d1, doc.pub_date))
            if civilian:
                bel = {sides.belligerent(b) for b in g.belligerents}
                if bel:
                    ok = bool(m) and bool({sides.side(m.get("actor1")), sides.side(m.get("actor2"))} & bel)
                    t.add("belligerent_side_match", ok, None if ok else ("no event" if m is None else "another side"))
            else:
                gp = sides.pair(f.get("actor1"), f.get("actor2"))
                pp = sides.pair(m.get("actor1"), m.get("actor2")) if m else None
                ok = pp == gp
                why = None if ok else ("no event" if m is None else
                                       "an actor missing" if "NONE" in pp and "NONE" not in gp else "another side")
                t.add("side_pair_strict", ok, why)
                t.add("side_pair_progov_collapsed", bool(m) and sides.pair(m.get("actor1"), m.get("actor2"), True)
                      == sides.pair(f.get("actor1"), f.get("actor2"), True))
            gg = _governorate(f.get("admin1"), gaz)
            if gg:
                t.add("admin1_match", bool(m) and _governorate(m.get("admin1"), gaz) == gg)
            gsub = sub_type(f.get("sub_event_type"))
            if gs.fmt == "acled" and gsub:
                t.add("sub_event_type_acc", bool(m) and sub_type(m.get("sub_event_type")) == gsub)
                t.add("event_type_acc", bool(m) and event_type(m.get("event_type"), m.get("sub_event_type"))
                      == event_type(f.get("event_type"), gsub))
    names = ["event_detected", "loc_within_10km", "loc_within_10km_first_event", "loc_within_10km_precise_gold",
             "loc_name_exact", "loc_name_loose", "deaths", "deaths_detected_only", "date_exact", "admin1_match"]
    names += ["belligerent_side_match"] if civilian else ["side_pair_strict", "side_pair_progov_collapsed"]
    if gs.fmt == "acled":
        names += ["sub_event_type_acc", "event_type_acc"]
    out: dict[str, Any] = {"n_docs": len(gs.docs), **t.rates(names)}
    dists.sort()
    out["median_km_matched_event"] = round(dists[len(dists) // 2], 2) if dists else None
    out["events_per_detected_doc"] = round(n_events / n_det, 3) if n_det else None
    out["denominators"] = {n: t.den[n] for n in names}
    out["errors"] = {k: dict(v.most_common()) for k, v in t.errors.items()}
    # the matching view (P/R/F1) of the same documents
    out["matching"] = score_multi(gs, pred, sides)
    return out


# -------------------------------------------------------------------- many events per doc
def _per_class(gold_subs: list[str | None], pred_subs: list[str | None],
               pairs: list[tuple[str | None, str | None]]) -> dict[str, dict[str, Any]]:
    """Per sub-type: tp = matched pairs where both have it; fn = gold events of it not so matched;
    fp = predicted events of it not so matched."""
    tp = Counter(g for g, p in pairs if g and g == p)
    gc, pc = Counter(s for s in gold_subs if s), Counter(s for s in pred_subs if s)
    out = {}
    for c in SUB_EVENT_TYPES:
        if not (gc[c] or pc[c]):
            continue
        P, R = (tp[c] / pc[c] if pc[c] else 0.0), (tp[c] / gc[c] if gc[c] else 0.0)
        out[c] = {"precision": round(P, 4), "recall": round(R, 4),
                  "f1": round(2 * P * R / (P + R), 4) if P + R else 0.0, "gold": gc[c], "predicted": pc[c],
                  "tp": tp[c]}
    return out


def score_multi(gs: GoldSet, pred: Pred, sides: SideMap) -> dict[str, Any]:
    """Events matched greedily per document (seeds, truceline): P/R/F1, then fields on the matches."""
    t = _Tally()
    tp = fp = fn = fp_stat = 0
    gsubs: list[str | None] = []
    psubs: list[str | None] = []
    psub_pairs: list[tuple[str | None, str | None]] = []
    for doc in gs.docs.values():
        gv = [view(g.fields) for g in doc.events]
        sv = [view(s.fields) for s in doc.statistics]
        evs = list(pred.get(doc.doc_id, ()))
        pv = [view(e) for e in evs]
        pairs = greedy_match(gv, pv)
        tp += len(pairs)
        fn += len(gv) - len(pairs)
        used = {pi for _, pi in pairs}
        for pi, p in enumerate(pv):
            if pi not in used:
                fp += 1
                fp_stat += any(_compatible(s, p) for s in sv)
        gsubs += [g.sub for g in gv]
        psubs += [p.sub for p in pv]
        for gi, pi in pairs:
            g, p, ge, pe = gv[gi], pv[pi], doc.events[gi].fields, evs[pi]
            psub_pairs.append((g.sub, p.sub))
            if g.sub:
                t.add("sub_event_type_acc", g.sub == p.sub, f"{g.sub} coded as {p.sub or 'no sub-type'}")
            t.add("side_pair_strict", sides.pair(ge.get("actor1"), ge.get("actor2"))
                  == sides.pair(pe.get("actor1"), pe.get("actor2")))
            t.add("side_pair_progov_collapsed", sides.pair(ge.get("actor1"), ge.get("actor2"), True)
                  == sides.pair(pe.get("actor1"), pe.get("actor2"), True))
            gf, pf = integer(ge.get("fatalities")), integer(pe.get("fatalities"))
            if gf is not None:
                ok = (gf == 0) if pf is None else pf == gf
                t.add("fatalities_exact", ok, None if ok else _deaths_error(pf, gf, gf, pe))
            if g.date:
                t.add("date_exact", g.date == p.date, None if g.date == p.date else
                      ("publication day, not event day" if doc.pub_date and p.date == day(doc.pub_date) else
                       "no date" if p.date is None else "another day"))
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    names = ["sub_event_type_acc", "side_pair_strict", "side_pair_progov_collapsed", "fatalities_exact", "date_exact"]
    return {"n_docs": len(gs.docs), "gold_events": tp + fn, "pred_events": tp + fp, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(P, 4), "recall": round(R, 4), "f1": round(2 * P * R / (P + R), 4) if P + R else 0.0,
            "fp_matching_a_gold_statistic": fp_stat,
            "on_matches": t.rates(names), "denominators": {n: t.den[n] for n in names},
            "per_sub_type": _per_class(gsubs, psubs, psub_pairs),
            "errors": {k: dict(v.most_common()) for k, v in t.errors.items()}}


def _compatible(s: View, p: View) -> bool:
    return compatible(s, p)[0]


# -------------------------------------------------------------------------- label per doc
def prf(gold: list[str], pred: list[str], labels: Sequence[str]) -> dict[str, Any]:
    """Per-class precision/recall/F1 over ``labels`` (predictions outside them are wrong but add no
    false positive); micro, macro (classes with gold or predicted members) and support-weighted."""
    per = {}
    for c in labels:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        P, R = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
        per[c] = {"precision": P, "recall": R, "f1": 2 * P * R / (P + R) if P + R else 0.0, "support": tp + fn,
                  "tp": tp, "fp": fp, "fn": fn}
    active = [c for c in labels if per[c]["support"] or per[c]["fp"]]
    TP, FP, FN = (sum(per[c][k] for c in labels) for k in ("tp", "fp", "fn"))
    mp, mr = (TP / (TP + FP) if TP + FP else 0.0), (TP / (TP + FN) if TP + FN else 0.0)
    sup = sum(per[c]["support"] for c in labels)
    avg = lambda k, w: sum(per[c][k] * w(c) for c in labels) / (sum(w(c) for c in labels) or 1)  # noqa: E731
    return {
        "micro_f1": round(2 * mp * mr / (mp + mr), 4) if mp + mr else 0.0,
        "macro_f1": round(sum(per[c]["f1"] for c in active) / len(active), 4) if active else 0.0,
        "weighted_f1": round(sum(per[c]["f1"] * per[c]["support"] for c in labels) / sup, 4) if sup else 0.0,
        "per_class": {c: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in per[c].items()}
                      for c in labels if per[c]["support"] or per[c]["fp"]},
        "n_classes_in_macro": len(active),
    }


def score_label(gs: GoldSet, pred: Pred) -> dict[str, Any]:
    """A sub-type per document (case): the first predicted event's sub-type; documents whose gold
    type is not an ACLED sub-type are left out."""
    gold, got = [], []
    confusions: Counter[str] = Counter()
    for doc in gs.docs.values():
        g = sub_type(doc.label)
        if not g:
            continue
        evs = pred.get(doc.doc_id, ())
        p = (sub_type(evs[0].get("sub_event_type")) or "INVALID") if evs else "NONE"
        gold.append(g)
        got.append(p)
        if p != g:
            confusions[f"{g} -> {p}"] += 1
    out = prf(gold, got, SUB_EVENT_TYPES)
    out.update({"n_docs": len(gold), "n_left_out": len(gs.docs) - len(gold),
                "accuracy": rate(sum(a == b for a, b in zip(gold, got)), len(gold)),
                "pred_none": got.count("NONE"), "errors": {"sub_event_type": dict(confusions.most_common(15))}})
    return out


# ------------------------------------------------------------------------ totals per doc
def score_sums(gs: GoldSet, pred: Pred, gaz: Any = None) -> dict[str, Any]:
    """Per document totals (fakes): the sums of predicted civilian / child / women deaths must equal
    the gold's; governorate = the most frequent predicted admin1 (the first on ties)."""
    t = _Tally()
    for doc in gs.docs.values():
        evs = pred.get(doc.doc_id, ())
        total = lambda k: sum(integer(e.get(k)) or 0 for e in evs)  # noqa: E731
        civ, gold_civ = total("civilian_fatalities"), doc.totals.get("civilian", 0)
        why = None if civ == gold_civ else ("none found" if civ == 0 else "deaths where the gold has none"
                                            if gold_civ == 0 else "more than the gold (summed or restated)"
                                            if civ > gold_civ else "fewer than the gold (a sub-count)")
        t.add("civilian_exact", civ == gold_civ, why)
        if gold_civ > 0:
            t.add("civilian_exact_gold_pos", civ == gold_civ)
        t.add("children_exact", total("child_fatalities") == doc.totals.get("child", 0))
        t.add("women_exact", total("women_fatalities") == doc.totals.get("women", 0))
        gold_gov = _governorate(doc.admin1, gaz)
        adm = [_governorate(e.get("admin1"), gaz) for e in evs if e.get("admin1")]
        maj = max(adm, key=adm.count) if adm else None
        ok = maj is not None and maj == gold_gov
        t.add("admin1_majority_match", ok, None if ok else "no place" if not adm else
              "another governorate")
        t.add("event_detected", bool(evs))
    names = ["event_detected", "civilian_exact", "civilian_exact_gold_pos", "children_exact", "women_exact",
             "admin1_majority_match"]
    return {"n_docs": len(gs.docs), **t.rates(names), "denominators": {n: t.den[n] for n in names},
            "errors": {k: dict(v.most_common()) for k, v in t.errors.items()}}


def score(gs: GoldSet, pred: Pred, sides: SideMap | None = None, gaz: Any = None) -> dict[str, Any]:
    """The figures of ``gs.mode`` (formats.MODES) for predictions ``pred`` (doc_id -> events)."""
    sides = sides or SideMap()
    if gs.mode == "single":
        return score_single(gs, pred, sides, gaz)
    if gs.mode == "multi":
        return score_multi(gs, pred, sides)
    if gs.mode == "label":
        return score_label(gs, pred)
    return score_sums(gs, pred, gaz)
