"""Static charts for the HTML brief, drawn with matplotlib as SVG text (no files, no JS)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from ..timeline import day_range
from ..types import Event

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
