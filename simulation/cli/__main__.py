"""`python -m simulation.cli` runs the `sispam` command."""

from simulation.cli import entry

entry()
