"""The web UI and JSON API (sitroom.web) on the example corpus, through FastAPI's TestClient.

Every page answers and shows what it should; hostile input (SQL and FTS5 syntax, path
traversal, oversized and malformed parameters) gives results or a 4xx, never a 500; the
database file is never written; the SQLite file opens in Datasette.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from sitroom.errors import StoreError
from sitroom.web import create_app
from sitroom.web.queries import BadQuery, fts_query

HOSTILE = ["' OR 1=1 --", '"', "*", "NEAR(", ")", "title:x", "a AND", "OR", "^", "\x00", "'; DROP TABLE documents; --",
           '"unterminated', "NEAR(a b, 3", "{x y}", "-x", "x:y:z", "ü*", "%", "\\", "</script><script>alert(1)</script>"]


@pytest.fixture(scope="module")
def db_path(corpus_store) -> Path:
    return Path(corpus_store.path)


@pytest.fixture(scope="module")
def client(db_path):
    with TestClient(create_app(db_path), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def ids(client) -> dict[str, str]:
    docs = client.get("/api/documents", params={"canonical": True}).json()["items"]
    people = client.get("/api/entities", params={"type": "PERSON"}).json()["items"]
    return {"document": docs[0]["id"], "entity": people[0]["id"], "entity_name": people[0]["name"]}


def _file_state(db: Path) -> dict[str, str]:
    """Hashes of the database file and its WAL (a reader writes neither; -shm holds read marks)."""
    out = {}
    for suffix in ("", "-wal"):
        f = Path(f"{db}{suffix}")
        out[suffix] = hashlib.sha256(f.read_bytes()).hexdigest() if f.exists() else "absent"
    return out


# --------------------------------------------------------------------------- pages
def test_every_page_answers(client, ids):
    pages = ["/", "/documents", f"/documents/{ids['document']}", "/entities", f"/entities/{ids['entity']}",
             "/search", "/search?q=Zangezur", "/timeline", "/claims", "/claims?status=disputed", "/graph", "/docs",
             "/openapi.json", "/static/css/site.css", "/static/js/graph.js"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.text[:300])


def test_security_headers_and_no_inline_script(client, ids):
    for page in ["/", f"/documents/{ids['document']}", "/graph", "/docs", "/api/documents", "/nowhere"]:
        response = client.get(page)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response.headers["x-content-type-options"] == "nosniff"
        if response.headers["content-type"].startswith("text/html"):
            # Every <script> has a src and no body: JavaScript lives in static files.
            for tag, body in re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.S):
                assert "src=" in tag and not body.strip(), (page, tag)
            assert "cdn" not in response.text.lower()


def test_overview_shows_sources_counts_actors_claims(client):
    html = client.get("/").text
    assert "Tehran Time" in html and "Global Research" in html
    assert "Vladimir Putin" in html and "Masoud Pezeshkian" in html
    assert "sources" in html and "actors" in html
    assert "Disputed claims" in html and "Corroborated claims" in html
    assert "ballistic missiles" in html  # the example corpus's disputed claim


def test_search_finds_zangezur_highlighted(client):
    response = client.get("/search", params={"q": "Zangezur"})
    assert response.status_code == 200
    assert re.search(r"<mark>Zangezur</mark>", response.text)
    assert 'href="/documents/' in response.text
    api = client.get("/api/search", params={"q": "zangezur"}).json()
    assert api["total"] >= 1 and api["fts_query"] == '"zangezur"'
    hit = api["items"][0]
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end].lower() == "zangezur"


def test_document_page_marks_spans_and_shows_removed_parts(client):
    docs = client.get("/api/documents", params={"canonical": True}).json()["items"]
    gr = next(d for d in docs if d["outlet"] == "Global Research")
    detail = client.get(f"/api/documents/{gr['id']}").json()
    assert detail["mentions"] and detail["claims"] and detail["times"]
    assert {r["kind"] for r in detail["removed"]} >= {"boilerplate", "metadata"}
    html = client.get(f"/documents/{gr['id']}").text
    for kind in ("k-mention", "k-claim", "k-time"):
        assert kind in html
    assert 'href="/entities/' in html
    assert "Removed from the main text" in html and "boilerplate (" in html
    # The copy of this op-ed points to it.
    assert detail["copies"] and detail["copies"][0]["duplicate_of"] == gr["id"]
    copy_html = client.get(f"/documents/{detail['copies'][0]['id']}").text
    assert "Copy of" in copy_html


def test_entity_page_lists_aliases_roles_quotes(client):
    people = client.get("/api/entities", params={"type": "PERSON", "limit": 50}).json()["items"]
    putin = next(e for e in people if e["name"] == "Vladimir Putin")
    html = client.get(f"/entities/{putin['id']}").text
    assert "Vladimir Putin" in html
    for alias in putin["aliases"]:
        assert f'<li class="alias">{escape(alias)}</li>' in html
    assert "president of Russia" in html
    detail = client.get(f"/api/entities/{putin['id']}").json()
    assert detail["mentions_page"]["total"] == putin["mentions"]
    assert detail["quotes"]["total"] >= 1 and "Iran" in " ".join(q["text"] for q in detail["quotes"]["items"])
    assert detail["events"]["total"] >= 1
    assert isinstance(detail["relations"], list)


def test_timeline_claims_and_graph_pages(client):
    timeline = client.get("/timeline").text
    assert "2024-10-11" in timeline and "Ashgabat" in timeline
    claims = client.get("/claims").text
    assert 'id="stance-matrix"' in claims
    for stance in ("asserts", "denies", "silent"):
        assert f"stance-{stance}" in claims
    graph = client.get("/graph").text
    assert 'id="graph"' in graph and "/static/vendor/cytoscape/cytoscape.min.js" in graph
    data = client.get("/api/graph").json()
    assert data["nodes"] and all({"id", "name", "type", "mentions"} <= set(n) for n in data["nodes"])
    node_ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in data["edges"])


def test_vendored_assets_are_served_locally(client):
    for asset in ("/static/vendor/cytoscape/cytoscape.min.js", "/static/vendor/swagger-ui/swagger-ui-bundle.js",
                  "/static/vendor/swagger-ui/swagger-ui.css"):
        response = client.get(asset)
        assert response.status_code == 200, f"{asset} missing: run `make setup` (it vendors the npm packages)"
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "/static/js/docs.js" in docs


# --------------------------------------------------------------------------- API
DOCUMENTED = {
    "/api/documents": {"id", "path", "outlet", "title", "authors", "published", "published_inferred", "duplicate_of"},
    "/api/entities": {"id", "name", "type", "aliases", "roles", "mentions", "documents"},
    "/api/quotes": {"id", "document", "speaker", "speaker_name", "text", "kind", "cue", "start", "end", "group"},
    "/api/events": {"id", "type", "summary", "actors", "location", "date", "status", "documents", "evidence"},
    "/api/claims": {"id", "summary", "status", "origins", "supporting", "disputing", "stances"},
}


@pytest.mark.parametrize("route", sorted(DOCUMENTED))
def test_api_lists_have_documented_fields_and_pages(client, route):
    body = client.get(route).json()
    assert set(body) == {"total", "limit", "offset", "items"}
    assert body["total"] >= len(body["items"]) > 0
    assert DOCUMENTED[route] <= set(body["items"][0])
    # The fields are in the OpenAPI schema /docs shows.
    schema = client.get("/openapi.json").json()
    assert route in schema["paths"]
    # Paging: limit caps the page, offset moves it, total stays.
    first = client.get(route, params={"limit": 2}).json()
    second = client.get(route, params={"limit": 2, "offset": 2}).json()
    assert len(first["items"]) <= 2 and first["total"] == body["total"]
    if body["total"] > 2:
        assert first["items"][0] != second["items"][0]
    past = client.get(route, params={"offset": body["total"] + 10}).json()
    assert past["items"] == [] and past["total"] == body["total"]


def test_api_document_and_entity_detail(client, ids):
    doc = client.get(f"/api/documents/{ids['document']}").json()
    assert {"text", "removed", "mentions", "quotes", "claims", "times", "copies"} <= set(doc)
    for span in doc["mentions"] + doc["claims"] + doc["times"]:
        assert 0 <= span["start"] < span["end"] <= len(doc["text"])
    ent = client.get(f"/api/entities/{ids['entity']}").json()
    assert ent["name"] == ids["entity_name"]


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": -1}, {"limit": 501}, {"limit": "ten"}, {"offset": -5}, {"offset": "x"},
    {"limit": "1e9"}, {"offset": str(10**30)}, {"limit": "5; DROP TABLE documents"},
])
def test_malformed_paging_is_a_422_with_a_message(client, params):
    for route in ("/api/documents", "/api/entities", "/api/quotes", "/documents", "/timeline"):
        response = client.get(route, params=params)
        assert response.status_code == 422, (route, params, response.text[:200])
        if route.startswith("/api"):
            assert response.json()["detail"]
        else:
            assert "422" in response.text


def test_unknown_and_hostile_ids_are_404_or_422(client):
    for path in ["/documents/0000000000000000", "/entities/000000000000", "/api/documents/0000000000000000",
                 "/api/entities/000000000000"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "no " in (response.json()["detail"] if path.startswith("/api") else response.text)
    for bad in ["..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "' OR 1=1 --", "%22", "*", "NEAR(",
                ")", "x" * 300, "%00", "a.b", "..%5C..%5Cwindows"]:
        for prefix in ("/documents/", "/entities/", "/api/documents/", "/api/entities/"):
            response = client.get(prefix + bad)
            assert response.status_code in (400, 404, 405, 422), (prefix + bad, response.status_code)
            assert "root:" not in response.text
    assert client.get("/static/../../../../etc/passwd").status_code == 404
    assert client.get("/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd").status_code == 404


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_search_gives_results_or_a_4xx(client, q):
    for route in ("/search", "/api/search"):
        response = client.get(route, params={"q": q})
        assert response.status_code in (200, 400, 422), (route, q, response.text[:200])
        if response.status_code != 200:
            message = response.json()["detail"] if route.startswith("/api") else response.text
            assert "search" in message or "q:" in message or "string" in message
        if route == "/search":
            assert "<script>alert(1)" not in response.text


def test_injection_strings_do_not_widen_a_search(client):
    """`' OR 1=1 --` searches for those words: it does not match every document."""
    total = client.get("/api/documents").json()["total"]
    hits = client.get("/api/search", params={"q": "' OR 1=1 --"}).json()
    assert hits["total"] < total
    assert client.get("/api/documents").json()["total"] == total  # nothing was dropped


def test_oversized_query_strings(client):
    for route in ("/search", "/api/search"):
        response = client.get(route, params={"q": "Zangezur " * 2000})
        assert response.status_code in (400, 414, 422)
    response = client.get("/api/search", params={"q": " ".join(["iran"] * 40)})
    assert response.status_code == 400 and "at most" in response.json()["detail"]
    response = client.get("/api/documents?" + "&".join(f"x{i}=y" for i in range(2000)))
    assert response.status_code == 200


def test_fts_query_quotes_every_term():
    assert fts_query("Zangezur corridor") == '"Zangezur" "corridor"'
    assert fts_query("' OR 1=1 --") == '"OR" "1=1"'  # terms without a letter or digit are dropped
    assert fts_query('say "hi') == '"say" """hi"'
    assert fts_query("negotiat*") == '"negotiat"*'
    for empty in ("", "   ", "*", "(", ")", '"', "--"):
        with pytest.raises(BadQuery):
            fts_query(empty)


def test_create_app_refuses_what_is_not_a_store(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        create_app(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        create_app(junk)
    with pytest.raises(StoreError, match="SQLite"):
        create_app("postgresql://localhost/x")


# --------------------------------------------------------------------------- read-only
def test_the_database_file_is_never_written(db_path, ids):
    before = _file_state(db_path)
    with TestClient(create_app(db_path), raise_server_exceptions=False) as c:
        for page in ["/", "/documents", f"/documents/{ids['document']}", f"/entities/{ids['entity']}", "/timeline",
                     "/claims", "/graph", "/search?q=Putin", "/api/documents", "/api/entities", "/api/quotes",
                     "/api/events", "/api/claims", "/api/search?q=Iran", "/api/graph"]:
            assert c.get(page).status_code == 200
        for method in ("post", "put", "delete", "patch"):
            assert getattr(c, method)("/api/documents").status_code == 405
        pool = c.app.state.pool
        with pool.store() as store:
            with pytest.raises(StoreError, match="read-only"):
                with store.transaction():
                    pass
            import sqlite3
            with pytest.raises(sqlite3.OperationalError):
                store.conn.execute("DELETE FROM documents")
    assert _file_state(db_path) == before


# --------------------------------------------------------------------------- Datasette
def test_store_opens_in_datasette(db_path):
    """The SQLite file is readable in Datasette: a table and the document_overview view."""
    from datasette.app import Datasette

    async def read() -> tuple[list[dict], list[dict], dict]:
        ds = Datasette([str(db_path)])
        await ds.invoke_startup()
        name = db_path.stem
        table = await ds.client.get(f"/{name}/documents.json?_shape=array&_size=10")
        view = await ds.client.get(f"/{name}/document_overview.json?_shape=array")
        tables = await ds.client.get(f"/{name}.json")
        assert table.status_code == 200 and view.status_code == 200 and tables.status_code == 200
        return table.json(), view.json(), tables.json()

    documents, overview, database = asyncio.run(read())
    assert {"id", "title", "outlet", "text"} <= set(documents[0])
    assert len(overview) == 5 and {"id", "outlet", "title", "removed_parts", "copies"} <= set(overview[0])
    assert "Tehran Time" in {row["outlet"] for row in overview}
    names = {t["name"] for t in database["tables"]}
    assert {"documents", "entities", "quotes", "claims"} <= names
    assert "document_overview" in {v["name"] for v in database.get("views", [])}


# --------------------------------------------------------------------------- the command
def test_serve_command_refuses_a_missing_database(tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no database" in result.output


def test_serve_command_serves_the_store_on_loopback(db_path):
    """`sitroom serve` runs uvicorn on 127.0.0.1 and answers the pages and the API."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = _file_state(db_path)
    proc = subprocess.Popen([sys.executable, "-m", "sitroom", "serve", "--db", str(db_path), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/documents", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"sitroom serve did not start: {proc.communicate(timeout=5)}")
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["total"] == 5
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in stderr
    assert _file_state(db_path) == before


def test_check_page_and_api_answer_a_claim(client):
    answer = client.get("/api/check", params={"claim": "Iran gave ballistic missiles to Russia"})
    assert answer.status_code == 200
    record = answer.json()
    assert record["verdict"] == "disputed"
    assert {"asserts", "denies"} <= {s["stance"] for s in record["stances"]}
    assert all({"start", "end", "text"} <= set(p) for s in record["stances"] for p in s["passages"])
    page = client.get("/check", params={"claim": "Putin and Pezeshkian met in Ashgabat"})
    assert page.status_code == 200 and "corroborated" in page.text
    hostile = client.get("/check", params={"claim": "<script>alert(1)</script> Iran sent missiles"})
    assert hostile.status_code == 200 and "<script>alert(1)" not in hostile.text and "&lt;script&gt;" in hostile.text
    assert client.get("/check").status_code == 200  # the empty form
    for params in ({"claim": "x"}, {}, {"claim": "a" * 400}):
        assert client.get("/api/check", params=params).status_code == 422
