"""Per-request context: DataLoaders are built here, once per request, never at module level."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from portal.credit import queries as credit
from portal.credit import statements
from portal.enterprises import queries as enterprises
from portal.inspections import queries as inspections
from portal.reference import queries as reference
from portal.sampling import queries as sampling
from portal.tips import queries as tips


@dataclass
class Loaders:
    department: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(reference.departments_by_ids)
    )
    region: DataLoader[str, Any] = field(
        default_factory=lambda: DataLoader(reference.regions_by_codes)
    )
    industry: DataLoader[str, Any] = field(
        default_factory=lambda: DataLoader(reference.industries_by_codes)
    )
    enterprise: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(enterprises.enterprises_by_ids)
    )
    item: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(sampling.public_items_by_ids)
    )
    task: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(sampling.public_tasks_by_ids)
    )
    plan_tasks: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(sampling.public_tasks_for_plans)
    )
    plan_items: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(sampling.public_items_for_plans)
    )
    plan_participants: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(sampling.participants_for_plans)
    )
    enterprise_results: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(inspections.public_results_for_enterprises)
    )
    enterprise_penalties: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(credit.public_penalties_for_enterprises)
    )
    enterprise_list_entries: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(credit.public_list_entries_for_enterprises)
    )
    penalty_statement: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(partial(statements.public_statements_for, "penalty"))
    )
    list_entry_statement: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(partial(statements.public_statements_for, "list_entry"))
    )
    enterprise_complaints: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(tips.public_complaints)
    )
    enterprise_complaint_count: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(tips.public_complaint_counts)
    )


@dataclass
class PublicContext:
    loaders: Loaders = field(default_factory=Loaders)
    request: Any = None
    response: Any = None
    enterprise: Any = None  # the logged-in enterprise user's actor (/my only), else None


PublicInfo = Info[PublicContext, None]
