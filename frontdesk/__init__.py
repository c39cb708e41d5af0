"""frontdesk: the appointment book of a massage clinic, kept on the clinic's own computers."""

__version__ = "0.1.0"
