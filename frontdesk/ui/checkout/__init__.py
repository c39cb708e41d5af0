"""Checkout at the desk: the dialog (key P) and its controller."""
