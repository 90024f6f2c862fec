"""The one error type experiments raise for bad input.

Kept separate so the CLI can turn it into `location: message` and exit 2 without a traceback,
the same way it treats scenario errors.
"""


class ExperimentError(ValueError):
    """Bad experiment input (options, sweep design, scheduler); nothing has been written yet.

    `location` is an option name such as "--strategies", or a key path into the sweep file such
    as ("parameters", "incidents.rate"), which the sweep turns into file:line:col.
    """

    def __init__(self, message: str, location: str | tuple[str, ...] = "") -> None:
        self.location = location
        self.message = message
        where = ".".join(location) if isinstance(location, tuple) else location
        super().__init__(f"{where}: {message}" if where else message)
