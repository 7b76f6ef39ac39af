"""Agreements named in text: the agreement mentions the matcher found (kind "agreement", entry
"agreements:<id>") are kept on the events and statistics of the sentence that names them.

Called at the end of :meth:`truceline.events.EventBuilder.build` (one line there); records in,
records out, nothing else imported, so extraction stays as fast as before.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ..model import Article, Event, Statistic, evidence

AGREEMENT_PREFIX = "agreements:"


def attach_agreements(article: Article, sentences: Sequence, records: list) -> list:
    """Each event or statistic whose evidence sentence holds an agreement mention gets
    ``agreement`` (the id of the first one named) and an ``agreement`` span."""
    found = [m for s in sentences for m in s.mentions if m.kind == "agreement"]
    if not found or not records:
        return records
    out = []
    for r in records:
        if isinstance(r, (Event, Statistic)) and not r.agreement:
            s = r.sentence
            m = next((m for m in found if s.start <= m.start and m.end <= s.end), None)
            if m is not None:
                aid = m.entry[len(AGREEMENT_PREFIX):] if m.entry.startswith(AGREEMENT_PREFIX) else m.entry
                ev = evidence(article, m.start, m.end, m.entry)
                r = replace(r, agreement=aid, spans=r.spans + (("agreement", ev),))
        out.append(r)
    return out
