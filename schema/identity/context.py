"""Per-request context of the staff schema: the authenticated actor and DataLoaders.

The actor is established by the channel (session cookie or bearer token) before any resolver
runs; resolvers pass it to domain services, which check permissions themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from portal.core.actors import Actor
from portal.identity.queries import assignments_for_staff
from schema.context import Loaders


@dataclass
class StaffContext:
    actor: Actor
    request: Any = None
    response: Any = None
    loaders: Loaders = field(default_factory=Loaders)  # shared reference loaders (Department)
    staff_roles: DataLoader[int, Any] = field(
        default_factory=lambda: DataLoader(assignments_for_staff)
    )


StaffInfo = Info[StaffContext, None]
