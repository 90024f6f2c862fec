"""Durable store of finished drills: one SQLite database in WAL mode per experiment folder.

Every outcome is committed the moment it arrives, so a Ctrl-C, `kill -9` or OOM kill loses at
most the drills still running. WAL with synchronous=NORMAL survives any process crash (only a
power cut can drop the last commits, which `--resume` then simply recomputes). The database also
records which experiment it belongs to, so `--resume` never mixes results of different inputs.
"""

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Self

from simulation.experiments.errors import ExperimentError
from simulation.experiments.tasks import DrillOutcome

STORE_NAME = "drills.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS experiment (identity TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drills (
    point INTEGER NOT NULL,
    strategy TEXT NOT NULL,
    replication INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    kpis TEXT NOT NULL,
    error TEXT NOT NULL,
    trace TEXT NOT NULL,
    seconds REAL NOT NULL,
    PRIMARY KEY (point, strategy, replication)
);
"""


class DrillStore:
    """Append-only table of drill outcomes keyed by (point, strategy, replication)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    @classmethod
    def open(cls, folder: Path, identity: dict, resume: bool) -> Self:
        """Open the store of `folder` for the experiment `identity`.

        A fresh run refuses a folder that already holds drills (use --resume or another --out);
        a resumed run refuses a store written for different inputs.
        """
        check_folder(folder, resume)
        path = folder / STORE_NAME
        folder.mkdir(parents=True, exist_ok=True)
        store = cls(path)
        wanted = json.dumps(identity, sort_keys=True)
        row = store._db.execute("SELECT identity FROM experiment").fetchone()
        if row is None:
            store._db.execute("INSERT INTO experiment (identity) VALUES (?)", (wanted,))
        elif row[0] != wanted:
            store.close()
            raise ExperimentError(
                "holds results of a different experiment (scenario, seed or design changed); "
                "choose another --out folder",
                str(folder),
            )
        return store

    def add(self, outcome: DrillOutcome) -> None:
        """Commit one finished drill now (autocommit: each statement is its own transaction)."""
        self._db.execute(
            "INSERT OR REPLACE INTO drills VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                outcome.point,
                outcome.strategy,
                outcome.replication,
                outcome.seed,
                json.dumps(outcome.kpis),
                outcome.error,
                outcome.trace,
                outcome.seconds,
            ),
        )

    def keys(self) -> set[tuple[int, str, int]]:
        """Keys of every stored drill, to skip them on resume."""
        return {
            tuple(row)
            for row in self._db.execute("SELECT point, strategy, replication FROM drills")
        }

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM drills").fetchone()[0]

    def outcomes(self) -> Iterator[DrillOutcome]:
        """Stored drills in a fixed order, streamed row by row (never the whole table in memory)."""
        cursor = self._db.execute(
            "SELECT point, strategy, replication, seed, kpis, error, trace, seconds FROM drills "
            "ORDER BY point, strategy, replication"
        )
        for point, strategy, replication, seed, kpis, error, trace, seconds in cursor:
            yield DrillOutcome(
                point, strategy, replication, seed, json.loads(kpis), error, trace, seconds
            )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_folder(folder: Path, resume: bool) -> None:
    """Refuse a fresh run over stored drills, or a resume with nothing stored, before any work."""
    path = folder / STORE_NAME
    if not resume and path.exists():
        raise ExperimentError(
            "already holds experiment results; "
            "add --resume to continue them or choose another --out folder",
            str(folder),
        )
    if resume and not path.exists():
        raise ExperimentError("has no stored experiment to resume", str(folder))
