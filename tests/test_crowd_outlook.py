"""`sispam validate` warns, never fails, when a crowd riots on arrival whatever the police do."""

from __future__ import annotations

import pytest

from simulation.cli import main
from simulation.crowd.outlook import crowd_share, share_above
from simulation.geography import load_scenario


def test_share_on_arrival_is_the_hardship_range_above_the_cut():
    # H (1 - 0.8) > 0.1  <=>  H > 0.5: of U(0.2, 1) that is 0.5 / 0.8.
    assert share_above((0.2, 1.0), 0.8, 0.1) == pytest.approx(0.625)
    assert share_above((0.2, 1.0), 0.92, 0.1) == 0.0  # H (0.08) never exceeds 0.1
    assert share_above((0.0, 1.0), 0.0, 0.1) == pytest.approx(0.9)
    assert share_above((0.5, 0.5), 0.0, 0.1) == 1.0
    spec = load_scenario("demo_kpu_bangil", {"crowd.legitimacy": 0.8})
    # 2,000 people of U(0.2, 1) and 250 of U(0, 0.8), both cut at 0.5.
    want = (2000 * 0.625 + 250 * 0.375) / 2250
    assert crowd_share(spec.crowd.groups, 0.8, 0.1) == pytest.approx(want)


def test_agitation_at_its_cap_lowers_the_cut():
    # Provocateurs stir everyone to agitation 0.08: H (0.08 + 0.08) > 0.1  <=>  H > 0.625.
    assert share_above((0.2, 1.0), 0.92, 0.1, agitation=0.08) == pytest.approx(0.375 / 0.8)
    assert share_above((0.2, 1.0), 0.99, 0.1, agitation=0.08) == 0.0


@pytest.mark.parametrize(
    "sets, level",
    [
        ([], None),
        (["crowd.legitimacy=0.8"], "is active as soon as it arrives"),
        (["crowd.legitimacy=0.6"], "is violent as soon as it arrives"),
        (["crowd.groups[0].provocation_start=2 min"], "once its provocateurs start at 2 min"),
        (["crowd.groups[0].provocation_start=10 min"], None),
        (["crowd.groups[0].provocation_start=2 min", "crowd.legitimacy=0.99"], None),
    ],
)
def test_validate_warns_of_an_early_riot_and_still_passes(capsys, sets, level):
    sets = [a for s in sets for a in ("--set", s)]
    assert main(["validate", "demo_kpu_bangil", *sets]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ok: demo_kpu_bangil")
    riots = [line for line in err.splitlines() if "at legitimacy" in line]
    if level is None:
        assert not riots
    else:
        assert riots[0].startswith("warning: demo_kpu_bangil: crowd 'massa': at legitimacy")
        assert level in err and "within its first minutes whatever the plan does" in err
