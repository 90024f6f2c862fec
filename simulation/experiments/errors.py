"""The one error type experiments raise for bad input.

Kept separate so the CLI can turn it into `location: message` and exit 2 without a traceback,
the same way it treats scenario errors.
"""


class ExperimentError(ValueError):
    """Bad experiment input (sweep file, options, scheduler); nothing has been written yet."""

    def __init__(self, message: str, location: str = "") -> None:
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}" if location else message)
