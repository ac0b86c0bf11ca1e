"""Each source's contract: accepted rows are typed, every kind of bad row is
quarantined with its exact reason, as received."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import pyarrow as pa
import pytest

from data_contracts import SOURCES

REJECTIONS = [
    ("households", {"household_id": " "}, "household_id: required value missing"),
    ("households", {"region_code": "53010"}, "region_code: not a 6-digit code"),
    ("households", {"category": "困难"}, "category: not one of 深度困难|相对困难|意外致困"),
    ("households", {"registered_on": "2021-02-30"}, "registered_on: not a valid date"),
    ("households", {"registered_on": ""}, "registered_on: required value missing"),
    ("households", {"declared_monthly_income": "12.345"}, "declared_monthly_income: not a valid amount"),
    ("households", {"declared_monthly_income": "-5"}, "declared_monthly_income: negative amount"),
    ("members", {"member_no": "1.5"}, "member_no: not an integer"),
    ("members", {"member_no": ""}, "member_no: required value missing"),
    ("members", {"relation": "兄弟"}, "relation: not one of 本人|配偶|子女|父母|其他"),
    ("members", {"name": ""}, "name: required value missing"),
    ("members", {"gender": "M"}, "gender: not one of 男|女"),
    ("members", {"birth_date": "19900231"}, "birth_date: not a valid date"),
    ("hukou", {"record_id": ""}, "record_id: required value missing"),
    ("hukou", {"id_number": "", "name": " "}, "id_number, name: at least one required"),
    ("hukou", {"status": "失踪"}, "status: not one of 正常|死亡|迁出"),
    ("vehicles", {"registered_on": "2021-13-01"}, "registered_on: not a valid date"),
    ("vehicles", {"status": ""}, "status: required value missing"),
    ("vehicles", {"status": "在用"}, "status: not one of 正常|注销|报废|被盗抢"),
    ("hr", {"period": "2024-13"}, "period: not a valid month"),
    ("hr", {"period": ""}, "period: required value missing"),
    ("hr", {"employer_type": "国企"}, "employer_type: not one of 企业|机关|事业单位|个体|其他"),
    ("hr", {"monthly_wage": "1,23"}, "monthly_wage: not a valid amount"),
    ("hr", {"pension": "-1"}, "pension: negative amount"),
    ("bank", {"balance": ""}, "balance: required value missing"),
    ("bank", {"product_type": "黄金"}, "product_type: not one of 活期|定期|理财|基金|股票|其他"),
    ("bank", {"as_of": "2024/1/5"}, "as_of: not a valid date"),
    ("housing", {"area_m2": "-3"}, "area_m2: negative area"),
    ("housing", {"area_m2": "约90"}, "area_m2: not a valid area"),
    ("housing", {"usage": "工业"}, "usage: not one of 住宅|商业|办公|车位|其他"),
    ("housing", {"acquired_on": ""}, "acquired_on: required value missing"),
    ("civil_affairs", {"record_type": "救助"}, "record_type: not one of 低保|死亡"),
    ("civil_affairs", {"event_date": ""}, "event_date: required value missing"),
    ("civil_affairs", {"amount": "-1"}, "amount: negative amount"),
    ("business", {"role": "监事"}, "role: not one of 法定代表人|股东|个体工商户经营者"),
    ("business", {"registered_capital": ""}, "registered_capital: required value missing"),
    ("business", {"status": "停业"}, "status: not one of 存续|注销|吊销"),
]


@pytest.mark.parametrize("source", SOURCES)
def test_valid_row_is_accepted_with_row_number(stage, make_rows, source):
    staged = stage(source, make_rows(source))
    assert staged.accepted_count == 1 and staged.quarantined_count == 0
    assert staged.accepted.column_names[0] == "_row"
    assert staged.accepted["_row"].to_pylist() == [1]


@pytest.mark.parametrize(("source", "change", "reason"), REJECTIONS)
def test_bad_row_is_quarantined_with_its_exact_reason(stage, make_rows, source, change, reason):
    staged = stage(source, make_rows(source, {}, change))
    assert staged.accepted["_row"].to_pylist() == [1]
    assert staged.quarantine["_row"].tolist() == [2]
    assert staged.quarantine["_reason"].tolist() == [reason]


def test_all_reasons_of_a_row_are_joined_in_contract_order(stage, make_rows):
    staged = stage("bank", make_rows("bank", {"product_type": "黄金", "balance": "-1", "as_of": "x"}))
    assert staged.quarantine["_reason"].tolist() == [
        "product_type: not one of 活期|定期|理财|基金|股票|其他; balance: negative amount; as_of: not a valid date"]


def test_reasons_never_carry_personal_values(stage, make_rows):
    staged = stage("hr", make_rows("hr", {"id_number": "53010219900101123X", "name": "李四", "period": "x"}))
    reason = staged.quarantine["_reason"].iloc[0]
    assert "53010219900101123X" not in reason and "李四" not in reason


def test_quarantine_keeps_rows_as_received_with_extra_columns(stage, make_rows):
    raw = make_rows("bank", {"balance": " -7 "}).assign(branch="五华支行")
    staged = stage("bank", raw)
    assert staged.quarantine.loc[0, "balance"] == " -7 "
    assert staged.quarantine.loc[0, "branch"] == "五华支行"


def test_extra_columns_are_not_staged(stage, make_rows):
    staged = stage("bank", make_rows("bank").assign(branch="五华支行"))
    assert "branch" not in staged.accepted.column_names


def test_accepted_columns_are_typed_per_pipeline(stage, make_rows):
    staged = stage("hr", make_rows("hr", {"period": "202412", "pension": "", "employer_name": " "}))
    schema = staged.accepted.schema
    assert schema.field("_row").type == pa.int64()
    assert schema.field("period").type == pa.string()
    assert schema.field("monthly_wage").type == pa.decimal128(18, 2)
    row = staged.accepted.to_pylist()[0]
    assert row["period"] == "2024-12"
    assert row["monthly_wage"] == Decimal("3500.00")
    assert row["pension"] == Decimal("0")  # hr amounts: empty means 0
    assert row["employer_name"] is None  # blank text becomes null


@pytest.mark.parametrize("text", ["2024-02-29", "2024/02/29", "20240229"])
def test_every_date_format_is_staged_as_a_date(stage, make_rows, text):
    staged = stage("bank", make_rows("bank", {"as_of": text}))
    assert staged.accepted.schema.field("as_of").type == pa.date32()
    assert staged.accepted["as_of"].to_pylist() == [dt.date(2024, 2, 29)]


def test_thousands_separator_amount_is_exact(stage, make_rows):
    staged = stage("bank", make_rows("bank", {"balance": "12,345.60"}))
    assert staged.accepted["balance"].to_pylist() == [Decimal("12345.60")]


def test_text_is_trimmed_including_full_width_space(stage, make_rows):
    staged = stage("vehicles", make_rows("vehicles", {"status": "\u3000正常 ", "plate_no": " 云A1 "}))
    assert staged.accepted.to_pylist()[0]["status"] == "正常"
    assert staged.accepted.to_pylist()[0]["plate_no"] == "云A1"


def test_optional_agency_values_may_be_empty(stage, make_rows):
    assert stage("hukou", make_rows("hukou", {"former_name": "", "region_code": ""})).accepted_count == 1
    staged = stage("civil_affairs", make_rows("civil_affairs", {"record_type": "死亡", "amount": ""}))
    assert staged.accepted["amount"].to_pylist() == [None]


@pytest.mark.parametrize("person", [{"id_number": ""}, {"name": ""}])
def test_either_id_number_or_name_is_enough(stage, make_rows, person):
    assert stage("housing", make_rows("housing", person)).accepted_count == 1


def test_accepted_table_lands_in_duckdb_with_pipeline_types(stage, make_rows):
    con = duckdb.connect()
    con.register("members", stage("members", make_rows("members")).accepted)
    con.register("bank", stage("bank", make_rows("bank")).accepted)
    types = dict(con.sql("SELECT column_name, column_type FROM (DESCRIBE members)").fetchall())
    assert types == {"_row": "BIGINT", "household_id": "VARCHAR", "member_no": "BIGINT", "relation": "VARCHAR",
                     "name": "VARCHAR", "id_number": "VARCHAR", "gender": "VARCHAR", "birth_date": "DATE"}
    assert con.sql("SELECT typeof(balance), typeof(as_of) FROM bank").fetchall() == [("DECIMAL(18,2)", "DATE")]
