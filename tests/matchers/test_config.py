"""Matcher configuration: documented defaults, validation reporting every problem."""

from __future__ import annotations

import pytest

from matchers import MatchConfig, MatchConfigError


def test_defaults_are_valid_and_ordered() -> None:
    config = MatchConfig()
    assert 0 < config.review_threshold <= config.auto_threshold < 1


def test_every_problem_is_reported_together_with_a_fix() -> None:
    with pytest.raises(MatchConfigError) as caught:
        MatchConfig(auto_threshold=1.5, review_threshold=0.0, tie_margin=-1, em_iterations=0)
    problems = caught.value.problems
    assert len(problems) == 4
    assert all(":" in p for p in problems)
    assert any("auto_threshold" in p for p in problems) and any("tie_margin" in p for p in problems)


def test_thresholds_in_the_wrong_order_are_a_problem() -> None:
    with pytest.raises(MatchConfigError, match="review_threshold must not exceed auto_threshold"):
        MatchConfig(auto_threshold=0.6, review_threshold=0.9)


def test_wrong_types_are_reported_per_field() -> None:
    with pytest.raises(MatchConfigError) as caught:
        MatchConfig(auto_threshold="high", random_pairs=1.5, max_name_block=True)
    assert [p.split()[0] for p in caught.value.problems] == ["auto_threshold", "random_pairs",
                                                            "max_name_block"]


def test_from_mapping_reports_unknown_keys_with_the_value_problems() -> None:
    with pytest.raises(MatchConfigError) as caught:
        MatchConfig.from_mapping({"auto_treshold": 0.99, "review_threshold": 2})
    assert len(caught.value.problems) == 3
    assert "unknown setting 'auto_treshold'" in caught.value.problems[0]
    assert MatchConfig.from_mapping({"auto_threshold": 0.99}).auto_threshold == 0.99


def test_a_wrong_type_does_not_hide_the_other_fields_range_problems() -> None:
    with pytest.raises(MatchConfigError) as caught:
        MatchConfig(auto_threshold="high", tie_margin=-1, em_iterations=0)
    assert [p.split()[0] for p in caught.value.problems] == ["auto_threshold", "tie_margin", "em_iterations"]
