"""Police doctrine for mass actions: the response ladder and the six use-of-force stages.

The ladder follows Perkap 16/2006 (Dalmas) and the PHH rules: negotiators and Dalmas Awal at
hijau, Dalmas Lanjut with shields and water cannon at kuning (taking over the front by *lapis
ganti*), Brimob PHH at merah (taking over by *lintas ganti*), TNI in support. Force is graduated
along Perkap 1/2009's six stages; each stage's effect on the crowd is a row of
:data:`FORCE_EFFECTS`. The numbers are modelling assumptions (no public calibration exists),
kept in one table so planners can see and change them; the injuries force causes are in
:mod:`simulation.crowd.harm`, with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.status import Status
from simulation.scenario.crowd import DoctrineSpec, ResponseSpec

#: Perkap 1/2009 stages, in the users' words.
FORCE_STAGES = {
    1: "kekuatan yang memiliki dampak deterrent (presence)",
    2: "perintah lisan (verbal order)",
    3: "kendali tangan kosong lunak (soft hands)",
    4: "kendali tangan kosong keras (hard hands)",
    5: "kendali senjata tumpul / kimia (baton, tear gas, pepper spray)",
    6: "kendali senjata api (firearm)",
}

#: Front-line rank: a higher rank takes over the front when it arrives.
FRONT_RANK = {"dalmas_awal": 1, "dalmas_lanjut": 2, "brimob_phh": 3}


@dataclass(frozen=True)
class ForceEffect:
    """What one use-of-force stage does, per person within reach of the line, per second."""

    arrest_rate: float  # chance a violent person within reach is arrested
    legitimacy_cost: float  # drop in perceived legitimacy while the stage is in use
    deterrence: float  # multiplier on officers as counted in Epstein's arrest estimate


FORCE_EFFECTS = {
    1: ForceEffect(0.0, 0.0, 1.0),
    2: ForceEffect(0.0, 0.0, 1.2),
    3: ForceEffect(0.01, 0.0, 1.5),
    4: ForceEffect(0.03, 0.05, 2.0),
    5: ForceEffect(0.05, 0.10, 2.5),
    6: ForceEffect(0.05, 0.30, 3.0),
}


def response(doctrine: DoctrineSpec, status: Status) -> ResponseSpec:
    """The response the strategy prescribes at ``status``."""
    return getattr(doctrine, status.label)


def next_stage(current: int, target: int, since_change_s: float, step_s: float) -> int:
    """Graduated force: climb one stage per ``step_s``, drop at once when de-escalating."""
    if target < current:
        return target
    if target > current and since_change_s >= step_s:
        return current + 1
    return current
