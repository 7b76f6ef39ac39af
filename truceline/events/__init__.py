"""Stage 3: mentions -> per-article Event and Statistic records (see builder.py for the order).

One file per concern: ``classify`` (sub-event type and support), ``casualties`` (figures),
``builder`` (actors, places, dates, claimants, statistics, merging) and ``common`` helpers."""
from .builder import EventBuilder, events
from .classify import SUB_PRIORITY, main_trigger, subtype

__all__ = ["EventBuilder", "events", "SUB_PRIORITY", "main_trigger", "subtype"]
