"""A backup encrypted with a passphrase, for a copy that leaves the computer (a USB stick, a
network folder): the book holds clients' health notes.

Written with the ``cryptography`` library's Fernet (AES-128-CBC with an HMAC-SHA256 over the
whole token: a wrong passphrase or a changed byte is refused, never half-decrypted) under a
key derived from the passphrase with scrypt (n=2**15, r=8, p=1, a random 16-byte salt per
file), nothing of our own making but the file's first line. The file is
``FRONTDESK-BACKUP-ENCRYPTED-1\\n``, the salt, then the Fernet token. Fernet works on the
whole file in memory: a clinic's book of years is tens of megabytes.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from frontdesk.domain.errors import BadInput

MAGIC = b"FRONTDESK-BACKUP-ENCRYPTED-1\n"
SALT_BYTES = 16
#: The file suffix an encrypted backup gets when the program names it.
SUFFIX = ".enc"


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def _fernet(passphrase: str, salt: bytes):
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not passphrase:
        raise BadInput("an encrypted backup needs a passphrase", "passphrase")
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plain: bytes, passphrase: str) -> bytes:
    salt = os.urandom(SALT_BYTES)
    return MAGIC + salt + _fernet(passphrase, salt).encrypt(plain)


def decrypt(sealed: bytes, passphrase: str) -> bytes:
    """The plain bytes; BadInput when the passphrase is wrong or the file was changed."""
    from cryptography.fernet import InvalidToken

    if not sealed.startswith(MAGIC):
        raise BadInput("this file is not an encrypted frontdesk backup", "file")
    salt = sealed[len(MAGIC):len(MAGIC) + SALT_BYTES]
    try:
        return _fernet(passphrase, salt).decrypt(sealed[len(MAGIC) + SALT_BYTES:])
    except InvalidToken:
        raise BadInput("the passphrase is wrong, or the encrypted backup was changed or cut "
                       "short", "passphrase") from None
