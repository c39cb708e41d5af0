"""How a date or a date and time is shown in the window's date fields: as the lists and the
day view write them ("Thu 1 Oct 2026", "Thu 1 Oct 2026  10:00"), one way in every dialog,
never ISO. Qt's display-format strings (QDateTimeEdit.setDisplayFormat)."""

DATE = "ddd d MMM yyyy"
DATE_TIME = "ddd d MMM yyyy  HH:mm"
