"""What `sispam validate` warns about a scenario's crowd scenes (warnings, never errors).

A valid scene can still mislead or keep a planner waiting: a walking step the crowd
validation did not cover gives unvalidated door flows and densities, and thousands of people
walked for hours make every drill, and a comparison of many, take minutes. Pure arithmetic
on the specs: no floor is built and nothing heavy is imported.
"""

from __future__ import annotations

from simulation.scenario.crowd import VALIDATED_DT_S
from simulation.scenario.errors import dotted
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.scenes import scenes

#: Crowd person-steps one CPU second walks, behaviour ticks and KPIs included: demo_kpu_bangil
#: (2,250 people x 18,000 steps) took 5.1-6.4 CPU s a drill alone and about 8 s each while two
#: ran at once, as a comparison on the project's 2-core machine runs them (6 Dec 2026,
#: benchmarks/bench_crowd_scene.py and `sispam compare`, docs/performance.md); from the latter,
#: rounded down, so the estimate errs long.
PERSON_STEPS_PER_CPU_S = 5_000_000
#: A drill longer than this (CPU seconds) is worth a warning: 3 strategies x 40 replications
#: of it then take more than 5 minutes on 2 cores.
SLOW_DRILL_S = 5.0
#: The comparison the estimate is quoted for: strategies x replications, on this many cores.
COMPARISON = (3, 40, 2)


def crowd_drill_seconds(spec: ScenarioSpec) -> float:
    """Estimated CPU seconds the crowd scenes add to one drill (everyone walking throughout)."""
    total = 0.0
    for scene in scenes(spec):
        people = sum(g.size for g in scene.spec.groups)
        total += people * round(scene.spec.duration / scene.spec.dt_s)
    return total / PERSON_STEPS_PER_CPU_S


def crowd_warnings(spec: ScenarioSpec) -> list[str]:
    """One ``path: message`` line per warning, in scene order."""
    found = []
    validated = ", ".join(f"{dt:g} s" for dt in VALIDATED_DT_S)
    for scene in scenes(spec):
        dt = scene.spec.dt_s
        if all(abs(dt - v) > 1e-9 for v in VALIDATED_DT_S):
            found.append(
                f"{dotted((*scene.path, 'dt_s'))}: the crowd validation covers walking steps of "
                f"{validated} only, not {dt:g} s: door flows and densities at this step are "
                f"unchecked (run python benchmarks/validate_crowd.py --dt {dt:g}; docs/crowd.md)"
            )
    seconds = crowd_drill_seconds(spec)
    if seconds > SLOW_DRILL_S:
        strategies, replications, cores = COMPARISON
        minutes = seconds * strategies * replications / cores / 60
        people = sum(g.size for s in scenes(spec) for g in s.spec.groups)
        found.append(
            f"{dotted(scenes(spec)[0].path)}: each drill will take about {seconds:.0f} s of "
            f"CPU for its crowd scenes ({people:,} people walked every step), so "
            f"{strategies} strategies x {replications} replications about {minutes:.0f} min "
            f"on {cores} cores; shorten the scene or use fewer replications to explore"
        )
    return found
