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

import zlib
from dataclasses import dataclass

import numpy as np


def name_key(*names: str | int) -> tuple[int, ...]:
    """The spawn key of a stream name: CRC-32 of each part, stable across processes."""
    return tuple(zlib.crc32(str(name).encode()) for name in names)


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
        """The Generator for ``names`` (e.g. "patrol", "arrivals", "bangil")."""
        return np.random.default_rng(self.sequence(*names))
