"""The file formats charts are written in, apart from the drawing code.

The command line checks ``--formats`` before it loads matplotlib (a refused flag should cost
nothing), so the list lives here, in a module that imports nothing.
"""

from __future__ import annotations

FORMATS = ("png", "svg", "pdf")
# What `sispam run` writes unless asked: PNG to look at; SVG and PDF for documents, on request
# (writing the SVGs was an eighth of a default run's time).
RUN_FORMATS = ("png",)


def parse_formats(text: str) -> tuple[str, ...]:
    """'png,svg' -> ('png', 'svg'); ValueError naming what is unknown or missing."""
    given = tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))
    bad = [f for f in given if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown {', '.join(bad)}; choose from {', '.join(FORMATS)}")
    if not given:
        raise ValueError(f"give at least one of {', '.join(FORMATS)}")
    return given
