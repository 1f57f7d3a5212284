"""Expected errors: the domain raises these; channels turn them into clear messages."""

from __future__ import annotations


class DomainError(Exception):
    """An error the user can act on. ``message`` is shown as is (zh-CN); ``code`` is stable."""

    code = "domain_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    code = "invalid_input"


class NotFound(DomainError):
    code = "not_found"
