"""Named GraphQL operations the pages run against the public schema, in-process.

Each ``operations/<name>.graphql`` file holds one named operation. Pages never touch the ORM:
they see exactly what an API client would.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from graphql import GraphQLError

from schema.context import PublicContext
from schema.public import public_schema

OPERATIONS_DIR = Path(__file__).parent / "operations"


class OperationError(Exception):
    """The operation returned errors. ``user_messages`` are safe to show (zh-CN)."""

    def __init__(self, messages: list[str], *, user_facing: bool) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages
        self.user_facing = user_facing


@cache
def operation(name: str) -> str:
    path = OPERATIONS_DIR / f"{name}.graphql"
    return path.read_text(encoding="utf-8")


def _is_user_error(error: GraphQLError) -> bool:
    return bool(error.extensions and error.extensions.get("code"))


async def run(name: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    result = await public_schema().execute(
        operation(name), variable_values=variables or {}, context_value=PublicContext(),
        operation_name=name,
    )
    if result.errors:
        user = all(_is_user_error(e) for e in result.errors)
        raise OperationError([e.message for e in result.errors], user_facing=user)
    assert result.data is not None
    return result.data
