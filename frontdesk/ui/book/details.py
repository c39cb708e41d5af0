"""The side panel's account of the selected appointment: who, what, when, and warnings."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser

from frontdesk.domain import clock
from frontdesk.domain.text import client_label
from frontdesk.services.schedule import AppointmentView, with_partners


class DetailsPanel(QTextBrowser):
    def __init__(self, tz, parent=None):
        super().__init__(parent)
        self.tz = tz
        self.setAccessibleName("Selected appointment")
        self.setOpenLinks(False)
        self.setMinimumHeight(160)
        self.show_appointment(None)

    def show_appointment(self, a: AppointmentView | None,
                         flags: list[tuple[str, str]] = (), payment: str = "",
                         partners: list[AppointmentView] = ()) -> None:
        """``partners``: the other visits of a couples session, named "With"."""
        if a is None:
            self._set("<p style='color:gray'>Select an appointment to see it here. "
                         "Double-click an empty slot to book.</p>")
            return
        start, end = clock.to_local(a.start, self.tz), clock.to_local(a.end, self.tz)
        rows = [
            ("When", f"{start:%a %d %b}, {start:%H:%M}–{end:%H:%M}"),
            ("Service", a.service), ("Therapist", a.therapist), ("Room", a.room),
            ("Status", a.status.label), ("Source", a.source),
        ]
        if a.party_id is not None:
            rows.insert(1, ("Couples", with_partners(partners) if partners
                            else "the partner's visit is not shown here"))
        if payment:
            rows.append(("Payment", payment))
        if a.notes:
            rows.append(("Notes", a.notes))
        if a.cancel_reason:
            rows.append(("Reason", a.cancel_reason))
        if a.overridden:
            rows.append(("Booked over", f"{a.overridden} — {a.override_reason}"))
        html = [f"<h3 style='margin:0'>{escape(client_label(a.client))}</h3>"]
        warnings = [escape(a.client_alert)] if a.client_alert else []
        if flags:
            warnings.append("Contraindications: " + ", ".join(
                escape(f"{flag} ({note})" if note else flag) for flag, note in flags))
        if warnings:
            html.append("<p style='background:#b3261e;color:white;padding:4px'>⚠ "
                        + "<br>".join(warnings) + "</p>")
        html.append("<table cellspacing=2>")
        html += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in rows]
        html.append(f"</table><p style='color:gray'>Appointment #{a.id}</p>")
        self._set("".join(html))

    def _set(self, html: str) -> None:
        """Only when it changed: paging through days with nothing selected costs nothing."""
        if html != getattr(self, "_html", None):
            self._html = html
            self.setHtml(html)
