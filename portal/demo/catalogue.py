"""Texts of the demo: inspection item templates, violations, result details.

Legal references name the statute and, where we are confident of it, the article; verify them
before using these texts beyond demo data.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.sampling.models import ItemCategory

KEY, GENERAL = ItemCategory.KEY, ItemCategory.GENERAL
_FOOD_FREQ = "按风险等级：A级每年不少于1次，B级1至2次，C级2至3次，D级3至4次"


@dataclass(frozen=True)
class ItemTemplate:
    key: str
    name: str
    category: ItemCategory
    target_type: str
    basis: str
    method: str
    ratio: str
    frequency: str
    targets: tuple[str, ...]  # industry code prefixes; () means every market entity
    percent: str  # default sampling ratio for tasks


MARKET_ITEMS: tuple[ItemTemplate, ...] = (
    ItemTemplate("01", "企业公示信息检查", GENERAL, "各类企业、农民专业合作社",
                 "《企业信息公示暂行条例》第十四条", "书面检查、实地核查、网络监测", "不低于3%",
                 "每年不少于1次", (), "5.00"),
    ItemTemplate("02", "登记事项检查", GENERAL, "各类市场主体",
                 "《中华人民共和国市场主体登记管理条例》第三十八条", "实地核查、书面检查", "不低于3%",
                 "每年1次", (), "4.00"),
    ItemTemplate("03", "食品销售者检查", KEY, "食品销售经营者",
                 "《中华人民共和国食品安全法》第一百一十条", "现场检查、抽样检验", "根据风险等级确定",
                 _FOOD_FREQ, ("F5212", "F5213", "F5223", "F5226", "F5211"), "10.00"),
    ItemTemplate("04", "餐饮服务提供者检查", KEY, "餐饮服务经营者",
                 "《中华人民共和国食品安全法》第一百一十条", "现场检查", "根据风险等级确定",
                 _FOOD_FREQ, ("H62",), "10.00"),
    ItemTemplate("05", "食品生产者检查", KEY, "食品生产企业",
                 "《中华人民共和国食品安全法》第一百一十条", "现场检查、抽样检验", "根据风险等级确定",
                 _FOOD_FREQ, ("C13", "C14", "C15"), "20.00"),
    ItemTemplate("06", "特种设备使用单位检查", KEY, "特种设备使用单位",
                 "《中华人民共和国特种设备安全法》第五十七条", "现场检查", "不低于5%", "每年不少于1次",
                 ("C", "B", "H61", "F5212", "G"), "5.00"),
    ItemTemplate("07", "产品质量监督抽查", KEY, "产品生产、销售企业",
                 "《中华人民共和国产品质量法》第十五条", "抽样检验", "按抽查方案确定", "每年1次",
                 ("C", "F51"), "5.00"),
    ItemTemplate("08", "广告发布行为检查", GENERAL, "广告经营者、发布者及自行发布广告的经营者",
                 "《中华人民共和国广告法》第四十九条", "网络监测、书面检查", "不低于3%", "每年1次",
                 ("L72", "F5292", "F52"), "5.00"),
    ItemTemplate("09", "明码标价检查", GENERAL, "商品零售、服务经营者",
                 "《中华人民共和国价格法》第三十四条", "现场检查", "不低于3%", "每年1次",
                 ("F52", "H", "O"), "5.00"),
    ItemTemplate("10", "计量器具使用检查", GENERAL, "使用强制检定计量器具的经营者",
                 "《中华人民共和国计量法》第十八条", "现场检查", "不低于3%", "每年1次",
                 ("F522", "F521", "C13", "G"), "5.00"),
    ItemTemplate("11", "药品零售企业检查", KEY, "药品零售企业、中药材经营者",
                 "《中华人民共和国药品管理法》第九十九条", "现场检查", "不低于10%", "每年不少于1次",
                 ("F5251", "F5152", "C27"), "20.00"),
    ItemTemplate("12", "网络交易经营者检查", GENERAL, "网络交易经营者",
                 "《网络交易监督管理办法》", "网络监测、书面检查", "不低于3%", "每年1次",
                 ("F5292", "I65"), "5.00"),
    ItemTemplate("13", "检验检测机构检查", GENERAL, "检验检测机构",
                 "《检验检测机构监督管理办法》", "现场检查、书面检查", "不低于5%", "每年1次",
                 ("M745",), "20.00"),
    ItemTemplate("14", "商标使用行为检查", GENERAL, "商标使用者",
                 "《中华人民共和国商标法》第六十二条", "现场检查", "不低于3%", "每年1次",
                 ("C24", "F513", "F514", "F5292"), "5.00"),
)

# Items of the partner departments in joint plans: department suffix → templates.
PARTNER_ITEMS: dict[str, tuple[ItemTemplate, ...]] = {
    "商务局": (ItemTemplate("SW", "单用途商业预付卡发卡企业检查", GENERAL, "发行单用途商业预付卡的企业",
                           "《单用途商业预付卡管理办法（试行）》", "现场检查、书面检查", "不低于3%",
                           "每年1次", ("F52", "H62", "O80"), "5.00"),),
    "应急管理局": (ItemTemplate("YJ", "工贸企业安全生产检查", KEY, "冶金、有色、轻工、纺织等工贸企业",
                             "《中华人民共和国安全生产法》第六十五条", "现场检查", "不低于5%",
                             "每年不少于1次", ("C", "B"), "5.00"),),
    "卫生健康委员会": (ItemTemplate("WJ", "公共场所卫生监督检查", GENERAL, "住宿、美容美发等公共场所",
                                "《公共场所卫生管理条例》", "现场检查", "不低于5%", "每年1次",
                                ("H61", "O80"), "10.00"),),
}

RESULT_DETAILS: dict[str, tuple[str, ...]] = {
    "no_problem": ("经检查，未发现问题。",),
    "corrected": ("检查发现进货查验记录不完整，已当场责令改正。", "检查发现部分商品未明码标价，已责令改正。",
                  "检查发现营业执照未在经营场所显著位置悬挂，已责令改正。",
                  "检查发现特种设备使用登记标志未张贴，已责令限期改正并复查合格。"),
    "pending_follow_up": ("检查发现涉嫌销售不合格产品，已移交执法机构立案调查。",
                          "检查发现涉嫌虚假宣传，已移交执法机构依法处理。",
                          "检查发现涉嫌使用未经检定的计量器具，已移交执法机构依法处理。"),
    "not_disclosed": ("未按规定期限公示年度报告，已责令限期公示。",),
    "falsified": ("年度报告公示的从业人数、资产状况等信息与实际情况不符。",),
    "unreachable": ("通过登记的住所（经营场所）无法联系，将依法列入经营异常名录。",),
    "obstructed": ("拒不配合检查，情节严重，已依法处理。",),
    "no_activity": ("经营场所内未发现开展本次抽查涉及的经营活动。",),
    "closed": ("该市场主体已注销或被吊销营业执照。",),
}


@dataclass(frozen=True)
class Violation:
    """A violation; every pool has at least one entry with ``targets == ()`` (anyone)."""

    text: str
    basis: str
    content: str  # {fine} is filled in
    fines: tuple[int, int]  # yuan; (0, 0): warning only
    targets: tuple[str, ...]


FOOD_TRADE = ("C13", "C14", "C15", "F5212", "F5213", "F5223", "F5226", "H62")
VIOLATIONS: tuple[Violation, ...] = (
    Violation("经营标签不符合规定的预包装食品",
              "《中华人民共和国食品安全法》第六十七条、第一百二十五条第一款第（二）项",
              "没收违法经营的食品，罚款人民币{fine}元。", (5_000, 30_000), FOOD_TRADE),
    Violation("经营超过保质期的食品", "《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项",
              "没收超过保质期的食品和违法所得，罚款人民币{fine}元。", (50_000, 100_000), FOOD_TRADE),
    Violation("未按规定查验并记录进货信息", "《中华人民共和国食品安全法》第五十三条、第一百二十六条第一款第（三）项",
              "警告；罚款人民币{fine}元。", (5_000, 10_000), FOOD_TRADE),
    Violation("销售不符合保障人体健康和人身、财产安全的国家标准的产品",
              "《中华人民共和国产品质量法》第十三条、第四十九条",
              "责令停止销售，没收违法销售的产品，罚款人民币{fine}元。", (10_000, 200_000), ("C", "F51", "F52")),
    Violation("在产品中以次充好", "《中华人民共和国产品质量法》第三十九条、第五十条",
              "责令停止生产、销售，没收违法生产、销售的产品，罚款人民币{fine}元。", (20_000, 300_000), ("C",)),
    Violation("销售侵犯注册商标专用权的商品", "《中华人民共和国商标法》第五十七条第（三）项、第六十条第二款",
              "没收、销毁侵权商品，罚款人民币{fine}元。", (10_000, 150_000), ("C24", "F51", "F52", "C18")),
    Violation("对商品作引人误解的商业宣传", "《中华人民共和国反不正当竞争法》第八条第一款、第二十条第一款",
              "责令停止违法行为，罚款人民币{fine}元。", (200_000, 400_000), ()),
    Violation("发布虚假广告", "《中华人民共和国广告法》第二十八条、第五十五条第一款",
              "责令停止发布广告，在相应范围内消除影响，罚款人民币{fine}元。", (30_000, 300_000), ("L72", "F5292", "F5251")),
    Violation("不按规定明码标价", "《中华人民共和国价格法》第十三条、第四十二条",
              "责令改正，罚款人民币{fine}元。", (500, 5_000), ("F52", "H", "O")),
    Violation("使用未经检定的计量器具", "《中华人民共和国计量法》第九条；《中华人民共和国计量法实施细则》第四十三条",
              "责令停止使用，罚款人民币{fine}元。", (300, 1_000), ("F522", "F521", "C13")),
    Violation("使用未经定期检验的特种设备", "《中华人民共和国特种设备安全法》第四十条、第八十四条第（一）项",
              "责令停止使用有关特种设备，罚款人民币{fine}元。", (30_000, 60_000), ("C", "H61", "F5212")),
)
WARNING_ONLY: tuple[Violation, ...] = (
    Violation("零售药品未按照规定调配处方", "《中华人民共和国药品管理法》第一百三十条", "警告。", (0, 0),
              ("F5251",)),
    Violation("未按规定查验并记录进货信息（首次、及时改正）",
              "《中华人民共和国食品安全法》第五十三条、第一百二十六条第一款第（三）项", "警告。", (0, 0), FOOD_TRADE),
    Violation("不按规定明码标价（首次、及时改正）", "《中华人民共和国价格法》第十三条、第四十二条", "警告。", (0, 0),
              ()),
)
FRAUDULENT_REGISTRATION = Violation(
    "提交虚假材料取得市场主体登记，情节严重", "《中华人民共和国市场主体登记管理条例》第四十四条",
    "没收违法所得，罚款人民币{fine}元，吊销营业执照。", (200_000, 500_000), ())


def matches(industry: str, prefixes: tuple[str, ...]) -> bool:
    return not prefixes or industry.startswith(prefixes)
