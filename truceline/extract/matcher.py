"""The one dictionary automaton: every term of every dictionary compiled into one
Aho-Corasick automaton (ahocorasick-rs), matched over folded text and mapped back to offsets."""
from __future__ import annotations

import re
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


class Matcher:
    """All dictionary terms compiled into one automaton."""

    def __init__(self, res: Resources) -> None:
        table: dict[str, list] = {}
        for t in res.terms():
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
        self.ac = ahocorasick_rs.AhoCorasick(self.keys, matchkind=ahocorasick_rs.MatchKind.Standard)
        self.clitics = frozenset(textutil.CLITIC_PREFIXES)

    def find(self, text: str) -> list[Mention]:
        folded, index = textutil.fold(text)
        n = len(folded)
        out: list[Mention] = []
        for pi, s, e in self.ac.find_matches_as_indexes(folded, overlapping=True):
            arabic = self.arabic[pi]
            left_ok = s == 0 or not _is_word_char(folded[s - 1])
            suffix_ok = e >= n or not _is_word_char(folded[e])
            if arabic:
                if not left_ok:
                    ws = s
                    while ws > 0 and _is_word_char(folded[ws - 1]):
                        ws -= 1
                    left_ok = folded[ws:s] in self.clitics
                if not suffix_ok:
                    we = e
                    while we < n and _is_word_char(folded[we]):
                        we += 1
                    suffix_ok = folded[e:we] if folded[e:we] in _AR_SUFFIXES else False
            if not left_ok or suffix_ok is False:
                continue
            os_ = s if index is None else index[s]
            oe = e if index is None else index[e - 1] + 1
            surface = text[os_:oe]
            for t in self.payload[pi]:
                if suffix_ok is not True and t.kind not in _SUFFIX_KINDS:
                    continue
                if t.case_sensitive and surface != t.text:
                    continue
                out.append(Mention(kind=t.kind, start=os_, end=oe, surface=surface, entry=t.entry_id,
                                   label=t.label, attrs=(("lang", t.lang), ("strength", getattr(t, "strength", "")))))
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return out


