"""/backoffice/graphql: the staff schema, for a session or a bearer token, nobody else.

- ``Authorization: Bearer <jwt>``: verified by backoffice.bearer (signature, typ, iss, aud,
  exp, scope); the token's scopes limit what it can do. Cookies are then ignored.
- Otherwise the session cookie, and (for POST) the session's CSRF token in ``X-CSRF-Token``.
- Otherwise 401 with ``WWW-Authenticate: Bearer``. No GET, no multipart, no IDE.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from backoffice import csrf, session
from backoffice.bearer import TokenRejected, TokenVerifier
from backoffice.config import IdentityConfig
from portal.core.actors import Actor
from schema.identity.context import StaffContext
from schema.staff import staff_schema


class StaffGraphQL(GraphQL[StaffContext, None]):
    def __init__(self, max_body_bytes: int) -> None:
        super().__init__(staff_schema(), graphql_ide=None, allow_queries_via_get=False,
                         multipart_uploads_enabled=False)
        self.max_body_bytes = max_body_bytes

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket
                          ) -> StaffContext:
        actor = request.scope["state"]["actor"]
        assert isinstance(actor, Actor)
        return StaffContext(actor=actor, request=request, response=response)

    async def get_root_value(self, request: Request | WebSocket) -> None:
        return None

    async def parse_http_body(self, request: Any) -> Any:
        length = request.headers.get("content-length")
        if (length and length.isascii() and length.isdigit() and int(length) > self.max_body_bytes) or \
                len(await request.get_body()) > self.max_body_bytes:
            raise HTTPException(413, f"请求过大（上限 {self.max_body_bytes} 字节）。")
        return await super().parse_http_body(request)


class StaffAPI:
    """ASGI endpoint: authenticate, then hand over to Strawberry."""

    def __init__(self, config: IdentityConfig, verifier: TokenVerifier, max_body_bytes: int) -> None:
        self.config = config
        self.verifier = verifier
        self.graphql = StaffGraphQL(max_body_bytes)

    async def _actor(self, request: Request) -> Actor:
        authorization = request.headers.get("authorization")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise TokenRejected(401, "invalid_request", "use a Bearer token")
            return await self.verifier.actor_for_token(token.strip())
        actor = await session.current_actor(request, self.config)
        if actor is None:
            raise TokenRejected(401, "invalid_token", "login or a bearer token is required")
        if request.method == "POST" and not csrf.valid(
            request, request.headers.get(csrf.HEADER), self.config.origin
        ):
            raise TokenRejected(403, "csrf", "X-CSRF-Token header missing or wrong")
        return actor

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            actor = await self._actor(request)
        except TokenRejected as rejected:
            message = {401: "需要登录或有效的访问令牌。", 403: "访问令牌权限不足或请求来源不明。",
                       503: "暂时无法校验访问令牌，请稍后再试。"}
            response = JSONResponse(
                {"errors": [{"message": message.get(rejected.status, rejected.description),
                             "extensions": {"code": rejected.error}}]},
                status_code=rejected.status,
                headers={"WWW-Authenticate": rejected.www_authenticate()},
            )
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["actor"] = actor
        await self.graphql(scope, receive, send)
