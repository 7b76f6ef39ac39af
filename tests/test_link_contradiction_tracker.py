"""The incremental contradiction tracker gives what comparing each claim with every earlier
claim gives (truceline/link/claims.py, docs/linking.md)."""
from __future__ import annotations

import datetime as dt
import random

from truceline.link import default_rules
from truceline.link.claims import ContradictionTracker, _disagreements, contradictions, source_key
from truceline.model import Claim, Contradiction

RULES = default_rules()
D = dt.date(2021, 6, 9)


def _reference(claims: list[Claim]) -> list[Contradiction]:
    """The specification: every claim against every earlier claim, in order; one record per kind
    and pair of sources, the first earlier claim of another source that disagrees."""
    out: list[Contradiction] = []
    seen: set[tuple] = set()
    for n, b in enumerate(claims):
        kb, done = source_key(b), set()
        for a in claims[:n]:
            ka = source_key(a)
            if ka == kb:
                continue
            for kind, detail in _disagreements(a, b, RULES):
                k = (kind, *sorted((ka, kb)))
                if kind in done or k in seen:
                    continue
                done.add(kind)
                seen.add(k)
                out.append(Contradiction(kind=kind, event_a=a.event_id, event_b=b.event_id, detail=detail))
    return out


def _random_claims(rng: random.Random, n: int) -> list[Claim]:
    out = []
    for k in range(n):
        out.append(Claim(
            event_id=f"e{k}", article_id=f"a{rng.randrange(n)}",
            claimant=rng.choice(("", "SOHR", "sohr", "Civil Defence", "the ministry")),
            outlet=rng.choice(("", "Enab Baladi", "SANA", "Step News")),
            stance=rng.choice(("asserts", "asserts", "asserts", "denied")),
            fatalities=rng.choice((None, 3, 4, 9, 12)),
            actor1=rng.choice(("", "Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)",
                               "HTS: Hayat Tahrir al Sham")),
            actor1_side=rng.choice(("", "SYRIA_GOV", "RUSSIA", "OPPOSITION")),
            geo_precision=rng.choice((1, 1, 2)), gazetteer_id=rng.choice(("", "g1", "g2")),
            location=rng.choice(("Ariha", "Sarmin", "")),
            time_precision=rng.choice((1, 1, 2)),
            event_date=rng.choice((None, D, D + dt.timedelta(days=1)))))
    return out


def test_tracker_matches_the_all_pairs_reference_on_random_incidents():
    rng = random.Random(11)
    for _ in range(300):
        claims = _random_claims(rng, rng.randrange(1, 40))
        ref = _reference(claims)
        assert contradictions(claims, RULES) == ref
        # built claim by claim, and resumed from a stored incident's claims and contradictions
        cut = rng.randrange(len(claims))
        head = _reference(claims[:cut])
        tr = ContradictionTracker(RULES, claims[:cut], head)
        for c in claims[cut:]:
            tr.add(c)
        assert tr.known == ref


def test_tracker_compares_a_new_claim_with_distinct_earlier_claims_only():
    # 200 repeats of one claim from one source, then a claim that disagrees: one comparison per
    # distinct earlier claim, and the contradiction names the first of the repeats
    same = [Claim(event_id=f"r{k}", article_id=f"a{k}", claimant="SOHR", fatalities=4) for k in range(200)]
    tr = ContradictionTracker(RULES, same)
    assert len(tr._reps) == 1
    new = tr.add(Claim(event_id="x", article_id="b", claimant="the ministry", fatalities=12))
    assert [(x.kind, x.event_a, x.event_b) for x in new] == [("fatalities", "r0", "x")]
