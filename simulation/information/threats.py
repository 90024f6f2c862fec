"""Information threats in a drill: hoaxes spreading, counter-measures, and the grievance they leave.

The component owns a :class:`~simulation.information.spread.SpreadBatch` holding every hoax an
inject started, all stepped together on the drill clock. The strategy's counter-measures act on it:

* the cyber patrol detects a hoax ``detection_delay`` after its first post, then works on a
  takedown request (``teams`` at once, first come first served, ``takedown_time`` each): account
  posts disappear, community forwarding drops to ``residual_sharing``;
* official clarifications (bupati, KPU, polres, kepala desa) follow detection after their delay:
  sharing in their scope drops to ``sharing_factor`` and belief there decays with a half-life.

Grievance per sector = believed hoaxes (weight x believing share) + standing sources (online
gambling, ASN / village-head neutrality breaches) + inject additions, capped at 1. It feeds the
patrol model as extra incidents of the chosen types at ``incident_gain x grievance`` times the
base rate (tagged ``information``), and crowd models through :meth:`turnout_factor`.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulation.information.network import Account, Community, build_network
from simulation.information.spread import SpreadBatch, SpreadNetwork
from simulation.patrol.surge import IncidentSurge
from simulation.scenario.memo import per_scenario
from simulation.scenario.model import Clarification, Hoax

if TYPE_CHECKING:
    from simulation.core.drill import Drill

CAUSE = "information"


@dataclass
class _Running:
    """A hoax that has started, with its counter-measure timeline (drill seconds)."""

    hoax: Hoax
    index: int  # hoax of the component's SpreadBatch, and row of its belief arrays
    nodes: slice  # its network's nodes in the batch: the kecamatan first, then the accounts
    started: float
    last_step: float
    detected: float | None = None
    taken_down: float | None = None
    clarified: list[tuple[float, str]] = field(default_factory=list)
    peak_believing: float = 0.0
    takedown_asked: bool = False


class InformationThreats:
    """The ``information`` component: hoaxes, counter-measures and grievance."""

    name = "information"

    def __init__(self, drill: Drill) -> None:
        spec = drill.scenario.information
        assert spec is not None
        self.drill = drill
        self.spec = spec
        self.measures = drill.strategy.information
        sectors = drill.scenario.geography.sectors
        self.sector_ids = [s.id for s in sectors]
        self.index = {sid: i for i, sid in enumerate(self.sector_ids)}
        self.communities = [
            Community(s.id, max(1, round((s.population or 0) * spec.online_share)), s.lat, s.lng)
            for s in sectors
        ]
        self.people = np.array([c.people for c in self.communities], dtype=float)
        self._online = float(self.people.sum())
        self.accounts = {
            a.id: Account(
                a.id,
                a.home,
                a.followers
                if isinstance(a.followers, dict)
                else dict.fromkeys(self.sector_ids, a.followers),
                a.reach_per_hour,
                a.attention,
                a.post_life / 3600,
            )
            for a in spec.accounts
        }
        self.hoaxes = {h.id: h for h in spec.hoaxes}
        self.standing = np.zeros(len(sectors))
        for source in spec.grievance_sources:
            for sid in source.sectors:
                self.standing[self.index[sid]] += source.grievance
        self.added = np.zeros(len(sectors))
        self._base = self.standing + self.added  # grievance before hoaxes, kept as it changes
        self.running: dict[str, _Running] = {}
        self.spreads = SpreadBatch(len(self.hoaxes) * (len(sectors) + len(self.accounts)))
        # One row per running hoax, one column per sector: a step updates them all at once.
        self._believers = np.empty((0, len(sectors)))
        self._half_life_h = np.empty((0, len(sectors)))  # inf until clarified
        self._fading = False  # some belief decays (a clarification set a finite half-life)
        # People reached per hoax in the kecamatan, kept as steps reach more (whole numbers, so
        # the same sums as adding up the batch's nodes, without doing that every step).
        self._reached: list[int] = []  # per hoax: a step adds to a few, cheaper in Python
        self._weights = np.empty((0, 1))  # each hoax's grievance weight, a column
        # What a step publishes (reach, believing) and samples (the same), per hoax.
        self._names: list[tuple[tuple[str, str], str, str]] = []
        self.surge = IncidentSurge(drill, CAUSE)
        self.takedowns: simpy.Resource | None = None
        self.grievance_peak = np.zeros(len(sectors))
        self._incident_types = tuple(spec.incident_types)
        self._grievance_names = [f"sector.{sid}.grievance" for sid in self.sector_ids]
        self._published = np.full(len(sectors), np.nan)  # last published grievance per sector

    # --- the component protocol ---------------------------------------------------------------

    def start(self, drill: Drill) -> None:
        patrol = self.measures.cyber_patrol
        if patrol is not None and patrol.teams > 0:
            self.takedowns = simpy.Resource(drill.env, capacity=patrol.teams)
        self._publish_grievance()
        drill.clock.every(self.spec.step, self._step, first=self.spec.step)

    def kpis(self) -> dict[str, float]:
        rows = self.hoax_rows()
        takedowns = [r["takedown_min"] for r in rows if r["takedown_min"] != ""]
        clarified = [r["clarification_min"] for r in rows if r["clarification_min"] != ""]
        return {
            "information.hoaxes": float(len(rows)),
            "information.reach_share_max": max((r["reach_share"] for r in rows), default=0.0),
            "information.believing_peak_max": max(
                (r["believing_peak_share"] for r in rows), default=0.0
            ),
            "information.takedown_mean_min": float(np.mean(takedowns)) if takedowns else math.nan,
            "information.clarification_mean_min": float(np.mean(clarified))
            if clarified
            else math.nan,
            "information.incidents": float(len(self.surge.incidents)),
            "information.grievance_max": float(self.grievance_peak.max(initial=0.0)),
        }

    def tables(self) -> dict[str, list[dict]]:
        return {"hoaxes": self.hoax_rows()}

    # --- hooks for injects and other models ---------------------------------------------

    def start_hoax(self, hoax_id: str) -> None:
        """An inject posts the hoax now (a second post of a running hoax changes nothing)."""
        if hoax_id in self.running:
            return
        hoax = self.hoaxes[hoax_id]
        network = self.network_for(hoax)
        nodes = {name: i for i, name in enumerate(network.names)}
        seeds = {nodes[sid]: hoax.seed_people for sid in hoax.origin}
        seeds |= {nodes[a]: 1 for a in hoax.via}
        now = self.drill.env.now
        rng = self.drill.rng("information", "hoax", hoax_id)
        index = self.spreads.add(network, rng, seeds, now / 3600)
        nodes, n = self.spreads.nodes(index), len(self.sector_ids)
        reached = self.spreads.reached[nodes.start : nodes.start + n]
        self._reached.append(int(reached.sum()))
        self._believers = np.vstack([self._believers, reached.astype(float)])
        self._half_life_h = np.vstack([self._half_life_h, np.full(n, math.inf)])
        self._weights = np.vstack([self._weights, [hoax.grievance]])
        self._names.append(
            (
                (f"hoax.{hoax_id}.reach", f"hoax.{hoax_id}.believing"),
                f"information.{hoax_id}.reach",
                f"information.{hoax_id}.believing",
            )
        )
        self.running[hoax_id] = _Running(hoax, index, nodes, now, now)
        self.drill.log(
            "information.hoax", hoax=hoax_id, hoax_kind=hoax.kind, origin=",".join(hoax.origin)
        )
        self.drill.env.process(self._counter_measures(self.running[hoax_id]))

    def network_for(self, hoax: Hoax) -> SpreadNetwork:
        """The regency's network with this hoax's transmission: kecamatan, then accounts.

        It depends on the scenario alone, so every drill of a scenario shares it (building it
        anew for each hoax of each drill cost a few percent of a default drill); its arrays are
        read-only, as sharing needs."""

        def build() -> SpreadNetwork:
            network = build_network(
                self.communities,
                list(self.accounts.values()),
                self.spec.local_share,
                hoax.r0,
                hoax.sharing_time / 3600,
            )
            for array in (network.populations, network.transmission, network.mean_sharing_hours):
                array.setflags(write=False)
            return network

        return per_scenario(self.drill.scenario, f"hoax network {hoax.id}", build)

    def add_grievance(self, sectors: list[str], amount: float) -> None:
        """An inject reveals a neutrality breach or a gambling ring: grievance rises there."""
        for sid in sectors:
            self.added[self.index[sid]] += amount
        self._base = self.standing + self.added
        self._publish_grievance()

    def grievance(self, sector_id: str) -> float:
        """Information-driven grievance in a sector now (0-1), for crowd models."""
        return float(self._grievance()[self.index[sector_id]])

    def turnout_factor(self, sector_id: str) -> float:
        """Multiplier of crowd turnout in a sector: 1 + turnout_gain x grievance."""
        return 1.0 + self.spec.turnout_gain * self.grievance(sector_id)

    # --- the clock ------------------------------------------------------------------------------

    def _step(self) -> None:
        now = self.drill.env.now
        if self.running:
            self._spread(now)
        grievance = self._publish_grievance()
        if self._incident_types:
            # Grievance and its gain are never negative: the surge draws where this is above 0
            # (a sector without grievance has none), and draws nothing when no sector has some.
            excess = self.spec.incident_gain * grievance
            self.surge.add_per_sector(now, now + self.spec.step, excess, self._incident_types)

    def _spread(self, now: float) -> None:
        """Every running hoax one step on, all in one batch step; their reach and belief."""
        runs = list(self.running.values())
        hours = [(now - run.last_step) / 3600 for run in runs]
        n, online = len(self.sector_ids), self._online
        new = self.spreads.step(hours).reshape(len(runs), -1)[:, :n]
        # A hoax posted at this very tick (0 hours) keeps its believers: its decay is 1, its
        # new people 0; it publishes nothing until its first step. Before any clarification
        # every decay is exactly 1 (exp(-0.0)), so the believers only add the new people.
        if self._fading:
            rates = np.array([[-math.log(2) * h] for h in hours])  # a column: one per hoax
            decay = np.exp(rates / self._half_life_h)
            self._believers = self._believers * decay + new
        else:
            self._believers = self._believers + new
        self._reached = [r + g for r, g in zip(self._reached, new.sum(1).tolist(), strict=True)]
        reach = [r / online for r in self._reached]
        believing = [b / online for b in self._believers.sum(1).tolist()]
        publish, sample = self.drill.state.publish_many, self.drill.sample
        for h, run in enumerate(runs):
            if now > run.last_step:  # stepped (hours > 0)
                board, reach_series, believing_series = self._names[h]
                run.last_step = now
                run.peak_believing = max(run.peak_believing, believing[h])
                publish(board, (reach[h], believing[h]))
                sample(reach_series, reach[h])
                sample(believing_series, believing[h])

    def _grievance(self) -> np.ndarray:
        total = self._base
        for share in self._weights * self._believers / self.people:
            total = total + share  # hoax after hoax, as the sums have always been taken
        return np.minimum(total, 1.0)

    def _publish_grievance(self) -> np.ndarray:
        """Publish the sectors whose grievance changed (the board ignores the others anyway)."""
        grievance = self._grievance()
        np.maximum(self.grievance_peak, grievance, out=self.grievance_peak)
        changed = (grievance != self._published).nonzero()[0]
        if changed.size == grievance.size:  # a hoax spreading changes every sector
            self.drill.state.publish_changed(self._grievance_names, grievance.tolist())
        else:
            names = [self._grievance_names[i] for i in changed.tolist()]
            self.drill.state.publish_changed(names, grievance[changed].tolist())
        self._published = grievance
        return grievance

    # --- counter-measures -----------------------------------------------------------------------

    def _counter_measures(self, run: _Running) -> Generator[simpy.Event, None, None]:
        patrol = self.measures.cyber_patrol
        if patrol is None:
            return
        env, hoax_id = self.drill.env, run.hoax.id
        yield env.timeout(patrol.detection_delay)
        run.detected = env.now
        self.drill.state.publish(f"hoax.{hoax_id}.detected", True)
        self.drill.log("information.detected", hoax=hoax_id)
        for clarification in self.measures.clarifications:
            env.process(self._clarify(run, clarification))
        if self.takedowns is not None:
            yield from self._takedown(run)

    def _takedown(self, run: _Running, ordered: bool = False) -> Generator[simpy.Event, None, None]:
        """A cyber team asks the platforms to take the hoax's posts down (first come, first
        served among the strategy's teams); once per hoax, whether ordered or on detection."""
        patrol, env, hoax_id = self.measures.cyber_patrol, self.drill.env, run.hoax.id
        assert patrol is not None and self.takedowns is not None
        if run.takedown_asked and not ordered:
            return
        run.takedown_asked = True
        with self.takedowns.request() as request:
            yield request
            yield env.timeout(patrol.takedown_time)
        run.taken_down = env.now
        n = len(self.sector_ids)
        for node in range(run.nodes.stop - run.nodes.start):
            residual = patrol.residual_sharing if node < n else 0.0
            self.spreads.damp_sharing(run.index, node, residual)
        self.drill.state.publish(f"hoax.{hoax_id}.taken_down", True)
        self.drill.log("information.takedown", hoax=hoax_id)

    # --- orders (facilitated play) -------------------------------------------------------------

    def order(self, kind: str, params: dict) -> str | None:
        """request_takedown / clarify_hoax, the moment the commander decides, not on a timer."""
        hoax_id = params["hoax"]
        run = self.running.get(hoax_id)
        if run is None:
            return f"hoax {hoax_id} has not been posted yet"
        if kind == "request_takedown":
            if self.takedowns is None:
                return "the strategy has no cyber patrol to ask for takedowns"
            if run.takedown_asked:
                return f"a takedown of {hoax_id} is already asked for"
            run.takedown_asked = True  # now, not when the process first runs
            self.drill.env.process(self._takedown(run, ordered=True))
            return None
        by = params["official"]
        found = [c for c in self.measures.clarifications if c.by == by]
        if not found:
            kinds = ", ".join(c.by for c in self.measures.clarifications) or "none"
            return f"the strategy has no clarification by {by} (it has: {kinds})"
        self.drill.env.process(self._clarify(run, found[0], now=True))
        return None

    def _clarify(self, run: _Running, clarification: Clarification, now: bool = False) -> Generator:
        yield self.drill.env.timeout(0.0 if now else clarification.delay)
        scope = run.hoax.origin if clarification.scope == "origin" else self.sector_ids
        for sid in scope:
            node = self.index[sid]
            self.spreads.damp_sharing(run.index, node, clarification.sharing_factor)
            self._half_life_h[run.index, node] = min(
                self._half_life_h[run.index, node], clarification.belief_half_life / 3600
            )
            self._fading = True
        run.clarified.append((self.drill.env.now, clarification.by))
        self.drill.log("information.clarification", hoax=run.hoax.id, by=clarification.by)

    # --- results -----------------------------------------------------------------------------

    def hoax_rows(self) -> list[dict]:
        """One row per hoax that started: reach, belief, counter-measure times (minutes)."""
        return [self.hoax_row(hoax_id) for hoax_id in self.running]

    def hoax_row(self, hoax_id: str) -> dict:
        """The row of one hoax that started (an inject's response asks for its own hoax's)."""
        clock, n, run = self.drill.clock, len(self.sector_ids), self.running[hoax_id]
        reached = self.spreads.reached[run.nodes][:n]
        top = int(np.argmax(reached / self.people))

        def minutes(t: float | None) -> float | str:
            return "" if t is None else round((t - run.started) / 60.0, 2)

        return {
            "hoax": hoax_id,
            "kind": run.hoax.kind,
            "title": run.hoax.title,
            "started": clock.label(run.started),
            "started_t_s": round(run.started, 3),
            "reach_share": round(float(reached.sum() / self.people.sum()), 6),
            "reach_top_sector": self.sector_ids[top],
            "reach_top_share": round(float(reached[top] / self.people[top]), 6),
            "believing_peak_share": round(run.peak_believing, 6),
            "detection_min": minutes(run.detected),
            "takedown_min": minutes(run.taken_down),
            "clarification_min": minutes(run.clarified[0][0] if run.clarified else None),
            "clarified_by": ",".join(by for _, by in run.clarified),
        }
