"""Logging to a rotating file in the user log directory.

Messages name ids and actions, never a client's name, phone or notes.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from frontdesk import paths


def setup(level: int = logging.INFO) -> Path:
    """Send frontdesk's log records to ``frontdesk.log``; idempotent. Returns the file."""
    logfile = paths.log_dir() / "frontdesk.log"
    logger = logging.getLogger("frontdesk")
    if not any(getattr(h, "baseFilename", None) == str(logfile) for h in logger.handlers):
        for old in list(logger.handlers):
            logger.removeHandler(old)
            old.close()
        handler = logging.handlers.RotatingFileHandler(
            logfile, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    return logfile
