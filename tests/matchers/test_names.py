"""Tests of the name normaliser: characters, dots, spaces, and the sound key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchers import normalize_name, same_sound


def test_traditional_becomes_simplified() -> None:
    assert normalize_name("張偉").text == "张伟"
    assert normalize_name("歐陽修").text == "欧阳修"


def test_surname_and_given_name_convert_separately() -> None:
    assert normalize_name("沈思").text == "沈思"


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


def test_missing_or_blank_names_have_no_key() -> None:
    for raw in (None, "", " \u3000 ", "·"):
        assert normalize_name(raw).text is None and normalize_name(raw).sound is None


@given(st.one_of(st.none(), st.text()))
def test_never_raises_and_is_idempotent(raw) -> None:
    key = normalize_name(raw)
    if key.text is not None:
        assert normalize_name(key.text) == key
