"""A document's text cut into segments, each with the extracted spans that cover it.

Spans of different kinds overlap without nesting (a quote inside a claim that starts
mid-quote), so they cannot become nested tags. The text is cut at every span boundary
instead; each segment carries the kinds covering it, the entity it links to (the
innermost mention) and a short label for each covering span. The template escapes the
text of every segment; nothing here produces markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("mention", "quote", "claim", "time")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    start: int
    kinds: tuple[str, ...]          # which kinds of span cover it, in KINDS order
    entity: str | None              # entity id of the innermost covering mention
    notes: tuple[str, ...]          # one short label per covering span, for the tooltip
    anchors: tuple[str, ...] = ()   # ids of spans that start here (for links from the lists)


def _label(kind: str, span: dict[str, Any]) -> str:
    if kind == "mention":
        name = span.get("entity_name") or span["text"]
        return f"{span['label']}: {name}"
    if kind == "quote":
        who = span.get("speaker_name") or "unknown speaker"
        return f"{span['kind']} quote — {who}" + (f" ({span['cue']})" if span.get("cue") else "")
    if kind == "claim":
        status = f", {span['cluster_status']}" if span.get("cluster_status") else ""
        return f"claim ({span['modality']}{status}) — {span['holder']}"
    return f"time: {span['text']} = {span.get('value') or '?'}"


def segments(text: str, spans: dict[str, list[dict[str, Any]]]) -> list[Segment]:
    """Cut ``text`` at every boundary of the spans in ``spans`` (kind -> list of dicts with
    ``start``/``end``); spans outside the text are clipped or skipped."""
    n = len(text)
    items: list[tuple[int, int, str, dict[str, Any], str]] = []
    for kind in KINDS:
        for i, span in enumerate(spans.get(kind, ())):
            start, end = max(0, int(span["start"])), min(n, int(span["end"]))
            if start < end:
                items.append((start, end, kind, span, f"{kind}-{i}"))
    cuts = sorted({0, n, *(s for s, *_ in items), *(e for _, e, *_ in items)})
    starts: dict[int, list[str]] = {}
    for start, _, _, _, anchor in items:
        starts.setdefault(start, []).append(anchor)
    # Sweep: spans sorted by start; the active set is small (a sentence's worth).
    items.sort(key=lambda x: (x[0], -x[1]))
    out: list[Segment] = []
    active: list[tuple[int, int, str, dict[str, Any], str]] = []
    k = 0
    for a, b in zip(cuts, cuts[1:]):
        while k < len(items) and items[k][0] <= a:
            active.append(items[k])
            k += 1
        active = [x for x in active if x[1] > a]
        covering = [x for x in active if x[0] <= a < x[1]]
        kinds = tuple(kind for kind in KINDS if any(x[2] == kind for x in covering))
        mentions = [x for x in covering if x[2] == "mention" and x[3].get("entity")]
        entity = min(mentions, key=lambda x: x[1] - x[0])[3]["entity"] if mentions else None
        notes = tuple(_label(x[2], x[3]) for x in covering)
        out.append(Segment(text[a:b], a, kinds, entity, notes, tuple(starts.get(a, ()))))
    return out
