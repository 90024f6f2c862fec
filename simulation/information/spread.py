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

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

CHUNK = 1024
"""Random numbers are drawn in fixed chunks so that value i of a stream never depends on how
many values the steps asked for at a time (the coupling needs that)."""


def _ragged_arange(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])`` without the loop."""
    offsets = np.cumsum(counts) - counts
    return np.arange(int(counts.sum())) + np.repeat(starts - offsets, counts)


class _Periods:
    """Every node's stream of standard exponentials (sharing periods), read for all nodes at once.

    Value i of node k's stream is value i of node k's Generator drawn CHUNK at a time, whatever
    the request sizes. Row k of ``_block`` holds node k's current chunk, so one gather serves
    every node whose request fits in its row; a node that runs past its chunk is read alone.
    """

    def __init__(self, rngs: list[np.random.Generator]) -> None:
        self._rngs = rngs
        self._block = np.empty((len(rngs), CHUNK))
        self._pos = np.full(len(rngs), CHUNK, dtype=np.intp)  # empty rows: drawn on first use

    def take(self, nodes: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The next ``counts[i]`` values of node ``nodes[i]``'s stream, node after node."""
        starts = self._pos[nodes]
        fits = starts + counts <= CHUNK
        if fits.all():
            self._pos[nodes] += counts
            return self._block[np.repeat(nodes, counts), _ragged_arange(starts, counts)]
        out = np.empty(int(counts.sum()))
        offsets = np.cumsum(counts) - counts
        if fits.any():
            n, c = nodes[fits], counts[fits]
            values = self._block[np.repeat(n, c), _ragged_arange(starts[fits], c)]
            out[_ragged_arange(offsets[fits], c)] = values
            self._pos[n] += c
        for k, count, offset in zip(
            nodes[~fits].tolist(), counts[~fits].tolist(), offsets[~fits].tolist(), strict=True
        ):
            self._read(k, out[offset : offset + count])
        return out

    def _read(self, k: int, out: np.ndarray) -> None:
        """Fill ``out`` with node k's next values, drawing new chunks as its row runs out."""
        row, pos, done = self._block[k], int(self._pos[k]), 0
        while done < out.size:
            if pos == CHUNK:
                row[:] = self._rngs[k].standard_exponential(CHUNK)
                pos = 0
            got = min(out.size - done, CHUNK - pos)
            out[done : done + got] = row[pos : pos + got]
            pos, done = pos + got, done + got
        self._pos[k] = pos


class _Resistances:
    """Every node's sorted resistances, generated lazily a chunk at a time (Renyi representation).

    The r-th smallest of N Exp(1) values is sum_{i<=r} E_i / (N - i + 1), so a node never needs
    to hold all N values. Row k of ``_block`` holds the chunk of node k's sorted resistances
    that contains its next unreached person, then inf (past the population, and a sentinel
    column); ``threshold`` is every node's next resistance, so one comparison with the
    pressures finds the few nodes where somebody is reached.
    """

    def __init__(self, populations: np.ndarray, rngs: list[np.random.Generator]) -> None:
        n = len(rngs)
        self.population = populations.astype(np.int64)
        self._rngs = rngs
        self._block = np.full((n, CHUNK + 1), np.inf)
        self._start = np.zeros(n, dtype=np.int64)  # people before the row's first value
        self._pos = np.zeros(n, dtype=np.int64)  # people of the row reached
        for k in range(n):
            self._fill(k, 0.0)
        self.threshold = self._block[:, 0].copy()

    @property
    def reached(self) -> np.ndarray:
        """People reached so far per node."""
        return self._start + self._pos

    def reach(self, pressure: np.ndarray) -> np.ndarray:
        """Mark everyone with resistance <= their node's pressure as reached; new people per node.

        The loop runs over the nodes where somebody is reached only, each a binary search in
        its row: with a few dozen nodes that beats comparing whole rows (measured).
        """
        new = np.zeros(len(self._rngs), dtype=np.int64)
        for k in np.flatnonzero(pressure >= self.threshold).tolist():
            new[k] = self._reach_node(k, pressure[k])
        return new

    def _reach_node(self, k: int, pressure: float) -> int:
        row, before = self._block[k], int(self._start[k] + self._pos[k])
        pos = int(row.searchsorted(pressure, side="right"))
        while pos == CHUNK and self._start[k] + CHUNK < self.population[k]:
            self._start[k] += CHUNK  # passed the whole chunk and there are more people
            self._fill(k, row[CHUNK - 1])
            pos = int(row.searchsorted(pressure, side="right"))
        self._pos[k] = pos
        self.threshold[k] = row[pos]
        return int(self._start[k]) + pos - before

    def _fill(self, k: int, last: float) -> None:
        """Row k := the chunk of node k's sorted resistances from ``_start[k]`` on."""
        start, row = self._start[k], self._block[k]
        count = int(min(CHUNK, self.population[k] - start))
        if count > 0:
            gaps = self._rngs[k].standard_exponential(CHUNK)[:count] / (
                self.population[k] - start - np.arange(count)
            )
            row[:count] = last + np.cumsum(gaps)
        row[max(count, 0) :] = np.inf


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

    def add(self, nodes: np.ndarray, ends: np.ndarray) -> None:
        """Append people who start sharing now: their nodes and the hours they stop."""
        n, m = self.size, ends.size
        if n + m > self.end.size:
            capacity = max(2 * self.end.size, n + m)
            self.node = np.concatenate([self.node[:n], np.empty(capacity - n, dtype=np.intp)])
            self.end = np.concatenate([self.end[:n], np.empty(capacity - n)])
            self._work = np.empty(capacity)
        self.node[n : n + m] = nodes
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
        streams = rng.spawn(2 * n)  # node k: resistances from 2k, sharing periods from 2k + 1
        self._resistances = _Resistances(network.populations - self.seeded, streams[0::2])
        self._periods = _Periods(streams[1::2])
        self.pressure = np.zeros(n)
        self.sharing_factor = np.ones(n)
        self.now = start_hours
        self._sharers = _Sharers(n)
        self._start_sharing(self.seeded)

    @property
    def reached(self) -> np.ndarray:
        """People reached so far per node (cumulative, never decreases)."""
        return self.seeded + self._resistances.reached

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
        new = self._resistances.reach(self.pressure)
        self._start_sharing(new)
        return new

    def _start_sharing(self, people: np.ndarray) -> None:
        """``people[k]`` newly reached in node k start sharing now, each for their period."""
        nodes = np.flatnonzero(people)
        if nodes.size == 0:
            return
        counts = people[nodes]
        rows = np.repeat(nodes, counts)
        periods = self._periods.take(nodes, counts) * self.network.mean_sharing_hours[rows]
        self._sharers.add(rows, self.now + periods)


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
