"""The JSON Schema of plan files, generated from the models (committed as schema/plan.schema.json)."""

from __future__ import annotations

import json


def plan_schema() -> dict:
    from isoctl.plan.model import Plan

    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "isoctl plan"
    return schema


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
