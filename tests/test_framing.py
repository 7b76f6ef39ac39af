"""Framing: the loaded terms per outlet (truceline/framing.py, resources/framing.yaml,
`truceline outlets`), on databases built from short texts written for these tests."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_corpus

from truceline import textutil
from truceline.cli import cli
from truceline.errors import ResourceError
from truceline.framing import FramingMatcher, framing_report
from truceline.resources import load_resources
from truceline.settings import Settings
from truceline.store import Store

# Short reports in the style of each side's media (written for these tests).
TEXTS = {
    "gov_en.txt": ("Units of the Syrian Arab Army shelled positions of terrorists near Kafr Nabl in southern Idlib "
                   "on Monday, killing 12 terrorists, after a ceasefire regime violation.\n"),
    "gov_ar.txt": ("استهدفت وحدات من الجيش العربي السوري بالمدفعية الثقيلة مواقع للإرهابيين والإرهابيين الأجانب في "
                   "محيط بلدة كفرنبل بريف إدلب الجنوبي، اليوم الاثنين، ما أدى إلى مقتل عشرة من المسلحين.\n"),
    "opp_en.txt": ("Regime forces shelled the town of Kafr Nabl in the liberated north on Monday, killing three "
                   "civilians and wounding four, according to the Syrian Civil Defence.\n"),
    "nobody.txt": "Two civilians were killed when a shell hit a house in Ariha on Tuesday, local sources said.\n",
    "tur_en.txt": ("Turkish drones struck positions of terrorists near Tell Rifaat in northern Aleppo on Sunday, "
                   "killing five terrorists, the ministry said.\n"),
}
MANIFEST = [
    {"file": "gov_en.txt", "published": "2021-06-14", "outlet": "SANA"},
    {"file": "gov_ar.txt", "published": "2021-06-14", "outlet": "Syrian Arab News Agency"},
    {"file": "opp_en.txt", "published": "2021-06-14", "outlet": "Enab Baladi"},
    {"file": "nobody.txt", "published": "2021-06-15", "outlet": "Idlib Morning Post"},
    {"file": "tur_en.txt", "published": "2021-06-13", "outlet": "Anadolu Agency"},
]


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)     # click 8.1
    except TypeError:
        return CliRunner()


def invoke(*args: str):
    return _runner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("framing")
    src = d / "in"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / name).write_text(text, encoding="utf-8")
    man = src / "manifest.jsonl"
    man.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in MANIFEST), encoding="utf-8")
    c = build_corpus([src], d / "f.db", Settings(), man)
    assert len(c.articles) == 5 and len(c.events) >= 5, c.events
    return c


@pytest.fixture(scope="module")
def report(corpus):
    with Store.open(corpus.db, readonly=True) as store:
        return framing_report(store)


def _outlet(report, name):
    return next(o for o in report.outlets if o.outlet == name)


def _counts(o) -> dict[str, int]:
    return {t.term: t.count for t in o.terms.values()}


# ----------------------------------------------------------------------------------------------
# matching
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def matcher():
    return FramingMatcher(load_resources())


def _found(matcher, text):
    return [(text[s:e], entry) for s, e, entry, _ in matcher.find(text)]


def test_framing_longest_term_wins_and_not_in_is_not_counted(matcher):
    text = "Regime forces broke the ceasefire regime, the regime said nothing."
    assert _found(matcher, text) == [("Regime forces", "gov_regime_forces_en"), ("regime", "gov_regime_en")]


def test_framing_terms_at_word_boundaries_only(matcher):
    assert _found(matcher, "The regimes of the region") == []
    assert _found(matcher, "counterterrorists") == []


def test_framing_arabic_clitics_and_no_suffixes(matcher):
    text = "قصف والإرهابيين وللإرهابيين بالمسلحين الإرهابيينا الجيش النظامي"
    found = _found(matcher, text)
    assert [e for _, e in found] == ["opp_terrorists_ar", "opp_terrorists_ar", "opp_militants_ar"]
    assert found[0][0] == "الإرهابيين"                                    # و left out of the span
    assert textutil.fold_term(found[1][0]).endswith("ارهابيين")           # ل + لإرهابيين
    assert found[2][0] == "المسلحين"


@pytest.mark.parametrize("text, expected", [
    ("Iraqi government forces launched an operation.", []),                      # not Syria's
    ("Syrian state media said the strike hit a depot.", []),
    ("The Turkish regime warned Damascus.", [("Turkish regime", "tur_occupation_en")]),
    ("The Saudi regime sent trucks.", []),
    ("Hama was declared free of terrorism.", [("free of terrorism", "area_gov_liberated_en")]),
    ("حماه خالية من الإرهاب والإرهابيين", [("خالية من الإرهاب", "area_gov_liberated_ar"),
                                           ("الإرهابيين", "opp_terrorists_ar")]),
    ("قرب مناطق سيطرة الجماعات الإرهابية", [("مناطق سيطرة الجماعات الإرهابية", "area_terrorist_ar")]),
    ("the regime's Russian allies", [("regime", "gov_regime_en")]),
])
def test_framing_dictionary_examples(matcher, text, expected):
    assert _found(matcher, text) == expected


def test_framing_arabic_diacritics_keep_original_offsets(matcher):
    text = "قصفت قُوَّاتُ النِّظامِ البلدة"
    [(s, e, entry, term)] = matcher.find(text)
    assert entry == "gov_regime_forces_ar" and term == "قوات النظام"
    assert text[s:e] == "قُوَّاتُ النِّظامِ"


# ----------------------------------------------------------------------------------------------
# counting from a database
# ----------------------------------------------------------------------------------------------
def test_framing_counts_per_outlet(report):
    sana = _outlet(report, "SANA")                # both SANA names are one outlet
    assert (sana.alignment, sana.outlet_id, sana.articles) == ("pro-government", "sana", 2)
    c = _counts(sana)
    assert c["terrorists"] == 2 and c["الإرهابيين"] == 2 and c["المسلحين"] == 1
    assert c["Syrian Arab Army"] == 1 and c["الجيش العربي السوري"] == 1
    assert "regime" not in c                          # "ceasefire regime" is not the government
    enab = _outlet(report, "Enab Baladi")
    assert enab.alignment == "pro-opposition"
    assert _counts(enab) == {"regime forces": 1, "liberated north": 1,
                             "Syrian Civil Defence": 1}
    aa = _outlet(report, "Anadolu Agency")
    assert aa.alignment == "turkish-state" and _counts(aa)["terrorists"] == 2
    other = _outlet(report, "Idlib Morning Post")
    assert (other.alignment, other.hits, other.articles) == ("unknown", 0, 1)
    assert other.events >= 1 and other.texts == 1


def test_framing_referent_follows_the_outlets_alignment(report):
    # the same entry: SANA's "terrorists" are the opposition, Anadolu's the YPG/PKK
    [sana] = [t for t in _outlet(report, "SANA").terms.values() if t.term == "terrorists"]
    [aa] = [t for t in _outlet(report, "Anadolu Agency").terms.values() if t.term == "terrorists"]
    assert sana.entry == aa.entry == "opp_terrorists_en"
    assert (sana.referent, aa.referent) == ("opposition_fighters", "kurdish_forces")
    view = {v.referent: {r["outlet"] for r in v.rows} for v in report.comparison()}
    assert "Anadolu Agency" in view["kurdish_forces"] and "Anadolu Agency" not in view["opposition_fighters"]


def test_framing_offsets_point_at_the_term(report, corpus):
    n = 0
    for o in report.outlets:
        for t in o.terms.values():
            assert len(t.spans) == t.count
            for aid, s, e, text in t.spans:
                assert corpus.article(aid).text[s:e] == text
                surface = textutil.fold_term(text)
                key = textutil.fold_term(t.term)
                assert surface == key or (surface == "ل" + key[2:]), (surface, t.term)
                n += 1
    assert n >= 10


def test_framing_grouped_by_referent_and_compared(report):
    sana = _outlet(report, "SANA")
    groups = sana.by_referent()
    assert list(groups)[0] == "opposition_fighters"
    assert sana.framing_split("opposition_fighters") == {"pejorative": 5, "sympathetic": 0, "neutral": 0}
    view = {v.referent: v for v in report.comparison()}
    gov = {r["outlet"]: r for r in view["government_forces"].rows}
    assert gov["SANA"]["framing"] == "sympathetic" and gov["SANA"]["total"] == 2
    assert (gov["Enab Baladi"]["term"], gov["Enab Baladi"]["framing"]) == ("regime forces", "pejorative")
    assert sana.by_referent(min_count=2).keys() == {"opposition_fighters"}


def test_framing_shared_sentence_is_read_once(corpus, tmp_path):
    db = tmp_path / "shared.db"
    art = next(a for a in corpus.articles if a.doc_id == "gov_en.txt")
    ev = next(e for e in corpus.events if e.article_id == art.id)
    twin = dataclasses.replace(ev, id=ev.id + "b", fatalities=(ev.fatalities or 0) + 1)
    with Store.open(db) as store:
        store.write_batch([art], [ev, twin])
        assert sum(1 for _ in store.iter_events()) == 2
        rep = framing_report(store)
    assert rep.texts == 1
    assert _counts(rep.outlets[0])["terrorists"] == 2


def test_framing_whole_articles_scope(corpus, tmp_path):
    # a body sentence that gave no event is read only with scope="articles"
    art = next(a for a in corpus.articles if a.doc_id == "opp_en.txt")
    body = art.text + "\nLocal sources said the revolutionaries in the liberated areas were on alert.\n"
    db = tmp_path / "scope.db"
    ev = next(e for e in corpus.events if e.article_id == art.id)
    with Store.open(db) as store:
        store.write_batch([dataclasses.replace(art, text=body)], [ev])
        ev_only = framing_report(store)
        whole = framing_report(store, scope="articles")
    assert "revolutionaries" not in _counts(ev_only.outlets[0])
    c = _counts(whole.outlets[0])
    assert c["revolutionaries"] == 1 and c["liberated areas"] == 1 and c["regime forces"] == 1
    assert (whole.scope, whole.texts, ev_only.texts) == ("articles", 1, 1)
    [t] = [t for t in whole.outlets[0].terms.values() if t.term == "revolutionaries"]
    aid, s, e, text = t.spans[0]
    assert body[s:e] == text == "revolutionaries"
    with pytest.raises(ValueError):
        framing_report(store, scope="everything")


def test_framing_empty_database(tmp_path):
    db = tmp_path / "empty.db"
    Store.open(db).close()
    with Store.open(db, readonly=True) as store:
        rep = framing_report(store)
    assert (rep.outlets, rep.texts, rep.articles) == ([], 0, 0)
    for fmt in ("table", "csv", "json"):
        r = invoke("outlets", "--db", str(db), "--format", fmt)
        assert r.exit_code == 0, r.output
    assert json.loads(invoke("outlets", "--db", str(db), "--format", "json").stdout)["outlets"] == []


# ----------------------------------------------------------------------------------------------
# the command
# ----------------------------------------------------------------------------------------------
def test_cli_outlets_table(corpus):
    r = invoke("outlets", "--db", str(corpus.db))
    assert r.exit_code == 0, r.output
    for s in ("Loaded terms per outlet", "Preferred term per referent", "SANA", "pro-government", "Enab Baladi",
              "terrorists 2 (pej)", "liberated north 1 (sym)", "Opposition fighters"):
        assert s in r.stdout, s


def test_cli_outlets_csv_traces_every_count(corpus, tmp_path):
    out = tmp_path / "o.csv"
    r = invoke("outlets", "--db", str(corpus.db), "--format", "csv", "-o", str(out))
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    row = next(x for x in rows if x["outlet"] == "SANA" and x["term"] == "الإرهابيين")
    assert row["alignment"] == "pro-government" and row["framing"] == "pejorative" and row["count"] == "2"
    texts = {a.id: a.text for a in corpus.articles}
    for span in row["spans"].split():
        aid, rng = span.split(":")
        s, e = map(int, rng.split("-"))
        assert textutil.fold_term(texts[aid][s:e]).endswith("ارهابيين")
    assert any(x["outlet"] == "Idlib Morning Post" and x["term"] == "" for x in rows)


def test_cli_outlets_json_and_min_count(corpus):
    r = invoke("outlets", "--db", str(corpus.db), "--format", "json", "--min-count", "2")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    sana = next(o for o in data["outlets"] if o["outlet"] == "SANA")
    terms = {t["term"] for ref in sana["referents"] for t in ref["terms"]}
    assert terms == {"terrorists", "الإرهابيين"}
    enab = next(o for o in data["outlets"] if o["outlet"] == "Enab Baladi")
    assert enab["referents"] == [] and enab["hits"] == 3
    assert data["comparison"][0]["referent"] == "opposition_fighters"


def test_cli_outlets_user_dictionary_adds_terms(corpus, tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text("version: 1\nframing:\n  - id: area_countryside_en\n    lang: en\n    referent: opposition_areas\n"
                 "    framing: neutral\n    vocabulary: [international]\n    terms: [southern Idlib]\n",
                 encoding="utf-8")
    r = invoke("outlets", "--db", str(corpus.db), "--format", "json", "--dict", str(p))
    sana = next(o for o in json.loads(r.stdout)["outlets"] if o["outlet"] == "SANA")
    areas = next(ref for ref in sana["referents"] if ref["referent"] == "opposition_areas")
    assert areas["terms"][0]["term"] == "southern Idlib" and areas["count"] == 1


# ----------------------------------------------------------------------------------------------
# validation of framing dictionaries
# ----------------------------------------------------------------------------------------------
BAD = """\
version: 1
referents:
  - id: fighters
    name: Fighters
    kind: people
framing:
  - id: a_en
    lang: en
    referent: nowhere
    framing: loaded
    vocabulary: [pro-government, pro-martian]
    terms: [thugs]
  - id: b_en
    lang: en
    referent: opposition_fighters
    framing: neutral
    vocabulary: [international]
    actor_aliases: true
  - id: c_en
    lang: en
    referent: opposition_fighters
    framing: pejorative
    vocabulary: [pro-government]
    actor: nobody
    terms: [thugs, goons]
    not_in: [ceasefire regime]
  - id: d_ar
    lang: ar
    referent: opposition_fighters
    framing: pejorative
    vocabulary: [pro-government]
    terms: [thugs]
    referent_by_alignment: [turkish=kurdish_forces]
"""


def test_framing_validation_names_file_line_and_field(tmp_path):
    p = tmp_path / "bad_framing.yaml"
    p.write_text(BAD, encoding="utf-8")
    with pytest.raises(ResourceError) as ei:
        load_resources([p])
    probs = ei.value.problems
    f = str(p)
    expected = [
        f'{f}:5: E305 entry "fighters": field "kind": expected one of actor, place, other; got "people"',
        f'{f}:10: E305 entry "a_en": field "framing": expected one of pejorative, sympathetic, neutral; got "loaded"',
        f'{f}:11: E305 entry "a_en": field "vocabulary": expected items from',
        f'{f}:18: E303 entry "b_en": field "actor_aliases": actor_aliases needs an "actor"',
        f'{f}:24: E308 entry "c_en": field "actor": actor "nobody" is not a known actor id',
        f'{f}:26: E308 entry "c_en": field "not_in": not_in phrase "ceasefire regime" holds none of the entry\'s terms',
        f'{f}:32: E305 entry "d_ar": field "terms": term "thugs" is not in Arabic script (lang ar)',
    f'{f}:33: E305 entry "d_ar": field "referent_by_alignment": expected an alignment',
    ]
    for exp in expected:
        assert any(m.startswith(exp) for m in probs), (exp, probs)
    assert len(probs) == len(expected), probs


def test_framing_unknown_referent_and_shared_terms(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text("version: 1\nframing:\n"
                 "  - {id: x_en, lang: en, referent: nowhere, framing: neutral, vocabulary: [other], terms: [goons]}\n"
                 "  - {id: y_en, lang: en, referent: the_dead, framing: neutral, vocabulary: [other],\n"
                 "     terms: [martyrs]}\n"
                 "  - {id: z_en, lang: en, referent: the_dead, framing: neutral, vocabulary: [other],\n"
                 "     actor: g_terrorists, actor_aliases: true}\n"
                 "  - {id: w_en, lang: en, referent: the_dead, framing: neutral, vocabulary: [other], terms: [goners],\n"
                 "     referent_by_alignment: [kurdish=nowhere]}\n", encoding="utf-8")
    with pytest.raises(ResourceError) as ei:
        load_resources([p])
    probs = ei.value.problems
    assert any(m.startswith(f'{p}:3: E308 entry "x_en": field "referent": referent "nowhere" is not a known')
               for m in probs), probs
    assert any(m.startswith(f'{p}:4: E312 entry "y_en": term "martyrs" is also a term of entry "dead_martyrs_en"')
               for m in probs), probs
    assert any(m.startswith(f'{p}:6: E312 entry "z_en": term "terrorists" (an alias of actor "g_terrorists") is also')
               for m in probs), probs
    assert f'{p}:9: E308 entry "w_en": field "referent_by_alignment": referent "nowhere" is not a known referent id' \
        in probs, probs


def test_framing_replacing_an_entry_by_id_moves_its_terms(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text("version: 1\nframing:\n"
                 "  - {id: dead_martyrs_en, lang: en, referent: the_dead, framing: neutral, vocabulary: [other],\n"
                 "     terms: [martyrs]}\n", encoding="utf-8")
    res = load_resources([p])
    assert res.framing["dead_martyrs_en"].terms == ("martyrs",)
    assert res.framing["dead_martyrs_en"].framing == "neutral"


def test_framing_old_lexicon_section_points_at_the_new_dictionary(tmp_path):
    p = tmp_path / "old.yaml"
    p.write_text("version: 1\nlexicon:\n  framing:\n    - {id: f1, lang: en, category: neutral, terms: [rebels]}\n",
                 encoding="utf-8")
    with pytest.raises(ResourceError) as ei:
        load_resources([p])
    assert 'top-level "framing" dictionary' in ei.value.problems[0]


def test_cli_outlets_bad_dictionary_exits_1(corpus, tmp_path):
    p = tmp_path / "bad_framing.yaml"
    p.write_text(BAD, encoding="utf-8")
    r = invoke("outlets", "--db", str(corpus.db), "--dict", str(p))
    assert r.exit_code == 1
    assert f'{p}:10: E305 entry "a_en": field "framing"' in r.stderr


def test_framing_packaged_terms_fold_uniquely():
    res = load_resources()
    seen: dict[tuple[str, str], str] = {}
    for e in res.framing.values():
        for t in e.terms:
            k = (e.lang, textutil.fold_term(t))
            assert seen.setdefault(k, e.id) == e.id, (t, e.id, seen[k])
    assert Path(__file__).resolve().parents[1].joinpath("docs", "framing.md").is_file()
