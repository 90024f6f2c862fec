"""The patrol model reduces to textbook queueing.

One sector, Poisson arrivals, exponential on-scene times, zero travel and c identical units make
an M/M/c queue with first-come-first-served dispatch: the waits must agree with Erlang C.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation.core.drill import Drill, run_drill
from simulation.geography import parse_scenario
from tests.theory import erlang_c, mmc_mean_wait

QUEUE = """
schema_version: 1
metadata: {{name: queue, title: M/M/c, region: test, date: 2024-11-27, horizon: {hours} h}}
geography:
  sectors:
    - {{id: only, name: Only, lat: -7.6, lng: 112.7, area_km2: 1, police: p,
       response_radius_km: 0}}
  sites:
    - {{id: hq, name: HQ, kind: police_hq, sector: only, lat: -7.6, lng: 112.7}}
  roads:
    speeds_kmh: {{road: {{lowland: 40, highland: 40}}}}
    local: {{lowland: 40, highland: 40}}
forces:
  commands: [{{id: p, name: P, hq: hq, pool: p}}]
  pools:
    - {{id: p, name: P, kind: polri, officers: 100}}
    - {{id: l, name: L, kind: linmas, officers: 0}}
  unit_types: [{{id: car, name: Car, kind: sabhara_car, officers: 1, pool: p}}]
incidents:
  types:
    - {{id: call, name: Call, severity: 1,
       on_scene: {{distribution: exponential, mean: {mean_min} min}}}}
  generators: [{{type: call, basis: sector, rate_per_hour: {rate}}}]
strategies:
  units:
    name: c units
    tps_guard: {{kurang_rawan: 0-1-0, rawan: 0-1-0, sangat_rawan: 0-1-0, linmas_pool: l}}
    mobile: [{{unit_type: car, count: {servers}, stations: [hq]}}]
"""

TAIL_H = 50.0  # calls reported this close to the end may still be waiting: left out


def waits_hours(servers: int, rate: float, mu: float, hours: float, seed: int) -> np.ndarray:
    """Waits (h) of the calls reported after a warm-up (a tenth of the run) and before the end."""
    spec = parse_scenario(
        QUEUE.format(hours=hours, mean_min=60.0 / mu, rate=rate, servers=servers), "queue.yaml"
    )
    result = run_drill(spec, "units", seed)
    rows = result.tables["incidents"]
    keep = [r for r in rows if 0.1 * hours * 3600 < r["t_report_s"] < (hours - TAIL_H) * 3600]
    assert all(r["response_min"] != "" for r in keep), "every call in the window is answered"
    return np.array([r["response_min"] for r in keep], dtype=float) / 60.0


@pytest.mark.parametrize(("servers", "rho"), [(1, 0.5), (3, 0.7), (3, 0.9), (5, 0.8)])
def test_waits_agree_with_erlang_c(servers, rho):
    mu = 2.0  # on-scene 30 min on average
    rate = rho * servers * mu
    # About 2,500 calls a run; heavy traffic relaxes slowly and gets runs three times longer.
    hours = 2500.0 / rate * (3.0 if rho >= 0.8 else 1.0)
    reps = [waits_hours(servers, rate, mu, hours, seed) for seed in range(12)]
    means = np.array([w.mean() for w in reps])
    p_wait = np.array([(w > 1e-9).mean() for w in reps])
    expected_wait = mmc_mean_wait(servers, rate, mu)
    expected_p = erlang_c(servers, rate / mu)
    # Independent replications: the analytic value lies within 3.5 standard errors (a false
    # alarm about once in 2,000 runs), and the estimate is precise enough to mean something.
    # (Means of waits are heavy-tailed: one long busy period can double a run's mean, so the
    # tolerance comes from the replications' own spread, not from a fixed percentage.)
    se_wait = means.std(ddof=1) / np.sqrt(len(means))
    se_p = p_wait.std(ddof=1) / np.sqrt(len(p_wait))
    assert se_wait < 0.15 * expected_wait
    assert abs(means.mean() - expected_wait) < 3.5 * se_wait
    assert abs(p_wait.mean() - expected_p) < 3.5 * se_p


def test_no_wait_when_units_outnumber_calls():
    waits = waits_hours(servers=8, rate=0.2, mu=2.0, hours=600.0, seed=3)
    assert len(waits) > 50
    assert np.mean(waits > 0) < 0.001


def kiefer_wolfowitz(t_report: np.ndarray, service: np.ndarray, servers: int) -> np.ndarray:
    """Exact FIFO waits of a G/G/c queue: the workload-vector recursion of Kiefer & Wolfowitz."""
    work = np.zeros(servers)
    waits = np.empty(len(t_report))
    for n in range(len(t_report)):
        if n:
            work = np.maximum(work - (t_report[n] - t_report[n - 1]), 0.0)
        work.sort()
        waits[n] = work[0]
        work[0] += service[n]
    return waits


@pytest.mark.parametrize("servers", [1, 2, 4])
def test_dispatch_is_exactly_fifo_multi_server(servers):
    """On its own arrivals and on-scene times, the model's waits equal the exact recursion."""
    spec = parse_scenario(
        QUEUE.format(hours=300, mean_min=30, rate=0.9 * servers * 2, servers=servers), "q.yaml"
    )
    drill = Drill(spec, "units", 11)
    drill.run()
    done = [i for i in drill.component("patrol").incidents if i.t_dispatch is not None]
    t = np.array([i.t_report for i in done])
    s = np.array([i.on_scene_s for i in done])
    model = np.array([i.t_dispatch - i.t_report for i in done])
    assert len(done) > 500
    np.testing.assert_allclose(model, kiefer_wolfowitz(t, s, servers), atol=1e-6)
