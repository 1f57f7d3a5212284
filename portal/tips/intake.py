"""Public intake: submit a tip, follow it up with the receipt code, add messages and files.

Callers are anonymous members of the public (:data:`PUBLIC`). Nothing here takes or stores an
address: rate limits use :func:`portal.tips.abuse.client_key`. Every text the submitter wrote is
sealed before it reaches the database; audit entries name only ids, kinds and the category.

Audit actions: ``tip.submit``, ``tip.message`` (subject ``tip``). No outbox event: nothing of a
tip is public (complaint publication is a separate, reviewed step in ``services``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeTimedSerializer
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from portal.config import get_settings
from portal.core import audit, clock
from portal.core.actors import Actor, ActorKind
from portal.core.errors import InvalidInput, NotFound
from portal.enterprises.models import Enterprise
from portal.enterprises.queries import enterprise_by_code
from portal.reference.models import Department, Region
from portal.tips import keys, receipts
from portal.tips.abuse import limiter
from portal.tips.catalogue import CATEGORIES
from portal.tips.clocks import due_after
from portal.tips.files import CheckedFile, Upload, check_files
from portal.tips.models import Author, Tip, TipAttachment, TipKind, TipMessage, TipTrack

PUBLIC = Actor(id="public", kind=ActorKind.PUBLIC, display_name="公众")
UNKNOWN_RECEIPT = "回执码不正确，或该事项不存在。"
PASS_MAX_AGE = 20 * 60  # seconds a follow-up pass stays valid
DUPLICATE_WINDOW = dt.timedelta(days=30)


@dataclass
class Submission:
    kinds: set[TipKind]
    enterprise: str
    category: str
    place: str
    occurred: str
    description: str
    identity: str = ""
    contact: str = ""
    consent_publication: bool = False
    reward_claim: bool = False
    files: list[Upload] = field(default_factory=list)


@dataclass(frozen=True)
class Receipt:
    code: str  # shown once, never stored
    tip_id: int

    @property
    def display(self) -> str:
        return receipts.display(self.code)


def _text(value: str, label: str, name: str, most: int, required: bool = True) -> str:
    text = unicodedata.normalize("NFC", value or "").strip()
    if required and not text:
        raise InvalidInput(f"请填写{label}。", field=name)
    if len(text) > most:
        raise InvalidInput(f"{label}过长（最多{most}字）。", field=name)
    return text


def _validate(sub: Submission) -> Submission:
    if not sub.kinds:
        raise InvalidInput("请选择举报、投诉或两者。", field="kinds")
    if sub.category not in CATEGORIES:
        raise InvalidInput("请选择问题类别。", field="category")
    most = get_settings().tips_max_text_chars
    return Submission(
        kinds=set(sub.kinds), category=sub.category,
        enterprise=_text(sub.enterprise, "被举报/投诉的市场主体（统一社会信用代码或名称）", "enterprise", 200),
        place=_text(sub.place, "地点", "place", 200), occurred=_text(sub.occurred, "时间", "occurred", 100),
        description=_text(sub.description, "事实描述", "description", most),
        identity=_text(sub.identity, "身份信息", "identity", 200, required=False),
        contact=_text(sub.contact, "联系方式", "contact", 200, required=False),
        consent_publication=sub.consent_publication and TipKind.COMPLAINT in sub.kinds,
        reward_claim=sub.reward_claim and TipKind.REPORT in sub.kinds, files=sub.files,
    )


async def _lookup(text: str) -> Enterprise | None:
    """A credit code (or old registration number) must exist; a name matches if unambiguous."""
    compact = text.replace(" ", "").upper()
    if len(compact) in (15, 18) and compact.isalnum() and any(c.isdigit() for c in compact):
        try:
            return await enterprise_by_code(compact)
        except NotFound:
            raise InvalidInput("未找到该统一社会信用代码对应的市场主体，请核对或改填名称。",
                               field="enterprise") from None
    exact = await Enterprise.filter(name=text).limit(2)
    if len(exact) == 1:
        return exact[0]
    near = await Enterprise.filter(name__contains=text).limit(2) if len(text) >= 4 else []
    return near[0] if len(near) == 1 else None


async def route(enterprise: Enterprise | None) -> int | None:
    """The department of the enterprise's region (or its parent region); None: unrouted."""
    code = enterprise.region_id if enterprise is not None else None  # type: ignore[attr-defined]
    while code:
        found = await Department.filter(region_id=code).order_by("id").first()
        if found is not None:
            return found.id
        region = await Region.get_or_none(code=code)
        code = region.parent_id if region is not None else None  # type: ignore[attr-defined]
    return None


def fingerprint(enterprise: str, description: str) -> str:
    normal = "".join(unicodedata.normalize("NFKC", f"{enterprise}|{description}").split()).lower()
    return hmac.new(keys.derived_secret("fingerprint"), normal.encode(), hashlib.sha256).hexdigest()


async def _hash(code: str) -> str:
    return await asyncio.to_thread(receipts.receipt_hash, code, keys.receipt_salt(), keys.receipt_cost())


async def _attach(conn: BaseDBAsyncClient, tip: Tip, author: Author, files: list[CheckedFile]) -> None:
    now = clock.now()
    for f in files:
        row = await TipAttachment.create(tip=tip, author=author, name=b"", media_type=f.media_type,
                                         size=len(f.data), content=b"", created_at=now,
                                         using_db=conn)
        row.name = keys.seal_text(f.name, f"tip_attachment:{row.id}:name")
        row.content = keys.seal_bytes(f.data, f"tip_attachment:{row.id}:content")
        await row.save(update_fields=["name", "content"], using_db=conn)


async def submit(sub: Submission, *, client: str) -> Receipt:
    """Register a submission: one track per kind, each with its own clocks. Anyone may call.

    Audit ``tip.submit``. Returns the receipt code, which exists nowhere else afterwards.
    """
    await limiter().hit_submit(client)
    sub = _validate(sub)
    files = check_files(sub.files)
    enterprise = await _lookup(sub.enterprise)
    department = await route(enterprise)
    today, now = clock.today(), clock.now()
    print_ = fingerprint(sub.enterprise if enterprise is None else enterprise.uscc, sub.description)
    earlier = await Tip.filter(fingerprint=print_, created_at__gte=now - DUPLICATE_WINDOW).first()
    accept_due = await due_after("accept", today)
    verify_due = await due_after("verify", today)
    code = receipts.new_code()
    digest = await _hash(code)
    async with in_transaction() as conn:
        tip = await Tip.create(
            receipt_hash=digest, created_at=now, enterprise_id=enterprise.id if enterprise else None,
            category=sub.category, place=b"", occurred=b"", description=b"",
            consent_publication=sub.consent_publication, reward_claim=sub.reward_claim,
            fingerprint=print_, duplicate_of_id=earlier.id if earlier else None, using_db=conn,
        )
        tip.enterprise_text = keys.seal_text(sub.enterprise, f"tip:{tip.id}:enterprise")
        tip.place = keys.seal_text(sub.place, f"tip:{tip.id}:place")
        tip.occurred = keys.seal_text(sub.occurred, f"tip:{tip.id}:occurred")
        tip.description = keys.seal_text(sub.description, f"tip:{tip.id}:description")
        tip.identity = keys.seal_text(sub.identity, f"tip:{tip.id}:identity") if sub.identity else None
        tip.contact = keys.seal_text(sub.contact, f"tip:{tip.id}:contact") if sub.contact else None
        await tip.save(using_db=conn)
        for kind in sorted(sub.kinds):
            await TipTrack.create(
                tip=tip, kind=kind, department_id=department, registered_on=today,
                accept_due=accept_due, current_due=accept_due, updated_at=now,
                handling_due=verify_due if kind == TipKind.REPORT else None, using_db=conn,
            )
        await _attach(conn, tip, Author.SUBMITTER, files)
        await audit.record(conn, PUBLIC, "tip.submit", "tip", tip.id, after={
            "kinds": sorted(sub.kinds), "category": sub.category, "department_id": department,
            "enterprise_id": tip.enterprise_id, "attachments": len(files),
            "anonymous": not sub.identity, "duplicate_of": tip.duplicate_of_id,
        })
    return Receipt(code, tip.id)


async def authorise(code: str, *, client: str) -> int:
    """The tip id a receipt code opens. Rate-limited per client; a wrong code and an unknown one
    get the same answer after the same work (one Argon2id hash either way)."""
    await limiter().hit_follow_up(client)
    try:
        normal = receipts.normalise(code)
    except InvalidInput:
        raise NotFound(UNKNOWN_RECEIPT, field="receipt") from None
    tip = await Tip.get_or_none(receipt_hash=await _hash(normal)).only("id")
    if tip is None:
        raise NotFound(UNKNOWN_RECEIPT, field="receipt")
    return tip.id


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(keys.derived_secret("follow-up-pass"), salt="tip-pass")


def make_pass(tip_id: int) -> str:
    """A short-lived pass for the follow-up pages, so the code is not re-entered per click."""
    return _serializer().dumps(tip_id)


def read_pass(token: str | None) -> int:
    try:
        value = _serializer().loads(token or "", max_age=PASS_MAX_AGE)
    except BadSignature:
        raise NotFound("跟进页面已超时，请重新输入回执码。", field="receipt") from None
    if not isinstance(value, int):
        raise NotFound("跟进页面已超时，请重新输入回执码。", field="receipt")
    return value


async def add_message(tip_id: int, body: str, uploads: list[Upload] | None = None) -> TipMessage:
    """The submitter adds a message (and files) to their tip. Audit ``tip.message``."""
    text = _text(body, "留言内容", "body", get_settings().tips_max_text_chars, required=not uploads)
    files = check_files(uploads or [])
    tip = await Tip.get_or_none(id=tip_id)
    if tip is None:
        raise NotFound(UNKNOWN_RECEIPT, field="receipt")
    async with in_transaction() as conn:
        message = await TipMessage.create(tip=tip, author=Author.SUBMITTER, body=b"",
                                          created_at=clock.now(), using_db=conn)
        message.body = keys.seal_text(text, f"tip_message:{message.id}:body")
        await message.save(update_fields=["body"], using_db=conn)
        await _attach(conn, tip, Author.SUBMITTER, files)
        await audit.record(conn, PUBLIC, "tip.message", "tip", tip.id,
                           after={"author": "submitter", "attachments": len(files)})
    return message
