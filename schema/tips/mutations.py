"""Public tip mutations: submit, follow up and add a message with the receipt code (POST only).

Rate limits key on a keyed hash of the client address (never the address itself); expected
failures are GraphQL errors with ``extensions.code`` (invalid_input, not_found, rate_limited).
"""

from __future__ import annotations

import base64
import binascii

import strawberry

from portal.core.errors import InvalidInput
from portal.tips import intake, queries
from portal.tips.abuse import client_key
from portal.tips.files import Upload
from schema.context import PublicInfo
from schema.errors import domain_errors
from schema.tips.types import TipKindEnum, TipReceiptType, TipStatusType


@strawberry.input(description="附件：文件名与 Base64 内容（类型按内容识别）")
class TipFileInput:
    name: str
    content_base64: str


@strawberry.input(description="提交举报/投诉")
class SubmitTipInput:
    kinds: list[TipKindEnum]  # type: ignore[valid-type]
    enterprise: str = strawberry.field(description="统一社会信用代码或名称")
    category: str = strawberry.field(description="类别代码，如 food、pricing、consumer_rights")
    place: str
    occurred: str
    description: str
    identity: str = ""
    contact: str = ""
    consent_publication: bool = False
    reward_claim: bool = False
    attachments: list[TipFileInput] = strawberry.field(default_factory=list)


def _client(info: PublicInfo) -> str:
    request = info.context.request
    client = getattr(request, "client", None)
    return client_key(client.host if client else None)


def _files(items: list[TipFileInput]) -> list[Upload]:
    out = []
    for item in items:
        try:
            out.append(Upload(item.name, base64.b64decode(item.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            raise InvalidInput(f"附件“{item.name[:60]}”不是有效的 Base64 内容。",
                               field="attachments") from None
    return out


@strawberry.type
class TipMutation:
    @strawberry.mutation(description="提交举报/投诉；回执码只返回这一次。")
    @domain_errors
    async def submit_tip(self, info: PublicInfo, input: SubmitTipInput) -> TipReceiptType:
        receipt = await intake.submit(intake.Submission(
            kinds=set(input.kinds), enterprise=input.enterprise, category=input.category,
            place=input.place, occurred=input.occurred, description=input.description,
            identity=input.identity, contact=input.contact,
            consent_publication=input.consent_publication, reward_claim=input.reward_claim,
            files=_files(input.attachments)), client=_client(info))
        return TipReceiptType(receipt=receipt.code, receipt_display=receipt.display)

    @strawberry.mutation(description="凭回执码查询办理情况（错误的回执码与不存在的同样处理，并限制尝试次数）。")
    @domain_errors
    async def follow_up_tip(self, info: PublicInfo, receipt: str) -> TipStatusType:
        tip_id = await intake.authorise(receipt, client=_client(info))
        return TipStatusType.of(await queries.submitter_view(tip_id))

    @strawberry.mutation(description="凭回执码补充留言和材料。")
    @domain_errors
    async def add_tip_message(self, info: PublicInfo, receipt: str, body: str,
                              attachments: list[TipFileInput] | None = None) -> TipStatusType:
        tip_id = await intake.authorise(receipt, client=_client(info))
        await intake.add_message(tip_id, body, _files(attachments or []))
        return TipStatusType.of(await queries.submitter_view(tip_id))
