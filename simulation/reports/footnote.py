"""The source line at the foot of every chart: which scenario, strategy and seed made it."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt


def add_footnote(fig: plt.Figure, meta: dict[str, Any], template: str, bottom: float) -> None:
    """Write `template` (filled from the run's manifest) at the foot; the plot keeps clear of
    the lowest `bottom` share of the figure."""
    fig.text(
        0.01,
        0.005,
        template.format(
            scenario=meta["scenario"],
            sha=meta["scenario_sha256"][:12],
            strategy=meta["strategy"],
            seed=meta["seed"],
            version=meta["sispam_version"],
        ),
        fontsize=7,
        color="#555555",
        ha="left",
        va="bottom",
    )
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
