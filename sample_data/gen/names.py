"""Chinese and Uyghur names, and the name noise that agency extracts carry.

Names are built from index arrays into small pools (vectorised through Arrow);
noise is applied only to the chosen subset of records.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程"
                "苏魏吕丁沈任姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔")
SURNAME_WEIGHTS = 1.0 / np.arange(1, len(SURNAMES) + 1) ** 0.9
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华飞玉红建国文辉鹏晶"
             "志林婷云凤宇浩凯东波斌宁燕梅琳萍慧亮海鑫庆成荣春兴雪")
UYGHUR_FIRST = ["买买提", "阿卜杜拉", "艾尔肯", "吐尔逊", "古丽娜尔", "热依汗", "阿依古丽", "努尔", "迪丽拜尔", "艾力"]
UYGHUR_LAST = ["艾力", "吐尔逊", "艾买提", "吾守尔", "托合提", "玉素甫", "买合木提", "肉孜", "司马义", "阿不都"]
DOT = "·"
DOT_VARIANTS = ["•", ".", "・", "‧", "．"]
TRADITIONAL = str.maketrans(
    "张刘陈杨华黄赵吴孙马罗郑谢冯邓许韩叶苏蒋贾钱卢龙丽伟军红刚涛辉兰凤东国庆兴义云飞杰宁鹏凯顾龚万萧闫",
    "張劉陳楊華黃趙吳孫馬羅鄭謝馮鄧許韓葉蘇蔣賈錢盧龍麗偉軍紅剛濤輝蘭鳳東國慶興義雲飛傑寧鵬凱顧龔萬蕭閆",
)
HOMOPHONES = {"芳": "方", "丽": "莉", "伟": "玮", "敏": "民", "静": "晶", "军": "君", "杰": "洁",
              "红": "虹", "平": "萍", "明": "铭", "涛": "滔", "斌": "彬", "辉": "晖", "兰": "岚",
              "梅": "玫", "婷": "亭", "华": "桦", "强": "蔷", "英": "瑛", "林": "琳", "燕": "艳"}


def han_names(rng: np.random.Generator, n: int) -> pa.Array:
    """n Han names: a weighted surname and a one- or two-character given name."""
    surname = rng.choice(len(SURNAMES), n, p=SURNAME_WEIGHTS / SURNAME_WEIGHTS.sum())
    first = rng.integers(0, len(GIVEN), n)
    second = np.where(rng.random(n) < 0.35, len(GIVEN), rng.integers(0, len(GIVEN), n))
    pool = np.array(GIVEN + [""])
    return pc.binary_join_element_wise(np.array(SURNAMES)[surname], pool[first], pool[second], "")


def uyghur_names(rng: np.random.Generator, n: int) -> pa.Array:
    """n Uyghur names: given name and father's name joined by the middle dot."""
    first = np.array(UYGHUR_FIRST)[rng.integers(0, len(UYGHUR_FIRST), n)]
    last = np.array(UYGHUR_LAST)[rng.integers(0, len(UYGHUR_LAST), n)]
    return pc.binary_join_element_wise(first, last, DOT)


def other_given(name: str, rng: np.random.Generator) -> str:
    """The same surname with a different given name (for look-alike decoys)."""
    options = [c for c in GIVEN if c not in name]
    return name[0] + "".join(rng.choice(options, 2))


def traditional(names: list[str]) -> list[str]:
    """Names written in traditional characters."""
    return [name.translate(TRADITIONAL) for name in names]


def homophone(names: list[str]) -> list[str]:
    """The last character replaced by a same-sounding one (王芳 → 王方)."""
    return [name[:-1] + HOMOPHONES.get(name[-1], name[-1]) for name in names]


def dotted(names: list[str], rng: np.random.Generator) -> list[str]:
    """The middle dot replaced by one of its look-alike variants."""
    picks = rng.integers(0, len(DOT_VARIANTS), len(names))
    return [name.replace(DOT, DOT_VARIANTS[k]) for name, k in zip(names, picks)]


def spaced(names: list[str], rng: np.random.Generator) -> list[str]:
    """A stray ASCII or ideographic space after the first character."""
    picks = rng.random(len(names)) < 0.5
    return [name[0] + (" " if p else "\u3000") + name[1:] for name, p in zip(names, picks)]


def noise_eligibility(names: pa.Array) -> dict[str, np.ndarray]:
    """Which names each name-noise kind would actually change (per name, vectorised)."""
    last = pc.utf8_slice_codeunits(names, -1)
    return {
        "name_traditional": _contains_any(names, "".join(map(chr, TRADITIONAL))),
        "name_homophone": pc.is_in(last, pa.array(list(HOMOPHONES))).to_numpy(zero_copy_only=False),
        "name_dot": pc.match_substring(names, DOT).to_numpy(zero_copy_only=False),
        "name_space": pc.greater(pc.utf8_length(names), 1).to_numpy(zero_copy_only=False),
    }


def _contains_any(names: pa.Array, chars: str) -> np.ndarray:
    pattern = "[" + chars + "]"
    return pc.match_substring_regex(names, pattern).to_numpy(zero_copy_only=False)
