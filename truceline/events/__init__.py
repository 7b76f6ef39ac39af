"""Stage 3: mentions -> per-article Event and Statistic records (see builder.py for the order).

One file per concern: ``classify`` (sub-event type and support), ``casualties`` (figures),
``builder`` (actors, places, dates, claimants, statistics, merging) and ``common`` helpers."""
from .builder import EventBuilder, events, is_background
from .classify import SUB_PRIORITY, main_trigger, subtype

__all__ = ["EventBuilder", "events", "is_background", "SUB_PRIORITY", "main_trigger", "subtype"]
