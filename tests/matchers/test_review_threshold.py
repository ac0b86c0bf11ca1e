"""The review threshold is inclusive: a pair scoring exactly ``review_threshold`` is kept for review.

``MatchConfig.review_threshold`` is documented as the score *from which* a link
is kept for ``review``. The mutation check found that turning the linker's
``score >= review_threshold`` into ``>`` went unnoticed: no test had a pair on
the boundary. Learned scores cannot be chosen by hand, so the test measures one:
a first run on a tiny staged warehouse gives the score of a record linked on its
name alone (no ID, so only the threshold can keep it), and two more runs on the
same data set ``review_threshold`` to exactly that score (kept) and to the next
float above it (dropped). The weights do not depend on the threshold, so the
pair scores the same in every run. Only the public facade is used
(``matchers.link_records``, the ``links`` table), so the test holds whatever
shape the linker's SQL takes inside.
"""

from __future__ import annotations

import math

from matcher_fixtures import background, stage

from matchers import MatchConfig, link_records

MEMBERS, HUKOU, PUBLIC = background(n=60, seed=7)
MEMBER = MEMBERS[7]
RECORD = {"record_id": "X", "id_number": None, "name": MEMBER["name"]}  # no usable ID: linked on the name only


def _links_of_record(review_threshold: float) -> list[tuple]:
    """(household_id, member_no, method, score, decision) of record X, linked with this review threshold."""
    con = stage(MEMBERS, hukou=HUKOU + PUBLIC, vehicles=[RECORD])
    link_records(con, ["hukou", "vehicles"], MatchConfig(review_threshold=review_threshold, auto_threshold=0.9999))
    return con.sql("SELECT household_id, member_no, method, score, decision FROM links "
                   "WHERE source = 'vehicles' AND record_id = 'X'").fetchall()


def test_a_pair_scoring_exactly_the_review_threshold_is_kept_for_review() -> None:
    measured = _links_of_record(review_threshold=0.01)
    assert [(h, m, method) for h, m, method, _, _ in measured] == [
        (MEMBER["household_id"], MEMBER["member_no"], "fuzzy")], measured
    score = measured[0][3]
    assert 0.01 < score < 0.9999, "the name-only pair must lie strictly between the thresholds to be a boundary case"

    at_threshold = _links_of_record(review_threshold=score)
    assert at_threshold == [(MEMBER["household_id"], MEMBER["member_no"], "fuzzy", score, "review")]

    assert _links_of_record(review_threshold=math.nextafter(score, 1.0)) == [], \
        "a pair scoring below the review threshold, by a single float step, is dropped"
