"""Filter forms: URL query parameters → GraphQL filter variables, with clear messages.

GraphQL would reject a malformed Date, Int or enum variable as a query error (a 500 for us),
so every value is checked here first; what passes is well-formed, and the domain checks the rest.
Each page declares its fields as data; ``_filters.html`` renders them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.datastructures import QueryParams

from public_site import labels

Kind = Literal["text", "region", "industry", "date", "year", "choice", "department", "yesno"]

MAX_TEXT = 100
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}", re.ASCII)
_REGION = re.compile(r"\d{6}", re.ASCII)
_INDUSTRY = re.compile(r"[A-Za-z]\d{0,4}", re.ASCII)
_ID = re.compile(r"\d{1,12}", re.ASCII)


@dataclass(frozen=True)
class Field:
    """One filter input. ``name`` is the URL parameter, ``key`` the GraphQL filter field."""

    name: str
    key: str
    kind: Kind = "text"
    label: str = ""  # key into labels.FIELD; defaults to ``name``
    choices: Mapping[str, str] | None = None  # value → label, for kind "choice"

    @property
    def text(self) -> str:
        return labels.FIELD[self.label or self.name]


@dataclass
class Bound:
    field: Field
    value: str
    error: str | None = None


@dataclass
class Form:
    fields: list[Bound]
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        return [b.error for b in self.fields if b.error]

    @property
    def problems(self) -> list[tuple[str, str | None]]:
        """(message, id of the input it concerns) for the error summary."""
        return [(b.error, f"f-{b.field.name}") for b in self.fields if b.error]

    @property
    def values(self) -> dict[str, str]:
        return {b.field.name: b.value for b in self.fields}

    @property
    def filtered(self) -> bool:
        return bool(self.variables)


class Invalid(ValueError):
    def __init__(self, key: str, **extra: object) -> None:
        super().__init__(key)
        self.key = key
        self.extra = extra


def bind(params: QueryParams, fields: Sequence[Field]) -> Form:
    form = Form(fields=[])
    for f in fields:
        raw = params.get(f.name, "").strip()
        bound = Bound(f, raw)
        form.fields.append(bound)
        if not raw:
            continue
        try:
            form.variables[f.key] = convert(f, raw)
        except Invalid as bad:
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            bound.error = labels.message(bad.key, label=f.text, value=shown, **bad.extra)
    return form


def convert(f: Field, raw: str) -> Any:
    """The GraphQL value for one non-empty input, or :class:`Invalid`."""
    if f.kind == "text":
        if len(raw) > MAX_TEXT:
            raise Invalid("too_long", max=MAX_TEXT)
        return raw
    if f.kind == "region":
        if not _REGION.fullmatch(raw):
            raise Invalid("region")
        return raw
    if f.kind == "industry":
        if not _INDUSTRY.fullmatch(raw):
            raise Invalid("industry")
        return raw.upper()
    if f.kind == "date":
        return parse_date(raw).isoformat()
    if f.kind == "year":
        if not (raw.isascii() and raw.isdigit() and len(raw) == 4 and 1990 <= int(raw) <= 2100):
            raise Invalid("year")
        return int(raw)
    if f.kind == "department":
        if not _ID.fullmatch(raw):
            raise Invalid("choice")
        return raw
    if f.kind == "yesno":
        if raw not in labels.YES_NO:
            raise Invalid("choice")
        return raw == "yes"
    if f.kind == "choice":
        if f.choices is None or raw not in f.choices:
            raise Invalid("choice")
        return raw
    raise AssertionError(f"unknown field kind {f.kind}")


def parse_date(raw: str) -> dt.date:
    """``YYYY-MM-DD`` (month and day may be one digit) → date, or :class:`Invalid`."""
    if not (raw.isascii() and _DATE.fullmatch(raw)):
        raise Invalid("date")
    year, month, day = (int(part) for part in raw.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid("date") from None
