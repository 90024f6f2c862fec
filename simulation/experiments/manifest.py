"""manifest.json of an experiment folder: what made its tables, for reports and for reruns.

It holds only inputs (scenario hash, strategies, seeds, replications, baseline, overrides,
version, the command without --resume) and no creation time, so a resumed experiment ends with
the very bytes an uninterrupted one writes, as its CSV tables do.
"""

import json
import os
from pathlib import Path
from typing import Any

from simulation import __version__

MANIFEST_NAME = "manifest.json"


def experiment_manifest(command: list[str] | None, **inputs: Any) -> dict[str, Any]:
    """The manifest of an experiment: its `inputs`, the sispam version and the command.

    `command` is the CLI argv (None when called from Python); `--resume` is dropped because a
    resumed run is the same experiment.
    """
    return {
        **inputs,
        "sispam_version": __version__,
        "command": None if command is None else [a for a in command if a != "--resume"],
    }


def write_manifest(manifest: dict[str, Any], folder: Path) -> None:
    """Write through a temporary file and rename, so a reader never sees half a manifest."""
    path = folder / MANIFEST_NAME
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
