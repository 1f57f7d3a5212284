"""The staff schema (/backoffice/graphql): separate from the public one, built once.

Every resolver receives the authenticated actor in its context and calls a domain function that
checks permissions itself (portal.core.policies). Expected failures of mutations come back as
``MutationError`` union members; anything unexpected is masked.
"""

from __future__ import annotations

from functools import lru_cache

import strawberry
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from portal.config import get_settings
from schema.audit.queries import AuditQuery
from schema.base import PortalSchema
from schema.errors import should_mask
from schema.identity.mutations import IdentityMutation
from schema.identity.queries import IdentityQuery
from schema.tips.staff import TipStaffMutation, TipStaffQuery

Query = merge_types("Query", (IdentityQuery, AuditQuery, TipStaffQuery))
Mutation = merge_types("Mutation", (IdentityMutation, TipStaffMutation))
MASKED_MESSAGE = "服务器处理请求时出错，请稍后再试。"


@lru_cache(maxsize=1)
def staff_schema() -> strawberry.Schema:
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
    return staff_schema().as_str() + "\n"
