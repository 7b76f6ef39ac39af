"""Tests for truceline.textutil: sentences, folding, clitics, numbers, dates."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from truceline import textutil as tu
from truceline.textutil import (
    CLITIC_PREFIXES, MAX_SENTENCE, find_dates, find_numbers, fold, fold_term, gregorian_to_hijri,
    hijri_to_gregorian, infer_year, normalize_ar, parse_number, resolve_relative, split_sentences,
    strip_clitics, to_original, weekday_before,
)

REF = dt.date(2019, 6, 25)   # a Tuesday


def sents(text: str, lang: str = "en") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang)]


# ------------------------------------------------------------------------------------------------
# sentences
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Jets struck Ariha. Four civilians died.", ["Jets struck Ariha.", "Four civilians died."]),
    ("Mr. Smith met Gen. Ali in Idlib. They talked.", ["Mr. Smith met Gen. Ali in Idlib.", "They talked."]),
    ("The U.S. and the U.N. condemned it. Russia did not.",
     ["The U.S. and the U.N. condemned it.", "Russia did not."]),
    ("Lt. Col. Omar and Maj. Hassan fled. Others stayed.", ["Lt. Col. Omar and Maj. Hassan fled.", "Others stayed."]),
    ("A shell fell 3.5 km away. Nobody was hurt.", ["A shell fell 3.5 km away.", "Nobody was hurt."]),
    ('He said: "We will respond." The army denied it.', ['He said: "We will respond."', "The army denied it."]),
    ("“We will respond.” The army denied it.", ["“We will respond.”", "The army denied it."]),
    ('"Why?" he asked. Nobody answered.', ['"Why?" he asked.', "Nobody answered."]),
    ("Reported by John A. Smith of the agency. Later, more.", ["Reported by John A. Smith of the agency.",
                                                               "Later, more."]),
    ("Weapons, e.g. mortars, were used. Also rockets.", ["Weapons, e.g. mortars, were used.", "Also rockets."]),
    ("It happened on Jan. 5 near Saraqib. Then calm.", ["It happened on Jan. 5 near Saraqib.", "Then calm."]),
    ("See No. 5 on the list. Done.", ["See No. 5 on the list.", "Done."]),
    ("Killed: 12. 3 others hurt.", ["Killed: 12.", "3 others hurt."]),
    ("Shelling hit Ariha\nBy Staff Reporter\n\nThe attack came at dawn.",
     ["Shelling hit Ariha", "By Staff Reporter", "The attack came at dawn."]),
    ("  padded sentence.   ", ["padded sentence."]),
    ("Strikes continued! Rescuers arrived. Was it Russia? Yes.",
     ["Strikes continued!", "Rescuers arrived.", "Was it Russia?", "Yes."]),
])
def test_split_sentences_english(text, expected):
    assert sents(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("قصفت الطائرات بلدة أريحا. وقتل ثلاثة مدنيين.", ["قصفت الطائرات بلدة أريحا.", "وقتل ثلاثة مدنيين."]),
    ("هل خرقت الهدنة؟ نعم، خرقت.", ["هل خرقت الهدنة؟", "نعم، خرقت."]),
    ("قتل مدني، وجرح اثنان؛ ونزحت عائلات.", ["قتل مدني، وجرح اثنان؛", "ونزحت عائلات."]),
    ("قال د. أحمد إن القصف مستمر. وأضاف أنه عنيف.", ["قال د. أحمد إن القصف مستمر.", "وأضاف أنه عنيف."]),
    ("عنوان الخبر\nنص الخبر هنا.", ["عنوان الخبر", "نص الخبر هنا."]),
])
def test_split_sentences_arabic(text, expected):
    assert sents(text, "ar") == expected


def test_split_sentences_offsets_exact_with_region():
    text = "Header line\nFirst one. Second one.\nTail"
    start = text.index("First")
    end = text.index("\nTail")
    spans = split_sentences(text, "en", start, end)
    assert spans == [(start, start + len("First one.")), (start + len("First one. "), end)]
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]


def test_split_sentences_empty_and_blank():
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t ") == []
    assert split_sentences("abc", start=2, end=1) == []


def test_split_sentences_huge_single_line_is_cut():
    line = ("shelling continued on the villages of the southern countryside, " * 80000)[:5_000_000]
    spans = split_sentences(line)
    assert spans
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert all(s < e for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    # pieces are cut after a comma when one is available
    assert line[spans[0][0]:spans[0][1]].endswith(",")


def test_split_sentences_cut_without_spaces():
    text = "x" * 4000
    spans = split_sentences(text)
    assert spans == [(0, 1500), (1500, 3000), (3000, 4000)]


# ------------------------------------------------------------------------------------------------
# folding
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, folded", [
    ("Idlib", "idlib"),
    ("Ḥamā’s Café", "hama's cafe"),
    ("Ma`arrat al-Nu‘man", "ma'arrat al-nu'man"),
    ("İdlib", "idlib"),
    ("a\u00a0b\u2009c\td", "a b c d"),
    ("أإآٱ ة ى ؤ ئ", "اااا ه ي و ي"),
    ("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"),
])
def test_fold_same_length(text, folded):
    out, index = fold(text)
    assert out == folded
    assert index is None


@pytest.mark.parametrize("text, folded", [
    ("قَصَفَ", "قصف"),
    ("غـــارة", "غاره"),
    ("قصف\u200dجوي", "قصفجوي"),
    ("\u202bإدلب\u202c", "ادلب"),
    ("\ufeffIdlib", "idlib"),
    ("Cafe\u0301 Ḥama", "cafe hama"),
    ("الرَّحْمٰن", "الرحمن"),
])
def test_fold_deletions_build_index(text, folded):
    out, index = fold(text)
    assert out == folded
    assert index is not None and len(index) == len(out)
    for i, ch in enumerate(out):
        assert fold(text[index[i]])[0] == ch


def test_to_original_extends_over_trailing_marks():
    text = "قصفٌ عنيف"
    folded, index = fold(text)
    s = folded.index("قصف")
    a, b = to_original(text, index, s, s + 3)
    assert text[a:b] == "قصفٌ"
    assert to_original("abc", None, 1, 2) == (1, 2)


def test_fold_term_and_normalize_ar():
    assert fold_term("  Hay’at  Tahrir\u00a0al-Sham ") == "hay'at tahrir al-sham"
    assert fold_term("هيئة   تحرير الشام") == "هييه تحرير الشام"
    assert normalize_ar(" إدلبُ  الكبرى ") == "ادلب الكبري"
    assert normalize_ar("Idlib") == "Idlib"          # Latin left alone


def test_fold_fast_path_ascii():
    text = "The Syrian army shelled Ariha. " * 1000
    out, index = fold(text)
    assert out == text.lower() and index is None


@given(st.text(alphabet=st.sampled_from(list("abcXYZ é’ ‘قصفَُِّـأإآةى٣") + ["\u200d", "\u200f", "\u202b", "\ufeff",
                                                                            "\u0301", "\u0640", "\n"]),
               max_size=60))
@settings(max_examples=300, deadline=None)
def test_fold_index_maps_back(text):
    out, index = fold(text)
    if index is None:
        assert len(out) == len(text)
        for i, ch in enumerate(out):
            assert fold(text[i])[0] == ch
    else:
        assert len(index) == len(out)
        assert list(index) == sorted(set(index))
        for i, ch in enumerate(out):
            assert 0 <= index[i] < len(text)
            assert fold(text[index[i]])[0] == ch


# ------------------------------------------------------------------------------------------------
# clitics
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("word, expected", [
    ("وبالقصف", ["وبالقصف", "بالقصف", "القصف", "قصف"]),
    ("القصف", ["القصف", "قصف"]),
    ("للقصف", ["للقصف", "لقصف", "قصف"]),
    ("فالغارة", ["فالغارة", "الغارة", "غارة"]),
    ("قصف", ["قصف"]),
    ("وب", ["وب"]),            # never below 2 letters
    ("ولد", ["ولد", "لد"]),
])
def test_strip_clitics(word, expected):
    assert strip_clitics(word) == expected


def test_clitic_prefixes_are_real_chains():
    for p in ("و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "وب", "ول", "وبال", "ولل"):
        assert p in CLITIC_PREFIXES
    for p in ("س", "لال", "الو", "بو", "ببال"):
        assert p not in CLITIC_PREFIXES


# ------------------------------------------------------------------------------------------------
# numbers
# ------------------------------------------------------------------------------------------------
def nums(text: str, lang: str = "en") -> list[tuple[str, int, bool]]:
    out = find_numbers(text, lang=lang)
    for n in out:
        assert text[n.start:n.end] == n.surface
    return [(n.surface, n.value, n.approx) for n in out]


@pytest.mark.parametrize("text, expected", [
    ("killed 2,500 people", [("2,500", 2500, False)]),
    ("displaced 2 500 people", [("2 500", 2500, False)]),
    ("displaced 2\u00a0500 people", [("2\u00a0500", 2500, False)]),
    ("killed 12 civilians", [("12", 12, False)]),
    ("2.5 million displaced", [("2.5 million", 2_500_000, False)]),
    ("two civilians", [("two", 2, False)]),
    ("twenty-three fighters", [("twenty-three", 23, False)]),
    ("twenty three fighters", [("twenty three", 23, False)]),
    ("one hundred and five people", [("one hundred and five", 105, False)]),
    ("a hundred people", [("a hundred", 100, False)]),
    ("a dozen soldiers", [("a dozen", 12, False)]),
    ("half a million fled", [("half a million", 500_000, False)]),
    ("half a dozen soldiers", [("half a dozen", 6, False)]),
    ("two dozen soldiers", [("two dozen", 24, False)]),
    ("three thousand families", [("three thousand", 3000, False)]),
    ("dozens of civilians", [("dozens", 12, True)]),
    ("tens of civilians", [("tens", 10, True)]),
    ("scores of civilians", [("scores", 20, True)]),
    ("hundreds of families", [("hundreds", 100, True)]),
    ("thousands fled", [("thousands", 1000, True)]),
    ("tens of thousands fled", [("tens of thousands", 10000, True)]),
    ("hundreds of thousands fled", [("hundreds of thousands", 100000, True)]),
    ("several hundred fled", [("hundred", 100, True)]),
    ("at least 15 killed", [("15", 15, True)]),
    ("more than 20 killed", [("20", 20, True)]),
    ("nearly 40 people", [("40", 40, True)]),
    ("about two dozen", [("two dozen", 24, True)]),
    ("five and six", [("five", 5, False), ("six", 6, False)]),
    ("one civilian was killed", [("one", 1, False)]),
    ("between 20-25 people", [("20", 20, False), ("25", 25, False)]),
])
def test_find_numbers_english(text, expected):
    assert nums(text) == expected


@pytest.mark.parametrize("text", [
    "the first strike", "the second attack", "one of the fighters", "no one was hurt", "no-one was hurt",
    "in 2019", "on June 23, 2019", "June 23", "23rd of June", "at 10:30", "at 5 p.m.", "at 10am",
    "the 46th Regiment", "25th Division", "the M4 highway", "T-72 tanks", "Su-24 jets", "a 12-year-old boy",
    "a two-day truce", "the twenty-first century", "Resolution 2254", "50% of homes", "$5 fine",
    "on 23/06/2019", "2019-06-23", "tens", "scores", "one another", "one side",
])
def test_find_numbers_english_exclusions(text):
    assert nums(text) == []


def test_find_numbers_day_then_count():
    assert nums("On June 5 250 people fled") == [("250", 250, False)]


def test_find_numbers_year_with_qualifier_is_count():
    assert nums("at least 2000 fighters") == [("2000", 2000, True)]


@pytest.mark.parametrize("text, expected", [
    ("قتل ٢٣ مدنيا", [("٢٣", 23, False)]),
    ("نزح ٢٫٥٠٠ شخص", [("٢٫٥٠٠", 2500, False)]),
    ("نزح 2,500 شخص", [("2,500", 2500, False)]),
    ("و٣ أطفال", [("٣", 3, False)]),
    ("بـ٥ غارات", [("٥", 5, False)]),
    ("نحو ٢٫٥ مليون", [("٢٫٥ مليون", 2_500_000, True)]),
    ("3 آلاف نازح", [("3 آلاف", 3000, False)]),
    ("قتل ثلاثة مدنيين", [("ثلاثة", 3, False)]),
    ("قتل ثلاث نساء", [("ثلاث", 3, False)]),
    ("ثلاثة وعشرين مقاتلا", [("ثلاثة وعشرين", 23, False)]),
    ("مئة وخمسة", [("مئة وخمسة", 105, False)]),
    ("ألف ومئتان", [("ألف ومئتان", 1200, False)]),
    ("ثلاثمائة عائلة", [("ثلاثمائة", 300, False)]),
    ("مئتي شخص", [("مئتي", 200, False)]),
    ("أحد عشر مدنيا", [("أحد عشر", 11, False)]),
    ("اثنا عشر عنصرا", [("اثنا عشر", 12, False)]),
    ("خمسة عشر", [("خمسة عشر", 15, False)]),
    ("قتل عنصر واحد", [("واحد", 1, False)]),
    ("قتل اثنان", [("اثنان", 2, False)]),
    ("قتل اثنين", [("اثنين", 2, False)]),
    ("وثلاثة جرحى", [("وثلاثة", 3, False)]),
    ("بخمسة صواريخ", [("بخمسة", 5, False)]),
    ("عشرات المدنيين", [("عشرات", 10, True)]),
    ("العشرات", [("العشرات", 10, True)]),
    ("مئات العائلات", [("مئات", 100, True)]),
    ("آلاف النازحين", [("آلاف", 1000, True)]),
    ("عشرات الآلاف", [("عشرات الآلاف", 10000, True)]),
    ("ثلاثة آلاف", [("ثلاثة آلاف", 3000, False)]),
    ("أكثر من 20 مدنيا", [("20", 20, True)]),
    ("نحو ثلاثين", [("ثلاثين", 30, True)]),
    ("خمسة وثلاثة", [("خمسة", 5, False), ("وثلاثة", 3, False)]),
    ("ثَلاثَةُ مدنيين", [("ثَلاثَةُ", 3, False)]),
])
def test_find_numbers_arabic(text, expected):
    assert nums(text, "ar") == expected


@pytest.mark.parametrize("text", [
    "لم يصب أحد", "يوم الاثنين", "50 بالمئة", "في 7 آب 2020", "15 محرم 1443 هـ", "الساعة 10 صباحا",
    "القرار 2254", "لست أدري", "عام 2019", "والفرقة 25", "غارتين",  # duals are left to the dictionaries
])
def test_find_numbers_arabic_exclusions(text):
    assert nums(text, "ar") == []


def test_find_numbers_region_offsets():
    text = "Intro 5 words. Then 7 more and 9."
    s = text.index("Then")
    out = find_numbers(text, s, len(text) - 1)
    assert [(n.start, n.end, n.value) for n in out] == [(text.index("7"), text.index("7") + 1, 7),
                                                         (text.index("9"), text.index("9") + 1, 9)]


@pytest.mark.parametrize("s, lang, value", [
    ("2,500", "en", 2500), ("12", "en", 12), ("twenty-three", "en", 23), ("a dozen", "en", 12),
    ("dozens", "en", 12), ("tens", "en", 10), ("one hundred and five", "en", 105), ("٢٣", "ar", 23),
    ("٢٫٥٠٠", "ar", 2500), ("ثلاثة وعشرين", "ar", 23), ("عشرات", "ar", 10), ("2019", "en", 2019),
    ("first", "en", None), ("three point five", "en", None), ("", "en", None), ("3.5", "en", None),
])
def test_parse_number(s, lang, value):
    assert parse_number(s, lang) == value


# ------------------------------------------------------------------------------------------------
# dates
# ------------------------------------------------------------------------------------------------
def dates(text: str, lang: str = "en", ref: dt.date | None = REF):
    out = find_dates(text, lang=lang, ref=ref)
    for d in out:
        assert text[d.start:d.end] == d.surface
    return out


def one(text: str, lang: str = "en", ref: dt.date | None = REF):
    out = dates(text, lang, ref)
    assert len(out) == 1, out
    return out[0]


D = dt.date


@pytest.mark.parametrize("text, surface, date, precision, kind, inferred", [
    ("shelled on June 23, 2019.", "June 23, 2019", D(2019, 6, 23), 1, "absolute", False),
    ("shelled on 23 June 2019.", "23 June 2019", D(2019, 6, 23), 1, "absolute", False),
    ("shelled on the 23rd of June 2019.", "the 23rd of June 2019", D(2019, 6, 23), 1, "absolute", False),
    ("shelled on June 23.", "June 23", D(2019, 6, 23), 1, "absolute", True),
    ("shelled on June 30.", "June 30", D(2019, 6, 30), 1, "absolute", True),     # within 7 days after ref
    ("shelled on July 10.", "July 10", D(2018, 7, 10), 1, "absolute", True),     # too far ahead: last year
    ("shelled late on June 23.", "late on June 23", D(2019, 6, 23), 1, "absolute", True),
    ("shelled early on June 24th.", "early on June 24th", D(2019, 6, 24), 1, "absolute", True),
    ("shelled June 23rd.", "June 23rd", D(2019, 6, 23), 1, "absolute", True),
    ("on Jan. 5, 2019", "Jan. 5, 2019", D(2019, 1, 5), 1, "absolute", False),
    ("on Sunday, June 23, 2019", "Sunday, June 23, 2019", D(2019, 6, 23), 1, "absolute", False),
    ("dated 2019-06-23", "2019-06-23", D(2019, 6, 23), 1, "absolute", False),
    ("dated 23/06/2019", "23/06/2019", D(2019, 6, 23), 1, "absolute", False),
    ("dated 06/23/2019", "06/23/2019", D(2019, 6, 23), 1, "absolute", False),
    ("dated 08.08.2021", "08.08.2021", D(2021, 8, 8), 1, "absolute", False),
    ("in May 2019", "May 2019", D(2019, 5, 1), 3, "month", False),
    ("in June", "June", D(2019, 6, 1), 3, "month", True),
    ("the month of June", "June", D(2019, 6, 1), 3, "month", True),
    ("during June", "June", D(2019, 6, 1), 3, "month", True),
    ("since the beginning of June", "June", D(2019, 6, 1), 3, "month", True),
    ("in December", "December", D(2018, 12, 1), 3, "month", True),
    ("mid-June", "mid-June", D(2019, 6, 15), 2, "month", True),
    ("in 2019", "2019", D(2019, 1, 1), 3, "year", False),
    ("June 1-5, 2019", "June 1-5, 2019", D(2019, 6, 1), 2, "period", False),
])
def test_find_dates_english_absolute(text, surface, date, precision, kind, inferred):
    d = one(text)
    assert (d.surface, d.date, d.precision, d.kind, d.year_inferred) == (surface, date, precision, kind, inferred)


def test_month_period_has_end_date():
    d = one("fighting during June")
    assert d.end_date == D(2019, 6, 30)
    assert one("in February 2020").end_date == D(2020, 2, 29)
    assert one("June 1-5, 2019").end_date == D(2019, 6, 5)


@pytest.mark.parametrize("text, surface, date, precision, kind", [
    ("yesterday", "yesterday", D(2019, 6, 24), 1, "relative"),
    ("Yesterday morning", "Yesterday morning", D(2019, 6, 24), 1, "relative"),
    ("today", "today", REF, 1, "relative"),
    ("tonight", "tonight", REF, 1, "relative"),
    ("last night", "last night", D(2019, 6, 24), 1, "relative"),
    ("this morning", "this morning", REF, 1, "relative"),
    ("a day earlier", "a day earlier", D(2019, 6, 24), 1, "relative"),
    ("the day before yesterday", "the day before yesterday", D(2019, 6, 23), 1, "relative"),
    ("two days ago", "two days ago", D(2019, 6, 23), 1, "relative"),
    ("3 days ago", "3 days ago", D(2019, 6, 22), 1, "relative"),
    ("a week ago", "a week ago", D(2019, 6, 18), 2, "relative"),
    ("a month ago", "a month ago", D(2019, 5, 1), 3, "relative"),
    ("last month", "last month", D(2019, 5, 1), 3, "relative"),
    ("last week", "last week", D(2019, 6, 17), 2, "relative"),
    ("earlier this month", "earlier this month", D(2019, 6, 1), 3, "relative"),
    ("the past 24 hours", "the past 24 hours", REF, 1, "period"),
    ("over the past three days", "over the past three days", D(2019, 6, 22), 2, "period"),
])
def test_find_dates_english_relative(text, surface, date, precision, kind):
    d = one(text)
    assert (d.surface, d.date, d.precision, d.kind) == (surface, date, precision, kind)


@pytest.mark.parametrize("text, surface, date", [
    ("on Friday", "Friday", D(2019, 6, 21)),
    ("Friday", "Friday", D(2019, 6, 21)),
    ("on Tuesday", "Tuesday", REF),                    # on or before ref: the ref day itself
    ("last Tuesday", "last Tuesday", D(2019, 6, 18)),   # strictly before ref
    ("last Friday", "last Friday", D(2019, 6, 21)),
    ("next Friday", "next Friday", D(2019, 6, 28)),
    ("on Monday night", "Monday night", D(2019, 6, 24)),
    ("on Wednesday", "Wednesday", D(2019, 6, 19)),
])
def test_find_dates_weekdays(text, surface, date):
    d = one(text)
    assert (d.surface, d.date, d.kind, d.precision) == (surface, date, "weekday", 1)


@pytest.mark.parametrize("ref, wd, mode, expected", [
    (D(2019, 6, 21), 4, "", D(2019, 6, 21)),        # Friday, plain -> same day
    (D(2019, 6, 21), 4, "last", D(2019, 6, 14)),    # Friday, last -> a week before
    (D(2019, 6, 21), 3, "", D(2019, 6, 20)),
    (D(2019, 6, 21), 5, "", D(2019, 6, 15)),
    (D(2019, 6, 21), 5, "next", D(2019, 6, 22)),
    (D(2019, 6, 21), 4, "next", D(2019, 6, 28)),
])
def test_weekday_before(ref, wd, mode, expected):
    assert weekday_before(ref, wd, mode) == expected


@pytest.mark.parametrize("text", [
    "We may launch an attack.", "May God have mercy.", "They may respond if shelling continues.",
    "The march on Damascus was planned.", "Protesters joined a march in Idlib.", "We saw it.",
    "WE WILL FIGHT", "the sat phone", "the mar elias church",
])
def test_find_dates_guards(text):
    assert dates(text) == []


def test_find_dates_without_ref():
    d = one("yesterday", ref=None)
    assert d.date is None and d.kind == "relative"
    d = one("on June 23", ref=None)
    assert d.date is None
    d = one("on June 23, 2019", ref=None)
    assert d.date == D(2019, 6, 23)
    d = one("on Friday", ref=None)
    assert d.date is None and d.kind == "weekday"


def test_find_dates_year_inference_across_new_year():
    assert infer_year(1, 2, D(2020, 12, 28)) == D(2021, 1, 2)
    assert infer_year(12, 30, D(2021, 1, 3)) == D(2020, 12, 30)
    assert infer_year(2, 29, D(2021, 3, 1)) == D(2020, 2, 29)


def test_find_dates_invalid_day_skipped():
    assert dates("on June 31, 2019") == []
    assert dates("on 31/02/2019") == []


@pytest.mark.parametrize("text, surface, date, precision, kind", [
    ("قصفت الطائرات أمس البلدة", "أمس", D(2019, 6, 24), 1, "relative"),
    ("منذ الأمس", "الأمس", D(2019, 6, 24), 1, "relative"),
    ("ومساء أمس", "مساء أمس", D(2019, 6, 24), 1, "relative"),
    ("أول أمس", "أول أمس", D(2019, 6, 23), 1, "relative"),
    ("فجر اليوم", "فجر اليوم", REF, 1, "relative"),
    ("اليوم", "اليوم", REF, 1, "relative"),
    ("الليلة الماضية", "الليلة الماضية", D(2019, 6, 24), 1, "relative"),
    ("يوم الجمعة", "يوم الجمعة", D(2019, 6, 21), 1, "weekday"),
    ("مساء السبت", "مساء السبت", D(2019, 6, 22), 1, "weekday"),
    ("الثلاثاء الماضي", "الثلاثاء الماضي", D(2019, 6, 18), 1, "weekday"),
    ("منذ أسبوع", "منذ أسبوع", D(2019, 6, 18), 2, "relative"),
    ("منذ يومين", "منذ يومين", D(2019, 6, 23), 1, "relative"),
    ("منذ ثلاثة أيام", "منذ ثلاثة أيام", D(2019, 6, 22), 1, "relative"),
    ("الشهر الماضي", "الشهر الماضي", D(2019, 5, 1), 3, "relative"),
    ("الأسبوع الماضي", "الأسبوع الماضي", D(2019, 6, 17), 2, "relative"),
    ("في 7 آب/ أغسطس 2020", "7 آب/ أغسطس 2020", D(2020, 8, 7), 1, "absolute"),
    ("في 7 من آب 2021", "7 من آب 2021", D(2021, 8, 7), 1, "absolute"),
    ("في ٢٣ حزيران ٢٠١٩", "٢٣ حزيران ٢٠١٩", D(2019, 6, 23), 1, "absolute"),
    ("في 5 كانون الثاني 2020", "5 كانون الثاني 2020", D(2020, 1, 5), 1, "absolute"),
    ("في 3 تشرين الأول 2019", "3 تشرين الأول 2019", D(2019, 10, 3), 1, "absolute"),
    ("في 3 أكتوبر 2019", "3 أكتوبر 2019", D(2019, 10, 3), 1, "absolute"),
    ("في 12 نيسان", "12 نيسان", D(2019, 4, 12), 1, "absolute"),
    ("بتاريخ 08/08/2021", "08/08/2021", D(2021, 8, 8), 1, "absolute"),
    ("في شهر حزيران", "شهر حزيران", D(2019, 6, 1), 3, "month"),
    ("في كانون الثاني 2020", "كانون الثاني 2020", D(2020, 1, 1), 3, "month"),
    ("منتصف أيار", "منتصف أيار", D(2019, 5, 15), 2, "month"),
    ("في عام 2019", "عام 2019", D(2019, 1, 1), 3, "year"),
    ("خلال الساعات الـ24 الماضية", "خلال الساعات الـ24 الماضية", REF, 1, "period"),
])
def test_find_dates_arabic(text, surface, date, precision, kind):
    d = one(text, "ar")
    assert (d.surface, d.date, d.precision, d.kind) == (surface, date, precision, kind)


@pytest.mark.parametrize("text", ["ذهب أبي إلى السوق", "في اليوم التالي", "لم يصب أحد", "مرت سبعة أيام"])
def test_find_dates_arabic_guards(text):
    assert dates(text, "ar") == []


def test_find_dates_hijri():
    d = one("في 15 محرم 1443 هـ", "ar")
    assert d.surface == "15 محرم 1443 هـ"
    assert d.calendar == "hijri" and d.date == D(2021, 8, 24) and d.precision == 1


@pytest.mark.parametrize("h, g", [
    ((1, 1, 1), D(622, 7, 19)),          # civil epoch: 16 July 622 Julian
    ((1442, 9, 1), D(2021, 4, 13)),      # Ramadan 1442
    ((1441, 10, 1), D(2020, 5, 24)),     # Eid al-Fitr 1441
    ((1443, 1, 1), D(2021, 8, 10)),
    ((1445, 9, 1), D(2024, 3, 11)),
])
def test_hijri_conversion_known_dates(h, g):
    assert hijri_to_gregorian(*h) == g
    assert gregorian_to_hijri(g) == h


def test_hijri_roundtrip_range():
    d = D(1990, 1, 1)
    while d < D(2030, 1, 1):
        assert hijri_to_gregorian(*gregorian_to_hijri(d)) == d
        d += dt.timedelta(days=37)
    with pytest.raises(ValueError):
        hijri_to_gregorian(1443, 13, 1)
    with pytest.raises(ValueError):
        hijri_to_gregorian(1443, 2, 30)


def test_resolve_relative():
    assert resolve_relative("days_ago", REF, 2) == (D(2019, 6, 23), None, 1)
    assert resolve_relative("last_month", D(2019, 1, 10)) == (D(2018, 12, 1), D(2018, 12, 31), 3)
    assert resolve_relative("this_week", REF) == (D(2019, 6, 24), REF, 2)
    assert resolve_relative("days_ago", None, 2) == (None, None, 1)
    with pytest.raises(ValueError):
        resolve_relative("fortnight", REF)


def test_find_dates_region_and_order():
    text = "Headline. On June 20 jets struck. Yesterday more strikes hit Ariha."
    s = text.index("Yesterday")
    out = find_dates(text, s, len(text), "en", REF)
    assert [(d.surface, d.start) for d in out] == [("Yesterday", s)]
    allds = find_dates(text, ref=REF)
    assert [d.surface for d in allds] == ["June 20", "Yesterday"]
    assert all(a.end <= b.start for a, b in zip(allds, allds[1:]))


def test_find_dates_accepts_datetime_ref():
    assert one("yesterday", ref=dt.datetime(2019, 6, 25, 10, 0)).date == D(2019, 6, 24)


# ------------------------------------------------------------------------------------------------
# properties
# ------------------------------------------------------------------------------------------------
_SENT_ALPHABET = st.sampled_from(list("ab AZ.!?\n\t\"'”,؟؛٣3قصف") + ["Mr.", "U.S.", "3.5", " ", "\u00a0", "\u2028"])


@given(st.lists(_SENT_ALPHABET, max_size=80).map("".join), st.sampled_from(["en", "ar"]))
@settings(max_examples=300, deadline=None)
def test_split_sentences_properties(text, lang):
    spans = split_sentences(text, lang)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert e - s <= MAX_SENTENCE
        prev = e


@given(st.lists(st.sampled_from(["killed", " ", "12", "twenty-three", "2,500", "dozens of", "June 23", "ثلاثة",
                                 "وعشرين", "٢٣", "\u0640", "\u064e", "in 2019", "one", "of"]), max_size=20)
       .map("".join))
@settings(max_examples=200, deadline=None)
def test_numbers_and_dates_spans_are_exact(text):
    for lang in ("en", "ar"):
        for n in find_numbers(text, lang=lang):
            assert text[n.start:n.end] == n.surface and n.start < n.end
        for d in find_dates(text, lang=lang, ref=REF):
            assert text[d.start:d.end] == d.surface and d.start < d.end


def test_tables_are_module_level():
    # the compiled tables exist once per process (no per-call build)
    assert len(tu._FOLD_TABLE) == 0x10000
    assert tu._AR_NUMBERS and tu._ANCHOR_AC["en"] and tu._ANCHOR_AC["ar"]


def test_split_sentences_headlines_joined_by_a_bare_semicolon():
    from truceline.textutil import split_sentences
    t = "Shelling kills 3 in Saraqib;Clashes renew near Ariha;2 killed in Sarmin"
    assert [t[a:b] for a, b in split_sentences(t)] == [
        "Shelling kills 3 in Saraqib", "Clashes renew near Ariha", "2 killed in Sarmin"]
    # a prose semicolon (followed by a space, or by a lower-case word) does not end a sentence
    t = "The shelling went on; residents fled to the fields;others stayed."
    assert [t[a:b] for a, b in split_sentences(t)] == [t]


def test_fold_unmasks_words_broken_with_tatweel():
    from truceline.textutil import fold, to_original
    text = "استـ.ـشهاد أربعة مدنيين بقـ.ـصف المـ.دفعـ.ي و مداهـ ـمات"
    folded, index = fold(text)
    assert folded == "استشهاد اربعه مدنيين بقصف المدفعي و مداهمات"
    a, b = to_original(text, index, 0, len("استشهاد"))
    assert text[a:b] == "استـ.ـشهاد"
    assert fold("تنظيم د.اع.ش")[0] == "تنظيم د.اع.ش"      # no tatweel: kept as written
    assert fold("قصفـ. وقال")[0] == "قصف. وقال"            # a full stop and a space: a sentence end


@pytest.mark.parametrize("text, expected", [
    # scraped text that lost its capitals: a full stop after a plain word, then a lower-case word
    ("The envoy briefed the council on Tuesday says. the coalition kept striking targets near the dam.",
     ["The envoy briefed the council on Tuesday says.", "the coalition kept striking targets near the dam."]),
    # not after abbreviations, initials, dotted acronyms or times
    ("Troops under Gen. ahmad advanced.", ["Troops under Gen. ahmad advanced."]),
    ("The U.S. military said. the U.N. team left.", ["The U.S. military said.", "the U.N. team left."]),
    ("Talks with U.S. officials began.", ["Talks with U.S. officials began."]),
    ("The blast came at 5 a.m. local time.", ["The blast came at 5 a.m. local time."]),
    ("He was called J. smith by the guards.", ["He was called J. smith by the guards."]),
    # nor after an ellipsis or a number
    ("The raft sank.. and more came.", ["The raft sank.. and more came."]),
])
def test_split_sentences_lower_case_start_after_full_stop(text, expected):
    assert sents(text) == expected
