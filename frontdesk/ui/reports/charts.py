"""A report as a Qt Charts chart: bars, lines over weeks, stacked columns, a heat map.

Qt Charts ships with PySide6 (its Addons wheel), paints with Qt's own painter and needs no
other dependency; a chart is a graphics scene, so the window shows it, animates it and
scales it with the dialog. Qt Charts has no heat-map series: the weekday x hour map is a
scatter of square markers, one series per shade (:data:`SHADES` steps from the quietest
hour to the busiest), resized to fill a cell whenever the plot area changes. Files are
written by :mod:`frontdesk.export.report_paint` from the same figures, without widgets.
"""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont

from frontdesk.domain.hours import WEEKDAYS
from frontdesk.services.reports import Report

#: Series colours, the same as the files' (frontdesk.export.report_paint.COLOURS).
COLOURS = ("#2f6db5", "#e07b24", "#3a9a5b", "#b33c48")
HEAT = "#1f5fa8"
SHADES = 6


def label(column: str) -> str:
    return Report.heading(column)


def build(report: Report) -> QChart:
    """A new chart of ``report`` (its caller owns it, usually a QChartView)."""
    chart = QChart()
    chart.setTitle(report.title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    if not report.cells:
        chart.setTitle(f"{report.title}: nothing in this range")
        return chart
    if report.chart == "heat":
        _heat(chart, report)
    elif report.chart == "bars":
        _bars(chart, report)
    elif report.chart == "stacked":
        _stacked(chart, report)
    else:
        _lines(chart, report)
    return chart


def _value_axis(top: float, percent: bool) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setLabelFormat("%.0f%%" if percent else "%.0f")
    axis.applyNiceNumbers()
    return axis


def _bars(chart: QChart, report: Report) -> None:
    """A horizontal bar per row, the table's first row at the top (a bar chart's categories
    run upwards, so they are given last row first)."""
    series = QHorizontalBarSeries()
    labels = report.labels()[::-1]
    percent = report.series[0].endswith("percent")
    highest = 0.0
    for i, column in enumerate(report.series):
        values = report.values(column)[::-1]
        bars = QBarSet(label(column))
        bars.setColor(QColor(COLOURS[i % len(COLOURS)]))
        bars.append(values)
        series.append(bars)
        highest = max(highest, *values)
    series.setLabelsVisible(len(labels) <= 24)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    if report.name == "utilisation":  # rooms in the second colour, apart from therapists
        rooms = [i for i, row in enumerate(report.cells[::-1]) if row[0] == "room"]
        first = series.barSets()[0]
        first.setSelectedColor(QColor(COLOURS[1]))
        first.selectBars(rooms)
    names = QBarCategoryAxis()
    names.append(labels)
    names.setTruncateLabels(False)
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)

    def fit(area) -> None:  # a name per row, as large as the rows are tall (6 to 11 px)
        font = QFont(names.labelsFont())
        font.setPixelSize(int(max(6, min(11, area.height() / len(labels) * 0.85))))
        if font != names.labelsFont():
            names.setLabelsFont(font)

    chart.plotAreaChanged.connect(fit)
    values = _value_axis(max(100.0, highest) if percent else max(highest, 1.0), percent)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    series.attachAxis(values)
    chart.legend().setVisible(len(report.series) > 1)


def _stacked(chart: QChart, report: Report) -> None:
    series = QStackedBarSeries()
    columns = [report.values(c) for c in report.series]
    for i, column in enumerate(report.series):
        bars = QBarSet(label(column))
        bars.setColor(QColor(COLOURS[i % len(COLOURS)]))
        bars.append(columns[i])
        series.append(bars)
    chart.addSeries(series)
    periods = QBarCategoryAxis()
    periods.append(report.labels())
    periods.setTruncateLabels(False)
    if len(report.cells) > 14:  # upright dates side by side would overlap
        periods.setLabelsAngle(-90)
        font = QFont(periods.labelsFont())
        font.setPixelSize(9)
        periods.setLabelsFont(font)
    chart.addAxis(periods, Qt.AlignmentFlag.AlignBottom)
    highest = max(sum(col) for col in zip(*columns, strict=True))
    values = _value_axis(max(highest, 1.0), False)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(periods)
    series.attachAxis(values)


def _moment(day: str) -> float:
    start = datetime.combine(datetime.fromisoformat(day).date(), time(12))
    return float(QDateTime(start).toMSecsSinceEpoch())


def _lines(chart: QChart, report: Report) -> None:
    days = [_moment(d) for d in report.labels(shown=False)]
    percent = report.series[0].endswith("percent")
    highest = 0.0
    made = []
    for i, column in enumerate(report.series):
        line = QLineSeries()
        line.setName(label(column))
        line.setColor(QColor(COLOURS[i % len(COLOURS)]))
        values = report.values(column)
        line.append([QPointF(x, y) for x, y in zip(days, values, strict=True)])
        line.setPointsVisible(len(days) <= 60)
        chart.addSeries(line)
        made.append(line)
        highest = max(highest, *values)
    weeks = QDateTimeAxis()
    weeks.setFormat("d MMM yy")
    weeks.setTickCount(min(len(days), 8) if len(days) > 1 else 2)
    first, last = days[0], days[-1] if len(days) > 1 else days[0] + 6 * 86_400_000
    weeks.setRange(QDateTime.fromMSecsSinceEpoch(int(first)),
                   QDateTime.fromMSecsSinceEpoch(int(last)))
    chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
    values = _value_axis(max(highest * 1.15, 1.0), percent)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    for line in made:
        line.attachAxis(weeks)
        line.attachAxis(values)


def _heat(chart: QChart, report: Report) -> None:
    cells = report.records
    first = min(c.hour for c in cells)
    last = max(c.hour for c in cells)
    most = max(c.visits for c in cells) or 1
    shades: list[QScatterSeries] = []
    for step in range(SHADES):
        dots = QScatterSeries()
        dots.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        shade = QColor(HEAT)
        shade.setAlphaF(0.15 + 0.85 * (step + 1) / SHADES)
        dots.setColor(shade)
        dots.setBorderColor(QColor("white"))
        lowest = round(most * step / SHADES) + (1 if step else 0)
        dots.setName(f"{lowest:,}+ visits" if step else "1+ visits")
        shades.append(dots)
    for c in cells:
        step = min(SHADES - 1, int(c.visits * SHADES / (most + 1)))
        shades[step].append(float(c.hour), float(6 - c.weekday))  # Monday at the top
    hours = QValueAxis()
    hours.setRange(first - 0.5, last + 0.5)
    hours.setTickCount(last - first + 2)
    hours.setLabelFormat("%d")
    hours.setTitleText("hour")
    hours.setGridLineVisible(False)
    days = QBarCategoryAxis()
    days.append(list(reversed(WEEKDAYS)))
    chart.addAxis(hours, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(days, Qt.AlignmentFlag.AlignLeft)
    ys = QValueAxis()  # the scatter's own y: 0..6, hidden behind the weekday names
    ys.setRange(-0.5, 6.5)
    ys.setVisible(False)
    chart.addAxis(ys, Qt.AlignmentFlag.AlignLeft)
    for dots in shades:
        chart.addSeries(dots)
        dots.attachAxis(hours)
        dots.attachAxis(ys)

    def fit(area) -> None:
        side = min(area.width() / (last - first + 1), area.height() / 7) * 0.94
        for dots in shades:
            dots.setMarkerSize(max(side, 4.0))

    chart.plotAreaChanged.connect(fit)
    fit(chart.plotArea())

