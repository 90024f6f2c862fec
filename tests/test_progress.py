"""Progress of a whole experiment: the ETA comes from the rate of drills run now (an injected
clock, no sleeping), stored drills count as done but not in the rate, and a search's total
spans its generations and its re-evaluation, shrinking to the drills that really run."""

import io
import re

from simulation.experiments import progress as progress_module
from simulation.experiments.optimise import optimise
from simulation.experiments.progress import Progress
from tests.toy_queues import TOY_QUEUES, queue_officers, write_queue_scenario


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_give_the_eta_from_this_runs_rate_and_ignore_stored_drills():
    clock, out = Clock(), io.StringIO()
    shown = Progress("sweep", 10, every_s=5.0, clock=clock, stream=out)
    shown.skip(4)  # found in the store: done, but they took no time now
    for _ in range(2):
        clock.now += 2.0
        shown.advance(failed=False)
    assert out.getvalue() == ""  # 4 s since the start: not yet a line
    clock.now += 2.0
    shown.advance(failed=True)
    # 3 drills in 6 s: 3 left take 6 s more (the 4 stored ones do not speed the rate up).
    assert out.getvalue() == "sweep: 7/10 drills, 1 failed, ETA 6 s\n"
    shown.retotal(20)
    assert shown.eta_s() == 26.0
    shown.retotal(5)  # never below what is done
    assert shown.total == 7 and shown.line() == "sweep: 7/7 drills, 1 failed, done"
    shown.close()
    assert out.getvalue().splitlines()[-1] == "sweep: 7/7 drills, 1 failed, done"


def test_before_any_drill_ran_the_eta_is_unknown_and_a_resumed_batch_prints_nothing():
    out = io.StringIO()
    shown = Progress("compare", 6, every_s=0.0, clock=Clock(), stream=out)
    shown.skip(6)
    assert shown.eta_s() is None
    shown.close()
    assert out.getvalue() == ""


def test_a_search_shows_one_total_for_all_its_drills(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(progress_module, "PROGRESS_EVERY_S", 0.0)  # a line after every drill
    write_queue_scenario(tmp_path)
    search = tmp_path / "search.yaml"
    search.write_text(
        "scenario: queues.yaml\nstrategy: base\nseed: 1\nevaluations: 12\npopulation: 6\n"
        "replications: 2\nfront_replications: 3\nfront_max: 4\nbudget: 16\nlevers:\n"
        "  strategies.base.queues.a.servers: {int: [1, 20], name: ca}\n"
        "  strategies.base.queues.b.servers: {int: [1, 20], name: cb}\n"
        "objectives: [wait_min, servers]\n"
    )
    result = optimise(search, engine=TOY_QUEUES, officers=queue_officers, executor="serial")
    lines = capsys.readouterr().err.strip().splitlines()
    found = [re.fullmatch(r"optimise: (.*): (\d+)/(\d+) drills, 0 failed, (.*)", x) for x in lines]
    assert all(found), lines
    totals = [int(m.group(3)) for m in found]
    # At most 12 plans x 2 drills, then the 4 largest front plans and the base on 3 drills.
    assert totals[0] <= 12 * 2 + (4 + 1) * 3
    assert totals == sorted(totals, reverse=True)  # cut as plans turn out infeasible
    done = [int(m.group(2)) for m in found]
    # A line per drill run now, and the final one; the front's first drills are reused, so
    # the count jumps there rather than being run again.
    assert len(lines) == result.drills_run + 1
    assert done[:-1] == sorted(set(done[:-1])) and done[-1] == done[-2] == totals[-1]
    assert found[-1].group(4) == "done" and totals[-1] < totals[0]
    assert found[-1].group(1) == "re-evaluating the front"
    assert any(m.group(1) == "6/12 plans" for m in found)
