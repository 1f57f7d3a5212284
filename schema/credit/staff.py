"""Credit repair in the staff schema: the queue and the officer's steps (``credit.handle``)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from portal.credit import objections, repairs, statements
from portal.enterprise_accounts import services as accounts
from schema.credit.selfservice_types import (
    ObjectionType,
    RepairApplicationType,
    StatementType,
)
from schema.credit.staff_types import (
    QueueFilterInput,
    QueueObjectionType,
    QueueRepairType,
    QueueStatementType,
    parsed,
)
from schema.errors import domain_errors, parse_id
from schema.identity.context import StaffInfo
from schema.identity.mutations import expected_errors
from schema.identity.types import MutationErrorType
from schema.pagination import Connection, paginate


@strawberry.type(name="StaffCreditRepairPayload")
class StaffRepairPayload:
    application: RepairApplicationType


@strawberry.type(name="StaffStatementPayload")
class StaffStatementPayload:
    statement: StatementType


@strawberry.type(name="StaffObjectionPayload")
class StaffObjectionPayload:
    objection: ObjectionType


@strawberry.type(name="EnterpriseBindingPayload")
class EnterpriseBindingPayload:
    account_id: strawberry.ID
    administrator: bool


@strawberry.type(name="BindingCodePayload", description="一次性绑定码，仅显示一次")
class BindingCodePayload:
    code: str
    expires_at: str


StaffRepairResult = Annotated[StaffRepairPayload | MutationErrorType,
                              strawberry.union("StaffCreditRepairResult")]
StaffStatementResult = Annotated[StaffStatementPayload | MutationErrorType,
                                 strawberry.union("StaffStatementResult")]
StaffObjectionResult = Annotated[StaffObjectionPayload | MutationErrorType,
                                 strawberry.union("StaffObjectionResult")]
EnterpriseBindingResult = Annotated[EnterpriseBindingPayload | MutationErrorType,
                                    strawberry.union("EnterpriseBindingResult")]
BindingCodeResult = Annotated[BindingCodePayload | MutationErrorType,
                              strawberry.union("BindingCodeResult")]


@strawberry.type
class CreditStaffQuery:
    @strawberry.field(description="本人有权办理的部门中的信用修复申请；办理中的最早到期在前，"
                                  "已办结与全部为最新提交在前。")
    @domain_errors
    async def credit_repair_queue(self, info: StaffInfo, filter: QueueFilterInput | None = None,
                                  first: int | None = None, after: str | None = None
                                  ) -> Connection[QueueRepairType]:
        found = repairs.queue(info.context.actor, parsed(filter))
        return await paginate(found.qs, found.order, first, after, QueueRepairType.of)

    @strawberry.field(description="本人有权办理的部门中的企业情况说明；待审核的最早提交在前。")
    @domain_errors
    async def credit_statement_queue(self, info: StaffInfo, filter: QueueFilterInput | None = None,
                                     first: int | None = None, after: str | None = None
                                     ) -> Connection[QueueStatementType]:
        found = statements.statement_queue(info.context.actor, parsed(filter))
        return await paginate(found.qs, found.order, first, after, QueueStatementType.of)

    @strawberry.field(description="本人有权办理的部门中的异议；待处理的最早提交在前。")
    @domain_errors
    async def credit_objection_queue(self, info: StaffInfo, filter: QueueFilterInput | None = None,
                                     first: int | None = None, after: str | None = None
                                     ) -> Connection[QueueObjectionType]:
        found = objections.objection_queue(info.context.actor, parsed(filter))
        return await paginate(found.qs, found.order, first, after, QueueObjectionType.of)


@strawberry.type
class CreditStaffMutation:
    @strawberry.mutation(description="办理信用修复申请：accept 受理、return 退回补正、review 审核、"
                                     "approve 准予（停止公示）、refuse 不予。")
    @expected_errors
    async def handle_credit_repair(self, info: StaffInfo, id: strawberry.ID, action: str,
                                   reason: str = "") -> StaffRepairResult:
        app = await repairs.handle(info.context.actor, parse_id(id), action, reason=reason)
        return StaffRepairPayload(application=RepairApplicationType.of(app, list(await app.steps.all())))

    @strawberry.mutation(description="审核企业情况说明：通过后公开显示于记录旁。")
    @expected_errors
    async def moderate_statement(self, info: StaffInfo, id: strawberry.ID, approve: bool,
                                 reason: str = "") -> StaffStatementResult:
        row = await statements.moderate_statement(info.context.actor, parse_id(id), approve, reason)
        return StaffStatementPayload(statement=StatementType.of(row))

    @strawberry.mutation(description="处理异议：成立时写明更正内容，进入发布流程更正。")
    @expected_errors
    async def decide_objection(self, info: StaffInfo, id: strawberry.ID, uphold: bool,
                               reason: str, correction: str = "") -> StaffObjectionResult:
        row = await objections.decide_objection(info.context.actor, parse_id(id), uphold, reason,
                                                correction)
        return StaffObjectionPayload(objection=ObjectionType.of(row))

    @strawberry.mutation(description="核验企业用户与统一社会信用代码的绑定。")
    @expected_errors
    async def verify_enterprise_account(self, info: StaffInfo, id: strawberry.ID, reason: str = ""
                                        ) -> EnterpriseBindingResult:
        account = await accounts.verify_binding(info.context.actor, parse_id(id), reason=reason)
        return EnterpriseBindingPayload(account_id=strawberry.ID(str(account.id)),
                                        administrator=account.is_admin)

    @strawberry.mutation(description="为企业发放一次性绑定码（仅显示一次，30天有效）。")
    @expected_errors
    async def issue_binding_code(self, info: StaffInfo, uscc: str) -> BindingCodeResult:
        row, code = await accounts.issue_binding_code(info.context.actor, uscc)
        return BindingCodePayload(code=code, expires_at=row.expires_at.isoformat())
