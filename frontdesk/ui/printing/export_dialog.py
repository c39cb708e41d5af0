"""File > Export…: the questions, asked once.

The dialogs only collect a choice and check that it can be written, showing the reason at
the field it is about; the window gathers the sheet and writes it through
:mod:`frontdesk.export.writer`, the same path as ``frontdesk export``, so an export from the
window and one from the command line never differ.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.errors import BadInput, FrontdeskError
from frontdesk.export.base import FORMATS, LAYOUTS, PAPERS
from frontdesk.export.writer import LABELS, SUFFIXES, check_target
from frontdesk.services.catalog import Catalog
from frontdesk.services.daysheet import MAX_DAYS
from frontdesk.ui.core.settings import WindowState
from frontdesk.ui.widgets.forms import FieldErrors, long_day

SPANS = ("day", "week", "month", "days")
LAYOUT_LABELS = {"auto": "Automatic (therapist columns when they fit)",
                 "grid": "Therapist columns", "list": "List"}
#: Characters a file name may not hold on Windows (or, for "/", anywhere).
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass(frozen=True)
class ExportChoice:
    """What to export and where: ``whose`` is "clinic", "therapist:ID" or "room:ID"."""

    whose: str
    first: date
    days: int
    fmt: str
    private: bool
    paper: str
    layout: str
    path: Path

    @property
    def filters(self) -> dict[str, int]:
        """The ``therapist_id`` / ``room_id`` keyword for :func:`daysheet.gather`."""
        kind, _, ident = self.whose.partition(":")
        return {f"{kind}_id": int(ident)} if ident else {}


def span_days(kind: str, day: date, days: int = 1) -> tuple[date, int]:
    """The first day and number of days of a span choice around the day shown."""
    if kind == "week":
        return day, 7
    if kind == "month":
        return day.replace(day=1), calendar.monthrange(day.year, day.month)[1]
    if kind == "days":
        return day, days
    return day, 1


def file_title(text: str) -> str:
    """``text`` usable as a file name everywhere ("Room: Cedar" would not be on Windows)."""
    return " ".join(_UNSAFE.sub(" ", text).split()).strip(". ") or "schedule"


def sentence(text: str) -> str:
    """"no folder /x to write a.csv in" -> "No folder /x to write a.csv in."."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def default_folder(state: WindowState, key: str) -> Path:
    """The folder last used for ``key``, else Documents, else the home folder."""
    remembered = state.text(key, "")
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def file_row(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(edit, 1)
    box.addWidget(button)
    return row


def new_form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    return form


class ExportDialog(QDialog):
    """Whose schedule, which days, which format, and the file.

    ``run(choice)`` writes the export. It raises :class:`FrontdeskError` or :class:`OSError`
    when the file cannot be written; the dialog then stays open with the reason at the file
    field. Returning normally (written, or cancelled by the person exporting) closes it.
    Choices that worked are remembered for next time in ``state``.
    """

    def __init__(self, catalog: Catalog, day: date, state: WindowState, *, paper: str,
                 run: Callable[[ExportChoice], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.catalog, self.day, self.state, self.run = catalog, day, state, run
        self._suggested = ""
        self._confirmed: Path | None = None  # the file dialog already asked to replace it
        self.setWindowTitle("Export the schedule")
        self._build(paper)
        self._restore()
        self._changed()

    # -- building ---------------------------------------------------------------------

    def _build(self, paper: str) -> None:
        self.errors = FieldErrors()
        self.whose = QComboBox()
        self.whose.setAccessibleName("Whose schedule")
        self.whose.addItem("Whole clinic", "clinic")
        self.whose.insertSeparator(1)
        for t in self.catalog.therapists.values():
            if t.active:
                self.whose.addItem(t.name, f"therapist:{t.id}")
        self.whose.insertSeparator(self.whose.count())
        for r in self.catalog.rooms.values():
            if r.active:
                self.whose.addItem(f"Room: {r.name}", f"room:{r.id}")

        first, days = span_days("month", self.day)
        last = self.day + timedelta(days=6)
        self.span = QComboBox()
        self.span.setAccessibleName("Days")
        self.span.addItem(f"The day shown — {long_day(self.day)}", "day")
        self.span.addItem(f"The week from the day shown — {self.day:%d %b} to "
                          f"{last:%d %b %Y} (7 days)", "week")
        self.span.addItem(f"The month of the day shown — {first:%B %Y} ({days} days)",
                          "month")
        self.span.addItem("A number of days from the day shown:", "days")
        self.days = QSpinBox()
        self.days.setAccessibleName("Number of days")
        self.days.setRange(1, MAX_DAYS)
        self.days.setSuffix(" days")
        self.days.setValue(14)
        span_row = QWidget()
        box = QHBoxLayout(span_row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.span, 1)
        box.addWidget(self.days)

        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for fmt in FORMATS:
            self.format.addItem(f"{LABELS[fmt]} ({SUFFIXES[fmt]})", fmt)
        self.private = QCheckBox("Private copy (leave out notes, alerts, contraindications "
                                 "and phones)")
        self.private.setAccessibleName("Private copy")
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper")
        for p in PAPERS:
            self.paper.addItem(p, p)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper)))
        self.paper.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.paper.setMinimumWidth(140)
        self.layout_choice = QComboBox()
        self.layout_choice.setAccessibleName("PDF layout")
        for lay in LAYOUTS:
            self.layout_choice.addItem(LAYOUT_LABELS[lay], lay)
        self.file = QLineEdit()
        self.file.setAccessibleName("File")
        self.file.setMinimumWidth(380)
        self.file.setClearButtonEnabled(True)
        self.file.textEdited.connect(lambda _t: self.errors.clear())
        self.choose = QPushButton("Choose…")
        self.choose.setAutoDefault(False)
        self.choose.clicked.connect(self._choose_file)

        form = new_form()
        self.errors.add_row(form, "whose", "Schedule of:", self.whose)
        self.errors.add_row(form, "days", "Days:", span_row)
        self.errors.add_row(form, "format", "Format:", self.format)
        form.addRow("", self.private)
        self.errors.add_row(form, "paper", "Paper:", self.paper)
        self.errors.add_row(form, "layout", "PDF layout:", self.layout_choice)
        error = self.errors.add_row(form, "output", "File:", file_row(self.file, self.choose))
        self.errors.register("output", self.file, error)  # the red frame goes on the name

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)
        for signal in (self.whose.currentIndexChanged, self.span.currentIndexChanged,
                       self.days.valueChanged, self.format.currentIndexChanged):
            signal.connect(self._changed)
        self.setMinimumWidth(640)

    def _restore(self) -> None:
        s = self.state
        self.folder = default_folder(s, "export/folder")
        self._select(self.whose, s.text("export/whose", "clinic"))
        self._select(self.span, s.text("export/span", "day", SPANS))
        self.days.setValue(s.number("export/days", 14, 1, MAX_DAYS))
        self._select(self.format, s.text("export/format", "pdf", FORMATS))
        self.private.setChecked(s.flag("export/private"))
        self._select(self.layout_choice, s.text("export/layout", "auto", LAYOUTS))

    @staticmethod
    def _select(box: QComboBox, data: str) -> None:
        index = box.findData(data)
        if index >= 0:
            box.setCurrentIndex(index)

    # -- reading ----------------------------------------------------------------------

    def fmt(self) -> str:
        return self.format.currentData()

    def range(self) -> tuple[date, int]:
        return span_days(self.span.currentData(), self.day, self.days.value())

    def _title(self) -> str:
        whose = self.whose.currentData()
        kind, _, ident = whose.partition(":")
        if kind == "therapist":
            return self.catalog.therapists[int(ident)].name
        if kind == "room":
            return f"Room {self.catalog.rooms[int(ident)].name}"
        return "Whole clinic"

    def suggested_name(self) -> str:
        """"2026-10-05 Whole clinic.pdf", "2026-10-05 to 2026-10-11 Ana.csv"."""
        first, days = self.range()
        last = first + timedelta(days=days - 1)
        when = first.isoformat() if days == 1 else f"{first.isoformat()} to {last.isoformat()}"
        return file_title(f"{when} {self._title()}") + SUFFIXES[self.fmt()]

    def _changed(self) -> None:
        """Enable what applies to the format and keep the suggested file name current (a
        name the person typed keeps its name; only its suffix follows the format)."""
        fmt = self.fmt()
        self.days.setEnabled(self.span.currentData() == "days")
        self.paper.setEnabled(fmt in ("pdf", "html"))
        self.layout_choice.setEnabled(fmt == "pdf" and self.whose.currentData() == "clinic")
        text = self.file.text().strip()
        if not text or text == self._suggested:
            self._suggested = str(self.folder / self.suggested_name())
            self.file.setText(self._suggested)
        elif Path(text).suffix.lower() in SUFFIXES.values():
            self.file.setText(str(Path(text).with_suffix(SUFFIXES[fmt])))

    def _path(self) -> Path:
        text = self.file.text().strip()
        if not text:
            raise BadInput("Give the file to export to (or choose one).", "output")
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        suffix = SUFFIXES[self.fmt()]
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return path

    def choice(self) -> ExportChoice:
        """The export asked for; :class:`BadInput` (with its field) if it cannot be written."""
        fmt = self.fmt()
        path = self._path()
        check_target(fmt, path)
        first, days = self.range()
        return ExportChoice(whose=self.whose.currentData(), first=first, days=days, fmt=fmt,
                            private=self.private.isChecked(), paper=self.paper.currentData(),
                            layout=self.layout_choice.currentData()
                            if self.layout_choice.isEnabled() else "auto", path=path)

    # -- acting -----------------------------------------------------------------------

    def _choose_file(self) -> None:
        fmt = self.fmt()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.file.text().strip() or str(self.folder),
            f"{LABELS[fmt]} (*{SUFFIXES[fmt]})")
        if name:
            if Path(name).suffix.lower() != SUFFIXES[fmt]:
                name += SUFFIXES[fmt]
            self.file.setText(name)
            self._confirmed = Path(name)
            self.errors.clear()

    def _may_replace(self, path: Path) -> bool:
        if not path.exists() or path == self._confirmed:
            return True
        answer = QMessageBox.question(
            self, "Replace the file?", f"{path.name} already exists in {path.parent}.\n"
            "Replace it with this export?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def accept(self) -> None:
        self.errors.clear()
        try:
            choice = self.choice()
            if not self._may_replace(choice.path):
                return
            self.run(choice)
        except BadInput as error:  # the engine's lower-case reason, as a sentence here
            self.errors.show_error(BadInput(sentence(str(error)), error.field))
            return
        except FrontdeskError as error:
            self.errors.show_error(error)
            return
        except OSError as error:
            self.errors.show_error(BadInput(
                f"Could not write {self.file.text().strip()}: {error.strerror or error}",
                "output"))
            return
        self._remember(choice)
        super().accept()

    def _remember(self, choice: ExportChoice) -> None:
        s = self.state
        for key, value in (("whose", choice.whose), ("span", self.span.currentData()),
                           ("days", self.days.value()), ("format", choice.fmt),
                           ("private", choice.private),
                           ("layout", self.layout_choice.currentData()),
                           ("folder", str(choice.path.parent))):
            s.set(f"export/{key}", value)
