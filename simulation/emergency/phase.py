"""The drill's phase (hijau / kuning / merah) as the emergency services see it, and pemulihan.

Perkap 16/2006 counts looting, arson, attacks on people and hostage taking as merah, whatever
the crowd's own status. The phase is therefore the worst of: every live crowd scene's published
status, merah while a red-phase scene is in progress (a fire with no water on it yet, looting,
a hostage taking), and kuning while the aftermath is worked (a fire under water, casualties
waiting for an ambulance). Pemulihan is the time from the first merah to the last return to
hijau; a drill that ends short of hijau is censored at the horizon.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulation.core.drill import Drill

PHASES = ("hijau", "kuning", "merah")


class PhaseTracker:
    def __init__(self, drill: Drill, crowds: list[str]) -> None:
        self.drill = drill
        self.crowds = crowds
        self.scenes: dict[str, int] = {}  # "fire:toko_a" -> 2 (merah) or 1 (kuning)
        self.phase = 0
        self.onset_s: float | None = None
        self.restored_s: float | None = None
        names = [f"crowd.{c}.{q}" for c in crowds for q in ("status", "ended")]
        drill.state.watch(names, self.refresh)

    def set(self, key: str, level: int) -> None:
        """Mark a scene as merah (2), kuning (1) or over (0)."""
        if level:
            self.scenes[key] = level
        else:
            self.scenes.pop(key, None)
        self.refresh()

    def _crowd(self, crowd: str) -> int:
        board = self.drill.state
        if board.get(f"crowd.{crowd}.ended") is True:
            return 0
        status = board.get(f"crowd.{crowd}.status")
        return PHASES.index(str(status)) if status in PHASES else 0

    def refresh(self) -> None:
        phase = max([*self.scenes.values(), *(self._crowd(c) for c in self.crowds), 0])
        if phase == self.phase:
            return
        self.phase = phase
        now = self.drill.env.now
        if phase == 2 and self.onset_s is None:
            self.onset_s = now
        if self.onset_s is not None:
            self.restored_s = now if phase == 0 else None
        self.drill.sample("emergency.phase", phase)
        self.drill.log("emergency.phase", phase=PHASES[phase])

    def pemulihan_s(self) -> float:
        """From the first merah to hijau for good (censored at the horizon); 0 without merah."""
        if self.onset_s is None:
            return 0.0
        end = self.restored_s if self.restored_s is not None else self.drill.horizon
        return end - self.onset_s
