"""The public schema: read-only, published content only. Built once per process."""

from __future__ import annotations

from functools import lru_cache

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from portal.config import get_settings
from schema.base import PortalSchema
from schema.caching import PublicQueriesAreShareable
from schema.channels.queries import ChannelQuery
from schema.credit.queries import CreditQuery
from schema.credit.selfservice import SelfServiceMutation, SelfServiceQuery
from schema.enterprises.queries import EnterpriseQuery
from schema.guards import MASKED_MESSAGE, guard_extensions
from schema.inspections.queries import InspectionQuery
from schema.publishing.public import NoticeQuery
from schema.reference.queries import ReferenceQuery
from schema.regulations.queries import RegulationQuery
from schema.sampling.draw_types import DrawQuery
from schema.sampling.queries import SamplingQuery
from schema.search.queries import SearchQuery
from schema.tips.mutations import TipMutation

Query = merge_types(
    "Query",
    (
        EnterpriseQuery, RegulationQuery, SamplingQuery, InspectionQuery, CreditQuery,
        ChannelQuery, ReferenceQuery, SearchQuery, DrawQuery, SelfServiceQuery, NoticeQuery,
    ),
)
Mutation = merge_types("Mutation", (SelfServiceMutation, TipMutation))  # the few public mutations (DESIGN §5)

__all__ = ["MASKED_MESSAGE", "Query", "public_schema", "sdl"]


@lru_cache(maxsize=1)
def public_schema() -> strawberry.Schema:
    settings = get_settings()
    return PortalSchema(
        query=Query, mutation=Mutation,
        config=StrawberryConfig(auto_camel_case=True),
        extensions=[*guard_extensions(settings), PublicQueriesAreShareable],
    )


def sdl() -> str:
    return public_schema().as_str() + "\n"
