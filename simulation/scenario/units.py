"""Durations, clock times and guard patterns as planners write them.

A duration is "15 min", "2 h", "90 s" or a bare number of minutes. A clock time is "07:00" (or
"H 07:00") on hari H (the scenario date), or "H-1 18:00" / "H+1 02:00" for the days around it.
Internally both are seconds, so the engine never handles strings.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|min|m|h|hr|hours?|d|days?)\s*$")
_SECONDS = {
    "s": 1,
    "sec": 1,
    "min": 60,
    "m": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
}
_CLOCK = re.compile(
    r"^\s*(?:H\s*(?:(?P<sign>[+-])\s*(?P<days>\d+))?\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})\s*$"
)
_PATTERN = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*-\s*(\d+)\s*$")
DURATION_PATTERN = _DURATION.pattern
CLOCK_PATTERN = _CLOCK.pattern


def parse_duration(value: object) -> float:
    """Seconds in a duration written as "15 min" or as a bare number of minutes."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as '15 min' or '2 h'")
    if isinstance(value, int | float):
        seconds = float(value) * 60.0
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = float(match.group(1)) * _SECONDS[match.group(2)]
    else:
        raise ValueError(f"expected a duration such as '15 min', '2 h' or '90 s', got {value!r}")
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    return seconds


def format_duration(seconds: float) -> str:
    """A duration as planners write it, in the largest whole unit: "5 h", "90 min", "45 s"."""
    for unit, size in (("h", 3600.0), ("min", 60.0)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g} {unit}"
    return f"{seconds:g} s"


def parse_clock(value: object) -> float:
    """Seconds from midnight of hari H for "07:00", "H-1 18:00" or "H+1 02:30"."""
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"expected a clock time such as '07:00' or 'H-1 18:00', got {value!r}")
    hours, minutes = int(match["h"]), int(match["m"])
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ValueError(f"{value!r} is not a time of day")
    days = int(match["days"] or 0) * (-1 if match["sign"] == "-" else 1)
    return float(days * 86400 + hours * 3600 + minutes * 60)


def format_clock(seconds_from_midnight_h: float) -> str:
    """Inverse of parse_clock, to the minute: 25200 -> "07:00", -21600 -> "H-1 18:00"."""
    minutes_total = round(seconds_from_midnight_h / 60.0)
    days, minute_of_day = divmod(minutes_total, 1440)
    clock = f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"
    if days == 0:
        return clock
    return f"H{'+' if days > 0 else '-'}{abs(days)} {clock}"


NAMED_PATTERNS = {"sangat_rawan_2024": "2-1-2"}
"""Guard patterns by name: 2-1-2, the 2024 sangat rawan pattern (2 police and 2 Linmas at each
TPS; reported by Polres Tarakan and Pamekasan, ../shared/DOMAIN.md)."""


def parse_pattern(value: object) -> dict[str, int]:
    """A police-TPS-Linmas guard pattern: "2-8-16" = 2 police and 16 Linmas for 8 TPS, or a
    name in NAMED_PATTERNS."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip() in NAMED_PATTERNS:
        value = NAMED_PATTERNS[value.strip()]
    match = _PATTERN.match(value) if isinstance(value, str) else None
    if not match:
        names = ", ".join(f"'{n}'" for n in NAMED_PATTERNS)
        raise ValueError(
            f"expected a police-TPS-Linmas pattern such as '2-8-16' or {names}, got {value!r}"
        )
    police, tps, linmas = (int(g) for g in match.groups())
    return {"police": police, "tps": tps, "linmas": linmas}


Duration = Annotated[
    float,
    BeforeValidator(parse_duration),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "description": "minutes"},
                {"type": "string", "pattern": _DURATION.pattern},
            ],
            "description": "A duration: '15 min', '2 h', '90 s', or a number of minutes.",
        }
    ),
]

ClockTime = Annotated[
    float,
    BeforeValidator(parse_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _CLOCK.pattern,
            "description": "Local clock time on hari H ('07:00') or a nearby day ('H-1 18:00').",
        }
    ),
]


def daily_window(window: tuple[float, float]) -> tuple[float, float]:
    """A window of hours within one day ('06:00', '18:00'): two times of day, start first."""
    start, end = window
    if not 0 <= start < end <= 86400:
        raise ValueError(
            "expected a window of two times of day 'HH:MM' within one day, start before end, "
            f"e.g. ['06:00', '18:00'], got [{format_clock(start)!r}, {format_clock(end)!r}]"
        )
    return window


DailyWindow = Annotated[tuple[ClockTime, ClockTime], AfterValidator(daily_window)]
"""Hours allowed every day, such as Perkap 7/2012's ['06:00', '18:00'] (seconds of the day)."""
