"""Tools > Reports…: the owner's reports as Qt Charts and a table (a manager's window)."""
