"""Envelope encryption for tip content, contacts, messages and attachments.

Each value gets its own random 256-bit data key (AES-256-GCM); the data key is wrapped with a
key-encryption key (KEK) from the keyring. Rotating means adding a new KEK, making it active and
re-wrapping stored data keys (:func:`rewrap`) — the bulk data is never re-encrypted. The
sealed form is self-describing: version, KEK id, wrapped key, nonce, ciphertext.
"""

from __future__ import annotations

import base64
import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = 1
_HEADER = struct.Struct(">BH")  # version, length of the KEK id


class CryptoError(Exception):
    """Sealed data could not be opened (wrong key, unknown key id or tampered bytes)."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]  # KEK id → 32-byte key
    active: str

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise ValueError(f"active key {self.active!r} is not in the keyring")
        for key_id, key in self.keys.items():
            if len(key) != 32 or not key_id or len(key_id) > 64:
                raise ValueError(f"key {key_id!r} must be 32 bytes with a short id")

    @classmethod
    def parse(cls, spec: str, active: str | None = None) -> Keyring:
        """``"k1:<base64>,k2:<base64>"``; the last one is active unless ``active`` says otherwise."""
        keys: dict[str, bytes] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            key_id, _, encoded = part.partition(":")
            keys[key_id] = base64.b64decode(encoded, validate=True)
        if not keys:
            raise ValueError("the keyring is empty")
        return cls(keys, active or list(keys)[-1])

    @staticmethod
    def new_key() -> str:
        return base64.b64encode(os.urandom(32)).decode()


def seal(ring: Keyring, plaintext: bytes, context: bytes = b"") -> bytes:
    """Encrypt ``plaintext``; ``context`` (e.g. b"tip:42:description") is bound as AAD."""
    data_key = AESGCM.generate_key(bit_length=256)
    nonce, wrap_nonce = os.urandom(12), os.urandom(12)
    ciphertext = AESGCM(data_key).encrypt(nonce, plaintext, context)
    key_id = ring.active.encode()
    wrapped = AESGCM(ring.keys[ring.active]).encrypt(wrap_nonce, data_key, key_id)
    return b"".join([_HEADER.pack(VERSION, len(key_id)), key_id, wrap_nonce, wrapped, nonce,
                     ciphertext])


def _split(sealed: bytes) -> tuple[str, bytes, bytes, bytes, bytes]:
    try:
        version, id_length = _HEADER.unpack_from(sealed)
    except struct.error:
        raise CryptoError("sealed data is truncated") from None
    if version != VERSION:
        raise CryptoError(f"unknown sealed-data version {version}")
    position = _HEADER.size
    key_id = sealed[position:position + id_length].decode(errors="replace")
    position += id_length
    wrap_nonce = sealed[position:position + 12]
    wrapped = sealed[position + 12:position + 12 + 48]  # 32-byte key + 16-byte tag
    nonce = sealed[position + 60:position + 72]
    ciphertext = sealed[position + 72:]
    if len(nonce) != 12 or len(ciphertext) < 16:
        raise CryptoError("sealed data is truncated")
    return key_id, wrap_nonce, wrapped, nonce, ciphertext


def _unwrap(ring: Keyring, key_id: str, wrap_nonce: bytes, wrapped: bytes) -> bytes:
    kek = ring.keys.get(key_id)
    if kek is None:
        raise CryptoError(f"key {key_id!r} is not in the keyring")
    try:
        return AESGCM(kek).decrypt(wrap_nonce, wrapped, key_id.encode())
    except InvalidTag:
        raise CryptoError("data key does not open with this key (tampered or wrong key)") from None


def open_sealed(ring: Keyring, sealed: bytes, context: bytes = b"") -> bytes:
    key_id, wrap_nonce, wrapped, nonce, ciphertext = _split(sealed)
    data_key = _unwrap(ring, key_id, wrap_nonce, wrapped)
    try:
        return AESGCM(data_key).decrypt(nonce, ciphertext, context)
    except InvalidTag:
        raise CryptoError("content does not open (tampered, or sealed for another record)") from None


def key_id_of(sealed: bytes) -> str:
    return _split(sealed)[0]


def rewrap(ring: Keyring, sealed: bytes) -> bytes:
    """Re-wrap the data key under the active KEK; the content bytes are left untouched."""
    key_id, wrap_nonce, wrapped, nonce, ciphertext = _split(sealed)
    if key_id == ring.active:
        return sealed
    data_key = _unwrap(ring, key_id, wrap_nonce, wrapped)
    new_id = ring.active.encode()
    new_nonce = os.urandom(12)
    new_wrapped = AESGCM(ring.keys[ring.active]).encrypt(new_nonce, data_key, new_id)
    return b"".join([_HEADER.pack(VERSION, len(new_id)), new_id, new_nonce, new_wrapped, nonce,
                     ciphertext])
