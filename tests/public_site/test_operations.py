"""Every page operation is valid against the public schema and named after its file."""

from __future__ import annotations

import pytest
from graphql import OperationDefinitionNode, parse, validate

from public_site.operations import OPERATIONS_DIR
from schema.public import public_schema

FILES = sorted(OPERATIONS_DIR.glob("*.graphql"))


def test_there_is_an_operation_per_page() -> None:
    names = {p.stem for p in FILES}
    assert {"RegulationList", "RegulationPage", "InspectionItemList", "SamplingPlanList",
            "SamplingPlanPage", "InspectionResultList", "PenaltyList", "PenaltyPage",
            "ListEntryList", "ListEntryPage", "ChannelList", "EnterpriseList", "EnterprisePage",
            "HomePage", "FilterOptions"} <= names


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_operation_is_valid_and_named_like_its_file(path) -> None:  # type: ignore[no-untyped-def]
    document = parse(path.read_text(encoding="utf-8"))
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert [op.name.value for op in ops if op.name] == [path.stem]
    schema = public_schema()._schema
    assert validate(schema, document) == []
