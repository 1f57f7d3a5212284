from __future__ import annotations

import pytest

from portal.tips.crypto import CryptoError, Keyring, key_id_of, open_sealed, rewrap, seal

SECRET = "举报内容：某超市销售过期食品，联系人电话13812345678".encode()


def ring(*ids: str, active: str | None = None) -> Keyring:
    return Keyring.parse(",".join(f"{i}:{Keyring.new_key()}" for i in ids), active)


def test_round_trip_and_no_plaintext_in_sealed_bytes() -> None:
    keys = ring("k1")
    sealed = seal(keys, SECRET, b"tip:1:description")
    assert SECRET not in sealed and b"13812345678" not in sealed
    assert open_sealed(keys, sealed, b"tip:1:description") == SECRET


def test_context_binds_the_value_to_its_record() -> None:
    keys = ring("k1")
    sealed = seal(keys, SECRET, b"tip:1:description")
    with pytest.raises(CryptoError):
        open_sealed(keys, sealed, b"tip:2:description")


def test_tampering_is_detected() -> None:
    keys = ring("k1")
    sealed = bytearray(seal(keys, SECRET))
    sealed[-1] ^= 1
    with pytest.raises(CryptoError):
        open_sealed(keys, bytes(sealed))
    with pytest.raises(CryptoError):
        open_sealed(keys, b"\x01\x00")


def test_rotation_rewraps_without_touching_content() -> None:
    old = ring("k1")
    sealed = seal(old, SECRET)
    both = Keyring({**old.keys, **ring("k2").keys}, active="k2")
    rotated = rewrap(both, sealed)
    assert key_id_of(rotated) == "k2"
    assert rotated[-len(SECRET) - 16:] == sealed[-len(SECRET) - 16:]  # same ciphertext
    assert open_sealed(both, rotated) == SECRET
    only_new = Keyring({"k2": both.keys["k2"]}, active="k2")
    assert open_sealed(only_new, rotated) == SECRET
    with pytest.raises(CryptoError, match="not in the keyring"):
        open_sealed(only_new, sealed)


def test_bad_keyrings_are_refused() -> None:
    with pytest.raises(ValueError):
        Keyring({"k1": b"short"}, "k1")
    with pytest.raises(ValueError):
        Keyring.parse("")
