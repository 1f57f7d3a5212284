"""Departments, industries and market entities of the demo.

Enterprise names are place + 字号 + trade word + legal form; 字号 are drawn from characters
common in trade names, never from surnames, and no natural person appears in any public field
(个体工商户 carry a shop name, not the operator's; premises are shop fronts, not homes).
"""

from __future__ import annotations

import random

from portal.core.ids import ALPHABET, make_registration_number, make_uscc
from portal.demo.common import Ctx, Ent, rng
from portal.demo.industries import TRADE_BY_CODE, Trade, industry_rows
from portal.demo.places import EVERYDAY, PLACES, PROVINCE_SHORT, ROADS, VILLAGES, Place
from portal.enterprises.models import Enterprise, EnterpriseStatus
from portal.reference.models import Department, DepartmentLevel, Industry, Region

ENTERPRISES = 2400
PILOTS = 10
NATIONAL = "国家市场监督管理总局"
# Other departments: issuers of the imported documents and partners in joint plans.
OTHERS: tuple[tuple[str, DepartmentLevel, str], ...] = (
    ("山西省应急管理厅", DepartmentLevel.PROVINCE, "140000"),
    ("鄂州市人民政府办公室", DepartmentLevel.CITY, "420700"),
    ("德惠市人民政府", DepartmentLevel.COUNTY, "220183"),
    ("金华市商务局", DepartmentLevel.CITY, "330700"),
    ("金华市应急管理局", DepartmentLevel.CITY, "330700"),
    ("金华市卫生健康委员会", DepartmentLevel.CITY, "330700"),
    ("鄂州市应急管理局", DepartmentLevel.CITY, "420700"),
    ("德惠市应急管理局", DepartmentLevel.COUNTY, "220183"),
)
_FIRST = "鑫恒华盛宏瑞嘉佳永金源博泰汇顺兴福德天新正创明安康丰裕联协润和宇中东海诚信力益远光凯立万"
_SECOND = "达泰源盛通隆昌丰发祥兴华晟鑫宏辉诚利成美瑞锦邦辰越运耀航科合亿众"
_COMPANY_FORMS = ("有限责任公司（自然人投资或控股）", "有限责任公司（自然人独资）", "其他有限责任公司",
                  "股份有限公司（非上市、自然人投资或控股）", "个人独资企业")
_FORM_WEIGHTS = (60, 20, 8, 6, 6)
_INDIVIDUAL, _COOP = "个体工商户", "农民专业合作社"


async def build_departments(ctx: Ctx) -> None:
    """A 市场监督管理局 per region (parent chain follows the regions), then the others."""
    national = await Department.create(name=NATIONAL, level=DepartmentLevel.NATIONAL)
    ctx.departments[NATIONAL] = national.id
    regions = await _regions()
    for code in sorted(regions, key=lambda c: (not c.endswith("0000"), not c.endswith("00"), c)):
        region_name, parent_code = regions[code]
        level = Region(code=code).level
        name = f"{region_name}市场监督管理局"
        if level == "county" and region_name.endswith("区") and parent_code:
            name = f"{regions[parent_code][0]}{name}"  # 金华市婺城区市场监督管理局
        parent = ctx.market_dept.get(parent_code or "", national.id)
        dept = await Department.create(
            name=name, level=DepartmentLevel(level), parent_id=parent, region_id=code
        )
        _remember(ctx, name, dept.id, code)
        ctx.market_dept[code] = dept.id
    for name, level, code in OTHERS:
        dept = await Department.create(name=name, level=level, region_id=code)
        _remember(ctx, name, dept.id, code)
    ctx.counts["监管部门"] = len(ctx.departments)


async def _regions() -> dict[str, tuple[str, str | None]]:
    """code → (name, parent code)."""
    rows = await Region.all().values_list("code", "name", "parent_id")
    return {str(code): (str(name), parent) for code, name, parent in rows}


def _remember(ctx: Ctx, name: str, dept_id: int, region: str) -> None:
    ctx.departments[name] = dept_id
    ctx.dept_region[dept_id] = region


async def build_industries(ctx: Ctx) -> None:
    rows = industry_rows()
    for length in sorted({len(code) for code, _, _ in rows}):  # parents first
        await Industry.bulk_create(
            [Industry(code=c, name=n, parent_id=p) for c, n, p in rows if len(c) == length],
            batch_size=500,
        )
    ctx.counts["行业分类"] = len(rows)


def _form(rnd: random.Random, trade: Trade) -> str:
    share = {"c": 0.0, "m": 0.45, "i": 0.8, "p": 0.85}[trade.kind]
    if rnd.random() < share:
        return _COOP if trade.kind == "p" else _INDIVIDUAL
    return rnd.choices(_COMPANY_FORMS, _FORM_WEIGHTS)[0]


def _name(rnd: random.Random, place: Place, trade: Trade, form: str, town: str) -> str:
    brand = rnd.choice(_FIRST) + rnd.choice(_SECOND)
    word = rnd.choice(trade.words)
    if form == _INDIVIDUAL:
        return f"{place.prefix}{town.removesuffix('街道').rstrip('镇乡')}{brand}{trade.shop}"
    if form == _COOP:
        return f"{place.prefix}{town}{brand}{word}专业合作社"
    if form.startswith("股份"):
        return f"{PROVINCE_SHORT[place.region[:2]]}{brand}{word}股份有限公司"
    if form == "个人独资企业":
        return f"{place.prefix}{brand}{word}{'厂' if trade.code[0] in 'BC' else '商行'}"
    return f"{place.prefix}{brand}{word}有限公司"


def _address(rnd: random.Random, chain: str, form: str, town: str) -> str:
    if form == _COOP:
        return f"{chain}{town}{rnd.choice(VILLAGES)}"
    street = f"{chain}{town}{rnd.choice(ROADS)}{rnd.randint(1, 399)}号"
    if form == _INDIVIDUAL:
        return f"{street}{rnd.randint(1, 12)}号商铺"
    return street if rnd.random() < 0.6 else f"{street}{rnd.randint(1, 12)}幢{rnd.randint(1, 6)}0{rnd.randint(1, 9)}室"


def _chain(regions: dict[str, tuple[str, str | None]], code: str | None) -> str:
    """浙江省金华市义乌市: the names from the province down."""
    names = []
    while code:
        name, code = regions[code]
        names.append(name)
    return "".join(reversed(names))


async def build_enterprises(ctx: Ctx) -> None:
    rnd = rng("enterprises")
    regions = await _regions()
    chains = {place.region: _chain(regions, place.region) for place in PLACES}
    weights = [place.weight for place in PLACES]
    names: set[str] = set()
    bodies: set[str] = set()
    reg_seq = {place.region: rnd.randint(100_000, 900_000) for place in PLACES}
    rows: list[Enterprise] = []
    where: list[tuple[str, str]] = []  # (region, industry) of each row
    for _ in range(ENTERPRISES):
        place = rnd.choices(PLACES, weights)[0]
        trade = TRADE_BY_CODE[rnd.choice(place.featured if rnd.random() < 0.45 else EVERYDAY)]
        form = _form(rnd, trade)
        town = rnd.choice(place.towns)
        name = _name(rnd, place, trade, form, town)
        while name in names:
            name = _name(rnd, place, trade, form, town)
        names.add(name)
        age = rnd.randint(30, 11 * 365) if rnd.random() < 0.7 else rnd.randint(11 * 365, 30 * 365)
        old = age > 10 * 365 + 180  # registered before the 2015 code reform
        body = _org_body(rnd, old)
        while body in bodies:
            body = _org_body(rnd, old)
        bodies.add(body)
        category = {"个体工商户": "2", "农民专业合作社": "3"}.get(form, "1")
        reg_no = None
        if old and rnd.random() < 0.6:
            reg_seq[place.region] += rnd.randint(1, 40)
            kind = "6" if form == _INDIVIDUAL else "0"
            reg_no = make_registration_number(f"{place.region}{kind}{reg_seq[place.region]:07d}")
        status = EnterpriseStatus.ACTIVE
        roll = rnd.random()
        if age > 2 * 365 and roll < 0.025:
            status = EnterpriseStatus.DEREGISTERED
        elif age > 3 * 365 and form != _INDIVIDUAL and roll < 0.037:
            status = EnterpriseStatus.REVOKED
        rows.append(Enterprise(
            uscc=make_uscc("9", category, place.region, body), reg_no=reg_no, name=name,
            entity_type=form, address=_address(rnd, chains[place.region], form, town),
            business_scope=trade.scope, established_on=ctx.days_ago(age), status=status,
            region_id=place.region, industry_id=trade.code,
        ))
        where.append((place.region, trade.code))
    for index in sorted(rnd.sample(range(len(rows)), PILOTS)):  # early pilot codes: check fails
        row = rows[index]
        row.uscc = row.uscc[:17] + ALPHABET[(ALPHABET.index(row.uscc[17]) + 7) % len(ALPHABET)]
        row.uscc_is_pilot = True
    await Enterprise.bulk_create(rows, batch_size=500)
    ids = dict(await Enterprise.all().values_list("uscc", "id"))
    ctx.enterprises = [
        Ent(ids[r.uscc], r.uscc, r.name, region, industry, r.status, r.established_on or ctx.today)
        for r, (region, industry) in zip(rows, where, strict=True)
    ]
    ctx.counts["市场主体"] = len(rows)


def _org_body(rnd: random.Random, old: bool) -> str:
    """8-character organisation body: numeric before the reform, "MA…" after."""
    if old:
        return str(rnd.randint(1, 7)) + "".join(rnd.choices("0123456789", k=7))
    return "MA" + "".join(rnd.choices(ALPHABET, k=6))
