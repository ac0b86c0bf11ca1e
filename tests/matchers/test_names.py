"""Tests of the name normaliser: characters, dots, spaces, and the sound key.

Where a conversion depends on where the surname ends, the expected text is opencc's
``hk2s`` of each name part on its own (the documented rule), written out by hand too.
"""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchers import NameKey, normalize_name, normalize_names, same_sound

HK2S = opencc.OpenCC("hk2s")


def test_traditional_becomes_simplified() -> None:
    assert normalize_name("張偉").text == "张伟"
    assert normalize_name("歐陽修").text == "欧阳修"


def test_surname_and_given_name_convert_separately() -> None:
    assert normalize_name("沈思").text == "沈思"


def _both_ways(raw: str) -> list[str | None]:
    """The text of ``raw`` normalised alone and in a batch (the two paths convert separately)."""
    return [normalize_name(raw).text, normalize_names([raw, "王芳"])[0].text]


def test_a_compound_surname_is_cut_after_its_two_characters_in_a_three_character_name() -> None:
    # opencc keeps 吒 inside the phrase 木吒 (the Fengshen Yanyi hero) but turns 吒 alone into 咤, so
    # 端木吒 converts to 端木咤 only when the compound surname 端木 is cut off whole: cut after one
    # character, or not at all, 木吒 would be converted as that phrase.
    per_part = HK2S.convert("端木") + HK2S.convert("吒")
    assert per_part == "端木咤", "opencc's data no longer tells the cuts apart: pick another name"
    assert HK2S.convert("端") + HK2S.convert("木吒") == HK2S.convert("端木吒") == "端木吒"
    assert _both_ways("端木吒") == [per_part, per_part]


def test_a_single_character_surname_is_cut_after_one_character_in_a_three_character_name() -> None:
    # 乾坤 is a given name and an opencc phrase that keeps 乾; cut after two characters, 王乾 would
    # turn 乾 into 干.
    per_part = HK2S.convert("王") + HK2S.convert("乾坤")
    assert (per_part, HK2S.convert("王乾") + HK2S.convert("坤")) == ("王乾坤", "王干坤"), \
        "opencc's data no longer tells the cuts apart: pick another name"
    assert _both_ways("王乾坤") == [per_part, per_part]


def test_the_parts_of_a_dotted_name_are_converted_whole_not_cut_after_a_surname() -> None:
    # Not a real person: a first part that starts with an opencc phrase (乾隆 keeps 乾, 乾 alone is 干)
    # shows whether the part is converted whole, as documented, or cut like a Han surname.
    per_part = "·".join(HK2S.convert(part) for part in ("乾隆", "買買提"))
    assert (per_part, HK2S.convert("乾") + HK2S.convert("隆")) == ("乾隆·买买提", "干隆"), \
        "opencc's data no longer tells the cuts apart: pick another name"
    assert _both_ways("乾隆·買買提") == [per_part, per_part]


@pytest.mark.parametrize("dot", ["•", ".", "・", "‧", "．", "·", "･", "。", "｡",
                                 "··", "..", "。。", "· ·"])
def test_dot_variants_become_the_middle_dot(dot: str) -> None:
    assert normalize_name(f"阿依古丽{dot}买买提").text == "阿依古丽·买买提"


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\ufeff", "\u200d", "\u00ad", "\u202e", "\x00"])
def test_format_and_control_characters_are_removed(invisible: str) -> None:
    plain = normalize_name("王芳")
    assert normalize_name(f"{invisible}王{invisible}芳{invisible}") == plain
    assert normalize_name(f"阿依古丽·{invisible}·买买提").text == "阿依古丽·买买提"


@pytest.mark.parametrize("variant, simplified", [("衞志峯", "卫志峰"), ("羣英", "群英"), ("黃衞國", "黄卫国"),
                                                 ("張峯", "张峰"), ("劉麗羣", "刘丽群")])
def test_hong_kong_and_variant_forms_become_simplified(variant: str, simplified: str) -> None:
    assert normalize_name(variant).text == simplified


def test_simplified_characters_of_their_own_stay() -> None:
    # opencc tw2s would turn 著 into 着 and 么 into 幺: both are simplified characters.
    assert normalize_name("王著").text == "王著"
    assert normalize_name("么红").text == "么红"


def test_full_width_and_all_white_space_are_removed() -> None:
    assert normalize_name(" 王\u3000芳 ").text == "王芳"
    assert normalize_name("王 ．芳\t").text == "王·芳"
    assert normalize_name("ＬＩ　Ｍｉｎｇ").text == "LIMing"


def test_homophones_share_the_sound_but_not_the_characters() -> None:
    a, b = normalize_name("王芳"), normalize_name("王方")
    assert a.text != b.text
    assert a.sound == b.sound == "wang fang"
    assert same_sound(a, b)
    assert not same_sound(a, normalize_name("王伟"))


def test_every_reading_of_a_polyphonic_character_is_kept() -> None:
    key = normalize_name("张长")
    assert set(key.pinyin[1]) >= {"chang", "zhang"}
    assert {"zhang chang", "zhang zhang"} <= key.sounds
    assert same_sound(key, normalize_name("张常")) and same_sound(key, normalize_name("张涨"))


@pytest.mark.parametrize("name, reading", [("单田芳", "shan"), ("曾国藩", "zeng"), ("解缙", "xie"),
                                           ("仇英", "qiu"), ("朴槿惠", "piao")])
def test_surname_overrides_give_the_surname_reading_first(name: str, reading: str) -> None:
    assert normalize_name(name).pinyin[0][0] == reading


def test_override_applies_to_the_surname_only() -> None:
    assert normalize_name("王单").pinyin[1][0] == "dan"


def test_a_surname_override_puts_its_reading_first_and_keeps_the_others() -> None:
    # 单 reads dān, shàn or chán (现代汉语词典); as a surname shàn comes first, the others still block.
    readings = normalize_name("单田芳").pinyin[0]
    assert readings[0] == "shan" and sorted(readings) == ["chan", "dan", "shan"]


def test_single_character_names_that_share_a_reading_sound_the_same() -> None:
    assert same_sound(normalize_name("王"), normalize_name("汪"))
    assert not same_sound(normalize_name("王"), normalize_name("李"))


def test_two_missing_names_do_not_sound_the_same() -> None:
    assert not same_sound(NameKey(None), NameKey(None))
    assert not same_sound(normalize_name(None), normalize_name(""))


def test_missing_or_blank_names_have_no_key() -> None:
    for raw in (None, "", " \u3000 ", "·"):
        assert normalize_name(raw).text is None and normalize_name(raw).sound is None


@given(st.one_of(st.none(), st.text()))
def test_never_raises_and_is_idempotent(raw) -> None:
    key = normalize_name(raw)
    if key.text is not None:
        assert normalize_name(key.text) == key
