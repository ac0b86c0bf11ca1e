"""The truth tables agree with the drop and cover every rule, noise and bad-input kind."""
from __future__ import annotations

import re

import pandas as pd

RULES = {"INCOME_OVER_LIMIT", "FINANCIAL_ASSETS_OVER_LIMIT", "VEHICLE_OWNED", "HOUSING_OVER_LIMIT",
         "BUSINESS_OWNER", "PUBLIC_SECTOR_EMPLOYEE", "MEMBER_DECEASED", "IDENTITY_UNVERIFIED"}
BAD_KINDS = {"missing_required", "impossible_date", "unparsable_amount", "negative_amount", "negative_area",
             "duplicate_record_id", "duplicate_member_key", "unknown_enum", "orphan_member", "no_person"}
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def valid_id(text: str) -> bool:
    """An independent ISO 7064 MOD 11-2 check of an 18-character resident ID."""
    if not re.fullmatch(r"\d{17}[\dX]", text):
        return False
    return "10X98765432"[sum(int(c) * w for c, w in zip(text, WEIGHTS)) % 11] == text[17]


def _linked_rows(sources, truth) -> pd.DataFrame:
    parts = [truth["links"][truth["links"]["source"] == s].merge(sources[s][["record_id", "id_number", "name"]])
             for s in truth["links"]["source"].unique()]
    return pd.concat(parts)


def test_every_rule_fires_somewhere_and_some_household_has_no_flag(sources, truth):
    assert set(truth["flags"]["rule_id"]) == RULES
    assert set(sources["households"]["household_id"]) - set(truth["flags"]["household_id"])


def test_scenarios_agree_with_flags_and_every_rule_also_stays_silent(truth):
    fired = set(zip(truth["flags"]["household_id"], truth["flags"]["rule_id"]))
    scenarios = truth["scenarios"]
    expected = scenarios["fires"] == "True"
    actual = [(h, r) in fired for h, r in zip(scenarios["household_id"], scenarios["rule_id"])]
    assert list(expected) == actual
    assert set(scenarios.loc[~expected, "rule_id"]) == RULES


def test_at_limit_values_do_not_fire_and_one_cent_above_does(truth):
    fired = set(zip(truth["flags"]["household_id"], truth["flags"]["rule_id"]))
    by_scenario = truth["scenarios"].groupby("scenario")
    for scenario, should in [("income_at_limit", False), ("income_cent_above", True),
                             ("income_per_capita_cent_above", True), ("assets_at_limit", False),
                             ("assets_cent_above", True), ("biz_sole_at_limit", False),
                             ("biz_sole_cent_above", True)]:
        rows = by_scenario.get_group(scenario)
        assert all(((h, r) in fired) == should for h, r in zip(rows["household_id"], rows["rule_id"])), scenario


def test_every_bad_input_kind_is_injected_at_its_row(sources, truth):
    q = truth["quarantine"]
    assert set(q["kind"]) == BAD_KINDS
    for source, rows in q.groupby("source"):
        frame = sources[source]
        positions = rows["_row"].astype(int) - 1
        assert positions.max() < len(frame)
        duplicated = rows[rows["kind"] == "duplicate_record_id"]
        if len(duplicated):
            ids = frame["record_id"].iloc[duplicated["_row"].astype(int) - 1]
            assert (frame["record_id"].isin(ids).sum()) == len(duplicated)
    hh = sources["households"]
    impossible = q[(q["source"] == "households") & (q["kind"] == "impossible_date")]["_row"].astype(int)
    assert len(impossible) and hh["registered_on"].iloc[impossible - 1].str.contains("02-30|04/31|0229|11-31").all()


def test_quarantined_rows_are_not_links_or_decoys(sources, truth):
    q = truth["quarantine"]
    agency = q[q["source"].isin(truth["links"]["source"])]
    assert len(agency) and len(truth["links"]) and len(truth["decoys"])
    for source, rows in agency.groupby("source"):
        record_ids = set(sources[source]["record_id"].iloc[rows["_row"].astype(int) - 1])
        assert not record_ids & set(truth["links"].query("source == @source")["record_id"])
        assert not record_ids & set(truth["decoys"].query("source == @source")["record_id"])


def test_links_and_decoys_point_at_records_in_the_drop(sources, truth):
    for table in ("links", "decoys"):
        assert len(truth[table]), f"{table} is empty"
        for source, rows in truth[table].groupby("source"):
            assert set(rows["record_id"]) <= set(sources[source]["record_id"]), (table, source)
    members = set(zip(sources["members"]["household_id"], sources["members"]["member_no"]))
    linked = set(zip(truth["links"]["household_id"], truth["links"]["member_no"]))
    assert linked and linked <= members


def test_clean_ids_pass_the_checksum_and_typos_fail_it(sources, truth):
    rows = _linked_rows(sources, truth)
    clean = rows[~rows["noise"].str.contains("id_")]
    assert len(clean) > 100 and clean["id_number"].map(valid_id).all()
    typos = rows[rows["noise"].str.contains("id_typo")]
    assert len(typos) and not typos["id_number"].map(valid_id).any()
    legacy = rows[rows["noise"].str.contains("id_15")]["id_number"]
    assert len(legacy) and legacy.str.fullmatch(r"\d{15}").all()


def test_every_noise_kind_and_decoy_kind_occurs(truth):
    kinds = set("+".join(truth["links"]["noise"]).split("+"))
    assert kinds == {"clean", "id_15", "id_lower_x", "id_fullwidth", "id_space", "id_typo_sub", "id_typo_swap",
                     "name_traditional", "name_homophone", "name_dot", "name_space"}
    assert set(truth["decoys"]["kind"]) == {"namesake", "same_birth_county", "typo_collision"}


def test_every_hukou_status_and_a_no_dibao_region_appear(sources, truth):
    assert set(sources["hukou"]["status"].dropna()) >= {"正常", "死亡", "迁出"}
    problems = truth["data_problems"].merge(sources["households"], on="household_id")
    assert len(problems) and not problems["region_code"].isin(["530102", "532901"]).any()


def test_dates_and_months_appear_in_every_allowed_form(sources):
    dates = pd.concat([sources["bank"]["as_of"], sources["vehicles"]["registered_on"]]).dropna()
    for pattern in (r"\d{4}-\d{2}-\d{2}", r"\d{4}/\d{2}/\d{2}", r"\d{8}"):
        assert dates.str.fullmatch(pattern).any(), pattern
    periods = sources["hr"]["period"].dropna()
    assert periods.str.fullmatch(r"\d{4}-\d{2}").any() and periods.str.fullmatch(r"\d{6}").any()
    assert sources["hr"]["monthly_wage"].dropna().str.contains(",").any()
