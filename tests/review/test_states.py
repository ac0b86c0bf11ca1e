"""Case states: the table the reports show and the forms an import accepts.

The expected states, labels and open/closed flags are copied by hand from the
interface contract (shared/spec/interface.md §5), not read from ``review.states``,
so a state renamed, relabelled or reopened in the code alone fails here.
"""
from __future__ import annotations

import pytest

import review

# (id, 中文, open?, meaning) as the interface contract §5 prints them.
CONTRACT = [
    ("to_verify", "待核实", True, "new or reopened; the default"),
    ("verifying", "核实中", True, "an auditor is checking"),
    ("notified", "已告知", True, "the household was told; its contest period runs"),
    ("confirmed_ineligible", "已核实-不符合", False, "checked: the household no longer qualifies"),
    ("confirmed_eligible", "已核实-符合", False, "checked: it still qualifies (e.g. an exemption applies)"),
    ("false_match", "误报", False, "the evidence is not this household's (a wrong link)"),
    ("data_outdated", "数据待更新", True, "the agency data is out of date"),
]


def test_the_states_table_is_the_contracts_table() -> None:
    table = review.states_table()
    assert list(table.columns) == ["state", "label_zh", "is_open", "meaning"]
    assert table[["state", "label_zh", "is_open"]].values.tolist() == [[s, zh, is_open] for s, zh, is_open, _ in CONTRACT]
    for meaning, (_, _, _, english) in zip(table["meaning"], CONTRACT):
        assert meaning.endswith(f" / {english}"), meaning


@pytest.mark.parametrize(("text", "state"), [
    ("to_verify", "to_verify"), ("待核实", "to_verify"), ("待核实 to_verify", "to_verify"),
    ("待核实\u3000to_verify", "to_verify"),              # an ideographic space, as Chinese input methods type it
    ("  已核实-不符合  ", "confirmed_ineligible"),
])
def test_a_state_is_accepted_by_id_label_or_both(text: str, state: str) -> None:
    assert review.parse_state(text) == state


@pytest.mark.parametrize("text", ["待核实 verifying", "to_verify verifying", "待核实 to_verify to_verify",
                                  "closed", "", "待核实 closed"])
def test_a_label_and_id_that_disagree_or_more_than_two_words_name_no_state(text: str) -> None:
    assert review.parse_state(text) is None
