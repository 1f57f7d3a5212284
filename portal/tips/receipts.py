"""Receipt codes: 16 random digits shown once, stored only as an Argon2id hash.

The hash is deterministic under a site-wide secret salt (from settings), so a submitter's code
can be looked up by equality without storing the code or trying every record; the Argon2id cost
makes offline guessing of a stolen database slow, and online guessing is rate-limited.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from portal.core.errors import InvalidInput

DIGITS = 16


@dataclass(frozen=True)
class ArgonCost:
    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 1


def new_code() -> str:
    """16 digits from the OS CSPRNG (≈ 53 bits)."""
    return "".join(secrets.choice("0123456789") for _ in range(DIGITS))


def display(code: str) -> str:
    return " ".join(code[i:i + 4] for i in range(0, DIGITS, 4))


def normalise(raw: str) -> str:
    """Accept full-width digits, spaces and hyphens; anything else is a clear error."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", raw or "") if ch not in " -\t")
    if len(text) != DIGITS or not text.isdigit():
        raise InvalidInput(f"回执码应为{DIGITS}位数字。", field="receipt")
    return text


def receipt_hash(code: str, site_salt: bytes, cost: ArgonCost = ArgonCost()) -> str:
    if len(site_salt) < 16:
        raise ValueError("site salt must be at least 16 bytes")
    raw = hash_secret_raw(
        normalise(code).encode(), site_salt, time_cost=cost.time_cost,
        memory_cost=cost.memory_kib, parallelism=cost.parallelism, hash_len=32, type=Type.ID,
    )
    return raw.hex()
