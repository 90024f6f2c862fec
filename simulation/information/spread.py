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

How a step stays cheap (a drill steps four hoaxes over 27 nodes every 10 minutes, and a viral
one has ~10^5 people sharing at once). Nothing loops over people or over all nodes in Python:
a node's sharer-hours over [t, T] are (T - t) x its sharers still sharing at T, a running count,
plus (stop - t) for each who stops within the step, found by one comparison; one comparison of
the pressures with every node's next resistance finds the nodes where somebody is reached, and
those compare their next WINDOW resistances together; every node's random numbers sit in one
block per hoax, so one gather serves all the sharing periods a step draws. Each node's streams
are the same as drawn one node at a time, in the same CHUNK-sized pieces. The hoaxes of a drill
are one :class:`SpreadBatch`: their nodes sit side by side in the same arrays, so a step of all
of them costs the numpy calls of one (most of a step is the fixed cost of those calls).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

CHUNK = 1024
"""Random numbers are drawn in fixed chunks so that value i of a stream never depends on how
many values the steps asked for at a time (the coupling needs that)."""

WINDOW = 64
"""Resistances a step compares per node before it falls back to a binary search."""
_WINDOW_COLUMNS = np.arange(WINDOW)
_CHUNK_COLUMNS = np.arange(CHUNK, dtype=float)


def _with_rows(block: np.ndarray, rows: int) -> np.ndarray:
    """``block`` with room for at least ``rows`` rows, its rows kept in place (so flat indices
    into it stay valid); it doubles when it grows, so a drill's hoaxes copy it twice, not once
    each."""
    if rows <= block.shape[0]:
        return block
    grown = np.empty((max(rows, 2 * block.shape[0]), block.shape[1]))
    grown[: block.shape[0]] = block
    return grown


class _Periods:
    """Every node's stream of standard exponentials (sharing periods), read for all nodes at once.

    Value i of node k's stream is value i of node k's Generator drawn CHUNK at a time, whatever
    the request sizes. Row k of ``_block`` holds two consecutive chunks of node k's stream, so
    one gather serves every node whose request fits in what is left of its row; a row that runs
    low moves its second chunk forward and draws the next. Only a request longer than a chunk
    is read on its own.
    """

    def __init__(self, rows: int = 0) -> None:
        self._rngs: list[np.random.Generator] = []
        self._block = np.empty((rows, 2 * CHUNK))  # room for ``rows`` nodes before it grows
        self._flat = self._block.reshape(-1)
        self._pos = np.empty(0, dtype=np.intp)
        self._row0 = np.empty(0, dtype=np.intp)

    def add(self, rngs: list[np.random.Generator]) -> None:
        """Rows for more nodes (a new hoax's); the rows held keep their place and values."""
        self._rngs += rngs
        self._block = _with_rows(self._block, len(self._rngs))
        self._flat = self._block.reshape(-1)
        empty = np.full(len(rngs), 2 * CHUNK, dtype=np.intp)  # drawn on first use
        self._pos = np.concatenate([self._pos, empty])
        self._row0 = np.arange(len(self._rngs)) * (2 * CHUNK)

    def take(self, nodes: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The next ``counts[i]`` values of node ``nodes[i]``'s stream, node after node."""
        upto = counts.cumsum()
        total = int(upto[-1])
        starts = self._pos[nodes]
        stops = starts + counts
        short = (stops > 2 * CHUNK).nonzero()[0]
        if short.size:
            for i in short.tolist():
                k = int(nodes[i])
                while self._pos[k] >= CHUNK and self._pos[k] + counts[i] > 2 * CHUNK:
                    self._advance(k)
            starts = self._pos[nodes]
            stops = starts + counts
            if (stops > 2 * CHUNK).any():
                out = np.empty(total)  # somebody needs more than a chunk: node by node
                offset = 0
                for k, count in zip(nodes.tolist(), counts.tolist(), strict=True):
                    self._read(k, out[offset : offset + count])
                    offset += count
                return out
        self._pos[nodes] = stops
        first = self._row0[nodes] + stops - upto  # where node i's values start, less theirs
        return self._flat.take(first.repeat(counts) + np.arange(total))

    def _advance(self, k: int) -> None:
        """Row k moves its second chunk forward and draws the next one behind it."""
        row = self._block[k]
        row[:CHUNK] = row[CHUNK:]
        self._rngs[k].standard_exponential(out=row[CHUNK:])  # same values as size=CHUNK
        self._pos[k] -= CHUNK

    def _read(self, k: int, out: np.ndarray) -> None:
        """Fill ``out`` with node k's next values, advancing its row as it runs out."""
        done = 0
        while done < out.size:
            if self._pos[k] == 2 * CHUNK:
                self._advance(k)
            pos = int(self._pos[k])
            got = min(out.size - done, 2 * CHUNK - pos)
            out[done : done + got] = self._block[k, pos : pos + got]
            self._pos[k] = pos + got
            done += got


class _Resistances:
    """Every node's sorted resistances, generated lazily a chunk at a time (Renyi representation).

    The r-th smallest of N Exp(1) values is sum_{i<=r} E_i / (N - i + 1), so a node never needs
    to hold all N values. Row k of ``_block`` holds the chunk of node k's sorted resistances
    that contains its next unreached person, then inf (past the population, and WINDOW columns
    of padding). ``_next[k]`` is that person's index in the flattened block, so one gather and
    one comparison with the pressures find the nodes where somebody is reached.
    """

    def __init__(self, rows: int = 0) -> None:
        self.population = np.empty(0, dtype=np.int64)
        self._rngs: list[np.random.Generator] = []
        self._block = np.empty((rows, CHUNK + WINDOW))  # room for ``rows`` nodes before it grows
        self._flat = self._block.reshape(-1)
        self._row0 = np.empty(0, dtype=np.intp)
        self._end = np.empty(0, dtype=np.intp)
        self._start = np.empty(0, dtype=np.int64)  # people before the row's first value
        self._next = np.empty(0, dtype=np.intp)
        self._draws = np.empty(CHUNK)  # scratch for a chunk of a stream

    def add(self, populations: np.ndarray, rngs: list[np.random.Generator]) -> None:
        """Rows for more nodes (a new hoax's), each holding its first chunk; the rows held keep
        their place, so their flat indices in ``_next`` stay valid.

        The first chunks are summed as one block (the same numbers row by row)."""
        old, new = len(self._rngs), len(rngs)
        self.population = np.concatenate([self.population, populations.astype(np.int64)])
        self._rngs += rngs
        self._block = _with_rows(self._block, old + new)
        self._flat = self._block.reshape(-1)
        self._row0 = np.arange(old + new) * (CHUNK + WINDOW)
        self._end = self._row0 + CHUNK  # where each row's chunk ends (its padding starts)
        self._start = np.concatenate([self._start, np.zeros(new, dtype=np.int64)])
        self._next = np.concatenate([self._next, self._row0[old:]])
        rows = self._block[old : old + new]
        for rng, row, left in zip(rngs, rows, self.population[old:].tolist(), strict=True):
            count = min(left, CHUNK)  # see _fill: a short chunk is the last
            gaps = rng.standard_exponential(out=row[:count])
            gaps /= left - _CHUNK_COLUMNS[:count]
            row[count:CHUNK] = np.inf  # past a node's people, as _fill leaves them
        np.cumsum(rows[:, :CHUNK], axis=1, out=rows[:, :CHUNK])
        rows[:, CHUNK:] = np.inf

    @property
    def reached(self) -> np.ndarray:
        """People reached so far per node."""
        return self._start + (self._next - self._row0)

    def reach(self, pressure: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Mark everyone with resistance <= their node's pressure as reached: the new people
        per node, the nodes that have some (in order), and how many each.

        Usually a step reaches a handful of people in a node, so all hit nodes compare the
        next WINDOW resistances of their rows at once; only a node that passes its whole
        window (or its chunk) is searched on its own. None when nobody is reached.
        """
        hit = (pressure >= self._flat.take(self._next)).nonzero()[0]
        if hit.size == 0:
            return None
        first = self._next[hit]
        window = self._flat.take(first[:, None] + _WINDOW_COLUMNS)
        passed = (window <= pressure[hit][:, None]).sum(1)  # [hit, None] costs 3x as much
        after = first + passed
        self._next[hit] = after
        # Passed the whole window, or the whole chunk (its padding stops the count).
        far = after == np.minimum(first + WINDOW, self._end[hit])
        for i in far.nonzero()[0].tolist():
            k = int(hit[i])
            passed[i] += self._search(k, pressure[k])
        new = np.zeros(len(self._rngs), dtype=np.int64)
        new[hit] = passed
        return new, hit, passed  # a hit node reaches its next person at least

    def _search(self, k: int, pressure: float) -> int:
        """Node k passed its whole window or chunk: search on, drawing chunks while it passes
        them; returns how many more people it reached."""
        row, before = self._block[k], self._start[k] + (self._next[k] - self._row0[k])
        pos = int(row[:CHUNK].searchsorted(pressure, side="right"))
        while pos == CHUNK and self._start[k] + CHUNK < self.population[k]:
            self._start[k] += CHUNK  # passed the whole chunk and there are more people
            self._fill(k, row[CHUNK - 1])
            pos = int(row[:CHUNK].searchsorted(pressure, side="right"))
        self._next[k] = self._row0[k] + pos
        return int(self._start[k] + pos - before)

    def _fill(self, k: int, last: float) -> None:
        """Row k := the chunk of node k's sorted resistances from ``_start[k]`` on (the first
        chunk is written by :meth:`add`).

        A chunk shorter than CHUNK is the node's last, so only its values are drawn: the
        stream, the node's own, is never read again."""
        left = int(self.population[k] - self._start[k])
        count, row = max(0, min(CHUNK, left)), self._block[k]
        if count > 0:
            gaps = self._rngs[k].standard_exponential(out=self._draws[:count])
            gaps /= left - _CHUNK_COLUMNS[:count]  # exact integers as floats: same quotients
            # Summed into the row, not in place: numpy copies an input that overlaps the output.
            np.add.accumulate(gaps, out=row[:count])
            row[:count] += last
        if count < CHUNK:
            row[count:CHUNK] = np.inf  # the padding past CHUNK stays inf


class _Sharers:
    """Everyone sharing: their node and the hour they stop; and how many share per node.

    Why this layout: over a step [t, T] a node's sharer-hours are (T - t) x (its sharers still
    sharing at T) + sum of (stop - t) over those who stop within the step. So a step looks at
    the stoppers only (one comparison finds them) and keeps a running count of the rest; a
    stopper's end becomes inf so it is never found again, and the arrays are compacted once
    such people are half of them, or before they would grow. New sharers go into spare
    capacity. People of every hoax of
    a batch share the arrays; a node's people stay in the order they started sharing, so each
    node's sums add the same numbers in the same order as a hoax stepped alone.
    """

    def __init__(self) -> None:
        self.count = np.zeros(0, dtype=np.int64)  # sharing now, per node
        self.node = np.empty(CHUNK, dtype=np.int32)  # half the bytes of intp to scan and copy
        self.end = np.empty(CHUNK)
        self._mask = np.empty(CHUNK, dtype=bool)  # reused: no fresh memory per step
        self.size = 0
        self._stopped = 0  # entries with end = inf, waiting for a compaction

    def add_nodes(self, nodes: int) -> None:
        """Room in the counts for more nodes (a new hoax's), nobody sharing there yet."""
        self.count = np.concatenate([self.count, np.zeros(nodes, dtype=np.int64)])

    def hours(
        self, start: np.ndarray, span: np.ndarray, latest: float, until: np.ndarray | None
    ) -> np.ndarray:
        """Sharer-hours per node over [start[k], start[k] + span[k]]; those who stop by
        ``until[k]`` (the step's end, or -inf where the hoax is not stepped; ``latest`` is the
        largest, and ``until`` is None where every node's is ``latest``) leave the count."""
        n = self.size
        ends = self.end[:n]
        stop = np.less_equal(ends, latest, out=self._mask[:n]).nonzero()[0]
        if stop.size == 0:
            return span * self.count
        nodes, stop_ends = self.node.take(stop), ends.take(stop)
        if until is not None:  # hoaxes' steps end at slightly different hours
            mine = stop_ends <= until.take(nodes)
            if not mine.all():
                stop, nodes, stop_ends = stop[mine], nodes[mine], stop_ends[mine]
        before_stop = np.bincount(
            nodes, weights=stop_ends - start.take(nodes), minlength=self.count.size
        )
        self.count -= np.bincount(nodes, minlength=self.count.size)
        ends[stop] = np.inf
        self._stopped += stop.size
        if 2 * self._stopped >= n:
            self._compact()
        return span * self.count + before_stop

    def _compact(self) -> None:
        """Drop the people who stopped, keeping the others in their order."""
        n = self.size
        # Indices, then gathers: a boolean index over a mask that is half True at random is
        # several times slower (it branches on every entry).
        keep = np.less(self.end[:n], np.inf, out=self._mask[:n]).nonzero()[0]
        live = keep.size
        self.node[:live] = self.node.take(keep)
        self.end[:live] = self.end.take(keep)
        self.size, self._stopped = live, 0

    def active(self, now: np.ndarray) -> np.ndarray:
        """People sharing at ``now[k]`` per node k (those whose period ends later)."""
        ends, nodes = self.end[: self.size], self.node[: self.size]
        live = (ends > now[nodes]) & (ends < np.inf)
        return np.bincount(nodes[live], minlength=self.count.size)

    def add(self, rows: np.ndarray, ends: np.ndarray, people: np.ndarray) -> None:
        """Append people who start sharing now: their nodes, the hours they stop, and how many
        per node."""
        m = ends.size
        if self.size + m > self.end.size and self._stopped:
            self._compact()  # room without fresh memory (new pages cost more than a copy)
        n = self.size
        if n + m > self.end.size:
            capacity = max(2 * self.end.size, n + m)
            # Only the entries held are copied: the spare room's pages stay untouched until
            # people fill it (copying its garbage wrote them all at once).
            node, end = np.empty(capacity, dtype=np.int32), np.empty(capacity)
            node[:n], end[:n] = self.node[:n], self.end[:n]
            self.node, self.end = node, end
            self._mask = np.empty(capacity, dtype=bool)
        self.node[n : n + m] = rows
        self.end[n : n + m] = ends
        self.size = n + m
        self.count += people


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


class SpreadBatch:
    """Several hoaxes spreading at once, each over its own :class:`SpreadNetwork`, stepped
    together: one set of array operations per step for all of them instead of one per hoax
    (most of a step is the fixed cost of numpy calls, not the people they touch).

    Hoax h owns the nodes ``nodes(h)`` of the batch's arrays (its network's nodes in order).
    Each hoax keeps its own streams, clock and counter-measures, and every node's numbers are
    added in the same order as if its hoax were stepped alone, so a hoax reaches the same
    people, bit for bit, in a batch or alone.
    """

    def __init__(self, nodes: int = 0) -> None:
        """A batch with room for ``nodes`` nodes in all before its blocks of random numbers
        grow: a drill knows how many its hoaxes can have, and growing them as hoaxes started
        (copying every row held) cost a few percent of a default drill. Rows never used are
        never written, so the room costs no memory."""
        self.networks: list[SpreadNetwork] = []
        # Hours per hoax as floats: a step's few sums over hoaxes cost less in Python than
        # one numpy call each; and the same per node, which the step's arrays need.
        self.now: list[float] = []
        self._now_nodes = np.empty(0)
        self._first = [0]  # hoax h owns nodes _first[h] to _first[h + 1]
        self._owner = np.empty(0, dtype=np.intp)  # node -> hoax
        self.seeded = np.empty(0, dtype=np.int64)
        self.pressure = np.empty(0)
        self.sharing_factor = np.empty(0)
        self._populations = np.empty(0)
        self._mean_hours = np.empty(0)
        self._resistances = _Resistances(nodes)
        self._periods = _Periods(nodes)
        self._sharers = _Sharers()

    def add(
        self,
        network: SpreadNetwork,
        rng: np.random.Generator,
        seeds: dict[int, int],
        start_hours: float = 0.0,
    ) -> int:
        """Start a hoax with ``seeds`` people (node index -> count) posting it at once; returns
        its index in the batch.

        Seeded people stand outside the Sellke pool (they are reached by the post, not by
        pressure), which is what the SIR final-size relation assumes of initial sharers.
        """
        n, hoax = len(network.names), len(self.networks)
        seeded = np.zeros(n, dtype=np.int64)
        for node, people in seeds.items():
            seeded[node] = min(people, int(network.populations[node]))
        streams = rng.spawn(2 * n)  # node k: resistances from 2k, sharing periods from 2k + 1
        self._resistances.add(network.populations - seeded, streams[0::2])
        self._periods.add(streams[1::2])
        self._sharers.add_nodes(n)
        self.networks.append(network)
        self.now.append(float(start_hours))
        self._first.append(self._first[-1] + n)
        self._owner = np.concatenate([self._owner, np.full(n, hoax, dtype=np.intp)])
        self.seeded = np.concatenate([self.seeded, seeded])
        self.pressure = np.concatenate([self.pressure, np.zeros(n)])
        self.sharing_factor = np.concatenate([self.sharing_factor, np.ones(n)])
        self._populations = np.concatenate([self._populations, network.populations])
        self._mean_hours = np.concatenate([self._mean_hours, network.mean_sharing_hours])
        self._now_nodes = np.array(self.now)[self._owner]
        people = np.zeros(self._first[-1], dtype=np.int64)
        people[self._first[hoax] :] = seeded
        nodes = people.nonzero()[0]
        self._start_sharing(nodes, people[nodes], people, self._now_nodes)
        return hoax

    def nodes(self, hoax: int) -> slice:
        """Where a hoax's nodes sit in the batch's per-node arrays."""
        return slice(self._first[hoax], self._first[hoax + 1])

    @property
    def reached(self) -> np.ndarray:
        """People reached so far per node (cumulative, never decreases)."""
        return self.seeded + self._resistances.reached

    @property
    def sharing(self) -> np.ndarray:
        """People sharing right now per node."""
        return self._sharers.active(self._now_nodes)

    def damp_sharing(self, hoax: int, node: int, factor: float) -> None:
        """Counter-measure: the sharers of a hoax's ``node`` now pass it on ``factor`` times as
        much.

        Counter-measures act independently (a takedown removes posts, a clarification persuades
        people), so their factors multiply. Factors never exceed 1, so sharing never goes back
        up: that keeps the earlier-is-never-worse coupling true.
        """
        if not 0.0 <= factor <= 1.0:
            raise ValueError(f"a sharing factor lies in [0, 1], got {factor}")
        self.sharing_factor[self._first[hoax] + node] *= factor

    def step(self, hours: Sequence[float]) -> np.ndarray:
        """Advance hoax h by ``hours[h]`` (a hoax given 0 stays where it is); returns the people
        newly reached per node during the step."""
        given = [float(h) for h in hours]  # a few: Python floats, not numpy calls
        stepped = [h > 0 for h in given]
        finish = [now + h for now, h in zip(self.now, given, strict=True)]
        until = [end if go else -math.inf for end, go in zip(finish, stepped, strict=True)]
        latest = max(until)
        start, end = self._now_nodes, np.array(finish)[self._owner]
        uneven = np.array(until)[self._owner] if min(until) < latest else None
        sharer_hours = self._sharers.hours(start, end - start, latest, uneven)
        source = self.sharing_factor * sharer_hours / self._populations
        for hoax, go in enumerate(stepped):
            if go:
                nodes = self.nodes(hoax)
                self.pressure[nodes] += self.networks[hoax].transmission @ source[nodes]
        self.now, self._now_nodes = finish, end
        reached = self._resistances.reach(self.pressure)
        if reached is None:
            return np.zeros(len(self.pressure), dtype=np.int64)
        new, nodes, counts = reached
        self._start_sharing(nodes, counts, new, end)
        return new

    def _start_sharing(
        self, nodes: np.ndarray, counts: np.ndarray, people: np.ndarray, now: np.ndarray
    ) -> None:
        """``counts[i]`` people newly reached in node ``nodes[i]`` (in order; ``people`` the
        same per node) start sharing at ``now[k]``, each for their period."""
        if nodes.size == 0:
            return
        rows = nodes.repeat(counts)
        periods = self._periods.take(nodes, counts) * self._mean_hours[rows]
        self._sharers.add(rows, now[rows] + periods, people)


class HoaxSpread:
    """One hoax spreading over a :class:`SpreadNetwork` alone: a batch of one, stepped by its
    owner (the science checks and the benchmarks drive hoaxes this way)."""

    def __init__(
        self,
        network: SpreadNetwork,
        rng: np.random.Generator,
        seeds: dict[int, int],
        start_hours: float = 0.0,
    ) -> None:
        self.network = network
        self._batch = SpreadBatch()
        self._batch.add(network, rng, seeds, start_hours)

    @property
    def now(self) -> float:
        return self._batch.now[0]

    @property
    def reached(self) -> np.ndarray:
        """People reached so far per node (cumulative, never decreases)."""
        return self._batch.reached

    @property
    def sharing(self) -> np.ndarray:
        """People sharing right now per node."""
        return self._batch.sharing

    @property
    def sharing_factor(self) -> np.ndarray:
        return self._batch.sharing_factor

    def damp_sharing(self, node: int, factor: float) -> None:
        """See :meth:`SpreadBatch.damp_sharing`."""
        self._batch.damp_sharing(0, node, factor)

    def step(self, hours: float) -> np.ndarray:
        """Advance ``hours``; returns the people newly reached per node during the step."""
        return self._batch.step([hours])


def sir_final_size(r0: float, initial_share: float = 0.0) -> float:
    """Analytic final reached share z of a well-mixed SIR: z = 1 - (1 - i0) * exp(-R0 * z).

    The gap function is convex, negative at 0 (or at its minimum when i0 = 0) and positive at 1,
    so the epidemic root is bracketed and unique.
    """
    from scipy.optimize import brentq  # only the validation checks call this; scipy is slow to load

    s0 = 1.0 - initial_share

    def gap(z: float) -> float:
        return z - 1.0 + s0 * np.exp(-r0 * z)

    if initial_share > 0:
        return float(brentq(gap, 0.0, 1.0))
    if r0 <= 1.0:
        return 0.0
    return float(brentq(gap, np.log(r0) / r0, 1.0))
