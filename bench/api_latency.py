"""API latency: how fast the web app answers on a store of ≥ 5,000 real news articles.

The store is built by the real pipeline (``sitroom.build``, 2 processes) from the corpus
``bench/build_throughput.py`` makes out of the ECB+ and MEANTIME texts in ``../shared/data``
(its ``make_articles`` and ``write_corpus``, same seed): the entities, quotes, events and
claims the pages show are the ones a build finds. The build takes several minutes and is
not what is measured here (``build_throughput.py`` measures it), so the store is kept under
``bench/out/`` and reused by later runs unless ``--rebuild`` is given.

Requests go through the ASGI app in-process (``httpx.ASGITransport``: routing, validation,
SQLite queries, template rendering, JSON encoding; no sockets), one at a time, after a
warm-up round. For each route kind, ``--requests`` requests over varied ids and words
(seeded): entity pages of the most mentioned actors (the heaviest pages) and of random
actors, search pages for single words and word pairs taken from the articles, document
pages, the overview, the claims page, and the JSON API's entity, search and list routes. Reported: median, p95 and max
latency in milliseconds. Target: a median under 100 ms for every route.

Usage (from the project root)::

    .venv/bin/python bench/api_latency.py                   # 5000 articles, 200 requests per route
    .venv/bin/python bench/api_latency.py --write-results   # ... and update bench/RESULTS.md
    .venv/bin/python bench/api_latency.py --articles 300 --requests 30   # quick check
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
from collections import Counter
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout without an installed package too

import build_throughput as corpus  # noqa: E402  (make_articles, write_corpus, source_revision, load_average)
import httpx  # noqa: E402

from sitroom import Settings, build, open_store  # noqa: E402
from sitroom.web import create_app  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## API latency"
TARGET_MS = 100.0


# --------------------------------------------------------------------------- the store
def stored_documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def build_store(db: Path, articles: int, seed: int, processes: int) -> float:
    """Make the corpus, build it into ``db``; returns the build's seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="api-latency-", dir=db.parent) as work:
        folder = Path(work) / "corpus"
        made = corpus.make_articles(articles, seed)
        corpus.write_corpus(made, folder)
        print(f"corpus: {len(made)} articles in {folder}; building {db} with {processes} processes …", flush=True)
        start = time.perf_counter()
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] > 30 or done == total:
                last[0] = now
                print(f"  {stage}: {done}/{total} ({now - start:.0f} s)", flush=True)

        with open_store(str(db)) as store:
            report = build([folder], store, Settings().with_overrides(processes=processes), progress)
        seconds = time.perf_counter() - start
    print(f"built: {report.documents} documents ({report.duplicates} duplicates, {len(report.failures)} rejected) "
          f"in {seconds / 60:.1f} min", flush=True)
    return seconds


# --------------------------------------------------------------------------- workload
def workload(db: Path, n: int, seed: int) -> dict[str, list[str]]:
    """Route kind -> the URLs to request (``n`` each), drawn from the store itself."""
    rng = random.Random(seed)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        top = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY mentions DESC LIMIT 50")]
        every = [r[0] for r in conn.execute("SELECT id FROM entities")]
        docs = [r[0] for r in conn.execute("SELECT id FROM documents WHERE duplicate_of IS NULL")]
        sample = [r[0] for r in conn.execute(
            "SELECT text FROM documents WHERE duplicate_of IS NULL ORDER BY id LIMIT 400")]
        totals = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "entities", "quotes", "events", "claim_clusters")}
    per_doc = [set(re.findall(r"[A-Za-z]{4,}", text)) for text in sample]
    words = sorted(set().union(*per_doc))
    rng.shuffle(words)
    # The words most documents hold ("said", "police"): the searches with the most hits.
    frequency = Counter(w.lower() for found in per_doc for w in found)
    frequent = [w for w, _ in frequency.most_common(50)]

    def pick(items: list[str]) -> list[str]:
        return [items[i % len(items)] for i in range(n)] if len(items) >= n else [rng.choice(items) for _ in range(n)]

    singles = pick(words)
    pairs = [f"{a} {b}" for a, b in zip(pick(words), reversed(pick(words)))]
    searches = [singles[i] if i % 2 == 0 else pairs[i] for i in range(n)]

    def offsets(total: int) -> list[int]:
        return [rng.randrange(0, max(1, total - 50)) for _ in range(n)]

    randoms = [rng.choice(every) for _ in range(n)]
    return {
        "page /entities/{id}, 50 most mentioned": [f"/entities/{e}" for e in pick(top)],
        "page /entities/{id}, random": [f"/entities/{e}" for e in randoms],
        "page /search?q= (1–2 words)": [f"/search?{urlencode({'q': q})}" for q in searches],
        "page /search?q= (50 most frequent words)": [f"/search?{urlencode({'q': q})}" for q in pick(frequent)],
        "page /documents/{id}": [f"/documents/{d}" for d in (rng.choice(docs) for _ in range(n))],
        "page / (overview)": ["/"] * max(10, n // 10),
        "api /api/entities/{id}": [f"/api/entities/{e}" for e in randoms],
        "api /api/search?q=": [f"/api/search?{urlencode({'q': q})}" for q in searches],
        "api /api/documents?offset=": [f"/api/documents?limit=50&offset={o}" for o in offsets(totals["documents"])],
        "api /api/quotes?offset=": [f"/api/quotes?limit=50&offset={o}" for o in offsets(totals["quotes"])],
        "api /api/claims?offset=": [f"/api/claims?limit=50&offset={o}" for o in offsets(totals["claim_clusters"])],
        "api /api/events?offset=": [f"/api/events?limit=50&offset={o}" for o in offsets(totals["events"])],
        "page /claims?offset= (stance matrix)": [f"/claims?offset={o}" for o in offsets(totals["claim_clusters"])],
    }


async def measure(db: Path, routes: dict[str, list[str]]) -> dict[str, list[float]]:
    app = create_app(db)
    transport = httpx.ASGITransport(app=app)
    timings: dict[str, list[float]] = {}
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        # Warm-up: every kind once (templates compiled, page cache warm), not timed.
        for urls in routes.values():
            for url in urls[:5]:
                (await client.get(url)).raise_for_status()
        for kind, urls in routes.items():
            out: list[float] = []
            for url in urls:
                start = time.perf_counter()
                response = await client.get(url)
                out.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}: {response.text[:200]}")
            timings[kind] = out
            print(f"  {kind:<42} median {statistics.median(out):7.1f} ms  p95 {p95(out):7.1f} ms", flush=True)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# --------------------------------------------------------------------------- results
HEAD = ["route", "requests", "median ms", "p95 ms", "max ms", f"median < {TARGET_MS:.0f} ms"]


def rows(timings: dict[str, list[float]]) -> list[list[str]]:
    return [[kind, str(len(v)), f"{statistics.median(v):.1f}", f"{p95(v):.1f}", f"{max(v):.1f}",
             "yes" if statistics.median(v) < TARGET_MS else "**no**"] for kind, v in timings.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles in the store (default 5000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per route kind (default 200)")
    parser.add_argument("--seed", type=int, default=2024, help="corpus and workload seed (default 2024)")
    parser.add_argument("--processes", type=int, default=2, help="processes for the build (default 2)")
    parser.add_argument("--db", type=Path, default=None,
                        help="store to use (default bench/out/api-latency-ARTICLES-SEED.db, built when missing)")
    parser.add_argument("--rebuild", action="store_true", help="build the store even when it exists")
    parser.add_argument("--write-results", action="store_true", help=f"update the '{SECTION}' section of bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.requests < 1:
        parser.error("--articles and --requests must be 1 or more")

    started = datetime.now(timezone.utc)
    revision = corpus.source_revision()
    db = args.db or ROOT / "bench" / "out" / f"api-latency-{args.articles}-{args.seed}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    build_seconds = None
    if args.rebuild or stored_documents(db) < args.articles * 0.98:  # dedupe may group a few copies
        build_seconds = build_store(db, args.articles, args.seed, args.processes)
    else:
        print(f"reusing {db} ({stored_documents(db)} documents); --rebuild builds it again", flush=True)
    load_before = corpus.load_average()
    routes = workload(db, args.requests, args.seed)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        sizes = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("documents", "entities", "mentions", "quotes", "events", "claims", "claim_clusters")}
        words = conn.execute("SELECT coalesce(sum(words), 0) FROM documents").fetchone()[0]
    print(f"store: {sizes}; load average before: {load_before}; sitroom at {revision}", flush=True)
    t0 = time.perf_counter()
    timings = asyncio.run(measure(db, routes))
    elapsed = time.perf_counter() - t0
    load_after = corpus.load_average()
    table = rows(timings)
    print()
    print(corpus.text_table(table, HEAD))
    misses = [r[0] for r in table if r[-1] != "yes"]
    verdict = "every route meets" if not misses else f"{len(misses)} route(s) miss"
    print(f"{verdict} the {TARGET_MS:.0f} ms median target; measured in {elapsed:.0f} s")

    if args.write_results:
        command = "make setup && .venv/bin/python bench/api_latency.py --write-results"
        options = [f"--{k} {v}" for k, v, d in (("articles", args.articles, 5000), ("requests", args.requests, 200),
                                                   ("seed", args.seed, 2024)) if v != d]
        if options:
            command += " " + " ".join(options)
        built = (f"built for this run in {build_seconds / 60:.1f} min" if build_seconds is not None
                 else "reused from an earlier run of the same command")
        section = f"""{SECTION}

Latency of the web app (`sitroom serve`, `sitroom.web`) on a store of real news articles,
requests sent one at a time through the ASGI app in-process (`httpx.ASGITransport`:
routing, validation, SQLite queries, templates, JSON; no sockets), after a warm-up round.
Target: a median under {TARGET_MS:.0f} ms for every route.

- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}; sitroom at commit `{revision}` when the run started (plus any uncommitted changes)
- Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()}, Python {platform.python_version()};
  load average (1/5/15 min) {load_before} before the requests, {load_after} after
- Store: {sizes['documents']:,} documents ({words:,} words) made by `bench/build_throughput.py`'s corpus maker
  from the ECB+ and MEANTIME texts in `../shared/data` (seed {args.seed}) and built by `sitroom.build`
  ({built}): {sizes['entities']:,} entities, {sizes['mentions']:,} mentions, {sizes['quotes']:,} quotes,
  {sizes['events']:,} events, {sizes['claims']:,} claims in {sizes['claim_clusters']:,} clusters
- Workload (seeded): entity pages of the 50 most mentioned actors (the heaviest) and of random
  actors; search for single words and word pairs drawn from the articles, and for the 50
  words most articles hold (the most hits: "said" matches 3 in 5 articles); random document
  pages; the overview; the claims page (stance matrix) at random offsets; the JSON API's
  entity, search and paged list routes (50 items a page)
- Command: `{command}`

{corpus.markdown_table(table, HEAD)}

Result: {verdict} the {TARGET_MS:.0f} ms median target.
"""
        corpus.write_results(section, RESULTS, SECTION)
        print(f"updated {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
