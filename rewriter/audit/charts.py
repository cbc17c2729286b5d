"""Inline SVG bar charts for the HTML report (no JavaScript, no external assets).

Each function takes ``(label, value, colour)`` bars, computes the positions and
returns an ``<svg>`` string rendered from ``rewriter/templates/charts.svg.j2``
(autoescaped), with a ``<title>`` per bar, so a screen reader and a mouse-over
both give the number.
"""

from __future__ import annotations

from rewriter.templates import macro

BAND_COLOURS = {"meget let": "#2e7d32", "let": "#66bb6a", "middel": "#fbc02d", "svær": "#f57c00",
                "meget svær": "#c62828"}
BAR = "#1565c0"


def _n(v: float) -> str:
    return f"{v:,.0f}".replace(",", ".")


def column_data(bars: list[tuple[str, float, str | None]], title: str, width: int = 560, height: int = 220,
                unit: str = "skabeloner") -> dict:
    """The positions of vertical bars ``(label, value, colour or None)``: the arguments of the template's macro."""
    top, bottom, left = 20, 40, 10
    n = max(len(bars), 1)
    peak = max((v for _, v, _ in bars), default=0) or 1
    slot = (width - left * 2) / n
    inner = height - top - bottom
    rows = []
    for i, (label, value, colour) in enumerate(bars):
        h = inner * value / peak
        x = left + i * slot + slot * 0.1
        y = top + inner - h
        w = slot * 0.8
        rows.append({"x": f"{x:.1f}", "y": f"{y:.1f}", "w": f"{w:.1f}", "h": f"{h:.1f}", "colour": colour or BAR,
                     "label": label, "value": _n(value), "unit": unit, "show_value": bool(value),
                     "mid": f"{x + w / 2:.1f}", "value_y": f"{y - 4:.1f}", "label_y": height - bottom + 16})
    axis = {"x1": left, "x2": width - left, "y": top + inner}
    return {"title": title, "width": width, "height": height, "bars": rows, "axis": axis}


def column_chart(bars: list[tuple[str, float, str | None]], title: str, width: int = 560, height: int = 220,
                 unit: str = "skabeloner") -> str:
    """Vertical bars: ``(label, value, colour or None)``."""
    return str(macro("charts.svg.j2", "column_chart")(**column_data(bars, title, width, height, unit)))


def bar_data(bars: list[tuple[str, float, str | None]], title: str, width: int = 640,
             unit: str = "skabeloner") -> dict:
    """The positions of horizontal bars ``(label, value, colour or None)``, one row each, in the order given."""
    row, label_w, pad = 22, 300, 6
    height = max(len(bars), 1) * row + pad * 2
    peak = max((v for _, v, _ in bars), default=0) or 1
    room = width - label_w - 60
    rows = []
    for i, (label, value, colour) in enumerate(bars):
        y = pad + i * row
        w = room * value / peak
        rows.append({"label": label, "short": label if len(label) <= 48 else label[:47] + "…",
                     "label_x": label_w - 6, "text_y": y + 15, "x": label_w, "y": y + 3, "w": f"{w:.1f}",
                     "h": row - 6, "colour": colour or BAR, "value": _n(value), "unit": unit,
                     "value_x": f"{label_w + w + 4:.1f}"})
    empty = None if bars else {"x": width / 2, "y": pad + 14}
    return {"title": title, "width": width, "height": height, "bars": rows, "empty": empty}


def bar_chart(bars: list[tuple[str, float, str | None]], title: str, width: int = 640,
              unit: str = "skabeloner") -> str:
    """Horizontal bars ``(label, value, colour or None)``, one row each, in the order given."""
    return str(macro("charts.svg.j2", "bar_chart")(**bar_data(bars, title, width, unit)))


def lix_bins(values: list[float] | dict[str, int]) -> list[tuple[str, float, str]]:
    """LIX histogram bars in steps of 5, coloured by the Danish band."""
    counts = values if isinstance(values, dict) else lix_counts(values)
    return [(label, counts.get(label, 0), BAND_COLOURS[band]) for label, band in LIX_BINS]


LIX_BINS = [("<20", "meget let"), ("20–24", "meget let"), ("25–29", "let"), ("30–34", "let"),
            ("35–39", "middel"), ("40–44", "middel"), ("45–49", "svær"), ("50–54", "svær"),
            ("55–59", "meget svær"), ("≥60", "meget svær")]


def lix_bin(lix: float) -> str:
    if lix < 20:
        return "<20"
    if lix >= 60:
        return "≥60"
    lo = int(lix // 5 * 5)
    return f"{lo}–{lo + 4}"


def lix_counts(values: list[float]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[lix_bin(v)] = out.get(lix_bin(v), 0) + 1
    return out


THREAT_BINS = ["ingen", "0–9 %", "10–19 %", "20–29 %", "30–39 %", "40–49 %", "50–59 %", "60–69 %", "70–79 %",
               "80–89 %", "90–100 %"]


def threat_bin(position: float | None) -> str:
    """Bin of the share of body words before the first threat paragraph."""
    if position is None:
        return "ingen"
    i = min(int(position * 10), 9)
    return THREAT_BINS[i + 1]
