"""numba, with its on-disk cache keyed by every source a compiled kernel can read.

Why: numba caches a compiled function beside its source and checks only that one file's
timestamp before reusing it. A kernel that calls a kernel (or reads a constant) from another
module keeps the old copy after that module changes: edit ``venue.cell_index`` and the walking
kernels that inline it go on running the old one, silently, until their own file changes. A
drill would then differ from its source, and a test written to catch a planted bug would pass.

So every module that compiles imports numba from here (``from simulation.geography.jit import
numba``), which points numba's cache at one folder per digest of the kernels' sources (the
crowd model, the geography and the mesa agents whose constants the kernels read). Any change to
them starts a fresh folder: kernels compile once more (some 20 s) and a stale one can never
run. A few recent folders are kept (worktrees and branches switch back and forth), older ones
are removed. With no writable home the folders go to the temporary directory. Set
``NUMBA_CACHE_DIR`` to choose the folder yourself; numba then behaves as it documents.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numba

_ROOT = Path(__file__).resolve().parents[2]
SOURCES = (_ROOT / "simulation" / "crowd", _ROOT / "simulation" / "geography", _ROOT / "agents")
"""The folders whose ``.py`` files compiled kernels are written in or read from."""
KEEP = 8
"""Cache folders kept besides the one in use (the most recently used)."""


def source_digest(folders: Iterable[Path]) -> str:
    """A digest of the names and contents of the ``.py`` files in ``folders`` (not below)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{folder.name}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    """Where the folders go: ``$XDG_CACHE_HOME/sispam/numba`` (default ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sispam" / "numba"


def cache_folder(folders: Iterable[Path], root: Path, keep: int = KEEP) -> Path:
    """The cache folder of these sources under ``root``, made (and marked used) now; when it is
    new, all but the ``keep`` most recently used others are removed."""
    folder = root / source_digest(folders)
    new = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    if new:
        others = sorted(
            (p for p in root.iterdir() if p.is_dir() and p != folder),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in others[keep:]:
            shutil.rmtree(old, ignore_errors=True)  # another process may be removing it too
    return folder


def _configure() -> None:
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    for root in (cache_root(), Path(tempfile.gettempdir()) / "sispam-numba"):
        try:
            numba.config.CACHE_DIR = str(cache_folder(SOURCES, root))
            return
        except OSError:  # not writable: try the next place
            continue


_configure()

__all__ = ["numba"]
