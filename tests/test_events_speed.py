"""truceline/events: the shortcuts of the event stage give the same answers as the plain code
(pre-tests of costly regexes, memoised gazetteer answers, article dates found on first use)."""
from __future__ import annotations

import datetime as dt
import re
import sys

import pytest

from truceline.events import EventBuilder, casualties, classify, common
from truceline.events import builder as builder_mod
from truceline.extract import default_extractor
from truceline.model import Article

# (pattern, its pre-test words, whether the words are looked up in the lower-cased text)
PRETESTS = [
    (casualties._AGGREGATE, casualties._AGGREGATE_WORDS, True),
    (casualties._BEFORE_NOW, casualties._BEFORE_NOW_WORDS, True),
    (casualties._PAST_YEAR, ("19", "20"), False),
    (classify._SEIZURE, classify._SEIZURE_WORDS, True),
    (classify._BACKGROUND, classify._BACKGROUND_WORDS, True),
    (classify._EVACUEES, classify._EVACUEES_WORDS, True),
    (classify._VICTORY, classify._VICTORY_WORDS, True),
    (classify._COMMENTARY, classify._COMMENTARY_WORDS, False),
    (classify._ARGUMENT, classify._ARGUMENT_WORDS, True),
    (builder_mod._ArticleContext._AGREEMENT_DATE, builder_mod._ArticleContext._AGREEMENT_WORDS, True),
]

# texts written for this test: each matches at least one of the patterns above, in several cases
TEXTS = [
    "The war has killed 400,000 people since 2011.", "THE CONFLICT HAS CLAIMED thousands.",
    "since the beginning of the uprising", "So far this year 30 died.", "in the past two years",
    "منذ بداية الثورة قتل الآلاف", "days after a bombing killed 120", "In The Wake Of the massacre",
    "following an attack on the market", "بعد يومين من القصف", "the sarin attack in August 2013",
    "Police seized weapons and ammunition", "WEAPONS WERE CONFISCATED", "ضبط أسلحة وذخائر",
    "they destroyed explosive devices", "in retaliation for the shelling of", "ردا على قصف",
    "protesting against the detention of", "Twenty Civilians were evacuated", "إخلاء المدنيين",
    "a great victory for the army", "النصر الثاني هو بفتح الطريق", "انتصار الجيش", "analysts believe",
    "the truce brokered by Russia on", "اتفاق وقف إطلاق النار الموقع في", "the Ceasefire Agreed on",
    "In 1999 and 2020", "triumphant troops", "War Crimes were committed",
    "there is no evidence that", "It Is No Coincidence", "it became obvious that", "a question naturally arises",
    "tried to prove", "the most important factor", "The Reason, as", "one of the major reasons", "لا شك أن",
    "من الواضح أن", "فالكل يُجمع على أن", "wants those attacks to take place",
    # _BACKGROUND reads the words just before a trigger: the text ends with the phrase
    "They fired in retaliation for the ", "protests erupted following the deadly ", "ردا على ",
    "rallies against the ", "on the anniversary of the ", "it had been ", "in 2019 ", "Demonstrated Against ",
]


def _odd_fold_chars() -> set[str]:
    """Every character ``re.I`` matches to an ASCII letter while ``str.lower()`` does not give it."""
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    odd = set()
    for x in "abcdefghijklmnopqrstuvwxyz":
        odd.update(c for c in re.findall(x, chars, re.I) if c.lower() != x)
    return odd


def test_events_pretest_fold_exceptions_are_complete():
    assert _odd_fold_chars() == set(common._FOLD_ODD)


@pytest.mark.parametrize("rx,words,folded", PRETESTS, ids=[p[0].pattern[:20] for p in PRETESTS])
def test_events_pretest_never_hides_a_match(rx, words, folded):
    variants = []
    for t in TEXTS:
        variants += [t, t.upper(), t.title(), t.swapcase(), "x " + t + " y"]
    variants += ["SEİZED weapons", "ſince the war began", "ıt had been after"]  # no pre-test for these
    for v in variants:
        m = rx.search(v)
        if m is None:
            continue
        if folded:
            assert common._may(common._lower_or_none(v), words), (rx.pattern[:30], v)
            assert common._may(common._lowered(v), words), (rx.pattern[:30], v)
        else:
            assert any(w in v for w in words), (rx.pattern[:30], v)
        # every match holds one of the words: the pre-test of the matched text alone passes too
        part = m.group(0)
        if folded:
            assert common._may(common._lower_or_none(part), words) or rx.search(part) is None, (rx.pattern[:30], v)


@pytest.mark.parametrize("text", ["Dozens of protesters gathered", "TWO SOLDIERS were killed", "the toll rose to 13",
                                  "12 people", "قتل 5 مدنيين", "Several Civilians", "no figures here", "٣ أشخاص"])
def test_events_counted_pretest(text):
    for v in (text, text.upper(), text.title()):
        assert classify._counted(v) == (classify._COUNTED.search(v) is not None)


def test_events_pretest_odd_characters_disable_it():
    assert common._lower_or_none("ſince") is None
    assert common._may(None, ("x",))
    assert not common._may("abc", ("x", "y"))


def _articles():
    return [
        Article(id="s1", text="Regime artillery killed four civilians, including two children, when it shelled "
                "the town of Ariha in southern Idlib late on June 9. The shelling also hit Sarmin.",
                language="en", published=dt.date(2021, 6, 10), outlet="Test Wire"),
        Article(id="s2", text="Syria truce. Russian warplanes struck Saraqib on Monday, killing three people. "
                "Activists said the strikes hit Ariha and Sarmin as well.",
                language="en", published=dt.date(2021, 6, 10), outlet="Test Wire"),
        Article(id="s3", text="قصفت قوات النظام مدينة أريحا يوم أمس، ما أدى إلى مقتل ثلاثة مدنيين، بحسب الدفاع المدني.",
                language="ar", published=dt.date(2021, 6, 10), outlet="Test Wire"),
        Article(id="s4", text="Prices of bread rose again. The council met on Sunday.",
                language="en", published=dt.date(2021, 6, 10), outlet="Test Wire"),
    ]


def test_events_memoised_builder_matches_fresh_builders():
    """One builder reused over many articles (memoised gazetteer answers, evidence rewritten for
    each span) gives what a fresh builder gives for each article."""
    ex = default_extractor()
    arts = _articles()
    # the same texts again under other ids and shifted by a prefix: memo hits with other spans
    arts += [Article(id=a.id + "b", text="Update. " + a.text, language=a.language, published=a.published,
                     outlet=a.outlet) for a in arts]
    shared = EventBuilder(ex)
    for _ in range(2):
        for a in arts:
            sents = ex.sentences(a)
            assert shared.build(a, sents) == EventBuilder(ex).build(a, sents)
    assert shared._resolve_memo  # the memo was used


def test_events_article_without_trigger_gives_nothing():
    ex = default_extractor()
    a = _articles()[3]
    assert EventBuilder(ex).build(a, ex.sentences(a)) == []


def test_events_article_dates_found_on_first_use():
    a = _articles()[0]
    ctx = builder_mod._ArticleContext(a, None)
    assert ctx._dates is None
    assert [d.date for d in ctx.dates] == [d.date for d in builder_mod.textutil.find_dates(
        a.text, 0, len(a.text), "en", a.published) if d.date]
    assert builder_mod._ArticleContext(a, []).dates == []
