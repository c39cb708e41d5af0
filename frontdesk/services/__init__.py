"""Use cases shared by the window, the command line and the importers (no Qt here).

Each function takes the :class:`~frontdesk.db.engine.Database` and opens its own short
session, so a caller never holds ORM objects across user actions.
"""
