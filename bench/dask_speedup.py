"""Dask speed-up: ``sitroom build --workers 2`` next to the single-process build, same run.

The corpus is ``bench/build_throughput.py``'s (real ECB+ and MEANTIME news text, seeded,
2 000 articles by default). Each side builds it into a fresh SQLite store ``--repeats``
times, alternating; the median of each side is reported, with the build's time split by
stage. The last build of each side is kept and their snapshots (every row of every
table) compared: the speed-up counts only if the stores are identical.

Target (issue 7): the 2-worker build at ≥ 1.6× the speed of the single-process build.
spaCy's model is loaded by each Dask worker when its first task runs, inside the timing.

Usage (from the project root)::

    .venv/bin/python bench/dask_speedup.py                   # 2000 articles, 2 repeats
    .venv/bin/python bench/dask_speedup.py --write-results   # ... and update bench/RESULTS.md
    .venv/bin/python bench/dask_speedup.py --articles 200 --repeats 1   # quick check
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_throughput as bt  # noqa: E402  (the corpus maker and the table helpers)

from sitroom import Settings, open_store  # noqa: E402

SECTION = "## Dask speed-up"
TARGET = 1.6
# Earlier runs of this benchmark, newest last (the section is rewritten on each run).
HISTORY = [
    ["`ea9a181`", "cluster started when analysis begins; workers with Dask's profiler and malloc trimming; "
     "64 documents a task; ONNX embeddings on 1 thread (the machine was busy: load 3)", "139.9", "143.4", "0.98×"],
    ["`ddd9ccd` (an earlier run)", "cluster started in a background thread as the build begins, models loaded while it ingests; "
     "workers without the profiler and trimming; 16 documents a task; embeddings on every core", "220.2", "148.3", "1.49×"],
    ["`ddd9ccd`", "the same code (the run recorded at that commit)", "217.7", "152.2", "1.43×"],
    ["`c9e8795` (an earlier run)", "records pickled as constructor calls; tokens back from the workers packed as the store "
     "keeps them; each distinct text embedded once", "232.1", "162.5", "1.43×"],
    ["`c9e8795`", "the same code (the run recorded at that commit)", "229.2", "151.9", "1.51×"],
    ["`b6b2271` + uncommitted", "forecasts embed only the pairs a cosine can decide (cross-document stages 32 → 24 s); "
     "cleaning, language check and fingerprints as worker tasks, each worker loading spaCy first", "211.8", "135.6",
     "1.56×"],
    ["`b6b2271` + uncommitted", "the client cleans until the cluster is up; workers load spaCy after their cleaning",
     "211.4", "141.4", "1.49×"],
    ["`d43166d`", "the same, and the workers no longer import scikit-learn and networkx", "212.8", "136.0", "1.57×"],
    ["`d43166d`", "the same code, two repeats (1.73×, 1.55×; the run recorded at that commit)", "220.2", "134.5",
     "1.64×"],
    ["`ec4b1df`", "the same code again, two repeats (1.49×, 1.55×)", "205.5", "135.4", "1.52×"],
    ["`ff584c4`", "the local cluster wakes once a second; the language check skips py3langid on plainly English "
     "paragraphs; time patterns that need a rare word skip texts without it (the single build 205–220 → 186 s); "
     "three repeats (1.68×, 1.48×, 1.42×; the run recorded at that commit)", "186.4", "125.6", "1.48×"],
    ["`1827b31`", "each worker loads its models once the cleaning is back (the cluster's share of the cleaning 4.3–4.7 "
     "→ 2.3 s, ingest 11.0 → 9.0 s); the cyclic garbage collector every 10,000 allocations; faster "
     "cleaning cues and claim summaries; three repeats (1.68×, 1.54×, 1.58×; the run recorded at that commit). The "
     "single builds ran slower than in the row above (211.4 CPU s against 192.9, for less work), so part "
     "of the gain is the machine's speed in this run", "204.2", "124.6", "1.64×"],
    ["`79b1d83`", "the same code again, three repeats (1.48×, 1.61×, 1.58×); the Dask builds used 249.5 CPU s against "
     "230.5 in the run above: the machine's speed moves a run by ±10%, and the target sits inside that", "208.0", "133.3", "1.56×"],
    ["`05c3163`", "story grouping, the claims' features, claim clusters and forecasts run as tasks on the workers while "
     "the build's process runs the other cross-document stages (on a stored 2,000-article corpus those stages took "
     "19.5–22.6 s with a 2-worker cluster against 23.5–25.0 s in one process; in this run 20.2 s against 22.7 s); "
     "three repeats (1.53×, 1.58×, 1.65×; the run recorded at that commit). The Dask builds' analysis took 99.8 s against "
     "93.6 s two rows up, on the same per-document code", "208.0", "128.3", "1.62×"],
    ["`d41bc06`", "the claim tasks in their own module (a worker no longer imports scikit-learn and networkx for them); "
     "three repeats (1.78×, 1.72×, 1.56×), run without --write-results (the recorded run is the row above); the "
     "cross-document stages took 18.8 s against 21.8 s in the single build", "198.7", "118.0", "1.68×"],
    ["`a4114a0`", "spaCy without its attribute_ruler (its rules applied to the token table, on both sides alike); "
     "relations without a compiled pattern per actor name; three repeats (1.44×, 1.62×, 1.62×; the run recorded at "
     "that commit); the bound from the cores 1.65×", "196.0", "121.9", "1.61×"],
    ["`2bdfdef`", "per-document rules about 15% faster with the same records (C stemmer, entity roles, token "
     "views); Ctrl-C handling; three repeats (1.52×, 1.55×, 1.80×; the run recorded at that commit); the bound from "
     "the cores 1.68×", "179.4", "109.3", "1.64×"],
    ["`50eac3e`", "spaCy's processes tokenise plain texts; one set of per-token lists a document; the "
     "case-insensitive time patterns over the lower-cased text (the single build's analysis 95.8 s against 94.3 s "
     "in the throughput run at the same commit); a faster machine than the row above (the single build 114.7 s "
     "against 179.4 s); three repeats (1.59×, 1.60×, 1.67×; the run recorded at that commit); the bound from the "
     "cores 1.69×", "114.7", "70.4", "1.63×"],
    ["`26d7ffa`", "the rule stages' token views and event noun classes faster, tokens made by setting their slots "
     "(both sides gain: the workers half of it); the single build's cross-document tasks run in the thread beside its "
     "other stages, as the Dask build's run on its workers (the single build's cross-document stages 12.8 s against "
     "14.9 s in the row above). The single build gained 3.8 s, the Dask build 0.9 s; three repeats (1.61×, 1.60×, "
     "1.59×; the medians' ratio 1.596×, printed as a miss; the run recorded at that commit); the bound from the cores "
     "1.64×", "110.9", "69.5", "1.60×"],
    ["`48ef26d` (an earlier run)", "a local Dask worker's embeddings on one ONNX thread (in interleaved "
     "2-worker builds the cross-document stages 0.7–0.8 s faster, with 2–4 CPU s less); three repeats (1.61×, 1.52×, "
     "1.51×) on a machine running slower than an hour before (the single build 118.5 s against 110.9 s in the row "
     "above; the Dask builds used 149.0 CPU s against 135.1)", "118.5", "76.1", "1.56×"],
    ["`48ef26d`", "the same code, three repeats (1.56×, 1.63×, 1.64×; the run recorded at that commit), the machine "
     "slower again (the single build 122.9 s); the bound from the cores 1.65×", "122.9", "75.9", "1.62×"],
    ["`bc6cc76`", "spaCy's Docs without the tok2vec tensor (no Doc crosses a process here: both sides as at "
     "`48ef26d`); three repeats (1.61×, 1.66×, 1.59×; the run recorded at that commit); the Dask builds used 144.6 CPU "
     "s against 149.4; the bound from the cores 1.68×", "121.2", "74.3", "1.63×"],
    ["`a064fff`", "the build's process grouped statements before building the timeline (reverted after this run: in two "
     "paired 2-worker builds the cross-document stages were 2.2 and 4.7 s slower, as the forecasts task waits for the "
     "timeline's dates); three repeats (1.55×, 1.46×, 1.50×) on a slower machine: the workers' analysis alone took "
     "61.5 s against 54.8 s in the row above and the Dask builds 158.8 CPU s against 144.6; the bound from the cores "
     "1.56×", "123.9", "83.7", "1.48×"],
    ["`275f579`", "the order as at `bc6cc76` again (the reverted change's history row recorded); three repeats (1.49×, "
     "1.61×, 1.63×; the run recorded at that commit); the bound from the cores 1.66×", "124.2", "76.9", "1.61×"],
    ["`e653e2f`", "claim clusters' candidate pairs from a sparse product and each pair's word agreement once; "
     "embeddings in runs of 8 texts (both sides' cross-document stages faster: the single build's 14.0 s against "
     "15.4 s, the Dask build's 12.1 s against 14.4 s); three repeats (1.62×, 1.48×, 1.60×; the run recorded at that "
     "commit). The single build used 124.7 CPU s against 132.0, the Dask builds 149.6 against 149.9: the bound from "
     "the cores fell to 1.57×, below the target, as the gain went to the single build and the Dask build's "
     "overhead (model loads, records sent between processes, the cluster) stayed", "117.5", "76.2", "1.54×"],
    ["`fbf9b39`", "the same per-document and cluster code (since `e653e2f`: the cross-document stages' stamp, one "
     "query a build); three repeats (1.47×, 1.71×, 1.52×; the run recorded at that commit) on a slower machine (the "
     "single build 132.6 s against 117.5 s); the bound from the cores 1.63×. Tried after it and dropped: the workers "
     "forked from a fork server that imports sitroom and loads spaCy once (their start and model loads 2.4 CPU s "
     "against 4.3); in paired 2-worker builds 84.2, 76.3 and 83.2 s against 79.3, 82.3 and 77.1 s spawned, a gain "
     "lost in the machine's drift, for a private `multiprocessing` call to stop the server; and statement grouping "
     "as a task on the workers (the cross-document stages on the stored 2,000-article corpus: the build's process "
     "used 6.7–7.5 CPU s in them against 12.7–14.7, but they took 11.9–14.0 s against 11.6–14.0 s, the same export: "
     "they keep both cores busy either way)", "132.6", "83.3", "1.59×"],
    ["`a3ce16e`", "statements grouped in a thread of their own while the timeline is built (`c8c61f8`); the cross-document stages 11.9 s on one process and 11.8 s on the cluster, against 14.9 and 13.9 s in the row above; three repeats (1.64×, 1.56×, 1.60×; the run recorded at that commit); the single build used 122.2 CPU s, the Dask builds 142.6 (17.9 in the build's process, 124.7 in the workers): the bound from the cores 1.61×", "115.0", "73.5", "1.56×"],
    ["`5481e19`", "the model's matrix products from NumPy's BLAS (`sitroom.matmul`): the analyse stage 92.0 s on one process and 46.6 s on the cluster, against 99.8 and 55.7 s in the row above; three repeats (1.71×, 1.72×, 1.40×; the single builds took 98.2–118.9 s, the machine's speed moving within the run; the run recorded at that commit); the single build used 117.9 CPU s, the Dask builds 131.5 (20.2 in the build's process, 111.4 in the workers): the bound from the cores 1.68×", "110.5", "69.2", "1.60× (1.597×: a miss)"],
    ["`6fa69b0`", "the same code as the row above (the bench's records only): three repeats (1.42×, 1.63×, 1.53×); the single build used 102.7 CPU s, the Dask builds 120.6 (19.2 in the build's process, 101.4 in the workers): the bound from the cores 1.57×. Cheaper per-document work narrows this ratio: the single build gains all of it, the 2-worker build half, while the cluster's own costs and the cross-document stages stay", "94.4", "61.7", "1.53×"],
]
HEAD = ["run", "articles", "repeats", "seconds, median (min–max)", "articles/s", "ingest", "analyse", "cross-document",
        "CPU s (build's process + workers)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="number of articles to make (default 2000)")
    parser.add_argument("--repeats", type=int, default=2, help="timed builds per side (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers (default 2)")
    parser.add_argument("--seed", type=int, default=2024, help="corpus seed (default 2024)")
    parser.add_argument("--out", type=Path, default=bt.ROOT / "bench" / "out", help="work folder parent (git-ignored)")
    parser.add_argument("--write-results", action="store_true", help=f"update the '{SECTION}' section of bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeats < 1 or args.workers < 1:
        parser.error("--articles, --repeats and --workers must be 1 or more")

    started = datetime.now(timezone.utc)
    load_before, revision = bt.load_average(), bt.source_revision()
    total_start = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"dask-{args.articles}-{args.seed}-", dir=args.out))
    try:
        folder = work / "corpus"
        articles = bt.make_articles(args.articles, args.seed)
        bt.write_corpus(articles, folder)
        words = sum(len(a.text.split()) for a in articles)
        print(f"corpus: {len(articles)} articles, {words:,} words; load average {load_before}; sitroom at {revision}", flush=True)

        # Warm-up: models and imports loaded in this process before any timing (both sides
        # run here; only the Dask workers load their own spaCy, inside their timing).
        warm = work / "warm"
        warm.mkdir()
        for path in sorted(folder.iterdir())[:10]:
            shutil.copy(path, warm / path.name)
        bt.time_build(warm, work / "warm.db", Settings())

        sides = {"single process": Settings(), f"Dask, {args.workers} workers": Settings(workers=args.workers)}
        times: dict[str, list[float]] = {side: [] for side in sides}
        stages: dict[str, list[dict[str, int]]] = {side: [] for side in sides}
        snapshots = {}
        for rep in range(1, args.repeats + 1):
            for side, settings in sides.items():
                db = work / f"{len(snapshots)}-{rep}.db"
                last = rep == args.repeats
                seconds, extra = bt.time_build(folder, db, settings, keep=last)
                times[side].append(seconds)
                stages[side].append(extra)
                print(f"  repeat {rep}: {side} {seconds:.1f} s ({extra['analysed']} analysed)", flush=True)
                if last:
                    with open_store(str(db)) as store:
                        snapshots[side] = store.snapshot()
        single, dask = (statistics.median(times[s]) for s in sides)
        ratio = single / dask
        identical = len({repr(s) for s in snapshots.values()}) == 1
        rows = []
        meds = {}
        for side in sides:
            med = meds[side] = {k: statistics.median(e[k] for e in stages[side]) / 1000
                                for k in ("ms_ingest", "ms_analyse", "ms_link", "ms_cpu_self", "ms_cpu_children")}
            seconds = statistics.median(times[side])
            rows.append([side, f"{len(articles):,}", str(len(times[side])), bt._fmt_seconds(times[side]),
                         f"{len(articles) / seconds:.1f}", f"{med['ms_ingest']:.1f}", f"{med['ms_analyse']:.1f}",
                         f"{med['ms_link']:.1f}",
                         f"{med['ms_cpu_self'] + med['ms_cpu_children']:.1f} ({med['ms_cpu_self']:.1f} + {med['ms_cpu_children']:.1f})"])
        # Amdahl: ingest is split only once the cluster is up, and the cross-document
        # stages run in the build's process (three of them beside it, on the workers); a
        # perfect split of analyse alone, with ingest and those stages as long as they took
        # in the Dask build, gives this.
        one, many = meds["single process"], meds[f"Dask, {args.workers} workers"]
        serial = many["ms_ingest"] + many["ms_link"]
        bound = single / (serial + one["ms_analyse"] / args.workers)
        analyse_gain = one["ms_analyse"] / many["ms_analyse"]
        # The cores bound it too: the Dask build's CPU seconds (its process and its workers)
        # cannot take less wall time than spread over every core of the machine.
        cores = os.cpu_count() or 1
        dask_cpu = many["ms_cpu_self"] + many["ms_cpu_children"]
        single_cpu = one["ms_cpu_self"] + one["ms_cpu_children"]
        cpu_bound = single / (dask_cpu / cores)
        load_after = bt.load_average()
        total = time.perf_counter() - total_start
        verdict = "meets" if ratio >= TARGET else "**misses**"
        print()
        print(bt.text_table(rows, HEAD))
        print(f"speed-up {ratio:.2f}× ({verdict.strip('*')} the {TARGET}× target); stores identical: {identical}; "
              f"load average after {load_after}; {total / 60:.1f} min")
        if args.write_results:
            command = "make setup && .venv/bin/python bench/dask_speedup.py --write-results" + (
                f" --repeats {args.repeats}" if args.repeats != 2 else "")
            section = f"""{SECTION}

`sitroom build --workers {args.workers}` (the per-document stages as Dask tasks on a local
cluster of {args.workers} single-threaded worker processes; cross-document stages on the client,
story grouping, claim clusters and forecasts as tasks on the workers beside it)
next to the single-process build (`Settings()`: spaCy in the build's process), same corpus,
same run, each into a fresh SQLite store. Target: ≥ {TARGET}×.

- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}; sitroom at commit `{revision}` when the run started (plus any uncommitted changes)
- Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()}, Python {platform.python_version()};
  load average (1/5/15 min) {load_before} before, {load_after} after
- Corpus: `bench/build_throughput.py`'s, {len(articles):,} articles, {words:,} words (seed {args.seed})
- Models are loaded in the benchmark's process by a warm-up build of 10 articles before
  any timing. The Dask build starts its cluster in a background thread as it begins; its
  process reads the files and cleans until the cluster is up, the workers clean the rest
  and then load spaCy: the cluster's start and that load are inside the Dask timing.
- Command: `{command}` (whole run {total / 60:.1f} min)

{bt.markdown_table(rows, HEAD)}

- speed-up single/Dask = **{ratio:.2f}×** — {verdict} the {TARGET}× target (medians); repeat by
  repeat (single, then Dask, one after the other): {", ".join(f"{a / b:.2f}×" for a, b in zip(*times.values()))}
- the last build of each side stored {'identical' if identical else '**different**'} rows in every table (`SQLStore.snapshot()`)
- where the rest goes: ingest runs on the workers only once the cluster is up, and the
  cross-document stages in the build's process, three of them beside it on the workers
  (together {serial:.1f} s in the Dask build, against {one['ms_ingest'] + one['ms_link']:.1f} s of
  the single build's {single:.1f} s), so with those as they were, a perfect split of the
  analyse stage over {args.workers} workers would give at most **{bound:.2f}×**;
  the analyse stage itself was {analyse_gain:.2f}× as fast on the cluster (the build's process
  reads the documents, unpacks the results and writes them while the workers compute, on
  the same {cores} cores)
- the cores: the Dask build used {dask_cpu:.1f} CPU seconds (its own process and its
  workers) against the single build's {single_cpu:.1f} (the single build's embeddings
  already run on every core); spread perfectly over {cores} cores that is {dask_cpu / cores:.1f} s,
  a speed-up of at most **{cpu_bound:.2f}×** on this machine, where the build's process
  shares the cores with the {args.workers} workers

History (same command, 2,000 articles; `git log` has the code as it was). Seconds from
different days are not comparable (the machine's speed varies from day to day); each
speed-up compares two builds of one run:

{bt.markdown_table(HISTORY, ["commit", "what changed", "single s", "Dask s", "speed-up"])}
"""
            bt.write_results(section, heading=SECTION)
            print(f"updated {bt.RESULTS.relative_to(bt.ROOT)}")
        return 0 if identical else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
