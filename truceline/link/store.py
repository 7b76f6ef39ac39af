"""Link the events of a database into its incidents, incrementally (docs/linking.md).

:func:`link_store` takes the events that are in no incident yet (new articles), loads only the
stored incidents whose dates come near theirs (and the undated ones), links the new events,
and writes back the incidents that changed.  Incidents that lost a member (an article was
re-extracted or revised) are dissolved first and their remaining events linked again.  Running
it twice changes nothing the second time.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from truceline.model import Event

from .incidents import Linker, link_events
from .rules import LinkRules, default_rules

log = logging.getLogger(__name__)

__all__ = ["LinkResult", "link_store"]


@dataclass(slots=True)
class LinkResult:
    events: int = 0            # events linked in this call
    incidents_new: int = 0     # incidents opened
    incidents_changed: int = 0  # incidents written (new or grown)
    dissolved: int = 0         # stale incidents dissolved and re-linked
    incidents_total: int = 0   # incidents in the database afterwards

    def line(self) -> str:
        return (f"linked {self.events} events: {self.incidents_new} new incidents, "
                f"{self.incidents_changed - self.incidents_new} grown, {self.dissolved} re-linked; "
                f"{self.incidents_total} incidents in all")


def link_store(store, rules: LinkRules | None = None, resources=None) -> LinkResult:
    """Link the unlinked events of ``store`` (a :class:`truceline.store.Store`)."""
    rules = rules or default_rules()
    if resources is None:
        from truceline.resources import load_resources

        resources = load_resources()
    res = LinkResult()
    stale = store.stale_incidents()
    if stale:
        res.dissolved = store.delete_incidents(stale)
    events: list[Event] = list(store.unlinked_events())
    if events:
        dated = [e.event_date for e in events if e.event_date is not None]
        lk = Linker(rules, resources)
        undated_admin1 = {e.place.admin1 for e in events if e.event_date is None and e.place and e.place.admin1}
        lk.load(store.incidents_near(min(dated) if dated else None, max(dated) if dated else None,
                                     rules.max_window + 7, undated=True, admin1=undated_admin1))
        before = set(lk.incidents)
        # the articles, with their text only where an event is not day-precise (its text may name
        # the day: "today, Tuesday", claims.day_named)
        undated_ids = {e.article_id for e in events if e.event_date is None or e.time_precision != 1}
        ids = sorted({e.article_id for e in events})
        arts = {}
        for with_text in (False, True):
            part = [i for i in ids if (i in undated_ids) == with_text]
            for i in range(0, len(part), 500):
                arts.update((a.id, a) for a in store.iter_articles(with_text=with_text, id=part[i:i + 500]))
        link_events(events, arts, linker=lk)
        res.events = len(events)
        res.incidents_changed = store.write_incidents(lk.incidents[i] for i in sorted(lk.changed))
        res.incidents_new = len(lk.changed - before)
    res.incidents_total = store.counts()["incidents"]
    log.info("%s", res.line())
    return res
