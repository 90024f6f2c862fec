"""The orders of a played game (decisions.yaml in its result folder) against what the drill did.

A played game, or ``sispam run --decisions``, writes its decision log beside the tables. The AAR
reads it as written (parameters in the players' words, "2 h", not 7200 s) and sets each order
beside the drill's own events: serious incidents reported and answered, injects delivered,
crowd status changes, so the after-action meeting sees what each order answered and what
followed it. Reports read result folders only: the log is parsed here, not by the play layer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import yaml

from simulation.reports.inputs import DrillFolder, ReportError, find_scenario
from simulation.reports.labels import Text
from simulation.scenario.units import format_clock

DECISIONS = "decisions.yaml"
ENTRY = ("t", "clock", "by", "order", "refused")
STATUS_NAMES = ("hijau", "kuning", "merah")


@dataclass(frozen=True)
class Order:
    """One logged order: its number in the log (from 1, as the AAR shows it), drill time,
    who, kind, parameters as written, and the drill's reason when it refused it (empty:
    carried out)."""

    number: int
    t: float
    by: str
    order: str
    params: dict[str, Any]
    refused: str


def has_orders(drill: DrillFolder) -> bool:
    return (drill.folder / DECISIONS).is_file() and bool(read_orders(drill))


def read_orders(drill: DrillFolder) -> list[Order]:
    """The folder's decision log, or [] when the drill was not played."""
    path = drill.folder / DECISIONS
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ReportError(f"{path}: not a decision log ({exc})") from None
    entries = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ReportError(f"{path}: expected a list under 'decisions'")
    orders = []
    for i, entry in enumerate(entries):
        entry = entry if isinstance(entry, dict) else {}
        t, kind = entry.get("t"), entry.get("order")
        if not isinstance(t, int | float) or not math.isfinite(t) or not isinstance(kind, str):
            raise ReportError(f"{path}: decisions.{i}: expected t (drill seconds) and order")
        params = {k: v for k, v in entry.items() if k not in ENTRY}
        refused = str(entry.get("refused") or "")
        orders.append(Order(i + 1, float(t), str(entry.get("by", "")), kind, params, refused))
    return orders


def order_words(order: Order, text: Text, names: dict[str, str]) -> tuple[str, str]:
    """The order's kind and its parameters in words: ('Dispatch a unit', 'unit: ..., to: Puspo')."""
    params = ", ".join(
        f"{text.term('order.param', k)}: {names.get(str(v), v)}" for k, v in order.params.items()
    )
    return text.term("order", order.order), params


def _events(drill: DrillFolder, text: Text, names: dict[str, str]) -> list[tuple[float, str]]:
    """(drill time, what happened) of the events an order is read against."""
    out: list[tuple[float, str]] = []
    incidents = drill.table("incidents", required=False)
    if incidents is not None and not incidents.empty:
        for r in incidents[incidents["severity"] >= 3].itertuples():
            where = names.get(r.sector, r.sector)
            kind = names.get(r.type, r.type)
            out.append((r.t_report_s, text("orders.reported", type=kind, kecamatan=where)))
            if not pd.isna(r.response_min):
                reached = r.t_report_s + 60 * r.response_min
                out.append(
                    (reached, text("orders.answered", type=kind, kecamatan=where, by=r.responder))
                )
    msel = drill.table("msel", required=False)
    if msel is not None and "fired_t_s" in msel.columns:
        for r in msel.dropna(subset=["fired_t_s"]).itertuples():
            out.append((r.fired_t_s, text("orders.inject", number=r.number, event=r.event)))
    out += _election_events(drill.events, text, names)
    status = drill.series[drill.series["series"] == "crowd.status"].sort_values("t_s")
    last = 0
    for r in status.itertuples():
        if int(r.value) != last:
            last = int(r.value)
            out.append((r.t_s, text("orders.status", status=text(f"status.{STATUS_NAMES[last]}"))))
    return out


ELECTION_EVENTS = (
    "election.escort_blocked",
    "election.box_theft",
    "election.boxes_recovered",
    "election.boxes_lost",
    "election.perkap7_warning",
    "election.perkap7_dispersal",
)
"""The election period's moments an order is read against (the ``orders.<kind>`` lines)."""


def _election_events(
    events: pd.DataFrame, text: Text, names: dict[str, str]
) -> list[tuple[float, str]]:
    out = []
    for r in events[events["kind"].isin(ELECTION_EVENTS)].itertuples():
        where = {
            "kecamatan": names.get(str(getattr(r, "sector", "")), getattr(r, "sector", "")),
            "escort": getattr(r, "escort", ""),
            "march": str(getattr(r, "scene", "")).split(":", 1)[-1],
            "boxes": getattr(r, "boxes", ""),
        }
        out.append((r.t_s, text(f"orders.{r.kind}", **where)))
    return out


def timeline_rows(drill: DrillFolder, text: Text, names: dict[str, str]) -> list[list[str]]:
    """Orders and the drill's events in time order: the order's number, clock, who, order or
    event, parameters, carried out or refused (with the reason). An order sorts before an
    event at the same second: the drill takes orders before the events of that moment."""
    rows: list[tuple[float, int, list[str]]] = []
    for o in read_orders(drill):
        kind, params = order_words(o, text, names)
        done = text("orders.refused", reason=o.refused) if o.refused else text("orders.done")
        clock = format_clock(drill.start_s + o.t)
        rows.append((o.t, 0, [str(o.number), clock, o.by or "–", kind, params, done]))
    for t, what in _events(drill, text, names):
        clock = format_clock(drill.start_s + t)
        rows.append((t, 1, ["", clock, text("orders.drill"), what, "", ""]))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def place_names(drill: DrillFolder) -> dict[str, str]:
    """Kecamatan, site and incident-type names from the scenario, for the orders in words."""
    found = find_scenario(drill.manifest, drill.scenario)
    if found is None:
        return {}
    spec = found.spec
    return (
        {s.id: s.name for s in spec.geography.sectors}
        | {s.id: s.name for s in spec.geography.sites}
        | {t.id: t.name for t in spec.incidents.types}
    )


def header(text: Text) -> list[str]:
    keys = ("number", "time", "who", "what", "params", "done")
    return [text(f"aar.decisions.{key}") for key in keys]


WIDTHS = [0.05, 0.1, 0.13, 0.3, 0.24, 0.18]


def note(orders: list[Order], text: Text) -> str:
    refused = sum(bool(o.refused) for o in orders)
    return text("aar.decisions.note", n=len(orders), n_refused=refused)
