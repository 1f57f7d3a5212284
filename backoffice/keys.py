"""The session secret and the provider's RSA signing key, generated once under ``var/``.

Several workers on one machine may start together: a key is written to a temporary file and
linked into place (atomic, fails if another worker won), then everyone reads the same file.
Machines behind one load balancer must share them: set ``PORTAL_SECRET_KEY`` and
``PORTAL_OIDC_SIGNING_KEY_FILE``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joserfc.jwk import KeySet, RSAKey


def _create_once(path: Path, make: Callable[[], bytes]) -> bytes:
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-key-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(make())
        os.chmod(tmp, 0o600)
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return path.read_bytes()


def load_secret_key(var_dir: Path) -> str:
    return _create_once(var_dir / "secret-key", lambda: secrets.token_urlsafe(48).encode()).decode().strip()


@dataclass(frozen=True)
class SigningKeys:
    private: KeySet
    kid: str

    def public_jwks(self) -> dict[str, Any]:
        return dict(self.private.as_dict(private=False))


def load_signing_keys(path: Path) -> SigningKeys:
    def make() -> bytes:
        return RSAKey.generate_key(2048, private=True).as_pem(private=True)

    key = RSAKey.import_key(_create_once(path, make))
    key.ensure_kid()
    key_with_use = RSAKey.import_key(key.as_dict(private=True), {"use": "sig", "alg": "RS256"})
    key_with_use.ensure_kid()
    return SigningKeys(KeySet([key_with_use]), str(key_with_use.kid))
