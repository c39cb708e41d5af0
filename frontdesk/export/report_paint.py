"""A report painted: its chart and its table, on a PDF page or a PNG image.

Qt's GUI classes only (QPainter on a QPdfWriter or a QImage), no widgets, so the command
line writes both with no window (:func:`ensure_gui` gives fonts an offscreen application).
The window shows the same figures with Qt Charts and exports through here, so a file is the
same whichever front end wrote it. Every length is in typographic points times ``u``
(device pixels per point), so a 600 dpi page and a 1600-pixel image look alike.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QByteArray, QLineF, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QImageWriter,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from frontdesk.domain.hours import WEEKDAYS
from frontdesk.export.pdf import MARGIN_MM, PAPERS, ensure_gui
from frontdesk.export.pdf_grid import MUTED, TEXT, font
from frontdesk.services.reports import Report

__all__ = ["ensure_gui", "paint_chart", "write_pdf", "write_png"]

#: Series colours: distinct on screen and on a colour printer, apart in grey too.
COLOURS = (QColor("#2f6db5"), QColor("#e07b24"), QColor("#3a9a5b"), QColor("#b33c48"))
GRID = QColor("#d5d9de")
HEAT = QColor("#1f5fa8")
#: The PNG's size: readable on a screen and in a slide.
PNG_SIZE = (1600, 1000)
LEFT, RIGHT, CENTRE = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       Qt.AlignmentFlag.AlignCenter)


def heading(report: Report) -> str:
    return f"{report.clinic} · {report.first:%d %b %Y} to {report.last:%d %b %Y}".lstrip(" ·")


def paint_header(painter: QPainter, report: Report, rect: QRectF, u: float) -> float:
    """The title and the clinic with the range; returns the height used."""
    painter.setPen(TEXT)
    painter.setFont(font(14, bold=True))
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), 20 * u), LEFT, report.title)
    painter.setFont(font(9.5))
    painter.setPen(MUTED)
    painter.drawText(QRectF(rect.left(), rect.top() + 20 * u, rect.width(), 14 * u), LEFT,
                     heading(report))
    return 40 * u


def _legend(painter: QPainter, report: Report, rect: QRectF, u: float) -> float:
    x = rect.left()
    painter.setFont(font(8.5))
    for i, name in enumerate(report.series):
        painter.fillRect(QRectF(x, rect.top() + 3 * u, 8 * u, 8 * u), COLOURS[i % 4])
        text = name.replace("_", " ")
        painter.setPen(TEXT)
        painter.drawText(QRectF(x + 11 * u, rect.top(), 200 * u, 14 * u), LEFT, text)
        x += 11 * u + QFontMetricsF(painter.font(), painter.device()).horizontalAdvance(text) \
            + 14 * u
    return 18 * u


def _nice_top(value: float) -> float:
    """A round axis maximum at or above ``value``."""
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if step * factor >= value:
            return float(step * factor)
    return float(value)


def _axis(painter: QPainter, plot: QRectF, top: float, u: float, suffix: str = "") -> None:
    painter.setFont(font(7.5))
    for i in range(5):
        y = plot.bottom() - plot.height() * i / 4
        painter.setPen(QPen(GRID, 0.5 * u))
        painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
        painter.setPen(MUTED)
        painter.drawText(QRectF(plot.left() - 40 * u, y - 6 * u, 36 * u, 12 * u), RIGHT,
                         f"{top * i / 4:g}{suffix}")


def _every(count: int, width: float, each: float) -> int:
    """Label every n-th of ``count`` places so that labels ``each`` wide fit in ``width``."""
    return max(1, int(count * each / max(width, 1)) + 1)


def paint_chart(painter: QPainter, report: Report, rect: QRectF, u: float) -> None:
    """The report's chart inside ``rect``."""
    if not report.cells:
        painter.setPen(MUTED)
        painter.setFont(font(11, italic=True))
        painter.drawText(rect, CENTRE, "Nothing to show in this range")
        return
    if report.chart == "heat":
        _heat(painter, report, rect, u)
    elif report.chart == "bars":
        _bars(painter, report, rect, u)
    else:
        _periods(painter, report, rect, u)


def _bars(painter: QPainter, report: Report, rect: QRectF, u: float) -> None:
    labels = report.labels()
    series = [report.values(s) for s in report.series]
    used = _legend(painter, report, rect, u) if len(series) > 1 else 0
    percent = report.series[0].endswith("percent")
    top = max(100.0, _nice_top(max(max(v) for v in series))) if percent else \
        _nice_top(max(max(v) for v in series))
    painter.setFont(font(8))
    metrics = QFontMetricsF(painter.font(), painter.device())
    label_w = min(rect.width() * 0.3, max(metrics.horizontalAdvance(t) for t in labels) + 8 * u)
    plot = QRectF(rect.left() + label_w, rect.top() + used + 4 * u,
                  rect.width() - label_w - 40 * u, rect.height() - used - 18 * u)
    row = plot.height() / len(labels)
    bar = row * 0.75 / len(series)
    for i in range(5):
        x = plot.left() + plot.width() * i / 4
        painter.setPen(QPen(GRID, 0.5 * u))
        painter.drawLine(QLineF(x, plot.top(), x, plot.bottom()))
        painter.setPen(MUTED)
        painter.setFont(font(7.5))
        painter.drawText(QRectF(x - 30 * u, plot.bottom() + 2 * u, 60 * u, 12 * u), CENTRE,
                         f"{top * i / 4:g}{'%' if percent else ''}")
    size = min(8.0, max(4.0, row / u * 0.6))
    for n, text in enumerate(labels):
        y = plot.top() + n * row
        painter.setPen(TEXT)
        painter.setFont(font(size))
        painter.drawText(QRectF(rect.left(), y, label_w - 6 * u, row), RIGHT,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, label_w - 6 * u))
        for k, values in enumerate(series):
            width = plot.width() * min(values[n], top) / top
            box = QRectF(plot.left(), y + row * 0.125 + k * bar, width, bar)
            painter.fillRect(box, COLOURS[k % 4])
            painter.drawText(QRectF(box.right() + 3 * u, box.top(), 40 * u, bar), LEFT,
                             f"{values[n]:g}{'%' if percent else ''}")


def _periods(painter: QPainter, report: Report, rect: QRectF, u: float) -> None:
    labels = report.labels()
    series = [report.values(s) for s in report.series]
    used = _legend(painter, report, rect, u)
    stacked = report.chart == "stacked"
    highest = max(sum(col) for col in zip(*series, strict=True)) if stacked else \
        max(max(v) for v in series)
    percent = report.series[0].endswith("percent")
    top = _nice_top(highest)
    plot = QRectF(rect.left() + 44 * u, rect.top() + used + 6 * u, rect.width() - 52 * u,
                  rect.height() - used - 24 * u)
    _axis(painter, plot, top, u, "%" if percent else "")
    step = plot.width() / len(labels)
    every = _every(len(labels), plot.width(), 48 * u)
    painter.setFont(font(7))
    painter.setPen(MUTED)
    for n, text in enumerate(labels):
        if n % every == 0:
            x = plot.left() + step * (n + 0.5)
            painter.drawText(QRectF(x - 30 * u, plot.bottom() + 3 * u, 60 * u, 12 * u), CENTRE,
                             text)
    if stacked:
        for n in range(len(labels)):
            base = plot.bottom()
            for k, values in enumerate(series):
                h = plot.height() * values[n] / top
                painter.fillRect(QRectF(plot.left() + step * (n + 0.1), base - h, step * 0.8, h),
                                 COLOURS[k % 4])
                base -= h
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for k, values in enumerate(series):
        painter.setPen(QPen(COLOURS[k % 4], 1.6 * u))
        points = [QPointF(plot.left() + step * (n + 0.5), plot.bottom() - plot.height() * v / top)
                  for n, v in enumerate(values)]
        for a, b in pairwise(points):
            painter.drawLine(QLineF(a, b))
        if len(points) == 1:
            painter.drawEllipse(points[0], 2 * u, 2 * u)


def heat_grid(report: Report) -> tuple[list[int], list[list[int]]]:
    """The hours shown (the first to the last with visits) and visits[weekday][hour]."""
    cells = report.records
    hours = list(range(min(c.hour for c in cells), max(c.hour for c in cells) + 1)) \
        if cells else list(range(8, 20))
    grid = [[0] * len(hours) for _ in WEEKDAYS]
    for c in cells:
        grid[c.weekday][c.hour - hours[0]] = c.visits
    return hours, grid


def _heat(painter: QPainter, report: Report, rect: QRectF, u: float) -> None:
    hours, grid = heat_grid(report)
    most = max(max(row) for row in grid) or 1
    plot = QRectF(rect.left() + 70 * u, rect.top() + 16 * u, rect.width() - 74 * u,
                  rect.height() - 20 * u)
    w, h = plot.width() / len(hours), plot.height() / 7
    painter.setFont(font(7.5))
    for i, hour in enumerate(hours):
        painter.setPen(MUTED)
        painter.drawText(QRectF(plot.left() + i * w, rect.top(), w, 14 * u), CENTRE,
                         f"{hour:02d}")
    for d, name in enumerate(WEEKDAYS):
        painter.setPen(TEXT)
        painter.setFont(font(8.5))
        painter.drawText(QRectF(rect.left(), plot.top() + d * h, 66 * u, h), RIGHT, name)
        painter.setFont(font(min(8.0, max(4.0, w / u / 4))))
        for i, visits in enumerate(grid[d]):
            shade = QColor(HEAT)
            shade.setAlphaF(0.06 + 0.94 * visits / most if visits else 0.0)
            box = QRectF(plot.left() + i * w, plot.top() + d * h, w, h).marginsRemoved(
                QMarginsF(u, u, u, u))
            painter.fillRect(box, QColor("#f4f5f7"))
            painter.fillRect(box, shade)
            painter.setPen(QColor("white") if visits > most * 0.55 else TEXT)
            if visits:
                painter.drawText(box, CENTRE, f"{visits:,}")


# -- the table --------------------------------------------------------------------------------

def _table_rows(painter: QPainter, report: Report, rect: QRectF, u: float,
                rows: list[tuple], head: bool = True) -> None:
    n = len(report.columns)
    w = rect.width() / n
    y = rect.top()
    line = 13 * u
    if head:
        painter.setFont(font(8, bold=True))
        painter.setPen(TEXT)
        for i, name in enumerate(report.columns):
            painter.drawText(QRectF(rect.left() + i * w, y, w - 4 * u, line),
                             LEFT if i == 0 else RIGHT, report.heading(name))
        y += line
        painter.setPen(QPen(TEXT, 0.5 * u))
        painter.drawLine(QLineF(rect.left(), y, rect.right(), y))
    painter.setFont(font(8))
    painter.setPen(TEXT)
    for row in rows:
        for i, value in enumerate(row):
            painter.drawText(QRectF(rect.left() + i * w, y, w - 4 * u, line),
                             LEFT if i == 0 else RIGHT, report.text(report.columns[i], value))
        y += line


# -- the files --------------------------------------------------------------------------------

def write_pdf(report: Report, path: Path, *, paper: str = "A4") -> int:
    """The chart on the first page (landscape), the table after it; returns the pages."""
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(PAPERS[paper]))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(report.title)
    writer.setCreator("frontdesk")
    dpi = writer.logicalDpiY()
    area = QRectF(writer.pageLayout().paintRectPixels(dpi))
    u = dpi / 72
    page_rect = QRectF(0, 0, area.width(), area.height())
    per_page = int((page_rect.height() - 60 * u) / (13 * u))
    chunks = [list(report.cells[i:i + per_page])
              for i in range(0, len(report.cells), per_page)]
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("could not start the PDF")
    pages = 1
    try:
        used = paint_header(painter, report, page_rect, u)
        paint_chart(painter, report, page_rect.adjusted(0, used, 0, -14 * u), u)
        _footer(painter, page_rect, u, 1, 1 + len(chunks))
        for chunk in chunks:
            writer.newPage()
            pages += 1
            used = paint_header(painter, report, page_rect, u)
            _table_rows(painter, report, page_rect.adjusted(0, used, 0, 0), u, chunk)
            _footer(painter, page_rect, u, pages, 1 + len(chunks))
    finally:
        painter.end()
    return pages


def _footer(painter: QPainter, rect: QRectF, u: float, page: int, total: int) -> None:
    painter.setFont(font(7.5))
    painter.setPen(MUTED)
    painter.drawText(QRectF(rect.left(), rect.bottom() - 10 * u, rect.width(), 10 * u),
                     RIGHT, f"Page {page} of {total}")


def image(report: Report, width: int = PNG_SIZE[0], height: int = PNG_SIZE[1]) -> QImage:
    """The report's title and chart on a white image."""
    ensure_gui()
    picture = QImage(width, height, QImage.Format.Format_ARGB32)
    picture.fill(QColor("white"))
    u = width / 800
    painter = QPainter(picture)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = QRectF(16 * u, 12 * u, width - 32 * u, height - 24 * u)
        used = paint_header(painter, report, rect, u)
        paint_chart(painter, report, rect.adjusted(0, used, 0, 0), u)
    finally:
        painter.end()
    return picture


def write_png(report: Report, path: Path) -> None:
    writer = QImageWriter(str(path), QByteArray(b"png"))  # the name ends .part: say PNG
    if not writer.write(image(report)):
        raise OSError(f"could not write the picture: {writer.errorString()}")
