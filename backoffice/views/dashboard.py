"""The dashboard: the actor's work queues (filled by later issues; empty states for now)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backoffice.views.common import department_names, page, staff_page
from portal.core.policies import Permission, PolicyActor, scope_of

# (queue key, the permission that shows it); labels and empty-state texts are in the template.
QUEUES = [
    ("drafts", Permission.PUBLICATION_EDIT),
    ("review", Permission.PUBLICATION_REVIEW),
    ("legal", Permission.LEGAL_REVIEW),
    ("deadlines", Permission.PUBLICATION_REVIEW),
    ("credit", Permission.CREDIT_HANDLE),
    ("tips", Permission.TIP_HANDLE),
    ("identity", Permission.TIP_IDENTITY_GRANT),
]


def sections(actor: PolicyActor) -> dict[str, bool]:
    """Which navigation sections the actor may open (the services still check every call)."""
    return {
        "staff": not scope_of(actor, Permission.STAFF_VIEW).empty,
        "clients": not scope_of(actor, Permission.CLIENT_MANAGE).empty,
        "audit": not scope_of(actor, Permission.AUDIT_VIEW).empty,
    }


@staff_page
async def index(request: Request, actor: PolicyActor) -> Response:
    queues = [key for key, permission in QUEUES if not scope_of(actor, permission).empty]
    names = await department_names({a.department_id for a in actor.assignments})
    return page(request, actor, "dashboard.html", {"queues": queues, "names": names})
