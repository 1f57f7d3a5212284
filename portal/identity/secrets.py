"""Password hashing (Argon2id via pwdlib), TOTP (pyotp) and random secrets.

Argon2id at the default cost takes ~0.4 s per hash: callers run :func:`hash_password` and
:func:`verify_password` in a worker thread (see services). The cost comes from settings, so
tests can make it cheap (``PORTAL_ARGON2_*``) or swap the hasher with :func:`use_hasher`.

pyotp does not stop a code being used twice: :func:`matching_step` returns the 30-second step a
code belongs to, and the caller accepts it only if it is later than the last accepted step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import pyotp
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from portal.config import get_settings

TOTP_ISSUER = "阳光监管门户"
TOTP_WINDOW = 1  # accept the previous and the next step too (clock drift)
_hasher: PasswordHash | None = None
_dummy_hash: str | None = None


def hasher() -> PasswordHash:
    global _hasher
    if _hasher is None:
        s = get_settings()
        _hasher = PasswordHash((Argon2Hasher(
            time_cost=s.argon2_time_cost, memory_cost=s.argon2_memory_cost,
            parallelism=s.argon2_parallelism,
        ),))
    return _hasher


def use_hasher(replacement: PasswordHash | None) -> None:
    """Replace the hasher (tests use cheap Argon2 parameters); None restores settings."""
    global _hasher, _dummy_hash
    _hasher, _dummy_hash = replacement, None


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password: str, password_hash: str) -> tuple[bool, str | None]:
    """(matches, a new hash if the stored one uses outdated parameters)."""
    try:
        return hasher().verify_and_update(password, password_hash)
    except Exception:  # a malformed stored hash never matches
        return False, None


def burn_time(password: str) -> None:
    """Spend as long as a real check, so unknown user names are not revealed by timing."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hasher().hash(secrets.token_urlsafe(16))
    hasher().verify(password, _dummy_hash)


def new_password() -> str:
    return secrets.token_urlsafe(12)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)


def totp_step(at: dt.datetime) -> int:
    return int(at.timestamp()) // 30


def totp_code(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).at(step * 30)


def matching_step(secret: str, code: str, at: dt.datetime) -> int | None:
    """The step (within ±:data:`TOTP_WINDOW`) whose code is ``code``, or None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    current = totp_step(at)
    for step in range(current - TOTP_WINDOW, current + TOTP_WINDOW + 1):
        if hmac.compare_digest(totp_code(secret, step), code):
            return step
    return None


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def digest(value: str) -> str:
    """SHA-256 hex of a long random value (client secrets, authorization codes)."""
    return hashlib.sha256(value.encode()).hexdigest()


def same_digest(value: str, expected_hex: str) -> bool:
    return hmac.compare_digest(digest(value), expected_hex)
