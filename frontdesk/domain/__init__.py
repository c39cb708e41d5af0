"""Plain-Python heart of frontdesk: value types, time rules and booking rules.

Nothing in this package imports Qt or SQLAlchemy, so the rules can be read, tested and reused
by the window, the command line and the importers alike.
"""
