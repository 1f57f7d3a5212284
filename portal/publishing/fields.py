"""Editable fields of publishable kinds: one parser for forms and the API alike.

Every channel hands in strings (a form field or an API ``{name, value}`` pair); :func:`clean`
normalises them into the strings kept in a revision (the staff original), and
:func:`to_attributes` turns those into model attributes. Bad input raises
:class:`~portal.core.errors.InvalidInput` naming the field, in Chinese.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

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


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: FieldType = FieldType.LINE
    required: bool = False
    max_length: int = 200
    redact: bool = False  # free text that detectors scan for personal data
    choices: Mapping[str, str] = field(default_factory=dict)
    ref_model: Any = None  # for REF: the Tortoise model

    @property
    def attribute(self) -> str:
        return f"{self.name}_id" if self.type in (FieldType.ENTERPRISE, FieldType.REF) else self.name


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
        if not value.isdigit() or len(value) > 9:
            raise InvalidInput(f"“{spec.label}”应为正整数。", field=spec.name)
        value = str(int(value))
    elif spec.type is FieldType.BOOL:
        value = "true" if value.lower() in TRUE else "false"
    elif spec.type is FieldType.ENTERPRISE:
        try:
            value = ids.check_uscc(value).code
        except InvalidInput as error:
            raise InvalidInput(f"“{spec.label}”：{error.message}", field=spec.name) from None
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
    """Model attributes for cleaned ``data`` (looks up enterprises and referenced rows)."""
    out: dict[str, Any] = {}
    for spec in specs:
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


def from_row(specs: tuple[Field, ...], row: Any, enterprise_code: str = "") -> dict[str, str]:
    """The strings of an existing row (for records that predate revisions)."""
    out: dict[str, str] = {}
    for spec in specs:
        if spec.type is FieldType.ENTERPRISE:
            out[spec.name] = enterprise_code
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
