"""Drive tasks through an executor into the store: skip what is stored, keep what finishes.

This is the only loop that touches every drill, so it holds nothing per drill: outcomes go
straight to the durable store and the progress bar, then are dropped.
"""

import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from tqdm import tqdm

from simulation.experiments.executors import Executor, make_executor
from simulation.experiments.store import DrillStore, check_folder
from simulation.experiments.tasks import DrillEngine, DrillTask, engine_modules


@contextmanager
def session(
    out: Path | None,
    identity: dict,
    resume: bool,
    engine: DrillEngine,
    executor: str,
    workers: int | None,
    scheduler: str | None,
) -> Iterator[tuple[Path, DrillStore, Executor]]:
    """Folder, store and executor of one experiment, opened in the order that leaves no trace on
    bad input: folder checks first, then the executor (an unreachable scheduler fails here),
    and only then the store file. Without `out` the store lives in a temporary folder.
    """
    if out is not None:
        check_folder(out, resume)
    with ExitStack() as stack:
        stack.enter_context(_terminate_as_interrupt())
        runner = make_executor(executor, workers, scheduler, engine_modules(engine))
        stack.callback(runner.close)
        folder = (
            out
            if out is not None
            else Path(stack.enter_context(TemporaryDirectory(prefix="sispam-")))
        )
        store = stack.enter_context(DrillStore.open(folder, identity, resume))
        yield folder, store, runner


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (`kill PID`, a batch system's time limit) stops the experiment as Ctrl-C does.

    Python's default SIGTERM ends the process on the spot, so the executor never closes: its
    workers run on as orphans and the forkserver waits for them. As a KeyboardInterrupt the
    executor ends its workers, the store keeps what finished, and --resume continues.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


PROGRESS_EVERY_S = 10.0
"""How often the plain progress line is printed when stderr is not a terminal."""


def run_tasks(
    tasks: Callable[[], Iterator[DrillTask]],
    store: DrillStore,
    executor: Executor,
    label: str,
    every_s: float = PROGRESS_EVERY_S,
) -> int:
    """Run every task of `tasks()` not yet in `store`; return how many drills ran now.

    `tasks` is called twice (count, then run) so the task list itself is never held. On a
    terminal a progress bar shows; anywhere else (a script, a notebook, a log file, a batch job)
    a plain line every `every_s` seconds says done/total, failed and the ETA, so a long
    experiment is never silent.
    """
    stored = store.keys()
    total = already = 0
    for task in tasks():
        total += 1
        already += task.key in stored
    todo = (task for task in tasks() if task.key not in stored)
    ran = failed = 0
    terminal = sys.stderr.isatty()
    line = ProgressLine(label, total, already, every_s) if not terminal else None
    with tqdm(
        total=total,
        initial=already,
        desc=label,
        unit="drill",
        disable=not terminal,
        smoothing=0.05,
    ) as bar:
        for outcome in executor.run(todo):
            store.add(outcome)
            ran += 1
            if outcome.error:
                failed += 1
                bar.set_postfix(failed=failed)
            bar.update()
            if line is not None:
                line.update(ran, failed)
    if line is not None and ran:
        line.show(ran, failed)
    return ran


class ProgressLine:
    """A progress line for a stream that is not a terminal: done/total, failed, ETA."""

    def __init__(self, label: str, total: int, already: int, every_s: float) -> None:
        self.label, self.total, self.already, self.every_s = label, total, already, every_s
        self.started = self.last = time.monotonic()

    def update(self, ran: int, failed: int) -> None:
        if time.monotonic() - self.last >= self.every_s:
            self.show(ran, failed)

    def show(self, ran: int, failed: int) -> None:
        self.last = now = time.monotonic()
        done = self.already + ran
        left = self.total - done
        eta = "done" if left == 0 else f"ETA {_duration(left * (now - self.started) / ran)}"
        print(
            f"{self.label}: {done}/{self.total} drills, {failed} failed, {eta}",
            file=sys.stderr,
            flush=True,
        )


def _duration(seconds: float) -> str:
    """ "45 s", "3 min 20 s", "1 h 05 min": an ETA a person reads at a glance."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"
