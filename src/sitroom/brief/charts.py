"""Static charts for the HTML brief, drawn with matplotlib as SVG text (no files, no JS).

Article text reaches the pictures as labels: ``$`` is escaped so matplotlib never reads it
as mathtext, and the SVG writer escapes ``<``, ``>`` and ``&`` (text is drawn as glyph
paths; the label survives only in an escaped comment), so the inline SVG carries no markup
of the articles'.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..timeline import day_range
from ..types import Event, Relation

if TYPE_CHECKING:
    import networkx as nx

STATUS_COLOURS = {"occurred": "#1f6feb", "planned": "#8250df", "predicted": "#bf8700",
                  "hypothetical": "#8c959f", "denied": "#cf222e"}


def timeline_svg(events: Sequence[Event], limit: int = 25) -> str:
    """A horizontal timeline of dated events, one row each, coloured by status."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    rows = [(day_range(e.date), e) for e in events if day_range(e.date)]
    rows = sorted(rows, key=lambda r: (-len(r[1].documents), r[0][0]))[:limit]
    rows.sort(key=lambda r: r[0][0])
    if not rows:
        return ""
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(rows) + 1.2))
    for y, ((first, last), event) in enumerate(rows):
        colour = STATUS_COLOURS.get(event.status, "#57606a")
        width = max((last - first).days, 0.6)
        ax.barh(y, width, left=mdates.date2num(first), height=0.5, color=colour)
        label = event.summary if len(event.summary) < 70 else event.summary[:67] + "…"
        label = label.replace("$", r"\$")  # article text is never mathtext
        ax.text(mdates.date2num(last) + 0.8, y, label, va="center", fontsize=7)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    fig.autofmt_xdate()
    ax.spines[["top", "right", "left"]].set_visible(False)
    span = (rows[-1][0][1] - rows[0][0][0]).days
    ax.set_xlim(mdates.date2num(rows[0][0][0]) - 2, mdates.date2num(rows[-1][0][1]) + max(10, span * 0.9))
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML prolog to inline it


KIND_COLOURS = {"cooperation": "#1a7f37", "conflict": "#cf222e", "mixed": "#bf8700"}


def _label(name: str, limit: int = 28) -> str:
    """A node label: short, on one line, never mathtext (article text is hostile input)."""
    text = " ".join(name.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def _component_layout(g: "nx.Graph") -> dict[str, tuple[float, float]]:
    """Each connected group laid out on its own (Kamada-Kawai spreads a small dense core
    more evenly than a spring layout), the largest on the left, the others stacked in a
    column beside it, so unrelated groups never overlap. Deterministic."""
    import networkx as nx

    groups = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    positions: dict[str, tuple[float, float]] = {}
    column_x, column_y = 0.0, 0.0
    for i, nodes in enumerate(groups):
        radius = max(len(nodes), 2) ** 0.5 / 2
        laid = nx.kamada_kawai_layout(g.subgraph(nodes), scale=radius)
        if i == 0:
            origin = (0.0, 0.0)
            column_x, column_y = radius + 1.0, radius
        else:
            origin = (column_x + radius, column_y - radius)
            column_y -= 2 * radius + 0.6
        for node, (x, y) in laid.items():
            positions[node] = (x + origin[0], y + origin[1])
    return positions


def network_svg(relations: Sequence[Relation], names: Mapping[str, str], limit: int = 30) -> str:
    """The actor network: the ``limit`` best-supported relations, edges coloured by kind
    and as thick as the events and claims behind them, nodes as large as their number of
    relations; the same relations always draw the same picture."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    chosen = sorted(relations, key=lambda r: (-(r.events + r.claims), -abs(r.score), r.source, r.target))[:limit]
    if not chosen:
        return ""
    g = nx.Graph()
    for r in chosen:
        g.add_edge(r.source, r.target, kind=r.kind, weight=r.events + r.claims)
    # Sorted nodes and edges: the layout does not depend on the store's row order.
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(g.nodes))
    ordered.add_edges_from(sorted(g.edges(data=True), key=lambda e: (e[0], e[1])))
    positions = _component_layout(ordered)
    size = min(4 + 0.35 * len(ordered), 11)
    fig, ax = plt.subplots(figsize=(size + 2, size))
    for a, b, data in ordered.edges(data=True):
        (x1, y1), (x2, y2) = positions[a], positions[b]
        ax.plot([x1, x2], [y1, y2], color=KIND_COLOURS.get(data["kind"], "#57606a"),
                linewidth=1 + 1.2 * math.log1p(data["weight"]), alpha=0.75, zorder=1)
    degree = dict(ordered.degree())
    xs, ys = zip(*(positions[n] for n in ordered.nodes))
    ax.scatter(xs, ys, s=[60 + 40 * degree[n] for n in ordered.nodes], color="#ffffff", edgecolors="#1d1d1f", zorder=2)
    for node in ordered.nodes:
        ax.annotate(_label(names.get(node, node)), positions[node], xytext=(0, 6), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8, zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    ax.legend(handles=[Line2D([0], [0], color=c, linewidth=2.5, label=k) for k, c in KIND_COLOURS.items()],
              loc="lower right", fontsize=8, frameon=False)
    ax.margins(0.15)
    ax.set_axis_off()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]
