"""Privacy detectors: propose masks for personal data in free text (DESIGN §3).

Detectors only *propose*; an editor accepts or adjusts and a reviewer approves (publication
workflow). :func:`apply` produces the public text: "[已隐去：个人隐私]" markers, and natural
persons shown as 姓+某. The original text is kept for staff only.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from stdnum import luhn
from stdnum.cn import ric

from portal.core.ids import check_character

MARKER = "[已隐去：个人隐私]"


class PrivacyKind(enum.StrEnum):
    RESIDENT_ID = "resident_id"
    BANK_CARD = "bank_card"
    MOBILE = "mobile"
    LANDLINE = "landline"
    EMAIL = "email"
    ADDRESS = "address"
    PERSON_NAME = "person_name"


@dataclass(frozen=True)
class Mask:
    start: int
    end: int
    kind: PrivacyKind
    replacement: str

    def covers(self, other: Mask) -> bool:
        return self.start < other.end and other.start < self.end


_D = r"(?<![0-9A-Za-z])"  # not glued to a longer code on the left
_E = r"(?![0-9A-Za-z])"
RESIDENT_ID = re.compile(_D + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx]" + _E)
BANK_CARD = re.compile(_D + r"\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?" + _E)
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[- ]?)[2-9]\d{6,7}(?:-\d{1,5})?(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
ADDRESS = re.compile(
    r"(?:家庭住址|现住址|住址|现住|居住地|户籍地|户籍所在地|居住于)[为是:：\s]*"
    r"([^，。；;,\n]{4,60}?(?:号|室|栋|幢|单元|组|村|弄|楼|院)(?:[^，。；;,\n]{0,12}?(?:号|室))?)"
)
# Common single-character surnames plus compound ones; a name is a surname and 1–2 more Han.
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容",
                     "长孙", "宇文", "司徒", "夏侯", "令狐", "钟离", "澹台", "申屠", "端木")
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
NAME_CUE = re.compile(
    r"(?:当事人|法定代表人|负责人|经营者|举报人|投诉人|被投诉人|联系人|申请人|姓名|业主|店主|户主|"
    r"个体工商户|委托代理人|代理人)[（(]?[^）)]{0,0}[）)]?[为是:：\s]*"
    r"(?P<name>(?:" + "|".join(COMPOUND_SURNAMES) + r"|[" + "".join(sorted(SURNAMES)) + r"])"
    r"[\u4e00-\u9fa5]{1,2})(?![\u4e00-\u9fa5]*(?:公司|商行|店|厂|部|中心|合作社|有限|集团))"
)
HONORIFIC = re.compile(
    r"(?P<name>(?:" + "|".join(COMPOUND_SURNAMES) + r"|[" + "".join(sorted(SURNAMES)) + r"])"
    r"[\u4e00-\u9fa5]{0,2})(?:先生|女士|小姐)"
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _is_uscc(digits: str) -> bool:
    return len(digits) == 18 and check_character(digits[:17]) == digits[17]


# Characters that start the words that usually follow a name in enforcement text
# (销售, 反映, 投诉, 于, 在 …): a three-character match ending in one is a two-character name.
_AFTER_NAME = set("销反投称于在因的等系经已未将与和及向对从被说表承拒无不为是出男女现自均曾即也都所要就才又还并但而擅私违非无")


def _trim_name(name: str) -> str:
    surname_length = 2 if name[:2] in COMPOUND_SURNAMES else 1
    if len(name) == surname_length + 2 and name[-1] in _AFTER_NAME:
        return name[:-1]
    return name


def _surname(name: str) -> str:
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def propose(text: str) -> list[Mask]:
    """Non-overlapping proposed masks, in text order. Higher-priority kinds win overlaps."""
    found: list[Mask] = []

    def add(start: int, end: int, kind: PrivacyKind, replacement: str = MARKER) -> None:
        mask = Mask(start, end, kind, replacement)
        if not any(mask.covers(other) for other in found):
            found.append(mask)

    for m in RESIDENT_ID.finditer(text):
        if ric.is_valid(m.group()):
            add(m.start(), m.end(), PrivacyKind.RESIDENT_ID)
    for m in BANK_CARD.finditer(text):
        digits = _digits(m.group())
        if 16 <= len(digits) <= 19 and luhn.is_valid(digits) and not _is_uscc(digits):
            add(m.start(), m.end(), PrivacyKind.BANK_CARD)
    for pattern, kind in ((MOBILE, PrivacyKind.MOBILE), (LANDLINE, PrivacyKind.LANDLINE),
                          (EMAIL, PrivacyKind.EMAIL)):
        for m in pattern.finditer(text):
            add(m.start(), m.end(), kind)
    for m in ADDRESS.finditer(text):
        add(m.start(1), m.end(1), PrivacyKind.ADDRESS)
    for pattern in (NAME_CUE, HONORIFIC):
        for m in pattern.finditer(text):
            name = _trim_name(m.group("name"))
            start = m.start("name")
            add(start, start + len(name), PrivacyKind.PERSON_NAME, _surname(name) + "某")
    return sorted(found, key=lambda mask: mask.start)


def apply(text: str, masks: list[Mask]) -> str:
    """The public text with ``masks`` applied (masks must not overlap)."""
    out: list[str] = []
    position = 0
    for mask in sorted(masks, key=lambda m: m.start):
        if mask.start < position:
            raise ValueError("masks overlap")
        out.append(text[position:mask.start])
        out.append(mask.replacement)
        position = mask.end
    out.append(text[position:])
    return "".join(out)


def redact(text: str) -> str:
    """Apply every proposed mask (for text that has no reviewed masks yet)."""
    return apply(text, propose(text))
