"""Records to JSON-safe dicts and back.

``to_dict(record)`` turns any record of :mod:`truceline.model` into plain JSON values:

- dates become ISO strings (``"2019-06-23"``);
- nested records (``Actor``, ``Place``, ``Evidence``, ``Reject``) become dicts;
- name/value pair tuples (``Event.spans``, ``Statistic.spans``, ``Mention.attrs``) become a
  ``{name: value}`` mapping in their original order (if a name occurs twice, the pairs are kept
  as a ``[[name, value], ...]`` list instead, so nothing is lost);
- everything else (str, int, float, bool, None, lists, dicts) is kept.

``from_dict(cls, d)`` reverses it exactly, guided by the type hints of ``cls``, and checks types
at this boundary: a wrong type, an unknown field or a missing required field raises
:class:`~truceline.errors.TrucelineError` ``E503`` naming the place (``$.place.latitude``).

``dumps(record)`` is compact JSON (``ensure_ascii=False``) with the keys of every record in
sorted order, so the bytes of one record are always the same.  Pair mappings keep their record
order (it is part of the record), so ``from_dict(cls, json.loads(dumps(r))) == r``.

``Mention.value`` and ``Mention.attrs`` hold ``Any``: those round-trip exactly only while they
hold JSON values (a date there comes back as its ISO string).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from typing import Any, Callable

from truceline import model
from truceline.errors import TrucelineError

__all__ = ["to_dict", "from_dict", "dumps", "record_from_dict", "RECORD_KINDS"]

# ``kind`` tag -> record class, for mixed streams (jsonl exports)
RECORD_KINDS: dict[str, type] = {"event": model.Event, "statistic": model.Statistic}

_Encoder = Callable[[Any], Any]
_Decoder = Callable[[Any, str], Any]


# --------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------
def _enc_plain(v: Any) -> Any:
    return v


def _enc_date(v: Any) -> Any:
    return None if v is None else v.isoformat()


def _enc_any(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return to_dict(v)
    if isinstance(v, (list, tuple)):
        return [_enc_any(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _enc_any(x) for k, x in v.items()}
    raise TypeError(f"E503 cannot serialize a {type(v).__name__}: {v!r}")


def _enc_any_sorted(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _enc_any_sorted(x) for k, x in sorted(v.items())}
    if isinstance(v, (list, tuple)):
        return [_enc_any_sorted(x) for x in v]
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return _to_sorted(v)
    return _enc_any(v)


def _enc_pairs(value_enc: _Encoder) -> _Encoder:
    def enc(v: Any) -> Any:
        if v is None:
            return None
        out = {}
        for name, val in v:
            if name in out:  # a repeated name: keep every pair, in order
                return [[n, value_enc(x)] for n, x in v]
            out[name] = value_enc(val)
        return out
    return enc


def _enc_record(v: Any) -> Any:
    return None if v is None else to_dict(v)


def _enc_record_sorted(v: Any) -> Any:
    return None if v is None else _to_sorted(v)


def _enc_list(item: _Encoder) -> _Encoder:
    return lambda v: None if v is None else [item(x) for x in v]


def _enc_dict(item: _Encoder) -> _Encoder:
    return lambda v: None if v is None else {k: item(x) for k, x in v.items()}


# --------------------------------------------------------------------------------------------
# Decoding (checks types; ``path`` names the place for messages)
# --------------------------------------------------------------------------------------------
def _bad(path: str, expected: str, got: Any) -> TrucelineError:
    return TrucelineError("E503", f"{path}: expected {expected}, got {type(got).__name__} {got!r:.60}")


def _dec_str(v: Any, path: str) -> Any:
    if isinstance(v, str):
        return v
    raise _bad(path, "str", v)


def _dec_int(v: Any, path: str) -> Any:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    raise _bad(path, "int", v)


def _dec_float(v: Any, path: str) -> Any:
    if isinstance(v, float):
        return v
    if isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    raise _bad(path, "float", v)


def _dec_bool(v: Any, path: str) -> Any:
    if isinstance(v, bool):
        return v
    raise _bad(path, "bool", v)


def _dec_date(v: Any, path: str) -> Any:
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise _bad(path, "ISO date", v)


def _dec_any(v: Any, path: str) -> Any:
    if isinstance(v, list):
        return tuple(_dec_any(x, f"{path}[{i}]") for i, x in enumerate(v))
    return v


def _dec_optional(inner: _Decoder) -> _Decoder:
    return lambda v, path: None if v is None else inner(v, path)


def _dec_record(cls: type) -> _Decoder:
    def dec(v: Any, path: str) -> Any:
        if not isinstance(v, dict):
            raise _bad(path, f"{cls.__name__} object", v)
        return _from_dict(cls, v, path)
    return dec


def _dec_pairs(value_dec: _Decoder) -> _Decoder:
    def dec(v: Any, path: str) -> Any:
        if isinstance(v, dict):
            return tuple((k, value_dec(x, f"{path}.{k}")) for k, x in v.items())
        if isinstance(v, list):
            out = []
            for i, p in enumerate(v):
                if not (isinstance(p, (list, tuple)) and len(p) == 2 and isinstance(p[0], str)):
                    raise _bad(f"{path}[{i}]", "[name, value] pair", p)
                out.append((p[0], value_dec(p[1], f"{path}[{i}]")))
            return tuple(out)
        raise _bad(path, "mapping of name -> value", v)
    return dec


def _dec_list(item: _Decoder) -> _Decoder:
    def dec(v: Any, path: str) -> Any:
        if not isinstance(v, list):
            raise _bad(path, "list", v)
        return [item(x, f"{path}[{i}]") for i, x in enumerate(v)]
    return dec


def _dec_dict(item: _Decoder) -> _Decoder:
    def dec(v: Any, path: str) -> Any:
        if not isinstance(v, dict):
            raise _bad(path, "object", v)
        return {k: item(x, f"{path}.{k}") for k, x in v.items()}
    return dec


# --------------------------------------------------------------------------------------------
# Per-class plans, built once
# --------------------------------------------------------------------------------------------
_SCALAR_DEC: dict[Any, _Decoder] = {str: _dec_str, int: _dec_int, float: _dec_float, bool: _dec_bool,
                                    dt.date: _dec_date}


def _codec(tp: Any, sort: bool = False) -> tuple[_Encoder, _Decoder]:
    """(encoder, decoder) for a type hint; ``sort``: encoders that sort record keys (dumps)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    any_enc = _enc_any_sorted if sort else _enc_any
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            enc, dec = _codec(rest[0], sort)
            return enc, _dec_optional(dec)
        return any_enc, _dec_any
    if tp is Any:
        return any_enc, _dec_any
    if tp in (dt.date,):
        return _enc_date, _dec_date
    if tp in _SCALAR_DEC:
        return _enc_plain, _SCALAR_DEC[tp]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return (_enc_record_sorted if sort else _enc_record), _dec_record(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        iargs = typing.get_args(item)
        if typing.get_origin(item) is tuple and len(iargs) == 2 and iargs[0] is str:
            venc, vdec = _codec(iargs[1], sort)
            return _enc_pairs(venc), _dec_pairs(vdec)  # pairs keep their order
        ienc, idec = _codec(item, sort)  # a tuple of records or values: a JSON list
        ldec = _dec_list(idec)
        return _enc_list(ienc), (lambda v, path: None if v is None else tuple(ldec(v, path)))
    if origin is list and len(args) == 1:
        ienc, idec = _codec(args[0], sort)
        return _enc_list(ienc), _dec_list(idec)
    if origin is dict and len(args) == 2 and args[0] is str:
        ienc, idec = _codec(args[1], sort)
        enc = _enc_dict(ienc)
        return ((lambda v: None if v is None else dict(sorted(enc(v).items()))) if sort else enc), _dec_dict(idec)
    raise TypeError(f"serialize: unsupported field type {tp!r}")


class _Plan:
    __slots__ = ("cls", "fields", "sorted_fields", "required", "names")

    def __init__(self, cls: type) -> None:
        hints = typing.get_type_hints(cls, vars(model))
        self.cls = cls
        self.fields: list[tuple[str, _Encoder, _Decoder]] = []
        self.required: set[str] = set()
        for f in dataclasses.fields(cls):
            enc, dec = _codec(hints[f.name])
            self.fields.append((f.name, enc, dec))
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                self.required.add(f.name)
        self.sorted_fields: list[tuple[str, _Encoder]] = sorted(
            (f.name, _codec(hints[f.name], sort=True)[0]) for f in dataclasses.fields(cls))
        self.names = {n for n, _, _ in self.fields}


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    p = _PLANS.get(cls)
    if p is None:
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise TypeError(f"serialize: {cls!r} is not a record class")
        p = _PLANS[cls] = _Plan(cls)
    return p


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------
def to_dict(record: Any) -> dict[str, Any]:
    """A JSON-safe dict of ``record`` (fields in declaration order)."""
    plan = _plan(type(record))
    return {name: enc(getattr(record, name)) for name, enc, _ in plan.fields}


def _to_sorted(record: Any) -> dict[str, Any]:
    plan = _plan(type(record))
    return {name: enc(getattr(record, name)) for name, enc in plan.sorted_fields}


def dumps(record: Any) -> str:
    """Compact JSON of ``record``: sorted record keys, ``ensure_ascii=False``, stable bytes.

    NaN and infinite floats are refused (``ValueError``): they are not JSON.
    """
    return json.dumps(_to_sorted(record), ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)


def _from_dict(cls: type, d: dict[str, Any], path: str) -> Any:
    plan = _plan(cls)
    unknown = d.keys() - plan.names
    if unknown:
        raise TrucelineError("E503", f"{path}: unknown field(s) {', '.join(sorted(unknown))} "
                                     f"for {cls.__name__}")
    missing = plan.required - d.keys()
    if missing:
        raise TrucelineError("E503", f"{path}: missing field(s) {', '.join(sorted(missing))} "
                                     f"for {cls.__name__}")
    kw = {}
    for name, _, dec in plan.fields:
        if name in d:
            kw[name] = dec(d[name], f"{path}.{name}")
    return cls(**kw)


def from_dict(cls: type, d: dict[str, Any]) -> Any:
    """Rebuild a ``cls`` record from :func:`to_dict` output (or its JSON); checks types."""
    if not isinstance(d, dict):
        raise _bad("$", f"{getattr(cls, '__name__', cls)} object", d)
    return _from_dict(cls, d, "$")


def record_from_dict(d: dict[str, Any]) -> Any:
    """Rebuild an Event or Statistic from a dict tagged with its ``kind``."""
    kind = d.get("kind") if isinstance(d, dict) else None
    cls = RECORD_KINDS.get(kind)  # type: ignore[arg-type]
    if cls is None:
        raise TrucelineError("E503", f"$.kind: expected one of {', '.join(RECORD_KINDS)}, got {kind!r}")
    return _from_dict(cls, d, "$")
