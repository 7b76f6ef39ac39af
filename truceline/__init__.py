"""Truceline: partisan, multilingual conflict news in; evidence-backed ACLED events, per-source
claims and ceasefire breaches out.

Pipeline (see :mod:`truceline.pipeline`): ingest -> extract -> events -> link -> ceasefire ->
store -> export / serve.
"""
import logging

__version__ = "0.1.0"
__all__ = ["__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
