"""Editable fields of publishable kinds: one parser for forms and the API alike.

Every channel hands in strings (a form field or an API ``{name, value}`` pair); :func:`clean`
normalises them into the strings kept in a revision (the staff original), and
:func:`to_attributes` turns those into model attributes. Many-to-many fields (``REFS``) are kept
as a sorted, de-duplicated, comma-separated list of ids; :func:`to_relations` checks them
against the referenced model and the service writes them to the row's relation. Bad input
raises :class:`~portal.core.errors.InvalidInput` naming the field, in Chinese.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from portal.core import ids
from portal.core.errors import InvalidInput
from portal.enterprises.models import Enterprise


class FieldType(enum.StrEnum):
    LINE = "line"  # one line of text
    TEXT = "text"  # free text (may be redacted)
    DATE = "date"
    CHOICE = "choice"
    DECIMAL = "decimal"
    INT = "int"
    BOOL = "bool"
    ENTERPRISE = "enterprise"  # entered as a unified social credit code
    REF = "ref"  # id of another row (task, item, plan)
    REFS = "refs"  # ids of rows in a many-to-many relation, e.g. "3,7,12"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: FieldType = FieldType.LINE
    required: bool = False
    max_length: int = 200
    redact: bool = False  # free text that detectors scan for personal data
    choices: Mapping[str, str] = field(default_factory=dict)
    ref_model: Any = None  # for REF and REFS: the Tortoise model
    ref_label: Callable[[Any], str] = lambda row: str(row.name)  # for REFS: how staff see a row
    excludes_owner: bool = False  # for REFS of departments: never the record's own department

    @property
    def attribute(self) -> str:
        """The model attribute (for REFS: the many-to-many relation's name)."""
        return f"{self.name}_id" if self.type in (FieldType.ENTERPRISE, FieldType.REF) else self.name


MAX_REFS = 500  # ids in one REFS field


def ref_ids(value: str) -> list[int]:
    """The ids of a cleaned REFS value."""
    return [int(part) for part in value.split(",") if part]


def _clean_refs(spec: Field, value: str) -> str:
    parts = [p for p in value.replace("，", ",").replace(" ", ",").split(",") if p]
    bad = [p for p in parts if not (p.isascii() and p.isdigit()) or len(p) > 9 or int(p) == 0]
    if bad:
        raise InvalidInput(f"“{spec.label}”应为逗号分隔的编号，无效的有：{'、'.join(bad[:5])}。",
                           field=spec.name)
    ids = sorted({int(p) for p in parts})
    if len(ids) > MAX_REFS:
        raise InvalidInput(f"“{spec.label}”最多选择 {MAX_REFS} 项。", field=spec.name)
    return ",".join(map(str, ids))


TRUE = {"1", "true", "on", "yes", "是"}


def _clean_one(spec: Field, raw: str) -> str:
    value = raw.strip() if spec.type is not FieldType.TEXT else raw.replace("\r\n", "\n").strip()
    if not value:
        if spec.required:
            raise InvalidInput(f"请填写“{spec.label}”。", field=spec.name)
        return "false" if spec.type is FieldType.BOOL else ""
    if spec.type in (FieldType.LINE, FieldType.TEXT):
        if len(value) > spec.max_length:
            raise InvalidInput(f"“{spec.label}”不能超过 {spec.max_length} 个字符。", field=spec.name)
    elif spec.type is FieldType.DATE:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(f"“{spec.label}”应为日期，格式如 2025-06-16。", field=spec.name) from None
        if not 1990 <= day.year <= 2100:
            raise InvalidInput(f"“{spec.label}”的年份不在合理范围内。", field=spec.name)
        value = day.isoformat()
    elif spec.type is FieldType.CHOICE:
        if value not in spec.choices:
            options = "、".join(f"{k}（{v}）" for k, v in spec.choices.items())
            raise InvalidInput(f"“{spec.label}”取值无效，可选：{options}。", field=spec.name)
    elif spec.type is FieldType.DECIMAL:
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            raise InvalidInput(f"“{spec.label}”应为数字。", field=spec.name) from None
        if not number.is_finite() or number < 0 or number >= Decimal(10) ** 12:
            raise InvalidInput(f"“{spec.label}”应为不小于 0 的合理数值。", field=spec.name)
        value = str(number.quantize(Decimal("0.01")))
    elif spec.type in (FieldType.INT, FieldType.REF):
        if not (value.isascii() and value.isdigit()) or len(value) > 9:
            raise InvalidInput(f"“{spec.label}”应为正整数。", field=spec.name)
        value = str(int(value))
    elif spec.type is FieldType.BOOL:
        value = "true" if value.lower() in TRUE else "false"
    elif spec.type is FieldType.ENTERPRISE:
        try:
            value = ids.check_uscc(value).code
        except InvalidInput as error:
            raise InvalidInput(f"“{spec.label}”：{error.message}", field=spec.name) from None
    elif spec.type is FieldType.REFS:
        value = _clean_refs(spec, value)
        if not value and spec.required:
            raise InvalidInput(f"请选择“{spec.label}”。", field=spec.name)
    return value


def clean(specs: tuple[Field, ...], values: Mapping[str, str], *,
          base: Mapping[str, str] | None = None) -> dict[str, str]:
    """Normalised strings for every field; fields missing from ``values`` keep ``base``."""
    known = {s.name for s in specs}
    unknown = sorted(set(values) - known)
    if unknown:
        raise InvalidInput(f"未知字段：{'、'.join(unknown)}。", field=unknown[0])
    out: dict[str, str] = {}
    for spec in specs:
        raw = values[spec.name] if spec.name in values else (base or {}).get(spec.name, "")
        out[spec.name] = _clean_one(spec, str(raw))
    return out


async def to_attributes(specs: tuple[Field, ...], data: Mapping[str, str]) -> dict[str, Any]:
    """Model attributes for cleaned ``data`` (looks up enterprises and referenced rows).

    Many-to-many fields are not attributes: see :func:`to_relations`."""
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.type is FieldType.REFS:
            continue
        value = data.get(spec.name, "")
        parsed: Any
        if spec.type is FieldType.ENTERPRISE:
            parsed = None
            if value:
                found = await Enterprise.get_or_none(uscc=value).only("id")
                if found is None:
                    raise InvalidInput(f"未找到统一社会信用代码为 {value} 的市场主体。", field=spec.name)
                parsed = found.id
        elif spec.type is FieldType.REF:
            parsed = int(value) if value else None
            if parsed is not None and not await spec.ref_model.exists(id=parsed):
                raise InvalidInput(f"“{spec.label}”编号 {value} 不存在。", field=spec.name)
        elif spec.type is FieldType.DATE:
            parsed = dt.date.fromisoformat(value) if value else None
        elif spec.type is FieldType.DECIMAL:
            parsed = Decimal(value) if value else None
        elif spec.type is FieldType.INT:
            parsed = int(value) if value else 0
        elif spec.type is FieldType.BOOL:
            parsed = value == "true"
        else:
            parsed = value
        out[spec.attribute] = parsed
    return out


async def to_relations(specs: tuple[Field, ...], data: Mapping[str, str],
                       conn: BaseDBAsyncClient | None = None) -> dict[str, list[Any]]:
    """The rows each many-to-many field of cleaned ``data`` names, or :class:`InvalidInput`
    naming the ids that do not exist. A field absent from ``data`` (a revision begun before the
    field existed) is left out, so its relation stays as it is."""
    out: dict[str, list[Any]] = {}
    for spec in specs:
        if spec.type is not FieldType.REFS or spec.name not in data:
            continue
        wanted = ref_ids(data[spec.name])
        rows = list(await spec.ref_model.filter(id__in=wanted).using_db(conn)) if wanted else []
        if missing := sorted(set(wanted) - {r.id for r in rows}):
            raise InvalidInput(f"“{spec.label}”中的编号 {'、'.join(map(str, missing))} 不存在。",
                               field=spec.name)
        out[spec.attribute] = sorted(rows, key=lambda r: r.id)
    return out


async def set_relations(row: Any, relations: Mapping[str, Sequence[Any]],
                        conn: BaseDBAsyncClient | None = None) -> None:
    """Make each many-to-many relation of ``row`` hold exactly the given rows."""
    for name, wanted in relations.items():
        relation = getattr(row, name)
        current = set(await relation.all().using_db(conn).values_list("id", flat=True))
        if current == {r.id for r in wanted}:
            continue
        await relation.clear(using_db=conn)
        await relation.add(*wanted, using_db=conn)


async def read_refs(specs: tuple[Field, ...], row: Any,
                    conn: BaseDBAsyncClient | None = None) -> dict[str, str]:
    """The many-to-many fields of an existing row, as cleaned strings."""
    out: dict[str, str] = {}
    for spec in specs:
        if spec.type is FieldType.REFS:
            found = await getattr(row, spec.attribute).all().using_db(conn).values_list("id", flat=True)
            out[spec.name] = ",".join(str(i) for i in sorted(int(i) for i in found))
    return out


def from_row(specs: tuple[Field, ...], row: Any, enterprise_code: str = "",
             refs: Mapping[str, str] | None = None) -> dict[str, str]:
    """The strings of an existing row (for records that predate revisions); ``refs`` holds
    its many-to-many fields (see :func:`read_refs`)."""
    out: dict[str, str] = {}
    for spec in specs:
        if spec.type is FieldType.ENTERPRISE:
            out[spec.name] = enterprise_code
            continue
        if spec.type is FieldType.REFS:
            out[spec.name] = (refs or {}).get(spec.name, "")
            continue
        value = getattr(row, spec.attribute, None)
        if value is None:
            out[spec.name] = ""
        elif isinstance(value, bool):
            out[spec.name] = "true" if value else "false"
        elif isinstance(value, dt.date):
            out[spec.name] = value.isoformat()
        elif isinstance(value, enum.Enum):
            out[spec.name] = str(value.value)
        else:
            out[spec.name] = str(value)
    return out
