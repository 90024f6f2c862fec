"""Bundled scenarios: found by name, from a checkout or from an installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_SCENARIO = "pasuruan_pilkada_2024"


def bundled_dir() -> Path:
    """The folder of bundled scenario files (package data of `scenarios`)."""
    return Path(str(resources.files("scenarios")))


def bundled_scenarios() -> dict[str, Path]:
    """Bundled scenario names (file stems) and their paths, sorted by name."""
    return {p.stem: p for p in sorted(bundled_dir().glob("*.yaml"))}


def resolve_scenario(source: str | Path | None) -> Path:
    """A path as given if it exists, else the bundled scenario of that name; None: the default."""
    if source is None:
        source = DEFAULT_SCENARIO
    path = Path(source)
    if path.exists():
        return path
    return bundled_scenarios().get(str(source), path)
