"""sispam: tabletop simulation engine for SISPAMKOTA-style election security drills."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sispam")
except PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.1.0+checkout"
