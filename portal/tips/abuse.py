"""Abuse resistance without storing addresses: rate limits keyed by an in-memory keyed hash.

Channels turn the client address into :func:`client_key` — an HMAC under a random key that lives
only in this process's memory — and pass that. The address itself is never stored, logged or
used as a limiter key; after a restart the keys cannot be linked to earlier ones. With several
workers, set ``PORTAL_RATE_LIMIT_STORAGE`` to a shared Redis: each worker then has its own HMAC
key, so limits count per worker (documented trade-off: no shared secret that would make the
limiter keys linkable to addresses).
"""

from __future__ import annotations

import hashlib
import hmac
import os

from limits import parse_many
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from portal.config import get_settings
from portal.core.errors import DomainError

_PROCESS_KEY = os.urandom(32)


class RateLimited(DomainError):
    code = "rate_limited"


def client_key(address: str | None) -> str:
    """An unlinkable stand-in for a client address (memory-only key, truncated digest)."""
    digest = hmac.new(_PROCESS_KEY, (address or "unknown").encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


class TipLimiter:
    def __init__(self, follow_up: str, submit: str, storage_uri: str) -> None:
        uri = storage_uri if storage_uri.startswith("async+") else f"async+{storage_uri}"
        self.follow_up = parse_many(follow_up)
        self.submit = parse_many(submit)
        self.limiter = MovingWindowRateLimiter(storage_from_string(uri))

    async def _hit(self, limits: list, namespace: str, key: str, message: str) -> None:  # type: ignore[type-arg]
        for limit in limits:
            if not await self.limiter.hit(limit, namespace, key):
                raise RateLimited(message)

    async def hit_follow_up(self, key: str) -> None:
        await self._hit(self.follow_up, "tip-receipt", key,
                        "回执码尝试次数过多，请稍后再试。")

    async def hit_submit(self, key: str) -> None:
        await self._hit(self.submit, "tip-submit", key,
                        "提交过于频繁，请稍后再试；如需补充材料，请使用回执码跟进。")


_limiter: list[TipLimiter] = []


def limiter() -> TipLimiter:
    if not _limiter:
        s = get_settings()
        _limiter.append(TipLimiter(s.tips_follow_up_rate_limit, s.tips_submit_rate_limit,
                                   s.rate_limit_storage))
    return _limiter[0]


def use_limiter(replacement: TipLimiter | None) -> None:
    """Tests: a limiter with other rates (or a fresh one); None: back to settings."""
    _limiter.clear()
    if replacement is not None:
        _limiter.append(replacement)
