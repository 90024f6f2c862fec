"""The words of a counterfactual folder (`sispam counterfactual`): per deciding KPI, what the
changed decision would have given against the played game, on the same dice.

"Had decision 3 (Stage a unit) been given at 10:00 instead of 11:30, mean serious response
would have been 12 min instead of 41 min (paired difference -29 min, 95% CI -35 to -22;
better)." The means, paired differences and verdicts are the comparison's own, read through
the briefing's verdict (Student-t paired intervals from differences.csv); nothing is
recomputed here.
"""

from __future__ import annotations

import json
from pathlib import Path

from simulation.core.kpis import describe
from simulation.reports.folder import report_folder
from simulation.reports.inputs import ExperimentFolder, ReportError
from simulation.reports.labels import Lang, Text
from simulation.reports.verdict import Verdict, decide

ABOUT = "counterfactual.json"
PLAYED, BRANCH = "played", "counterfactual"


def is_counterfactual(folder: Path) -> bool:
    return (Path(folder) / ABOUT).is_file()


def _amount(text: Text, kpi: str, value: float, signed: bool = False) -> str:
    """A KPI amount with its unit; a share as percent (a difference of shares in points)."""
    unit = describe(kpi).unit
    if unit == "share":
        return text.fmt(100 * value, signed=signed, strip=True) + "%"
    return f"{text.fmt(value, signed=signed, strip=True)} {text.unit(unit)}".strip()


def _change(about: dict, text: Text) -> str:
    order = text.term("order", about["order"])
    if about["change"] == "drop":
        return text("cf.drop", number=about["decision"], order=order, clock=about["clock"])
    return text(
        "cf.move",
        number=about["decision"],
        order=order,
        at=about["at_clock"],
        clock=about["clock"],
    )


def _name(text: Text, kpi: str) -> str:
    """A KPI's label inside a sentence: 'mean response time' (an acronym such as TPS stays)."""
    label = text.kpi(kpi)
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def sentences(verdict: Verdict, about: dict, text: Text) -> list[str]:
    """One sentence per deciding KPI the change moved: the counterfactual's mean against the
    played game's, with the paired difference, its 95% interval and the verdict; then one
    sentence naming the deciding KPIs equal to the game's in every replication."""
    change = _change(about, text)
    change = change[0].upper() + change[1:]
    case = verdict.cases.get(BRANCH)
    out, unchanged = [], []
    for kpi in verdict.deciding():
        played, branch = verdict.mean(PLAYED, kpi), verdict.mean(BRANCH, kpi)
        found = case.differences.get(kpi) if case else None
        if played is None or branch is None or found is None:
            continue
        if found.key == "same" or found.mean == found.ci_low == found.ci_high == 0:
            unchanged.append(_name(text, kpi))
            continue
        out.append(
            text(
                "cf.sentence",
                change=change,
                kpi=_name(text, kpi),
                branch=_amount(text, kpi, float(branch["mean"])),
                original=_amount(text, kpi, float(played["mean"])),
                difference=_amount(text, kpi, found.mean, signed=True),
                low=_amount(text, kpi, found.ci_low, signed=True),
                high=_amount(text, kpi, found.ci_high, signed=True),
                verdict=text(f"cf.verdict.{found.key}"),
            )
        )
    if unchanged:
        out.append(text("cf.unchanged", change=change, kpis="; ".join(unchanged)))
    return out


def write_counterfactual(
    folder: Path, lang: Lang = "en", out: Path | None = None, deciding: list[str] | None = None
) -> Path:
    """Write counterfactual.md for a counterfactual folder; returns the report folder."""
    folder = Path(folder)
    try:
        about = json.loads((folder / ABOUT).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportError(f"{folder / ABOUT}: cannot read it ({exc})") from None
    experiment = ExperimentFolder(folder)
    if set(experiment.strategies) != {PLAYED, BRANCH}:
        raise ReportError(f"{folder}: expected the variants {PLAYED} and {BRANCH}")
    text = Text(lang)
    verdict = decide(experiment, deciding)
    lines = [
        f"# {text('cf.title', number=about['decision'])}",
        "",
        text(
            "cf.method",
            folder=about["played"],
            n=experiment.replications,
            number=about["decision"],
        ),
        "",
        *[f"- {s}" for s in sentences(verdict, about, text)],
        "",
    ]
    out = Path(out) if out else folder / f"counterfactual-{lang}"
    with report_folder(out, "counterfactual.md") as partial:
        (partial / "counterfactual.md").write_text("\n".join(lines), encoding="utf-8")
    return out
