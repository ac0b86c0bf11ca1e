"""Typed frames to the text tables of a drop: shuffled, numbered, noised, formatted.

A rendered source keeps, next to its text columns, the true `person` and the
noise codes of every row, which the truth tables are built from.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import formats, ids, noise
from .population import Population
from .schema import COLUMNS, RECORD_PREFIX

NOISE_RATE = {"hukou": 0.04, "vehicles": 0.12, "hr": 0.10, "bank": 0.12, "housing": 0.12,
              "civil_affairs": 0.12, "business": 0.12}


@dataclass
class Rendered:
    """Text columns of one source plus, per row, its typed values, true person and noise codes."""

    columns: dict[str, pa.Array]
    frame: pd.DataFrame
    person: np.ndarray
    id_code: np.ndarray
    name_code: np.ndarray


def _enum(values) -> pa.Array:
    return pa.array(values).cast(pa.string())


def _source_columns(rng: np.random.Generator, source: str, f: pd.DataFrame) -> dict[str, pa.Array]:
    """The source-specific text columns of a typed frame."""
    def amount(column: str, **options) -> pa.Array:
        return formats.amounts(rng, f[column].to_numpy(), **options)

    if source == "hukou":
        return {"former_name": pa.Array.from_pandas(f["former_name"]).cast(pa.string()),
                "region_code": _enum(f["region_code"].astype(str).to_numpy()), "status": _enum(f["status"])}
    if source == "vehicles":
        letters = np.array(list("ABCDEFGHJK"))[f["plate"].to_numpy() % 10]
        plate = pc.binary_join_element_wise("云", letters, formats.as_text(f["plate"].to_numpy() // 10 % 100000, 5), "")
        return {"plate_no": plate, "vehicle_type": _enum(f["vehicle_type"]),
                "registered_on": formats.dates(rng, f["registered_on"].to_numpy()), "status": _enum(f["status"])}
    if source == "hr":
        zero = {c: (f[c].to_numpy() == 0) & (rng.random(len(f)) < 0.85)
                for c in ("monthly_wage", "pension", "unemployment_benefit")}
        return {"period": formats.months(rng, f["period"].to_numpy()), "employer_name": _enum(f["employer_name"]),
                "employer_type": _enum(f["employer_type"]),
                **{c: amount(c, empty=zero[c]) for c in zero}}
    if source == "bank":
        return {"institution": _enum(f["institution"]), "product_type": _enum(f["product_type"]),
                "balance": amount("balance"), "as_of": formats.dates(rng, f["as_of"].to_numpy())}
    if source == "housing":
        return {"cert_no": formats.codes(f["cert"].to_numpy(), "不动产权第", 7), "usage": _enum(f["usage"]),
                "area_m2": amount("area"), "acquired_on": formats.dates(rng, f["acquired_on"].to_numpy())}
    if source == "civil_affairs":
        amounts = f["amount"].to_numpy()
        return {"record_type": _enum(f["record_type"]), "event_date": formats.dates(rng, f["event_date"].to_numpy()),
                "amount": formats.amounts(rng, np.maximum(amounts, 0), empty=amounts < 0)}
    return {"enterprise_name": _enum(f["enterprise_name"]), "role": _enum(f["role"]),
            "registered_capital": amount("registered_capital"), "status": _enum(f["status"])}


def render_agency(rng: np.random.Generator, source: str, frame: pd.DataFrame, people: Population) -> Rendered:
    """Shuffle, number (record_id), noise the person columns and format one agency source."""
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    person = frame["person"].to_numpy()
    id_text, id_code = noise.id_noise(rng, people, person, NOISE_RATE[source])
    name_text, name_code = noise.name_noise(rng, people, person, NOISE_RATE[source], id_code)
    columns = {"record_id": formats.codes(np.arange(1, len(frame) + 1), RECORD_PREFIX[source], 8),
               "id_number": id_text, "name": name_text, **_source_columns(rng, source, frame)}
    return Rendered({c: columns[c] for c in COLUMNS[source]}, frame, person, id_code, name_code)


def render_households(rng: np.random.Generator, households: pd.DataFrame) -> dict[str, pa.Array]:
    """The households register as text columns."""
    return {"household_id": pa.array(households["household_id"]), "region_code": pa.array(households["region_code"]),
            "category": pa.array(households["category"]),
            "registered_on": formats.dates(rng, households["registered_on"].to_numpy()),
            "declared_monthly_income": formats.amounts(rng, households["declared_monthly_income"].to_numpy())}


def register_ids(rng: np.random.Generator, members: pd.DataFrame, people: Population) -> pa.Array:
    """Member IDs as the union register holds them (see households.identity_truth for forms)."""
    matrix = people.id_matrix[: len(members)]
    form = members["id_form"].to_numpy().copy()
    form[(form == "lower_x") & (matrix[:, 17] != ids.X)] = "clean"
    form[(form == "legacy_15") & (members["birth"].to_numpy() >= np.datetime64("2000-01-01"))] = "clean"
    text = ids.to_strings(matrix)
    forms = {"lower_x": ids.lower_x, "legacy_15": ids.legacy_15, "typo": lambda m: ids.typo_substitution(m, rng),
             "spaces": lambda m: ids.with_spaces(m, rng), "truncated": lambda m: m[:, :17]}
    for kind, transform in forms.items():
        mask = form == kind
        if mask.any():
            text = pc.replace_with_mask(text, pa.array(mask), ids.to_strings(transform(matrix[mask])))
    return pc.if_else(pa.array(form == "empty"), pa.scalar(None, pa.string()), text)


def render_members(rng: np.random.Generator, members: pd.DataFrame, people: Population) -> dict[str, pa.Array]:
    """The members register as text columns; gender and birth date sometimes left empty."""
    n = len(members)
    gender = np.where(members["male"].to_numpy(), "男", "女")
    birth = formats.dates(rng, members["birth"].to_numpy())
    return {"household_id": pa.array(members["household_id"]),
            "member_no": formats.as_text(members["member_no"].to_numpy()),
            "relation": pa.array(members["relation"]), "name": people.name.slice(0, n),
            "id_number": register_ids(rng, members, people),
            "gender": pa.array(np.where(rng.random(n) < 0.05, None, gender), pa.string()),
            "birth_date": pc.if_else(pa.array(rng.random(n) < 0.1), pa.scalar(None, pa.string()), birth)}
