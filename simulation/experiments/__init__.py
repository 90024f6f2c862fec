"""Experiments at scale: strategy comparisons and parameter sweeps over many seeded drills.

`compare` and `sweep` return pandas DataFrames and, given an output folder, store every drill
durably as it finishes so an interrupted experiment resumes without recomputing anything.
"""

from simulation.experiments.compare import Comparison, compare
from simulation.experiments.errors import ExperimentError
from simulation.experiments.sweep import Sweep, sweep

__all__ = ["Comparison", "ExperimentError", "Sweep", "compare", "sweep"]
