"""Domain errors become clear GraphQL errors; everything unexpected is masked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from graphql import GraphQLError

from portal.core.errors import DomainError
from portal.core.pk import in_range

P = ParamSpec("P")
R = TypeVar("R")


class UserError(GraphQLError):
    """A GraphQL error whose message is meant for the user (never masked)."""


def to_graphql(error: DomainError) -> UserError:
    extensions = {"code": error.code}
    if error.field:
        extensions["field"] = error.field
    return UserError(error.message, extensions=extensions)


def domain_errors(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Resolver decorator: turn :class:`DomainError` into :class:`UserError`."""

    @wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await fn(*args, **kwargs)
        except DomainError as error:
            raise to_graphql(error) from None

    return wrapper


def should_mask(error: GraphQLError) -> bool:
    """Mask anything that is not a user error or a validation/syntax error of the query."""
    original = error.original_error
    if original is None:
        return False  # parse/validation errors describe the query, not the server
    return not isinstance(original, UserError)


def parse_id(value: str, what: str = "id") -> int:
    """Parse a numeric ID argument, with a clear message when it is not one."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 20:
        raise UserError(f"{what} 应为数字编号。", extensions={"code": "invalid_input", "field": what})
    number = int(text)
    # Beyond the key column's range no record can exist: 0 (never a key) makes it "not found"
    # in the resolver, as for any other unknown number, instead of a database error.
    return number if in_range(number) else 0
