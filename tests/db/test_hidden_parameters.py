"""A failed statement's error text names no client data: engines hide their parameters."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, text


def test_a_failed_statements_error_does_not_carry_its_values(db):
    with pytest.raises(exc.DBAPIError) as failed, db.write() as s:
        s.execute(text("INSERT INTO no_such_table (name) VALUES (:name)"),
                  {"name": "Zoë Brontë, pregnant"})
    assert "Zoë" not in str(failed.value) and "pregnant" not in str(failed.value)
    assert "hidden" in str(failed.value)
