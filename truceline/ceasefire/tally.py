"""Breach counts kept current as articles are added, without reading the whole database.

Breaches are not stored: :func:`~truceline.ceasefire.breaches.find_breaches` computes them from
the incidents (and the events no incident holds), which at a million events takes seconds.  A
long-lived writer (:class:`truceline.ingestor.Ingestor`) computes them once with
:class:`BreachTally`, then, after each batch, tells it which subjects went away (incidents
dissolved or rewritten, events removed or linked into an incident) and which are new or
changed; only those are checked again (:func:`~truceline.ceasefire.breaches.breaches_of`: the
same checks, read by primary key).  The tally is always what ``find_breaches`` would give
on the database as it is (``tests/test_incremental.py`` compares them after every article).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from .agreements import Agreements
from .breaches import BREACH, Breach, breaches_of, find_breaches

__all__ = ["BreachTally"]


class BreachTally:
    """The breaches (and uncertain breaches) of every agreement, by subject id."""

    def __init__(self, ags: Agreements, breaches: Iterable[Breach] = ()) -> None:
        self.ags = ags
        self._by_subject: dict[str, list[Breach]] = {}
        self._counts: dict[str, Counter] = {}   # agreement id -> status -> count, kept with _by_subject
        for b in breaches:
            self._add(b)

    def _add(self, b: Breach) -> None:
        self._by_subject.setdefault(b.subject.id, []).append(b)
        self._counts.setdefault(b.agreement, Counter())[b.status] += 1

    def _drop(self, sid: str) -> None:
        for b in self._by_subject.pop(sid, ()):
            c = self._counts[b.agreement]
            c[b.status] -= 1
            if not c[b.status]:
                del c[b.status]
            if not c:
                del self._counts[b.agreement]

    @classmethod
    def compute(cls, store, ags: Agreements) -> "BreachTally":
        """The whole database's breaches (one :func:`find_breaches`)."""
        return cls(ags, find_breaches(store, ags))

    def update(self, store, gone: Iterable[str] = (), touched: Iterable[str] = ()) -> int:
        """Forget the subjects ``gone`` and check the subjects ``touched`` again (an id in both is
        checked: a rewritten incident keeps its id).  Returns how many subjects were checked."""
        touched = set(touched)
        for sid in set(gone) | touched:
            self._drop(sid)
        if touched:
            for b in breaches_of(store, self.ags, touched):
                self._add(b)
        return len(touched)

    def breaches(self, agreement: str | None = None, include_uncertain: bool = True) -> list[Breach]:
        """The breaches, in :func:`find_breaches`'s order (date, agreement, subject id)."""
        out = [b for bs in self._by_subject.values() for b in bs
               if (agreement is None or b.agreement == agreement) and (include_uncertain or b.status == BREACH)]
        out.sort(key=lambda b: (b.subject.event_date or dt.date.min, b.agreement, b.subject.id))
        return out

    def counts(self) -> dict[str, Counter]:
        """Agreement id -> Counter of statuses (``breach``, ``uncertain``)."""
        return {a: Counter(c) for a, c in self._counts.items()}

    def counts_total(self) -> Counter:
        """Status -> count over every agreement."""
        out: Counter = Counter()
        for c in self._counts.values():
            out.update(c)
        return out
