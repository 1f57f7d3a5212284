"""Login rate limits (the ``limits`` library): per client address and per account name.

Storage comes from ``PORTAL_RATE_LIMIT_STORAGE``: in-process memory by default; in production
a shared Redis (``redis://host:6379``) so every worker counts the same attempts. Behind a proxy
the client address is the one uvicorn trusts from ``X-Forwarded-For`` (``--forwarded-allow-ips``).
"""

from __future__ import annotations

from limits import parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string


class LoginLimiter:
    def __init__(self, rate: str, storage_uri: str) -> None:
        uri = storage_uri if storage_uri.startswith("async+") else f"async+{storage_uri}"
        self.limit = parse(rate)
        self.limiter = MovingWindowRateLimiter(storage_from_string(uri))

    async def allow(self, address: str, username: str) -> bool:
        """Count one attempt; False when the address or the account name is over its limit."""
        by_address = await self.limiter.hit(self.limit, "login-ip", address or "unknown")
        by_account = await self.limiter.hit(self.limit, "login-user", username.strip().lower()[:64])
        return by_address and by_account
