"""What the logistics model keeps of each TPS and each trip: what its KPIs and tables read.

Apart from the model so that the KPIs (simulation/logistics/kpis.py) read them without
importing the model, which imports the KPIs: no circle, not even for annotations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Trip:
    """One vehicle (or convoy) journey and what happened on it."""

    id: int
    leg: str  # truck, pickup, return
    sector: str
    origin: str
    destination: str
    vehicles: int
    kits: int
    t_ready: float = math.nan  # loaded and ready to go
    t_dispatch: float = math.nan
    t_arrive: float = math.nan
    fleet: str = ""  # which trucks or pickup
    escort: str = ""
    stuck: int = 0
    breakdowns: int = 0
    ambushed: bool = False
    lost: bool = False
    convoy: str = ""  # the convoy (kecamatan) a warehouse -> PPK truck trip belongs to


@dataclass
class TpsRecord:
    """One TPS's kit out and sealed box back."""

    id: str
    pps: str
    sector: str
    t_dispatch: float = math.nan  # truck left the warehouse
    t_ppk: float = math.nan
    t_pps: float = math.nan
    t_ready: float = math.nan
    withdrawn: bool = False
    t_box_pps: float = math.nan
    t_box_ppk: float = math.nan
    box_lost: bool = False
