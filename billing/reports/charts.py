"""Charts for the PDFs (reportlab.graphics): cumulative realisation vs target, and plays delivered vs booked per
screen. They draw the plain data of `charts_data`, which the GUI can draw its own way."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from billing.documents.fonts import register_fonts
from billing.reports.charts_data import MonthlyRealisation
from billing.reports.delivery_data import ScreenDelivery
from billing.reports.labels import labels, month_name
from videotron.core.formats import number

BLUE = colors.Color(0.16, 0.38, 0.66)
GREY = colors.Color(0.70, 0.70, 0.70)
GREEN = colors.Color(0.22, 0.56, 0.24)


def _millions(language: str) -> Callable[[float], str]:
    def fmt(value: float) -> str:
        # Axis ticks only (reportlab computes them as floats); money itself never passes through here.
        return number(Decimal(round(value)) / 1_000_000, language)

    return fmt


def _bars(
    width: float,
    height: float,
    title: str,
    series: list[list[int]],
    names: list[str],
    categories: list[str],
    fills: list[colors.Color],
    value_format: Callable[[float], str] | None = None,
) -> Drawing:
    regular, bold, _italic = register_fonts()
    d = Drawing(width, height)
    d.add(String(width / 2, height - 10, title, fontName=bold, fontSize=9, textAnchor="middle"))
    chart = VerticalBarChart()
    tilt = len(categories) > 6 or max(map(len, categories)) * len(categories) * 4.2 > width - 60
    chart.x, chart.y = 48, 38 if tilt else 22
    chart.width, chart.height = width - 60, height - chart.y - 40
    chart.data = [list(s) for s in series] if any(any(s) for s in series) else [[0] * len(categories)]
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 20 if tilt else 0
    chart.categoryAxis.labels.boxAnchor = "n" if chart.categoryAxis.labels.angle == 0 else "ne"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.88, 0.88, 0.88)
    if value_format is not None:
        chart.valueAxis.labelTextFormat = value_format
    chart.groupSpacing = 6
    chart.barSpacing = 1
    for i, fill in enumerate(fills[: len(chart.data)]):
        chart.bars[i].fillColor = fill
        chart.bars[i].strokeColor = None
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = 30, height - 19
    legend.fontName, legend.fontSize = regular, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = max(len(n) for n in names) * 4.0 + 18
    legend.dxTextSpace = 4
    legend.colorNamePairs = list(zip(fills, names, strict=False))
    d.add(legend)
    return d


def realisation_chart(
    points: list[MonthlyRealisation], year: int, language: str, width: float, height: float
) -> Drawing:
    """Per month: realisation in the month, cumulative realisation, and the pro-rata target (when configured)."""
    t = labels(language)
    names = [month_name(year, p.month, language)[:3] for p in points]
    series = [[p.received for p in points], [p.cumulative for p in points]]
    legend = [t["chart_month"], t["chart_cumulative"]]
    if points and points[0].target_cumulative is not None:
        series.append([p.target_cumulative or 0 for p in points])
        legend.append(t["chart_target"])
    return _bars(
        width,
        height,
        t["chart_realisation"].format(year=year),
        series,
        legend,
        names,
        [GREEN, BLUE, GREY],
        _millions(language),
    )


def delivery_chart(screens: list[ScreenDelivery], language: str, width: float, height: float) -> Drawing:
    """Per screen: plays booked beside plays delivered."""
    t = labels(language)
    names = [s.screen_name if len(s.screen_name) <= 24 else s.screen_name[:23] + "…" for s in screens] or ["-"]
    series = [[s.booked for s in screens] or [0], [s.delivered for s in screens] or [0]]
    fmt = lambda v: number(round(v), language)  # noqa: E731
    return _bars(width, height, t["chart_delivery"], series, [t["booked"], t["played"]], names, [GREY, BLUE], fmt)
