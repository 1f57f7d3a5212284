"""Tip selectors: the submitter's view (by receipt), staff lists and views, the public selector.

:func:`public_complaints` / :func:`public_complaint_counts` are the ONLY public reads of tip data:
closed complaints whose submitter consented and that a reviewer published, as enterprise +
category + outcome. Nothing else of a tip reaches a public path or the search index.
Staff views open sealed content; identity and contact are not here (``custodian`` only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tortoise.expressions import Q
from tortoise.functions import Count

from portal.core import clock
from portal.core.actors import Actor
from portal.core.errors import InvalidInput, NotFound
from portal.core.policies import Permission, require_any
from portal.enterprises.models import Enterprise
from portal.tips import keys
from portal.tips.catalogue import CATEGORIES, KIND_LABELS, OUTCOMES, STATE_LABELS
from portal.tips.clocks import DueStatus, due_status, soon_threshold
from portal.tips.models import (
    Author,
    RefusalGround,
    Tip,
    TipAttachment,
    TipKind,
    TipMessage,
    TipTrack,
    TrackState,
)
from portal.tips.services import require_on_tip
from portal.tips.workflow import Action, allowed_actions

PAGE = 50


@dataclass(frozen=True)
class TrackView:
    id: int
    tip_id: int
    kind: TipKind
    state: TrackState
    department_id: int | None
    registered_on: dt.date
    accept_due: dt.date
    handling_due: dt.date | None
    extended: bool
    closed_on: dt.date | None
    refusal_ground: str  # label
    outcome: str  # label
    published: bool
    due: DueStatus
    actions: list[Action]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class MessageView:
    id: int
    author: Author
    body: str
    internal: bool
    at: dt.datetime


@dataclass(frozen=True)
class AttachmentView:
    id: int
    name: str
    media_type: str
    size: int
    author: Author


@dataclass(frozen=True)
class TipView:
    """What the submitter (with the receipt) or a handler sees."""

    id: int
    created_at: dt.datetime
    category: str  # label
    tracks: list[TrackView]
    messages: list[MessageView]
    attachments: list[AttachmentView]
    # staff only (empty for the submitter view):
    enterprise_id: int | None = None
    enterprise_name: str = ""
    enterprise_text: str = ""
    place: str = ""
    occurred: str = ""
    description: str = ""
    anonymous: bool = True
    consent_publication: bool = False
    reward_claim: bool = False
    duplicate_of_id: int | None = None


async def _ground_labels() -> dict[str, str]:
    return {g.code: g.label for g in await RefusalGround.all()}


def track_view(track: TipTrack, grounds: dict[str, str], today: dt.date) -> TrackView:
    return TrackView(
        id=track.id, tip_id=track.tip_id, kind=track.kind, state=track.state,  # type: ignore[attr-defined]
        department_id=track.department_id, registered_on=track.registered_on,
        accept_due=track.accept_due, handling_due=track.handling_due, extended=track.extended,
        closed_on=track.closed_on, refusal_ground=grounds.get(track.refusal_ground or "", ""),
        outcome=OUTCOMES[track.kind].get(track.outcome or "", ""),
        published=track.published_at is not None, due=due_status(track, today),
        actions=allowed_actions(track.kind, track.state),
    )


async def view_of_track(track: TipTrack) -> TrackView:
    return track_view(track, await _ground_labels(), clock.today())


async def _view(tip: Tip, *, staff: bool) -> TipView:
    grounds, today = await _ground_labels(), clock.today()
    tracks = [track_view(t, grounds, today) for t in await TipTrack.filter(tip_id=tip.id)]
    messages = [
        MessageView(m.id, m.author, keys.open_text(m.body, f"tip_message:{m.id}:body"), m.internal,
                    m.created_at)
        for m in await TipMessage.filter(tip_id=tip.id).order_by("id") if staff or not m.internal
    ]
    files = [
        AttachmentView(a.id, keys.open_text(a.name, f"tip_attachment:{a.id}:name"), a.media_type,
                       a.size, a.author)
        for a in await TipAttachment.filter(tip_id=tip.id).only(
            "id", "name", "media_type", "size", "author", "tip_id").order_by("id")
    ]
    view = TipView(tip.id, tip.created_at, CATEGORIES.get(tip.category, tip.category), tracks,
                   messages, files)
    if not staff:
        return view
    enterprise = await Enterprise.get_or_none(id=tip.enterprise_id) if tip.enterprise_id else None
    context = f"tip:{tip.id}:"
    return replace(
        view, enterprise_id=tip.enterprise_id,
        enterprise_name=enterprise.name if enterprise else "",
        enterprise_text=keys.open_text(tip.enterprise_text, context + "enterprise"),
        place=keys.open_text(tip.place, context + "place"),
        occurred=keys.open_text(tip.occurred, context + "occurred"),
        description=keys.open_text(tip.description, context + "description"),
        anonymous=tip.identity is None and tip.contact is None,
        consent_publication=tip.consent_publication, reward_claim=tip.reward_claim,
        duplicate_of_id=tip.duplicate_of_id,
    )


async def submitter_view(tip_id: int) -> TipView:
    """For the holder of the receipt (already authorised by ``intake.authorise``/a pass)."""
    tip = await Tip.get_or_none(id=tip_id)
    if tip is None:
        raise NotFound("回执码不正确，或该事项不存在。", field="receipt")
    return await _view(tip, staff=False)


async def staff_tip(actor: Actor, tip_id: int) -> TipView:
    """For handlers of a department holding one of the tip's tracks."""
    await require_on_tip(actor, tip_id, Permission.TIP_HANDLE)
    return await _view(await Tip.get(id=tip_id), staff=True)


async def _attachment(tip_id: int, attachment_id: int) -> tuple[str, str, bytes]:
    row = await TipAttachment.get_or_none(id=attachment_id, tip_id=tip_id)
    if row is None:
        raise NotFound("未找到该附件。")
    name = keys.open_text(row.name, f"tip_attachment:{row.id}:name")
    return name, row.media_type, keys.open_bytes(row.content, f"tip_attachment:{row.id}:content")


async def submitter_attachment(tip_id: int, attachment_id: int) -> tuple[str, str, bytes]:
    return await _attachment(tip_id, attachment_id)


async def staff_attachment(actor: Actor, tip_id: int, attachment_id: int) -> tuple[str, str, bytes]:
    await require_on_tip(actor, tip_id, Permission.TIP_HANDLE)
    return await _attachment(tip_id, attachment_id)


@dataclass(frozen=True)
class TrackRow:
    track: TrackView
    category: str
    enterprise_name: str
    duplicate: bool


DUE_FILTERS = ("soon", "overdue")


async def staff_tracks(actor: Actor, *, department_id: int | None = None, state: str = "",
                       due: str = "", kind: str = "", limit: int = PAGE) -> list[TrackRow]:
    """The inbox: tracks in the actor's departments, filtered; soonest due first.

    Constant number of statements whatever the page size (tracks+tips, enterprises, grounds).
    """
    scope = require_any(actor, Permission.TIP_HANDLE)
    q = Q() if scope.everywhere else Q(department_id__in=list(scope.department_ids))
    if department_id is not None:
        q &= Q(department_id=department_id)
    if state:
        if state not in {s.value for s in TrackState}:
            raise InvalidInput("未知的办理状态。", field="state")
        q &= Q(state=state)
    if kind:
        if kind not in {k.value for k in TipKind}:
            raise InvalidInput("未知的类型。", field="kind")
        q &= Q(kind=kind)
    today = clock.today()
    if due == "overdue":
        q &= Q(current_due__lt=today)
    elif due == "soon":
        q &= Q(current_due__gte=today, current_due__lte=soon_threshold(today))
    elif due:
        raise InvalidInput("未知的期限筛选。", field="due")
    tracks = await (TipTrack.filter(q).select_related("tip")
                    .order_by("current_due", "id").limit(min(max(limit, 1), 200)))
    ids = {t.tip.enterprise_id for t in tracks if t.tip.enterprise_id}
    names = {e.id: e.name for e in await Enterprise.filter(id__in=list(ids)).only("id", "name")}
    grounds = await _ground_labels()
    return [TrackRow(track_view(t, grounds, today), CATEGORIES.get(t.tip.category, t.tip.category),
                     names.get(t.tip.enterprise_id or 0, ""), t.tip.duplicate_of_id is not None)
            for t in tracks]


@dataclass(frozen=True)
class PublicComplaint:
    enterprise_id: int
    category: str
    outcome: str


def _public_q() -> Q:
    return Q(kind=TipKind.COMPLAINT, state=TrackState.CLOSED, published_at__isnull=False,
             outcome__isnull=False, tip__consent_publication=True, tip__enterprise_id__isnull=False)


async def public_complaints(enterprise_ids: Sequence[int]) -> list[list[PublicComplaint]]:
    """DataLoader batch: each enterprise's published complaints (category and outcome only)."""
    rows = await (TipTrack.filter(_public_q(), tip__enterprise_id__in=list(set(enterprise_ids)))
                  .order_by("-published_at", "-id")
                  .values("tip__enterprise_id", "tip__category", "outcome"))
    out: dict[int, list[PublicComplaint]] = {i: [] for i in enterprise_ids}
    for r in rows:
        out[r["tip__enterprise_id"]].append(PublicComplaint(
            r["tip__enterprise_id"], CATEGORIES.get(r["tip__category"], "其他"),
            OUTCOMES[TipKind.COMPLAINT].get(r["outcome"], "")))
    return [out[i] for i in enterprise_ids]


async def public_complaint_counts(enterprise_ids: Sequence[int]) -> list[int]:
    """DataLoader batch: how many published complaints each enterprise has."""
    rows = await (TipTrack.filter(_public_q(), tip__enterprise_id__in=list(set(enterprise_ids)))
                  .annotate(n=Count("id")).group_by("tip__enterprise_id")
                  .values("tip__enterprise_id", "n"))
    counts = {r["tip__enterprise_id"]: r["n"] for r in rows}
    return [counts.get(i, 0) for i in enterprise_ids]
