"""The linking rules, read from ``resources/linking.yaml`` (validated; errors name the key).

Every threshold of the linker lives there: distances by geo precision, date windows by time
precision, the compatible sub-event types, the camps of actor sides and of outlet alignments,
and the tolerance on death tolls.  See docs/linking.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as ilr
from pathlib import Path

import yaml

from truceline.errors import TrucelineError
from truceline.model import ACLED_SUB_TO_TYPE, EVENT_TYPES

__all__ = ["LinkRules", "load_rules", "default_rules"]

_KEYS = {"version", "distance_km", "date_window_days", "type_groups", "same_subtype_only", "side_camps",
         "alignment_camps", "fatality_tolerance", "undated"}


@dataclass(frozen=True, slots=True)
class LinkRules:
    distance_km: dict[int, float]
    date_window_days: dict[int, int]
    type_group: dict[str, str]                 # sub_event_type -> group name
    same_subtype_only: frozenset[str]          # event types
    side_camp: dict[str, str]                  # actor side -> camp
    alignment_camp: dict[str, str]             # outlet alignment -> camp
    tol_abs: int = 1
    tol_rel: float = 0.1
    undated: str = "same-place"
    source: str = ""
    max_window: int = field(default=31)

    def distance_limit(self, p1: int, p2: int) -> float | None:
        """Largest distance for two places of these precisions; None = same admin1 needed."""
        p = max(p1 or 3, p2 or 3)
        return self.distance_km.get(p)

    def date_limit(self, t1: int, t2: int) -> int:
        t = max(t1 or 3, t2 or 3)
        return self.date_window_days.get(t, self.max_window)

    def tolls_disagree(self, a: int, b: int) -> bool:
        return abs(a - b) > max(self.tol_abs, self.tol_rel * max(a, b))


def _fail(src: str, msg: str) -> TrucelineError:
    return TrucelineError("E320", f"linking rules: {msg}", source=src)


def _parse(data: object, src: str) -> LinkRules:
    if not isinstance(data, dict):
        raise _fail(src, "the file must be a mapping")
    unknown = set(data) - _KEYS
    if unknown:
        raise _fail(src, f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    missing = _KEYS - set(data)
    if missing:
        raise _fail(src, f"missing key(s) {', '.join(sorted(missing))}")

    def num_map(key: str, kind: type, allowed: set[int]) -> dict:
        m = data[key]
        if not isinstance(m, dict) or not m:
            raise _fail(src, f"{key}: a mapping of precision -> number")
        out = {}
        for k, v in m.items():
            if k not in allowed:
                raise _fail(src, f"{key}: precision {k!r} is not one of {sorted(allowed)}")
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0 or (kind is int and not isinstance(v, int)):
                raise _fail(src, f"{key}.{k}: expected a non-negative {kind.__name__}, got {v!r}")
            out[k] = kind(v)
        return out

    def camps(key: str, allowed: set[str] | None) -> dict[str, str]:
        m = data[key]
        if not isinstance(m, dict):
            raise _fail(src, f"{key}: a mapping of camp -> list")
        out: dict[str, str] = {}
        for camp, members in m.items():
            if not isinstance(members, list) or not all(isinstance(x, str) for x in members):
                raise _fail(src, f"{key}.{camp}: expected a list of names")
            for x in members:
                if allowed is not None and x not in allowed:
                    raise _fail(src, f"{key}.{camp}: unknown value {x!r}")
                if x in out:
                    raise _fail(src, f"{key}: {x!r} is in two camps ({out[x]}, {camp})")
                out[x] = str(camp)
        return out

    from truceline.resources import ALIGNMENTS, SIDES

    groups: dict[str, str] = {}
    tg = data["type_groups"]
    if not isinstance(tg, dict):
        raise _fail(src, "type_groups: a mapping of group -> sub-event types")
    for g, subs in tg.items():
        if not isinstance(subs, list):
            raise _fail(src, f"type_groups.{g}: expected a list")
        for s in subs:
            if s not in ACLED_SUB_TO_TYPE:
                raise _fail(src, f"type_groups.{g}: {s!r} is not an ACLED sub-event type")
            if s in groups:
                raise _fail(src, f"type_groups: {s!r} is in two groups")
            groups[s] = str(g)
    sso = data["same_subtype_only"]
    if not isinstance(sso, list) or any(t not in EVENT_TYPES for t in sso):
        raise _fail(src, f"same_subtype_only: a list of ACLED event types, got {sso!r}")
    tol = data["fatality_tolerance"]
    if not isinstance(tol, dict) or set(tol) != {"absolute", "relative"}:
        raise _fail(src, "fatality_tolerance: needs exactly 'absolute' and 'relative'")
    if data["undated"] not in ("same-place", "never"):
        raise _fail(src, f"undated: 'same-place' or 'never', got {data['undated']!r}")
    windows = num_map("date_window_days", int, {1, 2, 3})
    return LinkRules(distance_km=num_map("distance_km", float, {1, 2}), date_window_days=windows,
                     type_group=groups, same_subtype_only=frozenset(sso),
                     side_camp=camps("side_camps", set(SIDES)),
                     alignment_camp=camps("alignment_camps", set(ALIGNMENTS)),
                     tol_abs=int(tol["absolute"]), tol_rel=float(tol["relative"]),
                     undated=data["undated"], source=src, max_window=max(windows.values()))


def load_rules(path: str | Path | None = None) -> LinkRules:
    """The packaged rules, or those of ``path`` (a complete file of the same layout)."""
    if path is None:
        return default_rules()
    text = Path(path).read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text), str(path))


@lru_cache(maxsize=1)
def default_rules() -> LinkRules:
    text = (ilr.files("truceline.resources") / "linking.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text), "linking.yaml")
