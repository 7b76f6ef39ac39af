"""Tests for truceline.extract.places: place candidates in English and Arabic sentences."""
from __future__ import annotations

import pytest

from truceline.extract.places import PlaceFinder
from truceline.gazetteer import GazEntry, Gazetteer, load_admin1, load_gazetteer


@pytest.fixture(scope="module")
def finder():
    return PlaceFinder(load_gazetteer(None))


@pytest.fixture(scope="module")
def latin_only():
    """A gazetteer whose villages have Latin names only (as many GeoNames/OCHA rows do)."""
    entries = [
        GazEntry(id="t:1", name="Kansafrah", lat=35.658, lon=36.484, admin1="Idleb", names=("Kansafrah",)),
        GazEntry(id="t:2", name="Frikeh", lat=35.759, lon=36.359, admin1="Idleb", names=("Frikeh",)),
        GazEntry(id="t:3", name="Frikeh", lat=34.9, lon=36.9, admin1="Homs", names=("Frikeh",)),
        GazEntry(id="t:4", name="Ash Shaykh Nasir", lat=36.525, lon=37.686, admin1="Aleppo",
                 names=("Ash Shaykh Nasir",)),
        GazEntry(id="t:5", name="Saraqib", lat=35.862, lon=36.804, admin1="Idleb", names=("Saraqib", "سراقب")),
        GazEntry(id="t:6", name="Jadidah", lat=35.0, lon=36.0, admin1="Hama", names=("Jadidah", "جديدة")),
    ]
    return PlaceFinder(Gazetteer(entries, load_admin1()))


def cands(pf, text, lang):
    return [(c.surface, c.cue, c.known) for c in pf.find(text, 0, len(text), lang)]


def surfaces(pf, text, lang):
    return [c.surface for c in pf.find(text, 0, len(text), lang)]


# --------------------------------------------------------------------------------------------
# Arabic

@pytest.mark.parametrize("text,expected", [
    ("قصف مدفعي على بلدة سراقب", "بلدة سراقب"),     # descriptor kept with the name
    ("غارات جوية بسراقب", "سراقب"),                 # clitic ب peeled off
    ("غارات على كنصفرة وسراقب", "سراقب"),           # clitic و peeled off
])
def test_places_ar_clitics_and_descriptors(finder, text, expected):
    assert expected in surfaces(finder, text, "ar")


def test_places_ar_rif_with_clitic_is_a_region(finder):
    text = "قتل مدني بقصف بريف إدلب"
    got = cands(finder, text, "ar")
    assert got and got[-1][0] == "ريف إدلب"
    p = finder.gaz.resolve(got[-1][0], lang="ar", precision_cue=got[-1][1] or None)
    assert p.geo_precision == 3 and p.admin1 == "Idleb"


def test_places_ar_region_with_direction(finder):
    text = "قصف صاروخي على ريف إدلب الجنوبي"
    (surf, cue, known), = cands(finder, text, "ar")
    assert surf == "ريف إدلب الجنوبي"
    p = finder.gaz.resolve(surf, lang="ar")
    assert p.geo_precision == 3 and p.gazetteer_id.startswith("region:")


@pytest.mark.parametrize("text,cue", [
    ("سقطت قذائف قرب سراقب", "near"),
    ("سقطت قذائف بالقرب من سراقب", "near"),
    ("سقطت قذائف على أطراف مدينة سراقب", "outskirts"),
    ("سقطت قذائف جنوب سراقب", "direction"),
])
def test_places_ar_precision_cues(finder, text, cue):
    got = cands(finder, text, "ar")
    assert got, text
    surf, c, _ = got[0]
    p = finder.gaz.resolve(surf, lang="ar", precision_cue=c or None)
    assert p.name == "Saraqib" and p.geo_precision == 2, (got, p)


def test_places_ar_bare_governorate_is_the_governorate(finder):
    (surf, cue, _), = cands(finder, "النظام يقصف إدلب", "ar")
    assert cue == "region"
    (surf, cue, _), = cands(finder, "قصف على مدينة إدلب", "ar")
    assert cue == "" and finder.gaz.resolve(surf, lang="ar").geo_precision == 1


def test_places_ar_unknown_village_kept_as_written(finder):
    got = cands(finder, "قصف مدفعي على قرية زعترون الجديدة", "ar")
    assert ("زعترون", "", False) in got


def test_places_ar_list_after_plural_descriptor(finder):
    got = cands(finder, "استهدفت الغارات قرى زعترون وبرغلة وسراقب", "ar")
    assert [g[0] for g in got] == ["زعترون", "برغلة", "سراقب"]
    assert [g[2] for g in got] == [False, False, True]


def test_places_ar_no_name_after_article_descriptor(finder):
    # "البلدة" refers back; the word after it is not a name
    assert cands(finder, "وقصفت القوات البلدة بعنف", "ar") == []


def test_places_ar_not_across_punctuation(latin_only):
    # "الآن، خل" must not be read as one name
    assert surfaces(latin_only, "الآن، خلال القصف", "ar") == []


def test_places_ar_skeleton_in_a_place_slot(latin_only):
    assert cands(latin_only, "غارة روسية على كنصفرة", "ar") == [("كنصفرة", "", True)]
    assert cands(latin_only, "قصف قرية الشيخ ناصر", "ar") == [("قرية الشيخ ناصر", "", True)]
    # no place cue: an ordinary run of words is not matched on its skeleton
    assert cands(latin_only, "كنصفرة", "ar") == []


def test_places_ar_short_skeleton_needs_governorate(latin_only):
    gaz = latin_only.gaz
    (surf, _, known), = cands(latin_only, "قصف على قرية فريكة", "ar")
    assert surf == "فريكة" and known is False          # two Frikeh: not decided here
    assert gaz.resolve(surf, lang="ar", admin1_hint="Idleb").gazetteer_id == "t:2"   # homonym by governorate
    assert gaz.resolve(surf, lang="ar", admin1_hint="Homs").gazetteer_id == "t:3"
    assert gaz.resolve(surf, lang="ar") is None


def test_places_ar_common_word_needs_a_strong_cue(latin_only):
    # "جديدة" (new) is also a village name
    assert cands(latin_only, "ضحية جديدة للطائرات الروسية", "ar") == []
    assert surfaces(latin_only, "قصف على قرية جديدة", "ar") == ["قرية جديدة"]


@pytest.mark.parametrize("text", ["قصف على لبنان", "قصف مدفعي في سوريا", "شمال سوريا"])
def test_places_ar_countries_are_not_places(finder, text):
    assert cands(finder, text, "ar") == []


def test_places_ar_origin_and_claimant(finder):
    got = cands(finder, "قصف مصدره مناطق سيطرة النظام في سراقب استهدف بلدة سرمين", "ar")
    assert got[0][:2] == ("سراقب", "origin")
    got = cands(finder, "وقالت مصادر في إدلب إن القصف طال بلدة سراقب", "ar")
    assert got[0][1] == "claimant" and got[-1][0] == "بلدة سراقب"


# --------------------------------------------------------------------------------------------
# English

def test_places_en_names_and_cues(finder):
    got = cands(finder, "Russian jets struck Saraqib and the outskirts of Ariha on Monday.", "en")
    assert ("Saraqib", "", True) in got and ("Ariha", "outskirts", True) in got


@pytest.mark.parametrize("text,cue", [
    ("Shells fell near Saraqib.", "near"),
    ("Shells fell 5 km west of Saraqib.", "direction"),
    ("Clashes in the countryside of Idlib.", "region"),
])
def test_places_en_precision_cues(finder, text, cue):
    got = cands(finder, text, "en")
    assert got and got[0][1] == cue, got


def test_places_en_unknown_village_kept_as_written(finder):
    got = cands(finder, "Shelling hit the village of Zaatroun in the morning.", "en")
    assert ("Zaatroun", "", False) in got
    got = cands(finder, "Strikes hit near Mezzabah's farms.", "en")
    assert ("Mezzabah", "near", False) in got


def test_places_en_list_of_villages(finder):
    got = surfaces(finder, "Strikes hit the villages of Zaatroun, Barghala and Saraqib.", "en")
    assert got == ["Zaatroun", "Barghala", "Saraqib"]


@pytest.mark.parametrize("text", [
    "Hayat Tahrir al-Sham said on Monday it repelled the attack.",
    "Syria accused Israel of the strike.",
    "Tall buildings were damaged by the blast.",
    "The army said the attack failed.",
])
def test_places_en_actor_parts_and_countries_not_places(finder, text):
    ps = [finder.gaz.resolve(c.surface) for c in finder.find(text, 0, len(text), "en") if c.known]
    assert all(p is None for p in ps), ps
    assert not any(c.surface in ("Sham", "Syria", "Tall") for c in finder.find(text, 0, len(text), "en"))


def test_places_en_homonym_by_governorate(latin_only):
    gaz = latin_only.gaz
    assert gaz.resolve("Frikeh", admin1_hint="Homs").gazetteer_id == "t:3"
    assert gaz.resolve("Frikeh", admin1_hint="Idlib").gazetteer_id == "t:2"


# --------------------------------------------------------------------------------------------
# English place slots, possessives, Title Case headlines, transliterations in running text

@pytest.mark.parametrize("text,expected", [
    ("Twenty airstrikes target Aleppo", "Aleppo"),                 # a strike verb opens a place slot
    ("Coalition warplanes intensify their shelling on Manbij", "Manbij"),
    ("Violent clashes in old Aleppo", "Aleppo"),
])
def test_places_en_strike_verbs_open_a_place_slot(finder, text, expected):
    assert expected in surfaces(finder, text, "en")


def test_places_en_short_name_needs_a_slot(finder):
    # without a place slot a short capitalised word is not taken for a town
    assert "Aleppo" not in surfaces(finder, "Aleppo officials met the envoy", "en")


def test_places_en_possessive_ends_the_name(finder):
    got = surfaces(finder, "A Turkish soldier was killed in a car bomb attack in Syria's al-Bab", "en")
    assert "al-Bab" in got


def test_places_en_title_case_headline(finder):
    # every word is capitalised: "Bombing" is not the start of a place name hiding "Aleppo"
    assert "Aleppo" in surfaces(finder, "War Crimes In A Month Of Bombing Aleppo", "en")
    # in ordinary prose an unknown capitalised word before a known one still hides it
    assert "Sham" not in surfaces(finder, "Fighters of Hayat Tahrir al-Sham attacked the post", "en")


def test_places_en_transliteration_in_running_text():
    # "Khan Shekhon" and "Khan Shaykhun" share the consonant skeleton (guarded by a fuzzy ratio)
    pf = PlaceFinder(Gazetteer([GazEntry(id="t:1", name="Khan Shaykhun", lat=35.44, lon=36.65, admin1="Idleb",
                                         names=("Khan Shaykhun",))], load_admin1()))
    assert "Khan Shekhon" in surfaces(pf, "Warplanes kill a family in Khan Shekhon", "en")
    assert surfaces(pf, "Warplanes kill a family in Khan Yunis", "en") == []


def test_places_en_unknown_name_opening_a_list_of_places(finder):
    # "in Blanta, Saraqib and Ariha": the unknown first name of a list of places is a place too
    got = cands(finder, "The bombing hit their points in Blanta, Saraqib and Ariha.", "en")
    assert got[0] == ("Blanta", "", False) and [c[0] for c in got[1:]] == ["Saraqib", "Ariha"]
    # a name not in a place slot stays out
    got = cands(finder, "Commander Abu Omar, Saraqib and Ariha were named in the statement.", "en")
    assert "Abu Omar" not in [c[0] for c in got]


@pytest.mark.parametrize("text, expected", [
    # a place-like word inside a quoted person's name is not a place
    ("مقتل كل من \"صابر سراقب الفهد\" و\"سامي العون\" بغارة على بلدة كنصفرة", ["بلدة كنصفرة"]),
    ("قتل المدعو (صابر سراقب المحمد) بانفجار عبوة في بلدة كنصفرة", ["بلدة كنصفرة"]),
    # a quoted village, and a quoted list of places, stay places
    ("قصف مدفعي على قرية “سراقب” جنوب إدلب", ["قرية “سراقب"]),
    ("قصف على قرى \"كنصفرة وسراقب\"", ["سراقب"]),
])
def test_places_ar_quoted_person_names(finder, text, expected):
    got = surfaces(finder, text, "ar")
    for x in expected:
        assert x in got, got
    if "صابر" in text:
        assert "سراقب" not in got, got


@pytest.mark.parametrize("text, expected", [
    ("Israeli strikes killed four fighters allied to the Damascus regime, a monitor said.", []),
    ("The Damascus government denied the report.", []),
    ("Israeli strikes hit targets near Damascus on Friday.", ["Damascus"]),
])
def test_places_en_capital_before_regime_is_the_state(finder, text, expected):
    assert surfaces(finder, text, "en") == expected


@pytest.mark.parametrize("text", [
    "US-Led Coalition Says Raid Killed 3 ISIS Militants as War in Syria Continues",
    "Shelling Hits School Road in the Morning",
])
def test_places_en_headline_common_words_alone_are_not_places(finder, text):
    assert surfaces(finder, text, "en") == []


def test_places_en_common_word_inside_a_name_stays(finder):
    text = "Clashes broke out near the village of Arab Said on Monday."
    assert "Arab Said" in surfaces(finder, text, "en")


@pytest.mark.parametrize("text, lang, origin", [
    ("قتل خمسة مدنيين بينهم سيدة نازحة من مدينة سراقب بغارة على بلدة كنصفرة", "ar", "مدينة سراقب"),
])
def test_places_where_a_victim_comes_from_is_an_origin(finder, text, lang, origin):
    got = {c.surface: c.cue for c in finder.find(text, 0, len(text), lang)}
    assert got.get(origin) == "origin", got


@pytest.mark.parametrize("text, name", [
    # after a weak cue, an unknown word followed by a direction or countryside word and a known place
    ("قصف مدفعي على الزعفرانة غربي مدينة سراقب", "الزعفرانة"),
    ("قصف مدفعي على الزعفرانة بريف سراقب", "الزعفرانة"),
])
def test_places_ar_unknown_name_located_after_a_weak_cue(finder, text, name):
    assert (name, False) in [(c.surface, c.known) for c in finder.find(text, 0, len(text), "ar")]


@pytest.mark.parametrize("text", [
    "هجوم على مواقعهم شمالي درعا",       # a noun with a pronoun suffix
    "قصف على القرية بريف جرابلس",          # the village (anaphora)
    "حلقت طائرة في أجواء ريف إدلب",        # the skies of
])
def test_places_ar_common_nouns_before_a_locator_are_not_names(finder, text):
    assert all(c.known for c in finder.find(text, 0, len(text), "ar"))


def test_places_ar_word_with_shadda_is_one_token(finder):
    assert "بلدة بنّش" in surfaces(finder, "قصف مدفعي على بلدة بنّش شرقي إدلب", "ar")


def test_places_ar_pair_of_places_joined_by_a_hyphen(latin_only):
    # the second place of a pair is in a place slot: a Latin-only entry is found by its skeleton
    got = surfaces(latin_only, "استهدف القصف طريق سراقب- كنصفرة صباح اليوم", "ar")
    assert "سراقب" in got and "كنصفرة" in got, got
    got = surfaces(latin_only, "استهدف القصف طريق سراقب-كنصفرة صباح اليوم", "ar")
    assert "سراقب" in got and "كنصفرة" in got, got


@pytest.mark.parametrize("text, origin, target", [
    # where the shooter is stationed is not the event's place; the target after it is
    ("قصف للقوات الحكومية المتمركزة في مدينة سراقب على بلدة كنصفرة", "سراقب", "كنصفرة"),
    ("قصفت قوات النظام المتمركزة بمدينة سراقب بلدة كنصفرة", "سراقب", "كنصفرة"),
])
def test_places_ar_stationed_in_is_the_origin(finder, text, origin, target):
    got = cands(finder, text, "ar")
    assert any(origin in s and cue == "origin" for s, cue, _ in got), got
    assert any(target in s and cue != "origin" for s, cue, _ in got), got




@pytest.mark.parametrize("text,name", [
    # a word that never names a place here (not_places.yaml) is no unknown place either
    ("The army shelled rebel enclaves in the Qalamoun region near Lebanon.", "Lebanon"),
    ("An army unit destroyed an ammunition depot in the countryside near the Jordanian border.", "Jordanian"),
])
def test_places_en_stop_word_is_no_unknown_place(finder, text, name):
    assert name not in surfaces(finder, text, "en"), cands(finder, text, "en")


def test_places_en_unknown_name_in_a_slot_is_kept(finder):
    # the check above leaves unknown village names alone
    assert ("Kabajab", "near", False) in cands(finder, "Shelling hit positions near Kabajab on Monday.", "en")


@pytest.mark.parametrize("text,name", [
    # a possessive whose apostrophe the text lost ("Syrias" = "Syria's") ends its name like "'s" does
    ("Air strikes kill 11 in Syrias Idlib Monitor", "Idlib"),
    ("Rebel fire in Syrias Aleppo kills 14 State media", "Aleppo"),
])
def test_places_en_possessive_without_apostrophe(text, name):
    pf = PlaceFinder(Gazetteer([
        GazEntry(id="t:0", name="Syria", lat=35.0, lon=38.0, kind="region", names=("Syria",)),
        GazEntry(id="t:1", name="Idlib", lat=35.93, lon=36.63, admin1="Idleb", names=("Idlib",)),
        GazEntry(id="t:2", name="Aleppo", lat=36.2, lon=37.16, admin1="Aleppo", names=("Aleppo",)),
        GazEntry(id="t:3", name="Homs", lat=34.73, lon=36.72, admin1="Homs", names=("Homs",)),
        GazEntry(id="t:4", name="Hama", lat=35.13, lon=36.75, admin1="Hama", names=("Hama",))], load_admin1()))
    assert name in surfaces(pf, text, "en"), cands(pf, text, "en")
    # a name that ends in "s" itself is no possessive
    assert surfaces(pf, "Shelling hit Homs Idlib and Hama on Monday.", "en")[0] == "Homs"


def test_places_en_unknown_name_of_an_area(finder):
    # "targeting the Tilal al-Qabbas area", "the Zawiya hills": an unknown name that "the" and a place
    # noun enclose names that area; "the US-occupied area" names who holds it
    got = cands(finder, "Russian jets struck the Tilal al-Qabbas area in the northern Latakia countryside.", "en")
    assert ("Tilal al-Qabbas", "", False) in got or any(c[0] == "Tilal al-Qabbas" and c[2] is False for c in got)
    got = cands(finder, "Militants move freely through the US-occupied area near the border.", "en")
    assert not any(c[0].startswith("US") for c in got)


@pytest.mark.parametrize("text", [
    "Russian jets launched raids on the Hama campaign, targeting the Tell Hawash hills.",
    "Warplanes backed the troops in the Idlib offensive on Sunday.",
])
def test_places_en_place_naming_a_campaign_is_a_region_cue(finder, text):
    # "the Latakia campaign", "the Idlib offensive": the place names the front of a campaign, not
    # the town the event happened in; a named site of the sentence is the more specific place
    got = cands(finder, text, "en")
    gov = [c for c in got if c[0] in ("Hama", "Idlib")]
    assert gov and all(c[1] == "region" for c in gov), got


@pytest.mark.parametrize("text, expected", [
    # a name whose second word lost its capital: the toponym head and that word are a gazetteer name
    ("Jets struck a village in the eastern Deir ezzor province on Monday.", ["Deir ezzor"]),
    ("Shells fell on Khan sheikhoun at dawn.", ["Khan sheikhoun"]),
    # a head followed by an ordinary word is not joined
    ("The Deir monastery was shelled at dawn.", []),
])
def test_places_en_head_with_lower_case_tail(finder, text, expected):
    assert [s for s in surfaces(finder, text, "en") if s.split()[0] in ("Deir", "Khan")] == expected
