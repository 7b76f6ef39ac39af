"""Framing: per outlet, the loaded terms it uses for the same actors and places.

The terms are the framing dictionary (``resources/framing.yaml``, :class:`FramingEntry`): each
names a referent ("opposition fighters", "opposition-held areas") with a framing (pejorative /
sympathetic / neutral) and is typically one side's vocabulary.  :func:`framing_report` counts
them per outlet over the evidence sentences stored in a database (the sentences events and
statistics were read from; a sentence several records share is read once) and keeps every
occurrence as (article id, start, end) in article offsets, so each count can be shown in text.

Matching follows the extractor (:mod:`truceline.extract.matcher`): one Aho-Corasick automaton
(ahocorasick-rs) over text folded by :func:`truceline.textutil.fold` (case, Arabic letter
variants, diacritics), terms at word boundaries, any chain of the Arabic proclitics و/ف/ب/ك/ل/ال
in front of an Arabic term (``والإرهابيين``, ``للنظام``), no suffixes.  Overlapping candidates
are resolved leftmost-longest, so "regime forces" counts once (not also as "regime"); a
``not_in`` phrase ("ceasefire regime") wins like a term and is not counted.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import ahocorasick_rs

from . import textutil
from .resources import FRAMINGS, FramingEntry, Resources, load_resources

__all__ = ["FramingMatcher", "FramingHit", "TermCount", "OutletFraming", "ReferentView", "FramingReport",
           "framing_report", "count_hits", "SCOPES"]

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_MARK = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
UNKNOWN_OUTLET = "(no outlet)"
UNKNOWN_ALIGNMENT = "unknown"


@dataclass(frozen=True, slots=True)
class FramingHit:
    """One occurrence of a framing term: where (article offsets) and which entry/term."""

    article_id: str
    start: int
    end: int
    surface: str                # the text as printed
    entry: str                  # FramingEntry id
    term: str                   # the dictionary term as written


class FramingMatcher:
    """Every framing term (and ``not_in`` phrase) in one automaton."""

    def __init__(self, res: Resources) -> None:
        self.res = res
        table: dict[str, tuple[str, str] | None] = {}     # folded key -> (entry id, term) | None (not_in)

        def put(key: str, val: tuple[str, str] | None) -> None:
            if len(key) < 2:
                return
            if val is None and key in table:
                return                                      # a counted term beats a not_in phrase
            table[key] = val
            if key.startswith("ال") and len(key) > 4 and _ARABIC.search(key):
                lam = "ل" + key[2:]                         # لل: the article's alef dropped after lam
                if val is not None or lam not in table:
                    table[lam] = val

        for e in res.framing.values():
            for p in e.not_in:
                put(textutil.fold_term(p), None)
        for e in res.framing.values():
            for t in e.terms:
                put(textutil.fold_term(t), (e.id, t))
        self.keys = list(table)
        self.payload = [table[k] for k in self.keys]
        self.arabic = [bool(_ARABIC.search(k)) for k in self.keys]
        self.clitics = frozenset(textutil.CLITIC_PREFIXES)
        self.ac = ahocorasick_rs.AhoCorasick(self.keys or ["\0"], matchkind=ahocorasick_rs.MatchKind.Standard)

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        """Framing terms in ``text``: ``(start, end, entry id, term)`` in ``text`` offsets, leftmost-
        longest and non-overlapping, ``not_in`` phrases left out."""
        if not self.keys:
            return []
        folded, index = textutil.fold(text)
        n = len(folded)
        cands: list[tuple[int, int, int]] = []
        arabic, clitics = self.arabic, self.clitics
        for pi, s, e in self.ac.find_matches_as_indexes(folded, overlapping=True):
            if e < n and folded[e].isalnum():
                continue                                    # no suffixes
            if s > 0 and folded[s - 1].isalnum():
                if not arabic[pi]:
                    continue
                ws = s - 1
                while ws > 0 and folded[ws - 1].isalnum():
                    ws -= 1
                if folded[ws:s] not in clitics:
                    continue
            cands.append((s, e, pi))
        cands.sort(key=lambda c: (c[0], c[0] - c[1]))
        out: list[tuple[int, int, str, str]] = []
        last = -1
        for s, e, pi in cands:
            if s < last:
                continue
            last = e
            val = self.payload[pi]
            if val is None:
                continue
            if index is None:
                os_, oe = s, e
            else:
                os_, oe = index[s], index[e - 1] + 1
                while oe < len(text) and _MARK.match(text, oe):    # harakat on the last letter
                    oe += 1
            out.append((os_, oe, val[0], val[1]))
        return out


# ----------------------------------------------------------------------------------------------
# Report records
# ----------------------------------------------------------------------------------------------
@dataclass(slots=True)
class TermCount:
    """How often one outlet used one term, with every occurrence."""

    term: str
    entry: str
    referent: str
    framing: str
    vocabulary: tuple[str, ...]
    lang: str
    count: int = 0
    spans: list[tuple[str, int, int, str]] = field(default_factory=list)   # (article id, start, end, text)

    def as_dict(self) -> dict[str, Any]:
        return {"term": self.term, "entry": self.entry, "referent": self.referent, "framing": self.framing,
                "vocabulary": list(self.vocabulary), "lang": self.lang, "count": self.count,
                "spans": [{"article_id": a, "start": s, "end": e, "text": t} for a, s, e, t in self.spans]}


@dataclass(slots=True)
class OutletFraming:
    """One outlet: its alignment, what was read, and the framing terms found."""

    outlet: str
    alignment: str
    outlet_id: str = ""
    articles: int = 0
    events: int = 0
    statistics: int = 0
    texts: int = 0                          # evidence sentences (overlaps joined) or articles read
    terms: dict[str, TermCount] = field(default_factory=dict)    # entry id + term -> count

    @property
    def hits(self) -> int:
        return sum(t.count for t in self.terms.values())

    def by_referent(self, min_count: int = 1) -> dict[str, list[TermCount]]:
        """Referent id -> its terms, most used first (terms used fewer than ``min_count`` times left out)."""
        out: dict[str, list[TermCount]] = defaultdict(list)
        for t in self.terms.values():
            if t.count >= min_count:
                out[t.referent].append(t)
        for v in out.values():
            v.sort(key=lambda t: (-t.count, t.term))
        return dict(sorted(out.items(), key=lambda kv: -sum(t.count for t in kv[1])))

    def framing_split(self, referent: str) -> dict[str, int]:
        split = {f: 0 for f in FRAMINGS}
        for t in self.terms.values():
            if t.referent == referent:
                split[t.framing] += t.count
        return split


@dataclass(slots=True)
class ReferentView:
    """For one referent, the term each outlet prefers."""

    referent: str
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class FramingReport:
    outlets: list[OutletFraming]
    referents: dict[str, str]               # referent id -> name, in dictionary order
    dictionary_version: str = ""
    texts: int = 0
    articles: int = 0
    scope: str = "evidence"

    def comparison(self, min_count: int = 1) -> list[ReferentView]:
        """Per referent, each outlet that named it: its preferred term, that term's count, the
        outlet's total for the referent and the pejorative / sympathetic / neutral split."""
        views = []
        for rid, name in self.referents.items():
            v = ReferentView(rid, name)
            for o in self.outlets:
                terms = o.by_referent(min_count).get(rid)
                if not terms:
                    continue
                top = terms[0]
                v.rows.append({"outlet": o.outlet, "alignment": o.alignment, "term": top.term,
                               "framing": top.framing, "vocabulary": list(top.vocabulary), "count": top.count,
                               "total": sum(t.count for t in terms), "split": o.framing_split(rid)})
            if v.rows:
                v.rows.sort(key=lambda r: (-r["total"], r["outlet"]))
                views.append(v)
        views.sort(key=lambda v: -sum(r["total"] for r in v.rows))
        return views

    def as_dict(self, min_count: int = 1) -> dict[str, Any]:
        return {
            "dictionary_version": self.dictionary_version,
            "articles": self.articles,
            "scope": self.scope,
            "texts_read": self.texts,
            "outlets": [{
                "outlet": o.outlet, "outlet_id": o.outlet_id, "alignment": o.alignment, "articles": o.articles,
                "events": o.events, "statistics": o.statistics, "texts_read": o.texts, "hits": o.hits,
                "referents": [{"referent": rid, "name": self.referents.get(rid, rid),
                               "count": sum(t.count for t in ts), "split": o.framing_split(rid),
                               "terms": [t.as_dict() for t in ts]}
                              for rid, ts in o.by_referent(min_count).items()],
            } for o in self.outlets],
            "comparison": [{"referent": v.referent, "name": v.name, "outlets": v.rows}
                           for v in self.comparison(min_count)],
        }


# ----------------------------------------------------------------------------------------------
# Counting
# ----------------------------------------------------------------------------------------------
def _merge_spans(rows: Iterable[tuple[str, int, int, str]]) -> Iterator[tuple[str, int, str]]:
    """Sorted (article, start, end, text) -> (article, start, text) with overlapping or touching
    sentences of one article joined, so no stretch of text is read twice."""
    cur: list[Any] | None = None
    for aid, s, e, text in rows:
        if len(text) != e - s:              # evidence text is the sentence slice; trust the text
            e = s + len(text)
        if cur is not None and cur[0] == aid and s <= cur[2]:
            if e > cur[2]:
                cur[3] = cur[3] + text[cur[2] - s:]
                cur[2] = e
            continue
        if cur is not None:
            yield cur[0], cur[1], cur[3]
        cur = [aid, s, e, text]
    if cur is not None:
        yield cur[0], cur[1], cur[3]


def count_hits(matcher: FramingMatcher, spans: Iterable[tuple[str, int, str]]) -> Iterator[FramingHit]:
    """Framing hits of (article id, start offset, text) stretches, in article offsets."""
    for aid, base, text in spans:
        for s, e, entry, term in matcher.find(text):
            yield FramingHit(aid, base + s, base + e, text[s:e], entry, term)


SCOPES = ("evidence", "articles")


def framing_report(store, res: Resources | None = None, scope: str = "evidence") -> FramingReport:
    """Count the framing terms of ``res`` (default: the packaged dictionaries) per outlet over the
    evidence sentences stored in ``store`` (a :class:`truceline.store.Store`), or with
    ``scope="articles"`` over the whole text of every stored article."""
    if scope not in SCOPES:
        raise ValueError(f"framing_report: scope must be one of {', '.join(SCOPES)}; got {scope!r}")
    res = res or load_resources()
    matcher = FramingMatcher(res)
    # articles -> outlet (by name, else by URL domain) and alignment
    outlet_of: dict[str, str] = {}
    outlets: dict[str, OutletFraming] = {}
    n_articles = 0
    for a in store.iter_articles(with_text=False):
        n_articles += 1
        entry = (res.outlet_by_name(a.outlet) if a.outlet else None) or (res.outlet_for_url(a.url) if a.url else None)
        if entry is not None:
            key, name, alignment, oid = entry.id, entry.name, entry.alignment, entry.id
        else:
            name = a.outlet.strip() or UNKNOWN_OUTLET
            key, alignment, oid = "name:" + name, UNKNOWN_ALIGNMENT, ""
        o = outlets.get(key)
        if o is None:
            o = outlets[key] = OutletFraming(outlet=name, alignment=alignment, outlet_id=oid)
        o.articles += 1
        outlet_of[a.id] = key
    for aid, (ne, ns) in store.record_counts_by_article().items():
        key = outlet_of.get(aid)
        if key is not None:
            outlets[key].events += ne
            outlets[key].statistics += ns
    read: Counter[str] = Counter()

    def texts() -> Iterator[tuple[str, int, str]]:       # streamed: whole articles are not all held
        src = (_merge_spans(store.iter_evidence_sentences()) if scope == "evidence"
               else ((a.id, 0, a.text) for a in store.iter_articles()))
        for aid, base, text in src:
            read[outlet_of.get(aid, "")] += 1
            yield aid, base, text

    for h in count_hits(matcher, texts()):
        o = outlets.get(outlet_of.get(h.article_id, ""))
        if o is None:
            continue
        k = h.entry + "\0" + h.term
        tc = o.terms.get(k)
        if tc is None:
            fe: FramingEntry = res.framing[h.entry]
            tc = o.terms[k] = TermCount(term=h.term, entry=h.entry, referent=fe.referent_for(o.alignment),
                                        framing=fe.framing, vocabulary=fe.vocabulary, lang=fe.lang)
        tc.count += 1
        tc.spans.append((h.article_id, h.start, h.end, h.surface))
    for key, n in read.items():
        if key in outlets:
            outlets[key].texts = n
    ordered = sorted(outlets.values(), key=lambda o: (-o.hits, -o.articles, o.outlet))
    return FramingReport(outlets=ordered, referents={r.id: r.name for r in res.referents.values()},
                         dictionary_version=res.version, texts=sum(read.values()), articles=n_articles, scope=scope)


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------
CSV_COLUMNS = ("outlet", "outlet_id", "alignment", "articles", "events", "statistics", "texts_read",
               "referent", "referent_name", "term", "entry", "lang", "framing", "vocabulary", "count", "spans")
_SHORT = {"pejorative": "pej", "sympathetic": "sym", "neutral": "neu"}
TOP_TERMS = 5


def csv_rows(report: FramingReport, min_count: int = 1) -> Iterator[dict[str, Any]]:
    """One row per outlet, referent and term (an outlet without terms: one row with the term
    columns empty); ``spans`` lists every occurrence as ``article_id:start-end``."""
    for o in report.outlets:
        base = {"outlet": o.outlet, "outlet_id": o.outlet_id, "alignment": o.alignment, "articles": o.articles,
                "events": o.events, "statistics": o.statistics, "texts_read": o.texts}
        groups = o.by_referent(min_count)
        if not groups:
            yield {**base, **{c: "" for c in CSV_COLUMNS if c not in base}}
            continue
        for rid, terms in groups.items():
            for t in terms:
                yield {**base, "referent": rid, "referent_name": report.referents.get(rid, rid), "term": t.term,
                       "entry": t.entry, "lang": t.lang, "framing": t.framing, "vocabulary": " ".join(t.vocabulary),
                       "count": t.count, "spans": " ".join(f"{a}:{s}-{e}" for a, s, e, _ in t.spans)}


def write_csv(report: FramingReport, fp, min_count: int = 1) -> None:
    import csv

    w = csv.DictWriter(fp, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in csv_rows(report, min_count):
        w.writerow(row)


def render_tables(report: FramingReport, min_count: int = 1, top: int = TOP_TERMS) -> list:
    """Two rich tables: per outlet the top terms of each referent, and per referent the term
    each outlet prefers."""
    from rich.table import Table

    read = (f"{report.texts} evidence sentences of {report.articles} articles" if report.scope == "evidence"
            else f"the whole text of {report.texts} articles")
    t1 = Table(title=f"Loaded terms per outlet ({read})", show_lines=False)
    for col, kw in (("outlet", {}), ("alignment", {}), ("articles", {"justify": "right"}),
                    ("events", {"justify": "right"}), ("stats", {"justify": "right"}),
                    ("texts read", {"justify": "right"}),
                    ("referent", {}), ("terms (count, framing)", {})):
        t1.add_column(col, **kw)
    for o in report.outlets:
        head = [o.outlet, o.alignment, str(o.articles), str(o.events), str(o.statistics), str(o.texts)]
        groups = o.by_referent(min_count)
        if not groups:
            t1.add_row(*head, "-", "-", end_section=True)
            continue
        items = list(groups.items())
        for i, (rid, terms) in enumerate(items):
            cell = ", ".join(f"{t.term} {t.count} ({_SHORT[t.framing]})" for t in terms[:top])
            if len(terms) > top:
                cell += f", +{len(terms) - top} more"
            t1.add_row(*(head if i == 0 else [""] * len(head)), report.referents.get(rid, rid), cell,
                       end_section=i == len(items) - 1)
    t2 = Table(title="Preferred term per referent")
    for col, kw in (("referent", {}), ("outlet", {}), ("alignment", {}), ("preferred term", {}),
                    ("framing", {}), ("count/total", {"justify": "right"}), ("pej/sym/neu", {"justify": "right"})):
        t2.add_column(col, **kw)
    for v in report.comparison(min_count):
        for i, r in enumerate(v.rows):
            sp = r["split"]
            t2.add_row(v.name if i == 0 else "", r["outlet"], r["alignment"], r["term"], r["framing"],
                       f"{r['count']}/{r['total']}", f"{sp['pejorative']}/{sp['sympathetic']}/{sp['neutral']}",
                       end_section=i == len(v.rows) - 1)
    return [t1, t2]
