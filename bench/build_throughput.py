"""Build throughput: ``sitroom.build`` next to spaCy's ``nlp.pipe`` alone, same texts, same run.

The corpus is made from real news texts in ``../shared/data`` (ECB+ and MEANTIME, CAT
XML): every source article once, then varied articles (a window of one article's
sentences plus a sample of another article's on the same topic, re-paragraphed), until
there are ``--articles`` of them. Exact copies would be deduplicated and skip the language
stage, which would flatter the build, so the made articles are all distinct; the few
near-duplicates that remain are the data's own (syndicated wire stories). Some articles
get a title line, a ``By NAME`` line and a date line so ingest's metadata paths run.
Everything is seeded: the same options give the same files.

Measured in one process, after one warm-up call of the model and a warm-up build of eight
articles (loading the models, spaCy's and the build's own, is not counted):

* spaCy alone: ``list(nlp.pipe(texts, batch_size=settings.spacy_batch_size))`` over the
  articles' main texts (file reading excluded), with the model as it ships (lemmatizer
  disabled, as sitroom loads it); and the same with the pipeline as sitroom runs it
  (``language.load``: the attribute_ruler disabled, its rules applied by the build itself,
  the matrix products NumPy's: ``sitroom.matmul``), shown beside it;
* sitroom: ``sitroom.build([folder], store, settings)`` into a fresh SQLite store (read,
  decode, clean, dedupe, spaCy, the per-document records and writes, the cross-document
  stages); on P > 1 processes also with ``workers=P``, the ``--workers P`` Dask build.

Each side runs ``--repeats`` times (default 2) for each process count (default 1 and 2),
alternating spaCy and build so drift hits both alike; the median and the range are
reported, with the build's time split by stage (from its progress reports). One repeat
takes about 11 minutes on an idle 2-core machine; other load on the machine slows both
sides, and the load average is recorded with the results.

Usage (from the project root)::

    .venv/bin/python bench/build_throughput.py                  # 2000 articles, 2 repeats, 1 and 2 processes
    .venv/bin/python bench/build_throughput.py --write-results  # ... and update bench/RESULTS.md
    .venv/bin/python bench/build_throughput.py --articles 300 --repeats 1 --processes 1   # quick check
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import random
import re
import resource
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Build throughput"
TARGET = 0.8

sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout without an installed package too

from sitroom import Settings, build, open_store  # noqa: E402
from sitroom import language, matmul  # noqa: E402


# --------------------------------------------------------------------------- corpus
@dataclass
class Source:
    """One source article: topic, optional title and date lines, body sentences."""

    name: str
    topic: str
    title: str | None
    dateline: str | None
    sentences: list[str]


@dataclass
class Article:
    name: str
    header: list[str]
    paragraphs: list[str]
    kind: str  # "source" or "mix"
    parents: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        """The main text as sitroom keeps it: body paragraphs, blank-line separated."""
        return "\n\n".join(self.paragraphs)

    def file_text(self) -> str:
        return "\n".join(self.header + self.paragraphs) + "\n"


_NO_SPACE_BEFORE = {".", ",", ":", ";", "?", "!", ")", "]", "}", "%", "...", "'s", "'S", "n't", "'re", "'m", "'ve",
                    "'ll", "'d", "’s", "’", "”", "''"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "US$", "“", "``", "‘", "#"}
_JOINERS = {"-", "/"}  # ECB+ splits hyphenated words and slashes into tokens: "90 - day"
_DATE_LINE = re.compile(
    r"^(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:[\s,]+\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?$"
)


_CLITICS = {"s", "S", "t", "re", "ve", "ll", "d", "m"}
_CLOSERS = {".", ",", "!", "?", ";", "...", "--", "—"}


def detokenize(tokens: list[str]) -> str:
    """Join CAT-XML tokens with spaces, then tidy spaces around punctuation and quotes."""
    toks = [t.strip() for t in tokens if t and t.strip()]
    out: list[str] = []
    glue_next = False
    inside = False  # inside a straight-quoted passage
    for i, tok in enumerate(toks):
        prev = toks[i - 1] if i else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        kind = "word"
        if tok == "``":
            tok, kind = "“", "open"
        elif tok == "''":
            tok, kind = "”", "close"
        elif tok == '"':
            if prev is None:
                kind = "open"
            elif nxt is None or nxt in _NO_SPACE_BEFORE or prev in _CLOSERS:
                kind = "close"
            elif prev == ":":
                kind = "open"
            else:
                kind = "close" if inside else "open"
            inside = kind == "open"
            tok = "“" if kind == "open" else "”"
        elif tok in {"’", "'"} and nxt in _CLITICS:
            kind = "clitic"
        elif tok == "‘":
            kind = "open"
        attach = (
            not out
            or glue_next
            or tok in _NO_SPACE_BEFORE
            or kind in {"close", "clitic"}
            or (tok in _JOINERS and prev is not None and prev[-1:].isalnum())
            or (prev in _JOINERS and i >= 2 and toks[i - 2][-1:].isalnum() and tok[:1].isalnum())
            or (tok == ":" and prev is not None and prev.isdigit() and nxt is not None and nxt[:1].isdigit())
            or (prev == ":" and i >= 2 and toks[i - 2].isdigit() and tok[:1].isdigit())
        )
        out.append(tok if attach else " " + tok)
        glue_next = tok in _NO_SPACE_AFTER or kind in {"open", "clitic"}
    return "".join(out).strip()


def _sentences(path: Path) -> list[str]:
    by_number: dict[int, list[str]] = defaultdict(list)
    for token in ElementTree.parse(path).getroot().iter("token"):
        by_number[int(token.get("sentence", "0"))].append(token.text or "")
    return [detokenize(by_number[n]) for n in sorted(by_number)]


def load_sources(data: Path = DATA) -> list[Source]:
    """Every ECB+ and MEANTIME article as a ``Source`` (sorted, so the order is stable)."""
    sources: list[Source] = []
    ecb = sorted((data / "ecbplus" / "ECB+").glob("*/*.xml"))
    meantime = sorted((data / "meantime" / "intra_cross-doc_annotation").glob("*/*.xml"))
    if not ecb and not meantime:
        raise SystemExit(f"no ECB+ or MEANTIME XML files under {data}")
    for path in ecb + meantime:
        sents = [s for s in _sentences(path) if s]
        if path.name.endswith("ecbplus.xml") and sents:
            sents = sents[1:]  # sentence 0 is the source URL
        title = dateline = None
        if sents and len(sents[0].split()) <= 30 and not re.search(r"[.!?\"”’']$", sents[0]):
            title, sents = sents[0], sents[1:]
        if sents and _DATE_LINE.match(sents[0]):
            dateline, sents = sents[0], sents[1:]
        # Drop header leftovers (a second date, a place line) before the first real sentence.
        while sents and len(sents[0].split()) < 4 and not re.search(r"[.!?\"”]$", sents[0]):
            sents = sents[1:]
        if len(sents) < 2 or sum(len(x.split()) for x in sents) < 40:
            continue  # a stub (some ECB files hold only their one annotated sentence)
        topic = path.parent.name
        sources.append(Source(path.stem, topic, title, dateline, sents))
    return sources


_FIRST = ("Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "James", "Kemal", "Laura",
          "Marco", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Samuel", "Tara", "Uma", "Victor", "Wen", "Yusuf")
_LAST = ("Adams", "Baker", "Chen", "Duarte", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
         "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Singh", "Tanaka", "Ueda", "Varga")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        size = rng.randint(2, 4)
        if len(sentences) - (i + size) == 1:  # no one-sentence paragraph at the end
            size += 1
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    return paragraphs


def _headline(sentence: str, rng: random.Random) -> str | None:
    words = re.sub(r"[“”\"]", "", sentence).split()
    if len(words) < 14:
        return None  # a title that is the whole first sentence would hide it as metadata
    return " ".join(words[: rng.randint(6, 10)]).rstrip(",;:.")


def _date_line(rng: random.Random, given: str | None) -> str:
    if given and rng.random() < 0.7:
        return given
    day = date(2008, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    style = rng.randrange(3)
    if style == 0:
        return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == 1:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return day.isoformat()


def _header(rng: random.Random, title: str | None, first_sentence: str, dateline: str | None) -> list[str]:
    header: list[str] = []
    if rng.random() < 0.6:
        headline = title or _headline(first_sentence, rng)
        if headline:
            header.append(headline)
    if rng.random() < 0.4:
        names = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(1 if rng.random() < 0.85 else 2)]
        header.append("By " + " and ".join(names))
    if rng.random() < 0.5:
        header.append(_date_line(rng, dateline))
    return header


def make_articles(n: int, seed: int = 2024) -> list[Article]:
    """``n`` distinct articles: every source once, then two-source mixes of one topic."""
    rng = random.Random(seed)
    sources = load_sources()
    articles: list[Article] = []
    # Every source once in a corpus of 2000 or more; a smaller corpus keeps that mix of
    # sources and two-source articles (a spread sample of the sources).
    n_sources = min(len(sources), n * len(sources) // max(n, 2000)) if n > 1 else 1
    picked = sorted(rng.sample(range(len(sources)), n_sources))
    for src in (sources[i] for i in picked):
        header = _header(rng, src.title, src.sentences[0], src.dateline)
        articles.append(Article(f"src_{src.name}", header, _paragraphs(src.sentences, rng), "source", (src.name,)))
    by_topic: dict[str, list[Source]] = defaultdict(list)
    for src in sources:
        by_topic[src.topic].append(src)
    topics = sorted(t for t, members in by_topic.items() if len(members) >= 2)
    weights = [len(by_topic[t]) for t in topics]
    # Shingle sets of the sources and of the mixes made so far, per topic: a candidate that
    # overlaps any of them too much is dropped, so the made articles are not copies of
    # anything (the few near-duplicates left are syndicated stories among the sources).
    seen: dict[str, list[frozenset[str]]] = {t: [_shingles(" ".join(m.sentences)) for m in by_topic[t]] for t in topics}
    used: set[tuple[str, str]] = set()
    number = attempts = 0
    while len(articles) < n:
        attempts += 1
        if attempts > 100 * n:
            raise SystemExit(f"cannot make {n} distinct articles from {len(sources)} sources")
        topic = rng.choices(topics, weights)[0]
        a, b = rng.sample(by_topic[topic], 2)
        if (a.name, b.name) in used:
            continue
        used.add((a.name, b.name))
        sentences = _mix(a, b, rng)
        shingles = _shingles(" ".join(sentences))
        if not shingles or any(_too_close(shingles, other) for other in seen[topic]):
            continue
        seen[topic].append(shingles)
        header = _header(rng, a.title if rng.random() < 0.5 else b.title, sentences[0], a.dateline or b.dateline)
        number += 1
        articles.append(Article(f"mix_{number:05d}_{topic}", header, _paragraphs(sentences, rng), "mix", (a.name, b.name)))
    return articles


def _words(sentences: list[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def _mix(a: Source, b: Source, rng: random.Random) -> list[str]:
    """A window of 35-55% of A's words, then about as many words of B's (at most 55% of B)."""
    target_a = _words(a.sentences) * rng.uniform(0.35, 0.55)
    start = rng.randrange(0, max(1, len(a.sentences) // 2)) if rng.random() < 0.4 else 0
    part_a: list[str] = []
    for sentence in a.sentences[start:]:
        if part_a and _words(part_a) + len(sentence.split()) / 2 > target_a:
            break
        part_a.append(sentence)
    target_b = _words(part_a) * rng.uniform(0.7, 1.3)
    cap_b = 0.55 * _words(b.sentences)
    chosen: list[int] = []
    total = 0
    for i in rng.sample(range(len(b.sentences)), len(b.sentences)):
        size = len(b.sentences[i].split())
        if chosen and (total >= target_b or total + size > cap_b):
            continue
        chosen.append(i)
        total += size
    return part_a + [b.sentences[i] for i in sorted(chosen)]


def _shingles(text: str, size: int = 5) -> frozenset[str]:
    tokens = re.findall(r"\w+", text.lower())
    return frozenset(" ".join(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


def _too_close(x: frozenset[str], y: frozenset[str]) -> bool:
    """Overlap well below what sitroom's dedupe calls a copy (Jaccard 0.5, containment 0.8)."""
    common = len(x & y)
    return common >= 0.6 * min(len(x), len(y)) or common >= 0.35 * len(x | y)


def write_corpus(articles: list[Article], folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i, article in enumerate(articles):
        (folder / f"{i:05d}_{article.name}.txt").write_text(article.file_text(), encoding="utf-8")


# ---------------------------------------------------------------------- measurement
@dataclass
class Run:
    side: str  # "spacy", "build" (Settings(processes=P)) or "dask" (Settings(workers=P))
    processes: int
    seconds: float
    extra: dict[str, int] = field(default_factory=dict)


def time_spacy(nlp, texts: list[str], settings: Settings) -> tuple[float, dict[str, int]]:
    """Seconds, and the CPU time of this process and of spaCy's processes (milliseconds)."""
    gc.collect()
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    with matmul.one_thread():  # as the build runs spaCy: one BLAS thread a process
        docs = list(nlp.pipe(texts, batch_size=settings.spacy_batch_size, n_process=settings.processes))
    seconds = time.perf_counter() - start
    cpu = [after - before for after, before in zip(_cpu_seconds(), cpu_before)]
    assert len(docs) == len(texts)
    del docs
    return seconds, {"ms_cpu_self": round(1000 * cpu[0]), "ms_cpu_children": round(1000 * cpu[1])}


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of this process and of its waited-for children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def time_build(folder: Path, db: Path, settings: Settings, keep: bool = False) -> tuple[float, dict[str, int]]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    gc.collect()
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, time.perf_counter())  # when each stage first reports

    with open_store(str(db)) as store:
        cpu_before = _cpu_seconds()
        start = time.perf_counter()
        report = build([folder], store, settings, progress)
        seconds = time.perf_counter() - start
        cpu = [after - before for after, before in zip(_cpu_seconds(), cpu_before)]
        end = start + seconds
        counts = store.counts()
        row = store.conn.execute(
            "SELECT count(*), coalesce(sum(words), 0) FROM documents WHERE analysed = 1"
        ).fetchone()
    for suffix in ("", "-wal", "-shm") if not keep else ():
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    extra = {
        "documents": counts["documents"],
        "duplicates": counts["duplicates"],
        "failures": len(report.failures),
        "analysed": row[0],
        "analysed_words": row[1],
        "mentions": counts["mentions"],
        "entities": counts["entities"],
        # CPU time (user + system) of this process and of the child processes the build
        # started and waited for (spaCy's processes, Dask's workers), in milliseconds.
        "ms_cpu_self": round(1000 * cpu[0]),
        "ms_cpu_children": round(1000 * cpu[1]),
    }
    # Stage times from the build's own progress reports: read + clean + dedupe + document
    # writes until "analyse" starts, then spaCy + records + writes until "link", then the
    # cross-document stages (entities, and whatever else runs after the analysis).
    analyse_at = marks.get("analyse", end)
    link_at = marks.get("link", end)
    extra["ms_ingest"] = round(1000 * (analyse_at - start))
    extra["ms_analyse"] = round(1000 * (link_at - analyse_at))
    extra["ms_link"] = round(1000 * (end - link_at))
    return seconds, extra


# The build sides: how the build is given P cores.
BUILDS = (("build", "sitroom `build`", "processes={}"), ("dask", "sitroom `build --workers P` (Dask)", "Dask workers={}"))


def stage_rows(runs: list[Run]) -> list[list[str]]:
    """Median seconds per build stage, next to spaCy alone, per process count."""
    rows = []
    for processes in sorted({r.processes for r in runs}):
        spacy = [r.seconds for r in runs if r.side == "spacy" and r.processes == processes]
        for side, _, name in BUILDS:
            builds = [r for r in runs if r.side == side and r.processes == processes]
            if not builds:
                continue
            med = {k: statistics.median(r.extra[k] for r in builds) / 1000 for k in ("ms_ingest", "ms_analyse", "ms_link")}
            rows.append([
                name.format(processes), f"{med['ms_ingest']:.1f}", f"{med['ms_analyse']:.1f}", f"{med['ms_link']:.1f}",
                f"{statistics.median(r.seconds for r in builds):.1f}", f"{statistics.median(spacy):.1f}" if spacy else "—",
            ])
    return rows


def cpu_seconds(run: Run) -> float:
    return (run.extra["ms_cpu_self"] + run.extra["ms_cpu_children"]) / 1000


def core_bounds(runs: list[Run]) -> list[str]:
    """What the machine's cores allow each build side on P > 1 processes: the build's CPU
    seconds (its process and the processes it started) take at least that divided by the
    cores in wall time, so against spaCy alone's median seconds the ratio can be at most
    spaCy seconds × cores / build CPU seconds. (Not on one process: the build's embeddings
    run on every core even then, spaCy alone on one.)"""
    cores = os.cpu_count() or 1
    lines = []
    for processes in sorted({r.processes for r in runs if r.processes > 1}):
        spacy = [r for r in runs if r.side == "spacy" and r.processes == processes]
        if not spacy:
            continue
        spacy_seconds = statistics.median(r.seconds for r in spacy)
        spacy_cpu = statistics.median(cpu_seconds(r) for r in spacy)
        for side, _, name in BUILDS:
            builds = [r for r in runs if r.side == side and r.processes == processes]
            if not builds:
                continue
            build_cpu = statistics.median(cpu_seconds(r) for r in builds)
            lines.append(
                f"{name.format(processes)}: the build used {build_cpu:.1f} CPU s, spaCy alone {spacy_cpu:.1f}; "
                f"spread perfectly over the {cores} cores the build takes at least {build_cpu / cores:.1f} s, so "
                f"build/spaCy is at most **{spacy_seconds * cores / build_cpu:.2f}×**; {TARGET}× needs the build "
                f"under {spacy_seconds * cores / TARGET:.1f} CPU s"
            )
    return lines


STAGE_HEAD = ["build", "ingest+clean+dedupe+write documents", "analyse (spaCy, records, writes)",
              "cross-document stages (entities, statements, stories, timeline, claims, forecasts, relations)", "build total", "spaCy alone"]


def _fmt_seconds(values: list[float]) -> str:
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.1f}"
    return f"{med:.1f} ({min(values):.1f}–{max(values):.1f})"


def summarise(runs: list[Run], articles: int, words: int) -> tuple[list[list[str]], dict[str, float]]:
    """The table rows, and build/spaCy per build side and process count ("processes=2")."""
    rows: list[list[str]] = []
    ratios: dict[str, float] = {}
    for processes in sorted({r.processes for r in runs}):
        medians = {}
        spacy_sides = (("spacy", "spaCy `nlp.pipe` alone"), ("spacy-run", "spaCy `nlp.pipe`, the pipeline as sitroom runs it"))
        for side, label in (*spacy_sides, *((side, label) for side, label, _ in BUILDS)):
            secs = [r.seconds for r in runs if r.side == side and r.processes == processes]
            if not secs:
                continue
            med = statistics.median(secs)
            medians[side] = med
            rows.append([
                label, str(processes), f"{articles:,}", f"{words:,}", str(len(secs)), _fmt_seconds(secs),
                f"{articles / med:.1f}", f"{words / med:,.0f}",
            ])
        for side, _, name in BUILDS:
            if "spacy" in medians and side in medians:
                ratios[name.format(processes)] = medians["spacy"] / medians[side]
        if "spacy-run" in medians and "build" in medians:
            ratios[RUN_RATIO.format(processes)] = medians["spacy-run"] / medians["build"]
    return rows, ratios


# The build against the pipeline as it runs it (attribute_ruler disabled): not the target's
# ratio, shown beside it so the stand-in's share of the gain can be seen.
RUN_RATIO = "processes={} against spaCy as sitroom runs it"


def stock_pipeline(settings: Settings):
    """spaCy alone: the model as it ships, its attribute_ruler included (sitroom's
    ``language.load`` disables that component and applies its rules to the token table
    itself); the lemmatizer disabled, as sitroom loads it, since no stage reads lemmas."""
    import spacy

    for name in (settings.spacy_model, settings.spacy_fallback_model):
        if not name:
            continue
        try:
            return spacy.load(name, disable=["lemmatizer"])
        except OSError:
            continue
    raise SystemExit(f"no spaCy model {settings.spacy_model!r} or {settings.spacy_fallback_model!r} installed")


HEAD = ["run", "processes", "articles", "words", "repeats", "seconds, median (min–max)", "articles/s", "words/s"]


def markdown_table(rows: list[list[str]], head: list[str] = HEAD) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def text_table(rows: list[list[str]], head: list[str] = HEAD) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths))]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(out)


def source_revision() -> str:
    """The checked-out commit, read from ``.git`` (the working tree may hold uncommitted changes)."""
    git = ROOT / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        if (git / ref).exists():
            return (git / ref).read_text().strip()[:12]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0][:12]
    except OSError:
        pass
    return "unknown"


def load_average() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def write_results(section: str, path: Path = RESULTS, heading: str = SECTION) -> None:
    """Replace the section ``heading`` (``## Build throughput``) of RESULTS.md, leaving every
    other section alone (create the file if needed)."""
    if path.exists():
        current = path.read_text(encoding="utf-8")
    else:
        current = "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    body = section.rstrip() + "\n"
    if pattern.search(current):
        updated = pattern.sub(lambda _: body + "\n", current, count=1).rstrip() + "\n"
    else:
        updated = current.rstrip() + "\n\n" + body
    path.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="number of articles to make (default 2000)")
    parser.add_argument("--repeats", type=int, default=2, help="timed runs per side and process count (default 2)")
    parser.add_argument("--processes", default="1,2", help="comma-separated process counts to measure (default 1,2)")
    parser.add_argument("--seed", type=int, default=2024, help="corpus seed (default 2024)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out",
                        help="where each run makes its own work folder (default bench/out, git-ignored)")
    parser.add_argument("--keep", action="store_true", help="keep the made corpus folder under --out")
    parser.add_argument("--write-results", action="store_true", help=f"update the '{SECTION}' section of bench/RESULTS.md")
    args = parser.parse_args(argv)
    process_counts = [int(p) for p in args.processes.split(",") if p.strip()]
    if args.articles < 1 or args.repeats < 1 or not process_counts or min(process_counts) < 1:
        parser.error("--articles, --repeats and --processes must be 1 or more")

    total_start = time.perf_counter()
    started = datetime.now(timezone.utc)
    load_before = load_average()
    revision = source_revision()  # now: the tree may move on while the benchmark runs
    print(f"load average (1/5/15 min) before: {load_before}; sitroom at {revision}", flush=True)
    # Clean up on a polite kill too (SIGTERM), not only on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    with work_folder(args.out, f"run-{args.articles}-{args.seed}-", args.keep) as work:
        return _run(args, process_counts, work / "corpus", work / "bench.db", total_start, started, load_before, revision)


@contextlib.contextmanager
def work_folder(out: Path, prefix: str, keep: bool) -> Iterator[Path]:
    """A fresh folder under ``out`` for one run (two runs at once never share files),
    removed afterwards unless ``keep``."""
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=out))
    try:
        yield work
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, process_counts: list[int], folder: Path, db: Path, total_start: float,
         started: datetime, load_before: str, revision: str) -> int:
    t0 = time.perf_counter()
    articles = make_articles(args.articles, args.seed)
    write_corpus(articles, folder)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    mixes = sum(1 for a in articles if a.kind == "mix")
    with_header = sum(1 for a in articles if a.header)
    print(
        f"corpus: {len(articles)} articles ({len(articles) - mixes} source texts, {mixes} two-source mixes, "
        f"{with_header} with title/byline/date lines), {words:,} words, mean {words / len(articles):.0f}; "
        f"{folder} ({time.perf_counter() - t0:.1f} s)",
        flush=True,
    )

    base = Settings()
    nlp = stock_pipeline(base)
    ran = language.load(base.spacy_model, base.spacy_fallback_model)  # the build's own: warmed up too
    model = f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    for pipeline in (nlp, ran):
        list(pipeline.pipe(texts[:8], batch_size=base.spacy_batch_size))  # warm-up: loading is not timed
    # The build's own models too (the language identifier, the MiniLM session): a build of
    # eight articles into a throwaway store, as spaCy alone is warmed up on eight texts.
    warm = folder.parent / "warm-up"
    write_corpus(articles[:8], warm)
    time_build(warm, db.parent / "warm-up.db", base)
    print(f"model: {model}, pipes {', '.join(nlp.pipe_names)}; as sitroom runs it: {', '.join(ran.pipe_names)}; "
          f"batch size {base.spacy_batch_size}", flush=True)

    runs: list[Run] = []
    for processes in process_counts:
        settings = base.with_overrides(processes=processes)
        for rep in range(1, args.repeats + 1):
            # Alternate the two sides so drift (thermal, page cache) hits both alike.
            seconds, extra = time_spacy(nlp, texts, settings)
            runs.append(Run("spacy", processes, seconds, extra))
            print(f"  processes={processes} repeat {rep}: spaCy alone {seconds:.1f} s", flush=True)
            seconds, extra = time_spacy(ran, texts, settings)
            runs.append(Run("spacy-run", processes, seconds, extra))
            print(f"  processes={processes} repeat {rep}: spaCy as sitroom runs it {seconds:.1f} s", flush=True)
            # On P > 1 cores the build runs both ways: spaCy's own P processes, with the
            # records made in this one, and P Dask workers doing every per-document stage.
            sides = [("build", settings)] + ([("dask", base.with_overrides(workers=processes))] if processes > 1 else [])
            for side, build_settings in sides:
                seconds, extra = time_build(folder, db, build_settings)
                runs.append(Run(side, processes, seconds, extra))
                print(
                    f"  processes={processes} repeat {rep}: sitroom build{' --workers' if side == 'dask' else ''} "
                    f"{seconds:.1f} s ({extra['documents']} documents, {extra['duplicates']} duplicates, "
                    f"{extra['failures']} rejected, {extra['analysed']} analysed with {extra['analysed_words']:,} words)",
                    flush=True,
                )

    rows, ratios = summarise(runs, len(articles), words)
    total = time.perf_counter() - total_start
    load_after = load_average()
    print(f"load average after: {load_after}")
    print()
    print(text_table(rows))
    for name, ratio in ratios.items():
        verdict = "meets" if ratio >= TARGET else "misses"
        print(f"ratio build/spaCy, {name}: {ratio:.2f}×" + ("" if "as sitroom runs" in name else f" ({verdict} the {TARGET}× target)"))
    stages = stage_rows(runs)
    print("\nbuild stages, median seconds:")
    print(text_table(stages, STAGE_HEAD))
    bounds = core_bounds(runs)
    print("\nthe cores, median CPU seconds:\n" + "\n".join(bounds))
    print(f"total benchmark time {total / 60:.1f} min")

    if args.write_results:
        last_build = next(r for r in reversed(runs) if r.side == "build" and r.processes == process_counts[0])
        e = last_build.extra
        command = "make setup && .venv/bin/python bench/build_throughput.py --write-results"
        options = []
        if args.articles != 2000:
            options.append(f"--articles {args.articles}")
        if args.repeats != 2:
            options.append(f"--repeats {args.repeats}")
        if args.processes != "1,2":
            options.append(f"--processes {args.processes}")
        if args.seed != 2024:
            options.append(f"--seed {args.seed}")
        if options:
            command += " " + " ".join(options)
        ratio_lines = "\n".join(
            f"- {name}: build/spaCy = **{r:.2f}×** — "
            + ("meets" if r >= TARGET else "**misses**")
            + f" the {TARGET}× target"
            for name, r in ratios.items() if "as sitroom runs" not in name
        ) + "\n" + "\n".join(
            f"- {name}: build/spaCy = {r:.2f}× (not the target's measure: see above)"
            for name, r in ratios.items() if "as sitroom runs" in name
        )
        section = f"""{SECTION}

Build throughput of `sitroom build` next to spaCy's `nlp.pipe` alone on the same texts,
in the same process run. Target: the build at ≥ {TARGET}× the speed of spaCy alone.

- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}; sitroom at commit `{revision}` when the run started (plus any uncommitted changes)
- Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()}, Python {platform.python_version()};
  load average (1/5/15 min) {load_before} before the run, {load_after} after — a load above 0
  means other processes shared the cores, and every number below is slower for it
- Model: `{model}` (lemmatizer disabled, as sitroom loads it), `batch_size={base.spacy_batch_size}`.
  spaCy alone runs the model as it ships (`{', '.join(nlp.pipe_names)}`). sitroom runs it without
  its `attribute_ruler` (`{', '.join(ran.pipe_names)}`) and applies that component's rules to each
  Doc's token table itself (`language.AttributeRules`, the same tags, parts of speech and
  dependencies; the component's Matcher took about an eighth of the pipeline's time), so the
  build's time includes those rules; its last component drops each Doc's tok2vec tensor, which
  no stage reads and spaCy's processes would send back; and its layers multiply matrices with
  NumPy's BLAS on one thread, in blocks of {matmul.ROWS} rows, instead of thinc's bundled BLIS
  (`sitroom.matmul`: the same tags, parses and entities, checked by `tests/test_language.py`). The second spaCy row times the pipeline as sitroom runs it,
  without the rules, and the last ratio lines compare the build with that: the gap left once the
  stand-in's and the products' gains are set aside.
- Corpus: {len(articles):,} plain-text articles made from the ECB+ and MEANTIME news texts in
  `../shared/data` (seed {args.seed}): {len(articles) - mixes} source texts and {mixes} varied two-source mixes of one
  topic; {with_header} start with title/byline/date lines; {words:,} words of main text
  (mean {words / len(articles):.0f} per article).
- spaCy alone: `list(nlp.pipe(texts, batch_size={base.spacy_batch_size}, n_process=P))` over the main texts,
  file reading excluded. Build: `sitroom.build([folder], store, Settings(processes=P))` into a
  fresh SQLite store each time (read, decode, clean, dedupe, spaCy, the per-document records
  and writes, the cross-document stages); on P > 1 also `Settings(workers=P)`, the
  `--workers P` build, whose P Dask workers run every per-document stage.
  The model is loaded and warmed up before any timing. Both sides are given the same
  article and word counts; the build analysed {e['analysed']:,} documents with {e['analysed_words']:,} words
  ({e['duplicates']} grouped as duplicates, {e['failures']} rejected).
- Command: `{command}` (whole run {total / 60:.1f} min)

{markdown_table(rows)}

{ratio_lines}

Where the build's time goes (median seconds, from the build's own progress reports; the
analyse stage covers {e['analysed']:,} canonical documents, spaCy alone all {len(articles):,} texts):

{markdown_table(stages, STAGE_HEAD)}

What the cores allow (median CPU seconds of the process and of every process it started
and waited for: spaCy's processes, Dask's workers; a build cannot take less wall time than
its CPU seconds spread over all the machine's cores):

{chr(10).join("- " + line for line in bounds)}
"""
        write_results(section)
        print(f"updated {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
