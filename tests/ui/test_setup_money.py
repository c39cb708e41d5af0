"""Set-up's money: the currency and default fees on the clinic page, and a service's price
typed as a decimal in that currency (never a float spin box)."""

from __future__ import annotations

from sqlalchemy import select

from frontdesk.db import models as m
from tests.ui.test_setup_screens import click, dialog, retype  # noqa: F401  (the fixture)


def test_the_currency_and_default_fees_are_saved(qtbot, dialog, db):  # noqa: F811
    page = dialog.clinic
    assert page.no_show_fee.text() == "0.00" and page.currency.currentData() == "USD"
    retype(qtbot, page.no_show_fee, "25")
    retype(qtbot, page.late_fee, "12.5")
    page.currency.setCurrentIndex(page.currency.findData("EUR"))
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        click(qtbot, page.save_button)
    with db.read() as s:
        clinic = s.scalars(select(m.Clinic)).one()
        assert (clinic.currency, clinic.no_show_fee_cents, clinic.late_cancel_fee_cents) \
            == ("EUR", 2500, 1250)
    retype(qtbot, page.no_show_fee, "12,50")
    click(qtbot, page.save_button)
    assert "is not an amount" in page.errors.text("no_show_fee")


def test_a_price_is_a_decimal_in_the_clinics_currency(qtbot, dialog, db):  # noqa: F811
    page = dialog.services
    click(qtbot, page.new_button)
    assert page.form.labelForField(page.price).text() == "Price (USD):"
    qtbot.keyClicks(page.name, "Cupping 45")
    retype(qtbot, page.minutes, "45")
    retype(qtbot, page.price, "0.1")  # a float would keep 0.1 as 0.1000000000000000055…
    click(qtbot, page.save_button)
    with db.read() as s:
        assert s.scalar(select(m.Service.price_cents).where(
            m.Service.name == "Cupping 45")) == 10
    retype(qtbot, page.price, "85.555")
    click(qtbot, page.save_button)
    assert "more than 2 decimals" in page.errors.text("price_cents")
