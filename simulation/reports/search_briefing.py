"""The briefing of a plan search: `sispam report SEARCH_DIR` -> briefing.md, briefing.pdf and
the charts, in English or Bahasa Indonesia.

It says in words what each front plan changes relative to the planner's own strategy (lever by
lever, and where the officers go: TPS guards or mobile units), what that buys on each objective
with the paired difference and its 95% interval, and the officers it uses against the budget
(a cost is the budget, never a win); then whether the front weakly dominates each bundled
strategy, and where not, why; the front table with bounded intervals; the charts; and how many
front plans were dropped on re-evaluation. Every number comes from the verdict of the search's
comparison/ folder (simulation/reports/verdict.py), as in a comparison's briefing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from simulation.core.kpis import describe
from simulation.reports import document as doc
from simulation.reports.briefing import difference_text, verdict_word
from simulation.reports.catalogue import Inputs, available, draw
from simulation.reports.charts.front import dominators, plans
from simulation.reports.folder import report_folder
from simulation.reports.inputs import OptimiseFolder, ReportError, find_scenario
from simulation.reports.labels import Lang, Text
from simulation.reports.style import save
from simulation.reports.verdict import Verdict, decide

SEARCH_CHARTS = ("pareto", "parallel")
OFFICERS = "cost.officers"


@dataclass(frozen=True)
class Block:
    """One piece of the briefing, written the same way to Markdown and to the PDF."""

    kind: str  # h1, h2, p, small, bullets, table, picture
    text: str = ""
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    path: Path | None = None


def _value(text: Text, value: Any) -> str:
    """A lever value as the planner wrote it; numbers the language's way."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        return text.fmt(float(value))
    return str(value)


def _same(a: Any, b: Any) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


class _Scenario:
    """The searched scenario, loaded again to name levers and split officers; None-safe when
    it cannot be found (the briefing then gives totals only)."""

    def __init__(self, search: OptimiseFolder) -> None:
        self.search = search
        found = find_scenario(search.manifest, search.scenario)
        self.spec = found.spec if found else None

    def lever(self, name: str, text: Text) -> str:
        """'TPS guard pattern (kurang rawan)', 'Sabhara mobil per kecamatan', else the name."""
        from simulation.scenario.overrides import parse_path

        parts = parse_path(self.search.levers[name])
        if self.spec is None or len(parts) < 4:
            return name
        strategy = self.spec.strategies.get(str(parts[1]))
        if parts[2] == "tps_guard" and len(parts) == 4:
            return text("opt.lever.guard", cls=str(parts[3]).replace("_", " "))
        if parts[2] == "mobile" and parts[-1] == "count" and strategy is not None:
            group = strategy.mobile[int(parts[3])]
            unit = next(
                (t.name for t in self.spec.forces.unit_types if t.id == group.unit_type),
                group.unit_type,
            )
            if group.stations == "each_sector":
                return text("opt.lever.units.each", unit=unit)
            if len(group.stations) <= 3:
                return text("opt.lever.units.at", unit=unit, stations=", ".join(group.stations))
            return text("opt.lever.units.count", unit=unit)
        return name

    def split(self, values: dict[str, Any] | None) -> tuple[int, int] | None:
        """(officers at TPS guards, officers in mobile units) of the base strategy with these
        lever values (None: the base as written); None when the scenario is not at hand."""
        if self.spec is None:
            return None
        from simulation.geography import load_scenario
        from simulation.scenario import ScenarioError
        from simulation.scenario.deployment import guard_groups, mobile_posts

        source = self.search.manifest.get("scenario_file") or self.search.scenario
        overrides = {self.search.levers[k]: v for k, v in (values or {}).items()}
        try:
            spec = load_scenario(str(source), overrides or None)
        except ScenarioError:
            return None
        strategy = spec.strategies[self.search.base]
        officers = {t.id: t.officers for t in spec.forces.unit_types}
        guards = sum(g.police for g in guard_groups(spec, strategy))
        mobile = sum(officers[p.unit_type] for p in mobile_posts(spec, strategy))
        return guards, mobile


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _officers_phrase(search: OptimiseFolder, old: float, new: float, text: Text) -> str:
    values = {"old": text.fmt(old), "new": text.fmt(new)}
    if search.budget is None or not math.isfinite(new):
        return text("opt.officers.free", **values)
    spare = search.budget - new
    if spare <= 0:
        return text("opt.officers.full", **values)
    return text("opt.officers", spare=text.fmt(spare), **values)


def _level(kpi: str, value: float, text: Text) -> str:
    """A KPI value for a before -> after pair: shares to a tenth of a percent, so a change
    of less than a percentage point still shows."""
    if describe(kpi).unit == "share":
        return text.fmt(value * 100, 1) + "%"
    return text.value(kpi, value)


def _effects(search: OptimiseFolder, verdict: Verdict, plan: str, text: Text) -> list[str]:
    """Each deciding objective: base -> plan, the paired difference, its interval, its word;
    cost objectives as the budget used."""
    base = search.base
    lines, budget = [], []
    case = verdict.cases.get(plan)
    for kpi in search.objectives:
        mine, theirs = verdict.mean(plan, kpi), verdict.mean(base, kpi)
        if mine is None or theirs is None:
            continue
        old, new = _level(kpi, float(theirs["mean"]), text), _level(kpi, float(mine["mean"]), text)
        if verdict.roles.get(kpi) == "cost":
            if kpi != OFFICERS:  # officers are said with the budget already
                budget.append(f"{text.kpi(kpi)} {old} → {new}")
            continue
        diff = case.differences.get(kpi) if case else None
        if diff is None:
            continue
        mean, lo, hi, unit = difference_text(diff, text)
        key = "opt.effect" if lo != hi else "opt.effect.exact"
        word = verdict_word(diff, base, text)
        lines.append(
            text(
                key,
                kpi=text.kpi(kpi),
                old=old,
                new=new,
                diff=mean,
                unit=unit,
                lo=lo,
                hi=hi,
                verdict=word,
            )
        )
    if budget:
        lines.append(text("brief.budget", items="; ".join(budget)))
    return lines


def _changes(search: OptimiseFolder, where: _Scenario, verdict: Verdict, text: Text) -> list[Block]:
    base = search.base
    blocks = [Block("h2", text("opt.changes", base=base))]
    officers = dict(zip(search.bundled["strategy"], search.bundled["officers"], strict=True))
    base_officers = float(officers.get(base, math.nan))
    base_split = where.split(None)
    items = []
    for row in search.front.to_dict("records"):
        values = {name: _plain(row[name]) for name in search.levers}
        changed = [
            text(
                "opt.change",
                lever=where.lever(name, text),
                old=_value(text, search.manifest["base_values"].get(name)),
                new=_value(text, value),
            )
            for name, value in values.items()
            if not _same(value, search.manifest["base_values"].get(name))
        ]
        head = (
            text("opt.plan", id=row["id"], changes="; ".join(changed))
            if changed
            else text("opt.plan.same", id=row["id"], base=base)
        )
        parts = [_officers_phrase(search, base_officers, float(row["officers"]), text)]
        split = where.split(values) if changed else None
        if split is not None and base_split is not None:
            g0, m0 = base_split
            g1, m1 = split
            parts.append(
                text(
                    "opt.split", g0=text.fmt(g0), g1=text.fmt(g1), m0=text.fmt(m0), m1=text.fmt(m1)
                )
            )
        items.append(
            f"{head}: " + "; ".join(parts + _effects(search, verdict, row["id"], text)) + "."
        )
    blocks.append(Block("bullets", items=tuple(items)))
    return blocks


def _against(search: OptimiseFolder, table: pd.DataFrame, text: Text) -> list[Block]:
    """Whether the front weakly dominates each bundled strategy, and where not, why."""
    blocks = [Block("h2", text("opt.against"))]
    front = table[table["kind"] == "front"]
    items = []
    for strategy, plans_ in dominators(table, search.objectives).items():
        if plans_:
            items.append(text("opt.dominated", strategy=strategy, plans=", ".join(plans_)))
            continue
        ref = table[table["name"] == strategy].iloc[0]
        why = []
        for kpi, direction in search.objectives.items():
            column = front[f"{kpi}.mean"]
            if column.empty:
                continue
            best = column.idxmin() if direction == "lower" else column.idxmax()
            value, mine = float(ref[f"{kpi}.mean"]), float(column[best])
            if (mine > value) if direction == "lower" else (mine < value):
                why.append(
                    text(
                        "opt.why",
                        kpi=text.kpi(kpi),
                        best=text.value(kpi, mine),
                        plan=front.loc[best, "name"],
                        strategy=strategy,
                        value=text.value(kpi, value),
                    )
                )
        items.append(text("opt.not_dominated", strategy=strategy, why="; ".join(why) + "."))
    return [*blocks, Block("bullets", items=tuple(items))]


def _table(search: OptimiseFolder, verdict: Verdict, text: Text) -> Block:
    """Front plans and bundled strategies: lever values, officers, each objective's mean and
    bounded 95% interval (units in the header, translated)."""
    objectives = [k for k in search.objectives if k != OFFICERS]
    header = [text("opt.plan.head"), *search.levers, text.unit("officers")]
    header += [text.kpi_axis(k) for k in objectives]
    officers = dict(zip(search.bundled["strategy"], search.bundled["officers"], strict=True))
    rows = []
    named = [(r["id"], r, False) for r in search.front.to_dict("records")]
    named += [(s, None, True) for s in search.references]
    for name, row, bundled in named:
        if row is not None:
            levers = [_value(text, _plain(row[k])) for k in search.levers]
            count = float(row["officers"])
        else:
            same = name == search.base
            levers = [
                _value(text, search.manifest["base_values"].get(k)) if same else "–"
                for k in search.levers
            ]
            count = float(officers.get(name, math.nan))
        cells = [f"{name} ({text('opt.bundled.mark')})" if bundled else name, *levers]
        cells.append(text.fmt(count) if math.isfinite(count) else "–")
        for kpi in objectives:
            found = verdict.mean(name, kpi)
            if found is None or pd.isna(found["mean"]):
                cells.append("–")
                continue
            # Shares in percent to three figures (the header says %): front plans differ by
            # tenths of a point, which whole percents would hide.
            scale = 100.0 if describe(kpi).unit == "share" else 1.0
            bounds = (found[s] * scale for s in ("mean", "ci_low", "ci_high"))
            cells.append(text.interval(*bounds))
        rows.append(tuple(cells))
    return Block("table", header=tuple(header), rows=tuple(rows))


def _blocks(search: OptimiseFolder, text: Text, pictures: list[tuple[str, Path]]) -> list[Block]:
    m = search.manifest
    verdict = decide(search.comparison)
    table = plans(search, verdict)
    where = _Scenario(search)
    title = where.spec.metadata.title if where.spec is not None else search.scenario
    blocks = [
        Block("h1", f"{text('opt.title')}: {title}"),
        Block(
            "p",
            text(
                "opt.intro",
                base=search.base,
                distinct=m.get("distinct_candidates", "?"),
                feasible=m.get("feasible_candidates", "?"),
                reps=m.get("replications", "?"),
                front=m.get("front_before_reevaluation", "?"),
                front_reps=m.get("front_replications", "?"),
                dropped=m.get("dropped_after_reevaluation", "?"),
                kept=len(search.front),
            ),
        ),
    ]
    officers = dict(zip(search.bundled["strategy"], search.bundled["officers"], strict=True))
    if search.budget is not None:
        base = float(officers.get(search.base, math.nan))
        blocks.append(
            Block(
                "p",
                text(
                    "opt.budget",
                    budget=text.fmt(search.budget),
                    base=search.base,
                    base_officers=text.fmt(base) if math.isfinite(base) else "–",
                ),
            )
        )
    else:
        blocks.append(Block("p", text("opt.budget.none")))
    if search.front.empty:
        return [*blocks, Block("p", text("opt.empty"))]
    blocks.append(Block("h2", verdict.headline(text)))
    blocks += _changes(search, where, verdict, text)
    blocks += _against(search, table, text)
    blocks.append(Block("h2", text("opt.table", n=search.comparison.replications)))
    blocks.append(_table(search, verdict, text))
    blocks.append(Block("small", text("brief.method")))
    blocks.append(Block("small", text("opt.files")))
    for caption, path in pictures:
        blocks.append(Block("picture", caption, path=path))
    command = m.get("command")
    blocks.append(Block("h2", text("brief.repro")))
    blocks.append(
        Block(
            "table",
            header=("", ""),
            rows=(
                (text("brief.command"), " ".join(command) if command else text("foot.unknown")),
                (text("brief.seeds"), str(m.get("seed", "?"))),
                (text("brief.hash"), str(m.get("scenario_sha256") or text("foot.unknown"))),
                (text("brief.version"), str(m.get("sispam_version") or text("foot.unknown"))),
            ),
        )
    )
    return blocks


def _markdown(blocks: list[Block], folder: Path) -> str:
    def cell(value: str) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines: list[str] = []
    for b in blocks:
        if b.kind in ("h1", "h2"):
            lines += [f"{'#' if b.kind == 'h1' else '##'} {b.text}", ""]
        elif b.kind in ("p", "small"):
            lines += [b.text if b.kind == "p" else f"*{b.text}*", ""]
        elif b.kind == "bullets":
            lines += [f"* {item}" for item in b.items] + [""]
        elif b.kind == "table":
            lines.append("| " + " | ".join(cell(h) for h in b.header) + " |")
            lines.append("|" + "---|" * len(b.header))
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in b.rows]
            lines.append("")
        elif b.kind == "picture" and b.path is not None:
            lines += [f"![{b.text}]({b.path.relative_to(folder)})", "", f"*{b.text}*", ""]
    return "\n".join(lines)


def _pdf(blocks: list[Block], path: Path, title: str, footer: str) -> None:
    story: list = []
    for b in blocks:
        if b.kind in ("h1", "h2", "p", "small"):
            story.append(doc.para(b.text, "body" if b.kind == "p" else b.kind))
        elif b.kind == "bullets":
            story += doc.bullets(list(b.items))
        elif b.kind == "table":
            width = 1.0 / len(b.header)
            story.append(
                doc.table(list(b.header), [list(r) for r in b.rows], [width] * len(b.header))
            )
        elif b.kind == "picture" and b.path is not None:
            story += [doc.PageBreak(), doc.picture(b.path), doc.para(b.text, "small")]
    doc.write_pdf(path, story, title, footer)


def write_search_briefing(results: Path, lang: Lang = "en", out: Path | None = None) -> Path:
    """Write briefing.md, briefing.pdf and charts/ for a plan search folder; returns the folder
    (default RESULTS/briefing-LANG), written complete or not at all."""
    text = Text(lang)
    inputs = Inputs.collect([Path(results)])
    search = inputs.optimise
    if search is None:
        raise ReportError(f"{results}: not a plan search folder (no front.csv)")
    out = Path(out) if out else search.folder / f"briefing-{lang}"
    with report_folder(out, "briefing.md") as folder:
        pictures = []
        for name in [n for n in SEARCH_CHARTS if n in available(inputs)]:
            figure = draw(name, inputs, lang, "page")
            caption = figure.get_suptitle().replace("\n", " ")
            png = save(figure, folder / "charts" / name, ("png",))[0]
            pictures.append((caption, png))
        blocks = _blocks(search, text, pictures)
        (folder / "briefing.md").write_text(_markdown(blocks, folder), encoding="utf-8")
        version = search.manifest.get("sispam_version", "")
        footer = f"sispam {version} · {search.scenario} · {search.base}"
        _pdf(blocks, folder / "briefing.pdf", f"{text('opt.title')}: {search.scenario}", footer)
    return out
