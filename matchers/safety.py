"""The safety rules: what no learned score overrides.

Two kinds, each rule a named object whose ``why`` says what it guards against:

- ``REFUSALS`` keep a pair from being compared at all (its SQL is a condition a
  fuzzy block's pair must meet, ``allows``): the pair never becomes a link.
- ``REVIEW_RULES`` hold a link at ``review`` however well it scores (their SQL,
  ``holds``, reads a kept pair's levels, ``p_implausible``, ``rivals`` — the
  person's candidates within the tie margin of its best — and ``typo_ids`` — the
  valid IDs one typo from the member). The first rule that holds, in this
  order, is the ``safety`` item of the link's explanation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """A condition a pair found by a fuzzy block must meet to be compared."""

    name: str
    allows: str
    why: str


@dataclass(frozen=True)
class ReviewRule:
    """A condition under which a link is never ``auto``."""

    name: str
    holds: str
    why: str


ID_HELD_BY_A_MEMBER = Refusal(
    "id_held_by_a_member", "p.owner IS DISTINCT FROM 'member'",
    "A person whose valid ID is a registered member's is that member: the exact-ID block "
    "compares them, no fuzzy block pairs them with anyone else.")
ID_HELD_BY_ANOTHER_PERSON = Refusal(
    "id_held_by_another_person", "(p.owner IS DISTINCT FROM 'other' OR m.id_norm IS NULL)",
    "A person whose valid ID is another real person's (in hukou) is that person: compared only "
    "with members who have no valid ID, never linked to a member one typo or one sequence number away.")
TOO_MANY_NAMESAKES = Refusal(
    "too_many_namesakes", "p.name_text IN ({names})",
    "A record without a usable ID is compared by its exact name only when at most max_name_block "
    "members carry that name: among more namesakes a name cannot pick one person.")

REFUSALS = (ID_HELD_BY_A_MEMBER, ID_HELD_BY_ANOTHER_PERSON, TOO_MANY_NAMESAKES)

FREE = f"({ID_HELD_BY_A_MEMBER.allows} AND {ID_HELD_BY_ANOTHER_PERSON.allows})"
"""The persons the fuzzy blocks may pair with member ``m``: those both owner refusals allow."""

REVIEW_RULES = (
    ReviewRule("exact_id_name_differs", "id_level = 'exact' AND name_level = 'different'",
               "The same ID on a record with a wholly different name: a borrowed ID or an entry "
               "error; the exact-ID link is kept for review, never dropped."),
    ReviewRule("implausible_id", "p_implausible",
               "The record's ID holds its check digit but has no province code or no possible "
               "birth date: made up, not mistyped (a typo would break the check digit)."),
    ReviewRule("different_valid_id", "id_level IN ('neighbour', 'other')",
               "Both IDs are valid and different: a namesake, or a sequence-number neighbour born "
               "the same day in the same county."),
    ReviewRule("no_usable_id", "id_level = 'missing'",
               "One side has no usable ID: the name and nothing else says who it is."),
    ReviewRule("id_similarity_only", "id_level <> 'exact' AND name_level IN ('different', 'missing')",
               "The IDs are only alike (a typo apart) and the names disagree or one is missing."),
    ReviewRule("several_members", "rivals > 1",
               "The record's best members score within tie_margin of each other: it links to all "
               "of them, none auto."),
    ReviewRule("several_ids_near_member", "typo_ids > 1 AND id_level = 'typo'",
               "Several different valid IDs lie one typo from a member whose own ID is invalid: "
               "which of them is the member's is not known."),
)


def review_rule_sql() -> str:
    """SQL naming the first review rule that holds for a kept pair (NULL when none does)."""
    whens = " ".join(f"WHEN {rule.holds} THEN '{rule.name}'" for rule in REVIEW_RULES)
    return f"CASE {whens} END"
