"""A therapist's day agenda as one rich-text page, read at a glance and printable.

A QTextBrowser rather than a grid of widgets: the whole day is one QTextDocument, so it
scrolls, is read by screen readers, and prints as it is shown. Colours come from the widget's
palette (dark themes included); the few fixed colours (the alert, the flag chips) carry their
own matching text colour. Every piece of user text goes through ``html.escape``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape

from PySide6.QtCore import QDate, QEvent, QLocale, QTime
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QTextBrowser

from frontdesk.domain.status import ACTIVE
from frontdesk.domain.text import GUEST
from frontdesk.services.agenda import Agenda, AgendaItem, Period

#: Gaps shorter than this are changeover time, not worth a line.
MIN_GAP_SHOWN = 15
CHIP_BG, CHIP_FG = "#ffe08a", "#3d2a00"        # a fixed pair: readable on light and dark
ALERT_LIGHT, ALERT_DARK = "#b3261e", "#ff8a80"  # red that contrasts with the page's base


@dataclass(frozen=True)
class Colours:
    text: str
    muted: str
    rule: str
    card: str
    accent: str
    alert: str

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightnessF() < 0.5
        return cls(text=text.name(), muted=_mix(text, base, 0.62), rule=_mix(text, base, 0.22),
                   card=_mix(text, base, 0.07),
                   accent=palette.color(QPalette.ColorRole.Highlight).name(),
                   alert=ALERT_DARK if dark else ALERT_LIGHT)


def _mix(a: QColor, b: QColor, share_of_a: float) -> str:
    def channel(x: int, y: int) -> int:
        return round(x * share_of_a + y * (1 - share_of_a))
    return QColor(channel(a.red(), b.red()), channel(a.green(), b.green()),
                  channel(a.blue(), b.blue())).name()


class AgendaView(QTextBrowser):
    """Shows one :class:`~frontdesk.services.agenda.Agenda`; re-renders when the palette
    changes (a theme switch), since its colours are baked into the HTML."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Therapist's day agenda")
        self.setOpenLinks(False)
        self.document().setDocumentMargin(12)
        self._shown: tuple[Agenda, QLocale | None] | None = None

    def show_agenda(self, agenda: Agenda, locale: QLocale | None = None) -> None:
        self._shown = (agenda, locale)
        size = self.font().pointSizeF()  # -1 when the font is set in pixels
        page = Page(agenda, locale or QLocale(), Colours.from_palette(self.palette()),
                    size if size > 0 else 10.0)
        self.setHtml(page.html())
        self.setAccessibleDescription(page.summary())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._shown is not None:
            self.show_agenda(*self._shown)


@dataclass(frozen=True)
class Page:
    """The HTML of one agenda; kept apart from the widget so it can be rendered for print."""

    agenda: Agenda
    locale: QLocale
    c: Colours
    point_size: float = 10.0

    def time(self, at: datetime) -> str:
        text = self.locale.toString(QTime(at.hour, at.minute), QLocale.FormatType.ShortFormat)
        if at.replace(fold=1 - at.fold).utcoffset() != at.utcoffset():
            text += f" {at.tzname()}"  # 01:30 happens twice on a fall-back night
        if at.date() != self.agenda.day and not (
                at.date() == self.agenda.day + timedelta(days=1) and at.hour == at.minute == 0):
            day = QDate(at.year, at.month, at.day)
            text = f"{self.locale.toString(day, QLocale.FormatType.ShortFormat)} {text}"
        return text

    def span(self, start: datetime, end: datetime) -> str:
        return f"{self.time(start)} – {self.time(end)}"

    def date(self) -> str:
        d = self.agenda.day
        return self.locale.toString(QDate(d.year, d.month, d.day), QLocale.FormatType.LongFormat)

    def summary(self) -> str:
        a = self.agenda
        return f"{a.therapist.name}, {self.date()}: {_count(a.client_count, 'client')}"

    def html(self) -> str:
        a, c = self.agenda, self.c
        hours = ", ".join(self.span(p.start, p.end) for p in a.shifts)
        parts = [
            f'<div style="color:{c.text}; font-size:{self.point_size:.1f}pt">',
            f'<p style="margin:0; font-size:{self.point_size * 1.6:.1f}pt; font-weight:600">'
            f"{escape(a.therapist.name)}</p>",
            f'<p style="margin:2px 0 0 0; font-size:{self.point_size * 1.15:.1f}pt">'
            f"{escape(self.date())}</p>",
            f'<p style="margin:2px 0 10px 0; color:{c.muted}">'
            f"{escape('Working ' + hours if hours else 'Not working')} · "
            f"{_count(a.client_count, 'client')}</p>",
        ]
        for kind, entry in self._timeline():
            if kind == "item":
                if entry.gap_before_minutes >= MIN_GAP_SHOWN:
                    parts.append(self._free(entry.gap_before_minutes))
                parts.append(self._item(entry))
            else:
                parts.append(self._period(kind, entry))
        if a.free_after_minutes >= MIN_GAP_SHOWN:
            parts.append(self._free(a.free_after_minutes))
        if not a.items:
            parts.append(f'<p style="color:{c.muted}">No appointments.</p>')
        parts.append("</div>")
        return "\n".join(parts)

    def _timeline(self) -> list[tuple[str, Period | AgendaItem]]:
        """Breaks, time off and visits in real-time order (sorted on UTC: on a fall-back
        night 01:30 EST comes after 01:45 EDT)."""
        a = self.agenda
        entries = [("break", p.start, p) for p in a.breaks]
        entries += [("time off", p.start, p) for p in a.time_off]
        entries += [("item", i.appointment.start, i) for i in a.items]
        entries.sort(key=lambda e: (e[1].astimezone(UTC), e[0] != "time off"))
        return [(kind, entry) for kind, _, entry in entries]

    def _free(self, minutes: int) -> str:
        return (f'<p style="margin:2px 0 2px 12px; color:{self.c.muted}; '
                f'font-size:{self.point_size * 0.9:.1f}pt">┈ free {_duration(minutes)}</p>')

    def _period(self, kind: str, p: Period) -> str:
        note = f" — {escape(p.note)}" if p.note else ""
        colour = self.c.text if kind == "time off" else self.c.muted
        return (f'<p style="margin:6px 0 6px 0; color:{colour}">'
                f"<b>{escape(self.span(p.start, p.end))}</b>&nbsp;&nbsp;"
                f"{kind.capitalize()}{note}</p>")

    def _item(self, item: AgendaItem) -> str:
        c, v = self.c, item.appointment
        active = v.status in ACTIVE
        name = (f"{escape(v.client)}" if v.client else
                f'<i style="color:{c.muted}">{GUEST}</i>')
        if not active:
            name = f"<s>{name}</s>"
        status = escape(v.status.label.capitalize())
        if v.cancel_reason:
            status += f" — {escape(v.cancel_reason)}"
        lines = [
            f'<p style="margin:0; font-size:{self.point_size * 1.45:.1f}pt; font-weight:600">'
            f"{name}</p>",
            f'<p style="margin:1px 0 0 0; color:{c.muted}">{escape(v.service)} · '
            f"{escape(v.room)} · "
            f'<span style="color:{c.text if active else c.alert}">{status}</span></p>',
        ]
        if item.client_alert:
            lines.append(f'<p style="margin:5px 0 0 0; color:{c.alert}; font-weight:600">'
                         f"Alert: {_text(item.client_alert)}</p>")
        if item.flags:
            chips = "&nbsp; ".join(
                f'<span style="background-color:{CHIP_BG}; color:{CHIP_FG}; font-weight:600">'
                f"&nbsp;{escape(flag)}{': ' + escape(note) if note else ''}&nbsp;</span>"
                for flag, note in item.flags)
            lines.append(f'<p style="margin:5px 0 0 0">{chips}</p>')
        for label, text in (("Client notes", item.client_notes), ("Visit notes", v.notes)):
            if text.strip():
                lines.append(f'<p style="margin:4px 0 0 0"><span style="color:{c.muted}">'
                             f"{label}:</span> {_text(text)}</p>")
        bar = c.accent if active else c.muted
        cell = f'valign="top" style="padding:6px 8px; color:{c.text}; background-color:{c.card}"'
        return (
            '<table width="100%" cellspacing="0" cellpadding="0" style="margin:4px 0 4px 0; '
            f'border-collapse:collapse"><tr><td width="4" style="background-color:{bar}"></td>'
            f'<td width="112" {cell}><b>{_nowrap(self.time(item.start_local))}</b><br>'
            f'<span style="color:{c.muted}">–&nbsp;{_nowrap(self.time(item.end_local))}<br>'
            f"{_duration(item.minutes)}</span></td>"
            f'<td {cell}>{"".join(lines)}</td></tr></table>'
        )


def _text(text: str) -> str:
    """User text, escaped, its line breaks kept."""
    return "<br>".join(escape(line) for line in text.strip().splitlines())


def _nowrap(text: str) -> str:
    """A time kept on one line ("1:30 AM EDT" must not break in the narrow time column)."""
    return escape(text).replace(" ", "&nbsp;").replace("\u202f", "&nbsp;")


def _count(n: int, noun: str) -> str:
    return f"{n or 'no'} {noun}" + ("" if n == 1 else "s")


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")
