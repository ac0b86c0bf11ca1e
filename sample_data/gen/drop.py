"""One extract drop and its truth: rendered sources with bad rows spread through them.

`build_drop` is the generator's single entry point below the command line.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from . import truth
from .badrows import BAD, count_per_kind, duplicate_victims, interleave, spoil
from .render import render_agency, render_households, render_members
from .scenarios import EXPECT
from .schema import AGENCY_SOURCES, RECORD_PREFIX, SOURCES
from .world import World, build_world


@dataclass
class Drop:
    """Text tables per source (final row order) and the truth tables."""

    tables: dict[str, dict[str, pa.Array]]
    truth: dict[str, pd.DataFrame]
    households: int
    members: int


def _template(rng: np.random.Generator, columns: dict[str, pa.Array], pool: np.ndarray) -> tuple[dict, int]:
    """One existing row (from the pool of harmless rows) as a dict of text, and its index."""
    i = int(rng.choice(pool))
    return {c: a[i].as_py() for c, a in columns.items()}, i


def _bad_rows(rng: np.random.Generator, source: str, columns: dict[str, pa.Array], pool: np.ndarray,
              victims: list[dict]) -> tuple[list[dict], list[str], list[int]]:
    """Bad rows for one source, their kinds, and the indices of existing rows they duplicate."""
    n, rows, kinds, originals = len(columns[next(iter(columns))]), [], [], []
    pool = pool if len(pool) else np.arange(n)
    for kind, column in BAD[source] if n else []:
        for _ in range(count_per_kind(n)):
            row, i = _template(rng, columns, pool)
            if kind == "duplicate_record_id":
                originals.append(i)
            else:
                row = spoil(kind, column, row, rng)
                _renumber(source, row, n + len(rows) + 1)
            rows.append(row)
            kinds.append(kind)
    for victim, i in victims:
        rows.append(victim)
        kinds.append("duplicate_member_key")
        originals.append(i)
    return rows, kinds, originals


def _renumber(source: str, row: dict, number: int) -> None:
    """Give an injected row a key of its own (record_id, household_id or member_no)."""
    if source in RECORD_PREFIX:
        row["record_id"] = f"{RECORD_PREFIX[source]}{number:08d}"
    elif source == "households":
        row["household_id"] = f"HH{number:06d}"
    else:
        row["member_no"] = str(number)


def _inject(rng: np.random.Generator, source: str, columns: dict[str, pa.Array], pool: np.ndarray,
            victims: list) -> tuple[dict[str, pa.Array], pd.DataFrame, np.ndarray]:
    """Spread bad rows through a source; returns table, its quarantine truth, duplicated originals."""
    n = len(columns[next(iter(columns))])
    rows, kinds, originals = _bad_rows(rng, source, columns, pool, victims)
    order, good_position = interleave(rng, n, len(rows))
    table = {c: pa.concat_arrays([a.cast(pa.string()), pa.array([r[c] for r in rows], pa.string())]).take(order)
             for c, a in columns.items()}
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    bad_rows = position[n + np.arange(len(rows))] + 1
    quarantine = pd.DataFrame({"source": source, "_row": np.r_[bad_rows, good_position[originals] + 1],
                               "kind": kinds + [k for k in kinds if k.startswith("duplicate")]})
    return table, quarantine, np.asarray(originals, dtype=np.int64)


def _pools(world: World, rendered: dict) -> dict[str, np.ndarray]:
    """Rows that bad rows may copy: ordinary non-members' records; ordinary households and members."""
    plain = (world.people.member_row < 0) & (world.people.decoy == 0)
    pools = {s: np.flatnonzero(plain[r.person]) for s, r in rendered.items()}
    pools["households"] = np.flatnonzero((world.households["scenario"] == "").to_numpy())
    pools["members"] = np.flatnonzero(((world.members["scenario"] == "") & ~world.members["dup_victim"]).to_numpy())
    return pools


def build_drop(households_n: int, seed: int, as_of: dt.date, register_ratio: int = 3) -> Drop:
    """Generate a drop of households_n households and its truth, deterministically from seed
    (``register_ratio``: non-members per member in the police register, see ``build_world``)."""
    world = build_world(households_n, seed, as_of, register_ratio)
    rng = np.random.default_rng([seed, 1])
    victims = duplicate_victims(rng, world.members)
    world.members["dup_victim"] = np.isin(np.arange(len(world.members)), victims)
    rendered = {s: render_agency(rng, s, world.frames[s], world.people) for s in AGENCY_SOURCES}
    texts = {"households": render_households(rng, world.households),
             "members": render_members(rng, world.members, world.people),
             **{s: r.columns for s, r in rendered.items()}}
    member_copies = [({c: a[int(v)].as_py() for c, a in texts["members"].items()}, int(v)) for v in victims]
    pools, tables, quarantine, accepted = _pools(world, rendered), {}, [], {}
    for source in SOURCES:
        copies = member_copies if source == "members" else []
        tables[source], q, originals = _inject(rng, source, texts[source], pools[source], copies)
        quarantine.append(q)
        accepted[source] = ~np.isin(np.arange(len(next(iter(texts[source].values())))), originals)
    agency_ok = {s: accepted[s] for s in AGENCY_SOURCES}
    links = {s: truth.linked(world, r, agency_ok[s]) for s, r in rendered.items()}
    return Drop(tables, {
        "links": truth.link_table(world, links),
        "decoys": truth.decoy_table(world, rendered, agency_ok),
        "flags": truth.flags(world, links, truth.latest_period(rendered, agency_ok)),
        "quarantine": pd.concat(quarantine, ignore_index=True).sort_values(["source", "_row"]),
        "data_problems": truth.data_problems(world),
        "scenarios": _scenario_table(world),
    }, len(world.households), len(world.members))


def _scenario_table(world: World) -> pd.DataFrame:
    """Scenario households with the rule each exercises and whether it should fire."""
    h = world.households[world.households["scenario"] != ""]
    expect = [EXPECT[s] for s in h["scenario"]]
    return pd.DataFrame({"household_id": h["household_id"], "scenario": h["scenario"],
                         "rule_id": [e[0] for e in expect], "fires": [e[1] for e in expect]}
                        ).sort_values("household_id")
