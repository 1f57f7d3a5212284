"""URL convertors shared by the public site and the back office."""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

from portal.core.pk import in_range


class PrimaryKeyConvertor(Convertor[int]):
    """`{id:pk}`: a record number. One too large for the key column becomes 0, which no record
    has, so the view answers 404 instead of the database failing on an out-of-range integer."""

    regex = "[0-9]{1,20}"

    def convert(self, value: str) -> int:
        number = int(value)
        return number if in_range(number) else 0

    def to_string(self, value: int) -> str:
        return str(int(value))


register_url_convertor("pk", PrimaryKeyConvertor())
