"""One seed, many independent streams.

Each sub-model draws from its own numpy Generator, derived from the drill seed and the stream's
*name* (not from the order in which models are built): adding a model, or a model drawing more
numbers, never changes what another model sees. The same name in two strategies gives the same
numbers, which is what common random numbers need.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, *names: str | int) -> np.random.Generator:
    """The Generator for `names` (e.g. "patrol", "arrivals", "bangil") under `seed`."""
    key = tuple(zlib.crc32(str(name).encode()) for name in names)
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))
