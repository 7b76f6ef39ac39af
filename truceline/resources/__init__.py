"""Dictionaries: actors, triggers, outlets, lexicon and framing, loaded strictly from versioned YAML.

Code never hard-codes a name: another war is a data change.  The packaged files
(``actors.yaml``, ``triggers.yaml``, ``outlets.yaml``, ``lexicon.yaml``, ``framing.yaml`` beside
this module) are read first, then the user's files or folders in order (``--dict FILE``).  Every
file has the same layout: a top-level mapping with ``version: N`` and any of the keys ``actors``,
``triggers``, ``outlets``, ``referents``, ``framing`` (lists of entries) and ``lexicon`` (a
mapping of section name to a list of entries).
An entry whose id already exists replaces that entry; a new id adds one.

Validation is strict (msgspec-style): unknown keys, wrong types and values outside the allowed
sets are refused, and one load reports every problem at once in a
:class:`truceline.errors.ResourceError`, each message naming file, line and field::

    resources/actors.yaml:41: E302 entry "hts": unknown field "alaises" (known: id, name, ...)
    resources/triggers.yaml:112: E305 entry "shelling_en": field "lang": expected one of en, ar; got "eng"

The default load (no user files) is cached per process.  :meth:`Resources.terms` yields every
matchable string of every dictionary; the extractor compiles them into one automaton.
"""
from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources as _ilr
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import yaml

from ..errors import ResourceError
from ..model import SUB_EVENT_TYPES

log = logging.getLogger(__name__)

__all__ = [
    "ActorEntry", "TriggerEntry", "OutletEntry", "LexEntry", "FramingEntry", "ReferentEntry", "Resources", "Term",
    "load_resources", "load_from_texts", "clear_cache", "SIDES", "ALIGNMENTS", "GENERIC_LABELS", "LEX_SECTIONS",
    "PACKAGED_FILES", "FRAMINGS", "VOCABULARIES", "REFERENT_KINDS", "STAT_PERIOD_CATEGORIES",
]

# ----------------------------------------------------------------------------------------------
# Allowed values
# ----------------------------------------------------------------------------------------------
SIDES: tuple[str, ...] = ("SYRIA_GOV", "RUSSIA", "IRAN_AXIS", "TURKEY", "OPPOSITION", "IS", "SDF_KURDS",
                          "US_COALITION", "ISRAEL", "CIVILIANS", "UNKNOWN", "OTHER")
ALIGNMENTS: tuple[str, ...] = ("pro-government", "pro-opposition", "kurdish", "turkish-state", "russian-state",
                               "iranian-state", "international", "humanitarian-monitor", "other")
#: Trigger labels that are not ACLED sub-types: the event builder decides the sub-type.
GENERIC_LABELS: tuple[str, ...] = ("*casualty", "*attack", "*territory")
LANGS: tuple[str, ...] = ("en", "ar")
STRENGTHS: tuple[str, ...] = ("strong", "weak")
CASUALTY_CATEGORIES: tuple[str, ...] = ("fatal", "injured", "displaced", "missing", "unspecified", "event_noun")
#: Lexicon sections and the categories each allows.
LEX_SECTIONS: dict[str, tuple[str, ...]] = {
    "victims": ("civilian", "child", "woman", "combatant", "person"),
    "casualty": CASUALTY_CATEGORIES,
    "claim": ("report", "according", "source", "claim", "announce"),
    "denial": ("denial", "falsehood"),
    "negation": ("negation", "hypothetical", "future", "threat", "condition"),
    "statistic": ("breach", "period", "total", "report", "since", "year_to_date", "month_to_date", "last_month",
                  "week_of", "past_days", "repeat", "counted"),
    "precision": ("near", "outskirts", "direction", "region"),
}
#: Statistic cue categories that state a period ("during June", "since the ceasefire took effect", ...).
STAT_PERIOD_CATEGORIES: frozenset[str] = frozenset({"period", "since", "year_to_date", "month_to_date", "last_month",
                                                    "week_of", "past_days"})
#: Framing dictionary (framing.yaml): what a loaded term does to its referent, and whose words they are.
FRAMINGS: tuple[str, ...] = ("pejorative", "sympathetic", "neutral")
VOCABULARIES: tuple[str, ...] = ALIGNMENTS + ("jihadist",)
REFERENT_KINDS: tuple[str, ...] = ("actor", "place", "other")
DICT_KEYS: tuple[str, ...] = ("actors", "triggers", "outlets", "lexicon", "referents", "framing")
PACKAGED_FILES: tuple[str, ...] = ("actors.yaml", "triggers.yaml", "outlets.yaml", "lexicon.yaml", "framing.yaml")

_ID_RE = re.compile(r"^[a-z0-9_]+$")
_LANG_CODE_RE = re.compile(r"^[a-z]{2}$")
_DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_RE = re.compile(r"[A-Za-z]")


# ----------------------------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, kw_only=True)
class ActorEntry:
    """A canonical actor.  ``case_sensitive`` lists the aliases matched exactly as written."""

    id: str
    name: str                              # ACLED-style name, e.g. "Military Forces of Syria (2000-)"
    inter: int                             # ACLED inter code 0-8
    side: str                              # one of SIDES
    parent: str | None = None              # id of the actor this one is a unit of
    aliases_en: tuple[str, ...] = ()
    aliases_ar: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    generic: bool = False                  # resolved later by context / outlet
    # id of the actor ACLED codes as the target of this actor's strikes when the text names none
    # ("Israeli strikes on alleged Iranian-linked targets near X": the Syrian military)
    strike_target: str | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerEntry:
    """Event trigger terms for one ACLED sub-type (or a generic ``*label``) in one language."""

    id: str
    lang: str
    sub_event_type: str
    strength: str                          # strong: the term alone says the sub-type; weak: needs support
    terms: tuple[str, ...]
    case_sensitive: bool = False
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletEntry:
    """A news outlet or reporting body.  Short all-capital aliases ("SANA", "AFP") match case-sensitively."""

    id: str
    name: str
    alignment: str                         # one of ALIGNMENTS
    language: str = ""                     # main language, ISO 639-1
    country: str = ""
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LexEntry:
    """Lexicon terms of one category in one section and language."""

    id: str
    section: str                           # victims | casualty | claim | ... (the key it is listed under)
    lang: str
    category: str
    terms: tuple[str, ...]
    value: int | None = None               # a count the term itself states (Arabic duals: 2)
    notes: str = ""
    side_hint: str = ""                    # victims: default side of the people named ("soldiers")
    implies: str = ""                      # victims: a casualty category the term implies ("قتيلين": fatal)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferentEntry:
    """What loaded terms refer to: a class of actors ("opposition fighters"), of places
    ("opposition-held areas") or something else ("the conflict")."""

    id: str
    name: str                              # label in reports
    kind: str                              # one of REFERENT_KINDS
    side: str | None = None                # one of SIDES, for actor (and place) classes
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FramingEntry:
    """Loaded terms of one language that name one referent with one framing.

    ``terms`` are the entry's own terms followed (with ``actor_aliases``) by every alias of
    ``actor`` in ``lang`` that is not listed already; ``own_terms`` are the ones written in the
    entry.  ``not_in`` lists longer phrases in which a term does not name the referent
    ("ceasefire regime").  ``referent_by_alignment`` gives the referent in outlets of another
    alignment ("turkish-state=kurdish_forces": Turkish state media's "terrorists");
    :meth:`referent_for` applies it."""

    id: str
    lang: str
    referent: str                          # id of a ReferentEntry
    framing: str                           # one of FRAMINGS
    vocabulary: tuple[str, ...]            # whose words these are: outlet alignments (or "jihadist")
    terms: tuple[str, ...] = ()
    actor: str | None = None               # id of the actor the terms name (actors.yaml)
    actor_aliases: bool = False            # the actor's aliases in lang are terms of this entry too
    not_in: tuple[str, ...] = ()
    referent_by_alignment: tuple[str, ...] = ()   # "ALIGNMENT=REFERENT" items
    notes: str = ""
    own_terms: tuple[str, ...] = ()

    def referent_for(self, alignment: str) -> str:
        """The referent of the terms in an outlet of ``alignment``."""
        for item in self.referent_by_alignment:
            a, _, r = item.partition("=")
            if a == alignment:
                return r
        return self.referent


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """One matchable string of one dictionary entry."""

    text: str
    lang: str                              # "en" or "ar"
    kind: str                              # actor | trigger | outlet | lex:<section>
    entry_id: str
    label: str                             # canonical actor/outlet name, sub_event_type, lexicon category
    case_sensitive: bool = False
    strength: str = ""                     # triggers: strong | weak

    @property
    def source(self) -> str:
        """Provenance id for Evidence.source: "actors:hts", "triggers:shelling_en", "lexicon:..."."""
        return f"{_SOURCE_PREFIX.get(self.kind, 'lexicon')}:{self.entry_id}"


_SOURCE_PREFIX = {"actor": "actors", "trigger": "triggers", "outlet": "outlets", "agreement": "agreements"}


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Resources:
    """All dictionaries of one load.  Build with :func:`load_resources`.

    Compared and hashed by identity (one load is one object; the default load is cached)."""

    actors: dict[str, ActorEntry]
    triggers: tuple[TriggerEntry, ...]
    outlets: dict[str, OutletEntry]
    lexicon: dict[str, tuple[LexEntry, ...]]
    version: str
    files: tuple[str, ...]
    referents: dict[str, ReferentEntry] = field(default_factory=dict)
    framing: dict[str, FramingEntry] = field(default_factory=dict)
    _terms: tuple[Term, ...] = field(default=(), init=False, repr=False)
    _lex_index: dict[str, LexEntry] = field(default_factory=dict, init=False, repr=False)
    _trigger_index: dict[str, TriggerEntry] = field(default_factory=dict, init=False, repr=False)
    _domain_index: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _outlet_names: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        lex = {e.id: e for entries in self.lexicon.values() for e in entries}
        object.__setattr__(self, "_lex_index", lex)
        object.__setattr__(self, "_trigger_index", {t.id: t for t in self.triggers})
        dom: dict[str, str] = {}
        names: dict[str, str] = {}
        for o in self.outlets.values():
            for d in o.domains:
                dom.setdefault(d, o.id)
            for n in (o.name, *o.aliases):
                names.setdefault(_fold_key(n), o.id)
        object.__setattr__(self, "_domain_index", dom)
        object.__setattr__(self, "_outlet_names", names)
        object.__setattr__(self, "_terms", tuple(self._make_terms()))

    # -- look-ups ---------------------------------------------------------------------------------
    def terms(self) -> Iterator[Term]:
        """Every matchable string of every dictionary (actor aliases, trigger terms, outlet
        names and aliases, lexicon terms).  Actor ``name`` fields are ACLED labels, not text, and
        are not yielded; outlet ``domains`` are matched against URLs (:meth:`outlet_for_url`).
        Framing terms are not yielded either: they are counted over stored evidence
        (:mod:`truceline.framing`), not matched while extracting."""
        return iter(self._terms)

    def lex_entry(self, entry_id: str) -> LexEntry | None:
        """The lexicon entry with this id (ids are unique across sections)."""
        return self._lex_index.get(entry_id)

    def trigger(self, entry_id: str) -> TriggerEntry | None:
        return self._trigger_index.get(entry_id)

    def outlet_for_url(self, url_or_host: str) -> OutletEntry | None:
        """The outlet whose domain (or a parent domain of it) hosts ``url_or_host``."""
        host = url_or_host.strip().lower()
        if "//" in host:
            host = host.split("//", 1)[1]
        host = host.split("/", 1)[0].split(":", 1)[0].split("@")[-1]
        if host.startswith("www."):
            host = host[4:]
        while host:
            oid = self._domain_index.get(host)
            if oid is not None:
                return self.outlets.get(oid)
            if "." not in host:
                break
            host = host.split(".", 1)[1]
        return None

    def outlet_by_name(self, name: str) -> OutletEntry | None:
        """The outlet with this name or alias (case- and diacritic-insensitive exact match)."""
        oid = self._outlet_names.get(_fold_key(name.strip()))
        return self.outlets.get(oid) if oid else None

    # -- term table -------------------------------------------------------------------------------
    def _make_terms(self) -> Iterator[Term]:
        for a in self.actors.values():
            cs = set(a.case_sensitive)
            for lang, aliases in (("en", a.aliases_en), ("ar", a.aliases_ar)):
                for t in aliases:
                    yield Term(text=t, lang=lang, kind="actor", entry_id=a.id, label=a.name,
                               case_sensitive=t in cs)
        for tr in self.triggers:
            for t in tr.terms:
                yield Term(text=t, lang=tr.lang, kind="trigger", entry_id=tr.id, label=tr.sub_event_type,
                           case_sensitive=tr.case_sensitive, strength=tr.strength)
        for o in self.outlets.values():
            seen: set[str] = set()
            for t in (o.name, *o.aliases):
                if t in seen:
                    continue
                seen.add(t)
                yield Term(text=t, lang=_script_lang(t), kind="outlet", entry_id=o.id, label=o.name,
                           case_sensitive=_is_acronym(t))
        for section, entries in self.lexicon.items():
            for e in entries:
                for t in e.terms:
                    yield Term(text=t, lang=e.lang, kind=f"lex:{section}", entry_id=e.id, label=e.category)


def _script_lang(text: str) -> str:
    return "ar" if _ARABIC_RE.search(text) else "en"


def _is_acronym(text: str) -> bool:
    """"SANA", "AFP", "L24": all capitals, at most 5 letters -> matched case-sensitively."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters) and " " not in text


_AR_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_AR_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_SPACES = re.compile(r"\s+")


def _fold_key(text: str) -> str:
    """Key for duplicate detection and name look-up: case, Arabic letter variants, diacritics and
    spacing folded.  (The extractor has its own fold for matching.)"""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = _AR_DIACRITICS.sub("", t).translate(_AR_LETTERS)
    return _SPACES.sub(" ", t).strip()


# ----------------------------------------------------------------------------------------------
# Schema
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _F:
    name: str
    kind: str                    # str | int | bool | strlist | optstr | optint
    required: bool = False
    choices: tuple[str, ...] = ()
    check: Callable[[Any], str | None] | None = None   # returns a problem message or None


def _range_0_8(v: Any) -> str | None:
    return None if 0 <= v <= 8 else f"expected an ACLED inter code 0-8; got {v}"


def _lang_code(v: Any) -> str | None:
    return None if not v or _LANG_CODE_RE.match(v) else f"expected an ISO 639-1 code (two lower-case letters); got {v!r}"


def _domains(v: Any) -> str | None:
    bad = [d for d in v if not _DOMAIN_RE.match(d)]
    return f"expected host names like \"example.com\" (no scheme, no path, lower case); got {bad[0]!r}" if bad else None


def _vocabulary(v: Any) -> str | None:
    if not v:
        return f"needs at least one of {', '.join(VOCABULARIES)}"
    bad = [x for x in v if x not in VOCABULARIES]
    return f"expected items from {', '.join(VOCABULARIES)}; got {_q(bad[0])}" if bad else None


def _by_alignment(v: Any) -> str | None:
    seen: set[str] = set()
    for item in v:
        a, eq, r = item.partition("=")
        if not eq or not r or not _ID_RE.match(r):
            return f"expected items \"ALIGNMENT=REFERENT\" (turkish-state=kurdish_forces); got {_q(item)}"
        if a not in ALIGNMENTS:
            return f"expected an alignment ({', '.join(ALIGNMENTS)}) before \"=\"; got {_q(a)}"
        if a in seen:
            return f"alignment {_q(a)} given twice"
        seen.add(a)
    return None


def _positive(v: Any) -> str | None:
    return None if v is None or v > 0 else f"expected a positive integer; got {v}"


_SCHEMAS: dict[str, tuple[_F, ...]] = {
    "actors": (
        _F("id", "str", True), _F("name", "str", True), _F("inter", "int", True, check=_range_0_8),
        _F("side", "str", True, SIDES), _F("parent", "optstr"), _F("aliases_en", "strlist"),
        _F("aliases_ar", "strlist"), _F("case_sensitive", "strlist"), _F("generic", "bool"),
        _F("strike_target", "optstr"), _F("notes", "str"),
    ),
    "triggers": (
        _F("id", "str", True), _F("lang", "str", True, LANGS),
        _F("sub_event_type", "str", True, SUB_EVENT_TYPES + GENERIC_LABELS), _F("strength", "str", True, STRENGTHS),
        _F("terms", "strlist", True), _F("case_sensitive", "bool"), _F("notes", "str"),
    ),
    "outlets": (
        _F("id", "str", True), _F("name", "str", True), _F("alignment", "str", True, ALIGNMENTS),
        _F("language", "str", check=_lang_code), _F("country", "str"), _F("aliases", "strlist"),
        _F("domains", "strlist", check=_domains), _F("notes", "str"),
    ),
    "lexicon": (
        _F("id", "str", True), _F("lang", "str", True, LANGS), _F("category", "str", True),
        _F("terms", "strlist", True), _F("value", "optint", check=_positive), _F("notes", "str"),
        _F("side_hint", "optstr", choices=SIDES), _F("implies", "optstr", choices=CASUALTY_CATEGORIES),
    ),
    "referents": (
        _F("id", "str", True), _F("name", "str", True), _F("kind", "str", True, REFERENT_KINDS),
        _F("side", "optstr", choices=SIDES), _F("notes", "str"),
    ),
    "framing": (
        _F("id", "str", True), _F("lang", "str", True, LANGS), _F("referent", "str", True),
        _F("framing", "str", True, FRAMINGS), _F("vocabulary", "strlist", True, check=_vocabulary),
        _F("terms", "strlist"), _F("actor", "optstr"), _F("actor_aliases", "bool"), _F("not_in", "strlist"),
        _F("referent_by_alignment", "strlist", check=_by_alignment), _F("notes", "str"),
    ),
}
_ENTRY_TYPES = {"actors": ActorEntry, "triggers": TriggerEntry, "outlets": OutletEntry, "lexicon": LexEntry,
                "referents": ReferentEntry, "framing": FramingEntry}
_TERM_FIELDS = {"actors": ("aliases_en", "aliases_ar"), "triggers": ("terms",), "outlets": ("aliases",),
                "lexicon": ("terms",), "referents": (), "framing": ("terms", "not_in")}

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TYPE_NAMES = {_STR: "string", _INT: "integer", _BOOL: "boolean", _NULL: "null",
               "tag:yaml.org,2002:float": "number", "tag:yaml.org,2002:timestamp": "date",
               "tag:yaml.org,2002:seq": "list", "tag:yaml.org,2002:map": "mapping"}


def _type_name(node: yaml.Node) -> str:
    return _TYPE_NAMES.get(node.tag, node.tag)


def _scalar_text(node: yaml.Node) -> str:
    v = node.value if isinstance(node, yaml.ScalarNode) else ""
    return v if len(v) <= 40 else v[:37] + "..."


class _Problems:
    """Collects every problem of one load."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, fname: str, node_or_line: yaml.Node | int | None, code: str, msg: str,
            entry: str | None = None, fld: str | None = None) -> None:
        if isinstance(node_or_line, yaml.Node):
            line: int | None = node_or_line.start_mark.line + 1
        else:
            line = node_or_line
        where = f"{fname}:{line}" if line is not None else fname
        parts = [f"{where}: {code}"]
        if entry is not None:
            parts.append(f" entry {_q(entry)}:")
        if fld is not None:
            parts.append(f" field {_q(fld)}:")
        parts.append(f" {msg}")
        self.items.append("".join(parts))


def _q(s: str) -> str:
    return '"' + s.replace('"', '\\"') + '"'


def _convert_value(f: _F, node: yaml.Node, fname: str, eid: str | None, probs: _Problems) -> tuple[bool, Any]:
    """Convert one field node; on a problem record it and return (False, None)."""
    def bad(code: str, msg: str, at: yaml.Node = node) -> tuple[bool, Any]:
        probs.add(fname, at, code, msg, eid, f.name)
        return False, None

    if f.kind in ("optstr", "optint") and isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        return True, None
    if f.kind in ("str", "optstr"):
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            return bad("E304", f"expected a string; got {_type_name(node)}"
                       + (f" {_scalar_text(node)!r} (quote it)" if isinstance(node, yaml.ScalarNode) else ""))
        val: Any = node.value
        if f.choices and val not in f.choices:
            return bad("E305", f"expected one of {', '.join(f.choices)}; got {_q(val)}")
    elif f.kind in ("int", "optint"):
        if not isinstance(node, yaml.ScalarNode) or node.tag != _INT:
            return bad("E304", f"expected an integer; got {_type_name(node)}"
                       + (f" {_q(_scalar_text(node))}" if isinstance(node, yaml.ScalarNode) else ""))
        try:
            val = int(node.value.replace("_", ""), 0)
        except ValueError:
            return bad("E304", f"expected a decimal integer; got {_q(node.value)}")
    elif f.kind == "bool":
        if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
            return bad("E304", f"expected true or false; got {_type_name(node)}")
        val = node.value.lower() in ("true", "yes", "on", "y")
    elif f.kind == "strlist":
        if not isinstance(node, yaml.SequenceNode):
            return bad("E304", f"expected a list of strings; got {_type_name(node)}")
        items: list[str] = []
        ok = True
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or item.tag != _STR:
                extra = f" {_q(_scalar_text(item))} (quote it)" if isinstance(item, yaml.ScalarNode) else ""
                probs.add(fname, item, "E304", f"expected a string; got {_type_name(item)}{extra}", eid, f.name)
                ok = False
                continue
            items.append(item.value)
        if not ok:
            return False, None
        val = tuple(items)
    else:  # pragma: no cover - schema bug
        raise AssertionError(f.kind)
    if f.check is not None:
        msg = f.check(val)
        if msg:
            return bad("E305", msg)
    return True, val


def _parse_entry(dict_key: str, node: yaml.Node, fname: str, probs: _Problems,
                 section: str | None = None) -> tuple[Any, dict[str, yaml.Node]] | None:
    """One entry mapping -> (record, field nodes) or None when it has problems (all recorded)."""
    if not isinstance(node, yaml.MappingNode):
        probs.add(fname, node, "E304", f"expected an entry (a mapping); got {_type_name(node)}")
        return None
    schema = {f.name: f for f in _SCHEMAS[dict_key]}
    nodes: dict[str, yaml.Node] = {}
    eid: str | None = None
    ok = True
    keys_seen: dict[str, yaml.Node] = {}
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode):
            eid = v.value
    for k, v in node.value:
        key = k.value if isinstance(k, yaml.ScalarNode) else str(k)
        if key in keys_seen:
            probs.add(fname, k, "E307", f"field {_q(key)} given twice", eid)
            ok = False
            continue
        keys_seen[key] = k
        if key not in schema:
            probs.add(fname, k, "E302", f"unknown field {_q(key)} (known: {', '.join(schema)})", eid)
            ok = False
            continue
        nodes[key] = v
    values: dict[str, Any] = {}
    for name, f in schema.items():
        if name not in nodes:
            if f.required:
                probs.add(fname, node, "E303", f"missing required field {_q(name)}", eid)
                ok = False
            continue
        good, val = _convert_value(f, nodes[name], fname, eid, probs)
        if not good:
            ok = False
            continue
        values[name] = val
    if "id" in values and not _ID_RE.match(values["id"]):
        probs.add(fname, nodes["id"], "E306", f"ids are lower-case letters, digits and _; got {_q(values['id'])}",
                  eid, "id")
        ok = False
    # terms: not empty, no stray spaces, no duplicates within the entry, script matches lang
    for tf in _TERM_FIELDS[dict_key]:
        terms = values.get(tf)
        if terms is None:
            continue
        seq = nodes[tf]
        if schema[tf].required and not terms:
            probs.add(fname, seq, "E309", "needs at least one term", eid, tf)
            ok = False
        lang = values.get("lang") if dict_key in ("triggers", "lexicon", "framing") else (
            "en" if tf == "aliases_en" else "ar" if tf == "aliases_ar" else None)
        seen: set[str] = set()
        for item, t in zip(seq.value, terms):
            if not t.strip():
                probs.add(fname, item, "E309", "empty term", eid, tf)
                ok = False
                continue
            if t != t.strip() or "  " in t:
                probs.add(fname, item, "E309", f"term {_q(t)} has stray spaces", eid, tf)
                ok = False
            key = t if (dict_key == "actors" and t in values.get("case_sensitive", ())) else _fold_key(t)
            if key in seen:
                probs.add(fname, item, "E311", f"term {_q(t)} listed twice", eid, tf)
                ok = False
            seen.add(key)
            if lang == "ar" and not _ARABIC_RE.search(t):
                probs.add(fname, item, "E305", f"term {_q(t)} is not in Arabic script (lang ar)", eid, tf)
                ok = False
            elif lang == "en" and _ARABIC_RE.search(t):
                probs.add(fname, item, "E305", f"term {_q(t)} is in Arabic script (lang en)", eid, tf)
                ok = False
    if dict_key == "actors" and "case_sensitive" in values:
        allowed = set(values.get("aliases_en", ())) | set(values.get("aliases_ar", ()))
        for item, t in zip(nodes["case_sensitive"].value, values["case_sensitive"]):
            if t not in allowed:
                probs.add(fname, item, "E308", f"{_q(t)} is not one of the entry's aliases", eid, "case_sensitive")
                ok = False
    if dict_key == "lexicon" and section is not None and "category" in values:
        cats = LEX_SECTIONS[section]
        if values["category"] not in cats:
            probs.add(fname, nodes["category"], "E305",
                      f"expected one of {', '.join(cats)} (section {section}); got {_q(values['category'])}",
                      eid, "category")
            ok = False
        for extra in ("side_hint", "implies"):
            if values.get(extra) and section != "victims":
                probs.add(fname, nodes[extra], "E302", f"field {_q(extra)} is only allowed in section victims",
                          eid)
                ok = False
    if dict_key == "framing":
        if values.get("actor_aliases") and not values.get("actor"):
            probs.add(fname, nodes["actor_aliases"], "E303", "actor_aliases needs an \"actor\"", eid, "actor_aliases")
            ok = False
        elif not values.get("terms") and not values.get("actor_aliases"):
            probs.add(fname, nodes.get("terms", node), "E309",
                      "needs at least one term (or actor + actor_aliases: true)", eid, "terms")
            ok = False
    if not ok:
        return None
    for name, f in schema.items():
        if name in values and values[name] is None and f.kind == "optstr" and name in ("side_hint", "implies"):
            values[name] = ""
    if dict_key == "lexicon":
        values["section"] = section
    if dict_key == "framing":
        values["own_terms"] = values.get("terms", ())
    return _ENTRY_TYPES[dict_key](**values), nodes


# ----------------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Layer:
    """Entries as read from one file, with the line of each entry."""

    fname: str
    actors: list[tuple[ActorEntry, int, dict[str, yaml.Node]]] = field(default_factory=list)
    triggers: list[tuple[TriggerEntry, int, dict[str, yaml.Node]]] = field(default_factory=list)
    outlets: list[tuple[OutletEntry, int, dict[str, yaml.Node]]] = field(default_factory=list)
    lexicon: list[tuple[LexEntry, int, dict[str, yaml.Node]]] = field(default_factory=list)
    referents: list[tuple[ReferentEntry, int, dict[str, yaml.Node]]] = field(default_factory=list)
    framing: list[tuple[FramingEntry, int, dict[str, yaml.Node]]] = field(default_factory=list)


def _read_file(text: str, fname: str, probs: _Problems) -> _Layer:
    layer = _Layer(fname)
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        probs.add(fname, line, "E301", f"not valid YAML: {getattr(e, 'problem', None) or e}")
        return layer
    if root is None:
        probs.add(fname, 1, "E310", "empty file (expected a mapping with version: N)")
        return layer
    if not isinstance(root, yaml.MappingNode):
        probs.add(fname, root, "E310", f"expected a mapping at the top; got {_type_name(root)}")
        return layer
    top: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for k, v in root.value:
        key = k.value if isinstance(k, yaml.ScalarNode) else str(k)
        if key in top:
            probs.add(fname, k, "E307", f"top-level key {_q(key)} given twice")
            continue
        top[key] = (k, v)
        if key != "version" and key not in DICT_KEYS:
            probs.add(fname, k, "E302", f"unknown top-level key {_q(key)} (known: version, {', '.join(DICT_KEYS)})")
    if "version" not in top:
        probs.add(fname, root, "E310", 'missing top-level "version: N"')
    else:
        vnode = top["version"][1]
        if not (isinstance(vnode, yaml.ScalarNode) and vnode.tag == _INT and int(vnode.value) >= 1):
            probs.add(fname, vnode, "E310", f"field \"version\": expected a positive integer; got "
                      f"{_type_name(vnode)} {_q(_scalar_text(vnode))}")
    if not any(k in top for k in DICT_KEYS):
        probs.add(fname, root, "E310", f"no dictionary in file (expected one of: {', '.join(DICT_KEYS)})")
    raw_ids: dict[str, list[tuple[str, int]]] = {k: [] for k in DICT_KEYS}
    for key in ("actors", "triggers", "outlets", "referents", "framing"):
        if key not in top:
            continue
        seq = top[key][1]
        if isinstance(seq, yaml.ScalarNode) and seq.tag == _NULL:
            continue
        if not isinstance(seq, yaml.SequenceNode):
            probs.add(fname, seq, "E304", f"{_q(key)}: expected a list of entries; got {_type_name(seq)}")
            continue
        out = getattr(layer, key)
        for item in seq.value:
            _note_id(item, raw_ids[key])
            r = _parse_entry(key, item, fname, probs)
            if r is not None:
                out.append((r[0], item.start_mark.line + 1, r[1]))
    if "lexicon" in top:
        lex = top["lexicon"][1]
        if not isinstance(lex, yaml.MappingNode):
            probs.add(fname, lex, "E304", f"\"lexicon\": expected a mapping of sections; got {_type_name(lex)}")
        else:
            for k, seq in lex.value:
                sec = k.value if isinstance(k, yaml.ScalarNode) else str(k)
                if sec not in LEX_SECTIONS:
                    hint = (" (loaded terms are now the top-level \"framing\" dictionary, see framing.yaml)"
                            if sec == "framing" else "")
                    probs.add(fname, k, "E302", f"unknown lexicon section {_q(sec)} (known: "
                              f"{', '.join(LEX_SECTIONS)}){hint}")
                    continue
                if not isinstance(seq, yaml.SequenceNode):
                    probs.add(fname, seq, "E304", f"lexicon section {_q(sec)}: expected a list of entries; "
                              f"got {_type_name(seq)}")
                    continue
                for item in seq.value:
                    _note_id(item, raw_ids["lexicon"])
                    r = _parse_entry("lexicon", item, fname, probs, section=sec)
                    if r is not None:
                        layer.lexicon.append((r[0], item.start_mark.line + 1, r[1]))
    # ids unique within the file (per dictionary; lexicon ids across sections), valid entries or not
    for key, items in raw_ids.items():
        seen: dict[str, int] = {}
        for eid, line in items:
            if eid in seen:
                probs.add(fname, line, "E307", f"duplicate id (first at line {seen[eid]})", eid)
            else:
                seen[eid] = line
    _check_term_conflicts(layer, probs)
    return layer


def _note_id(node: yaml.Node, out: list[tuple[str, int]]) -> None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode):
                out.append((v.value, node.start_mark.line + 1))
                return


def _conflict_keys(key: str, e: Any) -> Iterator[tuple[tuple[str, str, str], str]]:
    """(kind, lang, folded term) for each term of an entry, with the term as written."""
    if key == "actors":
        cs = set(e.case_sensitive)
        for lang, terms in (("en", e.aliases_en), ("ar", e.aliases_ar)):
            for t in terms:
                yield ("actor", lang, t if t in cs else _fold_key(t)), t
    elif key == "triggers":
        for t in e.terms:
            yield ("trigger", e.lang, t if e.case_sensitive else _fold_key(t)), t
    elif key == "outlets":
        for t in dict.fromkeys((e.name, *e.aliases)):
            yield ("outlet", _script_lang(t), t if _is_acronym(t) else _fold_key(t)), t
    else:
        for t in e.terms:
            yield (f"lex:{e.section}", e.lang, _fold_key(t)), t


def _check_term_conflicts(layer: _Layer, probs: _Problems) -> None:
    """Within one file, one term belongs to one entry of its dictionary (per language).
    (Framing terms are checked over the whole load, after actor aliases are added: _merge_framing.)"""
    for key in ("actors", "triggers", "outlets", "lexicon"):
        owner: dict[tuple[str, str, str], str] = {}
        for e, line, nodes in getattr(layer, key):
            for k, t in _conflict_keys(key, e):
                other = owner.get(k)
                if other is not None and other != e.id:
                    probs.add(layer.fname, line, "E312", f"term {_q(t)} is also listed in entry {_q(other)}", e.id)
                else:
                    owner[k] = e.id


def _has_word(phrase: str, term: str) -> bool:
    """``term`` occurs in ``phrase`` between non-alphanumeric characters (as the matcher sees words)."""
    i = phrase.find(term)
    while i >= 0:
        j = i + len(term)
        if (i == 0 or not phrase[i - 1].isalnum()) and (j == len(phrase) or not phrase[j].isalnum()):
            return True
        i = phrase.find(term, i + 1)
    return False


def _merge_framing(layers: list[_Layer], actors: dict[str, ActorEntry],
                   probs: _Problems) -> tuple[dict[str, ReferentEntry], dict[str, FramingEntry]]:
    """Referents and framing entries of every layer (a later id replaces an earlier one), with
    referent and actor ids checked, actor aliases added and each term owned by one entry per
    language over the whole load (a term counts for one referent)."""
    referents: dict[str, ReferentEntry] = {}
    merged: dict[str, tuple[FramingEntry, str, int, dict[str, yaml.Node]]] = {}
    for layer in layers:
        for r, _, _ in layer.referents:
            referents[r.id] = r
        for e, line, nodes in layer.framing:
            merged.pop(e.id, None)         # a replaced entry takes its place at the end
            merged[e.id] = (e, layer.fname, line, nodes)
    out: dict[str, FramingEntry] = {}
    owner: dict[tuple[str, str], str] = {}
    for fid, (e, fname, line, nodes) in merged.items():
        ok = True
        if e.referent not in referents:
            probs.add(fname, nodes.get("referent", line), "E308", f"referent {_q(e.referent)} is not a known "
                      f"referent id (known: {', '.join(referents) or 'none'})", fid, "referent")
            ok = False
        for item in e.referent_by_alignment:
            r = item.partition("=")[2]
            if r not in referents:
                probs.add(fname, nodes.get("referent_by_alignment", line), "E308",
                          f"referent {_q(r)} is not a known referent id", fid, "referent_by_alignment")
                ok = False
        terms = list(e.own_terms)
        if e.actor is not None:
            a = actors.get(e.actor)
            if a is None:
                probs.add(fname, nodes.get("actor", line), "E308", f"actor {_q(e.actor)} is not a known actor id",
                          fid, "actor")
                ok = False
            elif e.actor_aliases:
                have = {_fold_key(t) for t in terms}
                for t in (a.aliases_en if e.lang == "en" else a.aliases_ar):
                    if _fold_key(t) not in have:
                        have.add(_fold_key(t))
                        terms.append(t)
        folded = [_fold_key(t) for t in terms]
        for item, p in zip(nodes["not_in"].value if "not_in" in nodes else (), e.not_in):
            fp = _fold_key(p)
            if not any(_has_word(fp, t) for t in folded):
                probs.add(fname, item, "E308", f"not_in phrase {_q(p)} holds none of the entry's terms", fid, "not_in")
                ok = False
        for t, k in zip(terms, folded):
            other = owner.get((e.lang, k))
            if other is not None and other != fid:
                how = "" if t in e.own_terms else f" (an alias of actor {_q(e.actor or '')})"
                probs.add(fname, line, "E312", f"term {_q(t)}{how} is also a term of entry {_q(other)}", fid)
                ok = False
            else:
                owner[(e.lang, k)] = fid
        if ok:
            out[fid] = dataclasses.replace(e, terms=tuple(terms))
    return referents, out


def _merge(layers: list[_Layer], probs: _Problems) -> tuple[dict, list, dict, dict]:
    actors: dict[str, ActorEntry] = {}
    where: dict[str, tuple[str, int, dict[str, yaml.Node]]] = {}
    triggers: dict[str, TriggerEntry] = {}
    outlets: dict[str, OutletEntry] = {}
    lexicon: dict[str, LexEntry] = {}
    for layer in layers:
        for e, line, nodes in layer.actors:
            if e.id in actors:
                log.info("actor %s replaced by %s:%d", e.id, layer.fname, line)
            actors[e.id] = e
            where[e.id] = (layer.fname, line, nodes)
        for e, line, _ in layer.triggers:
            triggers[e.id] = e
        for e, line, _ in layer.outlets:
            outlets[e.id] = e
        for e, line, _ in layer.lexicon:
            lexicon[e.id] = e
    for aid, a in actors.items():
        if a.strike_target is not None and a.strike_target not in actors:
            fname, line, nodes = where[aid]
            probs.add(fname, nodes.get("strike_target", line), "E308",
                      f"strike_target {_q(a.strike_target)} is not a known actor id", aid, "strike_target")
    # parents exist and form no cycle
    for aid, a in actors.items():
        if a.parent is None:
            continue
        fname, line, nodes = where[aid]
        if a.parent not in actors:
            probs.add(fname, nodes.get("parent", line), "E308", f"parent {_q(a.parent)} is not a known actor id",
                      aid, "parent")
            continue
        seen = {aid}
        p: str | None = a.parent
        while p is not None and p in actors:
            if p in seen:
                probs.add(fname, nodes.get("parent", line), "E308", f"parent chain loops back to {_q(p)}",
                          aid, "parent")
                break
            seen.add(p)
            p = actors[p].parent
    lex_by_section: dict[str, list[LexEntry]] = {s: [] for s in LEX_SECTIONS}
    for e in lexicon.values():
        lex_by_section[e.section].append(e)
    return actors, list(triggers.values()), outlets, {s: v for s, v in lex_by_section.items()}


def _packaged() -> list[tuple[str, str]]:
    base = _ilr.files(__name__)
    return [(f"resources/{name}", base.joinpath(name).read_text(encoding="utf-8")) for name in PACKAGED_FILES]


def _user_files(extra: Sequence[str | Path], probs: _Problems) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in extra:
        p = Path(item)
        if p.is_dir():
            files = sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            if not files:
                probs.add(str(p), None, "E301", "folder holds no .yaml/.yml dictionary files")
        elif p.is_file():
            files = [p]
        else:
            probs.add(str(p), None, "E301", "no such dictionary file or folder")
            continue
        for f in files:
            try:
                out.append((str(f), f.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as e:
                probs.add(str(f), None, "E301", f"cannot read: {e}")
    return out


def _build(sources: list[tuple[str, str]], probs: _Problems) -> Resources:
    layers = [_read_file(text, fname, probs) for fname, text in sources]
    actors, triggers, outlets, lexicon = _merge(layers, probs)
    referents, framing = _merge_framing(layers, actors, probs)
    if probs.items:
        raise ResourceError(probs.items)
    h = hashlib.sha256()
    for fname, text in sources:
        h.update(text.encode("utf-8"))
        h.update(b"\0")
    return Resources(actors=actors, triggers=tuple(triggers), outlets=outlets,
                     lexicon={s: tuple(v) for s, v in lexicon.items()}, version=h.hexdigest()[:12],
                     files=tuple(f for f, _ in sources), referents=referents, framing=framing)


_DEFAULT: Resources | None = None


def load_resources(extra: Sequence[str | Path] = ()) -> Resources:
    """Load the packaged dictionaries, then each user file or folder in ``extra`` in order.

    A user file has the packaged layout; an entry whose id exists replaces it, a new id adds one.
    Raises :class:`ResourceError` listing every problem found.  The default load (no ``extra``)
    is cached per process; loads with user files are not (the files may change).
    """
    global _DEFAULT
    if isinstance(extra, (str, Path)):
        raise TypeError("load_resources(extra) takes a sequence of paths, not a single path")
    if not extra and _DEFAULT is not None:
        return _DEFAULT
    probs = _Problems()
    sources = _packaged() + _user_files(extra, probs)
    res = _build(sources, probs)
    if not extra:
        _DEFAULT = res
    log.debug("dictionaries %s loaded from %d files", res.version, len(res.files))
    return res


def load_from_texts(sources: Sequence[tuple[str, str]]) -> Resources:
    """Build Resources from (file name, YAML text) pairs only, without the packaged files (tests, tools)."""
    return _build(list(sources), _Problems())


def clear_cache() -> None:
    """Forget the cached default load (tests)."""
    global _DEFAULT
    _DEFAULT = None
