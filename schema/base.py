"""What both schemas share: expected user errors are answers, not incidents."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from schema.errors import UserError


class PortalSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Log only the unexpected errors; a bad credit code is not worth a stack trace.
        unexpected = [e for e in errors if not isinstance(e.original_error, UserError)]
        if unexpected:
            super().process_errors(unexpected, execution_context)
