"""The public schema: read-only, published content only. Built once per process."""

from __future__ import annotations

from functools import lru_cache

import strawberry
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from portal.config import get_settings
from schema.base import PortalSchema
from schema.channels.queries import ChannelQuery
from schema.credit.queries import CreditQuery
from schema.enterprises.queries import EnterpriseQuery
from schema.errors import should_mask
from schema.inspections.queries import InspectionQuery
from schema.reference.queries import ReferenceQuery
from schema.regulations.queries import RegulationQuery
from schema.sampling.queries import SamplingQuery
from schema.search.queries import SearchQuery
from schema.tips.mutations import TipMutation

Query = merge_types(
    "Query",
    (
        EnterpriseQuery, RegulationQuery, SamplingQuery, InspectionQuery, CreditQuery,
        ChannelQuery, ReferenceQuery, SearchQuery,
    ),
)
Mutation = merge_types("Mutation", (TipMutation,))  # the few public mutations (DESIGN §5)

MASKED_MESSAGE = "服务器处理请求时出错，请稍后再试。"


@lru_cache(maxsize=1)
def public_schema() -> strawberry.Schema:
    settings = get_settings()
    return PortalSchema(
        query=Query, mutation=Mutation,
        config=StrawberryConfig(auto_camel_case=True),
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
            lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
            lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
            lambda: MaskErrors(should_mask_error=should_mask, error_message=MASKED_MESSAGE),
        ],
    )


def sdl() -> str:
    return public_schema().as_str() + "\n"
