"""Arabic articles coded natively: belligerent aliases as actor 1, air vs artillery typing,
opinion "victory" talk, folded forms, and mixed English/Arabic pages (docs/arabic.md).

Every text here is written for the tests (no gold text)."""
from __future__ import annotations

import datetime as dt

import pytest

from truceline.events import EventBuilder
from truceline.events.classify import subtype
from truceline.events.common import _Figures
from truceline.extract import default_extractor
from truceline.model import Actor, Article, Event


@pytest.fixture(scope="module")
def ex():
    return default_extractor()


@pytest.fixture(scope="module")
def build(ex):
    b = EventBuilder(ex)

    def run(text: str, lang: str = "ar"):
        a = Article(id="ar1", text=text, language=lang, published=dt.date(2021, 9, 2), outlet="Test Wire")
        return [r for r in b.build(a, ex.sentences(a)) if isinstance(r, Event)]
    return run


def _actors(ex, text: str) -> dict[str, str]:
    """surface -> actor entry id of every actor mention (longest matches)."""
    a = Article(id="m", text=text, language="ar")
    ms = [m for s in ex.sentences(a) for m in s.of("actor")]
    keep = [m for m in ms if not any(o is not m and o.start <= m.start and m.end <= o.end
                                     and (o.end - o.start) > (m.end - m.start) for o in ms)]
    return {m.surface: m.entry for m in keep}


# -- 1. each belligerent alias family is actor 1 of the strike ----------------------------------
@pytest.mark.parametrize("text, side", [
    ("استهدف الطيران الحربي الروسي بلدة كنصفرة في جبل الزاوية بغارات جوية صباح اليوم.", "RUSSIA"),
    ("شنت المقاتلات الروسية غارات جوية على محيط بلدة البارة جنوبي إدلب صباح اليوم.", "RUSSIA"),
    ("قصفت الطائرات الروسية أطراف مدينة أريحا جنوبي إدلب صباح اليوم.", "RUSSIA"),
    ("شنت الطائرات الحربية التابعة لسلاح الجو الروسي غارات على محيط بلدة البارة جنوبي إدلب.", "RUSSIA"),
    ("ألقت طائرات النظام المروحية براميل متفجرة على بلدة كنصفرة جنوبي إدلب.", "SYRIA_GOV"),
    ("قصفت قوات الأسد بالمدفعية الثقيلة بلدة كنصفرة جنوبي إدلب صباح اليوم.", "SYRIA_GOV"),
    ("قصفت ميليشيا أسد بالمدفعية الثقيلة بلدة كنصفرة جنوبي إدلب صباح اليوم.", "SYRIA_GOV"),
    ("قصفت الميليشيات الإيرانية بالصواريخ بلدة كنصفرة جنوبي إدلب صباح اليوم.", "IRAN_AXIS"),
    ("قصف الاحتلال التركي بالمدفعية قرية تل رفعت شمالي حلب صباح اليوم.", "TURKEY"),
    ("استهدفت المسيرات التركية سيارة في مدينة عين العرب شرقي حلب صباح اليوم.", "TURKEY"),
    ("شن طيران التحالف غارة جوية على منزل في بلدة أطمة شمالي إدلب فجر اليوم.", "US_COALITION"),
    ("قصفت قسد بقذائف الهاون مدينة عفرين شمالي حلب صباح اليوم.", "SDF_KURDS"),
    ("قصفت الوحدات الكردية بقذائف الهاون مدينة عفرين شمالي حلب صباح اليوم.", "SDF_KURDS"),
    ("قصفت ميليشيات قسد بالصواريخ مدينة مارع شمالي حلب صباح اليوم.", "SDF_KURDS"),
    ("شن الطيران الحربي الإسرائيلي غارات جوية على مواقع قرب مطار حماة العسكري فجر اليوم.", "ISRAEL"),
])
def test_arabic_alias_family_is_actor1(build, text, side):
    evs = build(text)
    assert evs, text
    assert evs[0].actor1 is not None and evs[0].actor1.side == side, (text, evs[0].actor1)


@pytest.mark.parametrize("surface, entry", [
    ("الطيران الحربي الروسي", "russia_mil"), ("سلاح الجو الروسي", "russia_mil"), ("طائرات حربية روسية", "russia_mil"),
    ("العدوان الروسي", "russia_mil"), ("طائرات النظام المروحية", "syria_gov_air"), ("براميل متفجرة", "syria_gov_air"),
    ("قوات حكومة دمشق", "syria_gov"), ("نظام أسد", "syria_gov"), ("ميليشيات إيرانية", "iran_backed"),
    ("الدولة التركية", "turkey_mil"), ("مسيرة تركية", "turkey_mil"), ("مروحيات التحالف", "coalition"),
    ("مليشيات قسد", "sdf"), ("وحدات الحماية الكردية", "ypg"), ("العدوان الصهيوني", "israel_mil"),
])
def test_arabic_new_aliases_resolve(ex, surface, entry):
    assert _actors(ex, f"وقال ناشطون إن {surface} في المنطقة.").get(surface) == entry


# -- 2. air vs artillery ----------------------------------------------------------------------
@pytest.mark.parametrize("text, sub", [
    # an aircraft word makes a bare "قصف" an air strike
    ("قتل مدنيان بقصف الطائرات الروسية على بلدة كنصفرة جنوبي إدلب.", "Air/drone strike"),
    ("أصيب ثلاثة مدنيين بقصف طائرة مسيرة على بلدة سرمين شرقي إدلب.", "Air/drone strike"),
    ("قتل طفل بقصف روسي على بلدة كنصفرة جنوبي إدلب.", "Air/drone strike"),
    ("قتل ثلاثة مدنيين في هجوم جوي على بلدة البارة جنوبي إدلب.", "Air/drone strike"),
    ("أسفر قصف بالبراميل المتفجرة عن مقتل مدنيين في بلدة كنصفرة.", "Air/drone strike"),
    # قصف with a ground weapon is shelling
    ("قتل مدني بقصف مدفعي لقوات النظام على بلدة كنصفرة جنوبي إدلب.", "Shelling/artillery/missile attack"),
    ("أصيب طفلان بقصف قوات النظام بقذائف الهاون على بلدة سرمين.", "Shelling/artillery/missile attack"),
    ("استهدفت قوات النظام بالمدفعية الثقيلة بلدة كنصفرة جنوبي إدلب.", "Shelling/artillery/missile attack"),
    ("أصيب مدنيان جراء قصفٍ صاروخيّ على مدينة عفرين شمالي حلب.", "Shelling/artillery/missile attack"),
    ("أصيب مدنيان جراء قصفًا مدفعيًا على مدينة عفرين شمالي حلب.", "Shelling/artillery/missile attack"),
    # a Turkish bare "قصف" stays shelling (Turkey's bombardment in Syria is mostly artillery)
    ("قتل مدني بقصف تركي على قرية تل رفعت شمالي حلب.", "Shelling/artillery/missile attack"),
])
def test_arabic_air_vs_artillery(build, text, sub):
    evs = build(text)
    assert evs and evs[0].sub_event_type == sub, (text, [e.sub_event_type for e in evs])


def test_arabic_means_rule_unit(ex):
    """classify: a bare bombardment whose actor 1 is an air power is an air strike, a named ground
    weapon keeps shelling."""
    a = Article(id="u", text="قصف روسي على بلدة البارة.", language="ar")
    s = ex.sentences(a)[0]
    ts = s.of("trigger")
    ru = Actor(id="g_russia", name="Military Forces of Russia (2000-)", inter=8, side="RUSSIA", surface="روسي")
    assert subtype(ts, _Figures(), (ru, None), s, a.text)[0] == "Air/drone strike"
    tr = Actor(id="g_turkey", name="Military Forces of Turkey (2016-)", inter=8, side="TURKEY", surface="تركي")
    assert subtype(ts, _Figures(), (tr, None), s, a.text)[0] == "Shelling/artillery/missile attack"


def test_arabic_high_explosive_is_not_an_ied(build):
    evs = build("شنت الطائرات الحربية الروسية غارات بصواريخ شديدة الانفجار على محيط بلدة البارة.")
    assert evs and evs[0].sub_event_type == "Air/drone strike"


# -- 3. metaphorical victory, names and words that are no event -------------------------------
@pytest.mark.parametrize("text", [
    "النصر الثاني هو بفتح الطريق الدولي بين حلب وحماة وتحرير المنطقة من الحصار الاقتصادي.",
    "انتصر أمن حلب أولاً بعد سنوات من التحرير الأول ومن مناطق سيطرة الجماعات في المدينة.",
    "وكان التصعيد الأخير في إدلب موضع نقاش بين الضامنين.",
])
def test_arabic_victory_and_generic_words_are_not_events(build, text):
    assert build(text) == [], text


def test_arabic_trigger_inside_a_name_is_ignored(build):
    # "تحرير" in "هيئة تحرير الشام" is no change of control
    evs = build("قتل عنصران من هيئة تحرير الشام في بلدة سرمين شرقي إدلب.")
    assert all(e.sub_event_type not in ("Government regains territory", "Non-state actor overtakes territory")
               for e in evs)


def test_arabic_victory_with_a_victor_is_kept(build):
    evs = build("انتصار الجيش السوري في خان شيخون وسيطرته على المدينة بعد معارك عنيفة مع الفصائل.")
    assert evs and evs[0].event_type == "Battles"


def test_arabic_fall_of_dead_is_not_territory(build):
    evs = build("سقوط قتلى وجرحى في صفوف المدنيين بقصف لقوات النظام على بلدة سرمين.")
    assert evs and evs[0].sub_event_type == "Shelling/artillery/missile attack"


# -- 4. folded forms ----------------------------------------------------------------------------
@pytest.mark.parametrize("text, entry", [
    ("والطائرات الحربيّة الروسيّة قصفت المنطقة.", "russia_mil"),      # clitic و + ال, shadda
    ("بالطيران الحربي الروسي قصفت المنطقة.", "russia_mil"),          # clitic ب
    ("“قسد” قصفت المنطقة.", "sdf"),                                   # quotes
    ("وللاحتلال التركي مواقع في المنطقة.", "turkey_mil"),             # و + ل + ال (لل)
    ("ميليشـيات قسد قصفت المنطقة.", "sdf"),                           # tatweel
    ("قوات النظام السورى قصفت المنطقة.", "syria_gov"),                # ى for ي
])
def test_arabic_folded_forms_match(ex, text, entry):
    assert entry in _actors(ex, text).values(), (text, _actors(ex, text))


# -- 5. a mixed English/Arabic page -------------------------------------------------------------
_MIXED = ("Russian warplanes struck the outskirts of Ariha in southern Idlib on Thursday, killing two civilians. "
          "وفي سياق متصل، قتل طفل بقصف مدفعي لقوات النظام على بلدة سرمين شرقي إدلب.")


def _coded(evs):
    return {(e.sub_event_type, e.actor1.side if e.actor1 else None) for e in evs}


def test_arabic_mixed_page_coded_per_language(build):
    """Triggers and actors of both languages are matched in one pass; each sentence is typed by
    its own words."""
    subs = _coded(build(_MIXED, lang="ar"))
    assert ("Air/drone strike", "RUSSIA") in subs
    assert ("Shelling/artillery/missile attack", "SYRIA_GOV") in subs


def test_arabic_mixed_page_labelled_english(build):
    """An Arabic sentence on a page labelled English is read in Arabic (places, numbers, dates)."""
    subs = _coded(build(_MIXED, lang="en"))
    assert ("Shelling/artillery/missile attack", "SYRIA_GOV") in subs


# -- scraped Arabic posts: glued full stops, Latin boilerplate, villages the gazetteer lacks -------
def test_arabic_full_stop_glued_between_words_ends_a_sentence():
    from truceline.textutil import split_sentences
    text = "قتل طفل بقصف على بلدة كفرنبل.وقال مراسلنا إن طفلا قتل"
    assert [text[a:b] for a, b in split_sentences(text, "ar")] == [
        "قتل طفل بقصف على بلدة كفرنبل.", "وقال مراسلنا إن طفلا قتل"]
    # one letter on a side is an abbreviation or a filter-dodging spelling, not a sentence end
    assert len(split_sentences("عناصر تنظيم د.اع.ش في المنطقة", "ar")) == 1


def test_arabic_restated_toll_after_glued_full_stop_is_not_added(build):
    evs = build("قتل مدني بقصف مدفعي على بلدة كفرنبل.وقال مراسلنا إن مدنيا قتل في القصف")
    assert evs and evs[0].civilian_fatalities == 1


def test_arabic_headline_with_latin_boilerplate_on_english_page(build):
    text = ("قتلى وجرحى بقصف مدفعي استهدف مدينة سراقب - YouTubeAboutPressCopyrightContact "
            "usCreatorsAdvertiseDevelopersTermsPrivacyPolicy & SafetyHow YouTube works")
    evs = build(text, lang="en")
    assert evs and evs[0].place is not None and evs[0].place.name == "Saraqib"


def test_arabic_number_word_in_arabic_part_of_english_page(ex):
    text = ("Deir Ezzor Now @DeirEzzorNow 7h hours ago More Copy link to Tweet Embed Tweet Report Tweet "
            "استشهاد أربعة مدنيين وإصابة ثلاثة آخرين جراء العدوان على البلدة 1 reply 0 retweets 0 likes Reply")
    a = Article(id="m", text=text, language="en")
    nums = [m.value for s in ex.sentences(a) for m in s.of("number")]
    assert 4 in nums and 3 in nums


@pytest.mark.parametrize("text", [
    "قتل طفل بقصف مدفعي لقوات النظام على قرية الكفير بريف جسر الشغور.",
    "قتل طفل بقصف مدفعي لقوات النظام على قرية الكفير غربي مدينة جسر الشغور.",
])
def test_arabic_unknown_village_takes_the_point_of_its_town(build, text):
    evs = build(text)
    assert len(evs) == 1, [e.place for e in evs]
    p = evs[0].place
    assert p.name == "الكفير" and p.geo_precision == 2 and p.latitude is not None
    assert p.gazetteer_id.startswith("located:") and p.evidence.text == "الكفير"


def test_arabic_unknown_quarter_in_a_city_takes_the_city_point(build):
    evs = build("قتلى وجرحى بقصف مدفعي استهدف حي الضبيط في مدينة إدلب")
    assert len(evs) == 1 and evs[0].place.name == "الضبيط" and evs[0].place.latitude is not None


def test_arabic_unknown_village_in_a_region_keeps_its_name(build):
    evs = build("قتل طفل بقصف مدفعي على قرية الكفير بريف إدلب الغربي، وقصف مماثل على مدينة سراقب.")
    names = {e.place.name: e.place for e in evs}
    assert "الكفير" in names and names["الكفير"].geo_precision == 3 and names["الكفير"].latitude is not None
    assert "Saraqib" in names   # a located village is a place of its own: not merged into the region


@pytest.mark.parametrize("marker", ["يذكر أن", "والجدير بالذكر أن"])
def test_arabic_earlier_incident_does_not_merge_into_the_headline(build, marker):
    text = ("إصابة 9 مدنيين بقصف لقوات النظام على ريف إدلب\n"
            f"{marker} مدينة أريحا بريف إدلب شهدت الأربعاء الماضي قصفا عنيفا أودى بحياة عشرة مدنيين.")
    evs = build(text)
    assert len(evs) == 2, [(e.place and e.place.name, e.fatalities, e.injured) for e in evs]
    assert evs[0].injured == 9 and evs[0].fatalities is None
    assert evs[1].place.name == "Ariha" and evs[1].fatalities == 10 and "earlier incident" in evs[1].notes


@pytest.mark.parametrize("text, places", [
    # a verb the dictionaries know after a list of villages is not one more village
    ("طال قصف مدفعي لقوات النظام على قرية الزعفرانة، وأكد الدفاع المدني عدم وجود إصابات", ["الزعفرانة"]),
    # an ordinal after a settlement word is not a village
    ("نفذت قسد عمليتي إنزال، الأولى في مدينة الزعفرانة والثانية في قرية البويضة", ["الزعفرانة", "البويضة"]),
])
def test_arabic_dictionary_words_are_not_unknown_villages(build, text, places):
    assert [e.place.name for e in build(text) if e.place] == places


# -- an earlier incident at the same place keeps its own deaths ----------------------------------
def test_earlier_incident_deaths_not_merged_into_headline(build):
    text = ("5 جرحى بينهم أطفال بقصف صاروخي لقسد على مدينة عفرين\n\n"
            "أصيب خمسة مدنيين بينهم طفلان، اليوم الاثنين، جراء قصف صاروخي لقسد استهدف الأحياء السكنية "
            "في مدينة عفرين شمالي حلب. والجدير بالذكر أن الثامن عشر من الشهر الجاري شهد قصف قسد مدينة عفرين بالصواريخ، "
            "ما أدى لمقتل 3 مدنيين.")
    evs = build(text)
    assert evs[0].place is not None and "Afrin" in evs[0].place.name
    assert evs[0].fatalities is None and evs[0].civilian_fatalities is None
    assert evs[0].injured == 5
    assert any(e.fatalities == 3 for e in evs[1:])


# -- a named victim, an apposition, then more dead joined to the name --------------------------
def test_named_victim_apposition_then_joined_count(build):
    evs = build('مقتل "محمود الأحمد" وهو معلم مدرسة بالإضافة إلى اثنين من أبنائه بقصف جوي '
                'استهدف منزلهم في بلدة سرمدا شمالي إدلب فجر اليوم.')
    assert evs and evs[0].fatalities == 3 and evs[0].civilian_fatalities == 3


# -- a headline without an attacker takes the one its body names --------------------------------
def test_unidentified_headline_attacker_from_body(build):
    text = ("استشهاد امرأة مهجرة في بلدة سرجة جنوبي إدلب\n\n"
            "قتلت امرأة مهجرة من ريف حماة، اليوم الأربعاء، جراء غارة جوية للطائرات الحربية الروسية "
            "استهدفت أطراف بلدة سرجة جنوبي إدلب.")
    evs = build(text)
    assert evs[0].actor1 is not None and evs[0].actor1.side == "RUSSIA"
    assert "perpetrator not named" not in evs[0].notes


# -- a photo caption's date is not the report's --------------------------------------------------
def test_caption_date_does_not_date_headline(build):
    text = ("بينهم أطفال.. إصابات بقصف مدفعي على مدينة عفرين\n\n"
            "متطوعو الدفاع المدني في أحد شوارع مدينة عفرين - 25 من تموز 2021 (الدفاع المدني السوري)\n\n"
            "أصيب ستة مدنيين بينهم أربعة أطفال، اليوم، بقصف مدفعي لقسد استهدف مدينة عفرين شمالي حلب.")
    evs = build(text)
    assert evs and evs[0].event_date == dt.date(2021, 9, 2)
    assert all(e.event_date != dt.date(2021, 7, 25) for e in evs)
