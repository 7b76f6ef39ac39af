"""The link stage: events of many articles -> incidents with every source's claim.

    rules.py      the linking rules (resources/linking.yaml)
    claims.py     Claim of an event; figures, independent sources, agreement, contradictions
    incidents.py  compare two claims (why linked or not); the incremental, indexed Linker
    store.py      link the unlinked events of a database into its incidents (incremental)

See docs/linking.md.
"""
from .claims import claim_of, contradictions, source_groups, summarize
from .incidents import Linker, build_incident, compare, haversine_km, link_events
from .rules import LinkRules, default_rules, load_rules

__all__ = ["Linker", "LinkRules", "build_incident", "claim_of", "compare", "contradictions", "default_rules",
           "haversine_km", "link_events", "load_rules", "source_groups", "summarize"]
