"""Key handling for tips: the KEK ring, the receipt salt and the receipt hash cost.

Production sets ``PORTAL_TIPS_KEYS`` (and ``PORTAL_TIPS_RECEIPT_SALT``) from a secret store. When
they are empty (the embedded default) a key file ``var/tips-keys`` and a salt file
``var/tips-receipt-salt`` are created once with mode 0600; ``portal tips new-key`` appends a key to
the file and makes it active, ``portal tips rewrap`` re-wraps every stored data key under it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache
from pathlib import Path

from portal.config import get_settings
from portal.tips.crypto import Keyring, open_sealed, seal
from portal.tips.receipts import ArgonCost

KEY_FILE = "tips-keys"
SALT_FILE = "tips-receipt-salt"
_cost_override: list[ArgonCost] = []


def _secret_file(path: Path, make: str) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(make + "\n")
    return path.read_text().strip()


def key_file() -> Path:
    return get_settings().var_dir / KEY_FILE


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    settings = get_settings()
    spec = settings.tips_keys or _secret_file(key_file(), f"k1:{Keyring.new_key()}")
    return Keyring.parse(spec, settings.tips_active_key or None)


@lru_cache(maxsize=1)
def receipt_salt() -> bytes:
    settings = get_settings()
    encoded = settings.tips_receipt_salt or _secret_file(
        settings.var_dir / SALT_FILE, base64.b64encode(os.urandom(32)).decode())
    return base64.b64decode(encoded)


def receipt_cost() -> ArgonCost:
    if _cost_override:
        return _cost_override[-1]
    s = get_settings()
    return ArgonCost(time_cost=s.tips_receipt_time_cost, memory_kib=s.tips_receipt_memory_kib)


def use_receipt_cost(cost: ArgonCost | None) -> None:
    """Tests: cheaper Argon2id parameters (the same code path); None restores settings."""
    _cost_override.clear()
    if cost is not None:
        _cost_override.append(cost)


def reload() -> None:
    """Forget cached keys (after ``portal tips new-key`` or in tests)."""
    keyring.cache_clear()
    receipt_salt.cache_clear()


def derived_secret(purpose: str) -> bytes:
    """A stable secret for one purpose (fingerprints, follow-up cookies), never stored."""
    return hmac.new(receipt_salt(), f"portal-tips:{purpose}".encode(), hashlib.sha256).digest()


def seal_text(value: str, context: str) -> bytes:
    return seal(keyring(), value.encode(), context.encode())


def open_text(sealed: bytes | None, context: str) -> str:
    if sealed is None:
        return ""
    return open_sealed(keyring(), bytes(sealed), context.encode()).decode()


def seal_bytes(value: bytes, context: str) -> bytes:
    return seal(keyring(), value, context.encode())


def open_bytes(sealed: bytes, context: str) -> bytes:
    return open_sealed(keyring(), bytes(sealed), context.encode())
