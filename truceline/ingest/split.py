"""Split a page that concatenates several articles into sub-articles.

Aggregator and blog pages string articles together: a headline line, an outlet / byline / date
line, the body, then "Related News" link blocks, share buttons or a comment form before the
next headline.  The page is read as a list of non-blank lines, each given one kind:

``SEP``    boilerplate that ends an article: "Related News", "مقالات متعلقة", "Please enter your
           comment!", "Share this:", "Subscribe", donation appeals, cookie notices, ...
``SOFT``   an inline link line ("ALSO READ  <title>") - kept inside an article, trimmed at its end
``DATE``   a printed date line ("February 28, 2020", "أغسطس 24, 2019", "23.08.2019")
``BYLINE`` "By X", "By X for the Saker blog", a known outlet ("South Front", "ST": names and
           aliases from the ``outlets`` dictionary, never from code),
           "Global Research, December 14, 2019", "Source"
``NAME``   a short name-like line ("Basma Qaddour", "ناصر قنديل"): a weak byline
``BODY``   a paragraph (long, or ending like a sentence)
``HEAD``   a short line that could be a headline
``OTHER``  anything else

A ``HEAD`` line starts a new article when (a) it is followed, after repeats of itself, by a
date or byline line (a name-like line only counts for a repeated or all-caps headline, or
after boilerplate); or (b) it follows boilerplate and is followed by a paragraph; or (c) it is
followed by a paragraph that opens with a news dateline ("BEIRUT, LEBANON (10:00 A.M.) –",
"IDLEB, (ST)_").  Boilerplate lines and what follows them up to the next start belong to no
article.  Segments with less than ``MIN_BODY_CHARS`` of body are merged into the article they
continue, or dropped after boilerplate.  Fewer than two segments left: the page is one
article (only trailing boilerplate after its last paragraph is cut).  Byline, outlet and date
lines right under a headline belong to that headline's article (``HEADLINE / outlet / date /
body``), never start another.

Every segment's text is an exact slice ``page[start:end]``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..resources import Resources, _fold_key, load_resources
from .dates import find_date, parse_date_line

SEP, SOFT, DATE, BYLINE, NAME, BODY, HEAD, OTHER = "sep", "soft", "date", "byline", "name", "body", "head", "other"
MIN_BODY_CHARS = 120
MIN_PARAGRAPH_CHARS = 100
TEASER_CHARS = 200
MIN_LINES_TO_SPLIT = 6
HEADER_LINES = 5

# boilerplate lines, by what tends to follow them: link lists, comments, or more of the article
_SEP_LINKS = re.compile(r"""(?:
  related(?:\s+(?:news|videos?|posts?|articles?|stories|content|items|links|reading|coverage))?
 |also\s+read|read\s+(?:also|more|next)|more\s+on\s+(?:the|this)\s+(?:topic|subject|story)|more\s+from\s+\S.{0,40}
 |see\s+also|check\s+also|about\s+the\s+author.*|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)
 |recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|popular\s+posts|trending(?:\s+now)?
 |latest\s+(?:news|posts|articles)|back\s+to\s+top.*|note\s+to\s+readers\s*:.*
 |مقالات\s+متعلقة|فيديوات\s+متعلقة|فيديوهات\s+متعلقة|مواضيع\s+متعلقة|مواضيع\s+ذات\s+صلة|[أا]خبار\s+ذات\s+صلة
 |مقالات\s+ذات\s+صلة|[اإأ]قر[أا]\s+(?:[أا]يض[اً]+|التالي)
)\s*[:.!…↑]*""", re.I | re.X)
_SEP_COMMENTS = re.compile(r"""(?:
  please\s+enter\s+your\s+(?:comment|name|e-?mail).*|you\s+have\s+entered\s+an\s+incorrect\s+e-?mail.*
 |leave\s+a\s+(?:reply|comment).*|post\s+(?:a\s+)?comment|submit\s+comment|\d+\s+comments?|comments?(?:\s*\(\d+\))?
 |no\s+comments?(?:\s+yet)?|save\s+my\s+name,?\s+e-?mail.*|notify\s+me\s+of\s+.*|cancel\s+reply|reply
 |show\s+more\s+replies|التعليقات|اترك\s+تعليقا?[ًا]?|أضف\s+تعليق[اً]*
)\s*[:.!…]*""", re.I | re.X)
_SEP_INLINE = re.compile(r"""(?:
  share(?:\s+this(?:\s+(?:article|post|story|page))?)?|share\s+(?:on|via)\s+\S.*|click\s+to\s+(?:share|email|print)\b.*
 |like\s+this|like\s+loading\.*|loading\.*|tweet|print(?:\s+this(?:\s+article)?)?|e-?mail\s+this(?:\s+article)?
 |copy\s+link\s+to\s+tweet|embed\s+tweet|report\s+tweet|show\s+this\s+thread|retweet(?:ed)?
 |subscribe(?:\s+.{0,60})?|sign\s+up\s+.{0,80}|follow\s+us(?:\s+on\s+.{0,40})?|%d\s+bloggers\s+like\s+this
 |advertisement|sponsored(?:\s+content)?|tags?\s*:.*|filed\s+under\s*:?.*|categories\s*:.*
 |شارك(?:\s+هذا.*)?|تابعونا(?:\s+على\s+.{0,30})?
)\s*[:.!…]*""", re.I | re.X)
_SEP_SEARCH = re.compile(
    r"^(?:please\s+)?(?:consider\s+)?(?:donat(?:e|ing)\b|make\s+a\s+donation|support\s+(?:us|our\s+work|this\s+"
    r"(?:site|blog|website)|independent\s+(?:media|journalism))\b|become\s+a\s+(?:patron|member|supporter)\b)"
    r"|\bpaypal\b|\bpatreon\b|\bthis\s+(?:web)?site\s+uses\s+cookies\b|\bwe\s+use\s+cookies\b"
    r"|\bcookie\s+(?:policy|settings|preferences|consent)\b|\baccept\s+(?:all\s+)?cookies\b"
    r"|^(?:copyright\s+)?©|^all\s+rights\s+reserved|\bneed\s+your\s+support\b|^support\s+\S.{0,40}$"
    r"|\b(?:click|tap)\s+here\s+to\s+(?:support|donate|subscribe)\b|^\$\d+\s+(?:a|per)\s+month\b", re.I)
_SEP_KEYS = re.compile(r"donat|support|patron|member|paypal|cookie|©|copyright|rights|click|tap|\$", re.I)
# _SEP_KEYS as substrings of the lower-cased line: a quick first check; characters that re.I matches to these letters but lower() does not send the rest to the
# regex
_SEP_KEY_WORDS = ("donat", "support", "patron", "member", "paypal", "cookie", "©", "copyright", "rights", "click",
                  "tap", "$")
_SEP_KEY_ODD = re.compile("[\u0130\u0131\u017f]")
_SOFT = re.compile(r"^(?:ALSO READ|READ ALSO|READ MORE|RELATED|SEE ALSO)\b|^(?:also\s+read|read\s+also|read\s+more"
                   r"|related|see\s+also|watch)\s*:\s*\S", re.I)
_SOFT_CAPS = re.compile(r"^(?:ALSO READ|READ ALSO|READ MORE|RELATED|SEE ALSO)\s+\S")
_BY = re.compile(r"(?:by|written\s+by|interviewed\s+by|reported\s+by|report\s+by|story\s+by|author|"
                 r"بقلم|كتب|كتبه|إعداد|اعداد)\s*:?\s+(?P<name>\S.{1,90})", re.I)
_BY_FOR = re.compile(r"\s*(?:\s+for|[–—|,]|\s-)\s+(?P<org>.+)$", re.I)
_ORG_CLEAN = re.compile(r"^the\s+|\s+(?:blog|website|site|newspaper)$|[.,;:]+$", re.I)
_SOURCE = re.compile(r"(?:source|sources|المصدر)\s*(?::\s*(?P<who>.{1,60}))?", re.I)
_WHO_DATE = re.compile(r"(?P<who>[^,|–—]{2,60}?)\s*[,|–—-]\s*(?P<date>.{6,50})")
_NAME_TOKEN = r"(?:[A-Z][\w'’.\-]*|(?:al|el|as|ad|ash|an|ar)-[A-Z][\w'’\-]*|al|el|bin|ibn|abu|de|van|von|da|di|la|le)"
_NAME_PARTICLE = re.compile(r"(?:al|el|as|ad|ash|an|ar)(?:-\S+)?|bin|ibn|abu|de|van|von|da|di|la|le|and|&", re.I)
_NAME_EN = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}")
_NAME_AR = re.compile(r"[\u0621-\u064A\u064B-\u0652\u0670-\u06D3\u0640]+(?:\s+[\u0621-\u064A\u064B-\u0652\u0670-\u06D3"
                      r"\u0640]+){1,3}")
_DATELINE_CAPS = re.compile(r"[A-Z][A-Z'’.\-]{2,}(?:\s+[A-Z][A-Z'’.\-]+){0,3}(?:\s*,\s*[A-Z][A-Z'’.\-]+"
                            r"(?:\s+[A-Z][A-Z'’.\-]+){0,3})?\s*,?\s*(?:\((?P<agency>[^()\n]{1,40})\))?\s*[–—_:-]")
_DATELINE_AGENCY = re.compile(r"[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,2}(?:\s*,\s*[A-Z][\w'’.\-]+){0,2}\s*,?\s*"
                              r"\((?P<agency>[^()\n]{1,40})\)\s*[–—_:-]")
_BODY_END = re.compile(r"[.…]['\"”’»)\]]*$")
_QEND = re.compile(r"[!?]['\"”’»)]*$")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"\S+")
_PARENS = re.compile(r"\(([^()\n]{1,40})\)")
_SEPARATORS = re.compile(r"\s*[/|–—_]\s*|\s+-\s+|:\s+")
_PARTS = re.compile(r"\s*[,/|&]\s*|\s+and\s+")
_LEAD_SEP = re.compile(r"\s*[:|–—]\s*|\s+-\s+")
_BP_TRAIL = re.compile(r"[\s:.…|»>]+$")
_MENU_PUNCT = re.compile(r"[.!?؟،,:;\d]")
BOILERPLATE_FILE = Path(__file__).resolve().parents[1] / "resources" / "boilerplate.yaml"
MENU_WORDS = 3          # a menu-like line: at most this many words ...
MENU_CHARS = 30         # ... and characters, without sentence punctuation or digits


def _bp_key(s: str) -> str:
    return _BP_TRAIL.sub("", s.casefold()).strip()


def _load_boilerplate(path: Path = BOILERPLATE_FILE) -> tuple[frozenset[str], frozenset[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def keys(name: str) -> frozenset[str]:
        return frozenset(_bp_key(str(x)) for x in data.get(name) or ())
    return keys("navigation"), keys("link_headers")


NAVIGATION, LINK_HEADERS = _load_boilerplate()


@dataclass(frozen=True, slots=True)
class Segment:
    """One article of a page: ``page[start:end] == text``."""

    start: int
    end: int
    text: str
    headline: str = ""          # the exact headline line (multi-article pages only)
    title: str = ""             # headline, or the first headline-like line of a whole page
    published: dt.date | None = None
    precision: str = ""         # day | month | year ("" when no printed date)
    byline: str = ""
    outlet: str = ""


class _OutletNames:
    """Outlet names and aliases of one dictionary load, for whole-string look-ups.

    Short all-capital aliases ("ST", "L24", "SANA") match only as written; other names match
    case- and diacritic-insensitively (:meth:`Resources.outlet_by_name`); a host name
    ("southfront.org") matches the outlet's ``domains``."""

    def __init__(self, res: Resources) -> None:
        self.res = res
        acronyms: set[str] = set()
        others: set[str] = set()
        for o in res.outlets.values():
            for a in (o.name, *o.aliases):
                (acronyms if _acronym(a) else others).add(a.casefold())
        self.acronyms = {a for o in res.outlets.values() for a in (o.name, *o.aliases) if _acronym(a)}
        self.acronym_only = acronyms - others
        # punctuation that survives the name fold (``outlet_by_name``) and is in no outlet name:
        # a line holding one ("Regime forces shelled Ariha.") names no outlet
        in_names = set("".join(_fold_key(a) for o in res.outlets.values() for a in (o.name, *o.aliases)))
        absent = "".join(c for c in _FOLD_STABLE if c not in in_names)
        self.no_name = re.compile(f"[{re.escape(absent)}]") if absent else None
        # the fold keeps each of these letters and digits: a line holding more of them than any
        # outlet name is no outlet name
        max_kept = max((len(_FOLD_KEPT.findall(_fold_key(a))) for o in res.outlets.values()
                        for a in (o.name, *o.aliases)), default=0)
        self.too_many_kept = re.compile(f"(?:[^{_FOLD_KEPT_CHARS}]*+[{_FOLD_KEPT_CHARS}]){{{max_kept + 1}}}")

    def name(self, s: str) -> str:
        if s in self.acronyms:
            o = self.res.outlet_by_name(s)
            return o.name if o else ""
        if s.casefold() in self.acronym_only:
            return ""          # "St", "ap": a short code in the wrong case is a word, not an outlet
        if self.no_name is not None and self.no_name.search(s) \
                or not s.isascii() and self.too_many_kept.match(s):
            o = None           # outlet_by_name(s) cannot find it
        else:
            o = self.res.outlet_by_name(s)
        if o is None and _HOST.fullmatch(s):
            o = self.res.outlet_for_url(s)
        return o.name if o else ""


# characters that _fold_key keeps as they are wherever they stand (no case, no decomposition,
# never composed with a neighbour, not folded away): tests/test_ingest_split.py checks it
_FOLD_STABLE = ".,!?،؛؟\"“”"
# Arabic letters (not alef, waw, ya and their hamza forms, ta marbuta) and digits that the fold
# keeps one for one
_FOLD_KEPT_CHARS = "ءبتثجحخدذرزسشصضطظعغػؼؽؾؿفقكلمنه0123456789٠١٢٣٤٥٦٧٨٩"
_FOLD_KEPT = re.compile(f"[{_FOLD_KEPT_CHARS}]")


def _acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters) and " " not in text


_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.I)
_table: _OutletNames | None = None


def _names() -> _OutletNames:
    """The outlet table of the packaged (cached) dictionaries, or of the load given to
    :func:`use_resources`."""
    global _table
    if _table is None:
        _table = _OutletNames(load_resources())
    return _table


def use_resources(res: Resources | None) -> None:
    """Read outlet names from ``res`` (a load with user dictionaries); None: the packaged ones."""
    global _table
    if res is None or _table is None or _table.res is not res:
        _table = _OutletNames(res) if res is not None else None


def outlet_name(s: str) -> str:
    """Canonical outlet for a name or alias written alone ("ST" -> "Syria Times"), else ""."""
    s = s.strip().strip("()[]").strip()
    if not s or len(s) > 100:
        return ""
    return _names().name(s)


def _outlet_in(s: str) -> str:
    """An outlet named by ``s`` or by one of its comma/slash-separated parts ("the Saker blog")."""
    for part in (s, *_PARTS.split(s)):
        part = part.strip()
        got = outlet_name(part) or outlet_name(_ORG_CLEAN.sub("", part).strip())
        if got:
            return got
    return ""


def _outlet_at_start(title: str) -> str:
    """An outlet naming the start of a title: before a separator ("SANA: ...", "L24 - ...") or,
    for a name of two words or more, before a space ("Al-Ahed News in Khan Sheikhoun")."""
    m = _LEAD_SEP.search(title, 0, 60)
    if m and m.start():
        got = outlet_name(title[:m.start()])
        if got:
            return got
    words = title.split(None, 5)[:5]
    for k in range(len(words) - 1, 1, -1):
        got = outlet_name(" ".join(words[:k]).rstrip(",:"))
        if got:
            return got
    return ""


def lead_outlet(text: str, lines: int = 3) -> str:
    """An outlet named in the first ``lines`` non-blank lines of an article: a line that is an
    outlet name ("L24"), a bracketed agency ("IDLEB, (ST)_"), or an outlet before or after a
    separator ("Idlib frontline/ L24", "Levant 24 - Idlib").  Outlets named inside a sentence
    ("according to SOHR") do not count.  Only known outlets (``outlets.yaml``) are returned."""
    seen = 0
    for raw in text.split("\n", 40):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > lines:
            break
        if len(line) <= 60:
            got = outlet_name(line)
            if got:
                return got
        for m in _PARENS.finditer(line, 0, 200):
            got = outlet_name(m.group(1))
            if got:
                return got
        head = line[:200]
        parts = [p.strip() for p in _SEPARATORS.split(head)]
        if len(parts) > 1:
            for cand in (parts[0], parts[-1]):
                if 0 < len(cand) <= 40:
                    got = outlet_name(cand)
                    if got:
                        return got
    return ""


def sep_class(s: str) -> str:
    """"links", "comments" or "inline" for a boilerplate line, else ""."""
    n = len(s)
    if n <= 60 and _bp_key(s) in LINK_HEADERS:
        return "links"
    if n <= 200:
        if _SEP_LINKS.fullmatch(s):
            return "links"
        if _SEP_COMMENTS.fullmatch(s):
            return "comments"
        if _SEP_INLINE.fullmatch(s):
            return "inline"
    if n <= 400 and _may_hold_sep_key(s):
        if _SEP_KEYS.search(s) and _SEP_SEARCH.search(s):
            return "inline"
    return ""


def _may_hold_sep_key(s: str) -> bool:
    """False only when ``_SEP_KEYS.search(s)`` finds nothing (substring checks are much cheaper
    than the case-insensitive regex)."""
    low = s.lower()
    for w in _SEP_KEY_WORDS:
        if w in low:
            return True
    return not s.isascii() and _SEP_KEY_ODD.search(s) is not None


def classify_line(s: str) -> str:
    """The kind of one stripped, non-blank line (see the module docstring)."""
    n = len(s)
    if sep_class(s):
        return SEP
    if n >= 250:
        return BODY
    if n <= 250 and _SOFT_CAPS.match(s) or (n <= 250 and _SOFT.match(s) and ":" in s[:15]):
        return SOFT
    if n <= 60 and parse_date_line(s):
        return DATE
    if n <= 100:
        m = _BY.fullmatch(s)
        if m and _namey(m["name"]):
            return BYLINE
        if outlet_name(s) or _SOURCE.fullmatch(s):
            return BYLINE
        m = _WHO_DATE.fullmatch(s)
        if m and len(_WORD.findall(m["who"])) <= 6:
            got = parse_date_line(m["date"])
            if got and got[1] == "day":
                return BYLINE
        if n <= 40 and (_NAME_EN.fullmatch(s) or _NAME_AR.fullmatch(s)):
            return NAME
    words = len(s.split())     # == len(_WORD.findall(s))
    if n >= 200 or (_BODY_END.search(s) and words >= 6) or (_QEND.search(s) and n >= 120):
        return BODY
    if s.endswith((":", ",", ";")) or not _LETTER.search(s):
        return OTHER
    if 2 <= words <= 30 and not s[0].islower():
        return HEAD
    return OTHER


def _namey(name: str) -> bool:
    """Looks like a person or desk name (the part before "for <outlet>")."""
    f = _BY_FOR.search(name)
    if f:
        name = name[:f.start()]
    words = _WORD.findall(name.strip())
    if not 1 <= len(words) <= 6 or name.rstrip().endswith((".", ",", ";", ":")) and not name.endswith("Jr."):
        return False
    return all(_NAME_PARTICLE.fullmatch(w) or not w[0].isascii() or w[0].isupper() for w in words)


def _lines(page: str) -> tuple[list[int], list[int], list[str]]:
    starts, ends, texts = [], [], []
    pos = 0
    for raw in page.split("\n"):
        stripped = raw.strip().strip("\u200b\u200e\u200f\ufeff").strip()
        if stripped:
            lead = raw.index(stripped[0])
            starts.append(pos + lead)
            ends.append(pos + lead + len(stripped))
            texts.append(stripped)
        pos += len(raw) + 1
    return starts, ends, texts


def _is_caps(s: str) -> bool:
    return s.isupper() and len(s) >= 8


def _title_case(s: str) -> bool:
    """Most longer words capitalised ("Syria Repels Militant Drone Attack"); Arabic has no case."""
    words = [w for w in _WORD.findall(s) if len(w) >= 4 and w[0].isalpha()]
    if not words or not words[0][0].isascii():
        return not words or not words[0][0].isascii()
    return sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _dateline(s: str) -> bool:
    m = _DATELINE_CAPS.match(s)
    if m:
        return True
    m = _DATELINE_AGENCY.match(s)
    return bool(m and outlet_name(m["agency"]))


def _is_start(i: int, texts: list[str], kinds: list[str], after_sep: bool) -> bool:
    n = len(texts)
    head = texts[i].casefold()
    j, dup = i + 1, False
    while j < n and texts[j].casefold() == head:
        j, dup = j + 1, True
    if j >= n:
        return False
    strong = dup or after_sep or _is_caps(texts[i])
    header_ok = False
    k = j
    while k < n and k - j < HEADER_LINES and kinds[k] in (DATE, BYLINE, NAME):
        if kinds[k] == BYLINE and not _SOURCE.fullmatch(texts[k]):
            header_ok = True     # "By ...", an outlet line: enough on its own
        elif kinds[k] == DATE:
            # a date alone under a sentence-case line may be a timeline entry inside an article
            header_ok = header_ok or strong or _title_case(texts[i])
        elif strong:
            header_ok = True
        k += 1
    if header_ok:
        # the header must lead to a paragraph within a few lines
        for m in range(k, min(n, k + 4)):
            if kinds[m] == SEP:
                return False
            if kinds[m] == BODY:
                return True
        return False
    if kinds[j] != BODY:
        return False
    return after_sep or _dateline(texts[j])


def _header(first: int, last: int, texts: list[str], kinds: list[str]) -> dict[str, object]:
    """Title, date, byline and outlet from the first lines of a segment (and its last line)."""
    info: dict[str, object] = {"title": "", "headline_idx": None, "published": None, "precision": "",
                               "byline": "", "outlet": ""}
    i = first
    # a date or byline may come before the headline on a whole page ("Feb 15, 2020\nHeadline")
    while i <= last and i - first < 2 and kinds[i] in (DATE, BYLINE):
        _read_header_line(texts[i], kinds[i], info)
        i += 1
    if i <= last and kinds[i] in (HEAD, NAME):
        info["title"], info["headline_idx"] = texts[i], i
        head = texts[i].casefold()
        i += 1
        while i <= last and texts[i].casefold() == head:
            i += 1
    hdr_end = min(last, i + HEADER_LINES - 1)
    while i <= hdr_end and kinds[i] in (DATE, BYLINE, NAME, OTHER):
        _read_header_line(texts[i], kinds[i], info)
        i += 1
    if not info["published"] and info["title"]:
        got = find_date(str(info["title"]))
        if got:
            info["published"], info["precision"] = got
    if not info["outlet"] and info["title"]:
        info["outlet"] = _outlet_at_start(str(info["title"]))
    if not info["byline"] and last > first and kinds[last] in (NAME, BYLINE):
        _read_header_line(texts[last], kinds[last], info, byline_only=True)
    info["body_start"] = i
    return info


def _read_header_line(s: str, kind: str, info: dict[str, object], byline_only: bool = False) -> None:
    if kind == DATE:
        got = parse_date_line(s)
        if got and not info["published"]:
            info["published"], info["precision"] = got
        return
    if kind == NAME:
        if not info["byline"] and not outlet_name(s):
            info["byline"] = s
        return
    if kind != BYLINE:
        return
    outlet = outlet_name(s)
    if outlet:
        if not byline_only:
            info["outlet"] = info["outlet"] or outlet
        return
    m = _BY.fullmatch(s)
    if m:
        name = m["name"].strip()
        f = _BY_FOR.search(name)
        if f:
            org = _outlet_in(f["org"]) or _ORG_CLEAN.sub("", f["org"]).strip()
            if org and not byline_only:
                info["outlet"] = info["outlet"] or org
            name = name[:f.start()].strip()
        info["byline"] = info["byline"] or name
        return
    m = _WHO_DATE.fullmatch(s)
    if m:
        got = parse_date_line(m["date"])
        if got and not info["published"] and not byline_only:
            info["published"], info["precision"] = got
        who = m["who"].strip()
        org = outlet_name(who)
        if org and not byline_only:
            info["outlet"] = info["outlet"] or org
        elif not org:
            info["byline"] = info["byline"] or who
        return
    m = _SOURCE.fullmatch(s)
    if m and m["who"] and not byline_only:
        info["outlet"] = info["outlet"] or outlet_name(m["who"]) or m["who"].strip()


def _segment(page: str, first: int, last: int, starts: list[int], ends: list[int], texts: list[str],
             kinds: list[str], multi: bool, parent: Segment | None = None) -> Segment:
    if parent is not None:   # the rest of an article after boilerplate: same article data, no headline
        start, end = starts[first], ends[last]
        return Segment(start=start, end=end, text=page[start:end], headline="", title=parent.title,
                       published=parent.published, precision=parent.precision, byline=parent.byline,
                       outlet=parent.outlet)
    info = _header(first, last, texts, kinds)
    outlet = str(info["outlet"])
    if not outlet:
        b = int(info["body_start"])  # type: ignore[call-overload]
        if b <= last and kinds[b] == BODY:
            m = _DATELINE_CAPS.match(texts[b]) or _DATELINE_AGENCY.match(texts[b])
            if m and m["agency"]:
                outlet = outlet_name(m["agency"])
    start, end = (starts[first], ends[last]) if multi else (0, ends[last])
    hidx = info["headline_idx"]
    return Segment(start=start, end=end, text=page[start:end],
                   headline=texts[hidx] if multi and hidx is not None else "",  # type: ignore[index]
                   title=str(info["title"]), published=info["published"],  # type: ignore[arg-type]
                   precision=str(info["precision"]), byline=str(info["byline"]), outlet=outlet)


def split_page(page: str, *, force_single: bool = False) -> list[Segment]:
    """Sub-articles of ``page`` (one segment for a normal article; [] for a page without text)."""
    starts, ends, texts = _lines(page)
    n = len(texts)
    if not n:
        return []
    kinds = [classify_line(t) for t in texts]
    lead = lead_boilerplate(texts, kinds)
    for i in range(lead):      # navigation at the top belongs to no article
        kinds[i] = SEP
    if force_single or n < MIN_LINES_TO_SPLIT or kinds.count(BODY) < 2:
        return _single(page, starts, ends, texts, kinds, lead)
    # group: [first line, last line, after boilerplate (0/1), index of the group it continues or -1]
    groups: list[list[int]] = []
    cur: list[int] | None = None
    in_boiler, boiler = True, ""
    for i, k in enumerate(kinds):
        if k == SEP:
            cur, in_boiler, boiler = None, True, sep_class(texts[i])
            continue
        if cur is not None and _in_header(cur[0], i, texts, kinds):
            # headline, then an outlet/byline line, then a date line: all one article's header
            cur[1] = i
        elif not groups or (k in (HEAD, NAME) and _is_start(i, texts, kinds, in_boiler or kinds[i - 1] == SOFT)):
            cur = [i, i, int(in_boiler and bool(groups)), -1]
            groups.append(cur)
            in_boiler = False
        elif cur is not None:
            cur[1] = i
        elif boiler == "inline" and k == BODY:
            # more of the article after a share bar or an appeal: it continues the last article
            cur = [i, i, 1, len(groups) - 1]
            groups.append(cur)
            in_boiler = False
    for g in groups:   # trim trailing inline links and letterless lines
        while g[1] > g[0] and (kinds[g[1]] == SOFT or not _LETTER.search(texts[g[1]])):
            g[1] -= 1
    kept: list[list[int]] = []
    for gi, g in enumerate(groups):
        paras = [ends[i] - starts[i] for i in range(g[0], g[1] + 1) if kinds[i] == BODY]
        big = sum(paras) >= MIN_BODY_CHARS and max(paras, default=0) >= MIN_PARAGRAPH_CHARS
        if big and (gi == 0 or not g[2] or g[3] >= 0 or not _teasers(g, texts, kinds, paras)):
            kept.append(g)
        elif kept and not g[2] and all(kinds[i] != SEP for i in range(kept[-1][1], g[0])):
            kept[-1][1] = g[1]   # a false start inside an article: it continues the article
    if sum(1 for g in kept if g[3] < 0) < 2:
        return _single(page, starts, ends, texts, kinds, lead)
    out: list[Segment] = []
    by_group: dict[int, Segment] = {}
    for g in kept:
        parent = by_group.get(g[3]) if g[3] >= 0 else None
        seg = _segment(page, g[0], g[1], starts, ends, texts, kinds, True, parent)
        by_group[groups.index(g)] = seg
        out.append(seg)
    return out


def menu_like(s: str) -> bool:
    """A navigation entry ("الرئيسية", "About us") or a short line without sentence punctuation or
    digits (a section name: "سوريا", "Middle East")."""
    return _bp_key(s) in NAVIGATION or (len(s) <= MENU_CHARS and len(s.split()) <= MENU_WORDS
                                          and not _MENU_PUNCT.search(s))


def lead_boilerplate(texts: list[str], kinds: list[str]) -> int:
    """How many lines at the top of a page are navigation: a run of boilerplate and menu-like
    lines that holds a navigation word or is at least three lines long.  A three-word line that
    ends the run and is no navigation word is taken as the headline and kept."""
    n = len(texts)
    i = nav = 0
    while i < n and kinds[i] != DATE and (kinds[i] == SEP or menu_like(texts[i])):
        nav += kinds[i] == SEP or _bp_key(texts[i]) in NAVIGATION
        i += 1
    if i >= n:
        return 0
    if i and kinds[i - 1] != SEP and _bp_key(texts[i - 1]) not in NAVIGATION and len(texts[i - 1].split()) >= 3:
        i -= 1
    return i if i and (nav or i >= 3) else 0


def _in_header(first: int, i: int, texts: list[str], kinds: list[str]) -> bool:
    """Line ``i`` is a byline, outlet or date line under the headline that started the article
    at ``first`` (only such lines, or repeats of the headline, between them; at most
    ``HEADER_LINES``)."""
    if kinds[first] not in (HEAD, NAME) or kinds[i] not in (NAME, DATE, BYLINE) or i - first > HEADER_LINES:
        return False
    head = texts[first].casefold()
    return all(kinds[j] in (NAME, DATE, BYLINE) or texts[j].casefold() == head for j in range(first + 1, i))


def _teasers(g: list[int], texts: list[str], kinds: list[str], paras: list[int]) -> bool:
    """A list of linked headlines with short excerpts, not an article."""
    first = texts[g[0]].casefold()
    heads = sum(1 for i in range(g[0] + 1, g[1] + 1) if kinds[i] in (HEAD, NAME) and texts[i].casefold() != first)
    return heads >= 2 and sorted(paras)[len(paras) // 2] < TEASER_CHARS


def _single(page: str, starts: list[int], ends: list[int], texts: list[str], kinds: list[str],
            first: int = 0) -> list[Segment]:
    """The page as one article: from line ``first`` (after navigation), without boilerplate after
    its last paragraph."""
    last = len(texts) - 1
    bodies = [i for i, k in enumerate(kinds) if k == BODY and i >= first]
    if bodies:
        tail_seps = [i for i in range(bodies[-1] + 1, len(texts)) if kinds[i] == SEP]
        if tail_seps:
            last = tail_seps[0] - 1
            while last > first and kinds[last] == SOFT:
                last -= 1
    if first > last:
        first = 0
    seg = _segment(page, first, last, starts, ends, texts, kinds, first > 0)
    if first == 0 and last == len(texts) - 1:   # nothing cut: the whole page, trailing whitespace included
        seg = Segment(start=0, end=len(page), text=page, headline="", title=seg.title, published=seg.published,
                      precision=seg.precision, byline=seg.byline, outlet=seg.outlet)
    elif first > 0:   # a whole article after navigation: no sub-article headline
        seg = Segment(start=seg.start, end=seg.end, text=seg.text, headline="", title=seg.title,
                      published=seg.published, precision=seg.precision, byline=seg.byline, outlet=seg.outlet)
    return [seg]
