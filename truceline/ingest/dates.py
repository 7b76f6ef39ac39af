"""Publication dates: fast regular-expression parsing first, dateparser only as a fallback.

``parse_date`` reads a date *field* (JSONL/CSV column, manifest, HTML metadata).
``parse_date_line`` reads a *printed date line* inside a page ("February 28, 2020",
"أغسطس 24, 2019", "Posted on 23.08.2019") and never calls dateparser: it runs on every
short line of every page, so it must stay cheap and strict (the whole line is a date).
``find_date`` looks for a spelled-out date inside a longer line (a headline such as
"SYRIAN WAR REPORT – SEPTEMBER 12, 2019: ...").

Each returns ``(date, precision)`` with precision ``day``, ``month`` or ``year``, or None.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from functools import lru_cache

log = logging.getLogger(__name__)

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

MONTHS: dict[str, int] = {}
for _i, _names in enumerate([
    "january jan يناير كانون الثاني",
    "february feb فبراير شباط",
    "march mar مارس آذار اذار",
    "april apr أبريل ابريل إبريل نيسان",
    "may مايو أيار ايار",
    "june jun يونيو يونيه حزيران",
    "july jul يوليو يوليه تموز",
    "august aug أغسطس اغسطس آب اب",
    "september sep sept سبتمبر أيلول ايلول",
    "october oct أكتوبر اكتوبر تشرين الأول تشرين الاول",
    "november nov نوفمبر تشرين الثاني",
    "december dec ديسمبر كانون الأول كانون الاول",
], start=1):
    _toks = _names.split()
    for _t in _toks:
        if _t not in ("الثاني", "الأول", "الاول", "كانون", "تشرين"):
            MONTHS[_t] = _i
# two-word Levantine month names
MONTHS.update({"كانون الثاني": 1, "تشرين الأول": 10, "تشرين الاول": 10, "تشرين الثاني": 11,
               "كانون الأول": 12, "كانون الاول": 12})

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_MON = rf"(?P<mon>{_MONTH_ALT})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = (r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+"
            r"|(?:الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد)،?\s+)?")
_TIME = (r"(?:\s*(?:[,|–—-]|at|@)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
         r"(?:\s*(?:gmt|utc|est|edt|cet|cest)?(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)?)?")
_PREFIX = (r"(?:(?:posted|published|updated|last updated|date|dated|written|created)(?:\s+on)?\s*:?\s*"
           r"|(?:نشر|تاريخ النشر|بتاريخ)\s*:?\s*)?")

_CORE = [
    # February 28, 2020 / Feb. 28 2020 / August 23rd, 2019 / أغسطس 24, 2019
    rf"{_WEEKDAY}{_MON}\s+{_DAY},?\s+{_YEAR}",
    # 20 Sep 2019 / 20 September, 2019 / Wed 05 Apr 2017 / 24 أغسطس 2019
    rf"{_WEEKDAY}{_DAY}(?:\s+of)?\s+{_MON},?\s+{_YEAR}",
    # September 2019
    rf"{_MON},?\s+{_YEAR}",
]
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?(?:[T ].*)?")
_YMD_SLASH = re.compile(r"(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})")
_DMY = re.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<year>\d{4})")
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
_LINE_RES = [re.compile(rf"{_PREFIX}{c}{_TIME}\.?", re.I) for c in _CORE]
_FIND_RE = re.compile(rf"(?<!\w)(?:{_MON}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+{_MON},?\s+{_YEAR})(?!\w)".replace(
    "(?P<mon>", "(?:").replace("(?P<day>", "(?:").replace("(?P<year>", "(?:"), re.I)
_NUM_LINE = re.compile(rf"{_PREFIX}(?P<date>\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}){_TIME}", re.I)
_WS = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")


def _mk(year: int, month: int, day: int | None) -> tuple[dt.date, str] | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day or 1), ("day" if day else "month")
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> tuple[dt.date, str] | None:
    gd = m.groupdict()
    month = MONTHS.get(_WS.sub(" ", gd["mon"].lower()))
    if month is None:
        return None
    day = int(gd["day"]) if gd.get("day") else None
    return _mk(int(gd["year"]), month, day)


def _numeric(s: str) -> tuple[dt.date, str] | None:
    m = _ISO.fullmatch(s)
    if m:
        day = m["day"]
        return _mk(int(m["year"]), int(m["month"]), int(day) if day else None)
    m = _YMD_SLASH.fullmatch(s)
    if m:
        return _mk(int(m["year"]), int(m["month"]), int(m["day"]))
    m = _DMY.fullmatch(s)
    if m:
        a, b = int(m["a"]), int(m["b"])
        if b > 12 >= a:  # clearly month/day/year
            a, b = b, a
        return _mk(int(m["year"]), b, a)
    if _YEAR_ONLY.fullmatch(s):
        return dt.date(int(s), 1, 1), "year"
    return None


def parse_date_line(line: str) -> tuple[dt.date, str] | None:
    """A line that is only a date (optionally "Posted on", a weekday, a time); no dateparser."""
    s = line.strip().translate(_ARABIC_DIGITS)
    if not s or len(s) > 60 or not _DIGIT.search(s):
        return None
    s = _WS.sub(" ", s)
    for rx in _LINE_RES:
        m = rx.fullmatch(s)
        if m:
            return _from_match(m)
    m = _NUM_LINE.fullmatch(s)
    if m:
        return _numeric(m["date"])
    return None


def find_date(text: str) -> tuple[dt.date, str] | None:
    """The first spelled-out full date ("September 12, 2019", "12 Sep 2019") inside ``text``."""
    m = _FIND_RE.search(text.translate(_ARABIC_DIGITS))
    return parse_date_line(m.group(0)) if m else None


def parse_date(value: str) -> tuple[dt.date, str] | None:
    """A date field: ISO and common forms by regex, then dateparser (DMY, day of month first)."""
    s = _WS.sub(" ", value.strip().translate(_ARABIC_DIGITS))
    if not s:
        return None
    got = _numeric(s) or parse_date_line(s)
    if got:
        return got
    if len(s) > 80:
        return None
    return _dateparser(s)


@lru_cache(maxsize=4096)
def _dateparser(s: str) -> tuple[dt.date, str] | None:
    parser = _date_data_parser()
    try:
        data = parser.get_date_data(s)
    except Exception as e:  # dateparser raises assorted errors on odd input
        log.debug("dateparser failed on %r: %s", s, e)
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if not 1900 <= d.year <= 2100:
        return None
    period = data.period if data.period in ("day", "month", "year") else "day"
    if period == "week":
        period = "day"
    return d, period


@lru_cache(maxsize=1)
def _date_data_parser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en", "ar"], settings={
        "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "past", "STRICT_PARSING": False,
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
