"""Which book this desk opens: the SQLite file on this computer, or the clinic's server.

A clinic with several desks points every desk at one PostgreSQL server. Each desk keeps
where its book is in ``connection.json`` in its data folder (server, port, database, user:
nothing secret), and the password in the system keyring (Windows Credential Manager, macOS
Keychain, the Secret Service on Linux) — never in a plain file. Where there is no keyring,
the password is not kept: PostgreSQL's own ``PGPASSWORD`` or ``pgpass`` file serve instead.

Precedence, for the window and every command: ``--db``, then ``FRONTDESK_DB``, then the saved
connection, then the SQLite file in the data folder.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from frontdesk import paths

log = logging.getLogger(__name__)

FILE = "connection.json"
KEYRING_SERVICE = "frontdesk"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class Server:
    """A PostgreSQL server and database this desk opens (the password lives elsewhere)."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT

    def __post_init__(self) -> None:
        for name in ("host", "database", "user"):
            value = getattr(self, name)
            if not value.strip() or any(c.isspace() for c in value.strip()):
                raise ValueError(f"the server's {name} must be one word, not {value!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"the port must be 1-65535, not {self.port}")

    @property
    def key(self) -> str:
        """Who the password belongs to, in the keyring: ``user@host:port/database``."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL (psycopg 3), the password escaped as a URL needs."""
        from sqlalchemy.engine import URL

        return URL.create("postgresql+psycopg", username=self.user, password=password or None,
                          host=self.host, port=self.port, database=self.database
                          ).render_as_string(hide_password=False)


def _file() -> Path:
    return paths.data_dir() / FILE


def saved() -> Server | None:
    """The server this desk was pointed at, or None for the SQLite file (or a damaged
    setting, which is logged and ignored: the desk opens its own file rather than nothing)."""
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("the saved connection could not be read; using this computer's book")
        return None
    try:
        return Server(str(data["host"]), str(data["database"]), str(data["user"]),
                      int(data.get("port", DEFAULT_PORT)))
    except (KeyError, TypeError, ValueError):
        log.warning("the saved connection is incomplete; using this computer's book")
        return None


def save(server: Server | None, password: str | None = None) -> bool:
    """Point this desk at ``server`` (None: back to this computer's file). The password, if
    given, goes to the keyring; returns whether it could be kept there."""
    target = _file()
    if server is None:
        target.unlink(missing_ok=True)
        return True
    kept = password is None or _keep_password(server, password)
    temp = target.with_suffix(".tmp")
    temp.write_text(json.dumps(asdict(server), indent=2), encoding="utf-8")
    os.replace(temp, target)
    return kept


def password(server: Server) -> str | None:
    """The server's password from the keyring (None when none is kept or there is no
    keyring: PostgreSQL then asks PGPASSWORD or its pgpass file)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, server.key)
    except (KeyringError, RuntimeError, OSError):
        log.info("no system keyring to read the server's password from")
        return None


def _keep_password(server: Server, secret: str) -> bool:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, server.key, secret)
        return True
    except (KeyringError, RuntimeError, OSError):
        log.warning("the system keyring could not keep the server's password")
        return False


def saved_url() -> str | None:
    """The saved server's URL with its password, or None for this computer's file."""
    server = saved()
    return server.url(password(server)) if server is not None else None


def describe(url: str) -> str:
    """Where a URL points, for people (no password): "the clinic server user@host:5432/db"
    or "this computer's file /path/frontdesk.sqlite3"."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"this computer's file {parsed.database}"
    return (f"the server {parsed.username or ''}@{parsed.host or 'localhost'}:"
            f"{parsed.port or DEFAULT_PORT}/{parsed.database or ''}")
