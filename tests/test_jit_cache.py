"""numba's cache keyed by the kernels' sources (simulation/geography/jit.py): a kernel whose
callee changed in another module is compiled again, never reused stale."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from simulation.geography.jit import SOURCES, cache_folder, source_digest

CALLER = """
import numba
from callee import f

@numba.njit(cache=True)
def g():
    return f() + 10
"""

CALLEE = """
import numba

@numba.njit(cache=True)
def f():
    return 1
"""


def _run_caller(pkg: Path, cache_root: Path | None) -> int:
    """g() in a fresh process, caching where the project would (``cache_root``) or, with
    None, where numba does by default (beside the source)."""
    setup = ""
    if cache_root is not None:
        setup = (
            "import numba\nfrom simulation.geography.jit import cache_folder\n"
            f"numba.config.CACHE_DIR = str(cache_folder([Path({str(pkg)!r})], "
            f"Path({str(cache_root)!r})))\n"
        )
    code = f"from pathlib import Path\n{setup}import caller\nprint(caller.g())"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(pkg), *sys.path])}
    env.pop("NUMBA_CACHE_DIR", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.split()[-1])


def _package(tmp_path: Path, name: str) -> Path:
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "caller.py").write_text(textwrap.dedent(CALLER))
    (pkg / "callee.py").write_text(textwrap.dedent(CALLEE))
    return pkg


def _change_callee(pkg: Path) -> None:
    text = (pkg / "callee.py").read_text()
    (pkg / "callee.py").write_text(text.replace("return 1", "return 2"))


def test_numba_alone_reuses_a_kernel_whose_callee_changed(tmp_path: Path) -> None:
    """The hazard the module exists for: numba's own cache keeps the old callee."""
    pkg = _package(tmp_path, "plain")
    assert _run_caller(pkg, None) == 11
    _change_callee(pkg)
    assert _run_caller(pkg, None) == 11  # stale: callee now returns 2


def test_the_source_keyed_cache_compiles_again_when_a_callee_changes(tmp_path: Path) -> None:
    pkg = _package(tmp_path, "keyed")
    root = tmp_path / "cache"
    assert _run_caller(pkg, root) == 11
    assert _run_caller(pkg, root) == 11  # reused: one folder, its index written
    assert len(list(root.iterdir())) == 1
    assert any(p.suffix == ".nbi" for p in next(root.iterdir()).rglob("*"))
    _change_callee(pkg)
    assert _run_caller(pkg, root) == 12
    assert len(list(root.iterdir())) == 2


def test_the_digest_follows_names_and_contents_only(tmp_path: Path) -> None:
    a = tmp_path / "a"
    a.mkdir()
    (a / "x.py").write_text("X = 1\n")
    (a / "notes.txt").write_text("not a source\n")
    first = source_digest([a])
    assert source_digest([a]) == first
    (a / "notes.txt").write_text("changed\n")
    assert source_digest([a]) == first
    (a / "x.py").write_text("X = 2\n")
    second = source_digest([a])
    assert second != first
    (a / "x.py").rename(a / "y.py")
    assert source_digest([a]) != second


def test_a_new_folder_keeps_only_the_most_recently_used_others(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    src = tmp_path / "src"
    src.mkdir()
    made = []
    for k in range(5):
        (src / "k.py").write_text(f"K = {k}\n")
        made.append(cache_folder([src], root, keep=2))
        os.utime(made[-1], (1000 + k, 1000 + k))  # distinct, ordered times of use
    left = {p.name for p in root.iterdir()}
    assert left == {m.name for m in made[-3:]}  # the one in use and the two used last


def test_the_crowd_kernels_cache_under_the_digest_of_their_sources(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("NUMBA_CACHE_DIR", None)
    code = "import numba, simulation.crowd.walking; print(numba.config.CACHE_DIR)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    want = tmp_path / "sispam" / "numba" / source_digest(SOURCES)
    assert Path(out.stdout.strip()) == want
    env["NUMBA_CACHE_DIR"] = str(tmp_path / "mine")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert Path(out.stdout.strip()) == tmp_path / "mine"
