"""Small server-rendered SVG charts.

The same SVG goes into the dashboard page and into the PDF report (WeasyPrint renders SVG), so a
leader sees one picture in both places. Each chart carries a <title> and <desc>, and every page
that shows one also shows the numbers in a table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#a3111a", "#0b4f8a", "#1d6b34", "#7a4d00", "#5b2c83", "#4a5360"]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _empty_chart(title: str, width: int) -> SafeString:
    from django.utils.translation import gettext as _

    message = _("Không có số liệu trong kỳ.")
    return mark_safe(  # noqa: S308 (escaped)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 60" width="{width}" '
        f'height="60" role="img" class="chart" font-family="DejaVu Sans, sans-serif" '
        f'font-size="12"><title>{escape(title)}</title><desc>{escape(message)}</desc>'
        f'<text x="0" y="18" font-size="13" font-weight="bold" fill="#1b1f24">'
        f"{escape(title)}</text>"
        f'<text x="0" y="44" fill="#4a5360">{escape(message)}</text></svg>'
    )


def _wrap(text: str, width: int) -> list[str]:
    """Split a label into lines of about `width` characters at spaces."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])[: width - 1] + "…"]
    return lines or [""]


@dataclass(frozen=True)
class _Frame:
    """The chart's box: the plot area inside the margins, and the value at its top."""

    width: int
    height: int
    top_value: float
    left: int = 78
    right: int = 10
    top: int = 30
    bottom: int = 50

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    value_label: Callable[[float], str] = lambda v: f"{v:,.0f}",
    axis_label: Callable[[float], str] | None = None,
    width: int = 640,
    height: int = 270,
) -> SafeString:
    """Grouped vertical bars: one group per label, one bar per series. `value_label` formats
    exact values (tooltips, description); `axis_label` the ticks, which may be rounder."""
    axis_label = axis_label or value_label
    values = [v for s in series for v in s.values if v is not None]
    if not any(values):
        return _empty_chart(title, width)
    top_value = _nice_max(max(values))
    if all(isinstance(v, int) for v in values) and max(values) < 40:
        top_value = 4 * math.ceil(max(values) / 4)  # counts: whole-number ticks
    frame = _Frame(width=width, height=height, top_value=top_value)
    parts = [
        *_heading(frame, title, labels, series, value_label),
        *_axis(frame, axis_label),
        *_groups(frame, labels, series, value_label),
        *_legend(frame, series),
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 (every text in the parts is escaped)


def _heading(
    frame: _Frame,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    value_label: Callable[[float], str],
) -> list[str]:
    """The opening tag, the title, and a description giving every value for screen readers."""
    width, height = frame.width, frame.height
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart" '
        f'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        "<desc>"
        + escape(
            "; ".join(
                f"{s.name}: "
                + ", ".join(
                    f"{label} {value_label(v) if v is not None else '–'}"
                    for label, v in zip(labels, s.values, strict=False)
                )
                for s in series
            )
        )
        + "</desc>",
        f'<text x="{frame.left}" y="16" font-size="13" font-weight="bold" fill="#1b1f24">'
        f"{escape(title)}</text>",
    ]


def _axis(frame: _Frame, axis_label: Callable[[float], str]) -> list[str]:
    """Five grid lines with their values, from zero to the top."""
    left, top, plot_h = frame.left, frame.top, frame.plot_h
    parts = []
    for i in range(5):
        tick = frame.top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{frame.width - frame.right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#cfd5dc"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#4a5360">'
            f"{escape(axis_label(tick))}</text>"
        )
    return parts


def _groups(
    frame: _Frame,
    labels: Sequence[str],
    series: Sequence[Series],
    value_label: Callable[[float], str],
) -> list[str]:
    """Per label, one bar per series (a tooltip each) and the label wrapped below."""
    top, plot_h, top_value = frame.top, frame.plot_h, frame.top_value
    group_w = frame.plot_w / max(len(labels), 1)
    bar_w = max(2.0, (group_w * 0.8) / max(len(series), 1))
    parts = []
    for g, label in enumerate(labels):
        x0 = frame.left + g * group_w + group_w * 0.1
        for s_index, s in enumerate(series):
            value = s.values[g] if g < len(s.values) else None
            if value is None:
                continue
            h = plot_h * (value / top_value) if top_value else 0
            x = x0 + s_index * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[s_index % len(PALETTE)]}">'
                f"<title>{escape(f'{s.name}, {label}: {value_label(value)}')}</title></rect>"
            )
        centre = x0 + group_w * 0.4
        lines = _wrap(label, max(6, int(group_w / 6.5)))
        tspans = "".join(
            f'<tspan x="{centre:.1f}" dy="{0 if i == 0 else 12}">{escape(line)}</tspan>'
            for i, line in enumerate(lines[:2])
        )
        parts.append(
            f'<text x="{centre:.1f}" y="{frame.height - frame.bottom + 14}" '
            f'text-anchor="middle" fill="#1b1f24">{tspans}</text>'
        )
    return parts


def _legend(frame: _Frame, series: Sequence[Series]) -> list[str]:
    parts = []
    for s_index, s in enumerate(series):
        x = frame.left + s_index * 160
        parts.append(
            f'<rect x="{x}" y="{frame.height - 14}" width="10" height="10" '
            f'fill="{PALETTE[s_index % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{frame.height - 5}" fill="#1b1f24">{escape(s.name)}</text>'
        )
    return parts
