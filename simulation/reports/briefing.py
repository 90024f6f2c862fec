"""The briefing pack: `sispam report RESULTS_DIR` -> briefing.pdf and every chart as slide files.

Pages: title; executive summary with the recommended strategy and why (from the comparison's
paired verdicts); the KPI table; one chart per page; the scenario's assumptions and sources
(its `source:` / `assumption:` fields); reproducibility (command, seeds, scenario hash, version).
The folder is written next to the results under a temporary name and renamed when complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from simulation.core.kpis import describe
from simulation.reports import document as doc
from simulation.reports.catalogue import Inputs, available, draw
from simulation.reports.charts.compare import verdict_key
from simulation.reports.charts.sweep import short
from simulation.reports.folder import report_folder
from simulation.reports.inputs import (
    DrillFolder,
    ExperimentFolder,
    ReportError,
    ScenarioFound,
    find_scenario,
)
from simulation.reports.labels import Lang, Text
from simulation.reports.style import save

BETTER_SHADE, WORSE_SHADE = "#D6E9F8", "#FBE0CC"
KEY_KPIS = (
    "patrol.response_mean_min",
    "patrol.response_p90_min",
    "patrol.within_target_share",
    "cost.officer_hours",
)


@dataclass
class Recommendation:
    """The strategy to brief and the evidence: derived from the paired verdicts only."""

    baseline: str
    strategy: str | None
    better: dict[str, list[str]] = field(default_factory=dict)
    worse: dict[str, list[str]] = field(default_factory=dict)


def recommend(experiment: ExperimentFolder) -> Recommendation:
    """Recommend the strategy that beats the baseline on the most KPIs and loses on none.

    Only KPIs with a better direction count. A strategy that is better on some KPIs and worse
    on others is a trade-off for the commander, not a recommendation; when no strategy is
    better without being worse somewhere, the baseline stays.
    """
    diffs = experiment.differences
    baseline = experiment.baseline
    rec = Recommendation(baseline, None)
    if diffs is None:
        return rec
    for row in diffs.itertuples():
        if describe(row.kpi).better == "none":
            continue
        key = verdict_key(row.verdict)
        if key in ("better", "worse"):
            getattr(rec, key).setdefault(row.strategy, []).append(row.kpi)
    clean = [s for s in rec.better if not rec.worse.get(s)]
    if clean:
        hours = experiment.summary.query("kpi == 'cost.officer_hours'").set_index("strategy")
        rec.strategy = max(
            clean,
            key=lambda s: (len(rec.better[s]), -hours["mean"].get(s, 0.0)),
        )
    return rec


def _value(kpi: str, value: float, text: Text) -> str:
    if pd.isna(value):
        return "–"
    if describe(kpi).unit == "share":
        return text.number(value, ".0%")
    return text.number(value, ",.0f" if abs(value) >= 1000 else ".3g")


def summary_lines(experiment: ExperimentFolder, rec: Recommendation, text: Text) -> list:
    """Executive-summary flowables: the recommendation, its reasons, and the trade-offs."""
    story: list = [doc.para(text("brief.summary"), "h1")]
    diffs = experiment.differences
    if rec.strategy is None:
        story.append(doc.para(text("brief.recommend.none", baseline=rec.baseline), "h2"))
    else:
        story.append(doc.para(text("brief.recommend", strategy=rec.strategy), "h2"))
    chosen = rec.strategy or next(iter(rec.better | rec.worse), None)
    if diffs is not None and chosen is not None:
        story.append(doc.para(text("brief.why", baseline=rec.baseline, n=experiment.replications)))
        rows = diffs[(diffs["strategy"] == chosen)]
        lines = []
        for row in rows.itertuples():
            key = verdict_key(row.verdict)
            if describe(row.kpi).better == "none" or key == "none":
                continue
            lines.append(
                text(
                    "brief.reason",
                    kpi=text.kpi(row.kpi),
                    verdict=text(f"verdict.{key}", baseline=rec.baseline),
                    mean=row.mean,
                    unit=text.unit(describe(row.kpi).unit),
                    lo=row.ci_low,
                    hi=row.ci_high,
                )
            )
        same = [
            text.kpi(r.kpi)
            for r in rows.itertuples()
            if describe(r.kpi).better != "none" and verdict_key(r.verdict) == "none"
        ]
        if same:
            lines.append(f"{text('verdict.none')}: {', '.join(same)}")
        story += doc.bullets(lines)
    for strategy in rec.better:
        if rec.worse.get(strategy):
            story.append(
                doc.para(
                    text(
                        "brief.tradeoff",
                        strategy=strategy,
                        better=", ".join(text.kpi(k) for k in rec.better[strategy]),
                        worse=", ".join(text.kpi(k) for k in rec.worse[strategy]),
                    )
                )
            )
    return story


def kpi_table(experiment: ExperimentFolder, text: Text) -> list:
    """Mean and 95% CI per strategy; cells shaded where the paired verdict is better/worse."""
    strategies = experiment.strategies
    marks = {
        (r.strategy, r.kpi): verdict_key(r.verdict)
        for r in (
            experiment.differences
            if experiment.differences is not None
            else pd.DataFrame(columns=["strategy", "kpi", "verdict"])
        ).itertuples()
    }
    summary = experiment.summary.set_index(["kpi", "strategy"])
    rows, shade = [], {}
    for kpi in experiment.kpis:
        cells = [text.kpi(kpi), text.unit(describe(kpi).unit)]
        for c, strategy in enumerate(strategies):
            if (kpi, strategy) not in summary.index:
                cells.append("–")
                continue
            s = summary.loc[(kpi, strategy)]
            cells.append(
                f"{_value(kpi, s['mean'], text)} ({_value(kpi, s['ci_low'], text)} – "
                f"{_value(kpi, s['ci_high'], text)})"
            )
            mark = marks.get((strategy, kpi))
            if describe(kpi).better != "none" and mark in ("better", "worse"):
                shade[(len(rows), 2 + c)] = BETTER_SHADE if mark == "better" else WORSE_SHADE
        rows.append(cells)
    width = 0.62 / len(strategies)
    header = [text("brief.kpi"), text("brief.unit"), *strategies]
    legend = (
        f"{text('compare.legend.better')} / {text('compare.legend.worse')} "
        f"({text('baseline')}: {experiment.baseline})"
    )
    return [
        doc.para(text("brief.kpi_table"), "h1"),
        doc.table(header, rows, [0.28, 0.1] + [width] * len(strategies), shade),
        doc.Spacer(1, 6),
        doc.para(legend, "small"),
    ]


def sweep_table(experiment: ExperimentFolder, text: Text) -> list:
    """One row per design point and strategy: parameter values and the key KPI means."""
    key = [k for k in KEY_KPIS if k in experiment.kpis] or experiment.kpis[:4]
    means = experiment.summary.pivot_table(
        index=["point", "strategy"], columns="kpi", values="mean"
    ).reset_index()
    table = means.merge(experiment.point_values(), on="point")
    parameters = experiment.parameters
    header = [*(short(p) for p in parameters), text("strategy"), *(text.kpi_axis(k) for k in key)]
    rows = [
        [text.number(r[p]) for p in parameters]
        + [r["strategy"]]
        + [_value(k, r[k], text) for k in key]
        for _, r in table.iterrows()
    ]
    width = 1.0 / len(header)
    return [doc.para(text("brief.kpi_table"), "h1"), doc.table(header, rows, [width] * len(header))]


def drill_table(drill: DrillFolder, text: Text) -> list:
    rows = [
        [
            text.kpi(k),
            text.unit(describe(k).unit),
            _value(k, v if v is not None else float("nan"), text),
        ]
        for k, v in drill.kpis.items()
    ]
    header = [text("brief.kpi"), text("brief.unit"), f"{drill.strategy} (seed {drill.seed})"]
    return [doc.para(text("brief.kpi_table"), "h1"), doc.table(header, rows, [0.5, 0.2, 0.3])]


def provenance_notes(spec: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """(kind, text, dotted path) of every `source:` and `assumption:` in a scenario."""
    if isinstance(spec, BaseModel):
        for kind in ("source", "assumption"):
            value = getattr(spec, kind, None)
            if isinstance(value, str) and value:
                yield kind, value, path or "(scenario)"
        for name in type(spec).model_fields:
            if name not in ("source", "assumption"):
                yield from provenance_notes(getattr(spec, name), f"{path}.{name}".lstrip("."))
    elif isinstance(spec, (list, tuple)):
        for i, item in enumerate(spec):
            # Name list items by their id where they have one: "forces.unit_types[polsek]".
            yield from provenance_notes(item, f"{path}[{getattr(item, 'id', i)}]")
    elif isinstance(spec, dict):
        for key, item in spec.items():
            yield from provenance_notes(item, f"{path}.{key}".lstrip("."))


def _places(paths: list[str]) -> str:
    return ", ".join(paths) if len(paths) <= 3 else f"{', '.join(paths[:2])} … (+{len(paths) - 2})"


def assumptions_pages(found: ScenarioFound | None, then: str | None, text: Text) -> list:
    story: list = [doc.para(text("brief.assumptions"), "h1")]
    if found is None:
        return [*story, doc.para(text("brief.no_scenario"))]
    if not found.same:
        story.append(
            doc.para(
                text("brief.digest_mismatch", now=found.digest_now[:12], then=(then or "?")[:12])
            )
        )
    sources = found.spec.metadata.sources
    if sources:
        story.append(doc.para(text("brief.sources"), "h2"))
        story.append(
            doc.table(
                ["id", text("brief.source")],
                [[s.id, s.title + (f" <{s.url}>" if s.url else "")] for s in sources],
                [0.15, 0.85],
            )
        )
    grouped: dict[tuple[str, str], list[str]] = {}
    for kind, note, where in provenance_notes(found.spec):
        grouped.setdefault((kind, note), []).append(where)
    rows = [
        [text(f"brief.{kind}"), note, _places(where)]
        for (kind, note), where in sorted(grouped.items())
    ]
    story.append(doc.Spacer(1, 8))
    story.append(
        doc.table(
            ["", text("brief.assumption") + " / " + text("brief.source"), text("brief.where")],
            rows,
            [0.12, 0.58, 0.30],
        )
    )
    return story


def repro_page(
    meta: dict[str, Any], seeds: str, replications: int, results: Path, lang: str, text: Text
) -> list:
    unknown = text("foot.unknown")
    command = meta.get("command")
    packages = meta.get("packages") or {}
    rows = [
        [
            text("brief.command"),
            " ".join(command) if isinstance(command, list) else str(command or unknown),
        ],
        [text("brief.seeds"), seeds],
        [text("aar.replications"), str(replications)],
        [text("brief.hash"), str(meta.get("scenario_sha256") or unknown)],
        [text("brief.version"), str(meta.get("sispam_version") or unknown)],
        ["sispam report", f"sispam report {results} --lang {lang}"],
    ]
    if packages:
        rows.append([text("brief.packages"), ", ".join(f"{k} {v}" for k, v in packages.items())])
    return [doc.para(text("brief.repro"), "h1"), doc.table(["", ""], rows, [0.2, 0.8])]


def write_briefing(
    results: Path, lang: Lang = "en", out: Path | None = None, extra: list[Path] | None = None
) -> Path:
    """Write the briefing folder (briefing.pdf + charts/) for a comparison, sweep or drill."""
    text = Text(lang)
    results = Path(results)
    inputs = Inputs.collect([results, *(extra or [])])
    out = Path(out) if out else results / f"briefing-{lang}"
    with report_folder(out, "briefing.pdf") as folder:
        (folder / "charts").mkdir()
        _build(inputs, results, lang, text, folder)
    return out


def _build(inputs: Inputs, results: Path, lang: Lang, text: Text, folder: Path) -> None:
    experiment = inputs.experiment
    if experiment is not None:
        meta, scenario = experiment.manifest, experiment.scenario
        provenance = experiment.provenance()
    elif inputs.drills:
        meta, scenario = inputs.drills[0].manifest, inputs.drills[0].scenario
        provenance = inputs.drills[0].provenance()
    else:
        raise ReportError(f"{results}: no drill, comparison or sweep found")
    found = find_scenario(meta, scenario)
    title = found.spec.metadata.title if found else str(meta.get("title") or scenario)
    seeds = "–".join(dict.fromkeys(str(s) for s in provenance.seeds or ()))
    story: list = [
        doc.Spacer(1, 120),
        doc.para(text("brief.title"), "cover"),
        doc.para(title, "h1"),
        doc.para(f"{text('aar.scenario')}: {scenario}"),
        doc.para(f"{text('strategy')}: {', '.join(provenance.strategies)}"),
        doc.para(text("foot.replications", n=provenance.replications, seeds=seeds or "?")),
        doc.para(
            text(
                "brief.prepared",
                version=provenance.version or text("foot.unknown"),
                date=dt.date.today().isoformat(),
            )
        ),
        doc.PageBreak(),
    ]
    if experiment is not None and experiment.kind == "comparison":
        story += summary_lines(experiment, recommend(experiment), text)
        story += [doc.PageBreak(), *kpi_table(experiment, text)]
    elif experiment is not None:
        story += [doc.para(text("brief.summary"), "h1"), doc.para(text("brief.sweep"))]
        story += [doc.PageBreak(), *sweep_table(experiment, text)]
    else:
        story += [
            doc.para(text("brief.summary"), "h1"),
            doc.para(text("brief.single")),
            doc.PageBreak(),
            *drill_table(inputs.drills[0], text),
        ]
    for name in available(inputs):
        figure = draw(name, inputs, lang, "slide")
        caption = figure.get_suptitle().replace("\n", " ")
        paths = save(figure, folder / "charts" / name)
        story += [doc.PageBreak(), doc.picture(paths[0]), doc.para(caption, "small")]
    story += [doc.PageBreak(), *assumptions_pages(found, meta.get("scenario_sha256"), text)]
    story += [
        doc.PageBreak(),
        *repro_page(meta, seeds, provenance.replications, results, lang, text),
    ]
    version = provenance.version or text("foot.unknown")
    footer = f"sispam {version} · {scenario} · {', '.join(provenance.strategies)}"
    doc.write_pdf(folder / "briefing.pdf", story, f"{text('brief.title')}: {title}", footer)
