"""``hecha api`` as a client sees it: a real server process on 127.0.0.1, real HTTP.

Authentication (no token, a wrong one, one revoked by editing the token
file), the refusals (422 naming the field, 413 over the size limit), the
audit in the history (counts only: no ID number or name), and the reload
when a new run replaces the data run, with requests in flight answered.
"""

from __future__ import annotations

import copy
import json
import secrets
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import httpx
import pytest

from api_server import api_server
from check_drops import make_drop, register, run

OFFICER, INTAKE = secrets.token_hex(16), secrets.token_hex(16)


@pytest.fixture(scope="module")
def server(checked_root: Path, tmp_path_factory: pytest.TempPathFactory):
    """A running API over the checked root, with two tokens; yields (url, token file, log file)."""
    folder = tmp_path_factory.mktemp("api")
    tokens, log = folder / "tokens", folder / "api.log"
    tokens.write_text(f"# who may call\nofficer:{OFFICER}\nintake:{INTAKE}\n", encoding="utf-8")
    with api_server(checked_root, tokens, log) as url:
        yield url, tokens, log


def _post(url: str, body, token: str | None = OFFICER, **kwargs) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    content = body if isinstance(body, (bytes, str)) else json.dumps(body, ensure_ascii=False)
    return httpx.post(f"{url}/v1/check", content=content, headers=headers, timeout=60, **kwargs)


def test_health_needs_no_token_and_names_the_loaded_run(server, checked_root):
    answer = httpx.get(f"{server[0]}/v1/health", timeout=10)
    manifest = json.loads((checked_root / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert answer.status_code == 200 and answer.json()["data_run_id"] == manifest["run_id"]


def test_a_check_answers_with_the_contract_keys(server, checked_root):
    answer = _post(server[0], register(checked_root)[0], params={"as_of": "2026-11-30"})
    assert answer.status_code == 200
    assert set(answer.json()) == {"data_run_id", "as_of", "flags", "data_problems", "already_registered"}


@pytest.mark.parametrize("token", [None, "not-a-token", OFFICER[:-1]], ids=["none", "wrong", "almost"])
def test_without_a_valid_token_the_answer_is_401(server, checked_root, token):
    assert _post(server[0], register(checked_root)[0], token=token).status_code == 401


def test_a_token_removed_from_the_file_is_refused_at_once(server, checked_root):
    url, tokens, _ = server
    household = register(checked_root)[0]
    assert _post(url, household, token=INTAKE).status_code == 200
    tokens.write_text(f"officer:{OFFICER}\n", encoding="utf-8")
    assert _post(url, household, token=INTAKE).status_code == 401
    assert _post(url, household, token=OFFICER).status_code == 200


def _broken(change) -> dict:
    household = copy.deepcopy(_BASE)
    change(household)
    return household


_BASE = {"household_id": "APP-1", "region_code": "450202", "category": "深度困难",
         "declared_monthly_income": "800.00",
         "members": [{"member_no": 1, "relation": "本人", "name": "测试甲", "id_number": "450202198001010011"}]}

REFUSALS = {
    "malformed JSON": (b'{"household_id": ', "body"),
    "a member without a name": (_broken(lambda h: h["members"][0].pop("name")), "members[0].name"),
    "an unknown relation": (_broken(lambda h: h["members"][0].update(relation="邻居")), "members[0].relation"),
    "an unknown category": (_broken(lambda h: h.update(category="一般")), "category"),
    "an invalid birth date": (_broken(lambda h: h["members"][0].update(birth_date="1980-02-30")),
                              "members[0].birth_date"),
    "no applicant (本人)": (_broken(lambda h: h["members"][0].update(relation="配偶")), "members"),
    "no members": (_broken(lambda h: h.update(members=[])), "members"),
    "an unknown field": (_broken(lambda h: h.update(salary="1")), "salary"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_an_invalid_household_is_refused_with_422_naming_the_field(server, case):
    body, field = REFUSALS[case]
    answer = _post(server[0], body)
    assert answer.status_code == 422, answer.text
    assert field in {problem["field"] for problem in answer.json()["problems"]}


def test_a_body_over_the_limit_is_refused_with_413(server):
    answer = _post(server[0], b"{" + b" " * 1_100_000 + b"}")
    assert answer.status_code == 413 and answer.json()["problems"][0]["field"] == "body"


def test_the_audit_and_the_log_hold_counts_never_an_id_number_or_a_name(server, checked_root):
    url, _, log = server
    households = register(checked_root)[:5]
    for household in households:
        assert _post(url, household).status_code == 200
    secrets_sent = {m[k] for h in households for m in h["members"] for k in ("name", "id_number") if k in m}
    time.sleep(2.5)  # the audit is written about once a second
    with duckdb.connect(str(checked_root / "hecha-history.duckdb"), read_only=True) as con:
        rows = con.sql("SELECT * FROM api_audit").fetchall()
    audited = " ".join(str(value) for row in rows for value in row)
    assert {h["household_id"] for h in households} <= {row[2] for row in rows}
    assert "officer" in audited and OFFICER not in audited
    leaked = {s for s in secrets_sent if s in audited or s in log.read_text(encoding="utf-8")}
    assert leaked == set()


def test_a_new_run_is_loaded_without_dropping_a_request(server, checked_root, tmp_path):
    """On a root of its own (a copy of the data run), so the other tests keep theirs."""
    root = tmp_path / "root"
    root.mkdir()
    shutil.copyfile(checked_root / "hecha-data-run.duckdb", root / "hecha-data-run.duckdb")
    household = register(checked_root)[1]
    with api_server(root, server[1], tmp_path / "api.log") as url:
        before = httpx.get(f"{url}/v1/health", timeout=10).json()["data_run_id"]
        with ThreadPoolExecutor(2) as pool:
            answers = [pool.submit(_post, url, household) for _ in range(6)]
            run(make_drop(tmp_path / "second", 40, 880088), root / "out-second")
            answers += [pool.submit(_post, url, household) for _ in range(6)]
            statuses = [answer.result().status_code for answer in answers]
        for _ in range(50):
            after = httpx.get(f"{url}/v1/health", timeout=10).json()["data_run_id"]
            if after != before:
                break
            time.sleep(0.2)
    assert statuses == [200] * 12
    second = json.loads((root / "out-second" / "manifest.json").read_text(encoding="utf-8"))
    assert after == second["run_id"] != before


def test_without_a_data_run_the_api_answers_503(tmp_path):
    tokens = tmp_path / "tokens"
    tokens.write_text(f"officer:{OFFICER}\n", encoding="utf-8")
    with api_server(tmp_path / "empty-root", tokens, tmp_path / "api.log") as url:
        assert httpx.get(f"{url}/v1/health", timeout=10).status_code == 503
        assert _post(url, _BASE).status_code == 503
