"""/graphiql: the GraphQL IDE, served from vendored files (works offline, no inline script)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from public_site.rendering import render
from public_site.security import GRAPHIQL_CSP


async def index(request: Request) -> Response:
    response = render(request, "graphiql/index.html")
    # GraphiQL's stylesheet embeds its fonts as data: URIs; allow those here and nowhere else.
    response.headers["content-security-policy"] = GRAPHIQL_CSP
    return response
