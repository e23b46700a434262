"""The committed JSON Schema is the one the models generate, and it accepts the contract example."""

from __future__ import annotations

import json
from pathlib import Path

from isoctl.plan.jsonschema import plan_schema_text

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schema_is_fresh() -> None:
    committed = (ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8")
    assert committed == plan_schema_text(), "schema/plan.schema.json is stale: run `isoctl schema -o schema/plan.schema.json --force`"


def test_schema_command_prints_it(cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "isoctl plan"
    assert {"format", "year", "agency", "document", "phases"} <= set(schema["properties"])
    assert set(schema["required"]) >= {"year", "agency", "document", "phases"}


def test_every_plan_points_editors_at_the_schema() -> None:
    for path in [*ROOT.glob("plans/*.yaml"), *ROOT.glob("plans/**/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
        assert target == (ROOT / "schema" / "plan.schema.json").resolve(), path
