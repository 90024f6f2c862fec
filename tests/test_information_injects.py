"""Inject actions reach the crowd and logistics models through their hooks (issues 3 and 4)."""

import pytest

from simulation.core.drill import Drill
from simulation.geography import load_scenario
from simulation.scenario.model import Inject, Msel


class _Recorder:
    """Stands in for the crowd / logistics component: records what injects asked of it."""

    def __init__(self, name: str, drill: Drill) -> None:
        self.name, self.drill, self.calls = name, drill, []

    def start(self, drill: Drill) -> None: ...

    def kpis(self) -> dict[str, float]:
        return {}

    def start_event(self, crowd_id: str) -> None:
        self.calls.append((self.drill.env.now, "start_event", crowd_id))

    def delay_convoy(self, convoy_id: str, seconds: float) -> None:
        self.calls.append((self.drill.env.now, "delay_convoy", convoy_id, seconds))

    def convoy_outcome(self, convoy_id: str) -> dict[str, object]:
        return {}


def _drill_with(injects: list[dict]) -> Drill:
    # Built in memory: the crowd and convoy ids are not declared by any section on main yet,
    # so the load-time checks would (rightly) refuse them.
    base = load_scenario("pasuruan_pilkada_2024")
    msel = Msel(injects=[Inject.model_validate(i) for i in injects])
    return Drill(base.model_copy(update={"msel": msel}), "statis", 1)


def test_crowd_and_convoy_injects_call_the_models_at_their_time() -> None:
    drill = _drill_with(
        [
            {
                "number": "1",
                "time": "H 13:00",
                "event": "massa",
                "action": {"crowd_event": {"crowd": "ppk_bangil"}},
            },
            {
                "number": "2",
                "time": "H-1 14:30",
                "event": "truk",
                "action": {"delay_convoy": {"convoy": "puspo_1", "by": "45 min"}},
            },
        ]
    )
    crowd, logistics = _Recorder("crowd", drill), _Recorder("logistics", drill)
    drill.components += [crowd, logistics]
    drill.run()
    assert crowd.calls == [(drill.clock.at(13 * 3600.0), "start_event", "ppk_bangil")]
    assert logistics.calls == [(drill.clock.at(-9.5 * 3600.0), "delay_convoy", "puspo_1", 2700.0)]


def test_an_inject_needing_a_missing_model_says_which() -> None:
    drill = _drill_with(
        [
            {
                "number": "1",
                "time": "H 13:00",
                "event": "massa",
                "action": {"crowd_event": {"crowd": "x"}},
            }
        ]
    )
    with pytest.raises(RuntimeError, match="needs the 'crowd' model"):
        drill.run()
