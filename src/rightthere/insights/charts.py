"""Bar charts drawn on the server as inline SVG: no JavaScript, no chart library.

`bar_chart` works out the geometry (a value axis with round ticks, one bar per point,
target or threshold lines) and the same numbers as text (a summary and a table for
screen readers); `insights/_chart.html` draws it, or the chart's empty state.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

WIDTH, HEIGHT = 320, 150  # narrow enough that the text stays legible at 390 px
READOUT = 18  # the strip above the plot where the hovered or focused bar's value shows
LABEL = 18  # the strip under the plot for the bars' labels (one line; a second adds LINE)
LINE = 12
RIGHT = 6
CHAR = 6.5  # about how wide one character of the axis text is, in viewBox units
# (10.5 units on a wide screen, 12 on a phone: insights.css)
TICKS = 5  # at most this many tick values on the value axis


def nice_ticks(low: float, high: float, *, most: int = TICKS, whole: bool = False) -> list[float]:
    """Round values for a value axis that starts at zero and covers [low, high]:
    0, 2, 4, 6, 8 for 0–7; 0, 25, … 100 for 0–100; 0, 500, … 1500 for 0–1234.
    Steps are 1, 2, 2.5 or 5 times a power of ten; `whole` keeps them whole numbers
    (for counts). A range below zero gets ticks below zero; nothing at all gets 0–1."""
    low, high = min(low, 0.0), max(high, 0.0)
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("ticks need finite numbers")
    if high == low:
        high = low + 1
    raw = (high - low) / (most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = max(power * 10, 1.0) if whole else power * 10
    for multiple in (1, 2, 2.5, 5):
        candidate = multiple * power
        if whole and (candidate < 1 or candidate != int(candidate)):
            continue
        if math.ceil(high / candidate) - math.floor(low / candidate) <= most - 1:
            step = candidate
            break
    first, last = math.floor(low / step), math.ceil(high / step)
    return [_clean(n * step) for n in range(first, last + 1)]


def _clean(value: float) -> float:
    """0.30000000000000004 → 0.3, and no "-0"."""
    return round(value, 10) + 0.0


@dataclass(frozen=True)
class Measure:
    """What a chart's values are: `kind` is "%", "£", "hours" or "" (a plain number
    of `name`, e.g. "open cases")."""

    name: str
    kind: str = ""

    @property
    def share(self) -> bool:
        return self.kind == "%"

    @property
    def whole(self) -> bool:
        """Counted things: the axis steps in whole numbers."""
        return self.kind == "" and not any(w in self.name for w in (" per ", "average"))

    def text(self, value: float | None) -> str:
        """The value in words, for tooltips and screen readers: "12.5 hours", "82%"."""
        if value is None:
            return gettext("no data")
        if self.kind == "%":
            return f"{value:,.4g}%"
        if self.kind == "£":
            return f"£{value:,.2f}".replace(".00", "")
        if self.kind == "hours":
            return gettext("%(number)s hours") % {"number": f"{value:,.4g}"}
        return f"{value:,.4g} {gettext(self.name) if self.name else ''}".rstrip()

    def tick(self, value: float) -> str:
        """The value on the axis: short, "50%", "£500", "12 h", "1,500"."""
        number = f"{value:,.4g}"
        return {"%": f"{number}%", "£": f"£{number}", "hours": f"{number} h"}.get(self.kind, number)


@dataclass(frozen=True)
class Bar:
    label: str  # whole, for the tooltip and the table
    value: float | None
    text: str  # "14 Sep: 12.5 hours"
    x: float  # the column the bar stands in (also its hover area)
    column: float
    top: float  # the bar itself
    height: float
    axis_label: tuple[str, ...] = ()  # lines under the bar; only every few bars get them

    @property
    def bar_x(self) -> float:
        return round(self.x + self.column * 0.15, 1)

    @property
    def bar_width(self) -> float:
        return round(self.column * 0.7, 1)

    @property
    def middle(self) -> float:
        return round(self.x + self.column / 2, 1)


@dataclass(frozen=True)
class Tick:
    y: float
    text: str
    zero: bool


@dataclass(frozen=True)
class Line:
    y: float
    text: str  # "target 4 hours", "red from 8"
    colour: str
    kind: str  # target, amber, red


@dataclass
class Chart:
    title: str
    measure: Measure
    bars: list[Bar]
    ticks: list[Tick]
    lines: list[Line]
    colour: str
    left: float  # where the plot starts (after the tick labels)
    summary: str
    table_head: tuple[str, ...]
    table_rows: list[tuple[str, ...]]
    empty: str = ""  # what would fill the chart, when it has nothing to show
    width: int = WIDTH
    height: int = HEIGHT
    plot_bottom: float = HEIGHT - LABEL
    readout_y: int = READOUT - 5
    plot_top: int = READOUT

    @property
    def right(self) -> int:
        return WIDTH - RIGHT

    @property
    def label_y(self) -> float:
        return self.plot_bottom + 13

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.plot_top

    @property
    def tick_x(self) -> float:
        return round(self.left - 4, 1)

    @property
    def line_label_x(self) -> float:
        return round(self.left + 3, 1)


def bar_chart(
    points: list[tuple[str, float | None]],
    *,
    title: str,
    measure: Measure,
    empty: str,
    target: float | None = None,
    levels: tuple[float, float] | None = None,
    colour: str = "#0f6e5c",
    table: tuple[tuple[str, ...], list[tuple[str, ...]]] | None = None,
    by_week: bool = True,
) -> Chart:
    """A chart of one bar per point, with a value axis, an optional target line or
    amber/red threshold lines, and the same numbers as text. `empty` says what would
    fill it: the chart shows it instead of bars when there is nothing to show (no
    value at all, or only zeros of something counted)."""
    values = [v for _, v in points if v is not None]
    lines: list[tuple[float, str, str]] = []
    if target is not None:
        lines.append((target, gettext_noop("target"), "#2563eb"))
    if levels is not None:
        lines += [(levels[0], gettext_noop("amber"), "#b45309"),
                  (levels[1], gettext_noop("red"), "#b91c1c")]  # fmt: skip
    values_and_lines = [*values, *(v for v, _, _ in lines)]
    low, high = min(values_and_lines, default=0.0), max(values_and_lines, default=0.0)
    if measure.share and values:
        high = max(high, 100.0)  # a share reads against the whole
    tick_values = nice_ticks(low, high, whole=measure.whole)
    bottom_value, top_value = tick_values[0], tick_values[-1]
    tick_texts = [measure.tick(v) for v in tick_values]
    left = round(6 + CHAR * max(len(t) for t in tick_texts), 1)
    column = (WIDTH - RIGHT - left) / max(len(points), 1)
    every = max(1, math.ceil(len(points) * CHAR * 7 / (WIDTH - RIGHT - left)))  # "28 Sep" fits
    labels = [_fit(label, column * every) if i % every == 0 else () for i, (label, _) in
              enumerate(points)]  # fmt: skip
    plot_top = READOUT
    plot_bottom = HEIGHT - LABEL - LINE * (max(map(len, labels), default=1) - 1)

    def y_of(value: float) -> float:
        share = (value - bottom_value) / (top_value - bottom_value)
        return round(plot_bottom - share * (plot_bottom - plot_top), 1)

    zero = y_of(0.0)
    bars = []
    for i, (label, value) in enumerate(points):
        y = zero if value is None else y_of(value)
        bars.append(
            Bar(
                label=label,
                value=value,
                text=f"{label}: {measure.text(value)}",
                x=round(left + i * column, 1),
                column=round(column, 1),
                top=min(y, zero),
                height=round(abs(zero - y), 1),
                axis_label=labels[i],
            )
        )
    nothing = not values or (not measure.share and not any(values))
    head, rows = table or (
        (gettext_noop("week") if by_week else "", measure.name or gettext_noop("value")),
        [(label, measure.text(value)) for label, value in points],
    )
    return Chart(
        title=title,
        measure=measure,
        bars=bars,
        ticks=[
            Tick(y_of(v), text, v == 0) for v, text in zip(tick_values, tick_texts, strict=True)
        ],
        lines=[
            Line(y_of(v), f"{gettext(name)} {measure.tick(v)}", stroke, name)
            for v, name, stroke in lines
        ],
        colour=colour,
        left=left,
        summary=summary(title, points, measure, by_week=by_week, target=target),
        table_head=tuple(gettext(name) if name else name for name in head),
        table_rows=rows,
        empty=empty if nothing else "",
        plot_bottom=plot_bottom,
    )


def summary(
    title: str,
    points: list[tuple[str, float | None]],
    measure: Measure,
    *,
    by_week: bool,
    target: float | None = None,
) -> str:
    """One or two sentences that say what the chart shows, for a screen reader:
    "First-response time by week: 2.5 hours in the week of 30 Nov, 3 hours the week
    before; highest 12 hours (week of 14 Sep)."."""
    known = [(label, value) for label, value in points if value is not None]
    goal = (
        " " + gettext("Target: %(target)s.") % {"target": measure.text(target)}
        if target is not None
        else ""
    )
    if not known:
        return gettext("%(title)s: no data yet.") % {"title": title} + goal
    if not by_week:
        listed = "; ".join(f"{label} {measure.text(value)}" for label, value in points)
        return f"{title}: {listed}.{goal}"
    (last_label, last), before = points[-1], points[-2][1] if len(points) > 1 else None
    said = gettext("%(title)s by week: %(last)s in the week of %(week)s") % {
        "title": title, "last": measure.text(last), "week": last_label}  # fmt: skip
    if len(points) > 1:
        said += gettext(", %(before)s the week before") % {"before": measure.text(before)}
    high_label, high = max(known, key=lambda p: p[1])
    low_label, low = min(known, key=lambda p: p[1])
    if len(known) > 1 and high != low:
        said += gettext(
            "; highest %(high)s (week of %(high_week)s), lowest %(low)s (week of %(low_week)s)"
        ) % {"high": measure.text(high), "high_week": high_label,
             "low": measure.text(low), "low_week": low_label}  # fmt: skip
    return f"{said}.{goal}"


def _fit(label: str, room: float) -> tuple[str, ...]:
    """The label's lines under its bars: whole if it fits, else its words on two even
    lines, each cut short if need be ("under" / "1 day"); the tooltip has it whole."""
    chars = max(int(room // CHAR), 3)
    if len(label) <= chars:
        return (label,)
    words = label.split()
    splits = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    lines = min(splits, key=lambda two: max(map(len, two))) if splits else (label,)
    return tuple(line if len(line) <= chars else line[: chars - 1] + "…" for line in lines)
