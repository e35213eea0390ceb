"""The statistics chart as PNG bytes: active readers over time, and arrivals and leaves per week.

Drawn from plain data (`WeekFlow`s) with matplotlib's object-oriented API on the Agg canvas,
chosen explicitly per figure: no pyplot, no global figure state, no display needed, nothing
shared between calls. matplotlib is imported on the first call, so starting the bot does not
pay for it; a lock keeps two renders from running at once in worker threads.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

from bot.stats.figures import WeekFlow

WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 6.0, 150  # 1200 × 900 pixels
NO_DATA = "Noch keine Leser:innen"
_COLOURS = {
    "active": "#1f5fa8",
    "joined": "#2e9e5b",
    "returned": "#9fd8b0",
    "unsubscribed": "#f0a030",
    "blocked": "#d64541",
}
_LOCK = threading.Lock()


def _tick(week: WeekFlow) -> str:
    """ "KW 6" for the week starting on that Monday (ISO week)."""
    return f"KW {week.start.isocalendar().week}"


def _count(value: float, _position: object) -> str:
    """An axis label: 12345 → "12.345", -40 → "40" (leaves are drawn below zero)."""
    return f"{abs(value):,.0f}".replace(",", ".")


def render_chart(weeks: Sequence[WeekFlow]) -> bytes:
    """Return the chart of `weeks` (oldest first) as PNG bytes, 1200 × 900 pixels.

    Without weeks or readers the chart still renders, with a note that there is no data yet.
    """
    with _LOCK:
        return _render(list(weeks))


def _render(weeks: list[WeekFlow]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    x = list(range(len(weeks)))

    top.plot(x, [w.active for w in weeks], marker="o", color=_COLOURS["active"], linewidth=2)
    top.set_title("Aktive Leser:innen (Ende der Woche)", loc="left", fontsize=11)
    top.set_ylim(bottom=0)
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.yaxis.set_major_formatter(FuncFormatter(_count))
    top.grid(axis="y", alpha=0.3)

    up = [
        ("joined", "neu", [w.joined for w in weeks], [0] * len(weeks)),
        ("returned", "zurück", [w.returned for w in weeks], [w.joined for w in weeks]),
    ]
    down = [
        ("unsubscribed", "abbestellt", [-w.unsubscribed for w in weeks], [0] * len(weeks)),
        ("blocked", "blockiert", [-w.blocked for w in weeks], [-w.unsubscribed for w in weeks]),
    ]
    for key, label, heights, base in up + down:
        bottom.bar(x, heights, bottom=base, color=_COLOURS[key], label=label, width=0.7)
    low, high = bottom.get_ylim()
    bottom.set_ylim(min(low, -1), max(high, 1))  # an empty week keeps whole-number ticks
    bottom.axhline(0, color="#555555", linewidth=0.8)
    bottom.set_title("Zu- und Abgänge pro Woche", loc="left", fontsize=11)
    bottom.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.yaxis.set_major_formatter(FuncFormatter(_count))  # leaves point down, unsigned
    bottom.grid(axis="y", alpha=0.3)
    bottom.legend(
        loc="lower right", bbox_to_anchor=(1, 1), ncols=4, fontsize=8, frameon=False
    )  # on the title's line, clear of the bars

    step = max(1, len(weeks) // 13)
    bottom.set_xticks(x[::step], [_tick(w) for w in weeks[::step]], fontsize=8)
    if not any(w.active or w.arrivals or w.leaves for w in weeks):
        top.text(0.5, 0.5, NO_DATA, transform=top.transAxes, ha="center", va="center")
        top.set_ylim(0, 1)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
