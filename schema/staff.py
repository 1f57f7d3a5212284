"""The staff schema (/backoffice/graphql): separate from the public one, built once.

Every resolver receives the authenticated actor in its context and calls a domain function that
checks permissions itself (portal.core.policies). Expected failures of mutations come back as
``MutationError`` union members; anything unexpected is masked.
"""

from __future__ import annotations

from functools import lru_cache

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from portal.config import get_settings
from schema.audit.queries import AuditQuery
from schema.base import PortalSchema
from schema.credit.staff import CreditStaffMutation, CreditStaffQuery
from schema.guards import MASKED_MESSAGE, guard_extensions
from schema.identity.mutations import IdentityMutation
from schema.identity.queries import IdentityQuery
from schema.publishing.mutations import PublishingMutation
from schema.publishing.queries import PublishingQuery
from schema.sampling.staff import SamplingMutation, SamplingStaffQuery
from schema.tips.staff import TipStaffMutation, TipStaffQuery

Query = merge_types("Query", (IdentityQuery, AuditQuery, SamplingStaffQuery, CreditStaffQuery,
                              PublishingQuery, TipStaffQuery))
Mutation = merge_types("Mutation", (IdentityMutation, SamplingMutation, CreditStaffMutation,
                                    PublishingMutation, TipStaffMutation))
__all__ = ["MASKED_MESSAGE", "Mutation", "Query", "sdl", "staff_schema"]


@lru_cache(maxsize=1)
def staff_schema() -> strawberry.Schema:
    settings = get_settings()
    return PortalSchema(
        query=Query, mutation=Mutation,
        config=StrawberryConfig(auto_camel_case=True),
        extensions=guard_extensions(settings),
    )


def sdl() -> str:
    return staff_schema().as_str() + "\n"
