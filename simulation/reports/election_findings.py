"""What an election-period drill shows about a missed AAR objective, read from its events.

The AAR judges the election period like the voting day: boxes lost, APK still standing, candidate
convoys without escort, a crowd kept past 18:00 (Perkap 7/2012). For each missed one the
evidence names the kecamatan, convoys and marches with their clock times, and the corrective
action names the play order that rehearses it (guard_ppk, prioritise_props, escort_paslon,
disperse_march).
"""

from __future__ import annotations

import pandas as pd

from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Text
from simulation.scenario.units import format_clock


def election_evidence(
    key: str, drill: DrillFolder, text: Text, names: dict[str, str]
) -> tuple[str, str]:
    """(evidence, corrective action) for the missed objective ``key``."""
    events = drill.events

    def of(kind: str) -> pd.DataFrame:
        return events[events["kind"] == kind].sort_values("t_s")

    def clock(t: float) -> str:
        return format_clock(drill.start_s + float(t))

    def place(sector: object) -> str:
        return names.get(str(sector), str(sector))

    if key == "boxes":
        items = ", ".join(
            text(
                "obj.evidence.boxes_item", kecamatan=place(r.sector), clock=clock(r.t_s), n=r.boxes
            )
            for r in of("election.boxes_lost").itertuples()
        )
        return text("obj.evidence.boxes", items=items or "–"), text("act.boxes")
    if key == "props":
        cleared = of("election.props_cleared")
        last = cleared.iloc[-1] if len(cleared) else None
        evidence = text(
            "obj.evidence.props",
            kecamatan=place(last["sector"]) if last is not None else "–",
            clock=clock(last["t_s"]) if last is not None else "–",
            disputes=drill.kpis.get("election.props_disputes", 0.0),
            hours=drill.kpis.get("election.props_team_stopped_h", 0.0),
        )
        return evidence, text("act.props")
    if key == "escorts":
        bare = of("election.escort")
        bare = bare[bare["escorts"].astype(float) == 0]
        items = ", ".join(f"{r.escort} {clock(r.t_s)}" for r in bare.itertuples())
        return text("obj.evidence.escorts", items=items or "–"), text("act.escorts")
    gone = of("election.perkap7_cleared")
    items = []
    for r in of("election.perkap7_warning").itertuples():
        end = gone.loc[gone["scene"] == r.scene, "t_s"]
        items.append(
            text(
                "obj.evidence.perkap7_item",
                march=str(r.scene).split(":", 1)[-1],
                warned=clock(r.t_s),
                gone=clock(end.iloc[0]) if len(end) else "–",
            )
        )
    return text("obj.evidence.perkap7", items=", ".join(items) or "–"), text("act.perkap7")
