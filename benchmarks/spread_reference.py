"""The hoax spread as it was before vectorising (sispam 9962a62), kept for bench_information.py.

Same model, same random streams, the straightforward way: every step filters and re-concatenates
every sharer's arrays and visits every node in a Python loop. bench_information.py runs it side by
side with simulation/information/spread.py to report the speed-up as a ratio measured in one run,
and checks both reach the same people. Not used by the package.
"""

from __future__ import annotations

import numpy as np

from simulation.information.spread import SpreadNetwork

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

    def reach_up_to(self, pressure: float) -> int:
        """Mark everyone with resistance <= pressure as reached; return how many are new."""
        before = self.reached
        while self.reached < self.population:
            if self.reached == self._sorted.size:
                self._extend()
            if pressure < self._sorted[self.reached]:
                break  # the usual case: nobody new this step, no search needed
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
        self.pressure = np.zeros(n)
        self.sharing_factor = np.ones(n)
        self.now = start_hours
        # Active sharers: node index and the hour they stop sharing.
        self._sharer_node = np.empty(0, dtype=np.int64)
        self._sharer_end = np.empty(0)
        self._start_sharing(self.seeded)

    @property
    def reached(self) -> np.ndarray:
        """People reached so far per node (cumulative, never decreases)."""
        return self.seeded + np.array([r.reached for r in self._resistances])

    @property
    def sharing(self) -> np.ndarray:
        """People sharing right now per node."""
        active = self._sharer_end > self.now
        return np.bincount(self._sharer_node[active], minlength=len(self.network.names))

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
        overlap = np.clip(np.minimum(self._sharer_end, end) - self.now, 0.0, None)
        n = len(self.network.names)
        sharer_hours = np.bincount(self._sharer_node, weights=overlap, minlength=n)
        source = self.sharing_factor * sharer_hours / self.network.populations
        self.pressure += self.network.transmission @ source
        self.now = end
        still = self._sharer_end > end
        self._sharer_node, self._sharer_end = self._sharer_node[still], self._sharer_end[still]
        new = np.array(
            [res.reach_up_to(self.pressure[k]) for k, res in enumerate(self._resistances)],
            dtype=np.int64,
        )
        self._start_sharing(new)
        return new

    def _start_sharing(self, people: np.ndarray) -> None:
        """``people[k]`` newly reached in node k start sharing now, each for their period."""
        nodes = np.flatnonzero(people)
        if nodes.size == 0:
            return
        periods = [
            self._periods[k].take(int(people[k])) * self.network.mean_sharing_hours[k]
            for k in nodes
        ]
        self._sharer_node = np.concatenate([self._sharer_node, np.repeat(nodes, people[nodes])])
        self._sharer_end = np.concatenate([self._sharer_end, self.now + np.concatenate(periods)])
