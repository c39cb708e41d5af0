"""The models' declarative base and the naming convention every constraint is named by.

Apart from :mod:`frontdesk.db.models` so that a model kept in a module of its own
(``models_party``, ``models_ledger``, ``models_web``) is declared on the same metadata
without importing the module that imports it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def in_list(column: str, values: Iterable[object]) -> str:
    """A CHECK's text: ``column`` holds one of ``values`` (an enum's members, as stored)."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"
