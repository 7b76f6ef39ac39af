"""Casualty figures: number + victim + casualty-word patterns in English and Arabic
("killing 6 civilians, including 2 women", "23 troops died", "death of 31 civilians",
"قتل أربعة مدنيين بينهم طفلان"), with sub-counts ("including ...") kept apart from totals."""
from __future__ import annotations

import re

from ..model import Article, Mention, evidence
from .common import (_CASUALTY_GAP, _INCLUDING, _OTHERS, _TIMES, _Figures, _lex_category, _lex_value, _longest,
                     _overlaps)

def casualties(res, article: Article, s) -> _Figures:
    """Casualty figures of a sentence, each with its evidence span."""
    text = article.text
    f = _Figures()
    nums = [m for m in s.mentions if m.kind == "number"]
    victims = _longest(s.of("lex:victims"))
    lex_cas = s.of("lex:casualty")
    cas = _longest(lex_cas + [m for m in s.of("trigger") if m.label == "*casualty"
                              and not any(_overlaps(m, x) for x in lex_cas)])
    dates = s.of("date")
    items: list[tuple[int, Mention | None, Mention | None, Mention | None]] = []
    pending: list[tuple[Mention, Mention]] = []
    for n in nums:
        if any(_overlaps(n, d) for d in dates) or not isinstance(n.value, int):
            continue
        if _TIMES.match(text[n.end:n.end + 8]):
            continue
        # victim noun right after the number (allow two adjectives)
        v = next((x for x in victims if 0 <= x.start - n.end <= 28
                  and len(text[n.end:x.start].split()) <= 3
                  and not any(o.start >= n.end and o.end <= x.start for o in nums)), None)
        c = casualty_word(text, n, v, cas, nums, victims)
        if c is None:
            if v is not None:
                pending.append((n, v))
            continue
        # "three HTS fighters and two soldiers were killed": the first pair shares the verb
        for pn, pv in pending:
            if re.fullmatch(r"\s*(?:,|and|as well as|و)?\s*(?:,\s*)?(?:and\s+)?", text[pv.end:n.start]) or \
                    (text[pv.end:n.start].strip() in ("and", "و", ",")):
                items.append((pn.value, pn, pv, c))
        pending = []
        items.append((n.value, n, v, c))
    # Arabic dual victims without a number ("قتيلان", "طفلين")
    for v in victims:
        if v.attr("value") or (res.lexicon and _lex_value(res, v)):
            val = _lex_value(res, v)
            if val and not any(_overlaps(v, x[2]) for x in items if x[2] is not None):
                c = next((c for c in cas if abs(c.start - v.end) <= 30 or abs(v.start - c.end) <= 30), None)
                cat = _lex_category(res, v)
                if c is not None or cat == "person":
                    items.append((val, None, v, c))
    for val, n, v, c in items:
        kind = _lex_category(res, c) if c is not None and c.kind.startswith("lex") else "fatal"
        if c is not None and c.kind == "trigger":
            kind = "injured" if re.search(r"injur|wound|hurt|جرح|صاب|صيب", c.surface, re.I) else "fatal"
        vcat = _lex_category(res, v) if v is not None else "person"
        first = n if n is not None else v
        w0 = max(s.start, first.start - 40)
        if c is not None and c.end <= first.start:
            w0 = max(w0, c.end)
        sub = bool(_INCLUDING.search(text[w0:first.start]))
        spans = [x for x in (n, v, c) if x is not None]
        ev_ = evidence(article, min(x.start for x in spans), max(x.end for x in spans), "rule:casualty.v1")
        if kind == "fatal":
            if vcat in ("child", "woman"):
                if vcat == "child":
                    f.child = (f.child or 0) + val
                else:
                    f.women = (f.women or 0) + val
                if not sub:
                    f.civilian = (f.civilian or 0) + val
                    f.fatal = (f.fatal or 0) + val
            elif vcat == "civilian":
                f.civilian = (f.civilian or 0) + val
                if not sub:
                    f.fatal = (f.fatal or 0) + val
            elif vcat == "combatant":
                f.combatant = (f.combatant or 0) + val
                if not sub:
                    f.fatal = (f.fatal or 0) + val
            else:
                if not sub:
                    f.fatal = (f.fatal or 0) + val
            f.spans.append(("fatalities", ev_))
        elif kind == "injured":
            if not sub:
                f.injured = (f.injured or 0) + val
            f.spans.append(("injured", ev_))
        elif kind == "displaced":
            f.displaced = (f.displaced or 0) + val
            f.spans.append(("displaced", ev_))
    if f.fatal is not None and f.civilian is not None and f.civilian > f.fatal:
        f.fatal = f.civilian
    return f

def casualty_word(text: str, n: Mention, v: Mention | None, cas: list[Mention], nums: list[Mention],
                   victims: list[Mention]) -> Mention | None:
    """The casualty word a number belongs to: 'killing 6 civilians' (before) or '6 civilians were
    killed' / '19 killed' (after); never across another number or a sentence break."""
    anchor = v.end if v is not None else n.end
    before = next((c for c in reversed(cas) if c.end <= n.start and n.start - c.end <= 30
                   and not re.search(r"[.;:]", text[c.end:n.start])
                   and not any(o.start >= c.end and o.end <= n.start for o in nums)), None)
    after = next((c for c in cas if c.start >= anchor and c.start - anchor <= 30
                  and not re.search(r"[.;:,،]", text[anchor:c.start])
                  and not any(o.start >= anchor and o.end <= c.start for o in nums)), None)
    if before is not None and (n.start - before.end <= 15 or after is None):
        gap = text[before.end:n.start]
        if v is None and not _CASUALTY_GAP.match(gap) and not _INCLUDING.search(gap):
            before = None  # "killed in 3 villages": a count of something else
        elif not re.search(r"[,،]", gap) or _INCLUDING.search(gap):
            return before
    if after is not None:
        return after
    if _OTHERS.match(text[n.end:n.end + 12]) or v is not None:
        # "... killed; five others were wounded" handled above; a victim with a casualty word further back
        return next((c for c in reversed(cas) if c.end <= n.start and n.start - c.end <= 80
                     and not re.search(r"[.;:]", text[c.end:n.start])), None)
    return None

