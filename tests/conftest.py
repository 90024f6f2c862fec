"""Shared fixtures: the small hand-checkable scenario and ways to vary it."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulation.geography import parse_scenario
from simulation.scenario import ScenarioSpec

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"


def mini_text() -> str:
    return MINI.read_text(encoding="utf-8")


def edited(*edits: tuple[str, str]) -> str:
    """The mini scenario's text with each (old, new) edit applied to its first occurrence."""
    text = mini_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def mini(*edits: tuple[str, str]) -> ScenarioSpec:
    """The mini scenario, edited."""
    return parse_scenario(edited(*edits), "mini.yaml")


@pytest.fixture
def mini_spec() -> ScenarioSpec:
    return mini()
