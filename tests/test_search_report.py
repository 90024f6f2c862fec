"""The briefing of a plan search says, in both languages, what each front plan changes relative
to the planner's own strategy (levers, where the officers go) and what it buys (paired
difference with its interval), states the budget as a budget, says whether the front dominates
each bundled strategy and why not, and counts the plans dropped on re-evaluation; the Pareto and
parallel-coordinates charts draw exactly the verdict's means. The search folder is constructed
with stated values (tests/reports_data.py) and, at the end, written by a real search."""

import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulation.cli import main
from simulation.reports.catalogue import Inputs, draw
from simulation.reports.search_briefing import write_search_briefing
from tests.reports_data import (
    SEARCH_PLANS,
    SEARCH_VALUES,
    SERIOUS,
    SHARE,
    constructed_search,
)
from tests.toy_queues import TOY_QUEUES, queue_officers, write_queue_scenario


@pytest.fixture(scope="module")
def search(tmp_path_factory):
    return constructed_search(
        tmp_path_factory.mktemp("search") / "opt", SEARCH_PLANS, SEARCH_VALUES, dropped=2
    )


def _t_interval(values: list[float]) -> tuple[float, float]:
    a = np.asarray(values, float)
    half = stats.t.ppf(0.975, len(a) - 1) * a.std(ddof=1) / math.sqrt(len(a))
    return a.mean() - half, a.mean() + half


def _bullet(md: str, plan: str) -> str:
    return next(line for line in md.splitlines() if line.startswith(f"* {plan} "))


def test_the_briefing_says_what_a_plan_moves_and_what_it_buys(search, tmp_path):
    md = (write_search_briefing(search, "en", tmp_path / "en") / "briefing.md").read_text()
    p01 = _bullet(md, "p01")
    assert p01.startswith(
        "* p01 changes TPS guard pattern (kurang rawan) 2-16-32 → 2-12-24; "
        "Patroli Sabhara (sepeda motor) per kecamatan 5 → 1: "
    ), p01
    base = json.loads((search / "manifest.json").read_text())["budget"]
    mine = float(pd.read_csv(search / "front.csv").set_index("id").loc["p01", "officers"])
    assert (
        f"officers deployed {base:,.0f} → {mine:,.0f}, {base - mine:,.0f} under the budget" in p01
    )
    # Where the officers go: guards and mobile units add up to what each plan deploys.
    g0, g1, m0, m1 = (
        float(v.replace(",", ""))
        for v in re.search(
            r"TPS guards ([\d,]+) → ([\d,]+), in mobile units ([\d,]+) → ([\d,]+)", p01
        ).groups()
    )
    assert (g0 + m0, g1 + m1) == (base, mine) and g1 > g0 and m1 < m0
    diff = np.subtract(SEARCH_VALUES["p01"][SERIOUS], SEARCH_VALUES["mobile"][SERIOUS])
    lo, hi = _t_interval(list(diff))
    assert (
        f"Mean response time, serious incidents (severity 3-4) 58 min → 14 min "
        f"(difference -44.0 min, 95% CI {lo:.1f} to {hi:.1f}: better than mobile)"
    ) in p01
    assert "Share of incidents reached within the target 91.0% → 95.7%" in p01
    assert "Officers deployed" not in p01  # the budget is said once, as the budget
    assert "2 of them did not hold up" in md and "2 remain" in md


def test_the_briefing_says_which_bundled_strategies_the_front_dominates_and_why_not(
    search, tmp_path
):
    md = (write_search_briefing(search, "en", tmp_path / "en") / "briefing.md").read_text()
    assert "* mobile is weakly dominated by p01, p02:" in md
    statis = next(line for line in md.splitlines() if line.startswith("* statis "))
    assert statis.startswith("* statis is not dominated")
    # statis keeps the best share within target (99.7%) and the best is p02's 99.0%.
    assert "The front's best Share of incidents reached within the target is 99% (p02)" in statis
    assert "Mean response time" not in statis  # p01 is faster: not a reason


def test_the_table_shows_bounded_intervals_without_scientific_notation(search, tmp_path):
    md = (write_search_briefing(search, "en", tmp_path / "en") / "briefing.md").read_text()
    assert not re.search(r"\d[eE][+-]?\d", md)
    rows = [line for line in md.splitlines() if line.startswith(("| p0", "| mobile", "| statis"))]
    assert len(rows) == 4
    for row in rows:
        share = re.findall(r"[\d.]+", row.split("|")[-2])
        assert share and max(float(x) for x in share) <= 100  # a share's interval: <= 100%
    # statis had 99% or 100% in every drill: a t interval would pass 100%, this one stays in.
    assert "| statis (bundled) | – | – | – | 1,220 | 20.0 (19.0 – 21.0) | 100 (99 – 100) |" in md
    assert "| statis (bundled) | – | – | – |" in md
    assert "| mobile (bundled) | 2-16-32 | 2 | 5 |" in md
    header = next(line for line in md.splitlines() if line.startswith("| plan"))
    assert "(min)" in header and "(%)" in header


def test_the_indonesian_briefing_is_complete(search, tmp_path):
    out = write_search_briefing(search, "id", tmp_path / "id")
    md = (out / "briefing.md").read_text()
    p01 = _bullet(md, "p01")
    assert p01.startswith("* p01 mengubah pola pengamanan TPS (kurang rawan) 2-16-32 → 2-12-24;")
    assert "58 menit → 14 menit (selisih -44,0 menit" in p01 and "lebih baik dari mobile" in p01
    assert "91,0% → 95,7%" in p01 and "di bawah anggaran" in p01
    assert "tidak terdominasi" in md and "2 di antaranya tidak bertahan" in md
    for english in ("officers", "budget", "changes", "dominated by"):
        assert english not in md.split("## Keterulangan")[0].replace("(officers", ""), english
    assert (out / "briefing.pdf").read_bytes().startswith(b"%PDF")
    assert {p.name for p in (out / "charts").iterdir()} == {"pareto.png", "parallel.png"}


def _plans_on(fig, gid):
    return {line.get_gid(): line for ax in fig.axes for line in ax.lines if line.get_gid()}


def test_the_parallel_chart_draws_each_plan_at_its_scaled_means(search):
    fig = draw("parallel", Inputs.collect([search]), "en")
    lines = _plans_on(fig, None)
    assert set(lines) == {"front:p01", "front:p02", "bundled:mobile", "bundled:statis"}
    means = {name: {k: np.mean(v) for k, v in kpis.items()} for name, kpis in SEARCH_VALUES.items()}
    officers = pd.read_csv(search / "front.csv").set_index("id")["officers"].to_dict()
    officers |= pd.read_csv(search / "references.csv").set_index("strategy")["officers"].to_dict()
    serious = [m[SERIOUS] for m in means.values()]
    share = [m[SHARE] for m in means.values()]
    for gid, line in lines.items():
        name = gid.split(":")[1]
        expected = [
            (max(serious) - means[name][SERIOUS]) / (max(serious) - min(serious)),  # lower better
            (means[name][SHARE] - min(share)) / (max(share) - min(share)),  # higher better
            (max(officers.values()) - officers[name])
            / (max(officers.values()) - min(officers.values())),
        ]
        assert np.allclose(line.get_ydata(), expected), gid
        assert (line.get_linestyle() == "-") == gid.startswith("front")  # bundled: dashed
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[2] == "Officers deployed"


def test_the_pareto_chart_marks_the_bundled_strategies_at_their_means(search):
    fig = draw("pareto", Inputs.collect([search]), "id")
    lines = _plans_on(fig, None)
    bundled, front = lines["bundled"], lines["front"]
    assert list(bundled.get_xdata()) == [58.0, 20.0]  # the base first, then the others
    assert np.allclose(
        bundled.get_ydata(), [np.mean(SEARCH_VALUES[s][SHARE]) for s in ("mobile", "statis")]
    )
    assert list(front.get_xdata()) == [14.0, 30.0]
    assert "terdominasi lemah" in fig.get_suptitle()


def test_sispam_report_on_a_search_folder_and_a_broken_one(search, tmp_path, capsys):
    out = tmp_path / "brief"
    assert main(["report", str(search), "--lang", "id", "--out", str(out)]) == 0
    assert (out / "briefing.md").exists()
    broken = tmp_path / "broken"
    constructed_search(broken, SEARCH_PLANS, SEARCH_VALUES)
    manifest = json.loads((broken / "manifest.json").read_text())
    del manifest["levers"]
    (broken / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["report", str(broken)]) == 2
    assert f"{broken / 'manifest.json'}: missing key 'levers'" in capsys.readouterr().err
    assert not (broken / "briefing-en").exists()


def test_a_real_search_folder_is_reported(tmp_path):
    """The folder `sispam optimise` writes is the one the report reads (the toy's KPIs are
    unregistered, its scenario no sispam scenario: totals only, no lever words)."""
    from simulation.experiments.optimise import optimise

    write_queue_scenario(tmp_path)
    search = tmp_path / "search.yaml"
    search.write_text(
        "scenario: queues.yaml\nstrategy: base\nseed: 1\nevaluations: 12\npopulation: 6\n"
        "replications: 2\nfront_replications: 3\nbudget: 16\nlevers:\n"
        "  strategies.base.queues.a.servers: {int: [1, 20], name: ca}\n"
        "  strategies.base.queues.b.servers: {int: [1, 20], name: cb}\n"
        "objectives: [{kpi: wait_min, direction: lower}, {kpi: servers, direction: lower}]\n"
    )
    result = optimise(
        search, engine=TOY_QUEUES, officers=queue_officers, executor="serial", out=tmp_path / "o"
    )
    md = (write_search_briefing(tmp_path / "o", "en") / "briefing.md").read_text()
    assert f"{result.dropped} of them did not hold up" in md
    for plan in result.front.to_dict("records"):
        assert f"* {plan['id']} changes ca 5 → {plan['ca']}" in md or plan["ca"] == 5


def test_sispam_optimise_then_report_on_the_voting_day(tmp_path, capsys):
    """The command line end to end on the bundled scenario (a tiny search): the charts land in
    the folder, and the briefing reads it in Bahasa Indonesia."""
    search = tmp_path / "search.yaml"
    search.write_text(
        "scenario: pasuruan_pilkada_2024\nstrategy: mobile\nreferences: [mobile]\n"
        "evaluations: 2\npopulation: 2\nreplications: 1\nfront_replications: 2\nbudget: base\n"
        "levers:\n  strategies.mobile.mobile[7].count: {int: [4, 5], name: motors}\n"
        "objectives: [patrol.within_target_share, cost.officers]\n"
    )
    out = tmp_path / "out"
    argv = ["optimise", str(search), "--out", str(out), "--executor", "serial"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert f"chart:   {out / 'pareto.png'}" in printed and "sispam report" in printed
    assert (out / "pareto.png").stat().st_size > 0 and not (out / "parallel.png").exists()
    assert main(["report", str(out), "--lang", "id"]) == 0
    md = (out / "briefing-id" / "briefing.md").read_text()
    assert "Patroli Sabhara (sepeda motor) per kecamatan" in md or "mempertahankan" in md
    assert "Anggaran: paling banyak 1.220 personel" in md
