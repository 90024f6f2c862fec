"""The scenarios shown in docs/scenario.md are read from the page, validated and run, so the
documentation cannot drift from the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.core.drill import run_drill
from simulation.geography import load_scenario
from simulation.scenario.deployment import officers_deployed

PAGE = Path(__file__).resolve().parents[1] / "docs" / "scenario.md"
SNIPPET = re.compile(r"<!-- scenario: (\S+) -->\n```yaml\n(.*?)```", re.DOTALL)


@pytest.fixture
def written(tmp_path: Path) -> dict[str, Path]:
    """Every snippet of the page, written beside each other (the second has `base:` the first)."""
    files = {}
    for name, text in SNIPPET.findall(PAGE.read_text(encoding="utf-8")):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    return files


def test_the_page_shows_a_minimal_and_a_logistics_scenario(written):
    assert list(written) == ["minimal.yaml", "logistik.yaml"]


def test_the_minimal_scenario_validates_runs_and_deploys_what_the_page_says(written, capsys):
    assert main(["validate", str(written["minimal.yaml"])]) == 0
    spec = load_scenario(written["minimal.yaml"])
    deployed = officers_deployed(spec, spec.strategies["statis"])
    # by hand: Kota 8 + 5 + 2 + 1 pairs, Gunung 4 + 3 + 2 pairs = 25 pairs; two cars of 4
    assert deployed == 25 * 2 + 2 * 4
    assert f"statis {deployed} officers" in capsys.readouterr().out
    assert f"`statis` deploys {deployed} officers" in PAGE.read_text(encoding="utf-8")
    result = run_drill(spec, strategy="statis", seed=1)
    assert result.kpis["patrol.incidents"] > 0


def test_the_logistics_example_validates_and_delivers(written):
    assert main(["validate", str(written["logistik.yaml"])]) == 0
    spec = load_scenario(written["logistik.yaml"])
    assert spec.logistics is not None and spec.metadata.name == "logistik"
    result = run_drill(spec, strategy="statis", seed=1)
    assert result.kpis["logistics.undelivered_tps"] == 0
