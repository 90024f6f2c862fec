"""Geography: roads, venues, and the scenario checks that need them.

`load_scenario` and `parse_scenario` are the scenario loaders to use: they run every check.
"""

from simulation.geography.checks import load_scenario, parse_scenario

__all__ = ["load_scenario", "parse_scenario"]
