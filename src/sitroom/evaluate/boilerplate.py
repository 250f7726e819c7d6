"""Boilerplate and comment removal scored on must-keep / must-drop snippets.

The gold set (``eval/boilerplate/gold.jsonl``) lists, per page, snippets of main text that
must stay and snippets of chrome and comments that must go, each with its kind — the
method of trafilatura's own evaluation data. A kept snippet found in the main text is a
true positive, missing a false negative; a drop snippet still in the main text is a false
positive. The peer is trafilatura's ``extract`` on the same page (plain-text and Markdown
pages are given to it as simple HTML, one ``<p>`` per line, since it reads only HTML).
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from ..config import DEFAULT_SETTINGS
from ..ingest import clean, outlet_repeats, read_source
from ..ingest.cleaning import normalise
from ..types import Failure
from .scoring import PRF, Score


@dataclass(frozen=True, slots=True)
class PageResult:
    file: str
    kept_missing: tuple[str, ...]
    dropped_leaked: tuple[str, ...]


def _contains(text: str, snippet: str) -> bool:
    return normalise(snippet) in normalise(text)


def ours(paths: list[Path]) -> list[tuple[str, dict[str, str]]]:
    """Our main text for each page, and the kind we gave each removed part.

    The pages are cleaned as one build would clean them: together, so that what an
    outlet repeats across its articles counts.
    """
    raws = []
    for path in paths:
        items = [i for i in read_source(path, DEFAULT_SETTINGS) if not isinstance(i, Failure)]
        raws.append(items[0] if items else None)
    repeats = outlet_repeats([r for r in raws if r is not None])
    results = []
    for raw in raws:
        if raw is None:
            results.append(("", {}))
            continue
        doc = clean(raw, repeats.get((raw.outlet or "").lower(), frozenset()))
        results.append((doc.text, {r.text: r.kind for r in doc.removed}))
    return results


def trafilatura_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() not in {".html", ".htm"}:
        paragraphs = [line for line in raw.split("\n") if line.strip()]
        raw = "<html><body><article>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</article></body></html>"
    return trafilatura.extract(raw, include_comments=False, include_tables=True) or ""


def _score(pages: list[dict], texts: list[str]) -> tuple[PRF, Counter[str], Counter[str], list[PageResult]]:
    total = PRF()
    dropped: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    results = []
    for page, text in zip(pages, texts):
        missing = tuple(s for s in page["keep"] if not _contains(text, s))
        leaked = tuple(d["text"] for d in page["drop"] if _contains(text, d["text"]))
        total += PRF(tp=len(page["keep"]) - len(missing), fn=len(missing), fp=len(leaked))
        for d in page["drop"]:
            seen[d["kind"]] += 1
            if d["text"] not in leaked:
                dropped[d["kind"]] += 1
        results.append(PageResult(page["file"], missing, leaked))
    return total, dropped, seen, results


def evaluate(gold_dir: Path) -> tuple[list[Score], dict[str, list[PageResult]]]:
    """Score sitroom and trafilatura on the set in ``gold_dir``; ours first."""
    pages = [json.loads(line) for line in (gold_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    results = ours([gold_dir / page["file"] for page in pages])
    our_texts = [text for text, _ in results]
    our_kinds = [kinds for _, kinds in results]
    peer_texts = [trafilatura_text(gold_dir / page["file"]) for page in pages]
    scores, details = [], {}
    for system, texts in (("sitroom", our_texts), ("trafilatura", peer_texts)):
        prf, dropped, seen, results = _score(pages, texts)
        metrics = {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}
        for kind in sorted(seen):
            metrics[f"removed_{kind}"] = dropped[kind] / seen[kind]
        scores.append(Score(system, metrics))
        details[system] = results
    # Of the drop snippets we removed, how many did we file under the right kind?
    right = total = 0
    for page, kinds in zip(pages, our_kinds):
        for d in page["drop"]:
            match = [k for text, k in kinds.items() if _contains(text, d["text"])]
            if match:
                total += 1
                right += d["kind"] in match
    scores[0].metrics["kind_accuracy"] = right / total if total else 0.0
    return scores, details
