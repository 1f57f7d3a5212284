"""Enterprise self-service in the public schema: authenticated by the enterprise session.

The actor comes from the context (set by the /my channel from the enterprise session); on the
anonymous /graphql endpoint it is absent and every field here answers "请先以企业用户身份登录".
Resolvers only ever pass the actor to the domain, which reads the enterprise from it: no
argument can name another enterprise.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

import strawberry

from portal.core.errors import InvalidInput
from portal.credit import mine, objections, repairs, statements, statistics
from portal.credit.attachments import MAX_BYTES, Upload
from portal.enterprise_accounts import services as accounts
from schema.context import PublicInfo
from schema.credit.selfservice_types import (
    EligibilityType,
    MyEnterpriseType,
    ObjectionType,
    RepairApplicationType,
    RepairStatisticsType,
    StatementType,
)
from schema.errors import domain_errors, parse_id
from schema.identity.mutations import expected_errors
from schema.identity.types import MutationErrorType


@strawberry.input(description="证明材料：文件名与 Base64 内容（PDF、PNG、JPEG）")
class AttachmentInput:
    filename: str
    content_base64: str


@strawberry.input(description="信用修复申请")
class CreditRepairInput:
    record_kind: str = strawberry.field(description="penalty 或 list_entry")
    record_id: strawberry.ID
    commitment: str = strawberry.field(description="信用承诺书全文")
    performance: str = ""
    attachments: list[AttachmentInput] = strawberry.field(default_factory=list)


def uploads(items: list[AttachmentInput]) -> list[Upload]:
    out = []
    for item in items:
        if len(item.content_base64) > MAX_BYTES * 4 // 3 + 8:
            raise InvalidInput(f"附件“{item.filename}”过大。", field="attachments")
        try:
            out.append(Upload(item.filename, base64.b64decode(item.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            raise InvalidInput(f"附件“{item.filename}”不是有效的 Base64 内容。",
                               field="attachments") from None
    return out


@strawberry.type(name="CreditRepairPayload")
class RepairPayload:
    application: RepairApplicationType


@strawberry.type(name="StatementPayload")
class StatementPayload:
    statement: StatementType


@strawberry.type(name="ObjectionPayload")
class ObjectionPayload:
    objection: ObjectionType


@strawberry.type(name="BindingPayload")
class BindingPayload:
    verified: bool
    administrator: bool


RepairResult = Annotated[RepairPayload | MutationErrorType, strawberry.union("CreditRepairResult")]
StatementResult = Annotated[StatementPayload | MutationErrorType, strawberry.union("StatementResult")]
ObjectionResult = Annotated[ObjectionPayload | MutationErrorType, strawberry.union("ObjectionResult")]
BindingResult = Annotated[BindingPayload | MutationErrorType, strawberry.union("BindingResult")]


@strawberry.type
class SelfServiceQuery:
    @strawberry.field(description="（企业用户）本企业的全部信用记录、修复申请与本年度检查次数。")
    @domain_errors
    async def my_enterprise(self, info: PublicInfo) -> MyEnterpriseType:
        return MyEnterpriseType.of(await mine.overview(info.context.enterprise))

    @strawberry.field(description="（企业用户）某条记录能否申请信用修复，及原因。")
    @domain_errors
    async def repair_eligibility(self, info: PublicInfo, record_kind: str,
                                 record_id: strawberry.ID) -> EligibilityType:
        return EligibilityType.of(await repairs.check_eligibility(
            info.context.enterprise, record_kind, parse_id(record_id, "recordId")))

    @strawberry.field(description="（企业用户）本企业的一份信用修复申请及每一步办理情况。")
    @domain_errors
    async def my_repair_application(self, info: PublicInfo, id: strawberry.ID
                                    ) -> RepairApplicationType:
        app = await repairs.application_of(info.context.enterprise, parse_id(id))
        return RepairApplicationType.of(app, list(await app.steps.all()))

    @strawberry.field(description="各部门信用修复申请及办理结果统计（公开）。")
    @domain_errors
    async def credit_repair_statistics(self, year: int | None = None) -> list[RepairStatisticsType]:
        return [RepairStatisticsType.of(s) for s in await statistics.repair_statistics(year)]


@strawberry.type
class SelfServiceMutation:
    @strawberry.mutation(description="（企业用户）提交信用修复申请；不符合条件时返回原因。")
    @expected_errors
    async def apply_for_credit_repair(self, info: PublicInfo, input: CreditRepairInput
                                      ) -> RepairResult:
        app = await repairs.apply(
            info.context.enterprise, input.record_kind, parse_id(input.record_id, "recordId"),
            commitment=input.commitment, performance=input.performance,
            uploads=uploads(input.attachments))
        return RepairPayload(application=RepairApplicationType.of(app, []))

    @strawberry.mutation(description="（企业用户）退回补正后补充材料并重新提交。")
    @expected_errors
    async def resubmit_credit_repair(self, info: PublicInfo, id: strawberry.ID,
                                     performance: str = "",
                                     attachments: list[AttachmentInput] | None = None
                                     ) -> RepairResult:
        app = await repairs.resubmit(info.context.enterprise, parse_id(id),
                                     performance=performance, uploads=uploads(attachments or []))
        return RepairPayload(application=RepairApplicationType.of(app, []))

    @strawberry.mutation(description="（企业用户）为一条记录提交情况说明，经审核后公开显示。")
    @expected_errors
    async def submit_statement(self, info: PublicInfo, record_kind: str, record_id: strawberry.ID,
                               text: str) -> StatementResult:
        row = await statements.submit_statement(info.context.enterprise, record_kind,
                                                parse_id(record_id, "recordId"), text)
        return StatementPayload(statement=StatementType.of(row))

    @strawberry.mutation(description="（企业用户）对记录内容或公示期限提出异议。")
    @expected_errors
    async def submit_objection(self, info: PublicInfo, record_kind: str, record_id: strawberry.ID,
                               ground: str, text: str) -> ObjectionResult:
        row = await objections.submit_objection(info.context.enterprise, record_kind,
                                                parse_id(record_id, "recordId"), ground, text)
        return ObjectionPayload(objection=ObjectionType.of(row))

    @strawberry.mutation(description="（企业用户）输入登记机关发放的一次性绑定码，完成企业绑定。")
    @expected_errors
    async def redeem_binding_code(self, info: PublicInfo, code: str) -> BindingResult:
        from portal.enterprise_accounts.principals import EnterpriseActor, NotBound

        actor = info.context.enterprise
        if not isinstance(actor, EnterpriseActor):
            raise NotBound("请先以企业用户身份登录。")
        account = await accounts.redeem_binding_code(actor, code)
        return BindingPayload(verified=True, administrator=account.is_admin)
