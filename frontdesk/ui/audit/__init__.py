"""The audit trail in the window: who changed what, when, before and after."""
