"""Security headers for the back office and the provider: strict CSP, no framing, no caching."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def csp(form_targets: str = "") -> str:
    """No inline script or style anywhere; forms may post (and redirect) to ``form_targets``."""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        f"form-action 'self'{' ' + form_targets if form_targets else ''}; object-src 'none'"
    )


class StrictHeaders:
    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cache-control", b"no-store"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {name for name, _ in self.headers}]
                headers += self.headers  # HSTS over HTTPS: the app-wide middleware adds it
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
