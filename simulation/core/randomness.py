"""One seed, many independent streams.

A drill is fixed by two integers: the experiment's ``seed`` and the ``replication`` number
(0 for a single run). They make one ``numpy.random.SeedSequence`` per drill,
``SeedSequence(seed, spawn_key=(replication,))``; every random stream of the drill is spawned
from it by *name* (``"patrol", "arrivals", "bangil"``), never by the order in which components
are built. So:

* adding a model, or a model drawing more numbers, never changes what another model sees;
* the same name in two strategies gives the same numbers (common random numbers);
* replications r and r' of one experiment, and drills of experiments with seeds 1 and 2, never
  share a stream: SeedSequence hashes (seed, replication, names) together, where the old scheme
  ``seed + r`` made replication 1 of seed 1 the very drill of replication 0 of seed 2;
* the numbers depend on nothing else: not the process, the executor, the machine or the hash
  seed of Python (names are hashed with CRC-32, which is fixed, not with ``hash()``).
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.random.bit_generator import ISpawnableSeedSequence

# numpy's SeedSequence (O'Neill's seed_seq; numpy/random/bit_generator.pyx): pool of 4 words.
_M32, _POOL = 0xFFFFFFFF, 4
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715

Word = int | np.ndarray  # one 32-bit word, or that word of many sequences (uint64 array)


@functools.lru_cache(maxsize=8192)
def name_key(*names: str | int) -> tuple[int, ...]:
    """The spawn key of a stream name: CRC-32 of each part, stable across processes (kept:
    every drill of a scenario names the same streams, a patrol drill some hundreds)."""
    return tuple(zlib.crc32(str(name).encode()) for name in names)


def skip_uniforms(rng: np.random.Generator, n: int) -> bool:
    """Move ``rng`` on exactly as ``rng.random(n)`` would, without making the numbers, where
    that is exact; returns whether it did (False: the stream is untouched, draw them).

    Why: a model that draws one uniform per person and finds nobody who could use theirs
    (nobody dense enough to be crushed, nobody violent within the officers' reach) must still
    leave its stream where the draw would, or every later number of the drill changes. PCG64
    makes each double of one 64-bit output, so ``advance(n)`` is the same draw, at a tenth of
    its cost for 2,000 people; but ``advance`` drops a buffered 32-bit half (``integers``
    over a small range leaves one), so with a half pending, or another bit generator, the
    caller draws.
    """
    bits = rng.bit_generator
    if type(bits) is not np.random.PCG64 or bits.state["has_uint32"]:
        return False
    bits.advance(n)
    return True


@dataclass(frozen=True, slots=True)
class DrillSeed:
    """The root of a drill's randomness: experiment seed and replication number."""

    seed: int
    replication: int = 0

    def __post_init__(self) -> None:
        if self.seed < 0 or self.replication < 0:
            raise ValueError("seed and replication must be 0 or more")

    def sequence(self, *names: str | int) -> np.random.SeedSequence:
        """The SeedSequence of the stream ``names`` (no names: the drill's own root)."""
        return np.random.SeedSequence(
            entropy=self.seed, spawn_key=(self.replication, *name_key(*names))
        )

    def stream(self, *names: str | int) -> np.random.Generator:
        """The Generator for ``names`` (e.g. "patrol", "arrivals", "bangil"): the one
        ``np.random.default_rng(self.sequence(*names))`` gives, bit for bit, spawning too."""
        pool = [int(w) for w in self.sequence(*names).pool]  # numpy mixes one in C quickly
        seed = StreamSeed(self.seed, (self.replication, *name_key(*names)), _state(pool))
        return np.random.Generator(np.random.PCG64(seed))

    def streams(self, names: Sequence[tuple[str | int, ...]]) -> list[np.random.Generator]:
        """``[self.stream(*n) for n in names]``, their seeds mixed together: a model that
        opens a stream per sector and generator pays for one mixing, not one each."""
        keys = [(self.replication, *name_key(*n)) for n in names]
        return [np.random.Generator(np.random.PCG64(s)) for s in _seeds(self.seed, keys)]


class StreamSeed:
    """A SeedSequence(entropy, spawn_key) with the state numpy's would give PCG64, computed
    ahead. Why: numpy seeds a stream in about 30 microseconds, mostly Python loops (pool
    mixing, then ``generate_state``), and a drill opens hundreds (a stream per sector and
    incident generator, two per node of each hoax); mixed here many at once, in numpy.
    ``tests/test_drill.py`` checks the states against numpy's own SeedSequence.
    """

    pool_size = _POOL

    def __init__(
        self, entropy: int, spawn_key: tuple[int, ...], state: list[int], spawned: int = 0
    ) -> None:
        self.entropy, self.spawn_key, self.n_children_spawned = entropy, spawn_key, spawned
        self._state = state

    def generate_state(self, n_words: int, dtype: type = np.uint32) -> np.ndarray:
        """What PCG64 asks for (4 words of 64 bits) is ready; anything else, numpy's answer."""
        if n_words == 4 and np.dtype(dtype) == np.uint64:
            return np.array(self._state, dtype=np.uint64)
        seq = np.random.SeedSequence(self.entropy, spawn_key=self.spawn_key)
        return seq.generate_state(n_words, dtype)

    def spawn(self, n_children: int) -> list[StreamSeed]:
        """Children as numpy's ``SeedSequence.spawn`` makes them (spawn key + (i,)).

        The children's words differ only in the last one, i, and the pool is mixed word after
        word with constants that do not depend on the data: so the words they share are
        mixed once and only i is mixed per child (a hoax spawns two streams per node)."""
        first = self.n_children_spawned
        self.n_children_spawned += n_children
        keys = [(*self.spawn_key, i) for i in range(first, first + n_children)]
        if first + n_children > _M32 + 1:  # i takes two words: mixed in full
            return _seeds(self.entropy, keys)
        shared = _words(self.entropy)
        shared += [0] * (_POOL - len(shared))
        shared += [w for k in self.spawn_key for w in _words(k)]
        pool, const = _pool(shared)
        last = np.arange(first, first + n_children, dtype=np.uint64)
        states = np.column_stack(_state(_absorb(pool, const, [last])[0])).tolist()
        return [
            StreamSeed(self.entropy, key, state) for key, state in zip(keys, states, strict=True)
        ]


ISpawnableSeedSequence.register(StreamSeed)


def _words(n: int) -> list[int]:
    """An integer as 32-bit words, lowest first (numpy's ``_int_to_uint32_array``)."""
    words = [n & _M32]
    while n > _M32:
        n >>= 32
        words.append(n & _M32)
    return words


def _seeds(entropy: int, keys: list[tuple[int, ...]]) -> list[StreamSeed]:
    """A StreamSeed per spawn key; keys of the same length are mixed together."""
    run, rows = _words(entropy), []
    padded = run + [0] * (_POOL - len(run))
    for key in keys:
        # Words of 32 bits or less are themselves (most keys: a replication and CRC-32s).
        words = list(key) if max(key, default=0) <= _M32 else [w for k in key for w in _words(k)]
        rows.append(padded + words if words else run)
    seeds: list[StreamSeed | None] = [None] * len(keys)
    for length in sorted({len(row) for row in rows}):
        which = [i for i, row in enumerate(rows) if len(row) == length]
        # A word every row shares (the seed, the replication, a name's first parts) stays one
        # integer, so the pool is mixed once until the first word that differs (the same
        # numbers: every step keeps the low 32 bits, whatever the width it ran in).
        columns: list[Word] = []
        for column in zip(*(rows[i] for i in which), strict=True):
            shared = len(set(column)) == 1
            columns.append(column[0] if shared else np.array(column, dtype=np.uint64))
        words = [np.broadcast_to(np.uint64(w), len(which)) for w in _state(_pool(columns)[0])]
        states = np.column_stack(words).tolist()
        for i, state in zip(which, states, strict=True):
            seeds[i] = StreamSeed(entropy, keys[i], state)
    return seeds  # type: ignore[return-value]


def _hashmix(value: Word, const: int) -> tuple[Word, int]:
    """One word hashed; the next hash constant (numpy mixes with the old, then multiplies by
    the new)."""
    new = (const * _MULT_A) & _M32
    value = ((value ^ const) * new) & _M32
    return value ^ (value >> 16), new


def _mix(x: Word, y: Word) -> Word:
    result = (_MIX_L * x - _MIX_R * y) & _M32
    return result ^ (result >> 16)


def _pool(entropy: list[Word]) -> tuple[list[Word], int]:
    """SeedSequence.mix_entropy: the 4-word pool of ``entropy`` (words, or columns of words of
    many sequences: the hash constants do not depend on the data, so columns mix as one), and
    the hash constant that mixes the next word."""
    const, pool = _INIT_A, []
    for i in range(_POOL):
        value, const = _hashmix(entropy[i] if i < len(entropy) else 0, const)
        pool.append(value)
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                value, const = _hashmix(pool[src], const)
                pool[dst] = _mix(pool[dst], value)
    return _absorb(pool, const, entropy[_POOL:])


def _absorb(pool: list[Word], const: int, words: list[Word]) -> tuple[list[Word], int]:
    """The pool with ``words`` mixed in after the first four, as mix_entropy does."""
    pool = list(pool)
    for word in words:
        for dst in range(_POOL):
            value, const = _hashmix(word, const)
            pool[dst] = _mix(pool[dst], value)
    return pool, const


def _state(pool: list[Word]) -> list[Word]:
    """SeedSequence.generate_state(4, np.uint64): 8 words of 32 bits, paired little-endian."""
    const, words = _INIT_B, []
    for i in range(8):
        const_next = (const * _MULT_B) & _M32
        value = ((pool[i % _POOL] ^ const) * const_next) & _M32
        words.append(value ^ (value >> 16))
        const = const_next
    return [words[2 * j] | (words[2 * j + 1] << 32) for j in range(4)]
