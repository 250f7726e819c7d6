"""The web UI in a real browser: Debian's headless Chromium driven by Playwright.

The app runs under uvicorn in a thread on a free loopback port. Every page renders on the
example corpus without console errors (a Content-Security-Policy violation is one);
search, entity links, the actor graph and the API docs work; and an article whose title,
outlet and text are script injections stays inert on every page. Screenshots go to
``tests/artifacts/browser/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitroom import DEFAULT_SETTINGS, build, open_store
from sitroom.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "browser"
TIMEOUT_MS = 15_000

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make setup installs it)")

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_RECORD = {
    "id": "hostile-1",
    "title": f"{XSS_SCRIPT} Putin meets Pezeshkian {XSS_IMG}",
    "outlet": f"{XSS_IMG} Evil Times {XSS_SCRIPT}",
    "authors": [XSS_SCRIPT],
    "url": "javascript:alert(1)",
    "published": "2024-10-12",
    "text": "\n\n".join([
        f"Russian President Vladimir Putin met Iranian President Masoud Pezeshkian in Ashgabat on Friday. {XSS_SCRIPT}",
        f"\u201cWe are cooperating closely with Iran,\u201d Putin told reporters {XSS_IMG} after the talks in Ashgabat.",
        "Read the full story: [link](javascript:alert(1)) or <a href=\"javascript:alert(1)\">click here</a> "
        "and <svg onload=alert(1)> the transcript.",
        "Officials in Tehran said <iframe src=\"javascript:alert(1)\"></iframe> that the talks covered trade and "
        "the North-South transport corridor. <b onmouseover=alert(1)>Iran</b> and Russia will sign a treaty in Kazan.",
        f"Both sides denied that Iran gave ballistic missiles to Russia. {XSS_SCRIPT}{XSS_IMG}",
    ]),
}

# What the DOM must never hold: scripts other than the app's own files, event-handler
# attributes, javascript: links or frames, embedded SVG/iframes from article text.
INERT_CHECK = """() => {
  const own = location.origin + '/static/';
  const scripts = Array.from(document.scripts).filter(s => !s.src || !s.src.startsWith(own));
  const handlers = Array.from(document.querySelectorAll('*')).filter(el =>
    Array.from(el.attributes).some(a => a.name.toLowerCase().startsWith('on')));
  const jsUrls = Array.from(document.querySelectorAll('[href],[src],[action]')).filter(el =>
    ['href', 'src', 'action'].some(n => (el.getAttribute(n) || '').trim().toLowerCase().startsWith('javascript:')));
  return {
    scripts: scripts.map(s => s.outerHTML.slice(0, 80)),
    handlers: handlers.map(el => el.outerHTML.slice(0, 80)),
    jsUrls: jsUrls.map(el => el.outerHTML.slice(0, 80)),
    injected: document.querySelectorAll('main img, main iframe, main svg, main b[onmouseover]').length,
  };
}"""


@contextmanager
def serve(db: str | Path) -> Iterator[str]:
    """The app under uvicorn in a thread, on a free loopback port; yields its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base_url(corpus_store) -> Iterator[str]:
    with serve(corpus_store.path) as url:
        yield url


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors and dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.problems = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("console", lambda msg: pg.problems.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.problems.append(str(exc)))

    def on_dialog(dialog) -> None:
        pg.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def _api(pg, url: str):
    response = pg.request.get(url)
    assert response.ok, url
    return response.json()


def test_every_page_renders(page, base_url):
    doc = _api(page, f"{base_url}/api/documents?canonical=true&limit=1")["items"][0]
    entity = _api(page, f"{base_url}/api/entities?limit=1")["items"][0]
    pages = {"overview": "/", "documents": "/documents", "document": f"/documents/{doc['id']}",
             "entities": "/entities", "entity": f"/entities/{entity['id']}", "timeline": "/timeline",
             "claims": "/claims", "search": "/search?q=Ashgabat", "graph": "/graph", "docs": "/docs"}
    for name, path in pages.items():
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator("main h1").first.inner_text().strip(), path
        shot(page, name)
    assert page.problems == [], page.problems  # no CSP violation, no script error
    assert page.dialogs == []


def test_search_finds_zangezur(page, base_url):
    page.goto(base_url + "/search")
    page.fill("form.search input[name=q]", "Zangezur")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_selector("li.result")
    assert page.locator("li.result mark").first.inner_text() == "Zangezur"
    assert "Zangezur" in page.url
    shot(page, "search-zangezur")
    page.locator("li.result a").first.click()
    page.wait_for_url("**/documents/*")
    assert "Zangezur" in page.locator("#doctext").inner_text()


def test_clicking_an_entity_opens_its_page(page, base_url):
    page.goto(base_url + "/")
    link = page.locator("#actors a.entity-link").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("#entity-name").inner_text() == name
    assert page.locator("#mentions li").count() > 0
    # And from a document's text: a marked mention links to its entity.
    doc = _api(page, f"{base_url}/api/documents?canonical=true&limit=1")["items"][0]
    page.goto(f"{base_url}/documents/{doc['id']}")
    mention = page.locator("#doctext .k-mention a").first
    mention.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("#entity-name").inner_text()
    assert page.problems == []


def test_document_marks_can_be_toggled(page, base_url):
    doc = _api(page, f"{base_url}/api/documents?canonical=true&limit=1")["items"][0]
    page.goto(f"{base_url}/documents/{doc['id']}")
    quote = page.locator("#doctext .seg.k-quote").first
    marked = quote.evaluate("el => getComputedStyle(el).backgroundColor")
    page.click("button.toggle[data-kind=quote]")
    assert page.get_attribute("button.toggle[data-kind=quote]", "aria-pressed") == "false"
    assert "hide-quote" in page.get_attribute("#doctext", "class")
    assert quote.evaluate("el => getComputedStyle(el).backgroundColor") != marked
    assert page.locator("#removed details").count() >= 1
    assert page.problems == []


def test_graph_draws(page, base_url):
    page.goto(base_url + "/graph")
    page.wait_for_selector("#graph[data-state=drawn]")
    assert int(page.get_attribute("#graph", "data-nodes")) > 0
    expected_edges = len(_api(page, f"{base_url}/api/graph")["edges"])
    assert int(page.get_attribute("#graph", "data-edges")) == expected_edges
    assert page.locator("#graph canvas").count() > 0
    box = page.locator("#graph canvas").first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    shot(page, "graph-drawn")
    assert page.problems == [], page.problems


def test_api_docs_render_offline(page, base_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock").count() >= 8
    assert all(url.startswith(base_url) for url in requested), [u for u in requested if not u.startswith(base_url)]
    shot(page, "api-docs")
    assert page.problems == [], page.problems


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.jsonl"
    source.write_text(json.dumps(HOSTILE_RECORD) + "\n", encoding="utf-8")
    db = folder / "hostile.db"
    with open_store(str(db)) as store:
        report = build([source], store, DEFAULT_SETTINGS)
    assert report.documents == 1, report.failures
    return db


def test_hostile_article_is_inert_on_every_page(page, hostile_db):
    with serve(hostile_db) as url:
        doc = _api(page, f"{url}/api/documents")["items"][0]
        assert "<script>" in doc["title"]  # stored as written: escaping is the pages' job
        detail = _api(page, f"{url}/api/documents/{doc['id']}")
        entity_ids = sorted({m["entity"] for m in detail["mentions"] if m["entity"]})
        assert entity_ids, "the hostile article should have entities to visit"
        paths = ["/", "/documents", f"/documents/{doc['id']}", "/entities", "/timeline", "/claims", "/graph",
                 "/search?q=alert", "/search?q=script+onerror", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                 *(f"/entities/{e}" for e in entity_ids)]
        for path in paths:
            response = page.goto(url + path)
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("networkidle")
            # Move over and click everything a reader would, to give handlers their chance.
            for text in ("click here", "link", "Iran"):
                target = page.locator("main").get_by_text(text, exact=False).first
                if target.count() and target.is_visible():
                    target.hover()
            found = page.evaluate(INERT_CHECK)
            assert found == {"scripts": [], "handlers": [], "jsUrls": [], "injected": 0}, (path, found)
        page.goto(f"{url}/documents/{doc['id']}")
        page.wait_for_load_state("networkidle")
        # The markup is shown as text, exactly as the article has it.
        assert XSS_SCRIPT in page.locator("#doc-title").inner_text()
        assert XSS_IMG in page.locator("#doc-outlet").inner_text()
        assert "javascript:alert(1)" in page.locator("#doctext").inner_text()
        shot(page, "hostile-document")
        page.wait_for_timeout(300)  # an onerror/onload would have fired by now
    assert page.dialogs == [], page.dialogs
