"""The FastAPI application: pages, JSON API, static files, errors and security headers.

``create_app(db_path)`` opens the SQLite store read-only (``ReadOnlyStore``) and serves:
HTML pages (``views``), the JSON API under ``/api`` (``api``), vendored JavaScript and CSS
under ``/static`` and the OpenAPI docs at ``/docs`` (Swagger UI from the vendored npm
package, never a CDN). Every response carries a Content-Security-Policy that allows
scripts only from the app itself (no inline scripts), and ``X-Content-Type-Options:
nosniff``. Errors are one clear message: JSON ``{"detail": ...}`` under ``/api``, an HTML
page elsewhere; bad input is a 4xx, never a 500.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import StoreError
from . import api, views
from .deps import MAX_LIMIT, STATIC
from .checking import SharedChecker
from .queries import BadQuery, ConnectionPool

# Scripts and styles from this app only; no inline script anywhere (JS lives in static/js).
# Inline *styles* are allowed: Swagger UI and Cytoscape set a few style attributes.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """ASGI middleware adding ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sitroom.web", "templates"),
        autoescape=True,  # every page is HTML; article text is never trusted
        trim_blocks=True,
        lstrip_blocks=True,
    )
    views.register_filters(env)
    return env


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/api", "/openapi.json")


def _problem(request: Request, status: int, detail: str, templates: Jinja2Templates) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "detail": detail, "nav": ""}, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(x) for x in error.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


def create_app(db_path: str | Path) -> FastAPI:
    """The web app over the SQLite store at ``db_path``, opened read-only.

    Raises ``StoreError`` when the file is missing or is not a sitroom database.
    """
    path = Path(db_path)
    if "://" in str(db_path):
        from ..store.postgres import display_url  # names the server, never its password

        raise StoreError(f"'{display_url(str(db_path))}': the web app serves SQLite files only; give the path of a sitroom.db")
    if not path.is_file():
        raise StoreError(f"no database at '{db_path}'; run 'sitroom build PATH --db {db_path}' first")
    pool = ConnectionPool(path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="sitroom",
        version=__version__,
        summary="A sourced situation picture of news coverage: documents, actors, quotes, events, claims.",
        description=(
            "Read-only JSON API over one sitroom SQLite store. Lists are paged with `limit` "
            f"(1–{MAX_LIMIT}) and `offset`; every list answer carries `total`. Character offsets "
            "(`start`, `end`) point into the document's cleaned main text."
        ),
        docs_url=None,  # served by views.docs with the vendored Swagger UI (no CDN, no inline script)
        redoc_url=None,
    )
    app.state.pool = pool
    app.state.db_path = str(path)
    app.state.checker = SharedChecker(str(path))
    templates = Jinja2Templates(env=_environment())
    app.state.templates = templates

    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=True), name="static")
    app.include_router(views.router)
    app.include_router(api.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}; the pages are listed in the menu and the API at /docs"
        return _problem(request, exc.status_code, detail, templates)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _problem(request, 422, _validation_message(exc), templates)

    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, exc: BadQuery) -> Response:
        return _problem(request, 400, str(exc), templates)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _problem(request, 503, str(exc), templates)

    @app.exception_handler(sqlite3.OperationalError)
    async def database_error(request: Request, exc: sqlite3.OperationalError) -> Response:
        return _problem(request, 503, f"the database cannot be read right now: {exc}", templates)

    return app
