"""Report folders written complete or not at all, as drill result folders are.

The content goes into a hidden sibling folder first and is renamed into place at the end; a
previous report of the same kind (recognised by its marker file) is replaced, anything else in
the way is refused rather than deleted.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from simulation.reports.inputs import ReportError


@contextmanager
def report_folder(out: Path, marker: str) -> Iterator[Path]:
    """Yield a temporary folder to fill; on success it becomes `out`, on failure it vanishes."""
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / marker).exists():
        raise ReportError(f"{out}: exists and holds no {marker}; choose another --out")
    partial = out.parent / f".{out.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        yield partial
        if out.exists():
            shutil.rmtree(out)
        partial.rename(out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
