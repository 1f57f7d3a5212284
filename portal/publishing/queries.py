"""Staff selectors for publication review (never public: revisions hold the originals).

Anyone holding ``publication.edit``, ``publication.review`` or ``publication.legal_review``
sees the revisions and versions of records in the departments where they hold it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import Forbidden, Scope, scope_of
from portal.core.publication import PublicationState
from portal.publishing.fields import Field, FieldType, ref_ids
from portal.publishing.kinds import Adapter, adapter
from portal.publishing.models import Revision, Version
from portal.publishing.services import WORKFLOW_PERMISSIONS, companion_rows, holds, open_revision

QUEUE_LIMIT = 200


def workflow_scope(actor: Actor) -> Scope:
    """Where the actor holds any workflow permission; :class:`Forbidden` if nowhere."""
    scopes = [scope_of(actor, p) for p in WORKFLOW_PERMISSIONS]
    merged = Scope(any(s.everywhere for s in scopes),
                   frozenset().union(*(s.department_ids for s in scopes)))
    if merged.empty:
        raise Forbidden("您没有查看公开信息审核工作的权限。")
    return merged


async def queue(actor: Actor, *, state: PublicationState | None = None, kind: str | None = None,
                limit: int = QUEUE_LIMIT) -> list[Revision]:
    """Open revisions (or those in ``state``) in the actor's departments, newest first."""
    scope = workflow_scope(actor)
    query = Revision.all()
    if not scope.everywhere:
        query = query.filter(department_id__in=list(scope.department_ids))
    if state is not None:
        query = query.filter(state=state)
    else:
        query = query.filter(state__in=[PublicationState.DRAFT, PublicationState.IN_REVIEW,
                                        PublicationState.LEGAL_REVIEW, PublicationState.APPROVED])
    if kind is not None:
        query = query.filter(kind=adapter(kind).kind)
    return await query.order_by("-updated_at", "-id").limit(min(max(limit, 1), QUEUE_LIMIT))


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str
    diff: list[str] = field(default_factory=list)  # unified diff lines for long text


@dataclass
class RecordView:
    adapter: Adapter
    row: Any
    revision: Revision | None  # the open revision, else the newest one
    versions: list[Version]
    permissions: frozenset[Any]
    companions: list[Any] = field(default_factory=list)  # draft rows published with it


async def record(actor: Actor, kind: str, object_id: int) -> RecordView:
    ad = adapter(kind)
    row = await ad.model.get_or_none(id=object_id)
    if row is None:
        raise NotFound(f"找不到该{ad.label}（编号 {object_id}）。")
    department = getattr(row, ad.department_attr)
    held = holds(actor, department)
    if not held:
        raise Forbidden("该记录不属于您有权处理的部门。")
    revision = await open_revision(ad.kind, object_id)
    if revision is None:
        revision = await Revision.filter(kind=ad.kind, object_id=object_id).order_by("-number").first()
    versions = await Version.filter(kind=ad.kind, object_id=object_id).order_by("number")
    companions = [other for other, _ in await companion_rows(ad, row)]
    return RecordView(ad, row, revision, list(versions), held, companions)


async def ref_labels(spec: Field, values: list[str]) -> dict[int, str]:
    """How staff see the rows a many-to-many field names in ``values``: "name（编号 n）"."""
    wanted = sorted({i for v in values for i in ref_ids(v)})
    rows = {r.id: r for r in await spec.ref_model.filter(id__in=wanted)} if wanted else {}
    return {i: f"{spec.ref_label(rows[i])}（编号 {i}）" if i in rows else f"编号 {i}（已不存在）"
            for i in wanted}


async def shown(ad: Adapter, data: dict[str, str]) -> dict[str, str]:
    """``data`` as staff read it: many-to-many fields as names instead of ids."""
    out = dict(data)
    for spec in ad.fields:
        if spec.type is FieldType.REFS and data.get(spec.name):
            labels = await ref_labels(spec, [data[spec.name]])
            out[spec.name] = "、".join(labels[i] for i in ref_ids(data[spec.name]))
    return out


async def diff(ad: Adapter, before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    """Field-by-field changes between two versions' (staff) values; for a many-to-many field
    the rows removed ("- ") and added ("+ ")."""
    out = []
    for spec in ad.fields:
        old, new = before.get(spec.name, ""), after.get(spec.name, "")
        if old == new:
            continue
        if spec.type is FieldType.REFS:
            labels = await ref_labels(spec, [old, new])
            gone, came = set(ref_ids(old)) - set(ref_ids(new)), set(ref_ids(new)) - set(ref_ids(old))
            lines = [f"- {labels[i]}" for i in sorted(gone)] + [f"+ {labels[i]}" for i in sorted(came)]
            old, new = ("、".join(labels[i] for i in ref_ids(v)) for v in (old, new))
        else:
            lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))[2:]
        out.append(FieldChange(spec.name, spec.label, old, new, lines))
    return out


async def version_diff(actor: Actor, kind: str, object_id: int, first: int, second: int) -> list[FieldChange]:
    view = await record(actor, kind, object_id)
    by_number = {v.number: v for v in view.versions}
    if first not in by_number or second not in by_number:
        raise InvalidInput("所选版本不存在。", field="version")
    return await diff(view.adapter, by_number[first].data, by_number[second].data)


OPTIONS_LIMIT = 300  # past this many rows, a many-to-many field is typed as ids


async def ref_options(ad: Adapter) -> dict[str, list[tuple[int, str]]]:
    """The rows staff may pick for each many-to-many field of ``ad`` (for the no-JS checkbox
    list); a field whose model has more than :data:`OPTIONS_LIMIT` rows gets none (ids)."""
    out: dict[str, list[tuple[int, str]]] = {}
    for spec in ad.fields:
        if spec.type is FieldType.REFS:
            rows = await spec.ref_model.all().order_by("id").limit(OPTIONS_LIMIT + 1)
            if len(rows) <= OPTIONS_LIMIT:
                out[spec.name] = [(r.id, spec.ref_label(r)) for r in rows]
    return out


RECORDS_LIMIT = 100


async def records(actor: Actor, kind: str, *, state: PublicationState | None = None) -> list[Any]:
    """Rows of one kind in the actor's departments (any state), newest first."""
    ad = adapter(kind)
    scope = workflow_scope(actor)
    query = ad.model.all()
    if not scope.everywhere:
        query = query.filter(**{f"{ad.department_attr}__in": list(scope.department_ids)})
    if state is not None:
        query = query.filter(publication_state=state)
    return list(await query.order_by("-id").limit(RECORDS_LIMIT))
