"""Signing in at the window: the sign-in dialog, the idle lock, and what a role sees."""
