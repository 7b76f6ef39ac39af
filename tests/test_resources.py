"""Tests for truceline/resources: the packaged dictionaries and their strict loader."""
from __future__ import annotations

import dataclasses
import importlib.util
import re
from pathlib import Path

import pytest

from truceline.errors import ResourceError
from truceline.model import SUB_EVENT_TYPES
from truceline.resources import (
    ALIGNMENTS,
    FRAMINGS,
    GENERIC_LABELS,
    REFERENT_KINDS,
    LEX_SECTIONS,
    SIDES,
    ActorEntry,
    FramingEntry,
    LexEntry,
    OutletEntry,
    ReferentEntry,
    Resources,
    Term,
    TriggerEntry,
    _fold_key,
    clear_cache,
    load_from_texts,
    load_resources,
)

ROOT = Path(__file__).resolve().parents[1]
SCORE_PY = ROOT.parent / "shared" / "tools" / "score.py"
DOCS = ROOT / "docs" / "dictionaries.md"

# Actors whose ACLED-style name the scorer's coarse side regexes cannot place (they map to OTHER).
SCORER_BLIND = {"maghawir_thawra"}


@pytest.fixture(scope="module")
def res() -> Resources:
    return load_resources()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ----------------------------------------------------------------------------------------------
# loading
# ----------------------------------------------------------------------------------------------
def test_resources_load_packaged(res: Resources) -> None:
    assert res.files == ("resources/actors.yaml", "resources/triggers.yaml", "resources/outlets.yaml",
                         "resources/lexicon.yaml", "resources/framing.yaml")
    assert re.fullmatch(r"[0-9a-f]{12}", res.version)
    assert len(res.actors) > 60 and len(res.triggers) > 60 and len(res.outlets) > 60
    assert set(res.lexicon) == set(LEX_SECTIONS)
    assert all(res.lexicon[s] for s in LEX_SECTIONS)
    assert isinstance(res.actors["syria_gov"], ActorEntry)
    assert isinstance(res.triggers[0], TriggerEntry)
    assert isinstance(res.outlets["sana"], OutletEntry)
    assert isinstance(res.lexicon["victims"][0], LexEntry)


def test_resources_default_load_is_cached(res: Resources) -> None:
    assert load_resources() is res
    assert load_resources(()) is res


def test_resources_clear_cache_reloads_same_version(res: Resources) -> None:
    import truceline.resources as mod

    saved = mod._DEFAULT
    try:
        clear_cache()
        again = load_resources()
        assert again is not res and again.version == res.version
    finally:
        mod._DEFAULT = saved


def test_resources_records_are_frozen_slotted_kw_only() -> None:
    for cls in (ActorEntry, TriggerEntry, OutletEntry, LexEntry, FramingEntry, ReferentEntry, Resources, Term):
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen, cls
        assert hasattr(cls, "__slots__"), cls
        assert all(f.kw_only for f in dataclasses.fields(cls)), cls
    a = ActorEntry(id="x", name="X", inter=1, side="OTHER")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "Y"  # type: ignore[misc]


def test_resources_single_path_is_refused() -> None:
    with pytest.raises(TypeError):
        load_resources("some.yaml")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------
# content
# ----------------------------------------------------------------------------------------------
def test_resources_every_subtype_has_english_and_arabic_triggers(res: Resources) -> None:
    for sub in (*SUB_EVENT_TYPES, *GENERIC_LABELS):
        langs = {t.lang for t in res.triggers if t.sub_event_type == sub}
        assert langs == {"en", "ar"}, f"{sub}: triggers only in {sorted(langs)}"


def test_resources_required_arabic_triggers_present(res: Resources) -> None:
    ar = {_fold_key(t) for tr in res.triggers if tr.lang == "ar" for t in tr.terms}
    required = ["قصف", "قصف مدفعي", "قصف صاروخي", "غارة", "غارات", "غارات جوية", "طائرة مسيرة", "مسيرة",
                "اشتباكات", "معارك", "استهداف", "تفجير", "انفجار", "عبوة ناسفة", "لغم", "سيارة مفخخة", "انتحاري",
                "سيطرة", "سيطرت", "تقدم", "اعتقال", "اعتقلت", "اغتيال", "اختطاف", "اتفاق", "وقف إطلاق النار",
                "هدنة", "خرق", "خروقات", "مظاهرة", "احتجاج", "نقطة مراقبة"]
    missing = [t for t in required if _fold_key(t) not in ar]
    assert not missing


@pytest.mark.parametrize("term,label", [
    ("airstrike", "Air/drone strike"), ("shelled", "Shelling/artillery/missile attack"),
    ("car bomb", "Remote explosive/landmine/IED"), ("suicide bomber", "Suicide bomb"),
    ("clashes", "Armed clash"), ("arrested", "Arrests"), ("chlorine", "Chemical weapon"),
    ("shot down", "Disrupted weapons use"), ("captured", "*territory"), ("killed", "*casualty"),
    ("targeted", "*attack"), ("kidnapped", "Abduction/forced disappearance"), ("looted", "Looting/property destruction"),
    ("lynched", "Mob violence"), ("sit-in", "Peaceful protest"), ("ceasefire", "Agreement"),
    ("قصف مدفعي", "Shelling/artillery/missile attack"), ("غارات جوية", "Air/drone strike"),
    ("اعتقال", "Arrests"), ("وقف إطلاق النار", "Agreement"), ("مقتل", "*casualty"), ("سيطرت", "*territory"),
])
def test_resources_trigger_examples(res: Resources, term: str, label: str) -> None:
    hits = [t for t in res.terms() if t.kind == "trigger" and t.text == term]
    assert hits and {t.label for t in hits} == {label}


def test_resources_strength_examples(res: Resources) -> None:
    strength = {t.text: t.strength for t in res.terms() if t.kind == "trigger"}
    for s in ("airstrike", "shelled", "car bomb", "suicide bomber", "clashes", "arrested"):
        assert strength[s] == "strong", s
    for w in ("attack", "targeted", "hit", "struck"):
        assert strength[w] == "weak", w


def test_resources_march_is_case_sensitive(res: Resources) -> None:
    t = next(t for t in res.terms() if t.kind == "trigger" and t.text == "march")
    assert t.case_sensitive and t.label == "Peaceful protest"


def _conflicts(res: Resources, kinds: set[str]) -> list[str]:
    owner: dict[tuple[str, str, str], str] = {}
    out = []
    for t in res.terms():
        if t.kind not in kinds:
            continue
        key = (t.kind, t.lang, t.text if t.case_sensitive else _fold_key(t.text))
        prev = owner.setdefault(key, t.entry_id)
        if prev != t.entry_id:
            out.append(f"{t.kind} {t.lang} {t.text!r}: {prev} and {t.entry_id}")
    return out


def test_resources_terms_are_unique_per_kind_and_language(res: Resources) -> None:
    kinds = {"actor", "trigger", "outlet"} | {f"lex:{s}" for s in LEX_SECTIONS}
    assert _conflicts(res, kinds) == []


def test_resources_terms_not_empty_and_trimmed(res: Resources) -> None:
    for t in res.terms():
        assert t.text and t.text == t.text.strip(), t
        assert t.lang in ("en", "ar")
        assert bool(re.search(r"[\u0600-\u06ff]", t.text)) == (t.lang == "ar"), t


def test_resources_term_kinds_and_labels(res: Resources) -> None:
    kinds = {t.kind for t in res.terms()}
    assert kinds == {"actor", "trigger", "outlet"} | {f"lex:{s}" for s in LEX_SECTIONS}
    t = next(t for t in res.terms() if t.kind == "actor" and t.text == "Hayat Tahrir al-Sham")
    assert t.label == "HTS: Hayat Tahrir al Sham" and t.entry_id == "hts" and t.source == "actors:hts"
    t = next(t for t in res.terms() if t.kind == "lex:victims" and t.text == "طفلين")
    assert t.label == "child" and res.lex_entry(t.entry_id).value == 2
    t = next(t for t in res.terms() if t.kind == "outlet" and t.text == "عنب بلدي")
    assert t.label == "Enab Baladi" and t.lang == "ar"


def test_resources_acronyms_are_case_sensitive(res: Resources) -> None:
    cs = {(t.entry_id, t.text) for t in res.terms() if t.kind == "actor" and t.case_sensitive}
    for eid, alias in [("syria_gov", "SAA"), ("hts", "HTS"), ("nlf", "NLF"), ("tip", "TIP"), ("is_syria", "IS"),
                       ("sna", "SNA"), ("fsa", "FSA"), ("sdf", "SDF"), ("ypg", "YPG"), ("irgc", "IRGC"),
                       ("ndf", "NDF"), ("g_us", "US")]:
        assert (eid, alias) in cs, alias
    outlet_cs = {t.text for t in res.terms() if t.kind == "outlet" and t.case_sensitive}
    assert {"SANA", "SOHR", "AFP"} <= outlet_cs
    assert "Syrian Arab News Agency" not in outlet_cs


def test_resources_no_capital_city_metonymy(res: Resources) -> None:
    words = {"damascus", "moscow", "ankara", "tehran", "washington", "army", "forces", "دمشق", "موسكو", "أنقرة",
             "طهران", "واشنطن"}
    for t in res.terms():
        if t.kind == "actor":
            assert _fold_key(t.text) not in {_fold_key(w) for w in words}, t


def test_resources_actor_fields(res: Resources) -> None:
    for a in res.actors.values():
        assert a.side in SIDES and 0 <= a.inter <= 8
        assert a.parent is None or a.parent in res.actors
        assert a.aliases_en or a.aliases_ar, a.id
    assert res.actors["ndf"].parent == "syria_gov"
    generic = {a.id for a in res.actors.values() if a.generic}
    assert {"g_rebels", "g_militants", "g_terrorists"} <= generic
    for gid in generic:
        assert res.actors[gid].notes, f"generic actor {gid} needs notes on how context overrides it"


def test_resources_first_actor_of_each_side_is_canonical(res: Resources) -> None:
    first: dict[str, str] = {}
    for a in res.actors.values():
        if not a.generic:
            first.setdefault(a.side, a.id)
    assert first["SYRIA_GOV"] == "syria_gov" and first["RUSSIA"] == "russia_mil"
    assert first["TURKEY"] == "turkey_mil" and first["OPPOSITION"] == "hts" and first["IS"] == "is_syria"


def test_resources_acled_names(res: Resources) -> None:
    names = {a.name for a in res.actors.values()}
    for n in ["Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)", "Military Forces of Iran (1989-)",
              "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", "Hezbollah",
              "Military Forces of Turkey (2016-)", "HTS: Hayat Tahrir al Sham", "NLF: National Front for Liberation",
              "Jaysh al Izza", "Ahrar al Sham", "Faylaq al Sham", "Fa Ithbatu Operations Room", "Hurras al Din",
              "Ansar al Tawhid", "TIP: Turkistan Islamic Party", "Syrian National Army", "Islamic State (Syria)",
              "QSD: Syrian Democratic Forces", "YPG: Peoples Protection Units", "NDF: National Defense Forces",
              "Military Forces of the United States", "Global Coalition Against Daesh", "Military Forces of Israel (2000-)",
              "Civilians (Syria)", "Unidentified Armed Group (Syria)", "Unidentified Military Forces",
              "Al Fath al Mubin Operations Room", "Protesters (Syria)"]:
        assert n in names, n


def test_resources_outlets(res: Resources) -> None:
    for o in res.outlets.values():
        assert o.alignment in ALIGNMENTS
    assert res.outlets["sana"].alignment == "pro-government"
    assert res.outlets["sohr"].alignment == "humanitarian-monitor"
    assert res.outlets["anadolu"].alignment == "turkish-state"
    assert res.outlets["hawar"].alignment == "kurdish"
    assert res.outlet_for_url("https://www.enabbaladi.net/archives/1") is res.outlets["enab_baladi"]
    assert res.outlet_for_url("arabic.rt.com") is res.outlets["rt"]
    assert res.outlet_for_url("https://english.enabbaladi.net/x").id == "enab_baladi"
    assert res.outlet_for_url("https://example.org/") is None
    assert res.outlet_by_name("the white helmets").id == "white_helmets"
    assert res.outlet_by_name("المرصد السوري").id == "sohr"


def test_resources_lexicon_duals_and_hints(res: Resources) -> None:
    by_term = {(t.kind, t.text): res.lex_entry(t.entry_id) for t in res.terms() if t.kind.startswith("lex:")}
    for dual in ["طفلان", "طفلين", "مدنيان", "امرأتان", "امرأتين", "عنصران", "عنصرين", "جنديان", "جنديين",
                 "شخصان", "شخصين", "قتيلان", "قتيلين"]:
        assert by_term[("lex:victims", dual)].value == 2, dual
    assert by_term[("lex:victims", "قتيلين")].implies == "fatal"
    assert by_term[("lex:victims", "soldiers")].side_hint == "SYRIA_GOV"
    assert by_term[("lex:victims", "militants")].side_hint == "OPPOSITION"
    assert by_term[("lex:casualty", "killed")].category == "fatal"
    assert by_term[("lex:casualty", "displaced")].category == "displaced"
    assert by_term[("lex:negation", "no")].category == "negation"
    assert not any(kind == "lex:framing" for kind, _ in by_term)   # loaded terms: framing.yaml


def test_resources_framing_dictionary(res: Resources) -> None:
    by_term = {(e.lang, _fold_key(t)): e for e in res.framing.values() for t in e.terms}
    liberated = by_term[("en", "liberated areas")]
    assert (liberated.referent, liberated.framing, liberated.vocabulary) == (
        "opposition_areas", "sympathetic", ("pro-opposition", "pro-government"))
    assert liberated.referent_for("pro-government") == "government_areas"
    assert by_term[("en", "terrorists")].framing == "pejorative"
    assert "pro-government" in by_term[("en", "terrorists")].vocabulary
    assert by_term[("ar", _fold_key("الإرهابيين"))].referent == "opposition_fighters"
    assert by_term[("ar", _fold_key("المجاهدين"))].framing == "sympathetic"
    assert by_term[("en", "regime")].referent == "government_forces"
    assert by_term[("ar", _fold_key("قوات النظام"))].framing == "pejorative"
    # actor_aliases: the entry takes the actor's aliases instead of repeating them
    e = res.framing["opp_terrorists_en"]
    assert e.actor == "g_terrorists" and e.actor_aliases
    assert set(res.actors["g_terrorists"].aliases_en) <= set(e.terms)
    assert "terrorist gangs" not in e.own_terms and "terrorist gangs" in e.terms
    assert all(e.referent in res.referents for e in res.framing.values())
    assert all(e.actor is None or e.actor in res.actors for e in res.framing.values())
    # framing terms are not matched while extracting
    assert not any(t.kind.startswith("framing") for t in res.terms())


# ----------------------------------------------------------------------------------------------
# consistency with the scorer's coarse sides
# ----------------------------------------------------------------------------------------------
def _score_module():
    if not SCORE_PY.is_file():
        pytest.skip(f"scorer not found at {SCORE_PY} (../shared is absent)")
    spec = importlib.util.spec_from_file_location("truceline_shared_score", SCORE_PY)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_resources_actor_sides_match_scorer(res: Resources) -> None:
    score = _score_module()
    bad = []
    for a in res.actors.values():
        if a.generic:
            continue
        got = score.actor_side(a.name)
        want = "OTHER" if a.id in SCORER_BLIND else a.side
        if got != want:
            bad.append(f"{a.id}: {a.name!r} is {a.side} here, {got} for the scorer")
    assert bad == []


def test_resources_generic_actor_defaults_match_scorer(res: Resources) -> None:
    score = _score_module()
    for a in res.actors.values():
        if a.generic:
            assert score.actor_side(a.name) == a.side, a.id


# ----------------------------------------------------------------------------------------------
# validation
# ----------------------------------------------------------------------------------------------
BROKEN_ACTORS = """\
version: 1
actors:
  - id: hts2
    name: Someone
    inter: 2
    side: OPPOSITION
    alaises: [x]
  - id: bad_inter
    name: Someone else
    inter: "two"
    side: OPPOSITION
  - id: dangling
    name: A unit
    inter: 1
    side: SYRIA_GOV
    parent: no_such_actor
  - id: dangling
    name: Again
    inter: 12
    side: REGIME
  - id: Bad-Id
    name: Bad
    inter: 1
    side: OTHER
    aliases_en: ["", "ok", "ok"]
"""

BROKEN_TRIGGERS = """\
version: 1
triggers:
  - id: t1
    lang: eng
    sub_event_type: Airstrike
    strength: strong
    terms: [bombed]
  - id: t2
    lang: ar
    sub_event_type: Armed clash
    strength: maybe
    terms: []
  - id: t3
    lang: ar
    sub_event_type: Armed clash
    strength: weak
    terms: [clashes]
"""


def test_resources_validation_reports_everything_at_once(tmp_path: Path) -> None:
    a = _write(tmp_path, "actors.yaml", BROKEN_ACTORS)
    t = _write(tmp_path, "triggers.yaml", BROKEN_TRIGGERS)
    with pytest.raises(ResourceError) as ei:
        load_resources([a, t])
    probs = ei.value.problems
    text = "\n".join(probs)

    def has(line: int, *parts: str, file: Path = a) -> None:
        hit = [p for p in probs if p.startswith(f"{file}:{line}:") and all(x in p for x in parts)]
        assert hit, f"no problem at {file.name}:{line} with {parts} in:\n{text}"

    has(7, "E302", 'entry "hts2"', 'unknown field "alaises"', "known: id, name, inter")
    has(10, "E304", 'entry "bad_inter"', 'field "inter"', "expected an integer")
    has(16, "E308", 'entry "dangling"', 'field "parent"', "no_such_actor")
    has(17, "E307", 'entry "dangling"', "duplicate id")
    has(19, "E305", 'field "inter"', "0-8")
    has(20, "E305", 'field "side"', 'got "REGIME"')
    has(21, "E306", 'field "id"', "Bad-Id")
    has(25, "E309", 'field "aliases_en"', "empty term")
    has(25, "E311", '"ok" listed twice')
    has(4, "E305", 'entry "t1"', 'field "lang"', 'expected one of en, ar; got "eng"', file=t)
    has(5, "E305", 'field "sub_event_type"', 'got "Airstrike"', file=t)
    has(11, "E305", 'field "strength"', "strong, weak", file=t)
    has(12, "E309", 'field "terms"', "at least one term", file=t)
    has(17, "E305", '"clashes" is not in Arabic script', file=t)
    assert text.startswith(str(a)) or str(a) in text
    assert str(ei.value).startswith("E300 dictionary errors:")


def test_resources_validation_messages_for_packaged_style_names() -> None:
    src = "version: 1\nactors:\n  - id: hts\n    name: X\n    inter: 2\n    side: OPPOSITION\n    alaises: [a]\n"
    with pytest.raises(ResourceError) as ei:
        load_from_texts([("resources/actors.yaml", src)])
    assert ei.value.problems == [
        'resources/actors.yaml:7: E302 entry "hts": unknown field "alaises" (known: id, name, inter, side, parent, '
        'aliases_en, aliases_ar, case_sensitive, generic, strike_target, notes)']


@pytest.mark.parametrize("src,fragment", [
    ("actors: []\n", 'missing top-level "version: N"'),
    ("version: one\nactors: []\n", '"version": expected a positive integer'),
    ("version: 1\nwords: []\n", 'unknown top-level key "words"'),
    ("version: 1\n", "no dictionary in file"),
    ("version: 1\nactors: {a: 1}\n", "expected a list of entries"),
    ("version: 1\nactors:\n  - [1, 2]\n", "expected an entry (a mapping)"),
    ("version: 1\nactors: [\n", "E301 not valid YAML"),
    ("", "E310 empty file"),
    ("version: 1\nlexicon:\n  victim: []\n", 'unknown lexicon section "victim"'),
    ("version: 1\nlexicon:\n  negation:\n    - {id: n1, lang: en, category: negation, terms: [no]}\n",
     'expected a string; got boolean "no" (quote it)'),
    ("version: 1\nlexicon:\n  victims:\n    - {id: v1, lang: en, category: adult, terms: [adults]}\n",
     'expected one of civilian, child, woman, combatant, person (section victims); got "adult"'),
    ("version: 1\nlexicon:\n  claim:\n    - {id: c1, lang: en, category: report, terms: [said], side_hint: IS}\n",
     'field "side_hint" is only allowed in section victims'),
    ("version: 1\noutlets:\n  - {id: o1, name: O, alignment: neutral}\n", 'field "alignment": expected one of'),
    ("version: 1\noutlets:\n  - {id: o1, name: O, alignment: other, domains: ['https://o.com/']}\n",
     'field "domains": expected host names'),
    ("version: 1\nactors:\n  - {id: a1, name: A, inter: 1, side: OTHER, aliases_en: [AA], case_sensitive: [BB]}\n",
     '"BB" is not one of the entry\'s aliases'),
    ("version: 1\nactors:\n  - {id: a1, name: A, inter: 1, side: OTHER, parent: a2}\n"
     "  - {id: a2, name: B, inter: 1, side: OTHER, parent: a1}\n", "parent chain loops back"),
    ("version: 1\ntriggers:\n  - {id: x1, lang: en, sub_event_type: Other, strength: weak, terms: [a b]}\n"
     "  - {id: x2, lang: en, sub_event_type: Arrests, strength: weak, terms: [A B]}\n",
     'E312 entry "x2": term "A B" is also listed in entry "x1"'),
    ("version: 1\nactors:\n  - {id: a1, name: A, inter: 1, side: OTHER, generic: maybe}\n",
     'field "generic": expected true or false'),
    ("version: 1\nactors:\n  - {id: a1, name: A, side: OTHER}\n", 'missing required field "inter"'),
])
def test_resources_validation_problem(src: str, fragment: str) -> None:
    with pytest.raises(ResourceError) as ei:
        load_from_texts([("user.yaml", src)])
    assert any(fragment in p for p in ei.value.problems), ei.value.problems
    assert all(p.startswith("user.yaml") for p in ei.value.problems)


def test_resources_missing_user_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ResourceError) as ei:
        load_resources([tmp_path / "nope.yaml"])
    assert "no such dictionary file or folder" in ei.value.problems[0]


# ----------------------------------------------------------------------------------------------
# user overlays
# ----------------------------------------------------------------------------------------------
OVERLAY = """\
version: 3
actors:
  - id: hts
    name: "HTS: Hayat Tahrir al Sham"
    inter: 2
    side: OPPOSITION
    aliases_en: [Hayat Tahrir al-Sham, Tahrir al-Sham, the Commission]
  - id: local_militia
    name: Local Defence Militia (Syria)
    inter: 3
    side: SYRIA_GOV
    parent: ndf
    aliases_en: [Village Guards]
    aliases_ar: [حرس القرية]
triggers:
  - id: shelling_en
    lang: en
    sub_event_type: Shelling/artillery/missile attack
    strength: strong
    terms: [shelled, shelling]
outlets:
  - id: my_outlet
    name: Frontline Wire
    alignment: other
    domains: [frontline-wire.example]
lexicon:
  victims:
    - id: v_medic_en
      lang: en
      category: civilian
      terms: [medic, medics]
"""


def test_resources_user_overlay_replaces_and_adds(tmp_path: Path, res: Resources) -> None:
    p = _write(tmp_path, "mine.yaml", OVERLAY)
    over = load_resources([p])
    assert over is not res and over.version != res.version
    assert over.files[-1] == str(p)
    assert over.actors["hts"].aliases_en == ("Hayat Tahrir al-Sham", "Tahrir al-Sham", "the Commission")
    assert over.actors["local_militia"].parent == "ndf"
    assert list(over.actors)[: len(res.actors)] == list(res.actors)      # replaced in place, new ones appended
    sh = over.trigger("shelling_en")
    assert sh is not None and sh.terms == ("shelled", "shelling")
    assert [t.id for t in over.triggers] == [t.id for t in res.triggers]
    assert over.outlet_for_url("http://frontline-wire.example/a").id == "my_outlet"
    assert over.lex_entry("v_medic_en").section == "victims"
    texts = {t.text for t in over.terms()}
    assert "the Commission" in texts and "حرس القرية" in texts and "Nusra Front" not in texts
    # the packaged cache is untouched
    assert load_resources() is res and "Nusra Front" in {t.text for t in res.terms()}


def test_resources_user_folder_loads_files_in_order(tmp_path: Path) -> None:
    d = tmp_path / "dicts"
    d.mkdir()
    _write(d, "a.yaml", "version: 1\noutlets:\n  - {id: w, name: First, alignment: other}\n")
    _write(d, "b.yml", "version: 1\noutlets:\n  - {id: w, name: Second, alignment: other}\n")
    _write(d, "notes.txt", "ignored")
    over = load_resources([d])
    assert over.outlets["w"].name == "Second"
    assert [Path(f).name for f in over.files[-2:]] == ["a.yaml", "b.yml"]


def test_resources_overlay_errors_name_the_user_file(tmp_path: Path) -> None:
    p = _write(tmp_path, "mine.yaml", "version: 1\nactors:\n  - id: x\n    name: X\n    inter: 3\n"
                                     "    side: SYRIA_GOV\n    parent: nowhere\n")
    with pytest.raises(ResourceError) as ei:
        load_resources([p])
    assert ei.value.problems == [f'{p}:7: E308 entry "x": field "parent": parent "nowhere" is not a known actor id']


def test_resources_overlay_may_point_at_packaged_parent(tmp_path: Path) -> None:
    p = _write(tmp_path, "u.yaml", "version: 1\nactors:\n  - {id: x, name: X, inter: 1, side: SYRIA_GOV, "
                                  "parent: syria_gov, aliases_en: [X Brigade]}\n")
    assert load_resources([p]).actors["x"].parent == "syria_gov"


# ----------------------------------------------------------------------------------------------
# docs
# ----------------------------------------------------------------------------------------------
def test_resources_every_field_is_documented() -> None:
    if not DOCS.is_file():
        pytest.fail("docs/dictionaries.md is missing")
    doc = DOCS.read_text(encoding="utf-8")
    for cls in (ActorEntry, TriggerEntry, OutletEntry, LexEntry, FramingEntry, ReferentEntry):
        for f in dataclasses.fields(cls):
            assert f"`{f.name}`" in doc, f"{cls.__name__}.{f.name} undocumented"
    for v in (*SIDES, *ALIGNMENTS, *GENERIC_LABELS, *LEX_SECTIONS, *FRAMINGS, *REFERENT_KINDS, "jihadist"):
        assert f"`{v}`" in doc, f"{v} undocumented"
    for code in ("E301", "E302", "E303", "E304", "E305", "E306", "E307", "E308", "E309", "E310", "E311", "E312"):
        assert code in doc, code


def test_resources_strike_target_must_be_a_known_actor() -> None:
    src = ("version: 1\nactors:\n  - id: isr\n    name: X\n    inter: 8\n    side: ISRAEL\n"
           "    strike_target: nobody\n")
    with pytest.raises(ResourceError) as ei:
        load_from_texts([("resources/actors.yaml", src)])
    assert any("E308" in p and "strike_target" in p for p in ei.value.problems)
