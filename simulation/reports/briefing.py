"""The briefing pack: `sispam report RESULTS_DIR` -> briefing.pdf and every chart as slide files.

Pages: title; executive summary with the recommended strategy and why (from the comparison's
paired verdicts); the KPI table; one chart per page; the scenario's assumptions and sources
(its `source:` / `assumption:` fields); reproducibility (command, seeds, scenario hash, version).
The folder is written next to the results under a temporary name and renamed when complete.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from simulation.core.kpis import describe
from simulation.reports import document as doc
from simulation.reports.areas import AreaRow, kecamatan_rows, terrain_rows
from simulation.reports.catalogue import Inputs, available, draw
from simulation.reports.charts.sweep import short
from simulation.reports.folder import report_folder
from simulation.reports.inputs import (
    DrillFolder,
    ExperimentFolder,
    ReportError,
    ScenarioFound,
    find_scenario,
)
from simulation.reports.labels import Lang, Text, decimals_for
from simulation.reports.played import decisions_pages
from simulation.reports.style import save
from simulation.reports.verdict import ROLES, Difference, Verdict, decide

VERDICT_CHARTS = ("compare", "cost-risk")
BETTER_SHADE, WORSE_SHADE = "#D6E9F8", "#FBE0CC"
KEY_KPIS = (
    "patrol.response_mean_min",
    "patrol.response_p90_min",
    "patrol.within_target_share",
    "cost.officer_hours",
)


def recommend(experiment: ExperimentFolder, deciding: list[str] | None = None) -> Verdict:
    """The comparison's one verdict (simulation/reports/verdict.py); kept under this name for
    callers of the briefing."""
    return decide(experiment, deciding)


def _value(kpi: str, value: float, text: Text) -> str:
    if pd.isna(value):
        return "–"
    if describe(kpi).unit == "share":
        return text.share(value)
    return text.fmt(value)


def _size(diff: Difference, text: Text) -> str:
    """'Median response time 0.96 min higher': a difference's size in words, for trade-offs."""
    mean, _, _, unit = difference_text(diff, text)
    side = "lower" if diff.mean < 0 else "higher"
    return text(f"brief.size.{side}", kpi=text.kpi(diff.kpi), size=mean.lstrip("+-"), unit=unit)


def _signed(kpi: str, value: float, text: Text, decimals: int | None = None) -> str:
    if describe(kpi).unit == "share":
        return text.fmt(value * 100, decimals, signed=True)
    return text.fmt(value, decimals, signed=True)


def difference_text(diff: Difference, text: Text) -> tuple[str, str, str, str]:
    """(mean, low, high, unit) of a paired difference, one number of decimals for all three;
    shares in percentage points."""
    share = describe(diff.kpi).unit == "share"
    scale = 100.0 if share else 1.0
    finite = [abs(v * scale) for v in (diff.mean, diff.ci_low, diff.ci_high) if math.isfinite(v)]
    decimals = decimals_for(max(finite)) if finite and max(finite) > 0 else 0
    mean, lo, hi = (
        _signed(diff.kpi, v, text, decimals) for v in (diff.mean, diff.ci_low, diff.ci_high)
    )
    unit = text("unit.pp") if share else text.unit(describe(diff.kpi).unit)
    return mean, lo, hi, unit


def verdict_word(diff: Difference, baseline: str, text: Text) -> str:
    if diff.key == "same":
        return text("verdict.same")
    if diff.key == "thin":
        return text("verdict.thin", n=diff.n, paired=diff.paired)
    return text(f"verdict.{diff.key}", baseline=baseline)


def summary_lines(experiment: ExperimentFolder, verdict: Verdict, text: Text) -> list:
    """Executive summary: the headline every page states, the rule that made it, the reasons
    with sizes, the trade-offs, the budget, and every harm KPI that is not zero."""
    story: list = [doc.para(text("brief.summary"), "h1"), doc.para(verdict.headline(text), "h2")]
    story.append(doc.para(text("brief.rule", baseline=verdict.baseline), "small"))
    if verdict.named:  # in their priority order
        items = ", ".join(text.kpi(k) for k in verdict.named)
        story.append(doc.para(text("brief.rule.named", items=items), "small"))
    for case in verdict.cases.values():
        if case.harms:  # said before any reason, so a faster but harmful option reads as such
            items = ", ".join(_size(d, text) for d in case.keyed("worse", ("harm",)))
            vetoed = text(
                "brief.vetoed",
                strategy=verdict.label(case.strategy),
                baseline=verdict.baseline,
                items=items,
            )
            story.append(doc.para(vetoed))
    chosen = verdict.focus()
    if chosen is not None:
        case = verdict.cases[chosen]
        story.append(doc.para(text("brief.why", baseline=verdict.baseline, n=verdict.replications)))
        lines = []
        for diff in case.better + case.worse:
            mean, lo, hi, unit = difference_text(diff, text)
            lines.append(
                text(
                    "brief.reason" if lo != hi else "brief.reason.exact",
                    kpi=f"{text.kpi(diff.kpi)} ({text(f'role.{diff.role}')})",
                    verdict=verdict_word(diff, verdict.baseline, text),
                    mean=mean,
                    unit=unit,
                    lo=lo,
                    hi=hi,
                )
            )
        deciding = ("harm", "service")
        plain = case.keyed("none", deciding)
        if plain:
            items = ", ".join(text.kpi(d.kpi) for d in plain)
            lines.append(text("brief.not_significant", items=items))
        thin = case.keyed("thin", deciding)
        if thin:
            items = ", ".join(f"{text.kpi(d.kpi)} ({d.n}/{d.paired})" for d in thin)
            lines.append(text("brief.thin", items=items))
        same = case.keyed("same", ROLES)
        if same:
            lines.append(text("brief.same", items=", ".join(text.kpi(d.kpi) for d in same)))
        budget = []
        for k in verdict.kpis:
            base, mine = verdict.mean(verdict.baseline, k), verdict.mean(chosen, k)
            if verdict.roles[k] == "cost" and base is not None and mine is not None:
                budget.append(
                    f"{text.kpi(k)}: {verdict.baseline} {text.value(k, base['mean'])}, "
                    f"{chosen} {text.value(k, mine['mean'])}"
                )
        if budget:
            lines.append(text("brief.budget", items="; ".join(budget)))
        story += doc.bullets(lines)
    for case in verdict.cases.values():
        if case.better and case.worse:
            story.append(
                doc.para(
                    text(
                        "brief.tradeoff",
                        strategy=verdict.label(case.strategy),
                        better=", ".join(_size(d, text) for d in case.better),
                        worse=", ".join(_size(d, text) for d in case.worse),
                    )
                )
            )
    story += harm_table(verdict, text)
    story.append(doc.para(text("brief.method"), "small"))
    return story


def harm_table(verdict: Verdict, text: Text) -> list:
    """Every harm KPI non-zero in any strategy, with its paired difference and CI: harm is
    never left to the KPI table at the back."""
    rows = verdict.harm_rows()
    story: list = [doc.para(text("brief.harm"), "h2")]
    if not rows:
        return [*story, doc.para(text("brief.harm.none"))]
    table = [
        [
            text.kpi(diff.kpi),
            strategy,
            _value(diff.kpi, verdict.mean(verdict.baseline, diff.kpi)["mean"], text),
            _value(diff.kpi, verdict.mean(strategy, diff.kpi)["mean"], text),
        ]
        for strategy, diff in rows
    ]
    marks = [verdict.mark(strategy, diff.kpi) for strategy, diff in rows]
    header = [text("brief.kpi"), text("strategy")]
    story.append(_difference_table(header, table, [d for _, d in rows], marks, verdict, text))
    return story


def _difference_table(
    header: list[str],
    cells: list[list[str]],
    diffs: list[Difference],
    marks: list[str],
    verdict: Verdict,
    text: Text,
) -> Any:
    """Rows of `cells` (two labels, the baseline's and the strategy's means) closed by the
    paired difference with its CI and the verdict in words; shaded by `marks`."""
    table, shade = [], {}
    for row, diff, mark in zip(cells, diffs, marks, strict=True):
        mean, lo, hi, unit = difference_text(diff, text)
        interval = mean if lo == hi else f"{mean} ({lo} – {hi})"
        if mark in ("better", "worse"):
            shade[(len(table), 5)] = BETTER_SHADE if mark == "better" else WORSE_SHADE
        table.append([*row, f"{interval} {unit}", verdict_word(diff, verdict.baseline, text)])
    header = [
        *header,
        text("brief.mean", strategy=verdict.baseline),
        text("brief.mean", strategy=text("strategy").lower()),
        text("brief.difference"),
        text("brief.verdict"),
    ]
    return doc.table(header, table, [0.27, 0.1, 0.1, 0.1, 0.23, 0.2], shade)


def area_pages(experiment: ExperimentFolder, verdict: Verdict, text: Text) -> list:
    """Highland vs lowland, then every kecamatan: what a plan gains in one area and what it
    costs another, each with its size and 95% CI; nothing when the drills measured neither."""
    story: list = []
    for title, rows in (
        ("brief.terrain", terrain_rows(verdict)),
        ("brief.kecamatan", kecamatan_rows(experiment, verdict)),
    ):
        if not rows:
            continue
        story.append(doc.para(text(title), "h1" if not story else "h2"))
        for strategy in dict.fromkeys(r.strategy for r in rows):
            mine = [r for r in rows if r.strategy == strategy]
            items = "; ".join(_area_size(r, text) for r in mine)
            line = text("brief.area.line", strategy=strategy, baseline=verdict.baseline)
            story.append(doc.para(f"{line}: {items}."))
        cells = [
            [
                _area_label(r, text),
                r.strategy,
                _interval(r.diff.kpi, r.base, text),
                _interval(r.diff.kpi, r.mine, text),
            ]
            for r in rows
        ]
        header = [text("brief.area"), text("strategy")]
        marks = [r.diff.key for r in rows]
        diffs = [r.diff for r in rows]
        story.append(_difference_table(header, cells, diffs, marks, verdict, text))
    if story:
        story.append(doc.para(text("brief.method"), "small"))
    return story


def _area_label(row: AreaRow, text: Text) -> str:
    terrain = text(f"terrain.{row.terrain}")
    if row.area:
        return f"{row.area} ({terrain})"
    return text.kpi(row.diff.kpi)


def _area_size(row: AreaRow, text: Text) -> str:
    """'prigen (highland) 12.3 min lower (95% CI 8.1 to 16.5)': one area's difference."""
    mean, lo, hi, unit = difference_text(row.diff, text)
    side = "lower" if row.diff.mean < 0 else "higher"
    size = text(f"brief.size.{side}", kpi=_area_label(row, text), size=mean.lstrip("+-"), unit=unit)
    return size if lo == hi else f"{size} ({text('brief.ci', lo=lo, hi=hi)})"


def _interval(kpi: str, mean: dict[str, float], text: Text) -> str:
    if pd.isna(mean["mean"]):
        return "–"
    share = describe(kpi).unit == "share"
    return text.interval(mean["mean"], mean["ci_low"], mean["ci_high"], share)


def kpi_table(experiment: ExperimentFolder, verdict: Verdict, text: Text) -> list:
    """Mean and bounded 95% CI per strategy; cells shaded where the verdict says better/worse
    (never for costs: the budget is not a win)."""
    strategies = verdict.strategies
    rows, shade = [], {}
    for kpi in verdict.kpis:
        unit = text.unit("%" if describe(kpi).unit == "share" else describe(kpi).unit)
        cells = [text.kpi(kpi), unit]
        for c, strategy in enumerate(strategies):
            s = verdict.mean(strategy, kpi)
            if s is None or pd.isna(s["mean"]):
                cells.append("–")
                continue
            share = describe(kpi).unit == "share"
            cells.append(text.interval(s["mean"], s["ci_low"], s["ci_high"], share))
            mark = verdict.mark(strategy, kpi)
            if mark in ("better", "worse"):
                shade[(len(rows), 2 + c)] = BETTER_SHADE if mark == "better" else WORSE_SHADE
        rows.append(cells)
    width = 0.62 / len(strategies)
    header = [text("brief.kpi"), text("brief.unit"), *(verdict.label(s) for s in strategies)]
    legend = (
        f"{text('compare.legend.better')} / {text('compare.legend.worse')} "
        f"({text('baseline')}: {verdict.baseline}). {text('brief.method')}"
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
    results: Path,
    lang: Lang = "en",
    out: Path | None = None,
    extra: list[Path] | None = None,
    deciding: list[str] | None = None,
) -> Path:
    """Write the briefing folder (briefing.pdf + charts/) for a comparison, sweep or drill;
    `deciding` names the KPIs that decide the recommendation (default rule: verdict.py)."""
    text = Text(lang)
    results = Path(results)
    inputs = Inputs.collect([results, *(extra or [])])
    out = Path(out) if out else results / f"briefing-{lang}"
    with report_folder(out, "briefing.pdf") as folder:
        (folder / "charts").mkdir()
        _build(inputs, results, lang, text, folder, deciding)
    return out


def _build(
    inputs: Inputs,
    results: Path,
    lang: Lang,
    text: Text,
    folder: Path,
    deciding: list[str] | None = None,
) -> None:
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
        verdict = decide(experiment, deciding)
        story += summary_lines(experiment, verdict, text)
        story += [doc.PageBreak(), *kpi_table(experiment, verdict, text)]
        areas = area_pages(experiment, verdict, text)
        story += [doc.PageBreak(), *areas] if areas else []
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
        played = decisions_pages(inputs.drills[0], text)
        story += [doc.PageBreak(), *played] if played else []
    for name in available(inputs):
        # The charts that state the verdict read the same one as the summary.
        options = {"decide": deciding} if name in VERDICT_CHARTS else {}
        figure = draw(name, inputs, lang, "slide", **options)
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
