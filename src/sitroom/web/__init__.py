"""Stage 12, outputs: the analyst's desk — a read-only web UI and JSON API over the store.

::

    from sitroom.web import create_app
    app = create_app("sitroom.db")      # a FastAPI app; `sitroom serve` runs it with uvicorn

Pages: ``/`` overview, ``/documents/{id}`` (text with entities, quotes, claims and time
expressions marked; the removed parts apart), ``/entities/{id}``, ``/search?q=``,
``/timeline``, ``/claims`` (stance matrix), ``/graph`` (actor graph). JSON under ``/api``,
OpenAPI docs at ``/docs``. The database is opened with SQLite's ``mode=ro``: the app never
writes.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
