"""Marks successful public queries as shareable (``Cache-Control: public``).

The response cache (portal/response_cache.py) and any proxy in front store only what is marked.
Mutations, errors, in-process executions (pages, which have no response) and anything asked
with a cookie or a token (the enterprise area's /my/graphql runs the same schema) are never
marked.
"""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from portal.config import get_settings


def _personal(request: object) -> bool:
    headers = getattr(request, "headers", None) or {}
    return "cookie" in headers or "authorization" in headers


class PublicQueriesAreShareable(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        response = getattr(context, "response", None)
        result = self.execution_context.result
        if (response is None or result is None or result.errors
                or self.execution_context.operation_type != OperationType.QUERY
                or getattr(context, "enterprise", None) is not None  # /my: personal answers
                or _personal(getattr(context, "request", None))):
            return
        seconds = int(get_settings().response_cache_seconds)
        if seconds > 0:
            response.headers["Cache-Control"] = f"public, max-age={seconds}"
