"""The fixed query mix, drawn deterministically from the benchmark database.

Five groups: two-character words, long phrases, credit codes, filtered queries (a kind and a
city, or a year), and pinyin initials of enterprise names. Every query asks for facets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise

TWO_CHAR = ["食品", "超市", "餐饮", "药品", "计量", "价格", "商贸", "物流", "建筑", "服饰",
            "监管", "检查", "公示", "责令", "酒业", "农业"]
PHRASES = ["未按规定公示应当公示的信息", "通过登记的住所无法联系", "使用未经检定的计量器具",
           "发现问题已责令改正", "销售不合格商品", "不配合检查情节严重", "价格违法行为",
           "未发现开展本次抽查涉及的经营活动"]


@dataclass(frozen=True)
class Query:
    group: str
    text: str
    kinds: tuple[str, ...] = ()
    filters: dict[str, Any] = field(default_factory=dict)


async def _column(sql: str) -> list[Any]:
    rows = await Tortoise.get_connection("default").execute_query_dict(sql)
    return [next(iter(r.values())) for r in rows]


async def build_mix(size: int = 20, seed: int = 7) -> list[Query]:
    rng = random.Random(seed)
    codes = await _column("SELECT uscc FROM enterprise ORDER BY id LIMIT 2000")
    names = await _column("SELECT name FROM enterprise ORDER BY id LIMIT 2000")
    regions = await _column(
        "SELECT DISTINCT substr(region_id, 1, 4) || '00' FROM enterprise WHERE region_id IS NOT NULL"
    )
    from search import pinyin, text

    mix: list[Query] = []
    mix += [Query("two-char", w) for w in rng.sample(TWO_CHAR, min(size, len(TWO_CHAR)))]
    mix += [Query("phrase", p) for p in PHRASES]
    mix += [Query("credit code", c) for c in rng.sample(codes, min(size // 2, len(codes)))]
    for word in rng.sample(TWO_CHAR, 8):
        mix.append(Query("filtered", word, ("inspection_result", "penalty"),
                         {"region": rng.choice(regions)}))
        mix.append(Query("filtered", word, (), {"year": rng.choice([2024, 2025, 2026])}))
    for name in rng.sample(names, 8):
        initials = pinyin.tokens(text.fold(name)).head[1]
        mix.append(Query("pinyin", initials[: rng.choice([4, 5, 6])]))
    return mix
