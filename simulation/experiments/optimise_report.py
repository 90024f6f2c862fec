"""The Pareto chart and the plain-words summary (en, id) of a `sispam optimise` result.

Planners read the summary, not the CSV: it says what each plan on the front changes relative to
the base strategy and what that buys, with the interval the replications allow.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from simulation.experiments.searchfile import Plan

_WORDS = {
    "en": {
        "title": "Proposed deployments: {scenario}, base strategy {base}",
        "intro": (
            "NSGA-II evaluated {distinct} distinct plans ({feasible} within the budget and limits; "
            "it proposed {trials}, repeats are not run again), each on the same {reps} drills "
            "(common random numbers); the "
            "{front} best were re-run on {front_reps} drills. {dropped} of them were no longer "
            "non-dominated after re-evaluation and are dropped; {kept} remain."
        ),
        "budget": "Budget: at most {budget:g} officers deployed (base strategy: {base_officers}).",
        "best": "Best for {kpi} ({direction}): {id}",
        "changes": "changes {changes}",
        "nochange": "the same lever values as the base strategy",
        "effect": "{kpi} {base} -> {value} [{low}, {high}]",
        "officers": "officers {base} -> {value}",
        "table": "All front points (means with 95% intervals over {n} drills):",
        "lower": "lower is better",
        "higher": "higher is better",
        "noref": "(the base strategy was not among the references)",
    },
    "id": {
        "title": "Usulan penempatan personel: {scenario}, strategi dasar {base}",
        "intro": (
            "NSGA-II menilai {distinct} rencana berbeda ({feasible} dalam batas anggaran dan "
            "batasan; diusulkan {trials}, usulan berulang tidak dijalankan lagi), masing-masing "
            "pada {reps} simulasi yang sama "
            "(bilangan acak bersama); {front} terbaik dijalankan ulang pada {front_reps} simulasi. "
            "{dropped} di antaranya tidak lagi non-dominan setelah evaluasi ulang dan dibuang; "
            "tersisa {kept}."
        ),
        "budget": (
            "Anggaran: paling banyak {budget:g} personel dikerahkan "
            "(strategi dasar: {base_officers})."
        ),
        "best": "Terbaik untuk {kpi} ({direction}): {id}",
        "changes": "mengubah {changes}",
        "nochange": "nilai tuas sama dengan strategi dasar",
        "effect": "{kpi} {base} -> {value} [{low}, {high}]",
        "officers": "personel {base} -> {value}",
        "table": "Semua titik front (rata-rata dengan interval 95% atas {n} simulasi):",
        "lower": "makin rendah makin baik",
        "higher": "makin tinggi makin baik",
        "noref": "(strategi dasar tidak termasuk pembanding)",
    },
}


def _num(value: Any) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}"
    return str(value)


def summaries(
    plan: Plan,
    front: pd.DataFrame,
    references: pd.DataFrame,
    kpis: list[str],
    dropped: int,
    counts: dict[str, int],
) -> dict[str, str]:
    """The summary in English and Bahasa Indonesia; `counts`: trials, distinct, feasible."""
    import json

    manifest_counts = counts
    base = references[references["strategy"] == plan.strategy]
    base_row = base.iloc[0].to_dict() if len(base) else None
    out = {}
    for lang, w in _WORDS.items():
        lines = [f"# {w['title'].format(scenario=plan.scenario.stem, base=plan.strategy)}", ""]
        lines.append(
            w["intro"].format(
                trials=manifest_counts.get("trials", "?"),
                distinct=manifest_counts.get("distinct", "?"),
                feasible=manifest_counts.get("feasible", "?"),
                reps=plan.spec.replications,
                front=len(front) + dropped,
                front_reps=plan.spec.front_replications,
                dropped=dropped,
                kept=len(front),
            )
        )
        if plan.budget is not None:
            lines += [
                "",
                w["budget"].format(
                    budget=plan.budget,
                    base_officers=_num(base_row["officers"]) if base_row else "-",
                ),
            ]
        if base_row is None:
            lines += ["", w["noref"]]
        lines.append("")
        for i, kpi in enumerate(kpis):
            if front.empty:
                break
            column = front[f"{kpi}.mean"]
            best = front.loc[column.idxmin() if plan.directions[i] == "lower" else column.idxmax()]
            changes = [
                f"{lever.path.split('.', 2)[2]} {json.dumps(plan.base_values[lever.name])} -> "
                f"{json.dumps(_py(best[lever.name]))}"
                for lever in plan.levers
                if _py(best[lever.name]) != plan.base_values[lever.name]
            ]
            lines.append(
                "* "
                + w["best"].format(kpi=kpi, direction=w[plan.directions[i]], id=best["id"])
                + ": "
                + (w["changes"].format(changes="; ".join(changes)) if changes else w["nochange"])
                + "."
            )
            effects = [
                w["officers"].format(
                    base=_num(base_row["officers"]) if base_row else "-",
                    value=_num(best["officers"]),
                )
            ]
            for kpi_ in kpis:
                effects.append(
                    w["effect"].format(
                        kpi=kpi_,
                        base=_num(base_row[f"{kpi_}.mean"]) if base_row else "-",
                        value=_num(best[f"{kpi_}.mean"]),
                        low=_num(best[f"{kpi_}.ci_low"]),
                        high=_num(best[f"{kpi_}.ci_high"]),
                    )
                )
            lines.append("  " + "; ".join(effects) + ".")
        lines += ["", w["table"].format(n=plan.spec.front_replications), ""]
        lines.append(_markdown(front, plan, kpis))
        out[lang] = "\n".join(lines) + "\n"
    return out


def _py(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def _markdown(front: pd.DataFrame, plan: Plan, kpis: list[str]) -> str:
    header = ["id", *[lv.name for lv in plan.levers], "officers", *kpis]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in front.to_dict("records"):
        cells = [row["id"], *[_num(_py(row[lv.name])) for lv in plan.levers]]
        cells.append(_num(row["officers"]))
        cells += [
            f"{_num(row[f'{k}.mean'])} [{_num(row[f'{k}.ci_low'])}, {_num(row[f'{k}.ci_high'])}]"
            for k in kpis
        ]
        rows.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(rows)


def pareto_chart(
    plan: Plan,
    front: pd.DataFrame,
    candidates: pd.DataFrame,
    references: pd.DataFrame,
    kpis: list[str],
    folder: Path,
) -> None:
    """The first two objectives: every feasible candidate, the front with 95% intervals and the
    bundled strategies as reference points. One objective: against officers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x_kpi = kpis[0]
    y_kpi = kpis[1] if len(kpis) > 1 else "officers"

    def column(table: pd.DataFrame, kpi: str, stat: str = "mean") -> pd.Series:
        return table["officers"] if kpi == "officers" else table[f"{kpi}.{stat}"]

    fig, ax = plt.subplots(figsize=(7, 5))
    ok = candidates[candidates["feasible"]]
    if len(ok):
        ax.scatter(
            column(ok, x_kpi),
            column(ok, y_kpi),
            s=12,
            color="0.75",
            label=f"candidates ({plan.spec.replications} drills)",
        )
    if len(front):
        x, y = column(front, x_kpi), column(front, y_kpi)
        xerr = [x - column(front, x_kpi, "ci_low"), column(front, x_kpi, "ci_high") - x]
        yerr = (
            None
            if y_kpi == "officers"
            else [y - column(front, y_kpi, "ci_low"), column(front, y_kpi, "ci_high") - y]
        )
        ax.errorbar(
            x,
            y,
            xerr=xerr,
            yerr=yerr,
            fmt="o",
            color="tab:blue",
            capsize=3,
            label=f"front ({plan.spec.front_replications} drills, 95% CI)",
        )
        for row, xi, yi in zip(front["id"], x, y, strict=True):
            ax.annotate(row, (xi, yi), textcoords="offset points", xytext=(4, 4), fontsize=8)
    if len(references):
        ax.scatter(
            column(references, x_kpi),
            column(references, y_kpi),
            marker="*",
            s=150,
            color="tab:red",
            label="bundled strategies",
            zorder=3,
        )
        for name, xi, yi in zip(
            references["strategy"],
            column(references, x_kpi),
            column(references, y_kpi),
            strict=True,
        ):
            ax.annotate(name, (xi, yi), textcoords="offset points", xytext=(5, -10), fontsize=8)
    direction = dict(zip(kpis, plan.directions, strict=True))
    ax.set_xlabel(f"{x_kpi} ({direction.get(x_kpi, 'lower')} is better)")
    ax.set_ylabel(f"{y_kpi} ({direction.get(y_kpi, 'lower')} is better)")
    ax.set_title(f"Pareto front: {plan.scenario.stem}, base {plan.strategy}")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(folder / "pareto.png", dpi=120)
    plt.close(fig)
