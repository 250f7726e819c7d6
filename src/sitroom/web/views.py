"""The HTML pages: overview, documents, entities, search, timeline, claims, graph, API docs.

Each view reads through ``queries`` (or the store's own read methods), then renders one
Jinja2 template with autoescape on: article text, titles and names are always escaped.
Links are built from ids only; a document's own URL is linked only when it is http(s).
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from . import api, queries
from .checking import MAX_CLAIM_CHARS, MIN_CLAIM_CHARS
from .deps import DocumentId, EntityId, Limit, Offset, Store, vendor_available
from .highlight import segments

router = APIRouter(include_in_schema=False)

SOURCES_ON_OVERVIEW = 50
TOP_ACTORS = 15
TOP_CLAIMS = 10
MATRIX_OUTLETS = 30  # columns of the stance matrix; more is unreadable
STANCES = ("asserts", "reports", "hedges", "denies")
CYTOSCAPE = "cytoscape/cytoscape.min.js"
SWAGGER_JS = "swagger-ui/swagger-ui-bundle.js"
SWAGGER_CSS = "swagger-ui/swagger-ui.css"


# ------------------------------------------------------------------------- filters
def _marked(snippet: str, highlights: list[list[int]]) -> Markup:
    """A plain snippet with its hits wrapped in <mark>; every piece escaped."""
    out: list[str] = []
    pos = 0
    for start, end in highlights:
        out.append(str(escape(snippet[pos:start])))
        out.append(f"<mark>{escape(snippet[start:end])}</mark>")
        pos = end
    out.append(str(escape(snippet[pos:])))
    return Markup("".join(out))


def _web_url(url: str | None) -> str | None:
    """The URL if it is http(s) — a ``javascript:`` or ``data:`` URL is never made a link."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _basename(path: str) -> str:
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


def register_filters(env: jinja2.Environment) -> None:
    env.filters["marked"] = _marked
    env.filters["web_url"] = _web_url
    env.filters["basename"] = _basename
    env.globals["STANCES"] = STANCES


def _render(request: Request, template: str, nav: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, {"nav": nav, **values}, status_code=status_code)


def _pager(request: Request, page: queries.Page) -> dict[str, Any]:
    """Links to the previous and next pages, keeping the other query parameters."""
    params = dict(request.query_params)

    def link(offset: int | None) -> str | None:
        if offset is None:
            return None
        return f"{request.url.path}?{urlencode({**params, 'offset': offset, 'limit': page.limit})}"

    first = page.offset + 1 if page.items else 0
    return {"previous": link(page.previous_offset), "next": link(page.next_offset), "first": first,
            "last": page.offset + len(page.items), "total": page.total}


# ------------------------------------------------------------------------- pages
@router.get("/", response_class=HTMLResponse)
def overview(request: Request, store: Store) -> Response:
    counts = queries.counts(store)
    sources = queries.documents_page(store, SOURCES_ON_OVERVIEW, 0, canonical_only=True)
    actors = queries.entities_page(store, TOP_ACTORS, 0).items
    disputed = queries.clusters_page(store, TOP_CLAIMS, 0, "disputed")
    corroborated = queries.clusters_page(store, TOP_CLAIMS, 0, "corroborated")
    names = queries.outlet_names(store, {s["outlet"] for c in disputed.items + corroborated.items for s in c["stances"]})
    return _render(request, "overview.html", "overview", counts=counts, sources=sources, actors=actors,
                   disputed=disputed, corroborated=corroborated, outlet_names=names)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, store: Store, limit: Limit = 50, offset: Offset = 0) -> Response:
    page = queries.documents_page(store, limit, offset)
    return _render(request, "documents.html", "documents", page=page, pager=_pager(request, page))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: DocumentId, store: Store) -> Response:
    doc = api.document_detail(store, doc_id)
    spans = {"mention": doc["mentions"], "quote": doc["quotes"], "claim": doc["claims"], "time": doc["times"]}
    removed: dict[str, list[str]] = {}
    for part in doc["removed"]:
        removed.setdefault(part["kind"], []).append(part["text"])
    original = None
    if doc["duplicate_of"]:
        original = queries.document_summaries(store, [doc["duplicate_of"]]).get(doc["duplicate_of"])
    quote_texts = [doc["text"][q["start"]:q["end"]] for q in doc["quotes"]]
    return _render(request, "document.html", "documents", doc=doc, segments=segments(doc["text"], spans),
                   removed=removed, original=original, quote_texts=quote_texts)


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, store: Store, limit: Limit = 100, offset: Offset = 0,
             type: Annotated[str | None, Query(max_length=32, pattern=r"^[A-Z_]+$")] = None) -> Response:
    page = queries.entities_page(store, limit, offset, type)
    return _render(request, "entities.html", "entities", page=page, pager=_pager(request, page),
                   types=queries.entity_types(store), current_type=type)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: EntityId, store: Store, limit: Limit = api.ENTITY_PAGE,
           offset: Offset = 0) -> Response:
    found = api.entity_detail(store, entity_id, limit, offset)
    mentions = queries.Page(**found["mentions_page"])
    others = [r["target"] if r["source"] == entity_id else r["source"] for r in found["relations"]]
    actor_ids = [a for e in found["events"]["items"] for a in e["actors"]]
    names = queries.entity_names(store, list(dict.fromkeys(others + actor_ids)))
    forms = Counter(m["text"] for m in mentions.items)
    return _render(request, "entity.html", "entities", entity=found, mentions=mentions,
                   pager=_pager(request, mentions), names=names, forms=forms.most_common(12))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, store: Store,
           q: Annotated[str, Query(max_length=queries.MAX_QUERY_CHARS)] = "",
           limit: Limit = 20, offset: Offset = 0) -> Response:
    if not q.strip():
        return _render(request, "search.html", "search", q=q, page=None, error=None, match=None)
    try:
        match, page = queries.search_page(store, q, limit, offset)
    except queries.BadQuery as exc:
        return _render(request, "search.html", "search", status_code=400, q=q, page=None, error=str(exc), match=None)
    return _render(request, "search.html", "search", q=q, page=page, error=None, match=match,
                   pager=_pager(request, page))


@router.get("/check", response_class=HTMLResponse)
def check(request: Request,
          claim: Annotated[str, Query(max_length=MAX_CLAIM_CHARS)] = "") -> Response:
    """A claim checked against the store: stance per document with passages, and a verdict."""
    text = claim.strip()
    if not text:
        return _render(request, "check.html", "check", claim="", result=None, error=None)
    if len(text) < MIN_CLAIM_CHARS:
        return _render(request, "check.html", "check", status_code=400, claim=claim, result=None,
                       error=f"a claim needs at least {MIN_CLAIM_CHARS} characters")
    result = request.app.state.checker.check(text)
    return _render(request, "check.html", "check", claim=claim, result=result, error=None)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, store: Store, limit: Limit = 200, offset: Offset = 0) -> Response:
    page = queries.events_page(store, limit, offset)
    actor_ids = list(dict.fromkeys(a for e in page.items for a in e["actors"]))
    doc_ids = list(dict.fromkeys(d for e in page.items for d in e["documents"]))
    return _render(request, "timeline.html", "timeline", page=page, pager=_pager(request, page),
                   names=queries.entity_names(store, actor_ids), docs=queries.document_summaries(store, doc_ids))


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, store: Store, limit: Limit = 50, offset: Offset = 0,
           status: Literal["corroborated", "disputed", "single-source"] | None = None) -> Response:
    page = queries.clusters_page(store, limit, offset, status)
    claim_ids = [cid for c in page.items for cid in c["supporting"] + c["disputing"]]
    by_id = queries.claims_by_id(store, claim_ids)
    names = queries.outlet_names(store, {s["outlet"] for c in page.items for s in c["stances"]})
    # The matrix shows the outlets that take a stance on a claim of this page (every other
    # outlet is silent on all of them), at most MATRIX_OUTLETS of them: those with the most
    # stances here. Widely reported claims on a large corpus have hundreds of outlets; the
    # list under the matrix still cites every source.
    taken = Counter(s["outlet"] for c in page.items for s in c["stances"])
    shown = sorted(taken, key=lambda k: (-taken[k], names.get(k, k).lower()))[:MATRIX_OUTLETS]
    keys = sorted(shown, key=lambda k: names.get(k, k).lower())
    matrix = [
        (c, [next((s["stance"] for s in c["stances"] if s["outlet"] == k), "silent") for k in keys])
        for c in page.items
    ]
    statuses = queries.cluster_statuses(store)
    return _render(request, "claims.html", "claims", page=page, pager=_pager(request, page), claims=by_id,
                   outlets=[(k, names.get(k, k)) for k in keys], matrix=matrix, status=status, statuses=statuses,
                   hidden_outlets=len(taken) - len(keys))


@router.get("/graph", response_class=HTMLResponse)
def graph(request: Request, store: Store) -> Response:
    data = api.graph(store)
    names = {n["id"]: n["name"] for n in data["nodes"]}
    return _render(request, "graph.html", "graph", graph=data, names=names,
                   has_library=vendor_available(CYTOSCAPE), library=CYTOSCAPE)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    """Swagger UI from the vendored swagger-ui-dist package; started by static/js/docs.js."""
    return _render(request, "docs.html", "docs", has_library=vendor_available(SWAGGER_JS),
                   swagger_js=SWAGGER_JS, swagger_css=SWAGGER_CSS)


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)
