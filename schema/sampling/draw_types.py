"""GraphQL (public): a task's draw — commitment, frame, strata, result, and its verification.

Built only from :class:`portal.sampling.queries.PublicDraw`: no risk grade, no stratum
membership, no conflict declaration and no seed before the draw can appear here.
"""

from __future__ import annotations

import datetime as dt

import strawberry

from portal.sampling import queries, verification
from portal.sampling.queries import PublicDraw
from schema.errors import parse_id


@strawberry.type(name="DrawStratum", description="抽取分层（层名不透露风险等级）")
class DrawStratumType:
    label: str
    size: int
    quota: int
    ratio_percent: str


@strawberry.type(name="DrawExclusion", description="确定名录前的排除规则及排除户数")
class DrawExclusionType:
    rule: str
    text: str
    count: int


@strawberry.type(name="DrawInspector", description="检查人员名录（执法证号与资格）")
class DrawInspectorType:
    certificate_no: str
    qualifications: list[str]


@strawberry.type(name="DrawPick", description="抽中对象（按层、按抽取顺序）")
class DrawPickType:
    stratum: str
    position: int
    uscc: str
    key: str
    inspectors: list[str] = strawberry.field(description="分配的检查人员执法证号，按分配顺序")
    recusals: int = strawberry.field(description="该对象因利害关系回避的检查人员人数")


@strawberry.type(name="DrawCutoff")
class DrawCutoffType:
    label: str
    key: str | None


@strawberry.type(name="DrawVerification", description="按公开数据重新计算的核验结论")
class DrawVerificationType:
    ok: bool
    drawn: bool
    problems: list[str]


@strawberry.type(name="SamplingDraw", description="抽查任务的可验证随机抽取（SSP-DRAW-v1）")
class SamplingDrawType:
    task_id: strawberry.ID
    algorithm: str
    seed_commitment: str
    frame_digest: str = strawberry.field(description="分层名录（内部）的 SHA-256 摘要")
    codes_digest: str = strawberry.field(description="公开名录（信用代码，排序）的 SHA-256 摘要")
    frame_size: int
    frame_codes: list[str]
    strata: list[DrawStratumType]
    exclusions: list[DrawExclusionType]
    inspector_frame: list[DrawInspectorType]
    inspector_frame_digest: str
    required_qualifications: list[str]
    inspectors_per_target: int
    per_inspector_limit: int | None
    committed_at: dt.datetime
    seed: str | None = strawberry.field(description="抽取后公布的随机种子（十六进制）")
    drawn_at: dt.datetime | None
    picks: list[DrawPickType]
    cutoffs: list[DrawCutoffType]
    _record: strawberry.Private[PublicDraw]

    @strawberry.field(description="用公开数据重新计算并核对；任何人都可独立重复")
    def verification(self) -> DrawVerificationType:
        problems = verification.check_public(self._record)
        return DrawVerificationType(ok=not problems, drawn=self.seed is not None,
                                    problems=problems)

    @classmethod
    def of(cls, d: PublicDraw) -> SamplingDrawType:
        picks, n = [], 0
        for label in sorted(d.selected):
            for code, key in d.selected[label]:
                picks.append(DrawPickType(stratum=label, position=n, uscc=code, key=key,
                                          inspectors=d.assignments.get(code, []),
                                          recusals=d.recusal_counts.get(code, 0)))
                n += 1
        return cls(
            task_id=strawberry.ID(str(d.task_id)), algorithm=d.algorithm,
            seed_commitment=d.seed_commitment, frame_digest=d.frame_digest,
            codes_digest=d.codes_digest, frame_size=len(d.frame_codes),
            frame_codes=d.frame_codes,
            strata=[DrawStratumType(label=str(s["label"]), size=int(s["size"]),
                                    quota=int(s["quota"]), ratio_percent=str(s["ratio"]))
                    for s in d.strata],
            exclusions=[DrawExclusionType(rule=str(e["rule"]), text=str(e["text"]),
                                          count=int(e["count"])) for e in d.exclusions],
            inspector_frame=[DrawInspectorType(certificate_no=c, qualifications=sorted(q))
                             for c, q in d.inspector_frame],
            inspector_frame_digest=d.inspector_frame_digest,
            required_qualifications=sorted(d.required_qualifications),
            inspectors_per_target=d.inspectors_per_target,
            per_inspector_limit=d.per_inspector_limit, committed_at=d.committed_at,
            seed=d.seed, drawn_at=d.drawn_at, picks=picks,
            cutoffs=[DrawCutoffType(label=k, key=v) for k, v in sorted(d.cutoffs.items())],
            _record=d,
        )


@strawberry.type
class DrawQuery:
    @strawberry.field(description="一个已公开抽查任务的随机抽取记录（未公布承诺时为空）。")
    async def sampling_draw(self, task_id: strawberry.ID) -> SamplingDrawType | None:
        found = await queries.public_draw(parse_id(task_id, "taskId"))
        return None if found is None else SamplingDrawType.of(found)
