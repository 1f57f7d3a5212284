"""Regulations (the three real page captures plus a few invented notices) and complaint channels.

The captures go through the real importer with the curated metadata kept next to them
(data/regulations/metadata.json). Invented documents and addresses say so in the text, so
demo content can never be mistaken for a real publication.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from portal.channels.models import ChannelKind, ComplaintChannel
from portal.core.publication import PublicationState
from portal.demo.common import PUBLISHED, Ctx, at, rng
from portal.demo.places import PLACE_BY_REGION
from portal.demo.reference import DATA_DIR
from portal.reference.models import Department, Region
from portal.regulations.importer import import_capture
from portal.regulations.models import Regulation, Validity

CAPTURES = DATA_DIR / "regulations"
INVENTED = "示例数据：虚构文件，仅用于演示"


async def import_captures(ctx: Ctx) -> int:
    table = json.loads((CAPTURES / "metadata.json").read_text(encoding="utf-8"))["documents"]
    for file_name, entry in sorted(table.items()):
        await import_capture(
            CAPTURES / file_name, overrides=entry["metadata"],
            department=await Department.get(name=entry["department"]),
            region=await Region.get(code=entry["region"]),
        )
    return len(table)


@dataclass(frozen=True)
class Notice:
    title: str
    doc_number: str
    issuer: str
    region: str
    years_back: int
    month: int
    validity: Validity = Validity.VALID
    state: PublicationState = PUBLISHED


def _notices(year: int) -> tuple[Notice, ...]:
    return (
        Notice("义乌市市场监督管理局关于印发《义乌市市场监管领域“双随机、一公开”监管工作实施细则》的通知",
               f"义市监〔{year - 2}〕18号", "义乌市市场监督管理局", "330782", 2, 3),
        Notice("金华市市场监督管理局关于公布市场监管领域部门联合抽查事项清单的通知",
               f"金市监〔{year - 1}〕6号", "金华市市场监督管理局", "330700", 1, 2),
        Notice("金华市市场监督管理局关于印发《市场监管领域信用修复工作指引》的通知",
               f"金市监〔{year - 1}〕21号", "金华市市场监督管理局", "330700", 1, 6),
        Notice("浙江省市场监督管理局关于印发《行政处罚信息公示实施办法（试行）》的通知",
               f"浙市监〔{year - 6}〕9号", "浙江省市场监督管理局", "330000", 6, 5, Validity.REPEALED),
        Notice("浙江省市场监督管理局关于进一步规范行政处罚信息公示工作的通知",
               f"浙市监〔{year - 3}〕15号", "浙江省市场监督管理局", "330000", 3, 9, Validity.AMENDED),
        Notice("德惠市市场监督管理局关于开展食品安全“双随机”抽查工作的公告",
               f"德市监告〔{year - 1}〕2号", "德惠市市场监督管理局", "220183", 1, 3),
        Notice("鄂州市市场监督管理局关于印发《经营异常名录管理工作规程》的通知",
               f"鄂州市监规〔{year - 2}〕1号", "鄂州市市场监督管理局", "420700", 2, 8),
        Notice("义乌市市场监督管理局关于调整重点检查事项清单的通知（征求意见稿）", "",
               "义乌市市场监督管理局", "330782", 0, 1, state=PublicationState.DRAFT),
    )


_BODY = (
    "各有关单位：",
    "为贯彻落实国务院关于加强和规范事中事后监管的部署，推进“双随机、一公开”监管和信用监管，"
    "结合本地实际，现就有关事项通知如下。",
    "一、抽查检查结果、行政处罚信息和经营异常名录、严重违法失信名单信息，依法通过国家企业信用信息公示系统"
    "和本门户向社会公示，公示期限按规则表执行。",
    "二、各级市场监管部门应当按照“谁检查、谁录入、谁公开”的原则，在规定期限内录入并公开检查结果。",
    "三、市场主体对公示信息有异议的，可以依法提出异议；符合条件的，可以申请信用修复。",
    f"（{INVENTED}。）",
)


async def build_regulations(ctx: Ctx) -> None:
    rnd = rng("regulations")
    imported = await import_captures(ctx)
    rows = []
    for notice in _notices(ctx.today.year):
        issued = dt.date(ctx.today.year - notice.years_back, notice.month, rnd.randint(3, 25))
        issued = min(issued, ctx.days_ago(10))
        published = notice.state is PUBLISHED
        rows.append(Regulation(
            title=notice.title, doc_number=notice.doc_number, issuer=notice.issuer,
            department_id=ctx.departments[notice.issuer], region_id=notice.region,
            issued_on=issued, effective_on=issued + dt.timedelta(days=30), validity=notice.validity,
            body="\n".join(_BODY), source_note=INVENTED, publication_state=notice.state,
            published_at=at(issued + dt.timedelta(days=rnd.randint(1, 5)), rnd) if published else None,
        ))
    await Regulation.bulk_create(rows)
    ctx.counts["规章与规范性文件"] = imported + len(rows)


async def build_channels(ctx: Ctx) -> None:
    """National hotlines and platform, then mail and service halls of a few bureaus."""
    since = at(ctx.days_ago(900))
    national = ctx.departments["国家市场监督管理总局"]
    rows = [
        ComplaintChannel(name="12345 政务服务便民热线", kind=ChannelKind.HOTLINE, contact="12345",
                         hours="全天24小时", sort_order=10,
                         scope="受理企业和群众的各类非紧急诉求，包括市场监管领域的投诉、举报和咨询，按职责转交承办部门办理并反馈。"),
        ComplaintChannel(name="12315 消费者投诉举报热线", kind=ChannelKind.HOTLINE, contact="12315",
                         hours="工作日 8:30—12:00，13:30—17:30（各地以当地公布时间为准）", sort_order=20,
                         department_id=national,
                         scope="受理消费者投诉、违法行为举报和咨询；投诉进行调解，举报依法核查处理。"),
        ComplaintChannel(name="全国12315平台（网站、移动端）", kind=ChannelKind.WEB,
                         contact="https://www.12315.cn", hours="全天可在线提交", sort_order=30,
                         department_id=national,
                         scope="在线提交消费投诉、举报线索，查询处理进度；支持企业在线和解（ODR）。"),
    ]
    halls = (("义乌市市场监督管理局", "330782"), ("东阳市市场监督管理局", "330783"),
             ("德惠市市场监督管理局", "220183"), ("鄂州市市场监督管理局", "420700"))
    for index, (name, region) in enumerate(halls):
        place = PLACE_BY_REGION.get(region)
        postcode = place.postcode if place else "436000"
        dept = ctx.departments[name]
        rows += [
            ComplaintChannel(name=f"{name} 来信", kind=ChannelKind.MAIL, department_id=dept,
                             region_id=region, sort_order=100 + index,
                             contact=f"{name}投诉举报中心（收），邮编{postcode}（示例地址）",
                             hours="来信请写明被投诉举报对象的名称、地址和具体事实", scope="书面投诉、举报。"),
            ComplaintChannel(name=f"{name} 投诉举报接待窗口", kind=ChannelKind.IN_PERSON,
                             department_id=dept, region_id=region, sort_order=200 + index,
                             contact=f"{name}办公楼一楼服务大厅（示例地址）",
                             hours="工作日 9:00—12:00，13:30—17:00", scope="当面投诉、举报，现场登记并出具回执。"),
        ]
    for row in rows:
        row.publication_state, row.published_at = PUBLISHED, since
    rows.append(ComplaintChannel(  # not yet approved: never public
        name="金华市市场监督管理局 网上信访（筹备中）", kind=ChannelKind.WEB, contact="（尚未开通）",
        department_id=ctx.departments["金华市市场监督管理局"], region_id="330700", sort_order=300,
        scope="网上信访渠道，审核通过后公开。", publication_state=PublicationState.IN_REVIEW,
    ))
    await ComplaintChannel.bulk_create(rows)
    ctx.counts["投诉举报渠道"] = len(rows)
