"""The JSON API under ``/api``: the store's records, paged, read-only.

Every list takes ``limit`` (1–500) and ``offset`` and answers ``{total, limit, offset,
items}``; an unknown id is a 404 with a message, a malformed one a 422.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request

from . import queries
from .checking import MAX_CLAIM_CHARS, MIN_CLAIM_CHARS
from .deps import DocumentId, EntityId, Limit, Offset, Store
from .schemas import (
    CheckAnswer, ClaimPage, DocumentDetail, DocumentPage, EntityDetail, EntityPage, EventPage, Graph, Problem, QuotePage, SearchPage,
)

router = APIRouter(prefix="/api", tags=["api"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "No such id"}}
GRAPH_EDGES = 300    # strongest edges drawn; more makes an unreadable hairball
GRAPH_MIN_NODES = 30  # with few (or no) edges, the most mentioned actors are shown anyway
ENTITY_PAGE = 50     # mentions, quotes and events shown per entity page


def document_detail(store: queries.ReadOnlyStore, doc_id: str) -> dict[str, Any]:
    """One document with its text, removed parts, copies and every extracted span."""
    doc = store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id '{doc_id}'; /api/documents lists them")
    summary = queries.document_summaries(store, [doc_id])[doc_id]
    return {
        **summary,
        "text": doc.text,
        "removed": [{"kind": r.kind, "text": r.text} for r in doc.removed],
        "copies": queries.copies_of(store, doc_id),
        **queries.document_spans(store, doc_id),
    }


def entity_detail(store: queries.ReadOnlyStore, entity_id: str, limit: int = ENTITY_PAGE, offset: int = 0) -> dict[str, Any]:
    """One entity: a page of its mentions (``limit``/``offset``), the first ``limit`` of its
    quotes and events (``/api/quotes?speaker=`` and ``/api/events?actor=`` page through all
    of them) and every relation."""
    found = queries.entity(store, entity_id)
    if found is None:
        raise HTTPException(404, f"no entity with id '{entity_id}'; /api/entities lists them")
    return {
        **found,
        "mentions_page": queries.entity_mentions_page(store, entity_id, limit, offset).record(),
        "quotes": queries.quotes_page(store, limit, 0, speaker=entity_id).record(),
        "events": queries.events_page(store, limit, 0, entity_id=entity_id).record(),
        "relations": queries.relations(store, entity_id),
    }


def graph(store: queries.ReadOnlyStore) -> dict[str, Any]:
    """The actor graph: the strongest edges and their actors, plus the most mentioned actors."""
    edges = queries.relations(store)[:GRAPH_EDGES]
    ids = list(dict.fromkeys([e["source"] for e in edges] + [e["target"] for e in edges]))
    top = queries.entities_page(store, GRAPH_MIN_NODES, 0).items
    nodes = queries.graph_nodes(store, ids)
    for e in top:
        if len(nodes) >= max(GRAPH_MIN_NODES, len(ids)):
            break
        nodes.setdefault(e["id"], {"id": e["id"], "name": e["name"], "type": e["type"], "mentions": e["mentions"]})
    # An edge to an entity the store no longer has is left out rather than drawn dangling.
    edges = [e for e in edges if e["source"] in nodes and e["target"] in nodes]
    return {"nodes": list(nodes.values()), "edges": edges}


@router.get("/documents", response_model=DocumentPage, summary="Documents, by date")
def list_documents(store: Store, limit: Limit = 50, offset: Offset = 0,
                   canonical: Annotated[bool, Query(description="Leave out copies of other documents.")] = False) -> Any:
    return queries.documents_page(store, limit, offset, canonical_only=canonical).record()


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses=NOT_FOUND,
            summary="One document: text, removed parts, mentions, quotes, claims, times")
def get_document(doc_id: DocumentId, store: Store) -> Any:
    return document_detail(store, doc_id)


@router.get("/entities", response_model=EntityPage, summary="Actors, most mentioned first")
def list_entities(store: Store, limit: Limit = 50, offset: Offset = 0,
                  type: Annotated[str | None, Query(max_length=32, pattern=r"^[A-Z_]+$",
                                                    description="PERSON, GPE, ORG, ...")] = None) -> Any:
    return queries.entities_page(store, limit, offset, type).record()


@router.get("/entities/{entity_id}", response_model=EntityDetail, responses=NOT_FOUND,
            summary="One actor: aliases, roles, mentions, quotes, events, relations")
def get_entity(entity_id: EntityId, store: Store, limit: Limit = ENTITY_PAGE, offset: Offset = 0) -> Any:
    return entity_detail(store, entity_id, limit, offset)


@router.get("/quotes", response_model=QuotePage, summary="Who said what")
def list_quotes(store: Store, limit: Limit = 50, offset: Offset = 0,
                speaker: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="entity id")] = None,
                document: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="document id")] = None,
                ) -> Any:
    return queries.quotes_page(store, limit, offset, speaker=speaker, document=document).record()


@router.get("/events", response_model=EventPage, summary="Events by date")
def list_events(store: Store, limit: Limit = 50, offset: Offset = 0,
                actor: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="entity id")] = None,
                ) -> Any:
    return queries.events_page(store, limit, offset, entity_id=actor).record()


@router.get("/claims", response_model=ClaimPage, summary="Claim clusters with status and stance per outlet")
def list_claims(store: Store, limit: Limit = 50, offset: Offset = 0,
                status: Literal["corroborated", "disputed", "single-source"] | None = None) -> Any:
    return queries.clusters_page(store, limit, offset, status).record()


@router.get("/search", response_model=SearchPage, responses={400: {"model": Problem}},
            summary="Full-text search; each word is matched as typed (a trailing * matches a prefix)")
def search(store: Store, q: Annotated[str, Query(min_length=1, max_length=queries.MAX_QUERY_CHARS)],
           limit: Limit = 20, offset: Offset = 0) -> Any:
    match, page = queries.search_page(store, q, limit, offset)
    return {"query": q, "fts_query": match, **page.record()}


@router.get("/check", response_model=CheckAnswer, summary="Check a claim: stance per document with passages, and a verdict")
def check_claim(request: Request, claim: Annotated[str, Query(min_length=MIN_CLAIM_CHARS, max_length=MAX_CLAIM_CHARS)]) -> Any:
    return request.app.state.checker.check(claim.strip()).record()


@router.get("/graph", response_model=Graph, summary="The actor graph: nodes and relations")
def get_graph(store: Store) -> Any:
    return graph(store)
