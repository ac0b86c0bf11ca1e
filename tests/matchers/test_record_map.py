"""The record → person map: joined on the persons' hash, or on their raw values when two persons share one.

The hash join is only taken when no two distinct persons share a hash; a
hash that collides (forced here) falls back to the null-safe join on the raw
values, and both give every record the same person and the same links.
"""

from __future__ import annotations

import pytest
from matcher_fixtures import background, stage

from matchers import link_records, prepare

MEMBERS, HUKOU, PUBLIC = background()
# The same person as received by two sources, once without a name and once without an ID.
VEHICLES = [dict(HUKOU[0], record_id="V1"), dict(HUKOU[1], record_id="V2", name=None),
            dict(HUKOU[2], record_id="V3", id_number=None), dict(HUKOU[2], record_id="V4", id_number=None)]


def linked(colliding: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    """(the record → person map, the links); ``colliding``: every person hashed to one of two values."""
    if colliding:
        monkeypatch.setattr(prepare, "_PERSON_HASH", "hash({t}name IS NULL)")
        monkeypatch.setattr(prepare, "_BY_HASH", "hash(r.name IS NULL) = p.p_hash")
    con = stage(MEMBERS, hukou=HUKOU + PUBLIC, vehicles=VEHICLES)
    link_records(con, ["hukou", "vehicles"])
    records = con.sql("SELECT p_id, source, record_id, _row FROM match_records ORDER BY ALL").fetchall()
    links = con.sql("SELECT * FROM links ORDER BY ALL").fetchall()
    return records, links


def test_a_colliding_hash_gives_the_same_map_and_links(monkeypatch: pytest.MonkeyPatch) -> None:
    records, links = linked(False, monkeypatch)
    colliding_records, colliding_links = linked(True, monkeypatch)
    assert len(records) == len(HUKOU) + len(PUBLIC) + len(VEHICLES)
    assert colliding_records == records and colliding_links == links


def test_the_hash_join_is_refused_when_two_persons_share_a_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    original = prepare._records_sql
    monkeypatch.setattr(prepare, "_records_sql", lambda sources, by_hash: calls.append(by_hash) or original(
        sources, by_hash))
    linked(False, monkeypatch)
    linked(True, monkeypatch)
    assert calls == [True, False]
