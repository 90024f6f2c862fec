"""Spread of one hoax over a network of communities: a stochastic SIR in Sellke form.

Why this design. A hoax reaches people (S -> I), who share it for a while and then stop
(I -> R). Communities are the nodes of a network: the kecamatan populations, plus influential
accounts (a node of population 1 whose sharing reaches many kecamatan). The force on node k is

    dA_k/dt = sum_j B[k, j] * f_j(t) * I_j(t) / N_j          (per hour)

where ``B`` is the transmission matrix and ``f_j`` the sharing factor that counter-measures lower
(takedown, clarification). We draw randomness the Sellke way: every person has a fixed
resistance ``Q ~ Exp(1)`` and is reached when the cumulative pressure ``A_k`` passes it; the r-th
person reached in a node shares for the r-th period of that node's stream. Two consequences:

* one node with ``B = beta`` is the classical stochastic SIR; its final size obeys
  ``z = 1 - s0 * exp(-R0 * z)`` with ``R0 = beta * mean period`` in the large-population limit;
* with the same seed, lowering any ``f_j`` earlier can only lower every node's pressure, so an
  earlier takedown never reaches more people (a pathwise coupling, not only on average), as long
  as sharing factors never go back up. The model enforces that (factors only multiply by <= 1).

Time advances in steps; pressure over a step integrates each sharer's exact overlap with it, so
the step length changes only *when* people are reached, never the final size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

CHUNK = 1024
"""Random numbers are drawn in fixed chunks so that value i of a stream never depends on how
many values the steps asked for at a time (the coupling needs that)."""


class _ChunkedStream:
    """The i-th standard exponential of a Generator, whatever the request sizes."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._buffer = np.empty(0)

    def take(self, n: int) -> np.ndarray:
        while self._buffer.size < n:
            self._buffer = np.concatenate([self._buffer, self._rng.standard_exponential(CHUNK)])
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out


class _Resistances:
    """Sorted resistances of a node's N people, generated lazily (Renyi representation).

    The r-th smallest of N Exp(1) values is sum_{i<=r} E_i / (N - i + 1), so the node never
    needs to hold all N values: it extends the sorted list when the pressure approaches it.
    """

    def __init__(self, population: int, rng: np.random.Generator) -> None:
        self.population = population
        self._stream = _ChunkedStream(rng)
        self._sorted = np.empty(0)
        self.reached = 0

    @property
    def threshold(self) -> float:
        """Resistance of the next person to reach (inf once everyone is reached).

        The owner compares all nodes' thresholds with their pressures in one vector operation
        and calls :meth:`reach_up_to` only where someone is reached.
        """
        if self.reached == self.population:
            return math.inf
        if self.reached == self._sorted.size:
            self._extend()
        return float(self._sorted[self.reached])

    def reach_up_to(self, pressure: float) -> int:
        """Mark everyone with resistance <= pressure as reached; return how many are new."""
        before = self.reached
        while self.reached < self.population:
            if self.reached == self._sorted.size:
                self._extend()
            if pressure < self._sorted[self.reached]:
                break
            ahead = self._sorted[self.reached :]
            passed = int(np.searchsorted(ahead, pressure, side="right"))
            self.reached += passed
            if passed < ahead.size:
                break
        return self.reached - before

    def _extend(self) -> None:
        start = self._sorted.size
        count = min(CHUNK, self.population - start)
        gaps = self._stream.take(count) / (self.population - start - np.arange(count))
        last = self._sorted[-1] if start else 0.0
        self._sorted = np.concatenate([self._sorted, last + np.cumsum(gaps)])


class _Sharers:
    """Everyone sharing: their node and the hour they stop, in the order they were reached.

    Why this layout: a step needs each node's sharer-hours, and ``np.bincount`` adds them in
    array order, so keeping the reach order keeps the sums bit-identical step to step and run to
    run. People who have stopped stay in the arrays, where they add exactly 0.0, until they make
    up half of them; new sharers go into spare capacity. A step is then a few passes over two
    arrays instead of filtering and re-concatenating them every time.
    """

    def __init__(self, nodes: int) -> None:
        self.nodes = nodes
        self.node = np.empty(CHUNK, dtype=np.intp)
        self.end = np.empty(CHUNK)
        self._work = np.empty(CHUNK)
        self.size = 0

    def hours(self, start: float, end: float) -> np.ndarray:
        """Sharer-hours per node over [start, end]: each sharer's exact overlap, summed."""
        n = self.size
        overlap = np.minimum(self.end[:n], end, out=self._work[:n])
        overlap -= start
        np.maximum(overlap, 0.0, out=overlap)
        return np.bincount(self.node[:n], weights=overlap, minlength=self.nodes)

    def active(self, now: float) -> np.ndarray:
        """People sharing at ``now`` per node."""
        n = self.size
        return np.bincount(self.node[:n][self.end[:n] > now], minlength=self.nodes)

    def drop_stopped(self, now: float) -> None:
        """Compact away those who stopped by ``now`` once they are half the arrays (keeps order)."""
        n = self.size
        alive = self.end[:n] > now
        live = int(np.count_nonzero(alive))
        if 2 * live > n:
            return
        self.node[:live] = self.node[:n][alive]
        self.end[:live] = self.end[:n][alive]
        self.size = live

    def add(self, node: int, ends: np.ndarray) -> None:
        """Append the people of ``node`` who start sharing now and stop at ``ends``."""
        n, m = self.size, ends.size
        if n + m > self.end.size:
            capacity = max(2 * self.end.size, n + m)
            self.node = np.concatenate([self.node[:n], np.empty(capacity - n, dtype=np.intp)])
            self.end = np.concatenate([self.end[:n], np.empty(capacity - n)])
            self._work = np.empty(capacity)
        self.node[n : n + m] = node
        self.end[n : n + m] = ends
        self.size = n + m


@dataclass(frozen=True)
class SpreadNetwork:
    """Nodes and transmission of one hoax; validated once, shared by every step."""

    names: tuple[str, ...]
    populations: np.ndarray  # people per node (int)
    transmission: np.ndarray  # B[k, j] per hour: pressure on k from j's sharers per person in j
    mean_sharing_hours: np.ndarray  # mean sharing period per node

    def __post_init__(self) -> None:
        n = len(self.names)
        if self.populations.shape != (n,) or self.mean_sharing_hours.shape != (n,):
            raise ValueError("populations and sharing periods need one value per node")
        if self.transmission.shape != (n, n):
            raise ValueError("transmission must be a square matrix over the nodes")
        if (self.populations < 1).any() or (self.transmission < 0).any():
            raise ValueError("populations must be >= 1 and transmission >= 0")
        if (self.mean_sharing_hours <= 0).any():
            raise ValueError("mean sharing periods must be positive")


class HoaxSpread:
    """One hoax spreading over a :class:`SpreadNetwork`; stepped by its owner on the clock."""

    def __init__(
        self,
        network: SpreadNetwork,
        rng: np.random.Generator,
        seeds: dict[int, int],
        start_hours: float = 0.0,
    ) -> None:
        """Start the hoax with ``seeds`` people (node index -> count) posting it at once.

        Seeded people stand outside the Sellke pool (they are reached by the post, not by
        pressure), which is what the SIR final-size relation assumes of initial sharers.
        """
        self.network = network
        n = len(network.names)
        self.seeded = np.zeros(n, dtype=np.int64)
        for node, people in seeds.items():
            self.seeded[node] = min(people, int(network.populations[node]))
        streams = rng.spawn(2 * n)
        self._resistances = [
            _Resistances(int(pop - self.seeded[i]), streams[2 * i])
            for i, pop in enumerate(network.populations)
        ]
        self._periods = [_ChunkedStream(streams[2 * i + 1]) for i in range(n)]
        # Each node's next resistance: one comparison with the pressures finds the nodes where
        # somebody is reached this step, so quiet nodes cost nothing.
        self._threshold = np.array([r.threshold for r in self._resistances])
        self._reached = np.zeros(n, dtype=np.int64)
        self.pressure = np.zeros(n)
        self.sharing_factor = np.ones(n)
        self.now = start_hours
        self._sharers = _Sharers(n)
        self._start_sharing(self.seeded)

    @property
    def reached(self) -> np.ndarray:
        """People reached so far per node (cumulative, never decreases)."""
        return self.seeded + self._reached

    @property
    def sharing(self) -> np.ndarray:
        """People sharing right now per node."""
        return self._sharers.active(self.now)

    def damp_sharing(self, node: int, factor: float) -> None:
        """Counter-measure: the sharers of ``node`` now pass the hoax on ``factor`` times as much.

        Counter-measures act independently (a takedown removes posts, a clarification persuades
        people), so their factors multiply. Factors never exceed 1, so sharing never goes back
        up: that keeps the earlier-is-never-worse coupling true.
        """
        if not 0.0 <= factor <= 1.0:
            raise ValueError(f"a sharing factor lies in [0, 1], got {factor}")
        self.sharing_factor[node] *= factor

    def step(self, hours: float) -> np.ndarray:
        """Advance ``hours``; returns the people newly reached per node during the step."""
        end = self.now + hours
        sharer_hours = self._sharers.hours(self.now, end)
        source = self.sharing_factor * sharer_hours / self.network.populations
        self.pressure += self.network.transmission @ source
        self.now = end
        self._sharers.drop_stopped(end)
        new = np.zeros(len(self._threshold), dtype=np.int64)
        for k in np.flatnonzero(self.pressure >= self._threshold).tolist():
            resistances = self._resistances[k]
            new[k] = resistances.reach_up_to(self.pressure[k])
            self._threshold[k] = resistances.threshold
        self._reached += new
        self._start_sharing(new)
        return new

    def _start_sharing(self, people: np.ndarray) -> None:
        """``people[k]`` newly reached in node k start sharing now, each for their period."""
        for k in np.flatnonzero(people).tolist():
            periods = self._periods[k].take(int(people[k])) * self.network.mean_sharing_hours[k]
            self._sharers.add(k, self.now + periods)


def sir_final_size(r0: float, initial_share: float = 0.0) -> float:
    """Analytic final reached share z of a well-mixed SIR: z = 1 - (1 - i0) * exp(-R0 * z).

    The gap function is convex, negative at 0 (or at its minimum when i0 = 0) and positive at 1,
    so the epidemic root is bracketed and unique.
    """
    s0 = 1.0 - initial_share

    def gap(z: float) -> float:
        return z - 1.0 + s0 * np.exp(-r0 * z)

    if initial_share > 0:
        return float(brentq(gap, 0.0, 1.0))
    if r0 <= 1.0:
        return 0.0
    return float(brentq(gap, np.log(r0) / r0, 1.0))
