"""A bounded load test of `sitroom serve` on loopback: 10,000 requests, 50 at a time, over
the pages and the API of the example corpus's store — zero errors, latency percentiles
printed (RELIABILITY.md records them)."""

from __future__ import annotations

import asyncio
import random
import statistics
import time

import httpx
from conftest import running_server

REQUESTS = 10_000
CONCURRENCY = 50


def _routes(corpus_store) -> list[str]:
    documents = [d.id for d in corpus_store.documents()]
    entities = [e.id for e in corpus_store.entities()[:20]]
    routes = ["/", "/timeline", "/claims", "/graph", "/entities", "/documents",
              "/api/documents", "/api/entities?limit=50", "/api/quotes", "/api/events", "/api/claims", "/api/graph"]
    routes += [f"/documents/{d}" for d in documents] + [f"/api/documents/{d}" for d in documents]
    routes += [f"/entities/{e}" for e in entities] + [f"/api/entities/{e}" for e in entities]
    routes += [f"/search?q={w}" for w in ("Zangezur", "Putin", "missiles", "treaty", "Ashgabat")]
    routes += [f"/api/search?q={w}" for w in ("Iran", "sanctions", "Kazan")]
    return routes


# A GET on a reused keep-alive connection that the server closed at the same moment fails
# before any answer; clients (browsers, httpx's pools) send such an idempotent request
# again (RFC 9112, 9.3.1). Those retries are counted, and bounded; any answer but 200, a
# second failure, or a traceback in the server's log is an error.
MAX_RETRIES = REQUESTS // 1000


async def _hammer(base: str, paths: list[str]) -> tuple[list[float], list[tuple[str, int | str]], int]:
    latencies: list[float] = []
    errors: list[tuple[str, int | str]] = []
    retries = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    # An idle pooled connection is dropped by the client well before uvicorn's keep-alive
    # timeout (5 s) closes it, so the two never race on the same connection.
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY, keepalive_expiry=1.0)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def worker() -> None:
            nonlocal retries
            while not queue.empty():
                path = queue.get_nowait()
                start = time.perf_counter()
                for attempt in (1, 2):
                    try:
                        response = await client.get(path)
                        if response.status_code != 200:
                            errors.append((path, response.status_code))
                        break
                    except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
                        if attempt == 2:
                            errors.append((path, type(exc).__name__))
                        else:
                            retries += 1
                    except httpx.HTTPError as exc:
                        errors.append((path, type(exc).__name__))
                        break
                latencies.append((time.perf_counter() - start) * 1000)

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return latencies, errors, retries


def test_ten_thousand_requests_fifty_at_a_time_without_an_error(corpus_store):
    rng = random.Random(2024)
    routes = _routes(corpus_store)
    paths = [rng.choice(routes) for _ in range(REQUESTS)]
    with running_server(corpus_store.path) as base:
        started = time.perf_counter()
        latencies, errors, retries = asyncio.run(_hammer(base, paths))
        elapsed = time.perf_counter() - started
    assert len(latencies) == REQUESTS
    assert errors == [], (errors[:10], running_server.log[-3000:])
    assert "Traceback" not in running_server.log, running_server.log[-3000:]
    assert retries <= MAX_RETRIES, retries
    ordered = sorted(latencies)
    p99 = ordered[int(0.99 * len(ordered)) - 1]
    print(f"\n{REQUESTS} requests, {CONCURRENCY} at a time, {len(routes)} routes: {elapsed:.1f} s "
          f"({REQUESTS / elapsed:.0f} req/s); latency median {statistics.median(ordered):.1f} ms, "
          f"p95 {ordered[int(0.95 * len(ordered)) - 1]:.1f} ms, p99 {p99:.1f} ms, max {ordered[-1]:.1f} ms; "
          f"{retries} request(s) sent again after the server closed a reused connection")
