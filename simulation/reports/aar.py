"""After-action report (AAR) of one drill, in the HSEEP manner: `sispam aar RUN_DIR`.

HSEEP (Homeland Security Exercise and Evaluation Program, FEMA 2020) evaluates an exercise
against its objectives: for each, what went well (strengths) and what needs work (areas for
improvement), then an improvement plan that names corrective actions, who owns them and by when.
Here the objectives are measured by the drill's KPIs against targets: the scenario's response
target where it has one, else the sispam defaults in OBJECTIVES (override with `--target
KPI=VALUE`). Owners and due dates are left for the after-action meeting to fill in: the drill
cannot know them. Writes aar.md and aar.pdf with the timeline, response and map charts.
"""

from __future__ import annotations

import json
import operator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulation.reports import document as doc
from simulation.reports.catalogue import Inputs, available, draw
from simulation.reports.election_findings import election_evidence
from simulation.reports.folder import report_folder
from simulation.reports.inputs import DrillFolder, ReportError, find_scenario
from simulation.reports.labels import Lang, Text
from simulation.reports.orders import (
    header,
    note,
    place_names,
    read_orders,
    timeline_rows,
)
from simulation.reports.played import decisions_pages
from simulation.reports.style import save
from simulation.scenario.msel_response import describe_response
from simulation.scenario.units import format_clock

AAR_CHARTS = (
    "decisions",
    "timeline",
    "response",
    "map",
    "crowd-status",
    "emergency-phases",
    "election-period",
    "logistics-timeline",
)


@dataclass(frozen=True)
class Objective:
    """An exercise objective measured by one KPI: met when `kpi <op> threshold`."""

    key: str
    kpi: str
    op: str  # "<=" or ">="
    threshold: float | None  # None: the scenario's response target (minutes)


OBJECTIVES = (
    Objective("response", "patrol.within_target_share", ">=", 0.9),
    Objective("serious", "patrol.serious_response_mean_min", "<=", None),
    Objective("unanswered", "patrol.unanswered", "<=", 0.0),
    Objective("escalated", "patrol.escalated", "<=", 0.0),
    Objective("burned", "emergency.premises_burned", "<=", 0.0),
    Objective("golden_hour", "emergency.care_red_mean_min", "<=", 60.0),
    Objective("evacuated", "emergency.waiting_at_end", "<=", 0.0),
    Objective("hostages", "emergency.hostages_hurt", "<=", 0.0),
    Objective("pemulihan", "emergency.restored", ">=", 1.0),
    Objective("escorts", "election.escorts_unescorted", "<=", 0.0),
    Objective("props", "election.props_cleared_share", ">=", 1.0),
    Objective("boxes", "election.boxes_lost", "<=", 0.0),
    Objective("perkap7", "election.after_hours_min", "<=", 60.0),
    Objective("permit", "crowd.past_permit_min", "<=", 0.0),
)
OPS = {"<=": operator.le, ">=": operator.ge}
SIGNS = {"<=": "≤", ">=": "≥"}


@dataclass(frozen=True)
class Finding:
    objective: Objective
    value: float
    threshold: float
    met: bool
    evidence: str
    action: str


def parse_targets(items: list[str]) -> dict[str, float]:
    """`--target KPI=VALUE` options as a mapping, with located messages for typos."""
    known = {o.kpi for o in OBJECTIVES}
    out = {}
    for item in items:
        kpi, sep, value = item.partition("=")
        if not sep or kpi not in known:
            raise ReportError(
                f"--target {item}: expected KPI=VALUE with KPI one of {', '.join(sorted(known))}"
            )
        try:
            out[kpi] = float(value)
        except ValueError:
            raise ReportError(f"--target {item}: {value!r} is not a number") from None
    return out


def _slowest(incidents: pd.DataFrame, serious: bool = False) -> tuple[str, float]:
    rows = incidents[incidents["severity"] >= 3] if serious else incidents
    medians = rows.groupby("sector")["response_min"].median().dropna()
    if medians.empty:
        return "–", float("nan")
    return str(medians.idxmax()), float(medians.max())


def _evidence(
    objective: Objective, drill: DrillFolder, incidents: pd.DataFrame, text: Text, names: dict
) -> tuple[str, str]:
    """What the drill shows about a missed objective, and the corrective action it suggests."""
    where, median = _slowest(incidents, serious=objective.key == "serious")
    where = names.get(where, where)
    waiting = drill.series[drill.series["series"] == "patrol.waiting"]
    peak = waiting.loc[waiting["value"].idxmax()] if len(waiting) else None
    clock = format_clock(drill.start_s + float(peak["t_s"])) if peak is not None else "–"
    if objective.key == "unanswered":
        missed = incidents[incidents["response_min"].isna()].sort_values("t_report_s")
        items = ", ".join(
            f"{names.get(r.type, r.type)} {names.get(r.sector, r.sector)} "
            f"{format_clock(drill.start_s + r.t_report_s)}"
            for r in missed.itertuples()
        )
        evidence = text("obj.evidence.unanswered", items=items or "–")
    elif objective.key == "escalated":
        evidence = text(
            "obj.evidence.waiting", clock=clock, n=int(peak["value"]) if peak is not None else 0
        )
    else:
        evidence = text("obj.evidence.slowest", kecamatan=where, median=median)
    return evidence, text(f"act.{objective.key}", kecamatan=where, clock=clock)


def _emergency_evidence(objective: Objective, drill: DrillFolder, text: Text) -> tuple[str, str]:
    """What the red phase's tables show about a missed objective, and the action it suggests."""
    key = objective.key
    if key == "burned":
        fires = drill.table("emergency_fires", required=False)
        lost = fires[fires["lost"] == "yes"] if fires is not None else pd.DataFrame()
        items = ", ".join(f"{r.name} {r.lost_at}" for r in lost.itertuples()) or "–"
        return text("obj.evidence.burned", items=items), text("act.burned")
    if key in ("golden_hour", "evacuated"):
        kpis = drill.kpis
        evidence = text(
            "obj.evidence.care",
            red=kpis.get("emergency.casualties_red", 0.0),
            minutes=kpis.get("emergency.care_red_mean_min", float("nan")),
            waiting=kpis.get("emergency.waiting_at_end", 0.0),
        )
        return evidence, text(f"act.{key}")
    if key == "hostages":
        return "", text("act.hostages")
    phases = drill.series[drill.series["series"] == "emergency.phase"]
    last = phases.iloc[-1] if len(phases) else None
    phase = ("hijau", "kuning", "merah")[int(last["value"])] if last is not None else "hijau"
    return text("obj.evidence.phase", phase=text(f"status.{phase}")), text("act.pemulihan")


def _permit_evidence(drill: DrillFolder, text: Text) -> tuple[str, str]:
    """Each crowd scene that stayed past its permitted hours (Perkap 7/2012): how many were
    there when they ended, when the dispersal order came, and how long the crowd stayed."""
    scenes = drill.table("crowd_scenes")
    events = drill.events
    items = []
    for r in scenes[scenes["past_permit_min"] > 0].itertuples():
        mine = events[events["crowd"].astype(str) == str(r.scene)]
        at = {
            kind: mine.loc[mine["kind"] == f"crowd.permit_{kind}", "t_s"]
            for kind in ("appeal", "dispersal")
        }
        end, order = (
            format_clock(drill.start_s + float(t.iloc[0])) if len(t) else "–" for t in at.values()
        )
        items.append(
            text(
                "obj.evidence.permit",
                scene=r.name,
                present=r.present_at_permit_end,
                end=end,
                order=order,
                minutes=r.past_permit_min,
            )
        )
    return "; ".join(items), text("act.permit")


def evaluate(drill: DrillFolder, text: Text, targets: dict[str, float] | None = None) -> list:
    """One finding per objective whose KPI the drill has."""
    targets = targets or {}
    incidents = drill.table("incidents", required=False)
    names = display_names(drill)
    findings = []
    for objective in OBJECTIVES:
        value = drill.kpis.get(objective.kpi)
        if value is None:
            continue
        threshold = targets.get(objective.kpi, objective.threshold)
        if threshold is None:
            threshold = drill.target_min if drill.target_min is not None else 15.0
        met = bool(OPS[objective.op](value, threshold))
        evidence, action = "", ""
        if not met and objective.kpi.startswith("emergency."):
            evidence, action = _emergency_evidence(objective, drill, text)
        elif not met and objective.kpi.startswith("election."):
            evidence, action = election_evidence(objective.key, drill, text, names)
        elif not met and objective.key == "permit":
            evidence, action = _permit_evidence(drill, text)
        elif not met and incidents is not None and len(incidents):
            evidence, action = _evidence(objective, drill, incidents, text, names)
        findings.append(Finding(objective, float(value), float(threshold), met, evidence, action))
    return findings


def display_names(drill: DrillFolder) -> dict[str, str]:
    """Kecamatan and incident-type names from the scenario (ids where it cannot be found)."""
    found = find_scenario(drill.manifest, drill.scenario)
    if found is None:
        return {}
    spec = found.spec
    return {s.id: s.name for s in spec.geography.sectors} | {
        t.id: t.name for t in spec.incidents.types
    }


def _timeline_rows(drill: DrillFolder, text: Text) -> list[list[str]]:
    incidents = drill.table("incidents", required=False)
    if incidents is None or incidents.empty:  # a quiet drill writes the table without columns
        return []
    names = display_names(drill)
    keep = incidents[
        (incidents["severity"] >= 3)
        | (incidents["escalated"] > 0)
        | incidents["response_min"].isna()
    ]
    return [
        [
            format_clock(drill.start_s + r.t_report_s),
            names.get(r.type, str(r.type)),
            names.get(r.sector, str(r.sector)),
            str(r.severity),
            str(r.responder) if isinstance(r.responder, str) else "–",
            "–" if pd.isna(r.response_min) else f"{r.response_min:.0f}",
            text.term("outcome", r.outcome),
        ]
        for r in keep.sort_values("t_report_s").itertuples()
    ]


def _sections(drill: DrillFolder, findings: list[Finding], text: Text) -> dict:
    """The report's content once, for both the Markdown and the PDF writer."""
    objectives = [
        [
            text(f"obj.{f.objective.key}"),
            text.kpi(f.objective.kpi),
            f"{SIGNS[f.objective.op]} {text.value(f.objective.kpi, f.threshold)}",
            text.value(f.objective.kpi, f.value),
            text("aar.met") if f.met else text("aar.not_met"),
        ]
        for f in findings
    ]
    analysis = []
    for f in findings:
        label = text("aar.strength") if f.met else text("aar.improve")
        result = (
            f"{text.kpi(f.objective.kpi)} = {text.value(f.objective.kpi, f.value)} "
            f"({SIGNS[f.objective.op]} {text.value(f.objective.kpi, f.threshold)})"
        )
        analysis.append(
            (text(f"obj.{f.objective.key}"), f"{label}: {result}", "" if f.met else f.evidence)
        )
    plan = [
        [
            text(f"obj.{f.objective.key}"),
            f.evidence,
            f.action,
            text("aar.to_assign"),
            text("aar.to_assign"),
        ]
        for f in findings
        if not f.met
    ]
    return {
        "objectives": objectives,
        "analysis": analysis,
        "plan": plan,
        "timeline": _timeline_rows(drill, text),
        "msel": _msel_rows(drill, text),
        "incidents": _count(drill.table("incidents", required=False)),
        "days": _day_rows(drill, text),
        "decisions": timeline_rows(drill, text, place_names(drill)),
        "orders": read_orders(drill),
    }


def _day_rows(drill: DrillFolder, text: Text) -> list[list[str]]:
    """A multi-day drill's days (election_days.csv) with the scenes that began on each."""
    days = drill.table("election_days", required=False)
    if days is None or days.empty:
        return []
    scenes = drill.table("election_scenes", required=False)
    began: dict[str, list[str]] = {}
    for r in [] if scenes is None else scenes.fillna("").itertuples():
        span = f"{r.start}-{r.end}" if r.end else f"{r.start}-"
        began.setdefault(str(r.day), []).append(f"{text.term('scene', r.kind)} {r.scene} ({span})")
    return [
        [
            str(r.day),
            str(r.date),
            "" if pd.isna(r.phase) else str(r.phase),
            text.number(r.officer_hours_on_shift, ",.0f"),
            str(r.scene_incidents),
            "; ".join(began.get(str(r.day), [])),
        ]
        for r in days.itertuples()
    ]


MSEL_COLUMNS = ("number", "fired_at", "event", "player", "expected_action", "response")


def _msel_rows(drill: DrillFolder, text: Text) -> list[list[str]]:
    """The exercise's injects (msel.csv): what was expected of the players and what the drill
    recorded as their response - HSEEP's inject-by-inject evaluation. The response is worded
    from its facts in the report's language (folders from before the facts keep the engine's
    English)."""
    msel = drill.table("msel", required=False)
    if msel is None or msel.empty:
        return []
    if "response_facts" in msel.columns:
        msel["response"] = [
            describe_response(json.loads(facts), text) if isinstance(facts, str) else ""
            for facts in msel["response_facts"]
        ]
    msel = msel.reindex(columns=list(MSEL_COLUMNS))
    return [["" if pd.isna(v) else str(v) for v in row] for row in msel.itertuples(index=False)]


def _count(table: pd.DataFrame | None) -> int:
    return 0 if table is None else len(table)


def write_aar(
    run_dir: Path,
    lang: Lang = "en",
    out: Path | None = None,
    targets: dict[str, float] | None = None,
) -> Path:
    """Write aar.md, aar.pdf and the AAR charts for one drill folder; returns the folder."""
    text = Text(lang)
    drill = DrillFolder(Path(run_dir))
    findings = evaluate(drill, text, targets)
    content = _sections(drill, findings, text)
    out = Path(out) if out else drill.folder / f"aar-{lang}"
    with report_folder(out, "aar.md") as folder:
        inputs = Inputs([drill], None)
        pictures = []
        for name in [n for n in AAR_CHARTS if n in available(inputs)]:
            figure = draw(name, inputs, lang, "page")
            title = figure.get_suptitle().replace("\n", " ")
            pictures.append((name, title, save(figure, folder / name)[0]))
        _markdown(folder / "aar.md", drill, content, pictures, text)
        _pdf(folder / "aar.pdf", drill, content, pictures, text)
    return out


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    def clean(cell: str) -> str:
        return str(cell).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(clean(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(clean(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _overview(drill: DrillFolder, text: Text) -> list[list[str]]:
    m = drill.manifest
    return [
        [text("aar.scenario"), f"{m.get('title', drill.scenario)} ({drill.scenario})"],
        [text("aar.strategy"), drill.strategy],
        [text("aar.seed"), str(drill.seed)],
        [text("aar.date"), str(m.get("date", "–"))],
        [text("brief.hash"), str(m.get("scenario_sha256", "–"))],
        [text("brief.version"), str(m.get("sispam_version", "–"))],
    ]


def _headers(text: Text) -> dict[str, list[str]]:
    return {
        "objectives": [
            text("aar.objective"),
            text("aar.measure"),
            text("aar.target"),
            text("aar.result"),
            text("aar.rating"),
        ],
        "plan": [
            text("aar.objective"),
            text("aar.issue"),
            text("aar.action"),
            text("aar.owner"),
            text("aar.due"),
        ],
        "msel": [
            text("aar.msel.number"),
            text("aar.msel.time"),
            text("aar.msel.event"),
            text("aar.msel.player"),
            text("aar.msel.expected"),
            text("aar.msel.response"),
        ],
        "days": [
            text("aar.days.day"),
            text("aar.days.date"),
            text("aar.days.phase"),
            text("aar.days.hours"),
            text("aar.days.incidents"),
            text("aar.days.scenes"),
        ],
        "decisions": header(text),
        "timeline": [
            text("aar.time"),
            text("aar.type"),
            text("aar.kecamatan"),
            text("aar.severity"),
            text("aar.responder"),
            text("aar.response"),
            text("aar.outcome"),
        ],
    }


def _markdown(path: Path, drill: DrillFolder, content: dict, pictures: list, text: Text) -> None:
    heads = _headers(text)
    lines = [
        f"# {text('aar.title')}: {drill.scenario} / {drill.strategy} / seed {drill.seed}",
        "",
        f"## {text('aar.overview')}",
        "",
    ]
    lines += _md_table(["", ""], _overview(drill, text))
    lines += [f"## {text('aar.objectives')}", ""]
    lines += _md_table(heads["objectives"], content["objectives"])
    for objective, verdict, evidence in content["analysis"]:
        lines += [f"### {objective}", "", f"- {verdict}"] + ([f"- {evidence}"] if evidence else [])
        lines.append("")
    lines += [f"*{text('aar.thresholds')}*", ""]
    if content["days"]:
        lines += [f"## {text('aar.days')}", ""]
        lines += _md_table(heads["days"], content["days"])
    if content["orders"]:
        lines += [f"## {text('aar.decisions')}", "", note(content["orders"], text), ""]
        lines += _md_table(heads["decisions"], content["decisions"])
    lines += [f"## {text('aar.timeline')}", ""]
    if content["msel"]:
        lines += [f"### {text('aar.msel')}", ""]
        lines += _md_table(heads["msel"], content["msel"])
        lines += [f"### {text('aar.incidents')}", ""]
    lines += [text("aar.timeline.note", n=content["incidents"]), ""]
    lines += _md_table(heads["timeline"], content["timeline"])
    for _name, title, png in pictures:
        lines += [f"![{title}]({png.name})", "", f"*{title}*", ""]
    lines += [f"## {text('aar.plan')}", ""]
    lines += (
        _md_table(heads["plan"], content["plan"])
        if content["plan"]
        else [text("aar.no_issues"), ""]
    )
    path.write_text("\n".join(lines), encoding="utf-8")


def _pdf(path: Path, drill: DrillFolder, content: dict, pictures: list, text: Text) -> None:
    heads = _headers(text)
    story: list = [
        doc.para(text("aar.title"), "h1"),
        doc.para(text("aar.overview"), "h2"),
        doc.table(["", ""], _overview(drill, text), [0.25, 0.75]),
        doc.para(text("aar.objectives"), "h2"),
        doc.table(heads["objectives"], content["objectives"], [0.3, 0.3, 0.12, 0.14, 0.14]),
    ]
    for objective, verdict, evidence in content["analysis"]:
        story += [
            doc.para(objective, "h2"),
            *doc.bullets([verdict] + ([evidence] if evidence else [])),
        ]
    story.append(doc.para(text("aar.thresholds"), "small"))
    if content["days"]:
        story += [
            doc.para(text("aar.days"), "h2"),
            doc.table(heads["days"], content["days"], [0.07, 0.11, 0.22, 0.11, 0.09, 0.4]),
        ]
    played = decisions_pages(drill, text)
    story += [doc.PageBreak(), *played] if played else []
    story += [doc.PageBreak(), doc.para(text("aar.timeline"), "h1")]
    if content["msel"]:
        story += [
            doc.para(text("aar.msel"), "h2"),
            doc.table(heads["msel"], content["msel"], [0.06, 0.08, 0.24, 0.16, 0.22, 0.24]),
            doc.para(text("aar.incidents"), "h2"),
        ]
    story += [
        doc.para(text("aar.timeline.note", n=content["incidents"])),
        doc.table(heads["timeline"], content["timeline"], [0.1, 0.2, 0.15, 0.1, 0.15, 0.12, 0.18]),
    ]
    for _name, title, png in pictures:
        story += [doc.PageBreak(), doc.picture(png), doc.para(title, "small")]
    story += [doc.PageBreak(), doc.para(text("aar.plan"), "h1")]
    story.append(
        doc.table(heads["plan"], content["plan"], [0.18, 0.24, 0.34, 0.12, 0.12])
        if content["plan"]
        else doc.para(text("aar.no_issues"))
    )
    footer = (
        f"sispam {drill.manifest.get('sispam_version', '')} · {drill.scenario} · "
        f"{drill.strategy} · seed {drill.seed}"
    )
    doc.write_pdf(path, story, f"{text('aar.title')}: {drill.scenario}", footer)


__all__ = ["OBJECTIVES", "evaluate", "write_aar"]
