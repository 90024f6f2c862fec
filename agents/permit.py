"""The permitted hours of a demonstration (Perkap 7/2012), and the police's steps past them.

Perkap 7/2012 Pasal 7 allows a demonstration in the open from 06:00 to 18:00 (in a closed place
to 22:00), and UU 9/1998 Pasal 15 lets the police disperse one that breaks the rules; DOMAIN.md:
a crowd that stays later is asked to disperse. A scene's police side sets the hours as
``doctrine.window``. At the first decision at or after the first instant of the scene outside
them (18:00 for a scene that runs past it; its start for one that begins outside them) the
negotiators, or without them on scene the Kapolsek, appeal to the crowd to end the action
(himbauan): a verbal order, Perkap 1/2009's stage 2. ``doctrine.appeal_grace`` later the
dispersal order is given (pembubaran): calm people obey it and walk out as under any dispersal
order (:mod:`simulation.crowd.model`), active ones decide by their own Epstein rule, and the
line may use force up to ``doctrine.dispersal_stage`` on those who stay, each stage from
``command.authorised_stage`` up waiting for its order (:mod:`agents.command`). Once
given the order stands, also if the scene runs on into the next day's permitted hours.
"""

from __future__ import annotations

from collections.abc import Callable

from agents.command import DUE_TOLERANCE_S
from agents.doctrine import FORCE_STAGES
from simulation.scenario.crowd import CrowdSpec, DoctrineSpec
from simulation.scenario.errors import dotted
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.scenes import police_side, scenes
from simulation.scenario.units import format_clock, format_duration

DAY = 86400.0
VERBAL_ORDER = 2  # Perkap 1/2009's stage of the appeal itself


def first_after_hours(allowed: tuple[float, float], start: float, end: float) -> float | None:
    """First clock second in [start, end) outside the daily window ``allowed``, or None."""
    t = start
    while t < end:
        day = DAY * (t // DAY)
        lo, hi = day + allowed[0], day + allowed[1]
        if not lo <= t < hi:
            return t
        t = hi
    return None


class Permit:
    """One scene's permitted hours: when the appeal and the order fall due, whether they were
    given, and how long a crowd stayed past the permitted end."""

    def __init__(
        self,
        doctrine: DoctrineSpec,
        start: float,
        duration: float,
        min_crowd: int,
        log: Callable[..., None],
    ) -> None:
        """``start``: the scene's clock time (seconds from midnight of hari H); a crowd is at
        least ``min_crowd`` people (the status's own rule)."""
        found = first_after_hours(doctrine.window, start, start + duration)
        self.end_s = None if found is None else found - start  # scene seconds
        self.grace = doctrine.appeal_grace
        self.dispersal_stage = doctrine.dispersal_stage
        self.appealed = False
        self.ordered = False
        self.present_at_end = 0
        self.past_s = 0.0
        self._min_crowd = min_crowd
        self._log = log

    @property
    def applies(self) -> bool:
        """The scene runs past its permitted hours."""
        return self.end_s is not None

    def due(self, t: float) -> bool:
        """A decision at scene time ``t`` falls after the permitted end."""
        return self.end_s is not None and t >= self.end_s - DUE_TOLERANCE_S

    def update(self, t: float, dt: float, present: int, by: str) -> None:
        """A decision at scene time ``t`` past the end (``due``), ``dt`` after the last one:
        the appeal and the order fall due, the crowd's stay is counted."""
        stayed = present >= self._min_crowd
        if not self.appealed:
            self.appealed = True
            self.present_at_end = present
            late = t - self.end_s  # the end fell between two decisions (or on one: 0)
            self.past_s += late if stayed and late > DUE_TOLERANCE_S else 0.0
            self._log("crowd.permit_appeal", by=by, present=present)
        elif stayed:
            self.past_s += dt
        if not self.ordered and t >= self.end_s + self.grace - DUE_TOLERANCE_S:
            self.ordered = True
            self._log("crowd.permit_dispersal", present=present)

    @property
    def force_stage(self) -> int:
        """The stage the permit calls for now: none, the appeal's verbal order, the
        dispersal's force."""
        if self.ordered:
            return self.dispersal_stage
        return VERBAL_ORDER if self.appealed else 1

    def kpis(self) -> dict[str, float]:
        """``past_permit_min`` and ``present_at_permit_end`` (names without ``crowd.``)."""
        return {
            "past_permit_min": self.past_s / 60,
            "present_at_permit_end": float(self.present_at_end),
        }


def permit_warnings(scenario: ScenarioSpec) -> list[str]:
    """For ``sispam validate``: each scene that runs past its permitted hours under some
    strategy, and what will happen then (one line per distinct plan, naming its strategies)."""
    found = []
    for scene in scenes(scenario):
        spec = scene.spec
        plans: dict[str, list[str]] = {}
        for name, strategy in scenario.strategies.items():
            side = police_side(strategy, scene)
            doctrine = None if side is None else side[1].doctrine
            end = None
            if doctrine is not None:
                end = first_after_hours(doctrine.window, spec.start, spec.start + spec.duration)
            if end is not None:
                plans.setdefault(_plan(spec, end, doctrine), []).append(name)
        where = dotted((*scene.path, "duration"))
        found += [f"{where}: {plan.format(', '.join(names))}" for plan, names in plans.items()]
    return found


def _plan(spec: CrowdSpec, end: float, doctrine: DoctrineSpec) -> str:
    """What happens to the scene past its hours; ``{}`` stands for the strategies' names."""
    clock = format_clock
    finish = spec.start + spec.duration
    lo, hi = doctrine.window
    order = end + doctrine.appeal_grace
    then = (
        f"at {clock(order)} they order it (pembubaran): calm people walk out, those who stay "
        f"face force up to stage {doctrine.dispersal_stage} "
        f"({FORCE_STAGES[doctrine.dispersal_stage]})"
    )
    command = doctrine.command
    if doctrine.dispersal_stage >= command.authorised_stage and command.authorisation > 0:
        then += (
            f", from stage {command.authorised_stage} only once authorised "
            f"({format_duration(command.authorisation)} after it is asked for)"
        )
    if order >= finish:
        then = f"the order would come at {clock(order)}, after the scene ends"
    return (
        f"scene '{spec.id}' runs {clock(spec.start)}-{clock(finish)}, outside its permitted "
        f"hours {clock(lo)}-{clock(hi)} (Perkap 7/2012; doctrine.window of strategy {{}}): at "
        f"{clock(end)} the negotiators (or the Kapolsek) appeal to the crowd to disperse "
        f"(himbauan); {then}"
    )
