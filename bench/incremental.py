"""Incremental builds: adding a few articles to a built store, against building all again.

The corpus comes from ``bench/build_throughput.py``'s maker (real news texts from ECB+ and
MEANTIME in ``../shared/data``; seeded): ``--articles + --added`` articles, shuffled with
the seed, the first ``--articles`` of them the store's and the last ``--added`` the new
ones, so both are samples of the same articles. In one process, after a warm-up build that
loads the models, each step into SQLite:

1. **first build**: the articles, into a fresh store;
2. **the same files again**: nothing new (every file read and matched by its content hash;
   the cross-document stages skipped, as nothing they read changed);
3. **articles added**: the folder with the new articles beside it; only they are
   analysed, and the cross-document stages run again over everything stored (the
   embeddings of quotes and claims seen before come from the store's cache);
4. **all at once**: every article into a fresh store, the rebuild step 3 spares; its
   snapshot (``SQLStore.snapshot()``: every row of every table) must equal the store
   of step 3 but for the embedding caches, which may hold vectors a smaller corpus asked
   for and a larger one does not (they are reused, never read as results).

Each step's seconds are split by stage from the build's progress reports. One run takes
about 5 minutes on an idle 2-core machine.

Usage (from the project root)::

    .venv/bin/python bench/incremental.py                   # 2,000 articles, 20 added
    .venv/bin/python bench/incremental.py --write-results   # ... and update bench/RESULTS.md
    .venv/bin/python bench/incremental.py --articles 200 --added 5   # quick check
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))  # bench/ is not a package
sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout without an installed package too

import build_throughput as corpus  # noqa: E402  (make_articles, write_corpus, tables, results)

from sitroom import Settings, build, open_store  # noqa: E402

SECTION = "## Incremental updates"
WARMUP_ARTICLES = 8
CACHES = frozenset({"quote_vectors", "claim_vectors"})  # vectors kept for reuse, not part of the picture
HEAD = ["step", "articles given", "documents analysed", "seconds", "read/ingest", "analyse", "cross-document",
        "cross-document stages"]


def timed(paths: list[Path], db: Path, settings: Settings) -> dict:
    """One build of ``paths`` into ``db``: seconds, stage seconds, documents it analysed."""
    gc.collect()
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, time.perf_counter())

    with open_store(str(db)) as store:
        before = store.analysed_count()
        start = time.perf_counter()
        report = build(paths, store, settings, progress)
        end = time.perf_counter()
        analysed = store.analysed_count() - before
    analyse_at, link_at = marks.get("analyse", end), marks.get("link", end)
    return {"seconds": end - start, "ingest": analyse_at - start, "analyse": link_at - analyse_at,
            "link": end - link_at, "analysed": analysed, "relinked": report.relinked,
            "failures": len(report.failures), "documents": report.documents}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles of the first build (default 2000)")
    parser.add_argument("--added", type=int, default=20, help="articles added afterwards (default 20)")
    parser.add_argument("--seed", type=int, default=2024, help="corpus seed (default 2024)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out",
                        help="where the run makes its work folder (default bench/out, git-ignored)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--write-results", action="store_true", help=f"update the '{SECTION}' section of bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.added < 1:
        parser.error("--articles and --added must be 1 or more")
    started = datetime.now(timezone.utc)
    total_start = time.perf_counter()
    load_before = corpus.load_average()
    revision = corpus.source_revision()
    print(f"load average (1/5/15 min) before: {load_before}; sitroom at {revision}", flush=True)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    settings = Settings()
    with corpus.work_folder(args.out, f"incremental-{args.articles}-{args.seed}-", args.keep) as work:
        made = corpus.make_articles(args.articles + args.added + WARMUP_ARTICLES, args.seed)
        random.Random(args.seed).shuffle(made)
        warmup, first, added = (work / name for name in ("warmup", "articles", "added"))
        corpus.write_corpus(made[: WARMUP_ARTICLES], warmup)
        corpus.write_corpus(made[WARMUP_ARTICLES : WARMUP_ARTICLES + args.articles], first)
        corpus.write_corpus(made[WARMUP_ARTICLES + args.articles :], added)
        timed([warmup], work / "warmup.db", settings)  # loads the models: not timed
        db = work / "store.db"
        steps = [
            ("first build", args.articles, timed([first], db, settings)),
            ("the same files again", args.articles, timed([first], db, settings)),
            (f"{args.added} articles added", args.articles + args.added, timed([first, added], db, settings)),
        ]
        steps.append(("all at once, fresh store", args.articles + args.added,
                      timed([first, added], work / "clean.db", settings)))
        with open_store(str(db)) as store, open_store(str(work / "clean.db")) as clean:
            incremental, whole = store.snapshot(), clean.snapshot()
        differing = sorted(t for t in whole if incremental.get(t) != whole[t])
        same = not set(differing) - CACHES
        for table in differing:
            print(f"differs: {table}: {len(incremental.get(table, []))} rows against {len(whole[table])}")
        cached = {t: (len(incremental[t]), len(whole[t])) for t in sorted(CACHES)}
    load_after = corpus.load_average()
    total = time.perf_counter() - total_start

    rows = [[name, f"{given:,}", f"{s['analysed']:,}", f"{s['seconds']:.1f}", f"{s['ingest']:.1f}",
             f"{s['analyse']:.1f}", f"{s['link']:.1f}", "ran" if s["relinked"] else "skipped"]
            for name, given, s in steps]
    again, add, clean_run = steps[1][2], steps[2][2], steps[3][2]
    lines = [
        f"- the same files again: **{again['seconds']:.2f} s** "
        f"({again['seconds'] / steps[0][2]['seconds']:.1%} of the first build)",
        f"- {args.added} articles added: **{add['seconds']:.1f} s** against {clean_run['seconds']:.1f} s for building "
        f"all {args.articles + args.added:,} again (**{clean_run['seconds'] / add['seconds']:.1f}×** as fast); "
        f"of it, the cross-document stages over everything stored {add['link']:.1f} s",
        "- the store after the added articles equals the store built all at once, every row of every table but the "
        "embedding caches: " + ("**yes**" if same else f"**NO** (differing: {', '.join(differing)})"),
        "- the embedding caches (vectors of the quotes and claims the grouping stages asked about; a larger corpus may "
        "no longer ask about some that a smaller one did): "
        + ", ".join(f"`{t}` {a:,} rows against {b:,}" for t, (a, b) in cached.items()),
    ]
    print(corpus.text_table(rows, HEAD))
    print("\n".join(lines))
    print(f"total benchmark time {total / 60:.1f} min")
    if args.write_results:
        command = "make setup && .venv/bin/python bench/incremental.py --write-results"
        if (args.articles, args.added, args.seed) != (2000, 20, 2024):
            command += f" --articles {args.articles} --added {args.added} --seed {args.seed}"
        section = f"""{SECTION}

What adding articles to a built store costs, against building everything again: only the
new articles are analysed; the cross-document stages then run over everything stored
(their embeddings of quotes and claims seen before come from the store); a build that
brings nothing new skips them.

- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}; sitroom at commit `{revision}` when the run started (plus any uncommitted changes)
- Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()}, Python {platform.python_version()};
  load average (1/5/15 min) {load_before} before, {load_after} after
- Corpus: `bench/build_throughput.py`'s maker (seed {args.seed}), {args.articles + args.added:,} articles shuffled
  with the seed: the first {args.articles:,} built, the other {args.added} added. Settings: the defaults
  (one process), SQLite; models loaded by a warm-up build of {WARMUP_ARTICLES} articles before any timing.
- Command: `{command}` (whole run {total / 60:.1f} min)

{corpus.markdown_table(rows, HEAD)}

{chr(10).join(lines)}
"""
        corpus.write_results(section, heading=SECTION)
        print(f"updated {corpus.RESULTS.relative_to(ROOT)}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
