"""Where drills run: in this process, in local worker processes, or on a Dask cluster.

Every executor takes a lazy stream of tasks and yields outcomes as they finish, keeping only a
small window of tasks in flight, so a 10,000-drill sweep never holds 10,000 futures or results.
Outcomes depend only on the task (the drill seed fixes everything), so the executor changes
speed, never numbers.
"""

import contextlib
import importlib
import logging
import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from multiprocessing import get_context
from typing import Protocol

from simulation.experiments.errors import ExperimentError
from simulation.experiments.tasks import DrillOutcome, DrillTask, execute, failed

EXECUTORS = ("serial", "processes", "dask")
TASKS_IN_FLIGHT_PER_WORKER = 4
SCHEDULER_TIMEOUT_S = 10
# How a local cluster's workers are set up for drills (a cluster given by address keeps its
# own settings). Drills are pure Python on the GIL: Dask's statistical profiler samples the
# running task's stack from another thread every 10 ms. And Dask starts workers with
# MALLOC_TRIM_THRESHOLD_=65536, which also pins glibc's mmap threshold, so every numpy array
# over 128 KiB (the hoax spread's sharers) is mapped and faulted in afresh: 2.4x the page
# faults of a plain process. Neither is of use to a drill; the thread limits stay. Each of
# the five processes (scheduler, two nannies, two workers) also wakes every 20 ms to time its
# event loop, every 500 ms to sample its CPU and memory for a dashboard nobody opens, and each
# nanny every 100 ms to read its worker's memory: 6-8% of a core while drills run, taken from
# the cores running them. Once a second (five for the samples) still catches a runaway worker.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
}
WORKER_DIED = (
    "WorkerDied: the process running this drill died (a crash in compiled code, or killed by "
    "the system, e.g. out of memory)"
)


class Executor(Protocol):
    """Runs drill tasks and yields their outcomes in completion order."""

    name: str
    workers: int

    def run(self, tasks: Iterator[DrillTask]) -> Iterator[DrillOutcome]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Drills one after another in this process: the reference and the debugging path."""

    name = "serial"
    workers = 1

    def run(self, tasks: Iterator[DrillTask]) -> Iterator[DrillOutcome]:
        for task in tasks:
            yield execute(task)

    def close(self) -> None:
        pass


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the parent, which stops submitting and keeps what is stored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ProcessExecutor:
    """Local worker processes.

    forkserver is safe with the parent's threads (Dask, tqdm) and is chosen per pool, never
    process-wide. The server imports the drill code once and forks workers from it, so workers
    start in milliseconds instead of each importing numpy, pandas and the engine again.
    A worker that dies takes the whole pool and every drill in flight with it; those drills
    are then run again one at a time in a fresh pool, so the one that kills its worker is
    recorded as an error row and the experiment goes on.
    """

    name = "processes"

    def __init__(self, workers: int | None = None, preload: tuple[str, ...] = ()) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._context = get_context("forkserver")
        self._context.set_forkserver_preload([__name__, *preload])
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers, mp_context=self._context, initializer=_ignore_interrupt
        )

    def run(self, tasks: Iterator[DrillTask]) -> Iterator[DrillOutcome]:
        window = self.workers * TASKS_IN_FLIGHT_PER_WORKER
        pending: dict[Future, DrillTask] = {}
        while True:
            lost: list[DrillTask] = []
            for task in islice(tasks, window - len(pending)):
                try:
                    pending[self._pool.submit(execute, task)] = task
                except BrokenProcessPool:  # a worker died since the last wait: same recovery
                    lost.append(task)
                    break
            if lost:
                yield from self._recover(lost, pending)
                continue
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    lost.append(task)
                    continue
                yield outcome
            if lost:
                yield from self._recover(lost, pending)

    def _recover(
        self, lost: list[DrillTask], pending: dict[Future, DrillTask]
    ) -> Iterator[DrillOutcome]:
        """The pool broke: run every drill it held again, one at a time in a fresh pool."""
        lost += pending.values()
        pending.clear()
        self._replace_pool()
        for task in sorted(lost, key=lambda t: t.key):
            yield self._alone(task)

    def _alone(self, task: DrillTask) -> DrillOutcome:
        """Run one drill by itself: if its worker dies, the drill is to blame."""
        try:
            return self._pool.submit(execute, task).result()
        except BrokenProcessPool:
            self._replace_pool()
            return failed(task, WORKER_DIED)

    def _replace_pool(self) -> None:
        self._stop(self._pool)
        self._pool = self._new_pool()

    def close(self) -> None:
        self._stop(self._pool)

    @staticmethod
    def _stop(pool: ProcessPoolExecutor) -> None:
        """Stop at once: cancel what has not started and end the workers.

        A graceful shutdown would wait for the drills in flight, which after a Ctrl-C can be
        minutes of crowd drills; they were not stored, so --resume runs them again.
        (Python 3.14 has ``terminate_workers``; before it the pool's processes are private.)
        """
        workers = list(getattr(pool, "_processes", None) or {})
        pool.shutdown(wait=False, cancel_futures=True)
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


class DaskExecutor:
    """A Dask distributed cluster: a local one, or an existing scheduler by address.

    Remote workers need sispam installed and the scenario files at the same paths. Every
    worker imports the drill code when the executor starts, as the process pool's workers do:
    otherwise each worker's first drill pays for the imports, seconds on top of drills that
    take a tenth of one.
    """

    name = "dask"

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        preload: tuple[str, ...] = (),
    ) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
            else:
                with dask.config.set(LOCAL_WORKER_CONFIG):  # read as the workers start
                    self._cluster = LocalCluster(
                        n_workers=workers or os.cpu_count() or 1,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        # the scheduler's health/metrics server on a free local port, not 8787
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                        silence_logs=logging.ERROR,
                    )
                self._client = Client(self._cluster)
        except (OSError, TimeoutError, ValueError) as exc:  # refused, timed out, malformed
            raise ExperimentError(
                f"cannot reach the Dask scheduler: {exc}", scheduler or "dask"
            ) from exc
        self.workers = max(1, sum(self._client.nthreads().values()))
        self._client.run(_import_all, (__name__, *preload))

    def run(self, tasks: Iterator[DrillTask]) -> Iterator[DrillOutcome]:
        from distributed import as_completed

        window = self.workers * TASKS_IN_FLIGHT_PER_WORKER
        futures = as_completed(
            [self._client.submit(execute, t, pure=False) for t in islice(tasks, window)]
        )
        for future in futures:
            for task in islice(tasks, 1):
                futures.add(self._client.submit(execute, task, pure=False))
            outcome = future.result()
            future.release()
            yield outcome

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _import_all(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(module)


def make_executor(
    name: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    preload: tuple[str, ...] = (),
) -> Executor:
    """The executor called `name`; `preload` names modules local workers import up front."""
    if scheduler and name != "dask":
        raise ExperimentError("--scheduler needs --executor dask", "--scheduler")
    if workers is not None and workers < 1:
        raise ExperimentError(f"must be at least 1, got {workers}", "--workers")
    match name:
        case "serial":
            return SerialExecutor()
        case "processes":
            return ProcessExecutor(workers, preload)
        case "dask":
            return DaskExecutor(workers, scheduler, preload)
    raise ExperimentError(
        f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}", "--executor"
    )
