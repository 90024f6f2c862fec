"""The paired counterfactual of one decision of a played game: "had the SSK been staged at
10:00 ...". The played log is branched at decision K (numbered from 1, as the AAR shows them):
the orders before K stay exactly as given, K is dropped or moved to another time, the orders
after K stay at their times. Both logs are replayed over N replications on common random
numbers (a comparison of decision logs, `compare --decisions`), replication 0 being the
played game's own dice, so the paired difference carries only the effect of the change.

Writes into OUT: played.yaml and counterfactual.yaml (the two logs), the comparison's tables
and manifest, and counterfactual.json (which decision changed and how), which
`sispam report OUT` words per deciding KPI. Every check happens before anything is written.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

from simulation.experiments.compare import Comparison, compare
from simulation.experiments.errors import ExperimentError
from simulation.geography import load_scenario
from simulation.play.decisions import DecisionLog, load_decisions
from simulation.play.session import Session
from simulation.scenario.units import format_clock, parse_clock

PLAYED, BRANCH, ABOUT = "played", "counterfactual", "counterfactual.json"


def branch_log(log: DecisionLog, number: int, at_s: float | None) -> DecisionLog:
    """The log with decision ``number`` dropped (``at_s`` None) or given at drill time
    ``at_s`` instead; the orders before it unchanged, the later ones at their times."""
    if not 1 <= number <= len(log.decisions):
        raise ExperimentError(
            f"the log has {len(log.decisions)} decisions (1 to {len(log.decisions)}), "
            f"no decision {number}",
            "--decision",
        )
    kept = log.branch(number - 1)
    later = log.decisions[number:]
    if at_s is not None:
        before = kept.decisions[-1].t if kept.decisions else 0.0
        if at_s < before:
            raise ExperimentError(
                f"before decision {number - 1} (drill second {before:.0f}): the orders before "
                f"decision {number} are kept as given",
                "--at",
            )
        moved = dataclasses.replace(log.decisions[number - 1], t=at_s)
        later = sorted([*later, moved], key=lambda d: d.t)  # stable: moved after equals
    kept.decisions += later
    return kept


def counterfactual(
    played: str | Path,
    number: int,
    at: str | None = None,
    drop: bool = False,
    *,
    replications: int = 30,
    out: str | Path,
    resume: bool = False,
    executor: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    command: list[str] | None = None,
) -> Comparison:
    """Branch the played game's log at decision ``number`` and compare the two on the same
    dice; bad input (no log, bad number or time, out not empty) raises before any writing."""
    folder = Path(played)
    log_file = folder / "decisions.yaml"
    if not log_file.is_file():
        raise ExperimentError(
            "holds no decision log (decisions.yaml): give the folder of a played game "
            "or of `sispam run --decisions`",
            str(folder),
        )
    if resume:
        raise ExperimentError("a counterfactual starts afresh; give a new --out", "--resume")
    if drop == (at is not None):
        raise ExperimentError("give either --drop or --at CLOCK", "--at")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    log = load_decisions(log_file)
    spec = load_scenario(manifest["scenario_file"], manifest.get("overrides") or None)
    if spec.digest != manifest.get("scenario_sha256"):
        raise ExperimentError(
            f"scenario {manifest['scenario_file']} changed since the game was played "
            "(its sha256 differs from the manifest's)",
            str(folder),
        )
    drill = Session(spec, log.strategy or None, log.seed, log.replication).drill
    at_s = None
    if at is not None:
        try:
            at_s = drill.clock.at(parse_clock(at))
        except ValueError as exc:
            raise ExperimentError(str(exc), "--at") from None
        if not 0 <= at_s <= drill.horizon:
            start, end = format_clock(drill.clock.start), drill.clock.label(drill.horizon)
            raise ExperimentError(f"{at} is outside the drill ({start} to {end})", "--at")
    branch = branch_log(log, number, at_s)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ExperimentError("exists and is not empty; choose another --out", str(out))
    changed = log.decisions[number - 1]
    about: dict[str, Any] = {
        "played": str(folder.resolve()),
        "decision": number,
        "order": changed.order,
        "by": changed.by,
        "t_s": changed.t,
        "clock": drill.clock.label(changed.t),
        "change": "drop" if at_s is None else "move",
        "at_s": at_s,
        "at_clock": None if at_s is None else drill.clock.label(at_s),
    }
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    start = drill.clock.start
    try:
        (out / f"{PLAYED}.yaml").write_text(log.to_yaml(start), encoding="utf-8")
        (out / f"{BRANCH}.yaml").write_text(branch.to_yaml(start), encoding="utf-8")
        result = compare(
            manifest["scenario_file"],
            decisions=[out / f"{PLAYED}.yaml", out / f"{BRANCH}.yaml"],
            overrides=manifest.get("overrides") or None,
            replications=replications,
            seed=log.seed,
            baseline=PLAYED,
            out=out,
            executor=executor,
            workers=workers,
            scheduler=scheduler,
            command=command,
        )
    except BaseException:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        else:
            for child in out.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    (out / ABOUT).write_text(json.dumps(about, indent=2), encoding="utf-8")
    return result
