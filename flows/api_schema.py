"""The JSON schemas of contract §6, for the API's OpenAPI documentation at ``/docs``.

They describe; the contracts validate (``flows.check_input``), so a request
the schema would allow can still be refused with every bad field named.
"""

from __future__ import annotations

_TEXT = {"type": ["string", "number"]}

MEMBER_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["member_no", "relation", "name"],
    "properties": {
        "member_no": {**_TEXT, "description": "member number within the household"},
        "relation": {"type": "string", "enum": ["本人", "配偶", "子女", "父母", "其他"]},
        "name": {"type": "string"},
        "id_number": {"type": "string", "description": "resident ID number (18 characters, or a legacy 15)"},
        "gender": {"type": "string", "enum": ["男", "女"]},
        "birth_date": {"type": "string", "format": "date"},
    },
}

HOUSEHOLD_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["household_id", "region_code", "category", "declared_monthly_income", "members"],
    "properties": {
        "household_id": {"type": "string"},
        "region_code": {"type": "string", "description": "6-digit county code"},
        "category": {"type": "string", "enum": ["深度困难", "相对困难", "意外致困"]},
        "declared_monthly_income": {**_TEXT, "description": "yuan, exact decimal text (e.g. \"1033.00\")"},
        "registered_on": {"type": "string", "format": "date", "description": "default: the check's date"},
        "members": {"type": "array", "minItems": 1, "items": MEMBER_SCHEMA,
                    "description": "exactly one member with relation 本人"},
    },
}

_EVIDENCE = {"type": "object", "properties": {
    "source": {"type": "string"}, "record_id": {"type": "string"}, "member_no": {"type": "integer"},
    "method": {"type": ["string", "null"]}, "score": {"type": ["number", "null"]},
    "decision": {"type": ["string", "null"]}}}

ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "data_run_id": {"type": "string"}, "as_of": {"type": "string", "format": "date"},
        "flags": {"type": "array", "items": {"type": "object", "properties": {
            "rule_id": {"type": "string"}, "status": {"type": "string", "enum": ["breach", "review"]},
            "value": {"type": "string"}, "threshold": {"type": "string"},
            "evidence": {"type": "array", "items": _EVIDENCE}}}},
        "data_problems": {"type": "array", "items": {"type": "object", "properties": {
            "rule_id": {"type": "string"}, "problem": {"type": "string"}}}},
        "already_registered": {"type": "array", "items": {"type": "object", "properties": {
            "member_no": {"type": "integer"}, "household_id": {"type": "string"}}}},
    },
}
