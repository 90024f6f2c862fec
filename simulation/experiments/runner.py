"""Drive tasks through an executor into the store: skip what is stored, keep what finishes.

This is the only loop that touches every drill, so it holds nothing per drill: outcomes go
straight to the durable store and the progress bar, then are dropped.
"""

import sys
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
        runner = make_executor(executor, workers, scheduler, engine_modules(engine))
        stack.callback(runner.close)
        folder = (
            out
            if out is not None
            else Path(stack.enter_context(TemporaryDirectory(prefix="sispam-")))
        )
        store = stack.enter_context(DrillStore.open(folder, identity, resume))
        yield folder, store, runner


def run_tasks(
    tasks: Callable[[], Iterator[DrillTask]], store: DrillStore, executor: Executor, label: str
) -> int:
    """Run every task of `tasks()` not yet in `store`; return how many drills ran now.

    `tasks` is called twice (count, then run) so the task list itself is never held. The
    progress bar only shows on a terminal so logs and CI output stay clean.
    """
    stored = store.keys()
    total = already = 0
    for task in tasks():
        total += 1
        already += task.key in stored
    todo = (task for task in tasks() if task.key not in stored)
    ran = failed = 0
    with tqdm(
        total=total,
        initial=already,
        desc=label,
        unit="drill",
        disable=not sys.stderr.isatty(),
        smoothing=0.05,
    ) as bar:
        for outcome in executor.run(todo):
            store.add(outcome)
            ran += 1
            if outcome.error:
                failed += 1
                bar.set_postfix(failed=failed)
            bar.update()
    return ran
