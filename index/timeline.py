"""A PNG timeline of the deadline records: past items dimmed, a line at today, undated items listed apart.

`timeline_rows` decides what is drawn (pure, testable); `render_timeline` draws it with matplotlib's Agg
canvas, imported lazily so the rest of the index never pays for matplotlib. Rendering takes a few hundred
milliseconds: call it from a worker thread (asyncio.to_thread) in the bot.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from index.deadlines.queries import undated, upcoming
from index.deadlines.records import DeadlineRecord, Kind

MAX_LABEL_CHARS = 70  # beside a bar
MAX_LINE_CHARS = 110  # in the list of undated items, which has the figure's whole width
COLOURS = {"deadline": "#c0392b", "milestone": "#2471a3"}
PAST_COLOUR = "#9a9a9a"


@dataclass(frozen=True)
class TimelineRow:
    """One dated record as drawn: its label, the days it covers, and whether it is over."""

    label: str  # "September 2024 — final selection of proposals"
    first: date
    last: date
    kind: Kind
    is_past: bool


def timeline_rows(records: Iterable[DeadlineRecord], now: date | datetime) -> list[TimelineRow]:
    """The dated records in chronological order, each marked past or not relative to `now`."""
    today = now.date() if isinstance(now, datetime) else now
    records = list(records)
    rows = []
    open_ids = {r.id for r in upcoming(records, today)}
    dated = [r for r in records if r.date.span() is not None]
    for record in sorted(dated, key=lambda r: (*r.date.span(), r.id)):
        first, last = record.date.span()
        rows.append(
            TimelineRow(
                label=_clip(f"{record.date.label} — {record.what}"),
                first=first,
                last=last,
                kind=record.kind,
                is_past=record.id not in open_ids,
            )
        )
    return rows


def undated_lines(records: Iterable[DeadlineRecord]) -> list[str]:
    """The records whose year the source does not state, one line each, listed under the timeline."""
    return [_clip(f"{r.date.label} ({r.kind}) — {r.what}", MAX_LINE_CHARS) for r in undated(records)]


def render_timeline(
    records: Iterable[DeadlineRecord], now: date | datetime, *, title: str = "Deadlines and milestones"
) -> bytes:
    """The timeline as PNG bytes."""
    from matplotlib import dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    records = list(records)
    today = now.date() if isinstance(now, datetime) else now
    rows = timeline_rows(records, today)
    loose = undated_lines(records)

    height = 1.6 + 0.45 * max(len(rows), 1) + 0.3 * len(loose)
    # A Figure with its own Agg canvas, not pyplot: no global state, safe from several threads.
    figure = Figure(figsize=(10, height), dpi=100)
    FigureCanvasAgg(figure)
    timeline_share = (0.45 * max(len(rows), 1) + 0.9) / height
    axes = figure.add_axes((0.05, 1 - timeline_share, 0.9, timeline_share - 0.4 / height))
    axes.set_title(title, loc="left", fontsize=12)

    for y, row in enumerate(reversed(rows)):
        colour = PAST_COLOUR if row.is_past else COLOURS[row.kind]
        alpha = 0.45 if row.is_past else 1.0
        start = mdates.date2num(row.first)
        end = mdates.date2num(row.last + timedelta(days=1))
        if row.last == row.first:
            axes.plot([start], [y], marker="D", color=colour, alpha=alpha, markersize=8)
        else:
            axes.broken_barh([(start, end - start)], (y - 0.18, 0.36), color=colour, alpha=alpha)
        axes.annotate(
            row.label,
            (start, y),
            xytext=(0, 9),
            textcoords="offset points",
            fontsize=8.5,
            color="#555555" if row.is_past else "#111111",
        )

    today_x = mdates.date2num(today)
    axes.axvline(today_x, color="#27ae60", linewidth=1.5, linestyle="--")
    axes.annotate(
        f"today ({today.isoformat()})",
        (today_x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -12),
        textcoords="offset points",
        fontsize=8,
        color="#27ae60",
    )

    lows = [r.first for r in rows] + [today]
    highs = [r.last for r in rows] + [today]
    margin = max(timedelta(days=120), (max(highs) - min(lows)) / 12)
    axes.set_xlim(mdates.date2num(min(lows) - margin), mdates.date2num(max(highs) + margin * 3))
    axes.set_ylim(-0.8, max(len(rows), 1) - 0.2)
    axes.set_yticks([])
    axes.xaxis.set_major_locator(mdates.AutoDateLocator())
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(axes.xaxis.get_major_locator()))
    for side in ("left", "right", "top"):
        axes.spines[side].set_visible(False)
    if not rows:
        axes.text(0.5, 0.5, "No dated statements", transform=axes.transAxes, ha="center", color="#555555")

    legend = "deadline (red) · milestone (blue) · past (grey)"
    figure.text(0.05, 0.02 + 0.3 * len(loose) / height + 0.1 / height, legend, fontsize=8, color="#555555")
    if loose:
        lines = ["Year not stated in the source:", *(f"• {line}" for line in loose)]
        figure.text(0.05, 0.02, "\n".join(lines), fontsize=8.5, va="bottom", linespacing=1.5)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _clip(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
