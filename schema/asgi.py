"""The public GraphQL endpoint (HTTP only, no subscriptions, no built-in IDE)."""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from schema.context import PublicContext
from schema.public import public_schema


class PublicGraphQL(GraphQL[PublicContext, None]):
    """GET and POST JSON; GraphiQL is served separately from vendored files (no CDN)."""

    def __init__(self, max_body_bytes: int) -> None:
        super().__init__(public_schema(), graphql_ide=None, allow_queries_via_get=True,
                         multipart_uploads_enabled=False)
        self.max_body_bytes = max_body_bytes

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> PublicContext:
        return PublicContext(request=request, response=response)

    async def get_root_value(self, request: Request | WebSocket) -> None:
        return None

    async def parse_http_body(self, request: Any) -> Any:
        # Refuse oversized documents before parsing them: a hostile 10 MB query should cost
        # nothing. Content-Length can lie, so the body itself is measured too.
        too_big = HTTPException(413, f"请求过大（上限 {self.max_body_bytes} 字节）。")
        if request.method == "GET":
            size = sum(len(str(v)) for v in request.query_params.values())
        else:
            length = request.headers.get("content-length")
            if length and length.isascii() and length.isdigit() and int(length) > self.max_body_bytes:
                raise too_big
            size = len(await request.get_body())
        if size > self.max_body_bytes:
            raise too_big
        return await super().parse_http_body(request)
