"""What the pages and the API share: the store of a request, paging and id parameters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Path as PathParam, Query, Request

from .queries import ReadOnlyStore

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"  # filled by `make setup` from pinned npm packages (git-ignored)

MAX_LIMIT = 500       # the largest page the API serves; more is a 422 that says so
MAX_OFFSET = 10**9    # far beyond any store, small enough for SQLite's integers

# Ids are what the store makes (hex digests, "cl-..."): letters, digits, "-", "_".
# Anything else (dots, slashes, quotes) is refused before it reaches a query.
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


def store_dependency(request: Request) -> Iterator[ReadOnlyStore]:
    """A read-only store borrowed for one request and given back after it."""
    with request.app.state.pool.store() as store:
        yield store


Store = Annotated[ReadOnlyStore, Depends(store_dependency)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Index of the first item to return.")]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1–{MAX_LIMIT}.")]


DocumentId = Annotated[str, PathParam(pattern=ID_PATTERN, description="A document id, as /api/documents lists them.")]
EntityId = Annotated[str, PathParam(pattern=ID_PATTERN, description="An entity id, as /api/entities lists them.")]


def vendor_available(relative: str) -> bool:
    """Whether a vendored asset (e.g. ``cytoscape/cytoscape.min.js``) was installed."""
    return (VENDOR / relative).is_file()
