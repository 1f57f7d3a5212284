"""Who is acting: every domain service takes an Actor and checks it (never the channel)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ActorKind(enum.StrEnum):
    STAFF = "staff"
    CLIENT = "client"  # a department system with a client-credentials token
    ENTERPRISE = "enterprise"
    PUBLIC = "public"
    SYSTEM = "system"  # scheduled jobs, seeding, migrations


@dataclass(frozen=True)
class Actor:
    id: str
    kind: ActorKind
    roles: frozenset[str] = field(default_factory=frozenset)
    department_ids: frozenset[int] = field(default_factory=frozenset)
    display_name: str = ""

    @property
    def primary_role(self) -> str:
        return sorted(self.roles)[0] if self.roles else ""

    @property
    def primary_department(self) -> int | None:
        return min(self.department_ids) if self.department_ids else None


SYSTEM = Actor(id="system", kind=ActorKind.SYSTEM, display_name="系统")
