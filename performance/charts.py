"""Charts as inline SVG built on the server: no chart library, no CDN, the same markup on page and PDF.

Colours and fonts are attributes, not CSS classes, so WeasyPrint draws them exactly as the browser does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f4e79", "#0b6e4f", "#a4262c", "#8a5300", "#5b3f8c", "#2b7a99")
INK, MUTED, GRID = "#1b2430", "#566173", "#d8dee6"
FONT = "DejaVu Sans, Arial, sans-serif"
TOP, LEFT, RIGHT, BOTTOM = 28, 58, 10, 42  # plot margins inside the view box
TITLE_LINE, LEGEND_ROW = 17, 16  # heights of a title line and a legend row
PAGE_WIDTH = 360  # on a page: ~10 px text whether the chart sits in a third of a desktop or a whole phone


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of DejaVu Sans: enough to keep labels apart without measuring glyphs."""
    return len(text) * size * (0.66 if bold else 0.6)


def _wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to `width` user units, so a long title on a narrow chart takes two lines."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and _text_width(joined, size, bold) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


Number = Decimal | float | int | None


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Number]
    color: str = ""
    dashed: bool = False


@dataclass(frozen=True)
class Reference:
    """A horizontal line, e.g. the audit baseline or the 90% capacity mark."""

    label: str
    value: float
    color: str = "#a4262c"


@dataclass(frozen=True)
class Axis:
    """A value axis with round ticks: low, low + step, … high."""

    low: float
    high: float
    step: float
    prefix: str = ""
    suffix: str = ""

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + self.step * i for i in range(count + 1)]

    def label(self, value: float) -> str:
        number = f"{abs(value):,.0f}" if self.step >= 1 else f"{abs(value):,.1f}"
        return f"{'−' if value < 0 else ''}{self.prefix}{number}{self.suffix}"


def nice_step(value: float) -> float:
    """The smallest 1/2/2.5/5 × 10ⁿ at or above `value`."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    return next(step * magnitude for step in (1, 2, 2.5, 5, 10) if step * magnitude >= value * (1 - 1e-9))


def axis_for(values: list[float], *, at_least: float = 0.0, prefix: str = "", suffix: str = "") -> Axis:
    """At most about five round intervals covering every value, zero and `at_least`."""
    high, low = max([*values, 0.0, at_least]), min([*values, 0.0])
    step = nice_step((high - low) / 5 if high > low else 1.0)
    return Axis(math.floor(low / step) * step, max(math.ceil(high / step), 1) * step, step, prefix, suffix)


def _line(x1: float, y1: float, x2: float, y2: float, color: str, width: float = 1, dash: str = "") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    points = f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"'
    return f'<line {points} stroke="{color}" stroke-width="{width}"{dashes}/>'


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 11,
    anchor: str = "start",
    fill: str = MUTED,
    bold: bool = False,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    style = f'font-size="{size}" text-anchor="{anchor}" fill="{fill}"{weight}'
    return f'<text x="{x:.1f}" y="{y:.1f}" {style}>{escape(text)}</text>'


class _Canvas:
    """One chart: title, value axis with grid, week labels along the bottom, a legend.

    Sized for its width: the title wraps, week labels thin out so none touch, and the legend takes
    as many rows as it needs below the plot; the view box grows to fit.
    """

    def __init__(self, title: str, labels: list[str], axis: Axis, width: int, height: int):
        self.title, self.labels, self.axis, self.width, self.height = title, labels, axis, width, height
        self.title_lines = _wrap(title, width - 16, 14, bold=True)
        self.top = TOP + TITLE_LINE * (len(self.title_lines) - 1)
        self.plot_h = height - TOP - BOTTOM
        self.slot = (width - RIGHT - LEFT) / max(len(labels), 1)
        self.body: list[str] = []
        self.legend: list[tuple[str, str, bool]] = []
        for tick in axis.ticks():
            y = self.y(tick)
            self.body.append(_line(LEFT, y, width - RIGHT, y, GRID))
            self.body.append(_text(LEFT - 6, y + 4, axis.label(tick), anchor="end"))
        widest = max((_text_width(label, 11) for label in labels), default=0.0)
        every = max(1, math.ceil((widest + 8) / self.slot))
        last = len(labels) - 1  # the latest week always has its label; the others step back from it
        for i, label in enumerate(labels):
            if (last - i) % every == 0:
                self.body.append(_text(self.x(i), self.top + self.plot_h + 15, label, anchor="middle"))

    def x(self, index: float) -> float:
        return LEFT + self.slot * (index + 0.5)

    def y(self, value: float) -> float:
        share = (value - self.axis.low) / (self.axis.high - self.axis.low)
        return self.top + self.plot_h * (1 - share)

    def reference(self, ref: Reference | None) -> None:
        if ref is None:
            return
        y = self.y(ref.value)
        self.body.append(_line(LEFT, y, self.width - RIGHT, y, ref.color, 1.5, "6 4"))
        self.legend.append((ref.label, ref.color, True))

    def svg(self) -> SafeString:
        items, x, row = [], 8.0, 0
        base = self.top + self.plot_h + BOTTOM
        for name, color, dashed in self.legend:
            needed = 20 + _text_width(name, 11)
            if x > 8 and x + needed > self.width - RIGHT:
                x, row = 8.0, row + 1
            y = base - 9 + LEGEND_ROW * row
            items.append(_line(x, y, x + 16, y, color, 3, "5 3" if dashed else ""))
            items.append(_text(x + 20, y + 4, name, fill=INK))
            x += needed + 12
        height = base + LEGEND_ROW * row
        title = "".join(
            _text(8, 17 + TITLE_LINE * i, line, size=14, fill=INK, bold=True)
            for i, line in enumerate(self.title_lines)
        )
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {height:.0f}" width="100%" '
            f'role="img" aria-label="{escape(self.title)}" font-family="{FONT}" class="chart">'
            f"<title>{escape(self.title)}</title>" + title + "".join(self.body) + "".join(items) + "</svg>"
        )
        return mark_safe(svg)  # every interpolated text went through html.escape


def _floats(series: list[Series]) -> list[float]:
    return [float(v) for s in series for v in s.values if v is not None]


def line_chart(
    *,
    title: str,
    labels: list[str],
    series: list[Series],
    prefix: str = "",
    suffix: str = "",
    reference: Reference | None = None,
    at_least: float = 0.0,
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """Lines over weeks, with a gap where a week has no value, and an optional reference line."""
    axis = axis_for(
        _floats(series),
        at_least=max(at_least, reference.value if reference else 0.0),
        prefix=prefix,
        suffix=suffix,
    )
    canvas = _Canvas(title, labels, axis, width, height)
    for n, s in enumerate(series):
        color = s.color or PALETTE[n % len(PALETTE)]
        dash = ' stroke-dasharray="5 3"' if s.dashed else ""
        runs, run = [], []
        for i, v in enumerate(s.values):
            if v is None:
                runs, run = (runs + [run]) if run else runs, []
                continue
            x, y = canvas.x(i), canvas.y(float(v))
            run.append(f"{x:.1f},{y:.1f}")
            canvas.body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{color}"/>')
        runs += [run] if run else []
        for points in runs:
            canvas.body.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" stroke-width="2"{dash}/>'
            )
        canvas.legend.append((s.name, color, s.dashed))
    canvas.reference(reference)
    return canvas.svg()


def bar_chart(
    *,
    title: str,
    labels: list[str],
    series: list[Series],
    prefix: str = "",
    suffix: str = "",
    reference: Reference | None = None,
    width: int = 640,
    height: int = 240,
) -> SafeString:
    """Grouped bars, one group per label; negative values hang below the zero line."""
    axis = axis_for(
        _floats(series), at_least=reference.value if reference else 0.0, prefix=prefix, suffix=suffix
    )
    canvas = _Canvas(title, labels, axis, width, height)
    bar_w = max(2.0, canvas.slot * 0.8 / max(len(series), 1))
    zero = canvas.y(0.0)
    for n, s in enumerate(series):
        color = s.color or PALETTE[n % len(PALETTE)]
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x = LEFT + canvas.slot * i + canvas.slot * 0.1 + bar_w * n
            y = canvas.y(float(v))
            top, tall = min(y, zero), max(abs(zero - y), 0.5)
            canvas.body.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" height="{tall:.1f}" fill="{color}"/>'
            )
        canvas.legend.append((s.name, color, False))
    canvas.body.append(_line(LEFT, zero, width - RIGHT, zero, MUTED))
    canvas.reference(reference)
    return canvas.svg()
