"""The one dictionary automaton: every term of every dictionary compiled into one
Aho-Corasick automaton (ahocorasick-rs), matched over folded text and mapped back to offsets."""
from __future__ import annotations

import dataclasses
import itertools
import re
from typing import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from .. import textutil
from ..model import Mention
from ..resources import Resources

# Arabic word-internal suffixes allowed after a trigger / casualty / victim term
_AR_SUFFIXES = frozenset({"ت", "ه", "ها", "هم", "هما", "وا", "ات", "ين", "ون", "ان", "تا", "تان", "ي", "ية",
                          "يه", "يات", "يين", "يون"})
_SUFFIX_KINDS = frozenset({"trigger", "lex:casualty", "lex:victims", "lex:claim", "lex:denial", "lex:statistic"})
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORD = re.compile(r"[^\W_]+(?:['’ʿ`-][^\W_]+)*", re.UNICODE)

TRIGGER_KINDS = frozenset({"trigger"})
# kinds whose Mention.entry is the prefixed source id ("agreements:sochi_2018") rather than the bare entry id
_PREFIXED_KINDS = frozenset({"agreement"})


def _is_word_char(c: str) -> bool:
    return c.isalnum()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article with the mentions found in it."""

    start: int
    end: int
    mentions: tuple[Mention, ...]

    def of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


def _mention_maker():
    """A fast ``Mention(kind=, start=, end=, surface=, entry=, label=, attrs=)`` for the hot loop.

    ``Mention`` is a frozen slotted dataclass whose ``__init__`` sets each field through
    ``object.__setattr__``; filling the slots directly gives an equal object in about 40% of the
    time.  Falls back to the constructor if the class ever gains fields or a ``__post_init__``.
    """
    names = ("kind", "start", "end", "surface", "entry", "label", "value", "attrs")
    if tuple(f.name for f in dataclasses.fields(Mention)) != names or hasattr(Mention, "__post_init__"):
        def make(kind, start, end, surface, entry, label, attrs):  # pragma: no cover - safety net
            return Mention(kind=kind, start=start, end=end, surface=surface, entry=entry, label=label, attrs=attrs)
        return make
    new = object.__new__
    sk, ss, se, su, sn, sl, sv, sa = (Mention.__dict__[n].__set__ for n in names)

    def make(kind, start, end, surface, entry, label, attrs):
        m = new(Mention)
        sk(m, kind); ss(m, start); se(m, end); su(m, surface)  # noqa: E702
        sn(m, entry); sl(m, label); sv(m, None); sa(m, attrs)  # noqa: E702
        return m
    return make


_make_mention = _mention_maker()


def _mention_order(m: Mention) -> tuple[int, int]:
    return (m.start, m.start - m.end)


class Matcher:
    """All dictionary terms compiled into one automaton."""

    def __init__(self, res: Resources, extra_terms: Iterable = ()) -> None:
        """``extra_terms``: more :class:`~truceline.resources.Term` records compiled into the same
        automaton (the agreements' aliases, :func:`truceline.ceasefire.agreements.agreement_terms`)."""
        table: dict[str, list] = {}
        for t in itertools.chain(res.terms(), extra_terms):
            key = textutil.fold_term(t.text)
            if len(key) < 2:
                continue
            table.setdefault(key, []).append(t)
            if key.startswith("ال") and len(key) > 4 and _ARABIC.search(key):
                # "للنظام" = ل + النظام: the article's alef is dropped after the preposition lam
                table.setdefault("ل" + key[2:], []).append(t)
        self.keys = list(table)
        self.payload = [table[k] for k in self.keys]
        self.arabic = [bool(_ARABIC.search(k)) for k in self.keys]
        # per key: (kind, entry, label, attrs, case-sensitive text or None, may take a suffix), built once
        self._specs = [tuple((t.kind, t.source if t.kind in _PREFIXED_KINDS else t.entry_id, t.label, (("lang", t.lang), ("strength", getattr(t, "strength", ""))),
                              t.text if t.case_sensitive else None, t.kind in _SUFFIX_KINDS) for t in terms)
                       for terms in self.payload]
        self.ac = ahocorasick_rs.AhoCorasick(self.keys, matchkind=ahocorasick_rs.MatchKind.Standard)
        self.clitics = frozenset(textutil.CLITIC_PREFIXES)

    def find(self, text: str) -> list[Mention]:
        folded, index = textutil.fold(text)
        n = len(folded)
        out: list[Mention] = []
        append = out.append
        arabic_keys, specs, clitics, make = self.arabic, self._specs, self.clitics, _make_mention
        for pi, s, e in self.ac.find_matches_as_indexes(folded, overlapping=True):
            left_ok = s == 0 or not folded[s - 1].isalnum()
            suffix_ok = e >= n or not folded[e].isalnum()
            if arabic_keys[pi]:
                if not left_ok:
                    ws = s - 1
                    while ws > 0 and folded[ws - 1].isalnum():
                        ws -= 1
                    if folded[ws:s] not in clitics:
                        continue
                if not suffix_ok and folded[e].isascii():
                    suffix_ok = True  # Latin glued to an Arabic word ("إصاباتpic.twitter.com/..."): a new word
                if not suffix_ok:
                    we = e + 1
                    while we < n and folded[we].isalnum():
                        we += 1
                    suffix = folded[e:we]
                    if suffix not in _AR_SUFFIXES:
                        continue
                    if suffix in ("ه", "يه") and folded[e - 1] == "ي":
                        continue  # a nisba adjective: "عسكري" + ة is "military" (مصادر عسكرية), not a soldier
            elif not (left_ok and suffix_ok):
                continue
            if index is None:
                os_, oe = s, e
            else:
                os_, oe = index[s], index[e - 1] + 1
            surface = text[os_:oe]
            for kind, entry, label, attrs, exact, suffixable in specs[pi]:
                if not suffix_ok and not suffixable:
                    continue
                if exact is not None and surface != exact:
                    continue
                append(make(kind, os_, oe, surface, entry, label, attrs))
        out.sort(key=_mention_order)
        return out
