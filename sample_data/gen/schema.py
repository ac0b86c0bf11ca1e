"""The vocabulary of the drop: sources, column order, enumerations and value pools.

Typed record frames keep enumerations as pandas categoricals over these pools,
so millions of rows stay small and every part concatenates cleanly.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

SOURCES = ["households", "members", "hukou", "vehicles", "hr", "bank", "housing", "civil_affairs", "business"]
AGENCY_SOURCES = SOURCES[2:]

COLUMNS = {
    "households": ["household_id", "region_code", "category", "registered_on", "declared_monthly_income"],
    "members": ["household_id", "member_no", "relation", "name", "id_number", "gender", "birth_date"],
    "hukou": ["record_id", "id_number", "name", "former_name", "region_code", "status"],
    "vehicles": ["record_id", "id_number", "name", "plate_no", "vehicle_type", "registered_on", "status"],
    "hr": ["record_id", "id_number", "name", "period", "employer_name", "employer_type",
           "monthly_wage", "pension", "unemployment_benefit"],
    "bank": ["record_id", "id_number", "name", "institution", "product_type", "balance", "as_of"],
    "housing": ["record_id", "id_number", "name", "cert_no", "usage", "area_m2", "acquired_on"],
    "civil_affairs": ["record_id", "id_number", "name", "record_type", "event_date", "amount"],
    "business": ["record_id", "id_number", "name", "enterprise_name", "role", "registered_capital", "status"],
}
RECORD_PREFIX = {"hukou": "HK", "vehicles": "VH", "hr": "HR", "bank": "BK", "housing": "FC",
                 "civil_affairs": "MZ", "business": "SC"}

CATEGORIES = ["深度困难", "相对困难", "意外致困"]
RELATIONS = ["本人", "配偶", "子女", "父母", "其他"]
GENDERS = ["女", "男"]
_CITIES = ["昆明", "大理", "楚雄", "红河", "文山", "普洱", "玉溪", "柳州", "南宁", "滨州", "济南", "喀什"]
_TRADES = ["商贸", "建筑", "物流", "餐饮", "农业科技", "机械", "食品", "家政", "电子", "运输"]
_EMPLOYERS = [f"{c}市{t}有限公司" for c in _CITIES for t in _TRADES]
_PUBLIC = [f"{c}市人民医院" for c in _CITIES] + [f"{c}市第一中学" for c in _CITIES] + \
          [f"{c}市税务局" for c in _CITIES]

POOLS = {
    "hukou_status": ["正常", "死亡", "迁出"],
    "vehicle_type": ["小型轿车", "小型普通客车", "中型货车", "轻型货车", "二轮摩托车", "三轮摩托车",
                     "残疾人机动轮椅车"],
    "vehicle_status": ["正常", "注销", "报废", "被盗抢"],
    "employer_name": _EMPLOYERS + _PUBLIC + ["个体经营", "灵活就业"],
    "employer_type": ["企业", "机关", "事业单位", "个体", "其他"],
    "institution": ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "邮储银行",
                    "富滇银行", "云南农信", "广西北部湾银行", "齐鲁银行", "新疆银行"],
    "product_type": ["活期", "定期", "理财", "基金", "股票", "其他"],
    "usage": ["住宅", "商业", "办公", "车位", "其他"],
    "record_type": ["低保", "死亡"],
    "enterprise_name": [f"{c}{t}{s}" for c in _CITIES for t in _TRADES for s in ("有限公司", "经营部", "合作社")],
    "role": ["法定代表人", "股东", "个体工商户经营者"],
    "business_status": ["存续", "注销", "吊销"],
}
PUBLIC_EMPLOYER = {"机关": [n for n in _PUBLIC if n.endswith("局")],
                   "事业单位": [n for n in _PUBLIC if not n.endswith("局")]}


def cat(pool: str, values) -> pd.Categorical:
    """A categorical over one of the pools (codes or labels accepted)."""
    labels = POOLS[pool]
    values = np.asarray(values)
    if values.dtype.kind in "iu":
        return pd.Categorical.from_codes(values, categories=labels)
    return pd.Categorical(values, categories=labels)


def pick(pool: str, rng: np.random.Generator, n: int, p: list[float] | None = None) -> pd.Categorical:
    """n random labels from a pool (uniform, or with weights p)."""
    size = len(POOLS[pool])
    weights = None if p is None else np.asarray(p + [0.0] * (size - len(p))) / sum(p)
    return cat(pool, rng.choice(size, n, p=weights))
ENUM_POOL = {("hukou", "status"): "hukou_status", ("vehicles", "vehicle_type"): "vehicle_type",
             ("vehicles", "status"): "vehicle_status", ("hr", "employer_name"): "employer_name",
             ("hr", "employer_type"): "employer_type", ("bank", "institution"): "institution",
             ("bank", "product_type"): "product_type", ("housing", "usage"): "usage",
             ("civil_affairs", "record_type"): "record_type", ("business", "enterprise_name"): "enterprise_name",
             ("business", "role"): "role", ("business", "status"): "business_status"}
