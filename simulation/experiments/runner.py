"""Drive tasks through an executor into the store: skip what is stored, keep what finishes.

This is the only loop that touches every drill, so it holds nothing per drill: outcomes go
straight to the durable store and the progress bar, then are dropped.
"""

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from simulation.experiments.executors import Executor, make_executor
from simulation.experiments.progress import Progress
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


def run_tasks(
    tasks: Callable[[], Iterator[DrillTask]],
    store: DrillStore,
    executor: Executor,
    label: str,
    every_s: float | None = None,
    progress: Progress | None = None,
) -> int:
    """Run every task of `tasks()` not yet in `store`; return how many drills ran now.

    `tasks` is called twice (count, then run) so the task list itself is never held. Progress
    shows as a bar on a terminal and, anywhere else (a script, a notebook, a log file, a batch
    job), as a plain line every `every_s` seconds with done/total, failed and the ETA, so a
    long experiment is never silent. An experiment of several batches passes its own
    `progress`, whose total spans them all; otherwise this batch gets one labelled `label`.
    """
    stored = store.keys()
    total = already = 0
    for task in tasks():
        total += 1
        already += task.key in stored
    todo = (task for task in tasks() if task.key not in stored)
    own = progress is None
    shown = Progress(label, total, every_s=every_s) if progress is None else progress
    shown.skip(already)
    ran = 0
    try:
        for outcome in executor.run(todo):
            store.add(outcome)
            ran += 1
            shown.advance(bool(outcome.error))
    finally:
        if own:
            shown.close()
    return ran
