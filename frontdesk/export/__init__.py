"""Writers of the day sheet: PDF, CSV, iCalendar and HTML, and the file they go into.

Each writer reads a :class:`frontdesk.services.daysheet.Sheet` and nothing else; only the PDF
writer needs Qt (its painter and PDF engine), and none needs a widget.
"""
