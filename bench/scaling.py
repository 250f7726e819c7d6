"""Scaling: build time and peak memory of ``sitroom.build`` at 1k, 2k, 4k and 8k articles.

The corpus comes from ``bench/build_throughput.py``'s maker (real news texts from ECB+ and
MEANTIME in ``../shared/data``, every source article once plus varied two-source mixes of
one topic; seeded). It makes the largest corpus once (``make_articles(max(--sizes), seed)``),
shuffles it with the same seed and gives each size N the first N articles of that order:
the corpora are nested (the 1k one is part of the 2k one, and so on) and every size is a
uniform sample of the same population, so the share of source texts and mixes, the article
lengths and the topics are alike at every size; only the count (and so the number of
articles per topic, as in a growing news archive) changes.

Each size is built in a fresh child process (this script with ``--child``) into a fresh
SQLite store, so that the peak memory is the build's own. The child first runs a small
warm-up build (16 articles, into a throwaway store) so the models (spaCy, sentence
embeddings, gazetteers) are loaded before timing starts, then times
``sitroom.build([folder], store, settings, progress)`` and reports as JSON on stdout:

* wall seconds of the build, and its stages from the progress reports: read (start until
  the last "read" report: discover, read and decode the files), the rest of ingest (clean,
  dedupe, document writes; until the first "analyse" report), analyse (spaCy and the
  per-document extractors and their writes; until the first "link" report) and the
  cross-document stages ("link" until the build returns: entities, statements, stories,
  timeline, claim clusters, forecasts, relations);
* peak RSS: ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of the child (KiB on Linux), and,
  when the build starts processes of its own (``--processes`` > 1 or ``--workers``), the
  peak of the sum of the RSS of the child and all its descendants, sampled every 0.2 s
  from ``/proc`` (a sum of RSS counts pages the processes share once per process, so it is
  an upper bound); the peak reported is the larger of the two.

Then the log-log slope of time against N (least squares over log N and log seconds) for the
whole build and for each stage: 1 is linear, 2 quadratic. Targets: growth close to linear
(total slope ≤ 1.15) and peak RSS under 2 GB at the largest size (8k by default).

The default run takes about 30–40 minutes on an idle 2-core machine; other load slows it,
and the load average is recorded with the results.

Usage (from the project root)::

    .venv/bin/python bench/scaling.py                   # 1000, 2000, 4000, 8000 articles
    .venv/bin/python bench/scaling.py --write-results   # ... and update the "Scaling" section of bench/RESULTS.md
    .venv/bin/python bench/scaling.py --sizes 100,200   # quick check
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import math
import os
import platform
import random
import resource
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))  # bench/ is not a package
sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout without an installed package too

import build_throughput as corpus  # noqa: E402  (make_articles, write_corpus, tables, results)

from sitroom import Settings, build, open_store  # noqa: E402

SECTION = "## Scaling"
DEFAULT_SIZES = "1000,2000,4000,8000"
LINEAR_SLOPE = 1.15  # "close to linear": time grows at most like N^1.15
RSS_LIMIT_MB = 2000  # 2 GB (10^9 bytes), at the largest size
WARMUP_ARTICLES = 16
STAGES = ("read", "ingest_rest", "ingest", "analyse", "link", "total")
STAGE_NAMES = {
    "read": "read files",
    "ingest_rest": "clean + dedupe + document writes",
    "ingest": "read/ingest (the two above)",
    "analyse": "analyse (spaCy, per-document extractors, writes)",
    "link": "cross-document stages",
    "total": "build total",
}


def has_workers_setting() -> bool:
    return any(f.name == "workers" for f in dataclasses.fields(Settings))


def make_settings(processes: int, workers: int | None) -> Settings:
    overrides: dict[str, int] = {"processes": processes}
    if workers is not None and has_workers_setting():
        overrides["workers"] = workers
    return Settings().with_overrides(**overrides)


# --------------------------------------------------------------------------- child
def _status_kib(pid: int, key: str = "VmRSS:", name: str = "status") -> int:
    """A ``kB`` field of ``/proc/PID/status`` (VmRSS) or ``smaps_rollup`` (Pss); 0 if gone."""
    try:
        with open(f"/proc/{pid}/{name}", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _rss_kib(pid: int) -> int:
    return _status_kib(pid)


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared pages split among the processes that map them."""
    return _status_kib(pid, "Pss:", "smaps_rollup") or _rss_kib(pid)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])  # the name may hold spaces
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found: list[int] = []
    todo = [root]
    while todo:
        for kid in children.get(todo.pop(), ()):
            found.append(kid)
            todo.append(kid)
    return found


class TreeSampler:
    """Peak memory of this process and its descendants, sampled in a thread.

    With no descendants only this process's RSS is read (its ``ru_maxrss`` is exact anyway).
    With descendants (spaCy or Dask worker processes) the peak of the summed PSS is kept:
    forked workers share most of their pages with the parent, so a sum of RSS would count
    the loaded models once per process; the summed RSS peak is kept too, as an upper bound.
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_rss_sum_kib = 0
        self.peak_pss_sum_kib = 0
        self.max_descendants = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        me = os.getpid()
        kids = _descendants(me)
        self.max_descendants = max(self.max_descendants, len(kids))
        self.peak_rss_sum_kib = max(self.peak_rss_sum_kib, _rss_kib(me) + sum(_rss_kib(k) for k in kids))
        if kids:
            self.peak_pss_sum_kib = max(self.peak_pss_sum_kib, _pss_kib(me) + sum(_pss_kib(k) for k in kids))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> "TreeSampler":
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def _drop_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def child(args: argparse.Namespace) -> int:
    """Warm up, time one build of ``--folder`` into a fresh store, print the result as JSON."""
    settings = make_settings(args.processes, args.workers)
    db = Path(args.db)
    t0 = time.perf_counter()
    if args.warmup:
        warm_db = Path(f"{db}.warmup")
        _drop_db(warm_db)
        with open_store(str(warm_db)) as store:
            build([args.warmup], store, settings)
        _drop_db(warm_db)
    warmup_seconds = time.perf_counter() - t0
    gc.collect()
    rss_warm_kib = _rss_kib(os.getpid())
    maxrss_warm_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    _drop_db(db)
    # stage -> (wall, CPU, ru_maxrss) at its first report, and the same at its last report
    marks: dict[str, list[tuple[float, float, int]]] = {}

    def now() -> tuple[float, float, int]:
        return time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def progress(stage: str, done: int, total: int) -> None:
        at = now()
        mark = marks.setdefault(stage, [at, at])
        mark[1] = at

    with TreeSampler() as sampler:
        with open_store(str(db)) as store:
            start = now()
            report = build([args.folder], store, settings, progress)
            end = now()
            counts = store.counts()
            analysed, analysed_words = store.conn.execute(
                "SELECT count(*), coalesce(sum(words), 0) FROM documents WHERE analysed = 1"
            ).fetchone()
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_maxrss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if not args.keep_db:
        _drop_db(db)

    # Stage bounds: read ends at its last report, analysis starts at its first report, the
    # cross-document stages at the first "link" report; the build ends when it returns.
    read_end = marks.get("read", [start, start])[1]
    link_at = marks.get("link", [end])[0]
    analyse_at = marks.get("analyse", [link_at])[0]
    bounds = {"read": (start, read_end), "ingest_rest": (read_end, analyse_at), "ingest": (start, analyse_at),
              "analyse": (analyse_at, link_at), "link": (link_at, end), "total": (start, end)}
    seconds = {k: b[0] - a[0] for k, (a, b) in bounds.items()}
    cpu_seconds = {k: b[1] - a[1] for k, (a, b) in bounds.items()}
    # ru_maxrss only grows: the peak was reached in the last phase where it grew
    maxrss_by_end = {"before build": start[2], "ingest": analyse_at[2], "analyse": link_at[2],
                     "cross-document": end[2]}
    peak_phase = max(maxrss_by_end, key=lambda k: (maxrss_by_end[k], -list(maxrss_by_end).index(k)))
    result = {
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "cpu_seconds": {k: round(v, 3) for k, v in cpu_seconds.items()},  # this process's CPU (all threads)
        "maxrss_by_end_kib": maxrss_by_end,  # ru_maxrss when each phase ended
        "peak_phase": peak_phase,  # the phase in which this process's ru_maxrss peaked
        "warmup_seconds": round(warmup_seconds, 3),
        "maxrss_kib": maxrss_kib,  # this process, whole life (imports, warm-up, build)
        "children_maxrss_kib": children_maxrss_kib,  # the largest waited-for descendant
        "tree_rss_sum_peak_kib": sampler.peak_rss_sum_kib,  # sampled RSS sum, this process + descendants
        "tree_pss_sum_peak_kib": sampler.peak_pss_sum_kib,  # sampled PSS sum, 0 if no descendants
        "max_descendants": sampler.max_descendants,
        "rss_after_warmup_kib": rss_warm_kib,
        "maxrss_after_warmup_kib": maxrss_warm_kib,
        "peak_kib": max(maxrss_kib, sampler.peak_pss_sum_kib),
        "documents": counts.get("documents", 0),
        "duplicates": counts.get("duplicates", 0),
        "failures": len(report.failures),
        "analysed": analysed,
        "analysed_words": analysed_words,
        "counts": counts,
        "settings": {"processes": settings.processes, "workers": getattr(settings, "workers", None)},
    }
    sys.stdout.flush()
    print("RESULT " + json.dumps(result), flush=True)
    return 0


def run_child(folder: Path, db: Path, warmup: Path, processes: int, workers: int | None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--folder", str(folder), "--db", str(db),
           "--warmup", str(warmup), "--processes", str(processes)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    # stderr goes straight through (warnings, tracebacks); a failed child stops the benchmark.
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        sys.stderr.write(done.stdout)
        raise SystemExit(f"the build child for {folder} failed (exit {done.returncode})")
    return json.loads(lines[-1][len("RESULT "):])


# ---------------------------------------------------------------------- analysis
def loglog_slope(ns: list[int], seconds: list[float]) -> float | None:
    """Least-squares slope of log(seconds) against log(N); None with < 2 usable points."""
    points = [(math.log(n), math.log(s)) for n, s in zip(ns, seconds) if n > 0 and s > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def step_slopes(ns: list[int], seconds: list[float]) -> list[float | None]:
    """The slope between each pair of neighbouring sizes (log ratio of times / log ratio of N)."""
    out: list[float | None] = []
    for (n1, s1), (n2, s2) in zip(zip(ns, seconds), zip(ns[1:], seconds[1:])):
        out.append(math.log(s2 / s1) / math.log(n2 / n1) if s1 > 0 and s2 > 0 and n2 != n1 else None)
    return out


def _fmt_slope(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def mb(kib: int) -> float:
    return kib * 1024 / 1e6


def over_limit_elsewhere(results: list[dict]) -> list[dict]:
    """Sizes other than the largest whose peak is at or over the limit: the peak follows
    the corpus's structure (e.g. the largest group a cross-document stage holds in memory at
    once), not only its size, so a pass at the largest size alone can mislead."""
    return [r for r in results[:-1] if mb(r["peak_kib"]) >= RSS_LIMIT_MB]


def busy_note(results: list[dict]) -> str:
    """A warning when the machine was busy (1-minute load above half the cores) before a size."""
    cores = os.cpu_count() or 1
    busy = []
    for r in results:
        try:
            one = float(r["load"].split("/")[0])
        except (ValueError, IndexError):
            continue
        if one > cores / 2:
            busy.append(f"{r['articles']:,} ({one:.2f})")
    if not busy:
        return ""
    return (f"the machine was busy before {', '.join(busy)} (1-minute load average, {cores} cores): other "
            "processes shared the cores, so wall times and their slopes are noisy; the CPU-seconds slopes "
            "are the steadier measure")


TABLE_HEAD = ["articles", "documents analysed", "words", "seconds total", "read/ingest s", "analyse s",
              "cross-document s", "articles/s", "peak RSS MB"]


def table_rows(results: list[dict]) -> list[list[str]]:
    rows = []
    for r in results:
        s = r["seconds"]
        rows.append([
            f"{r['articles']:,}", f"{r['analysed']:,}", f"{r['words']:,}", f"{s['total']:.1f}",
            f"{s['ingest']:.1f}", f"{s['analyse']:.1f}", f"{s['link']:.1f}",
            f"{r['articles'] / s['total']:.1f}" if s["total"] > 0 else "—", f"{mb(r['peak_kib']):,.0f}",
        ])
    return rows


def slope_rows(results: list[dict]) -> tuple[list[str], list[list[str]], dict[str, float | None]]:
    ns = [r["articles"] for r in results]
    head = ["stage", "log-log slope (all sizes)"] + [
        f"{a:,}→{b:,}" for a, b in zip(ns, ns[1:])
    ] + ["share of total at largest size"]
    rows: list[list[str]] = []
    slopes: dict[str, float | None] = {}
    last = results[-1]["seconds"]
    for stage in STAGES:
        secs = [r["seconds"][stage] for r in results]
        slopes[stage] = loglog_slope(ns, secs)
        share = f"{100 * last[stage] / last['total']:.0f}%" if last["total"] > 0 else "—"
        rows.append([STAGE_NAMES[stage], _fmt_slope(slopes[stage])]
                    + [_fmt_slope(x) for x in step_slopes(ns, secs)] + [share])
    if all("cpu_seconds" in r for r in results):
        last_cpu = results[-1]["cpu_seconds"]
        for stage in ("ingest", "analyse", "link", "total"):
            secs = [r["cpu_seconds"][stage] for r in results]
            slopes[f"cpu_{stage}"] = loglog_slope(ns, secs)
            share = f"{100 * last_cpu[stage] / last_cpu['total']:.0f}%" if last_cpu["total"] > 0 else "—"
            rows.append([f"{STAGE_NAMES[stage]}, CPU seconds", _fmt_slope(slopes[f"cpu_{stage}"])]
                        + [_fmt_slope(x) for x in step_slopes(ns, secs)] + [share])
    return head, rows, slopes


CPU_HEAD = ["articles", "CPU s total", "CPU s read/ingest", "CPU s analyse", "CPU s cross-document",
            "RSS MB at end of ingest / analyse / cross-document", "peak reached in"]


def cpu_rows(results: list[dict]) -> list[list[str]]:
    rows = []
    for r in results:
        if "cpu_seconds" not in r:
            continue
        c, m = r["cpu_seconds"], r["maxrss_by_end_kib"]
        rows.append([
            f"{r['articles']:,}", f"{c['total']:.1f}", f"{c['ingest']:.1f}", f"{c['analyse']:.1f}", f"{c['link']:.1f}",
            " / ".join(f"{mb(m[k]):,.0f}" for k in ("ingest", "analyse", "cross-document")), r["peak_phase"],
        ])
    return rows


def fastest_stage(slopes: dict[str, float | None], results: list[dict]) -> tuple[str, float] | None:
    """The stage (of read, clean+dedupe, analyse, cross-document) whose time grows fastest;
    stages under 2% of the largest build are left out (their slope is mostly noise)."""
    last = results[-1]["seconds"]
    parts = [s for s in ("read", "ingest_rest", "analyse", "link")
             if slopes.get(s) is not None and last["total"] > 0 and last[s] >= 0.02 * last["total"]]
    if not parts:
        return None
    best = max(parts, key=lambda s: slopes[s])
    return best, slopes[best]


# --------------------------------------------------------------------------- main
def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(x) for x in text.split(",") if x.strip()})
    if not sizes or sizes[0] < 1:
        raise ValueError("sizes must be 1 or more")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"comma-separated article counts (default {DEFAULT_SIZES})")
    parser.add_argument("--seed", type=int, default=2024, help="corpus seed (default 2024)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out",
                        help="where the run makes its own work folder (default bench/out, git-ignored)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (corpus of the largest size, stores)")
    parser.add_argument("--write-results", action="store_true", help=f"update the '{SECTION}' section of bench/RESULTS.md")
    parser.add_argument("--processes", type=int, default=1, help="Settings(processes=P) for the builds (default 1)")
    parser.add_argument("--workers", type=int, default=None,
                        help="Settings(workers=N) (Dask worker processes), if this sitroom has that setting")
    # the child mode: one timed build, result as JSON on stdout
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--warmup", help=argparse.SUPPRESS)
    parser.add_argument("--keep-db", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be 1 or more")
    if args.workers is not None:
        if not has_workers_setting():
            parser.error("--workers: this sitroom's Settings has no 'workers' field")
        if args.workers < 0:
            parser.error("--workers must be 0 or more")
    if args.child:
        if not args.folder or not args.db:
            parser.error("--child needs --folder and --db")
        return child(args)
    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as exc:
        parser.error(f"--sizes: {exc}")

    total_start = time.perf_counter()
    started = datetime.now(timezone.utc)
    load_before = corpus.load_average()
    revision = corpus.source_revision()  # now: the tree may move on while the benchmark runs
    print(f"load average (1/5/15 min) before: {load_before}; sitroom at {revision}", flush=True)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # clean up on kill too
    with corpus.work_folder(args.out, f"scaling-{sizes[-1]}-{args.seed}-", args.keep) as work:
        return _run(args, sizes, work, total_start, started, load_before, revision)


def _run(args: argparse.Namespace, sizes: list[int], work: Path, total_start: float, started: datetime,
         load_before: str, revision: str) -> int:
    t0 = time.perf_counter()
    made = corpus.make_articles(sizes[-1], args.seed)
    pool = list(made)
    random.Random(args.seed).shuffle(pool)  # every prefix is a uniform sample of the same population
    sources = sum(1 for a in made if a.kind == "source")
    words_all = sum(len(a.text.split()) for a in made)
    print(f"corpus: {len(made):,} articles made ({sources} source texts, {len(made) - sources} two-source mixes, "
          f"{words_all:,} words) in {time.perf_counter() - t0:.1f} s; sizes {', '.join(map(str, sizes))}", flush=True)
    warmup = work / "warmup"
    corpus.write_corpus(pool[:WARMUP_ARTICLES], warmup)
    folder = work / "corpus"
    settings = make_settings(args.processes, args.workers)
    workers = getattr(settings, "workers", None)

    results: list[dict] = []
    for n in sizes:
        subset = pool[:n]
        corpus.write_corpus(subset, folder)
        words = sum(len(a.text.split()) for a in subset)
        load = corpus.load_average()
        print(f"{n:,} articles ({words:,} words), load {load}: building in a fresh process ...", flush=True)
        t1 = time.perf_counter()
        result = run_child(folder, work / f"scaling-{n}.db", warmup, args.processes, args.workers)
        result.update(
            articles=n, words=words, load=load, child_seconds=round(time.perf_counter() - t1, 1),
            sources=sum(1 for a in subset if a.kind == "source"),
        )
        results.append(result)
        s = result["seconds"]
        print(
            f"  {s['total']:.1f} s (read {s['read']:.1f}, clean+dedupe {s['ingest_rest']:.1f}, analyse "
            f"{s['analyse']:.1f}, cross-document {s['link']:.1f}); {result['analysed']:,} analysed, "
            f"{result['duplicates']} duplicates, {result['failures']} rejected; peak RSS {mb(result['peak_kib']):,.0f} MB "
            f"(after warm-up {mb(result['rss_after_warmup_kib']):,.0f} MB); child {result['child_seconds']:.0f} s",
            flush=True,
        )

    total = time.perf_counter() - total_start
    load_after = corpus.load_average()
    rows = table_rows(results)
    slope_head, srows, slopes = slope_rows(results)
    total_slope = slopes["total"]
    linear = total_slope is not None and total_slope <= LINEAR_SLOPE
    largest = results[-1]
    peak_mb = mb(largest["peak_kib"])
    rss_ok = peak_mb < RSS_LIMIT_MB
    fastest = fastest_stage(slopes, results)
    tree = any(r["max_descendants"] for r in results)

    print(f"\nload average after: {load_after}\n")
    print(corpus.text_table(rows, TABLE_HEAD))
    print()
    print(corpus.text_table(srows, slope_head))
    print()
    crows = cpu_rows(results)
    if crows:
        print("CPU seconds of the build process (all its threads; not its worker processes), and its")
        print("ru_maxrss when each phase ended:")
        print(corpus.text_table(crows, CPU_HEAD))
        print()
    if total_slope is None:
        print("growth: needs two sizes or more")
    else:
        print(f"growth: total slope {total_slope:.2f} — "
              + (f"close to linear (≤ {LINEAR_SLOPE})" if linear else f"NOT close to linear (> {LINEAR_SLOPE})")
              + (f"; CPU seconds slope {slopes['cpu_total']:.2f}" if slopes.get("cpu_total") is not None else ""))
    if fastest:
        print(f"fastest-growing stage: {STAGE_NAMES[fastest[0]]}, slope {fastest[1]:.2f}")
    print(f"peak RSS at {largest['articles']:,} articles: {peak_mb:,.0f} MB — "
          + ("under" if rss_ok else "NOT under") + f" {RSS_LIMIT_MB / 1000:.0f} GB")
    for r in over_limit_elsewhere(results):
        print(f"  but at {r['articles']:,} articles the peak was {mb(r['peak_kib']):,.0f} MB, over the limit")
    if busy_note(results):
        print("note: " + busy_note(results))
    print(f"total benchmark time {total / 60:.1f} min")

    (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.write_results:
        section = results_section(args, sizes, results, rows, slope_head, srows, slopes, fastest, made, sources,
                                  started, revision, load_before, load_after, total, tree, settings, workers)
        corpus.write_results(section, corpus.RESULTS, heading=SECTION)
        print(f"updated {corpus.RESULTS}")
    return 0


def results_section(args, sizes, results, rows, slope_head, srows, slopes, fastest, made, sources, started,
                    revision, load_before, load_after, total, tree, settings, workers) -> str:
    command = "make setup && .venv/bin/python bench/scaling.py --write-results"
    options = []
    if args.sizes.replace(" ", "") != DEFAULT_SIZES:
        options.append(f"--sizes {','.join(map(str, sizes))}")
    if args.seed != 2024:
        options.append(f"--seed {args.seed}")
    if args.processes != 1:
        options.append(f"--processes {args.processes}")
    if args.workers is not None:
        options.append(f"--workers {args.workers}")
    if options:
        command += " " + " ".join(options)
    total_slope = slopes["total"]
    largest = results[-1]
    peak_mb = mb(largest["peak_kib"])
    if total_slope is None:
        growth = "- Growth: needs two sizes or more"
    elif total_slope <= LINEAR_SLOPE:
        growth = f"- Growth: total slope **{total_slope:.2f}** — close to linear (target ≤ {LINEAR_SLOPE}): **meets** the target"
    else:
        growth = (f"- Growth: total slope **{total_slope:.2f}** — not close to linear (target ≤ {LINEAR_SLOPE}): "
                  "**misses** the target")
    if total_slope is not None and slopes.get("cpu_total") is not None:
        growth += f" (CPU seconds of the build process: slope {slopes['cpu_total']:.2f})"
    rss_line = (f"- Peak RSS at {largest['articles']:,} articles: **{peak_mb:,.0f} MB** — "
                + ("**meets**" if peak_mb < RSS_LIMIT_MB else "**misses**")
                + f" the < {RSS_LIMIT_MB / 1000:.0f} GB target"
                + ("" if largest["articles"] >= 8000 else " (measured at the largest size run, not at 8k)"))
    for r in over_limit_elsewhere(results):
        rss_line += (f"; but at {r['articles']:,} articles the peak was **{mb(r['peak_kib']):,.0f} MB**, over the limit "
                     f"(reached in: {r.get('peak_phase', 'not recorded')})")
    note = busy_note(results)
    if note:
        rss_line += "\n- Note: " + note
    if fastest:
        name, value = fastest
        fastest_line = (f"- Fastest-growing stage: {STAGE_NAMES[name]}, slope **{value:.2f}**"
                        + (" (super-linear)" if value > LINEAR_SLOPE else ""))
    else:
        fastest_line = "- Fastest-growing stage: n/a"
    loads = ", ".join(f"{r['articles']:,}: {r['load']}" for r in results)
    warm = ", ".join(f"{mb(r['rss_after_warmup_kib']):,.0f}" for r in results)
    rss_sums = ", ".join(f"{mb(r['tree_rss_sum_peak_kib']):,.0f}" for r in results)
    memory = (
        "the larger of the build process's `ru_maxrss` and the peak of the summed PSS (proportional set "
        "size: shared pages split among the processes) of the build process and its worker processes, "
        "sampled every 0.2 s; the summed-RSS peak, which counts shared pages once per process, "
        f"was {rss_sums} MB" if tree else
        "`resource.getrusage(RUSAGE_SELF).ru_maxrss` of the build process (no worker processes were started), "
        "over its whole life: imports, model loading, warm-up and the build"
    )
    total_words = sum(len(a.text.split()) for a in made)
    return f"""{SECTION}

How `sitroom build` time and peak memory grow with the corpus: 1k, 2k, 4k and 8k articles,
each built in a fresh process into a fresh SQLite store. Targets: growth close to linear
(log-log slope of time against articles ≤ {LINEAR_SLOPE}) and peak RSS under 2 GB at 8k.

- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}; sitroom at commit `{revision}` when the run started (plus any uncommitted changes)
- Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()}, Python {platform.python_version()};
  load average (1/5/15 min) {load_before} before the run, {load_after} after; before each size: {loads}
- Settings: `processes={settings.processes}`{f", `workers={workers}`" if workers is not None else ""}, the rest default
- Corpus: `bench/build_throughput.py`'s maker (ECB+ and MEANTIME news texts from `../shared/data`,
  seed {args.seed}) made {len(made):,} articles ({sources} source texts, {len(made) - sources} varied two-source mixes of one
  topic; {total_words:,} words of main text), shuffled with the same seed; each size is the first N
  of that order, so the corpora are nested and each is a uniform sample of the same articles
  (the number of articles per topic grows with N, as in a growing archive).
- Timing: a fresh child process per size loads the models with a {WARMUP_ARTICLES}-article warm-up build
  (not timed), then times `sitroom.build([folder], store, settings, progress)`; stage times come
  from the build's progress reports: read/ingest = reading, cleaning, dedupe and document
  writes until analysis starts; analyse = spaCy, the per-document extractors and their writes;
  cross-document = entities, statements, stories, timeline, claim clusters, forecasts, relations.
- Peak RSS: {memory}. RSS after the warm-up (models loaded, before the build), MB: {warm}.
- Command: `{command}` (whole run {total / 60:.1f} min)

{corpus.markdown_table(rows, TABLE_HEAD)}

Log-log slopes of time against articles (least squares over all sizes, then between
neighbouring sizes; 1.0 is linear, 2.0 quadratic):

{corpus.markdown_table(srows, slope_head)}

CPU seconds of the build process (all its threads, not its worker processes: less
sensitive than wall time to other load on the machine), and its `ru_maxrss` (MB) when
each phase ended, so where the peak was reached:

{corpus.markdown_table(cpu_rows(results), CPU_HEAD) if cpu_rows(results) else "(not recorded)"}

{growth}
{rss_line}
{fastest_line}
"""


if __name__ == "__main__":
    raise SystemExit(main())
