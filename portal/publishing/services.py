"""Publication commands for every publishable kind: one generic implementation.

Who may call what is the state table in :mod:`portal.publishing.workflow`, evaluated with the
actor's permissions *in the record's department* (portal.core.policies): editors
(``publication.edit``) save and submit drafts and open corrections; reviewers
(``publication.review``) approve, send back, publish and withdraw; legal reviewers
(``publication.legal_review``) approve or send back major decisions. Reviewers are never the
revision's author (four eyes).

Each command runs in ONE transaction: permission check → change → audit entry
(``publication.<action>``, subject = the kind and record id; field names only, never the
text) → outbox event for the search indexer when public visibility changes (publish, withdraw,
correction) → a :class:`~portal.core.models.PublicNotice` for withdrawals and corrections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.transactions import in_transaction

from portal.core import audit, clock, notices, outbox, redaction
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.models import AuditEntry, NoticeAction
from portal.core.policies import Permission, allows, require
from portal.core.publication import PublicationState
from portal.enterprises.models import Enterprise
from portal.publishing import fields, masking
from portal.publishing.kinds import Adapter, adapter
from portal.publishing.models import Revision, Version
from portal.publishing.workflow import Action, Refused, decide
from portal.reference.models import Department

S = PublicationState
OPEN = (S.DRAFT, S.IN_REVIEW, S.LEGAL_REVIEW, S.APPROVED)
WORKFLOW_PERMISSIONS = (Permission.PUBLICATION_EDIT, Permission.PUBLICATION_REVIEW, Permission.LEGAL_REVIEW)


def holds(actor: Actor, department_id: int | None) -> frozenset[Permission]:
    return frozenset(p for p in WORKFLOW_PERMISSIONS if allows(actor, p, department_id))


async def _row(ad: Adapter, object_id: int, conn: BaseDBAsyncClient | None = None) -> Any:
    query = ad.model.filter(id=object_id)
    row = await (query.using_db(conn).select_for_update() if conn else query).first()
    if row is None:
        raise NotFound(f"找不到该{ad.label}（编号 {object_id}）。")
    return row


async def open_revision(kind: str, object_id: int, conn: BaseDBAsyncClient | None = None) -> Revision | None:
    return await (Revision.filter(kind=kind, object_id=object_id, state__in=list(OPEN))
                  .using_db(conn).order_by("-number").first())


async def current_data(ad: Adapter, row: Any, conn: BaseDBAsyncClient | None = None) -> dict[str, str]:
    """The staff original of the newest version, or the row itself for records without one.

    Many-to-many fields missing from a version (published before the field existed) are read
    from the row, whose relations are the published ones."""
    last = await (Version.filter(kind=ad.kind, object_id=row.id).using_db(conn)
                  .order_by("-number").first())
    if last is not None:
        return await _with_refs(ad, row, last.data, conn)
    code = ""
    if any(f.type is fields.FieldType.ENTERPRISE for f in ad.fields):
        code = (await Enterprise.filter(id=row.enterprise_id).using_db(conn).only("uscc").get()).uscc
    return fields.from_row(ad.fields, row, code, await fields.read_refs(ad.fields, row, conn))


async def _with_refs(ad: Adapter, row: Any, data: Mapping[str, str],
                     conn: BaseDBAsyncClient | None) -> dict[str, str]:
    """``data`` completed with the row's many-to-many fields it lacks."""
    missing = tuple(f for f in ad.fields if f.type is fields.FieldType.REFS and f.name not in data)
    return {**data, **await fields.read_refs(missing, row, conn)} if missing else dict(data)


async def _check(ad: Adapter, data: dict[str, str], department_id: int, row_id: int | None) -> None:
    """Cross-field rules that a single field cannot see (and the adapter's own)."""
    for start, end in (("window_start", "window_end"), ("listed_on", "removed_on")):
        if data.get(start) and data.get(end) and data[end] < data[start]:
            raise InvalidInput(f"“{ad.field(end).label}”不能早于“{ad.field(start).label}”。", field=end)
    if data.get("removed_on") and not data.get("removal_reason"):
        raise InvalidInput("填写移出日期时，请同时填写移出事由。", field="removal_reason")
    if ad.kind == "inspection_item":
        clash = ad.model.filter(code=data["code"])
        if row_id is not None:
            clash = clash.exclude(id=row_id)
        if await clash.exists():
            raise InvalidInput(f"事项编码 {data['code']} 已被使用。", field="code")
    for spec in ad.fields:
        if spec.excludes_owner and department_id in fields.ref_ids(data.get(spec.name, "")):
            raise InvalidInput(f"{ad.department_label}不能同时列入“{spec.label}”。", field=spec.name)
    await ad.check(data, department_id, row_id)


async def _attributes(ad: Adapter, data: Mapping[str, str], masks: Mapping[str, Any]) -> dict[str, Any]:
    """Model attributes with the PUBLIC text of redacted fields (never the original)."""
    public = masking.public_values(ad, data, masks)
    return {**await fields.to_attributes(ad.fields, public), **await ad.extra(data)}


def _masks_for(ad: Adapter, data: Mapping[str, str], old_data: Mapping[str, str],
               old_masks: Mapping[str, Any], given: Mapping[str, list[redaction.Mask]] | None) -> dict[str, Any]:
    """Explicit masks win; unchanged text keeps its masks; changed text gets fresh proposals."""
    out: dict[str, Any] = {}
    for spec in ad.redacted:
        text = data.get(spec.name, "")
        if given is not None and spec.name in given:
            out[spec.name] = masking.encode(masking.validated(text, given[spec.name], spec.name))
        elif text == old_data.get(spec.name) and spec.name in old_masks:
            out[spec.name] = old_masks[spec.name]
        else:
            out[spec.name] = masking.encode(redaction.propose(text))
    return out


async def save_draft(
    actor: Actor, kind: str, values: Mapping[str, str], *, object_id: int | None = None,
    department_id: int | None = None, masks: Mapping[str, list[redaction.Mask]] | None = None,
    conn: BaseDBAsyncClient | None = None,
) -> Revision:
    """Create a draft (``object_id`` None, in ``department_id``) or edit the open draft.

    Needs ``publication.edit`` in the record's department; the draft must be in state draft
    (a published record is changed through :func:`transition` ``correct`` first). Detectors
    propose masks for changed free text. The row of an unpublished record takes the draft's
    public values and many-to-many relations at once; a correction leaves the published row
    alone until it is published. Audit ``publication.save``; no outbox event (drafts are not
    public). ``conn``: run inside the caller's transaction (another domain's service that
    creates the record with its own change, e.g. result entry after a draw).
    """
    ad = adapter(kind)
    if conn is None:
        async with in_transaction() as own:
            return await _save(actor, ad, values, object_id, department_id, masks, own)
    return await _save(actor, ad, values, object_id, department_id, masks, conn)


async def _save(actor: Actor, ad: Adapter, values: Mapping[str, str], object_id: int | None,
                department_id: int | None, masks: Mapping[str, list[redaction.Mask]] | None,
                conn: BaseDBAsyncClient) -> Revision:
    """:func:`save_draft`'s work, inside one transaction ``conn``."""
    revision: Revision | None
    if object_id is None:
        if department_id is None:
            raise InvalidInput("请选择所属部门。", field="departmentId")
        require(actor, Permission.PUBLICATION_EDIT, department_id)
        if not await Department.exists(id=department_id):
            raise InvalidInput("所选部门不存在。", field="departmentId")
        data = fields.clean(ad.fields, values)
        await _check(ad, data, department_id, None)
        mask_map = _masks_for(ad, data, {}, {}, masks)
        attrs = await _attributes(ad, data, mask_map)
        relations = await fields.to_relations(ad.fields, data, conn)
        row: Any = await ad.model.create(**attrs, **{ad.department_attr: department_id},
                                         publication_state=S.DRAFT, using_db=conn)
        await fields.set_relations(row, relations, conn)
        now = clock.now()
        revision = await Revision.create(
            kind=ad.kind, object_id=row.id, department_id=department_id, number=1, state=S.DRAFT,
            data=data, masks=mask_map, major=ad.major(data), author=actor.id,
            author_name=actor.display_name, created_at=now, updated_at=now, using_db=conn,
        )
        changed = sorted(data)
    else:
        row = await _row(ad, object_id, conn)
        dept = getattr(row, ad.department_attr)
        require(actor, Permission.PUBLICATION_EDIT, dept)
        revision = await open_revision(ad.kind, row.id, conn)
        if revision is None:
            if row.publication_state != S.DRAFT:
                raise InvalidInput("该记录没有可编辑的草稿；已发布的记录请先发起更正。", field="id")
            revision = await _new_revision(actor, ad, row, conn)
        decide(revision.state, Action.SAVE, holds=holds(actor, dept), actor_id=actor.id,
               author_id=revision.author)
        before = await _with_refs(ad, row, revision.data, conn)
        data = fields.clean(ad.fields, values, base=before)
        await _check(ad, data, dept, row.id)
        mask_map = _masks_for(ad, data, before, revision.masks, masks)
        attrs = await _attributes(ad, data, mask_map)  # validates references now
        relations = await fields.to_relations(ad.fields, data, conn)
        changed = sorted(k for k in data if data[k] != before.get(k))
        revision.data, revision.masks, revision.major = data, mask_map, ad.major(data)
        revision.updated_at = clock.now()
        await revision.save(using_db=conn)
        if row.publication_state != S.PUBLISHED:  # a correction leaves the public row alone
            await ad.model.filter(id=row.id).using_db(conn).update(**attrs)
            await fields.set_relations(row, relations, conn)
    await audit.record(conn, actor, "publication.save", ad.kind, row.id,
                       after={"revision": revision.number, "fields": changed,
                              "masks": {name: len(m) for name, m in sorted(mask_map.items())}})
    return revision


async def set_masks(actor: Actor, kind: str, object_id: int,
                    masks: Mapping[str, list[redaction.Mask]]) -> Revision:
    """The editor accepts or adjusts the masks of the open draft (same rules as a save)."""
    ad = adapter(kind)
    revision = await open_revision(ad.kind, object_id)
    if revision is None:
        raise NotFound("该记录没有待编辑的草稿。")
    return await save_draft(actor, kind, {}, object_id=object_id, masks=masks)


IMPORTED = "imported"  # the author of rows that predate revisions (seeded or imported data)


async def _new_revision(actor: Actor, ad: Adapter, row: Any, conn: BaseDBAsyncClient,
                        correction_reason: str | None = None, *, imported: bool = False) -> Revision:
    data = await current_data(ad, row, conn)
    last = await Revision.filter(kind=ad.kind, object_id=row.id).using_db(conn).order_by("-number").first()
    now = clock.now()
    author, author_name = actor.id, actor.display_name
    if imported:  # whoever created the row (e.g. result entry after a draw), per the audit log
        first = await (AuditEntry.filter(subject_kind=ad.kind, subject_id=str(row.id)).using_db(conn)
                       .order_by("seq").first())
        author, author_name = (first.actor, "") if first is not None else (IMPORTED, "（导入数据）")
    return await Revision.create(
        kind=ad.kind, object_id=row.id, department_id=getattr(row, ad.department_attr),
        number=(last.number + 1) if last else 1, state=S.DRAFT, data=data,
        masks=masking.propose(ad, data), major=ad.major(data), author=author,
        author_name=author_name, correction_reason=correction_reason,
        created_at=now, updated_at=now, using_db=conn,
    )


async def transition(
    actor: Actor, kind: str, object_id: int, action: Action | str, *, reason: str = "",
    go_live_at: dt.datetime | None = None, conn: BaseDBAsyncClient | None = None,
) -> Revision | None:
    """Apply one workflow action (everything but ``save``) to a record; see the module doc.

    ``go_live_at`` (publish only): a future moment makes the publication scheduled — the row
    is ``published`` with that ``published_at`` and the public selectors hide it until then;
    the outbox event is available from that moment so search picks it up at go-live.
    ``conn``: run inside the caller's transaction (another domain's service that must change the
    record in the same transaction as its own change, e.g. an upheld objection).
    """
    ad = adapter(kind)
    try:
        act = Action(action)
    except ValueError:
        raise InvalidInput(f"未知的操作“{action}”。", field="action") from None
    if act is Action.SAVE:
        raise InvalidInput("保存草稿请使用保存功能。", field="action")
    reason = reason.strip()[:2000]
    if conn is None:
        async with in_transaction() as own:
            return await _apply(actor, ad, object_id, act, reason, go_live_at, own)
    return await _apply(actor, ad, object_id, act, reason, go_live_at, conn)


async def _apply(actor: Actor, ad: Adapter, object_id: int, act: Action, reason: str,
                 go_live_at: dt.datetime | None, conn: BaseDBAsyncClient) -> Revision | None:
    """:func:`transition`'s work, inside one transaction ``conn`` (its own or the caller's)."""
    row = await _row(ad, object_id, conn)
    dept = getattr(row, ad.department_attr)
    revision = await open_revision(ad.kind, row.id, conn)
    on_record = act in (Action.WITHDRAW, Action.CORRECT)
    if act is Action.CORRECT and revision is not None:
        raise Refused("该记录已有进行中的更正稿，请先完成或撤回它。")
    state = S(row.publication_state) if on_record or revision is None else revision.state
    if revision is None and state in OPEN:  # a row from before revisions existed
        revision = await _new_revision(actor, ad, row, conn, imported=True)
    author = revision.author if revision is not None else None
    data = revision.data if revision is not None else {}
    step = decide(state, act, holds=holds(actor, dept), actor_id=actor.id, author_id=author,
                  major=ad.major(data) if revision is not None else False, reason=reason)
    public_changed = False
    targets = ad.outbox_targets(row)
    if act is Action.CORRECT:
        revision = await _new_revision(actor, ad, row, conn, correction_reason=reason)
    elif act is Action.WITHDRAW:
        await _withdraw(actor, ad, row, reason, conn)
        public_changed = True
    else:
        assert revision is not None
        if act is Action.PUBLISH:
            targets += await _publish(actor, ad, row, revision, go_live_at, conn)
            public_changed = True
        elif act in (Action.APPROVE,):
            revision.reviewer = actor.id
        elif act is Action.LEGAL_APPROVE:
            revision.legal_reviewer = actor.id
        elif act in (Action.SEND_BACK, Action.LEGAL_SEND_BACK):
            revision.comments = reason
        revision.state = step.to
        revision.updated_at = clock.now()
        await revision.save(using_db=conn)
        if revision.correction_reason is None and act is not Action.PUBLISH:
            await ad.model.filter(id=row.id).using_db(conn).update(publication_state=step.to)
    await audit.record(conn, actor, f"publication.{act.value}", ad.kind, row.id,
                       before={"state": state.value},
                       after={"state": step.to.value,
                              "revision": revision.number if revision is not None else None},
                       reason=reason)
    if public_changed:
        moment = go_live_at if act is Action.PUBLISH and go_live_at and go_live_at > clock.now() else None
        for target_kind, target_id in dict.fromkeys(targets):  # once each, in order
            await outbox.emit(conn, target_kind, target_id, available_at=moment)
    if revision is None:  # withdrawing a record that predates revisions
        return await (Revision.filter(kind=ad.kind, object_id=object_id).using_db(conn)
                      .order_by("-number").first())
    return revision


async def _public_title(ad: Adapter, row: Any, conn: BaseDBAsyncClient) -> str:
    last = await Version.filter(kind=ad.kind, object_id=row.id).using_db(conn).order_by("-number").first()
    public = dict(last.public) if last is not None else await current_data(ad, row, conn)
    return ad.title(public)


async def _withdraw(actor: Actor, ad: Adapter, row: Any, reason: str, conn: BaseDBAsyncClient) -> None:
    now = clock.now()
    public_reason = redaction.redact(reason)
    await ad.model.filter(id=row.id).using_db(conn).update(
        publication_state=S.WITHDRAWN, withdrawn_at=now, withdrawal_reason=public_reason)
    await Revision.filter(kind=ad.kind, object_id=row.id, state__in=list(OPEN)).using_db(conn).update(
        state=S.WITHDRAWN, updated_at=now)
    await notices.record(conn, kind=ad.kind, object_id=row.id, action=NoticeAction.WITHDRAWN,
                         title=await _public_title(ad, row, conn), summary="该信息已撤回，不再公示。",
                         reason=public_reason, department_id=getattr(row, ad.department_attr),
                         enterprise_id=getattr(row, "enterprise_id", None))


async def _publish(actor: Actor, ad: Adapter, row: Any, revision: Revision,
                   go_live_at: dt.datetime | None, conn: BaseDBAsyncClient) -> list[tuple[str, int]]:
    """Write the revision's public values and relations to the row and keep a version.

    Returns the outbox targets of companions published with it (see :func:`companion_rows`)."""
    now = clock.now()
    correction = revision.correction_reason is not None
    if go_live_at is not None:
        if go_live_at.tzinfo is None:
            go_live_at = go_live_at.replace(tzinfo=clock.CST)
        if correction:
            raise InvalidInput("更正立即生效，不能定时发布。", field="goLiveAt")
        if go_live_at < now - dt.timedelta(minutes=5):
            raise InvalidInput("定时发布时间不能早于当前时间。", field="goLiveAt")
    attrs = await _attributes(ad, revision.data, revision.masks)
    relations = await fields.to_relations(ad.fields, revision.data, conn)
    moment = row.published_at if correction and row.published_at else (go_live_at or now)
    await ad.model.filter(id=row.id).using_db(conn).update(
        **attrs, publication_state=S.PUBLISHED, published_at=moment)
    await fields.set_relations(row, relations, conn)
    number = await Version.filter(kind=ad.kind, object_id=row.id).using_db(conn).count() + 1
    public = masking.public_values(ad, revision.data, revision.masks)
    await Version.create(kind=ad.kind, object_id=row.id, number=number, data=revision.data,
                         public=public, published_at=moment, published_by=actor.id,
                         reason=revision.correction_reason or "", using_db=conn)
    revision.go_live_at = moment
    if correction:
        delisted = bool(revision.data.get("removed_on")) and not getattr(row, "removed_on", None)
        await notices.record(
            conn, kind=ad.kind, object_id=row.id,
            action=NoticeAction.DELISTED if delisted else NoticeAction.CORRECTED,
            title=ad.title(public), summary="已移出名录。" if delisted else "该信息已更正，现显示更正后的内容。",
            reason=redaction.redact(revision.correction_reason or ""),
            department_id=getattr(row, ad.department_attr),
            enterprise_id=getattr(row, "enterprise_id", None))
        return []
    return await _publish_companions(actor, ad, row, revision, go_live_at, conn)


async def companion_rows(ad: Adapter, row: Any, conn: BaseDBAsyncClient | None = None
                     ) -> list[tuple[Any, Revision | None]]:
    """The draft rows the first publication of ``row`` publishes with it, each with its open
    revision (None: a row that predates revisions). Empty once ``row`` has been published."""
    if ad.companions is None or row.publication_state == S.PUBLISHED:
        return []
    out = []
    for other in await ad.companions.rows(row).using_db(conn):
        open_rev = await open_revision(ad.companions.kind, other.id, conn)
        if open_rev is None or open_rev.state == S.DRAFT:  # not in its own review
            out.append((other, open_rev))
    return out


async def _publish_companions(actor: Actor, ad: Adapter, row: Any, revision: Revision,
                              go_live_at: dt.datetime | None, conn: BaseDBAsyncClient
                              ) -> list[tuple[str, int]]:
    """Publish ``row``'s companions as their own ``publish`` would: masks applied, a version,
    audit ``publication.publish`` (``with`` names the record). Their reviewer is the record's
    (they were on its review page), so four eyes: none may be that reviewer's own draft."""
    if ad.companions is None:
        return []
    other_ad = adapter(ad.companions.kind)
    chosen = []
    for other, other_rev in await companion_rows(ad, row, conn):
        if other_rev is None:
            other_rev = await _new_revision(actor, other_ad, other, conn, imported=True)
        if other_rev.author == revision.reviewer:
            raise Refused(f"{other_ad.label}“{other_ad.title(other_rev.data)}”由本{ad.label}的审核人录入，"
                          f"不能随之发布：请先将该{other_ad.label}提交审核，由其他审核人员处理。")
        chosen.append((other, other_rev))
    targets: list[tuple[str, int]] = []
    for other, other_rev in chosen:
        await _publish(actor, other_ad, other, other_rev, go_live_at, conn)
        other_rev.state, other_rev.reviewer, other_rev.updated_at = S.PUBLISHED, revision.reviewer, clock.now()
        await other_rev.save(using_db=conn)
        await audit.record(conn, actor, "publication.publish", other_ad.kind, other.id,
                           before={"state": S.DRAFT.value},
                           after={"state": S.PUBLISHED.value, "revision": other_rev.number,
                                  "with": f"{ad.kind}:{row.id}"})
        targets += other_ad.outbox_targets(other)
    return targets


def model_of(kind: str) -> type[Model]:
    return adapter(kind).model


async def adjust_masks(actor: Actor, kind: str, object_id: int, *, keep: Mapping[str, set[int]],
                       phrases: Mapping[str, list[str]]) -> Revision:
    """The no-JS form's way to adjust masks: keep some proposed masks (by position in the
    list), and hide every occurrence of extra phrases. Same rules as :func:`set_masks`."""
    ad = adapter(kind)
    revision = await open_revision(ad.kind, object_id)
    if revision is None:
        raise NotFound("该记录没有待编辑的草稿。")
    chosen: dict[str, list[redaction.Mask]] = {}
    for spec in ad.redacted:
        current = masking.decode(revision.masks.get(spec.name, []))
        kept = [m for i, m in enumerate(current) if i in keep.get(spec.name, set())]
        chosen[spec.name] = masking.phrase_masks(revision.data.get(spec.name, ""),
                                                 phrases.get(spec.name, []), kept)
    return await save_draft(actor, kind, {}, object_id=object_id, masks=chosen)
