"""``truceline serve``: the HTTP API and the map dashboard over one database (docs/api.md,
docs/dashboard.md).  ``create_app`` lives in :mod:`truceline.serve.app`."""
from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):
    from .app import create_app as _create

    return _create(*args, **kwargs)
