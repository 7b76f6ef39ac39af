"""Casualty figures (truceline/events/casualties.py) through the real extractor and builder.

Every text here is written for the test; figures follow ACLED conventions (dozens = 12, tens = 10;
sub-counts are part of the total; civilians include children and women)."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.events import EventBuilder
from truceline.events.casualties import casualties
from truceline.extract import default_extractor
from truceline.model import Article, Event

FIELDS = ("fatal", "civilian", "child", "women", "injured", "displaced")


@pytest.fixture(scope="module")
def ex():
    return default_extractor()


def _lang(text: str) -> str:
    return "ar" if any("\u0600" <= c <= "\u06ff" for c in text) else "en"


def figures(ex, text: str) -> dict:
    """The summed figures of every trigger sentence of ``text``."""
    a = Article(id="t", text=text, language=_lang(text), published=dt.date(2019, 6, 3))
    out = dict.fromkeys(FIELDS)
    for s in ex.sentences(a):
        if not any(m.kind == "trigger" for m in s.mentions):
            continue
        f = casualties(ex.res, a, s)
        for k in FIELDS:
            v = getattr(f, k)
            if v is not None:
                out[k] = (out[k] or 0) + v
    return out


def events(ex, text: str) -> list[Event]:
    a = Article(id="t", text=text, language=_lang(text), published=dt.date(2019, 6, 3))
    return [r for r in EventBuilder(ex).build(a, ex.sentences(a)) if isinstance(r, Event)]


def _check(got: dict, want: dict) -> None:
    for k, v in want.items():
        assert got[k] == v, f"{k}: got {got[k]}, want {v} ({got})"


CASES_EN = [
    # number - victim - verb
    ("Russian airstrikes on Ariha killed 6 civilians on Monday.", dict(fatal=6, civilian=6)),
    ("Six civilians were killed when shells hit the market of Saraqib.", dict(fatal=6, civilian=6)),
    ("Regime shelling caused the death of 31 civilians in Kafr Nabl.", dict(fatal=31, civilian=31)),
    ("19 killed in an air strike on Maarat al-Numan.", dict(fatal=19)),
    ("The death toll from the car bomb in Azaz rose to 12.", dict(fatal=12)),
    ("Two soldiers dead after rebels attacked a checkpoint near Morek.", dict(fatal=2, civilian=None)),
    ("Clashes near Kafr Nabouda killed three HTS fighters and two soldiers.", dict(fatal=5, civilian=None)),
    # singular victims
    ("A child was killed by regime shelling on Jisr al-Shughur.", dict(fatal=1, civilian=1, child=1)),
    ("A civilian killed in Russian air raids on Sarmin.", dict(fatal=1, civilian=1)),
    ("A woman was killed and two children were wounded in shelling on Ariha.",
     dict(fatal=1, civilian=1, women=1, child=None, injured=2)),
    ("A woman and a child died after a barrel bomb hit Kafr Zita.", dict(fatal=2, civilian=2, women=1, child=1)),
    # sub-counts are part of the total, not added
    ("Airstrikes on Saraqib killed 20 people, including 6 children and 2 women.",
     dict(fatal=20, civilian=20, child=6, women=2)),
    ("Shelling killed 10 civilians including 3 children in Khan Shaykhun.", dict(fatal=10, civilian=10, child=3)),
    ("Six people, including two children, were killed in an airstrike on Ariha.",
     dict(fatal=6, civilian=6, child=2)),
    ("Two medics were among at least 31 people killed in regime shelling of Jisr al-Shughur.",
     dict(fatal=31, civilian=31)),
    # killed and wounded
    ("A bomb blast killed six people and injured 32 in Azaz.", dict(fatal=6, civilian=6, injured=32)),
    ("Five people were killed and 12 others wounded in the attack on Sarmada.", dict(fatal=5, injured=12)),
    ("Shelling on Kafr Nabl left 4 dead and 9 wounded.", dict(fatal=4, injured=9)),
    # approximations: dozens = 12, tens = 10
    ("Dozens of civilians were killed in air raids on Maarat al-Numan.", dict(fatal=12, civilian=12)),
    ("Regime shelling on Ariha injured dozens of residents.", dict(fatal=None, injured=12)),
    # a composition is no count of women
    ("A blast near buses in Rashidin killed more than 120, mostly women and children.",
     dict(fatal=120, women=None, child=None)),
    # displaced
    ("The shelling forced 2500 people to flee; 2500 individuals were displaced from Kafr Nabl.",
     dict(displaced=2500)),
    # a restated figure in one sentence (headline run into the lede) is counted once
    ("Six Killed in Aleppo Bombing Six people were killed in a blast in Aleppo.", dict(fatal=6)),
]

CASES_AR = [
    ("قتل أربعة مدنيين بينهم طفلان بقصف جوي على بلدة كفرنبل.", dict(fatal=4, civilian=4, child=2)),
    ("استشهاد 3 أطفال وامرأة بقصف مدفعي على سراقب.", dict(fatal=4, civilian=4, child=3, women=1)),
    ("مقتل طفلين بقصف لقوات النظام على أريحا.", dict(fatal=2, civilian=2, child=2)),
    ("ارتفاع حصيلة القتلى إلى 12 مدنيا في غارات على أريحا.", dict(fatal=12, civilian=12)),
    ("مقتل 15 مدنياً وجرح 20 آخرين بغارات روسية على معرة النعمان.", dict(fatal=15, civilian=15, injured=20)),
    ("قتيلان وثلاثة جرحى بقصف على سراقب.", dict(fatal=2, injured=3)),
    ("مقتل طفل بقصف على كفرنبل.", dict(fatal=1, civilian=1, child=1)),
    ("استشهاد امرأة وإصابة 5 مدنيين بينهم امرأتان وطفل بقصف صاروخي على الباب.",
     dict(fatal=1, civilian=1, women=1, injured=5)),
    ("ثلاثة شهداء بينهم طفل وامرأة بقصف صاروخي على عفرين.", dict(fatal=3, civilian=3, child=1, women=1)),
    ("أسفر القصف عن سقوط ثلاثة جرحى في بلدة كفرنبل.", dict(fatal=None, injured=3)),
]

NOT_CASUALTIES = [
    "Regime forces fired 30 shells on Kafr Nabl.",
    "Warplanes struck 3 villages in the Idlib countryside.",
    "The 46th Regiment shelled rebel positions near Atarib.",
    "Shelling hit Ariha in 2019, as in 2016.",
    "Airstrikes hit Saraqib on 12 June 2019.",
    "The attack killed in 3 villages of the Ghab plain.",
    "Russian airstrikes have killed thousands of civilians since Moscow intervened in September 2015.",
    "The war has killed more than 400,000 people since 2011.",
    "قصفت قوات النظام بـ 30 قذيفة بلدة كفرنبل.",
    "منذ بداية العام قتل 35 مدنيا بقصف النظام على شمال سوريا.",
]


@pytest.mark.parametrize("text,want", CASES_EN)
def test_casualties_english_patterns(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text,want", CASES_AR)
def test_casualties_arabic_patterns(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text", NOT_CASUALTIES)
def test_casualties_other_numbers_are_no_figures(ex, text):
    got = figures(ex, text)
    assert got["fatal"] is None and got["civilian"] is None and got["injured"] is None, got


@pytest.mark.parametrize("text,fatal,civ", [
    ("Regime air strikes on Ariha killed 27 people on Monday.", 27, 27),   # generic victims of a strike
    ("A suicide bomber killed four people in a hospital in Jableh.", 4, 4),
    ("Clashes between HTS and regime forces near Kafr Nabouda killed 27 people.", 27, None),  # a battle
    ("An airstrike killed five pro-regime fighters near Hader.", 5, None),  # combatants named
])
def test_casualties_generic_victims_of_strikes_are_civilians(ex, text, fatal, civ):
    _check(figures(ex, text), dict(fatal=fatal, civilian=civ))


def test_casualties_reach_the_event(ex):
    evs = events(ex, "Russian airstrikes on the town of Ariha killed 8 civilians, including 3 children, "
                     "and wounded 14 others on Monday.")
    assert evs, "no event"
    e = evs[0]
    assert (e.fatalities, e.civilian_fatalities, e.child_fatalities, e.injured) == (8, 8, 3, 14)
    assert any(k == "fatalities" for k, _ in e.spans)
    assert any(k == "injured" for k, _ in e.spans)


def test_casualties_evidence_spans_cover_the_figure(ex):
    text = "Shelling on Saraqib killed 5 civilians."
    a = Article(id="t", text=text, language="en", published=dt.date(2019, 6, 3))
    s = next(s for s in ex.sentences(a) if any(m.kind == "trigger" for m in s.mentions))
    f = casualties(ex.res, a, s)
    (kind, ev), = f.spans
    assert kind == "fatalities" and "5 civilians" in ev.text and "killed" in ev.text


# round 2: asides, compositions, restatements, background clauses, Arabic postposed numbers and tanween
CASES_ROUND2 = [
    ("At least 300 people - mostly women and children - were wounded in the shelling of Kafr Nabl.",
     dict(injured=300, fatal=None)),
    ("Regime warplanes killed at least 19 people, most of them civilians, in Saraqib.", dict(fatal=19, civilian=19)),
    ("A car bomb exploded in Azaz killing more than 40 mainly women and children.", dict(fatal=40, civilian=40,
                                                                                       women=None, child=None)),
    ("Air raids on Jisr al-Shughur killed 14 people, most of them fighters.", dict(fatal=14, civilian=None)),
    ("Soldiers shelled the village, killing 9 people.", dict(fatal=9, civilian=9)),
    ("Shelling killed 9 people but it was not clear whether they were civilians or fighters.",
     dict(fatal=9, civilian=None)),
    ("30 Killed in Air Raids on Binnish Dozens of people were killed in air raids on Binnish on Friday.",
     dict(fatal=30, civilian=30)),
    ("Eleven people were killed when fighter jets struck the market of Ariha.", dict(fatal=11, civilian=11)),
    ('Rebels said artillery fire killed 23 "terrorists" near Morek.', dict(fatal=23, civilian=None)),
    ("The convoy left on Sunday, two days after a bomb attack killed 70 evacuees near Rashidin.",
     dict(fatal=None)),
    ("Shelling of Maarat al-Numan killed 4 people; a day after an air strike killed 9 in Kafr Nabl.",
     dict(fatal=4)),
    ("Thousands of civilians were killed in a sarin attack on Ghouta in August 2013.", dict(fatal=None)),
    ("More than 370,000 people have been killed and millions displaced, according to the UN.", dict(fatal=None)),
    ("أسفر القصف على معرة النعمان عن مقتل 11 مدنياً و4 نساء", dict(fatal=15, civilian=15, women=4)),
    ("مقتل 3 أطفال من عائلة واحدة بقصف مدفعي على كفرنبل", dict(fatal=3, child=3, civilian=3)),
    ("سقوط 25 قذيفة على سراقب ومقتل مدنيين اثنين", dict(fatal=2, civilian=2)),
    ("مقتل طفل واحد بغارة جوية على بنش", dict(fatal=1, child=1)),
    ("مقتل رجل وطفليه بقصف صاروخي على أريحا", dict(fatal=3, child=2, civilian=3)),
    ("قتيلان وثلاثة جرحى بقصف على سراقب", dict(fatal=2, injured=3)),
]


@pytest.mark.parametrize("text,want", CASES_ROUND2)
def test_casualties_round2_patterns(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text", [
    "قصفت الفرقة 25 بلدة سراقب بعشرات القذائف ما أدى لمقتل عدد من المدنيين",
    "قتل 45 شخصاً في 12 غارة على ريف إدلب خلال 3 أيام",
])
def test_casualties_round2_unit_and_shell_numbers(ex, text):
    got = figures(ex, text)
    assert got["fatal"] in (None, 45), got


def test_casualties_arabic_single_dead_noun():
    """'شهيد وعدد من الجرحى': one dead written as a noun, no number."""
    import datetime as _dt

    from truceline.events import EventBuilder
    from truceline.extract import default_extractor
    from truceline.model import Article

    ex = default_extractor()
    a = Article(id="t", text="شهيد وعدد من الجرحى بينهم أطفال جراء قصف مدفعي لقوات النظام على بلدة سرمين",
                language="ar", published=_dt.date(2021, 6, 10))
    evs = EventBuilder(ex).build(a, ex.sentences(a))
    assert evs and evs[0].fatalities == 1


# -- Arabic: the one person a death word names ----------------------------------------------------
@pytest.mark.parametrize("text, want", [
    # a definite singular right after the death or injury word is the person it names
    ("استشهاد الطفل علي بقصف مدفعي على بلدة كنصفرة", {"fatal": 1, "civilian": 1, "child": 1}),
    ("وفاة الطفلة هدى متأثرة بجراحها بعد قصف النظام على البلدة", {"fatal": 1, "child": 1}),
    ("مقتل الشاب \"أحمد الحسن\" بغارة جوية على البلدة", {"fatal": 1, "civilian": 1}),
    ("وأدى القصف إلى إصابة الطفل بجروح في بلدة كنصفرة", {"fatal": None, "injured": 1}),
    # people named in quotes right after the death word: one each
    ("مقتل \"أحمد الحسن\" بغارة جوية على البلدة", {"fatal": 1, "civilian": 1}),
    ("مقتل كل من \"أحمد الحسن\" و\"محمود العلي\" بغارة جوية على البلدة", {"fatal": 2, "civilian": 2}),
    # قضت (she died), a feminine form of قضى
    ("قضت امرأة وأصيب ثلاثة أشخاص بجروح جراء قصف روسي على ريف إدلب", {"fatal": 1, "women": 1, "injured": 3}),
])
def test_casualties_arabic_named_victims(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text", [
    "قصف مدفعي يستهدف مقر الدفاع المدني في بلدة كنصفرة",     # an adjective, no death word before it
    "وقصفت قوات النظام البلدة وقال الطفل إن القصف كان عنيفا",  # a definite noun that refers back
    "قصف \"عنيف\" بالمدفعية على بلدة كنصفرة",                 # quotes without a death word
])
def test_casualties_arabic_definite_or_quoted_without_death_word(ex, text):
    _check(figures(ex, text), {"fatal": None, "civilian": None, "injured": None})


@pytest.mark.parametrize("text, want", [
    # "بين قتيل وجريح": killed and wounded together, no death toll and no single dead
    ("40 مدنيا بين قتيل وجريح بقصف صاروخي على مدينة عفرين", {"fatal": None, "injured": None}),
    # a dead noun and the noun saying who the dead was are one count
    ("شهيد طفل بقصف جوي روسي على بلدة كنصفرة", {"fatal": 1, "civilian": 1, "child": 1}),
    ("قتيلان مدنيان بقصف مدفعي على مدينة سراقب", {"fatal": 2, "civilian": 2}),
])
def test_casualties_arabic_mixed_and_apposed_dead(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text, want", [
    # "أحد" + a plural noun is one of them
    ("ما أدى إلى استشهاد أحد سكان القرية بقصف مدفعي على بلدة كنصفرة", {"fatal": 1, "civilian": 1}),
    ("مقتل أحد المدنيين وإصابة آخرين بقصف مدفعي على مدينة سراقب", {"fatal": 1, "civilian": 1}),
    # a headline's bare singular victim and its verb
    ("Girl killed in a Syrian regime attack on western Aleppo", {"fatal": 1, "civilian": 1, "child": 1}),
    ("Woman killed in Syrian regime shelling in western Idlib", {"fatal": 1, "women": 1}),
])
def test_casualties_one_of_and_headline_singular(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text, want", [
    # "لقي ... مصرعهم" with "من عائلة واحدة" between the count and its word
    ("لقي 4 أطفال من عائلة واحدة مصرعهم إثر قصف مدفعي على بلدة كنصفرة", {"fatal": 4, "child": 4}),
    # kin nouns as victims, and the present tense of أودى بحياة
    ("استشهاد طفلة وإصابة والدتها بقصف على بلدة كنصفرة", {"fatal": 1, "child": 1, "injured": 1}),
    ("قصف مدفعي يودي بحياة مدني في بلدة كنصفرة", {"fatal": 1, "civilian": 1}),
])
def test_casualties_arabic_family_and_kin(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text, want", [
    # "طفل آخر": "other" describes the noun before it; أمهم (their mother) is a woman
    ("مقتل ثلاثة أطفال وأمهم وطفل آخر بقصف مدفعي على بلدة كنصفرة", {"fatal": 5, "child": 4, "women": 1}),
    # "سيدة نازحة": displaced describes the woman, the five were killed
    ("أسفرت الغارات الروسية على سراقب عن مقتل خمسة مدنيين بينهم ثلاثة أطفال وسيدة نازحة من ريف حلب",
     {"fatal": 5, "civilian": 5, "child": 3, "displaced": None}),
])
def test_casualties_arabic_other_and_displaced_adjectives(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text, want", [
    # the number counts the rockets, not the dead named after them
    ("طيران مسير يستهدف مدينة جرابلس بثلاثة صواريخ ويوجد قتيل وثلاث إصابات", {"fatal": 1, "injured": 3}),
])
def test_casualties_number_of_a_counted_thing_is_not_a_toll(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text,want", [
    # an explicit civilian sub-count of generic victims: the civilians are the sub-count
    ("Russian raids on the town of Raqqa killed 30 people, including 24 civilians, on Thursday.",
     dict(fatal=30, civilian=24)),
    ("At least 20 people including 10 civilians were killed by air strikes in Latakia province.",
     dict(fatal=20, civilian=10)),
    # a kind of civilian among the dead does not say the others were not civilians
    ("Two medics were among at least 31 people killed in government shelling of the town.",
     dict(fatal=31, civilian=31)),
    # "a rebel alliance" names no victim
    ("Warplanes launched air strikes killing dozens in areas held by a rebel alliance.", dict(fatal=12)),
    # tolls of a campaign or of weeks are aggregates
    ("At least 123 civilians have been killed by airstrikes since the regime and Russian jets began "
     "an offensive nearly two weeks ago.", dict(fatal=None, civilian=None)),
    ("In the past two weeks more than 200 civilians have been killed in Aleppo by air raids.",
     dict(fatal=None, civilian=None)),
])
def test_casualties_round3_patterns(ex, text, want):
    _check(figures(ex, text), want)


def test_casualties_vague_and_rising_flags(ex):
    a = Article(id="t", text="Air strikes killed dozens of people in Ariha. The death toll has risen to 42 on Monday.",
                language="en", published=dt.date(2019, 6, 3))
    got = [casualties(ex.res, a, s) for s in ex.sentences(a)]
    assert (got[0].fatal, got[0].vague, got[0].rise) == (12, True, False)
    assert (got[1].fatal, got[1].vague, got[1].rise) == (42, False, True)


@pytest.mark.parametrize("text", [
    "At least 20 people were killed in a car bomb attack on Syrian rebels at a checkpoint in Azaz.",
    "11 killed as Nusra attacks US-trained militants in the north.",
])
def test_casualties_combatant_target_blocks_generic_civilians(ex, text):
    got = figures(ex, text)
    assert got["fatal"] and got["civilian"] is None


def test_casualties_civilian_target_still_civilians(ex):
    _check(figures(ex, "A car bomb attack on a crowded market in Azaz killed 20 people."), dict(fatal=20, civilian=20))


@pytest.mark.parametrize("text,want", [
    ("At least 12 civilians mostly women and children were reportedly killed in air strikes on the town.",
     dict(fatal=12, civilian=12)),
    ("A woman and child were killed after rebels shelled the centre of the city.", dict(fatal=2, civilian=2)),
    ("Army helicopter fire killed 12 people, eight of them children, in a camp near the border.",
     dict(fatal=12, civilian=12, child=8)),
    ("40 Civilians, 25 YPG Fighters Killed by Turkish Strikes Near Jarablus", dict(fatal=65, civilian=40)),
    ("Russian warplanes carried out a massacre in which 35 civilians mostly schoolchildren and teachers were "
     "killed.", dict(fatal=35, civilian=35)),
    ("The opposition accused government forces of killing well over 1000 civilians with poison gas.",
     dict(fatal=1000, civilian=1000)),
    ("According to the monitor, regime forces committed 411 ceasefire breaches in June which resulted in the "
     "death of 31 civilians, out of which 13 were children and 4 women, 2500 individuals were displaced.",
     dict(fatal=31, civilian=31, child=13, women=4, displaced=2500)),
])
def test_casualties_round4_patterns(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text,want", [
    ("47 Leaders of Ahrar Al-Sham Killed in Idleb Blast", dict(fatal=47, civilian=None)),
    ("Two men from (Lebanese Shia group) Hezbollah were killed in an Israeli strike.", dict(fatal=2, civilian=None)),
    # "a terrorist attack" names no victim; "surpasses" gives the toll
    ("The death toll of a terrorist attack near Aleppo surpasses 130 people including 67 children.",
     dict(fatal=130, civilian=130, child=67)),
    # a group that names the place is not the group of the dead
    ("Huge regime bombs kill 28 in IS-held Syria town", dict(fatal=28, civilian=28)),
])
def test_casualties_armed_group_after_the_count(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text,want", [
    # a page counter before a noun with its own article is no count of it
    ("Get short URL 0 612 A woman and child were killed after rebels shelled the centre of Damascus.",
     dict(fatal=2, civilian=2)),
    # a phrase with its own casualty word does not join the one before it
    ("Militants executed around 367 people in the town while 240 more have gone missing.", dict(fatal=367)),
])
def test_casualties_round5_patterns(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text, want", [
    # the verbal noun before a count governs it, even when a casualty word follows without "و"
    ("وأدى القصف لمقتل 4 أشخاص إصابة 20 آخرين في مدينة سرمدا", {"fatal": 4, "civilian": 4, "injured": 20}),
    # "على الأقل" between the count and its verb
    ("وقالت مصادر محلية إن شخصاً على الأقل قتل وأصيب ثلاثة آخرون بغارة جوية على مدينة جرابلس",
     {"fatal": 1, "civilian": 1, "injured": 3}),
    # "كل من" + a definite dual before the quoted names: two women, not four
    ("ارتقاء كل من السيدتين \"هدى العلي\" و \"سلمى الحسن\" وإصابة 6 مدنيين بجروح نتيجة القصف على المدينة",
     {"fatal": 2, "civilian": 2, "women": 2, "injured": 6}),
    # "فقدوا حياتهم" (lost their lives)
    ("وقال الدفاع المدني إن ثلاثة أشخاص فقدوا حياتهم جراء القصف المدفعي على بلدة كنصفرة",
     {"fatal": 3, "civilian": 3}),
])
def test_casualties_arabic_governed_counts_and_lost_lives(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text, want", [
    # killed and wounded given as one figure: no death toll, no injured count
    ("سقوط 30 قتيلا وجريحا بقصف مدفعي على مدينة أريحا", {"fatal": None, "civilian": None, "injured": None}),
    ("قتل وجرح 6 مدنيين بقصف مدفعي على مدينة أريحا", {"fatal": None, "civilian": None, "injured": None}),
    # the figure of a period since an intervention is no event's
    ("وقالت المنظمة إن الغارات أدت إلى مقتل 3500 مدني منذ التدخل الروسي في سوريا", {"fatal": None, "civilian": None}),
    # a second named person joined to the one the death word names
    ("ما تسبب بمقتل السيدة \"هدى العلي\" والشاب \"سمير الحسن\" وإصابة ستة أشخاص بقصف على المدينة",
     {"fatal": 2, "civilian": 2, "women": 1, "injured": 6}),
])
def test_casualties_arabic_mixed_figures_periods_and_joined_names(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text, want", [
    # a number in brackets
    ("مقتل (3) أطفال بغارة جوية على بلدة كنصفرة", {"fatal": 3, "civilian": 3, "child": 3}),
    # the present tense of قتل
    ("دورية روسية تقتل طفلا رميا بالرصاص في مدينة دير الزور", {"fatal": 1, "civilian": 1, "child": 1}),
])
def test_casualties_arabic_bracketed_number_and_present_tense(ex, text, want):
    _check(figures(ex, text), want)


def test_arabic_verb_asfarat_is_no_place(ex):
    # "أسفرت عن" (resulted in) is a verb, not a spelling of the town as-Safirah
    evs = events(ex, "قصف مدفعي لقوات النظام على قريتي ابلين وبلشون، أسفرت عن مقتل 5 مدنيين")
    assert evs and not any(e.place is not None and "saf" in e.place.name.lower() for e in evs)


@pytest.mark.parametrize("text, want", [
    # an airborne raid is no clash: its generic dead are civilians
    ("مقتل شخصين خلال عملية إنزال جوي للتحالف الدولي في بلدة الشحيل", {"fatal": 2, "civilian": 2}),
    # unless fighters are named among the dead
    ("مقتل ثلاثة عناصر من تنظيم داعش خلال عملية إنزال جوي للتحالف الدولي في بلدة الشحيل",
     {"fatal": 3, "civilian": None}),
])
def test_casualties_arabic_raid_victims(ex, text, want):
    _check(figures(ex, text), want)


def test_arabic_word_glued_to_latin_is_still_a_word(ex):
    # a scraped tweet glues its link to the last word: "إصاباتpic.twitter.com/..." is still إصابات
    _check(figures(ex, "طيران مسير يستهدف مدينة جرابلس بثلاثة صواريخ ويوجد قتيل وثلاث إصاباتpic.twitter.com/x1"),
           {"fatal": 1, "injured": 3})


@pytest.mark.parametrize("text, want", [
    # "بالإضافة إلى" / "برفقة" join a phrase to the one before it
    ("مقتل ثلاثة مدنيين بالإضافة إلى طفلين بقصف مدفعي على بلدة كنصفرة", {"fatal": 5, "civilian": 5, "child": 2}),
    # a joined phrase with a casualty word of its own keeps it
    ("مقتل ثلاثة مدنيين فضلا عن إصابة ستة أشخاص بقصف مدفعي على بلدة كنصفرة", {"fatal": 3, "injured": 6}),
])
def test_casualties_arabic_in_addition_to(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text,want", [
    # a page counter before a noun phrase opened by "the" is no count of it
    ("Get short URL 0 214 The number of civilians killed by the air strike on the village has risen "
     "sharply, medics said.", dict(fatal=None, civilian=None)),
    ("Share 0 35 These civilians were killed when shells hit the market of the town.",
     dict(fatal=None, civilian=None)),
])
def test_casualties_number_before_a_determiner(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text,want", [
    # a range is one figure, its lower bound (ACLED's conservative figure), not a sum of the two
    ("Between 500 and 1300 people died on Wednesday in the chemical attack on the suburbs, activists said.",
     dict(fatal=500, civilian=500)),
    ("Activists said the gas attack killed from 500 to well over 1000 people.", dict(fatal=500, civilian=500)),
    ("Air strikes killed 20 to 30 people in the town on Monday.", dict(fatal=20, civilian=20)),
    # a list is still summed
    ("Air strikes killed 3 children and 2 women in the town on Monday.", dict(fatal=5, civilian=5)),
])
def test_casualties_range_is_one_figure(ex, text, want):
    _check(figures(ex, text), want)


def test_casualties_toll_word_far_before_reached(ex):
    # the toll word may stand well before its figure when the gap ends in "has reached"
    text = ("The death toll from a bomb attack on a crowded bus convoy outside the city has reached at least "
            "126, the monitor said on Sunday.")
    _check(figures(ex, text), dict(fatal=126))


@pytest.mark.parametrize("text,want", [
    # a count between two verbs without "and" belongs to the verb before it when the verb after has a
    # count of its own
    ("Rebels shelled the neighbourhoods killing 4 civilians injuring 10 others on Monday.",
     dict(fatal=4, civilian=4, injured=10)),
    ("Rebel rockets killed 3 injured 12 in the city on Monday.", dict(fatal=3, injured=12)),
    # a participle after the count without a count of its own is still the count's word
    ("Three people killed five injured in terrorist rocket attack on the city", dict(fatal=3, injured=5)),
])
def test_casualties_count_between_two_verbs(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text,want", [
    # the abducted are not dead: "kidnapped 900" is no death toll, and not joined to the one after it
    ("Daesh kidnapped 900 Executed 18 People in the town", dict(fatal=18, civilian=18)),
    ("Militants executed 18 people and kidnapped 900 others in the town.", dict(fatal=18)),
])
def test_casualties_abducted_are_not_dead(ex, text, want):
    _check(figures(ex, text), want)


@pytest.mark.parametrize("text", [
    "HTS field commander Abu Omar al-Halabi was killed in a roadside bomb blast in Sarmada on Monday.",
    "Another senior Ahrar al-Sham commander, Abu Zaid al-Shami, was assassinated near Binnish on Tuesday.",
    "Al-Qaeda veteran Abu Hafs al-Urduni was also killed when a bomb hit his car in Idlib city.",
])
def test_named_singular_victim_is_one_dead(ex, text):
    # a role noun, the person's name, then the death word: one dead (ACLED counts the named person)
    assert figures(ex, text)["fatal"] == 1


def test_a_demonym_before_a_death_noun_is_no_named_victim(ex):
    # "another Syrian bloodbath": "another" is no role noun, "Syrian" no name, "bloodbath" no death verb
    assert figures(ex, "Activists called the shelling of Daraya on Friday another Syrian bloodbath.")["fatal"] is None


def test_named_plural_victims_are_not_one_dead(ex):
    # several people named by a plural noun: no figure from this rule
    assert figures(ex, "Rebel commanders Abu Omar and Abu Zaid were killed in Sarmada on Monday.")["fatal"] != 1


def test_a_count_of_massacres_counts_incidents_not_the_dead(ex) -> None:
    f = figures(ex, "Two massacres by warplanes killed 31 civilians in Maarat al-Numan on Sunday.")
    assert f["fatal"] == 31
    f = figures(ex, "3 massacres by warplanes kill at least 18 civilians in the countryside of Idlib")
    assert f["fatal"] == 18 and f["civilian"] == 18
    # before the count, the word is a death toll
    assert figures(ex, "Activists documented the massacre of 12 civilians in Kafr Nabl.")["fatal"] == 12


def test_casualties_beside_a_count_of_wounded_are_the_dead(ex) -> None:
    f = figures(ex, "7 casualties and 20 injuries after a car bomb exploded in the market of Azaz")
    assert f["fatal"] == 7 and f["injured"] == 20
    # alone, "casualties" is killed-or-wounded (ACLED): no death toll
    assert figures(ex, "The strike on Ariha left 9 casualties, activists said.")["fatal"] is None


def test_an_execution_counts_the_dead(ex) -> None:
    assert figures(ex, "IS executes 5 men in the square of Maskanah")["fatal"] == 5
    assert figures(ex, "The group carried out the execution of 3 detainees near Saraqib.")["fatal"] == 3


def test_casualties_raised_the_death_toll_to(ex):
    # "raised the death toll ... to N": the verb stands before the toll word, the gap ends in a bare "to"
    text = ("A war monitor on Tuesday raised the death toll from air strikes on a market in a northern town "
            "the day before to 47 as rescuers kept digging.")
    _check(figures(ex, text), dict(fatal=47))


def test_casualties_policeman_is_not_a_civilian(ex):
    # police are state forces: a policeman killed by a mortar is no civilian inferred from a strike
    text = "In the capital a mortar hit the main square killing one policeman a security source said."
    _check(figures(ex, text), dict(fatal=1, civilian=None))


@pytest.mark.parametrize("text,want", [
    # a possessive after the connector joins the second victim to the first one's death word
    ("A child and his mother were killed when a shell hit their house.", dict(fatal=2, civilian=2, child=1, women=1)),
    ("A woman and her two children were killed in the strike.", dict(fatal=3, civilian=3, child=2, women=1)),
])
def test_casualties_victim_and_possessive_relative(ex, text, want):
    _check(figures(ex, text), want)
