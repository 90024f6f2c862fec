"""The per-agent reference: the walking rules of simulation/crowd/walking.py written the
straightforward mesa way, one Agent per person in a ContinuousSpace, for bench_crowd.py.

Same rules, same constants: CSM direction (desired + exponential repulsion), Weidmann speed
from the headway in a shoulder-wide band ahead, and the minimum-gap check. Walls and random
turns are left out on both sides of the comparison (the benchmark's ground is open).
"""

from __future__ import annotations

import math

import mesa
import numpy as np
from mesa.space import ContinuousSpace

from simulation.crowd.venue import WEIDMANN_RHO_MAX
from simulation.crowd.walking import WEIDMANN_GAMMA, WalkParams


class Walker(mesa.Agent):
    """One person: decides a direction and a speed from the neighbours it sees."""

    def __init__(self, model: ReferenceCrowd, pos: tuple[float, float], goal: tuple[float, float]):
        super().__init__(model)
        self.goal = goal
        self.v0 = 1.34
        self.next_pos = pos
        self.heading = (0.0, 0.0)

    def decide(self) -> None:
        p = self.model.params
        x, y = self.pos
        gx, gy = self.goal[0] - x, self.goal[1] - y
        g = math.hypot(gx, gy) or 1.0
        ex, ey = gx / g, gy / g
        others = self.model.space.get_neighbors(self.pos, p.cutoff_m, include_center=False)
        for o in others:
            dx, dy = o.pos[0] - x, o.pos[1] - y
            d = max(math.hypot(dx, dy), 1e-6)
            if d < p.body_m + 6 * p.repulsion_range_m:
                s = p.repulsion * math.exp((p.body_m - d) / p.repulsion_range_m) / d
                ex, ey = ex - dx * s, ey - dy * s
        norm = math.hypot(ex, ey) or 1.0
        ex, ey = ex / norm, ey / norm
        headway = math.inf
        for o in others:
            dx, dy = o.pos[0] - x, o.pos[1] - y
            if ex * dx + ey * dy > 0 and abs(ex * dy - ey * dx) < p.band_m:
                headway = min(headway, math.hypot(dx, dy))
        inv_rho = p.headway_k * headway**p.headway_exp
        v = self.v0 * (1 - math.exp(-WEIDMANN_GAMMA * (inv_rho - 1 / WEIDMANN_RHO_MAX)))
        v = min(max(v, 0.0), self.v0)
        self.heading = (ex, ey)
        self.next_pos = (x + v * ex * p.dt_s, y + v * ey * p.dt_s)
        self.others = others

    def move(self) -> None:
        """Take the step unless it closes the gap to someone who is ahead of us."""
        p = self.model.params
        nx, ny = self.next_pos
        for o in self.others:
            ox, oy = o.next_pos
            before = math.dist(self.pos, o.pos)
            after = math.hypot(ox - nx, oy - ny)
            ahead = self.heading[0] * (o.pos[0] - self.pos[0]) + self.heading[1] * (
                o.pos[1] - self.pos[1]
            )
            if after < p.gap_m and after < before and ahead > 0:
                return
        self.model.space.move_agent(self, (nx, ny))


class ReferenceCrowd(mesa.Model):
    """People walking towards the middle of an open square."""

    def __init__(self, positions: np.ndarray, size: float, seed: int = 0) -> None:
        super().__init__(rng=seed)
        self.params = WalkParams()
        self.space = ContinuousSpace(size, size, torus=False)
        centre = (size / 2, size / 2)
        for xy in positions:
            agent = Walker(self, tuple(xy), centre)
            self.space.place_agent(agent, tuple(xy))

    def step(self) -> None:
        self.agents.do("decide")
        self.agents.do("move")
