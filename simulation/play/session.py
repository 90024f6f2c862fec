"""A played drill: advance the clock, give orders, keep the decision log, replay it.

The session is what the facilitator console and a scripted player drive (through the JSON API),
and what ``sispam run --decisions`` uses to replay a game headless. Replaying is the same loop
as playing: advance to the decision's time, give the order. The clock stops *before* any event
at that time, so an order takes effect first, in play and in replay alike; pausing itself
changes nothing, so a game with no orders is ``sispam run``, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulation.core.drill import Drill, DrillResult
from simulation.play.decisions import Decision, DecisionLog, check_params
from simulation.scenario.election import order_scenes
from simulation.scenario.errors import Problem, ScenarioError
from simulation.scenario.logistics import convoy_ids
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.scenes import scenes


@dataclass(frozen=True)
class Answer:
    """What the drill said to an order: refused (with the reason) or carried out."""

    accepted: bool
    reason: str = ""
    decision: int = -1  # its number in the log


class Session:
    """One drill under play: scenario x strategy x seed (and replication), plus orders."""

    def __init__(
        self,
        scenario: ScenarioSpec,
        strategy: str | None = None,
        seed: int = 1,
        replication: int = 0,
    ) -> None:
        strategy = strategy or scenario.default_strategy
        self.scenario = scenario
        self.drill = Drill(scenario, strategy, seed, replication)
        self.log = DecisionLog(
            scenario=scenario.metadata.name, strategy=strategy, seed=seed, replication=replication
        )
        self.refusals: dict[int, str] = {}
        self.result: DrillResult | None = None

    # --- what may be ordered ---------------------------------------------------------------------

    def choices(self) -> dict[str, list[str]]:
        """Valid values of each order-parameter kind in this drill (for forms and checks)."""
        spec = self.scenario
        geo = spec.geography
        msel = spec.msel.injects if spec.msel else []
        return {
            "unit": [u.label for u in self.drill.dispatcher.units],
            "place": [s.id for s in geo.sectors] + [s.id for s in geo.sites],
            "inject": [i.number for i in msel],
            "convoy": convoy_ids(spec.logistics) if spec.logistics else [],
            "hoax": [h.id for h in spec.information.hoaxes] if spec.information else [],
            "crowd": [s.id for s in scenes(spec)],
            "exit": sorted({e.name for s in scenes(spec) for e in s.spec.venue.exits}),
            "scene": order_scenes(spec.election),
        }

    # --- the clock -----------------------------------------------------------------------------

    @property
    def now(self) -> float:
        return self.drill.env.now

    @property
    def over(self) -> bool:
        return self.now >= self.drill.horizon

    def advance(self, until: float) -> None:
        """Run the drill to ``until`` (drill seconds); no further than the horizon."""
        if self.result is not None:
            return
        self.drill.advance(until)

    def next_event_time(self) -> float | None:
        """When the next scheduled event of the drill happens (None: nothing is left)."""
        # simpy 4.1 leaves the no-op event that stopped ``run(until=...)`` in the queue at the
        # pause time; an event nobody waits on changes nothing, so it is not "next".
        live = [t for t, _, _, event in self.drill.env._queue if event.callbacks]
        return min(live, default=None)

    # --- orders ----------------------------------------------------------------------------------

    def order(self, kind: str, params: dict[str, Any], by: str = "") -> Answer:
        """Give an order now. Badly formed orders (unknown kind, unit or place) are refused
        without entering the log; orders the drill refuses (a unit busy) are logged with why,
        because a replay must give them too."""
        if self.result is not None:
            return Answer(False, "the drill is over")
        specs = self.drill.orders
        if kind not in specs:
            return Answer(False, f"no order '{kind}' in this drill")
        converted, problems = check_params(specs[kind], params, self.choices())
        if problems:
            return Answer(False, "; ".join(f"{name}: {why}" for name, why in problems))
        refused = self.drill.order(kind, converted, by)
        self.log.decisions.append(Decision(self.now, by, kind, dict(params)))
        number = len(self.log.decisions) - 1
        if refused:
            self.refusals[number] = refused
        return Answer(not refused, refused or "", number)

    def finish(self) -> DrillResult:
        """Run to the end and collect the results (the log is complete)."""
        if self.result is None:
            self.result = self.drill.finish()
        return self.result

    def decisions_yaml(self) -> str:
        return self.log.to_yaml(self.drill.clock.start, self.refusals)


def check_log(session: Session, log: DecisionLog) -> None:
    """Every decision names an order of this drill with valid parameters, within the horizon;
    raises ScenarioError listing each problem at its line."""
    problems = []
    specs = session.drill.orders
    choices = session.choices()
    for i, d in enumerate(log.decisions):
        at = f"decisions.{i}"
        if d.t > session.drill.horizon:
            problems.append(Problem(log.file, d.line, 1, f"{at}.t", "after the end of the drill"))
        if d.order not in specs:
            known = ", ".join(sorted(specs))
            message = f"no order '{d.order}' in this drill (known: {known})"
            problems.append(Problem(log.file, d.line, 1, f"{at}.order", message))
            continue
        _, wrong = check_params(specs[d.order], d.params, choices)
        problems += [Problem(log.file, d.line, 1, f"{at}.{name}", why) for name, why in wrong]
    if problems:
        raise ScenarioError(problems)


def replay(session: Session, log: DecisionLog) -> Session:
    """Give the log's orders at their times (checked first, so nothing runs on a bad log)."""
    check_log(session, log)
    for d in log.decisions:
        session.advance(d.t)
        session.order(d.order, d.params, d.by)
    return session


def run_with_decisions(
    scenario: ScenarioSpec,
    strategy: str | None,
    seed: int,
    log: DecisionLog,
    replication: int = 0,
) -> DrillResult:
    """``sispam run --decisions``: the played game, headless, to the end."""
    return replay(Session(scenario, strategy, seed, replication), log).finish()
