"""CrowdModel: a demonstration or rally as a mesa Model stepped on the drill's clock.

Individuals are a structure of numpy arrays (position, state, group, hardship, ...); one
:meth:`CrowdModel.step` moves everyone by ``dt`` with the walking model, and every
``behaviour_dt`` the actors (mesa agents in :mod:`agents.crowd`) decide and the crowd
re-evaluates its Epstein activation. Police officers standing in formation lines are
immovable bodies for the walking model, so a line holds the crowd back physically until the
crowd's push breaks it (:mod:`simulation.crowd.line`); then the crowd can seize the building
(:mod:`simulation.crowd.seizure`) and light tyre fires (:mod:`simulation.crowd.fires`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa
import numpy as np

from agents.command import Command
from agents.crowd import (
    FALLEN,
    Commander,
    GroupLeader,
    Negotiator,
    PoliceUnit,
    Provocateur,
)
from agents.doctrine import FORCE_EFFECTS
from agents.permit import Permit
from agents.state import State
from agents.status import Status, StatusTracker
from simulation.core.randomness import skip_uniforms
from simulation.crowd.behaviour import VisionGrid, arrest_table
from simulation.crowd.decisions import VIOLENT, decide
from simulation.crowd.doors import DoorGate
from simulation.crowd.fires import TyreFires
from simulation.crowd.harm import CLASH_INJURY_RATE, clash_injuries, crushed, force_injuries
from simulation.crowd.kpis import CrowdMeter, DensityField
from simulation.crowd.line import LineWatch, line_hold, line_push, within
from simulation.crowd.params import BehaviourParams
from simulation.crowd.seizure import CLEAR_FLEE_S, CLEAR_PER_OFFICER_S, Occupation, at_gate
from simulation.crowd.stride import FIRST, LAST, Stride, present
from simulation.crowd.venue import OUTWARD, PAD_M, Floor, VenueError, scene_floor
from simulation.crowd.walking import WalkParams
from simulation.geography.jit import numba
from simulation.scenario.crowd import CrowdSpec, CrowdStrategySpec
from simulation.scenario.errors import Path

OFFICER_SPACING_M = 0.7  # shoulder to shoulder in a formation line
LINE_DEPTH_M = 1.0  # between ranks, and between the front and the second line
ARRESTS_PER_OFFICER_S = 1 / 600  # one arrest per officer per 10 min (arrest, escort, return)
REACH_M = 2.0  # distance from a front-line officer at which officers arrest, strike, are pushed
DAMAGE_RADIUS_M = 10.0  # beyond the gathering radius: violence there damages property
DAMAGE_RATE = 0.0002  # property-damage events per violent person per second
WATER_CANNON_RANGE_M = 25.0
WATER_CANNON_HIT = 0.2  # share of active people in range hit per tick
GAS_RADIUS_M = (8.0, 25.0)  # cloud radius when fired and at its widest
GAS_SPREAD_MPS = 0.1
GAS_LIFETIME_S = 300.0
GAS_LEGITIMACY_COST = 0.15
FLEE_S = 90.0  # how long people keep fleeing after leaving the gas
FLEE_SPEEDUP = 1.5
COMPLY_RATE = 1 / 300  # dispersal compliance per calm person per second at legitimacy 1
KPI_DT_S = 1.0
SERIES_DT_S = 10.0
_NONE = np.empty(0)  # an empty argument of a compiled pass: no dispersal order, no fire, no line


class CrowdModel(mesa.Model):
    """One crowd scene under one strategy."""

    ACTOR_ORDER = (Provocateur, GroupLeader, Negotiator, Commander)

    def __init__(
        self,
        spec: CrowdSpec,
        strategy: CrowdStrategySpec,
        rng: Any = None,
        dispatch: Callable[[PoliceUnit], None] | None = None,
        log: Callable[..., None] | None = None,
        sample: Callable[[str, float], None] | None = None,
        unit_sizes: dict[str, int] | None = None,
        path: Path = ("crowd",),
        strategy_path: Path = ("strategy", "crowd"),
    ) -> None:
        super().__init__(rng=rng)
        self.spec, self.strategy, self.path = spec, strategy, path
        self.floor = scene_floor(spec, strategy, path, strategy_path)
        self.venue = self.floor.venue
        self.closed_exits: frozenset[str] = frozenset()
        self.walk_params = WalkParams(dt_s=spec.dt_s)
        self.doors = DoorGate(self.floor, spec.dt_s)
        self.behaviour = BehaviourParams()
        self.vision = VisionGrid(
            self.venue.width_m, self.venue.height_m, self.behaviour.cell_m, self.behaviour.vision_m
        )
        self.density = DensityField(self.floor)
        self.meter = CrowdMeter()
        self.tracker = StatusTracker(spec.status)
        self.line_watch = LineWatch()
        self.occupation = Occupation(spec.seizure)
        self.fires = TyreFires()
        self.status = Status.HIJAU
        self.time_s = 0.0
        self.events: list[tuple[float, str, dict]] = []
        self.series: dict[str, list[tuple[float, float]]] = {}
        self._log = log
        self._sample = sample
        self._dispatch = dispatch
        self._arrivals: list[tuple[float, PoliceUnit]] = []
        self.force_stage = 1
        # The commander's orders in a played drill: a stage limit and means allowed or
        # forbidden, standing over the doctrine's until changed (None / absent: doctrine).
        self.stage_limit: int | None = None
        self.means: dict[str, bool] = {}
        self.legitimacy_drop = 0.0  # lowered by rumours the MSEL injects (lower_legitimacy)
        self.command = Command(strategy.doctrine.command, self.log)
        self.permit = Permit(
            strategy.doctrine, spec.start, spec.duration, spec.status.min_crowd, self.log
        )
        self.dispersal_ordered = False
        self.water_cannon_on = False
        self.gas: list[tuple[float, float, float]] = []  # (x, y, fired at)
        self._steps_per_tick = max(1, round(spec.behaviour_dt_s / spec.dt_s))
        self._steps_per_kpi = max(1, round(KPI_DT_S / spec.dt_s))
        self._steps_per_sample = max(1, round(SERIES_DT_S / spec.dt_s))
        # What a tick and a density sample stand for is the time that really passes between
        # them: a whole number of walking steps (at dt 0.4 s a sample every 0.8 s, not 1 s).
        self.tick_s = round(self._steps_per_tick * spec.dt_s, 9)
        self._kpi_s = round(self._steps_per_kpi * spec.dt_s, 9)
        self._n_steps = 0
        self._front = self._line = np.empty((0, 2))
        self._stand_cells = self._standing_cells()
        self._stand_dist = self.floor.fields["gathering"][0][self._stand_cells]
        self._stride = self._make_stride()
        # Where each exit lets people in: its point, outward and lateral directions, and the
        # width they spread over (the same arrays for every arrival).
        self._gates = []
        for e in self.venue.exits:
            out = np.asarray(OUTWARD[self.venue.side_of(e)])
            lateral = np.array([-out[1], out[0]])
            self._gates.append((np.array([e.x, e.y]), out, lateral, max(e.width_m - 0.4, 0.0)))
        self._line_cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        # The front line's ends, where the water cannon stands (their middle) and the focal
        # point, as arrays once: converting them was most of a tick's gas, water and riot glue.
        self._front_ends = tuple(np.asarray(p, float) for p in strategy.front_line)
        a, b = self._front_ends
        cx, cy = (a + b) / 2
        self._jet = (cx, cy, WATER_CANNON_RANGE_M)
        self._focal = np.asarray(self.venue.gathering, float)
        self._seen_cache: dict[tuple, tuple[np.ndarray, float, np.ndarray]] = {}
        self._reach = np.zeros(0, bool)  # who is within reach of the front line, this tick
        self._make_people()
        self._next_arrival = self._first_arrival()
        self._make_actors(unit_sizes or {})

    # -- construction ------------------------------------------------------------------------

    def _make_people(self) -> None:
        groups = self.spec.groups
        n = sum(g.size for g in groups)
        rng = self.rng
        self.n_groups = len(groups)
        self.group = np.repeat(np.arange(len(groups), dtype=np.int8), [g.size for g in groups])
        lo = np.concatenate([np.full(g.size, g.hardship[0]) for g in groups])
        hi = np.concatenate([np.full(g.size, g.hardship[1]) for g in groups])
        self.hardship = rng.uniform(lo, hi)
        lo = np.concatenate([np.full(g.size, g.risk_aversion[0]) for g in groups])
        hi = np.concatenate([np.full(g.size, g.risk_aversion[1]) for g in groups])
        self.risk = rng.uniform(lo, hi)
        self.v0 = np.clip(rng.normal(1.34, 0.26, n), 0.7, 2.0)
        self.pos = np.zeros((n, 2))
        self.state = np.full(n, State.WAITING, dtype=np.int8)
        self.agitation = np.zeros(n)
        self.leaving = np.zeros(n, bool)
        self.pushing = np.zeros(n, bool)
        self.provoking = np.zeros(n, bool)
        self.flee_until = np.zeros(n)
        self.relief = np.zeros(len(groups))
        self.comply_boost = np.ones(len(groups))
        self.arrive_t = np.full(n, np.inf)
        self.entry = np.zeros(n, dtype=np.int64)
        exit_index = {e.name: k for k, e in enumerate(self.venue.exits)}
        first = 0
        gathered = np.zeros(n, bool)
        for g in groups:
            block = slice(first, first + g.size)
            if g.start == "gathered":
                gathered[block] = True
            else:
                t0, t1 = g.arrive_over
                self.arrive_t[block] = np.sort(rng.uniform(t0, t1, g.size))
                self.entry[block] = rng.choice([exit_index[e] for e in g.enter_via], g.size)
            first += g.size
        self._place_gathered(np.flatnonzero(gathered))
        # Who arrives when, in order: only arriving ends a wait, so the people due at a step
        # are the next stretch of this queue (a scan of everyone took a fifth of the step).
        waiting = np.flatnonzero(~gathered)
        self._queue = waiting[np.argsort(self.arrive_t[waiting], kind="stable")]
        self._queue_t = self.arrive_t[self._queue]
        self._arrived = 0  # how much of the queue has arrived

    def _standing_cells(self) -> np.ndarray:
        """Clear floor cells ordered by walking distance from the gathering point: a calm
        crowd fills them in this order, at the standing density."""
        f = self.floor
        dist = f.fields["gathering"][0]
        cells = np.flatnonzero(f.clear & (f.exit_id.ravel() < 0) & np.isfinite(dist))
        return cells[np.argsort(dist[cells], kind="stable")]

    def _make_stride(self) -> Stride:
        """The walking step on the current floor (built anew when an exit closes or opens)."""
        per_cell = self.spec.venue.standing_density * self.floor.cell**2
        stand = (self._stand_dist, per_cell)
        flee = (FLEE_SPEEDUP, 2.5)
        return Stride(self.floor, self.walk_params, self.doors, stand, self.venue.gathering, flee)

    def _place_gathered(self, who: np.ndarray) -> None:
        """Fill the walkable cells nearest the gathering point at the standing density."""
        if not len(who):
            return
        f = self.floor
        per_cell = self.spec.venue.standing_density * f.cell**2
        use = self._stand_cells[: int(np.ceil(len(who) / per_cell))]
        pick = self.rng.choice(use, len(who))
        iy, ix = np.divmod(pick, f.nx)
        jitter = self.rng.uniform(0, f.cell, (len(who), 2))
        self.pos[who, 0] = ix * f.cell - PAD_M + jitter[:, 0]
        self.pos[who, 1] = iy * f.cell - PAD_M + jitter[:, 1]
        self.state[who] = State.CALM
        self.arrive_t[who] = 0.0

    def _make_actors(self, unit_sizes: dict[str, int]) -> None:
        """The commander, the units (sized by their unit type when borrowed), the leaders
        and the provocateurs hidden in their groups."""
        self.commander = Commander(self)
        for u in self.strategy.units:
            officers = u.officers or unit_sizes[u.unit_type]
            (Negotiator if u.kind == "negotiator" else PoliceUnit)(self, u, officers)
        first = 0
        for k, g in enumerate(self.spec.groups):
            if g.leader:
                GroupLeader(self, k)
            members = np.arange(first, first + g.size)
            for person in self.rng.choice(members, min(g.provocateurs, g.size), replace=False):
                Provocateur(self, int(person), g.provocation_start)
            first += g.size

    # -- police geometry ---------------------------------------------------------------------

    def line_positions(self, officers: int, second: bool) -> np.ndarray:
        """Officer positions of a formation line along ``front_line`` (or one depth behind).

        Ranks stack towards the protected side (``behind``, by default the gathering point);
        a rank that is not full stands in the middle of the line.
        """
        a, b = self._front_ends
        along = b - a
        length = float(np.hypot(*along))
        unit = along / max(length, 1e-9)
        normal = np.array([-unit[1], unit[0]])
        behind = np.asarray(self.strategy.behind or self.venue.gathering, float)
        if np.dot(behind - a, normal) < 0:
            normal = -normal
        per_rank = max(1, int(length // OFFICER_SPACING_M) + 1)
        k = np.arange(officers)
        rank, slot = np.divmod(k, per_rank)
        spacing = length / max(per_rank - 1, 1)
        in_rank = np.minimum(officers - rank * per_rank, per_rank)
        along_m = (slot + (per_rank - in_rank) / 2) * spacing
        offset = rank * LINE_DEPTH_M + (LINE_DEPTH_M * 3 if second else 0.0)
        return a + np.outer(along_m, unit) + np.outer(offset, normal)

    def officers(self) -> tuple[np.ndarray, np.ndarray]:
        """(front-line positions, all line positions) of officers now in formation.

        A second line stands only behind a front line.
        """
        units = self.in_line()
        front = sum(u.officers for u in units if u.place == "front")
        second = sum(u.officers for u in units if u.place == "second") if front else 0
        key = (front, second)
        if key not in self._line_cache:  # a formation is the same whenever it is as strong
            f = self.line_positions(front, False) if front else np.empty((0, 2))
            f.flags.writeable = False
            behind = self.line_positions(second, True) if second else np.empty((0, 2))
            self._line_cache[key] = f, np.vstack([f, behind])
        return self._line_cache[key]

    def in_line(self) -> list[PoliceUnit]:
        """The units now standing in the front or second line."""
        return [
            u for u in self.agents_by_type.get(PoliceUnit, []) if u.place in ("front", "second")
        ]

    def _in_reach(self, pos: np.ndarray) -> np.ndarray:
        """Who stands within ``REACH_M`` of an officer of the front line (any of its ranks)."""
        return within(pos, self._front, REACH_M)

    def request(self, unit: PoliceUnit) -> None:
        """Ask for a unit: a borrowed one through the drill's dispatcher, else by its ETA."""
        unit.requested_at = self.time_s
        self.log("crowd.unit_requested", unit=unit.spec.name, unit_kind=unit.spec.kind)
        if self._dispatch is not None and unit.spec.unit_type is not None:
            self._dispatch(unit)
        else:
            self._arrivals.append((self.time_s + unit.spec.eta, unit))

    def arrive(self, unit: PoliceUnit) -> None:
        """A requested unit reaches the scene (called by the dispatcher or the ETA queue)."""
        unit.arrived_at = self.time_s
        self.log("crowd.unit_arrived", unit=unit.spec.name, unit_kind=unit.spec.kind)

    def set_exit(self, name: str, open_: bool) -> str | None:
        """Open or close exit ``name`` (a played order): the floor is rebuilt without (or
        with) that opening, so walking and the way out follow at once. Returns why not, or
        None. People still arriving through a closed gate are let in (they are at it)."""
        closed = self.closed_exits - {name} if open_ else self.closed_exits | {name}
        if closed == self.closed_exits:
            return f"exit {name} is already {'open' if open_ else 'closed'}"
        if len(closed) == len(self.venue.exits):
            return f"{name} is the last open exit: nobody could leave"
        try:
            floor = Floor.build(self.venue, closed=frozenset(closed))
        except VenueError as exc:
            return f"closing {name} would wall the crowd in ({exc.message})"
        self.floor, self.closed_exits = floor, frozenset(closed)
        self._stride = self._make_stride()
        self.log("crowd.exit_opened" if open_ else "crowd.exit_closed", exit=name)
        return None

    def fire_tear_gas(self, at: tuple[float, float] | None = None) -> bool:
        """Fire a volley at ``at``, by default the violent (else active) people's centre.

        Returns False when there is nobody to aim at.
        """
        if at is None:
            for target in (State.VIOLENT, State.ACTIVE):
                who = self.state == target
                if who.any():
                    at = tuple(self.pos[who].mean(axis=0))
                    break
            else:
                return False
        x, y = float(at[0]), float(at[1])
        self.gas.append((x, y, self.time_s))
        self.log("crowd.tear_gas", x=round(x, 1), y=round(y, 1))
        return True

    # -- stepping ----------------------------------------------------------------------------

    def present_mask(self) -> np.ndarray:
        """People standing in the venue, in one compiled pass (asked several times a tick)."""
        return _present_mask(self.state, FIRST, LAST)

    def present_index(self) -> np.ndarray:
        """The indices of :meth:`present_mask`, in one compiled pass (asked several times a
        step)."""
        return present(self.state, FIRST, LAST)

    def present_among(self, who: np.ndarray) -> bool:
        """Whether any of the people ``who`` (indices) stands in the venue."""
        return _any_present(self.state, who, FIRST, LAST)

    def soothe(self, who: np.ndarray, factor: float) -> None:
        """Multiply the agitation of the people ``who`` (indices) who are not violent by
        ``factor``, in one compiled pass."""
        _soothe(self.state, self.agitation, who, factor)

    def tally(self) -> list[int]:
        """How many people are in each state, indexed by its code, in one compiled pass."""
        return _tally(self.state, len(State)).tolist()

    def log(self, event: str, **fields: Any) -> None:
        self.events.append((self.time_s, event, fields))
        if self._log is not None:
            self._log(event, **fields)

    def sample(self, name: str, value: float) -> None:
        self.series.setdefault(name, []).append((self.time_s, float(value)))
        if self._sample is not None:
            self._sample(f"crowd.{name}", value)

    def step(self) -> None:
        """mesa's step: :meth:`advance` (mesa wraps it in its own event loop)."""
        self.advance()

    def advance(self) -> None:
        """Advance the scene by ``dt``: arrivals, walking, and on their ticks behaviour/KPIs.

        The drill's clock calls this directly: mesa's wrapped :meth:`step` schedules an event
        object per call and counts a mesa time nobody reads (``time_s`` is the scene's clock),
        13 microseconds a step, a quarter of a second per two-hour scene."""
        dt = self.spec.dt_s
        self.time_s += dt
        self._n_steps += 1
        self._arrive_people()
        self._walk()
        if self._n_steps % self._steps_per_tick == 0:
            self._behaviour_tick()
        if self._n_steps % self._steps_per_kpi == 0:
            self._measure()
        if self._n_steps % self._steps_per_sample == 0:
            self._sample_series()

    def run(self, seconds: float | None = None) -> None:
        """Step standalone (outside a drill) for ``seconds`` (default: the scene duration)."""
        total = self.spec.duration if seconds is None else seconds
        for _ in range(round(total / self.spec.dt_s)):
            self.advance()

    def _first_arrival(self) -> float:
        """When the next person still waiting arrives (inf when nobody waits)."""
        queue_t = self._queue_t
        return float(queue_t[self._arrived]) if self._arrived < len(queue_t) else np.inf

    def _arrive_people(self) -> None:
        if self.time_s < self._next_arrival:
            return
        end = int(np.searchsorted(self._queue_t, self.time_s, side="right"))
        due = np.sort(self._queue[self._arrived : end])
        self._arrived = end
        entries = self.entry[due]
        for k in sorted(set(entries.tolist())):  # the exits someone comes in by, in order
            who = due[entries == k]
            at, out, lateral, width = self._gates[k]
            spread = self.rng.uniform(-0.5, 0.5, len(who)) * width
            depth = self.rng.uniform(0.3, 1.0, len(who))
            self.pos[who] = at - np.outer(depth, out) + np.outer(spread, lateral)
        self.state[due] = State.CALM
        self._next_arrival = self._first_arrival()

    def _walk(self) -> None:
        people = (self.pos, self.state, self.leaving, self.v0, self.pushing)
        self._stride(people, self._line, self.rng)

    def _behaviour_tick(self) -> None:
        dt = self.tick_s
        t = self.time_s
        for due, unit in [a for a in self._arrivals if a[0] <= t]:
            self._arrivals.remove((due, unit))
            self.arrive(unit)
        for kind in self.ACTOR_ORDER:
            if kind in self.agents_by_type:
                self.agents_by_type[kind].do("act")
        self._front, self._line = self.officers()
        self._reach = self._in_reach(self.pos)
        self._push_on_line()
        self.gas = [g for g in self.gas if t - g[2] <= GAS_LIFETIME_S]
        idx = self.present_index()
        if len(idx):
            self._crowd_decides(idx, dt)
            self._police_contact(dt)
        self._occupy(dt)
        self._burn(dt)
        self._update_status(dt)

    def _legitimacy(self) -> float:
        cost = FORCE_EFFECTS[self.force_stage].legitimacy_cost
        cost += GAS_LEGITIMACY_COST if self.gas else 0.0
        return min(max(self.spec.legitimacy - self.legitimacy_drop - cost, 0.0), 1.0)

    def _crowd_decides(self, idx: np.ndarray, dt: float) -> None:
        """Everyone present decides (:func:`simulation.crowd.decisions.decide`), then tear gas,
        water cannon, clashes between groups, damage and tyre fires."""
        p = self.behaviour
        rng = self.rng
        legitimacy = self._legitimacy()
        u_decide = rng.random(len(idx))
        u_comply = rng.random(len(idx)) if self.dispersal_ordered else _NONE
        smoke = self.fires.smoke_drive(self.pos[idx]) if self.fires.burning else _NONE
        people = (
            self.state,
            self.group,
            self.provoking,
            self.leaving,
            self.pushing,
            self.flee_until,
            self.hardship,
            self.risk,
            self.agitation,
            self.relief,
            self.comply_boost,
        )
        v = self.vision
        rule = (
            p.threshold,
            p.violent_threshold,
            p.update_prob,
            p.contagion,
            p.clash,
            p.provocation,
            p.agitation_tau_s,
            p.max_agitation,
            legitimacy,
            COMPLY_RATE * legitimacy,
            self.time_s,
            dt,
        )
        decide(
            idx,
            self.pos,
            people,
            (v.nx, v.ny, v.r, v.cell, self.n_groups),
            self._police_seen(),
            rule,
            u_decide,
            u_comply,
            smoke,
        )
        state = self.state[idx]
        if self.gas or self.water_cannon_on:
            self._gas_and_water(idx, state)
        violent = np.flatnonzero(state == VIOLENT)  # an int: an IntEnum costs a conversion
        if len(violent):  # else no draw: no clash, and Poisson(0) takes no random number
            self._riot(idx, state, violent, dt)
        self.state[idx] = state

    def _riot(self, idx: np.ndarray, state: np.ndarray, violent: np.ndarray, dt: float) -> None:
        """The violent people (``violent``: positions into ``idx``) clash with the other
        groups' and damage property near the focal point, where they may light tyre fires."""
        rng = self.rng
        who = idx[violent]
        rioters = self.pos[who]
        if self.n_groups > 1:
            v = self.vision
            u = rng.random((self.n_groups, len(idx)))  # as one draw per group, in order
            hurt = clash_injuries(
                self.group[who],
                rioters,
                (v.cell, v.nx, v.ny, v.r),
                u[:, violent],
                CLASH_INJURY_RATE * dt,
            )
            state[violent[hurt]] = State.INJURED
            self.meter.injured_civilians += len(hurt)
            self.meter.injured_clash += len(hurt)
        near = np.hypot(*(rioters - self._focal).T) <= (
            self.venue.gathering_radius_m + DAMAGE_RADIUS_M
        )
        events = rng.poisson(DAMAGE_RATE * dt * int(near.sum()))
        for _ in range(events):
            self.meter.damage_events += 1
            self.tracker.record_damage(self.time_s)
            self.log("crowd.property_damage")
        for fire in self.fires.ignite(rng, rioters[near], dt, self.time_s):
            self.meter.tyre_fires += 1
            self.log("crowd.tyre_fire", x=round(fire.x, 1), y=round(fire.y, 1))

    def _police_seen(self) -> tuple[np.ndarray, float, np.ndarray]:
        """What the crowd's arrest estimate reads (:func:`simulation.crowd.decisions.decide`):
        officers in formation within sight of each vision cell (empty with no line), the
        stage's deterrence, and ``arrest_table`` up to the most officers per active anyone can
        see. Remembered per formation and stage (a line is the same whenever it has as many
        officers in front and behind)."""
        deterrence = FORCE_EFFECTS[self.force_stage].deterrence
        k = self.behaviour.arrest_k
        key = (len(self._front), len(self._line), deterrence, k)
        if key not in self._seen_cache:
            seen = (
                self.vision.window_sums(self.vision.cells(self._line)) if len(self._line) else _NONE
            )
            most = int(seen.max() * deterrence) if len(seen) else 0
            self._seen_cache[key] = (seen, deterrence, arrest_table(k, most + 1))
        return self._seen_cache[key]

    def _gas_and_water(self, idx: np.ndarray, state: np.ndarray) -> None:
        """Tear gas makes everyone in the cloud flee and push; water cannon cools the front."""
        t = self.time_s
        pos = self.pos[idx] if self.gas else _NONE
        for x, y, fired in self.gas:
            radius = min(GAS_RADIUS_M[1], GAS_RADIUS_M[0] + GAS_SPREAD_MPS * (t - fired))
            hit = np.hypot(pos[:, 0] - x, pos[:, 1] - y) <= radius
            hit &= state != State.INJURED
            state[hit] = State.FLEEING
            self.flee_until[idx[hit]] = t + FLEE_S
            self.pushing[idx[hit]] = True
        if self.water_cannon_on:
            u = self.rng.random(len(idx))
            hit = _hosed(idx, self.pos, state, self._jet, u, WATER_CANNON_HIT)
            self.agitation[idx[hit]] *= 0.5
            state[hit] = State.FLEEING
            self.flee_until[idx[hit]] = t + 20.0

    def _police_contact(self, dt: float) -> None:
        """Arrests along the front line, and the injuries of the force they take.

        Officers lay hands only on violent people within reach, at the stage's rate and at
        most one person per officer per ``ARRESTS_PER_OFFICER_S``; those they handle are
        arrested, and hurt (and hurt officers) at the shares of reported use-of-force events
        (:mod:`simulation.crowd.harm`).
        """
        front = self._front
        if not len(front):
            return
        idx = self.present_index()
        effect = FORCE_EFFECTS[self.force_stage]
        rng = self.rng
        capacity = len(front) * ARRESTS_PER_OFFICER_S * dt
        capacity = int(capacity) + (rng.random() < capacity % 1)
        arrestable = capacity and _any_within(idx, self._reach, self.state, State.VIOLENT)
        if not arrestable and skip_uniforms(rng, len(idx)):  # nobody to arrest: no draws to use
            return
        u = rng.random(len(idx))
        arrested = _arrests(idx, self._reach, self.state, u, effect.arrest_rate * dt, capacity)
        self.state[arrested] = State.ARRESTED
        self.provoking[arrested] = False
        units = self.agents_by_type.get(PoliceUnit, [])
        shields = len(arrested) > 0 and any(u.spec.shields for u in units if u.place == "front")
        hurt, officers_hurt = force_injuries(rng, len(arrested), self.force_stage, shields)
        self.meter.arrests += len(arrested)
        self.meter.injured_civilians += hurt
        self.meter.injured_force += hurt
        self.meter.injured_officers += officers_hurt

    def _push_on_line(self) -> None:
        """The crowd breaks a line it overloads for long enough: its units fall back."""
        units = self.in_line()
        if not len(self._front):
            return
        push = line_push(self.state, self._reach)  # who pushes (active, violent) is present
        hold = line_hold(
            (u.spec.kind, u.officers, u.spec.shields, u.place == "front") for u in units
        )
        if not self.line_watch.gives_way(push, hold, self.time_s):
            return
        for u in units:
            u.place = FALLEN
        self.meter.line_breaches += 1
        self.log(
            "crowd.line_broken",
            push=round(push, 1),
            hold=round(hold, 1),
            units=",".join(u.spec.name for u in units),
        )
        self._front, self._line = self.officers()
        self._reach = np.zeros(len(self.pos), bool)

    def _occupy(self, dt: float) -> None:
        """Seizure of the building at the gathering point, and a holding line retaking it."""
        gx, gy = self.venue.gathering
        occupiers = at_gate(self.state, self.pos, gx, gy, self.venue.gathering_radius_m)
        holds = len(self._front) > 0 and not self.line_watch.overloaded
        if self.occupation.seized and holds and len(occupiers):
            capacity = len(self._front) * CLEAR_PER_OFFICER_S * dt
            cleared = min(len(occupiers), int(capacity) + (self.rng.random() < capacity % 1))
            pushed = self.rng.choice(occupiers, cleared, replace=False)
            self.state[pushed] = State.FLEEING
            self.flee_until[pushed] = self.time_s + CLEAR_FLEE_S
            self.leaving[pushed] = True
            occupiers = np.setdiff1d(occupiers, pushed)
        change = self.occupation.update(len(occupiers), len(self._front) > 0)
        self.tracker.seized = self.occupation.seized
        if change is not None:
            self.meter.seizures += change == "seized"
            self.log(f"crowd.building_{change}", occupiers=len(occupiers))
        if self.occupation.seized:
            self.meter.seized_s += dt

    def _burn(self, dt: float) -> None:
        """Tyre fires burn out, or a line near them puts them out (faster with water cannon)."""
        cannon = any(u.spec.water_cannon for u in self.in_line()) and len(self._front) > 0
        for fire, how in self.fires.burn(self.time_s, dt, self._line, cannon):
            self.log(f"crowd.tyre_fire_{how}", x=round(fire.x, 1), y=round(fire.y, 1))

    def _update_status(self, dt: float) -> None:
        counts = self.tally()
        n = sum(counts[FIRST : LAST + 1])
        violent = counts[State.VIOLENT]
        active = counts[State.ACTIVE] + violent
        if n < self.spec.status.min_crowd:
            active = violent = 0
        self.tracker.burning = bool(self.fires.burning)
        new = self.tracker.update(active / max(n, 1), violent / max(n, 1), self.time_s)
        if new != self.status:
            self.log("crowd.status", status=new.label, previous=self.status.label)
            self.status = new
        self.meter.status_time(self.status, self.time_s, dt)

    def _measure(self) -> None:
        """Density KPIs and crush injuries, once per ``KPI_DT_S`` (rounded to whole steps)."""
        exits = self.floor.fields["exits"][0]
        idx, rho, cells, summary = self.density.present(self.state, self.pos, exits)
        self.meter.peak_size = max(self.meter.peak_size, len(idx))
        if not len(idx):
            return
        self.meter.density(self.time_s, self._kpi_s, summary, lambda: self.density.grid(cells))
        crush, densest = self.spec.crush_density, summary[3]
        if densest <= crush and skip_uniforms(self.rng, len(idx)):  # nobody dense enough
            return
        hurt = idx[crushed(rho, crush, self._kpi_s, self.rng.random(len(idx)))]
        if len(hurt):
            self.state[hurt] = State.INJURED
            self.meter.injured_crush += len(hurt)
            self.meter.injured_civilians += len(hurt)
            self.log("crowd.crush_injuries", count=len(hurt))

    def _sample_series(self) -> None:
        counts = self.tally()
        self.sample("crowd_size", sum(counts[FIRST : LAST + 1]))
        self.sample("active", counts[State.ACTIVE])
        self.sample("violent", counts[State.VIOLENT])
        self.sample("fleeing", counts[State.FLEEING])
        self.sample("status", int(self.status))

    @property
    def steps_done(self) -> int:
        return self._n_steps

    @property
    def steps_per_tick(self) -> int:
        """Walking steps per behaviour tick."""
        return self._steps_per_tick

    def provoke_now(self) -> None:
        """Bring every provocateur's start forward to now (an inject sets the crowd off)."""
        for agent in self.agents_by_type.get(Provocateur, []):
            agent.start_s = min(agent.start_s, self.time_s)

    def lower_legitimacy(self, drop: float) -> None:
        """A rumour lowers the legitimacy everyone perceives by ``drop`` from now on: Epstein's
        activation rule then reads ``H (1 - L + drop)``, the same as a scene at ``L - drop``."""
        self.legitimacy_drop += drop

    def add_provocateurs(self, group: int, count: int) -> int:
        """``count`` more provocateurs among group ``group``'s members still in the scene or
        arriving (not yet provoking), chosen at random, turning violent now. Returns how many
        there were to choose."""
        taken = {a.person for a in self.agents_by_type.get(Provocateur, [])}
        able = (self.group == group) & (self.state <= State.FLEEING)
        members = [int(k) for k in np.flatnonzero(able) if int(k) not in taken]
        chosen = self.rng.choice(members, min(count, len(members)), replace=False)
        for person in sorted(chosen.tolist()):
            Provocateur(self, person, self.time_s)
        return len(chosen)

    def kpis(self) -> dict[str, float]:
        return self.meter.kpis(self.time_s)

    def units(self) -> list[PoliceUnit]:
        """Every police, TNI and negotiation unit of the scene, in creation order."""
        found = [*self.agents_by_type.get(PoliceUnit, []), *self.agents_by_type.get(Negotiator, [])]
        return sorted(found, key=lambda u: u.unique_id)

    def unit_rows(self, t_offset: float = 0.0) -> list[dict[str, Any]]:
        """One row per unit: when it was asked for and when it arrived (drill seconds)."""

        def when(t: float | None) -> float | str:
            return "" if t is None else round(t + t_offset, 3)

        return [
            {
                "unit": u.spec.name,
                "kind": u.spec.kind,
                "officers": u.officers,
                "requested_s": when(u.requested_at),
                "arrived_s": when(u.arrived_at),
                "place": u.place or "",
            }
            for u in self.units()
        ]

    def venue_rows(self) -> list[dict[str, Any]]:
        """Walls, barricades, exits and the front line as point lists, for the density map."""
        rows = [
            {
                "name": ob.name,
                "kind": "barricade" if ob.barricade else "wall",
                "points": ";".join(f"{x:g} {y:g}" for x, y in ob.vertices),
            }
            for ob in self.venue.obstacles
        ]
        for e in self.venue.exits:
            out = np.asarray(OUTWARD[self.venue.side_of(e)])
            half = np.array([-out[1], out[0]]) * e.width_m / 2
            a, b = np.array([e.x, e.y]) - half, np.array([e.x, e.y]) + half
            rows.append(
                {"name": e.name, "kind": "exit", "points": f"{a[0]:g} {a[1]:g};{b[0]:g} {b[1]:g}"}
            )
        (ax, ay), (bx, by) = self.strategy.front_line
        rows.append(
            {"name": "front_line", "kind": "police", "points": f"{ax:g} {ay:g};{bx:g} {by:g}"}
        )
        return rows

    def density_rows(self, t_offset: float = 0.0) -> list[dict[str, Any]]:
        """The local-density map at the densest moment, one row per occupied cell."""
        grid = self.meter.peak_grid
        if grid is None:
            return []
        d = self.density
        iy, ix = np.nonzero(grid > 0)
        t = round(self.meter.peak_t + t_offset, 3)
        return [
            {
                "t_s": t,
                "x_m": round((x + 0.5) * d.cell - PAD_M, 3),
                "y_m": round((y + 0.5) * d.cell - PAD_M, 3),
                "density_ppm2": round(float(grid[y, x]), 3),
            }
            for y, x in zip(iy.tolist(), ix.tolist(), strict=True)
        ]


@numba.njit(cache=True)
def _present_mask(state: np.ndarray, lo: int, hi: int) -> np.ndarray:
    out = np.empty(len(state), np.bool_)
    for k in range(len(state)):
        out[k] = lo <= state[k] <= hi
    return out


@numba.njit(cache=True)
def _any_present(state: np.ndarray, who: np.ndarray, lo: int, hi: int) -> bool:
    for k in who:  # noqa: SIM110 (numba compiles no generator inside any())
        if lo <= state[k] <= hi:
            return True
    return False


@numba.njit(cache=True)
def _soothe(state: np.ndarray, agitation: np.ndarray, who: np.ndarray, factor: float) -> None:
    for k in who:
        if state[k] != State.VIOLENT:
            agitation[k] *= factor


@numba.njit(cache=True)
def _tally(state: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, np.int64)
    for s in state:
        out[s] += 1
    return out


@numba.njit(cache=True)
def _any_within(idx: np.ndarray, reach: np.ndarray, state: np.ndarray, code: int) -> bool:
    """Whether anyone of ``idx`` within ``reach`` is in state ``code``."""
    for k in idx:  # noqa: SIM110 (numba compiles no generator inside any())
        if reach[k] and state[k] == code:
            return True
    return False


@numba.njit(cache=True)
def _arrests(
    idx: np.ndarray, reach: np.ndarray, state: np.ndarray, u: np.ndarray, p: float, most: int
) -> np.ndarray:
    """The violent people within reach whom officers arrest (each with chance ``p`` against
    ``u``, at most the first ``most`` of them), as indices."""
    out = np.empty(len(idx), np.int64)
    n = 0
    for a in range(len(idx)):
        k = idx[a]
        if n < most and reach[k] and state[k] == State.VIOLENT and u[a] < p:
            out[n] = k
            n += 1
    return out[:n]


@numba.njit(cache=True)
def _hosed(
    idx: np.ndarray, pos: np.ndarray, state: np.ndarray, jet: tuple, u: np.ndarray, p: float
) -> np.ndarray:
    """Which of the people ``idx`` (their ``state`` alongside) the water cannon hits: active
    and violent people within range of its (x, y, range) ``jet``, each with chance ``p``
    against ``u``; positions into ``idx``."""
    cx, cy, reach = jet
    out = np.empty(len(idx), np.int64)
    n = 0
    for a in range(len(idx)):
        hot = state[a] == State.ACTIVE or state[a] == State.VIOLENT
        k = idx[a]
        if hot and np.hypot(pos[k, 0] - cx, pos[k, 1] - cy) <= reach and u[a] < p:
            out[n] = a
            n += 1
    return out[:n]
