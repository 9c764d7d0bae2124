"""Bar charts as inline SVG, drawn on the server: no JavaScript, no chart library."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD, LABEL = 360, 130, 4, 18


def bar_chart(
    points: list[tuple[str, float | None]],
    *,
    title: str,
    target: float | None = None,
    colour: str = "#0f6e5c",
    levels: tuple[float, float] | None = None,
) -> SafeString:
    """One bar per point; an optional dashed target line, or amber/red threshold lines."""
    values = [v for _, v in points if v is not None]
    lines = [x for x in ((target,) if target is not None else levels or ()) if x is not None]
    top = max([*values, *lines, 1.0]) * 1.1
    area = HEIGHT - LABEL
    step = (WIDTH - 2 * PAD) / max(len(points), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{area}" x2="{WIDTH}" y2="{area}" stroke="#c5ced8"/>',
    ]
    every = max(1, len(points) // 6)
    for i, (label, value) in enumerate(points):
        x = PAD + i * step
        if value is not None:
            height = area * value / top
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{area - height:.1f}" width="{step * 0.7:.1f}" '
                f'height="{height:.1f}" fill="{colour}"><title>{escape(label)}: {value:g}</title></rect>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 4}" font-size="9" '
                f'text-anchor="middle" fill="#5f6b7a">{escape(_fit(label, step * every))}</text>'
            )
    for value, stroke in _lines(target, levels):
        y = area - area * value / top
        parts.append(
            f'<line x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="{stroke}" '
            'stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _lines(target: float | None, levels: tuple[float, float] | None) -> list[tuple[float, str]]:
    if target is not None:
        return [(target, "#2563eb")]
    if levels is not None:
        return [(levels[0], "#b45309"), (levels[1], "#b91c1c")]
    return []


def _fit(label: str, room: float) -> str:
    """A label that fits under its bars (about 6 units a character at this size):
    a person's first name, or the label cut short; the bar's tooltip has it whole."""
    chars = max(int(room // 6), 3)
    if len(label) <= chars:
        return label
    first = label.split()[0]
    return first if len(first) <= chars else first[: chars - 1] + "…"
