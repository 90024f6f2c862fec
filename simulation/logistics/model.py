"""Ballot logistics under delay: KPU warehouse -> PPK -> PPS -> TPS and the night return.

A discrete-event model on the drill clock:

* Box trucks load at the warehouse docks in plan order (a kecamatan's wave, then its trucks),
  leave in convoys of the strategy's size once all members are loaded (and the escort, if the
  policy gives one, has arrived), and drive to the PPK at the kecamatan centre over the road
  network. On the way they may break down (a reserve truck from the warehouse takes the load
  over, or they wait for repair) and, in the highlands on a wet day, get stuck on slopes (a
  patrol or TNI unit comes to pull them out, or the crew does it by hand).
* When all its kits are in, a PPK sends its pickups out to the PPS, farthest village first.
* KPPS collect their TPS's kit at the PPS hand-over desks and take it to the TPS by motorbike,
  or on foot while rain has shut the village roads. Kits withdrawn for security wait at the PPS
  until the redelivery time.
* MSEL injects may hold a convoy (``delay_convoy``: a landslide, a stuck truck ahead): its trucks
  stand still where they are, or wait at the warehouse, until the hold ends. The model publishes
  ``convoy.<kecamatan>.*`` and ``logistics.*`` on ``drill.state`` the instant they change (see
  ``simulation/scenario/observables.py``), so contingency injects fire exactly then.
* After counting, sealed boxes go back to the PPS and on to the PPK at night; an ambush on that
  trip is reported to the patrol model, whose quick-reaction units must arrive in time to
  recover the boxes.

Escorts and helpers are borrowed from the patrol model's units, so they are missing from
incident response while they ride along. Every random draw comes from a stream named by what it
is about (a rain rule and day, a truck of a kecamatan, a PPS), never by the strategy, so two
strategies meet the same weather, breakdowns and ambush attempts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulation.core.dispatcher import Request
from simulation.geography.links import haversine_km
from simulation.logistics.kpis import logistics_kpis, logistics_tables
from simulation.logistics.plan import PpsPlan, SectorPlan, loads, make_plan
from simulation.logistics.queues import Station
from simulation.logistics.records import TpsRecord, Trip
from simulation.logistics.vehicle import DRIVING, LOADING, UNLOADING, WAITING, LogisticsVehicle
from simulation.logistics.weather import DAY, Shower, Weather
from simulation.patrol.incidents import Incident, draw_on_scene
from simulation.patrol.model import reporter
from simulation.scenario.logistics import convoy_ids

if TYPE_CHECKING:
    from simulation.core.drill import Drill

MAX_BREAKDOWNS = 3  # per trip; draws are fixed in number so streams stay aligned


@dataclass
class TruckLoad:
    """One truck's part of a kecamatan's kits, with its places in the truck's and docks' plans."""

    truck: LogisticsVehicle
    number: int  # the n-th truck of its kecamatan (names its random stream)
    kits: int
    turn: tuple[simpy.Event, simpy.Event]  # the truck is back from its last trip / done
    dock: tuple[simpy.Event, simpy.Event]


@dataclass
class Hazards:
    """A trip's random draws: breakdowns and slopes, at fractions of the way."""

    breakdowns: list[tuple[float, float]] = field(default_factory=list)  # (fraction, repair s)
    slopes: list[tuple[float, float]] = field(default_factory=list)  # (fraction, uniform)


@dataclass
class ConvoyState:
    """A kecamatan's trucks warehouse -> PPK, as MSEL injects hold them and conditions see them."""

    id: str
    woken: simpy.Event  # fires (and is replaced) whenever a new hold is placed
    hold_until: float = -math.inf
    holds: list[tuple[float, float]] = field(default_factory=list)  # (from, until)
    groups: int = 0  # truck groups still on their way to the PPK
    stuck: int = 0  # truck groups stuck on a slope now
    dispatched: bool = False
    delivered_s: float = math.nan


class LogisticsModel:
    """The logistics component of a drill."""

    name = "logistics"

    def __init__(self, drill: Drill) -> None:
        self.drill = drill
        self.env = drill.env
        scenario = drill.scenario
        spec = scenario.logistics
        assert spec is not None
        self.spec = spec
        self.start_clock = drill.clock.start
        self.plan = make_plan(scenario, drill.strategy, drill.clock.start)
        self.weather = Weather(spec, scenario.geography, drill.seeds, drill.clock.start)
        self.sectors = {s.id: s for s in scenario.geography.sectors}
        self.local = scenario.geography.roads.local
        self.warehouse = spec.warehouse
        self.warehouse_sector = next(
            s.sector for s in scenario.geography.sites if s.id == spec.warehouse
        )
        legs = spec.legs
        self.truck = self.plan.vehicles[legs.warehouse_ppk.vehicle]
        self.pickup = self.plan.vehicles[legs.ppk_pps.vehicle]
        self.fallback = self.plan.vehicles[legs.pps_tps.fallback] if legs.pps_tps.fallback else None
        self.docks = Station(self.env, legs.warehouse_ppk.docks)
        self.desks = {
            p.pps.id: Station(self.env, legs.pps_tps.desks)
            for plans in self.plan.pps.values()
            for p in plans
        }
        self.escort_ordered: set[str] = set()  # convoys the commander ordered escorted
        self.via: dict[str, str] = {}  # convoy -> the place the commander routed it through
        self.trucks = [
            LogisticsVehicle(self.truck, self.warehouse, i) for i in range(legs.warehouse_ppk.fleet)
        ]
        self.pickups = {
            sector: [LogisticsVehicle(self.pickup, sector, i) for i in range(legs.ppk_pps.per_ppk)]
            for sector in self.plan.pps
        }
        self.reserves = self.plan.levers.reserve_trucks
        self.withdrawn = {pps: w for w in spec.withdrawals for pps in w.pps}
        self.trips: list[Trip] = []
        self.tps: list[TpsRecord] = []
        self.convoys = {c: ConvoyState(c, self.env.event()) for c in convoy_ids(spec)}
        self.ready = 0
        self.escort_officer_s = 0.0
        self.unescorted_kit_s = 0.0
        self.helper_officer_s = 0.0
        self.counts: Counter[str] = Counter()
        self.ppk_ready = {s: self.env.event() for s in self.plan.pps}
        self.ppk_records: dict[str, list[TpsRecord]] = {s: [] for s in self.plan.pps}
        for p in (p for plans in self.plan.pps.values() for p in plans):
            for k in range(p.pps.tps):
                record = TpsRecord(f"{p.pps.id}#{k + 1}", p.pps.id, p.pps.sector)
                self.tps.append(record)
                self.ppk_records[p.pps.sector].append(record)

    # --- the component protocol ---------------------------------------------------------------

    def start(self, drill: Drill) -> None:
        for shower in self.weather.showers:
            if shower.t1 > 0:
                self.env.process(self._rain(shower))
        self._start_trucks()
        for sector, plans in self.plan.pps.items():
            ppk = self.ppk_ready[sector]
            self.env.process(self._village_round(sector, plans, ppk))
        for convoy in self.convoys.values():
            for attr in ("dispatched", "stuck", "delivered", "overdue"):
                self._publish(convoy, attr, False)
            self._publish(convoy, "late_tps", 0.0)
            planned = next(s.planned_ppk for s in self.plan.sectors if s.sector == convoy.id)
            self.env.process(self._overdue(convoy, planned))
        self.drill.state.publish("logistics.ready_share", 0.0)
        self.drill.state.publish("logistics.late_tps", 0.0)
        self.env.process(self._deadline())

    def kpis(self) -> dict[str, float]:
        return logistics_kpis(self)

    def tables(self) -> dict[str, list[dict]]:
        return logistics_tables(self)

    # --- MSEL hooks and published state -------------------------------------------------------

    def order(self, kind: str, params: dict) -> str | None:
        """hold_convoy: the commander stops a convoy where it is (a road judged unsafe);
        escort_convoy: its trucks that have not left take an escort from the pool (if one is
        free when they leave), whatever the strategy's escort policy; reroute_convoy: its
        trucks drive warehouse -> ``via`` -> PPK by the shortest roads of each part (a road
        reported blocked, a market day in a town on the way). A convoy is rerouted before it
        leaves: a truck between two places has no junction to turn at in the road graph."""
        convoy = params["convoy"]
        if convoy not in self.convoys:
            return f"no convoy {convoy}"
        state = self.convoys[convoy]
        if kind == "escort_convoy":
            if state.dispatched:
                return f"convoy {convoy} has already left the warehouse"
            self.escort_ordered.add(convoy)
            return None
        if kind == "reroute_convoy":
            if not math.isnan(state.delivered_s):
                return f"convoy {convoy} has already arrived at its PPK"
            if state.dispatched:
                return f"convoy {convoy} is already on the road: reroute it before it leaves"
            via, roads = params["via"], self.drill.roads
            if not (roads.reachable(self.warehouse, via) and roads.reachable(via, convoy)):
                return f"no road from the warehouse through {via} to {convoy}"
            self.via[convoy] = via
            hours = roads.travel_hours(self.warehouse, via) + roads.travel_hours(via, convoy)
            self.drill.log(
                "logistics.convoy_rerouted", convoy=convoy, via=via, road_h=round(hours, 4)
            )
            return None
        self.delay_convoy(convoy, params["for"])
        return None

    def delay_convoy(self, convoy_id: str, seconds: float) -> None:
        """Hold convoy `convoy_id` for `seconds` from now: trucks on the road stand still where
        they are, trucks not yet gone wait at the warehouse; a convoy at its PPK is unaffected."""
        convoy = self.convoys[convoy_id]  # ids are checked at load
        now = self.env.now
        convoy.hold_until = max(convoy.hold_until, now + seconds)
        convoy.holds.append((now, now + seconds))
        woken, convoy.woken = convoy.woken, self.env.event()
        woken.succeed()
        self.drill.log(
            "logistics.convoy_held",
            convoy=convoy_id,
            until=self.drill.clock.label(convoy.hold_until),
            at_ppk=int(not math.isnan(convoy.delivered_s)),
        )

    def convoy_outcome(self, convoy_id: str) -> dict[str, object]:
        """What became of a held convoy, as facts for the MSEL export's response."""
        convoy = self.convoys[convoy_id]
        facts: dict[str, object] = {"kind": "convoy", "convoy": convoy_id}
        if math.isnan(convoy.delivered_s):
            return facts | {"state": "not_at_ppk"}
        held = convoy.holds and convoy.delivered_s <= convoy.holds[0][0]
        return facts | {
            "state": "already_at_ppk" if held else "at_ppk",
            "at": self.drill.clock.label(convoy.delivered_s),
        }

    def _publish(self, convoy: ConvoyState, attr: str, value: float | bool) -> None:
        self.drill.state.publish(f"convoy.{convoy.id}.{attr}", value)

    def _after(self, t: float) -> Generator:
        """Wait until t and let what else happens at t go first (a kit in at t is in time)."""
        yield self.env.timeout(max(0.0, t - self.env.now))
        yield self.env.timeout(0.0)

    def _overdue(self, convoy: ConvoyState, planned: float) -> Generator:
        yield from self._after(planned)
        if math.isnan(convoy.delivered_s):
            self._publish(convoy, "overdue", True)

    def _deadline(self) -> Generator:
        yield from self._after(self.plan.deadline)
        late = Counter(r.sector for r in self.tps if math.isnan(r.t_ready))
        for convoy in self.convoys.values():
            self._publish(convoy, "late_tps", float(late[convoy.id]))
        self.drill.state.publish("logistics.late_tps", float(late.total()))

    def _rain(self, shower: Shower) -> Generator:
        yield self.env.timeout(max(0.0, shower.t0))
        self.drill.log(
            "logistics.rain",
            rule=shower.rule,
            mm_h=round(shower.mm_h, 1),
            roads_shut=int(shower.shuts_roads),
            kecamatan=len(shower.sectors),
        )

    # --- warehouse -> PPK ---------------------------------------------------------------------

    def _start_trucks(self) -> None:
        """Reserve docks and trucks in plan order, then start every convoy."""
        fleet = self.trucks
        free = [self.env.event().succeed() for _ in fleet]
        j = 0
        for sp in self.plan.sectors:
            if not sp.trucks:
                self.ppk_ready[sp.sector].succeed()
                continue
            members = []
            for n, kits in enumerate(sp.trucks):
                truck = j % len(fleet)
                turn = free[truck], self.env.event()
                free[truck] = turn[1]
                members.append(TruckLoad(fleet[truck], n, kits, turn, self.docks.slot()))
                j += 1
            size = self.plan.levers.convoy_size
            convoys = [members[i : i + size] for i in range(0, len(members), size)]
            self.convoys[sp.sector].groups = len(convoys)
            arrived = [self.env.process(self._convoy(sp, c)) for c in convoys]
            self.env.process(self._all_in(sp.sector, arrived))

    def _all_in(self, sector: str, arrived: list[simpy.Process]) -> Generator:
        yield self.env.all_of(arrived)
        self.ppk_ready[sector].succeed()

    def _load(self, load: TruckLoad) -> Generator:
        yield load.turn[0]
        load.truck.state, load.truck.kits = LOADING, load.kits
        yield from self.docks.serve(load.dock, load.kits * self.truck.load)
        load.truck.state = WAITING

    def _convoy(self, sp: SectorPlan, members: list[TruckLoad]) -> Generator:
        yield self.env.timeout(max(0.0, sp.load_from - self.env.now))
        kits = sum(m.kits for m in members)
        trip = self._trip("truck", sp.sector, self.warehouse, sp.sector, len(members), kits)
        trip.fleet = " ".join(m.truck.label for m in members)
        yield self.env.all_of([self.env.process(self._load(m)) for m in members])
        trip.t_ready = self.env.now
        trip.convoy = sp.sector
        convoy = self.convoys[sp.sector]
        covered = sp.escorted_route or sp.sector in self.escort_ordered
        escort = yield from self._escort(covered, self.warehouse_sector, 0.0, trip)
        yield from self._held(convoy)
        trip.t_dispatch = self.env.now
        if not convoy.dispatched:
            convoy.dispatched = True
            self._publish(convoy, "dispatched", True)
        aboard = self._unsent(sp.sector, kits)
        for record in aboard:
            record.t_dispatch = trip.t_dispatch
        self.drill.log("logistics.dispatch", trip=trip.id, sector=sp.sector, kits=kits)
        roads = self.drill.roads
        home = 3600.0 * roads.travel_hours(self.warehouse, sp.sector) / self.truck.speed_factor
        via = self.via.get(sp.sector)
        base = home
        if via is not None:
            hours = roads.travel_hours(self.warehouse, via) + roads.travel_hours(via, sp.sector)
            base = 3600.0 * hours / self.truck.speed_factor
        km = haversine_km(*roads.position[self.warehouse], *roads.position[sp.sector])
        km *= self.spec.local_circuity
        hazards = [self._hazards("truck", sp.sector, m.number, km) for m in members]
        for m in members:
            m.truck.state, m.truck.node = DRIVING, sp.sector
        yield from self._drive(trip, sp.sector, base, self._merge(hazards), sp.load_from)
        self._arrive(trip, escort, sp.sector)
        for m in members:
            m.truck.state = UNLOADING
        yield self.env.timeout(max(m.kits for m in members) * self.truck.unload)
        for record in aboard:
            record.t_ppk = self.env.now
        convoy.groups -= 1
        if convoy.groups == 0:
            convoy.delivered_s = self.env.now
            self._publish(convoy, "delivered", True)
            self._publish(convoy, "overdue", False)
        for m in members:
            m.truck.km += 2 * km
            self.env.process(self._truck_home(m.truck, home, m.turn[1]))

    def _unsent(self, sector: str, kits: int) -> list[TpsRecord]:
        """The next `kits` TPS of a kecamatan still at the warehouse (kits are interchangeable)."""
        return [r for r in self.ppk_records[sector] if math.isnan(r.t_dispatch)][:kits]

    def _truck_home(self, truck: LogisticsVehicle, base: float, done: simpy.Event) -> Generator:
        truck.state, truck.kits = DRIVING, 0
        yield self.env.timeout(self.weather.traverse(truck.node, self.env.now, base) - self.env.now)
        truck.state, truck.node, truck.trips = WAITING, self.warehouse, truck.trips + 1
        done.succeed()

    # --- PPK -> PPS ---------------------------------------------------------------------------

    def _village_round(
        self, sector: str, plans: tuple[PpsPlan, ...], ppk: simpy.Event
    ) -> Generator:
        sp = next(s for s in self.plan.sectors if s.sector == sector)
        yield ppk
        yield self.env.timeout(max(0.0, sp.village_from - self.env.now))
        pickups = self.pickups[sector]
        free = [self.env.event().succeed() for _ in pickups]
        j = 0
        for p in plans:
            delivered = []
            for n, kits in enumerate(loads(p.pps.tps, self.pickup.capacity)):
                turn = free[j % len(pickups)], self.env.event()
                free[j % len(pickups)] = turn[1]
                delivered.append(self.env.event())
                vehicle = pickups[j % len(pickups)]
                self.env.process(self._pickup(sp, p, n, kits, vehicle, turn, delivered[-1]))
                j += 1
            self.env.process(self._pps_round(sp, p, delivered))

    def _covers_village(self, sp: SectorPlan) -> bool:
        """Whether the escort policy covers PPK <-> PPS trips of this kecamatan."""
        escort = self.plan.levers.escort
        return escort == "every_vehicle" or (escort == "vulnerable" and sp.escorted_route)

    def _pickup(
        self,
        sp: SectorPlan,
        p: PpsPlan,
        n: int,
        kits: int,
        vehicle: LogisticsVehicle,
        turn: tuple[simpy.Event, simpy.Event],
        delivered: simpy.Event,
    ) -> Generator:
        """One pickup load to a PPS; `turn` orders the pickup's trips (wait, then pass on)."""
        yield turn[0]
        trip = self._trip("pickup", sp.sector, sp.sector, p.pps.id, 1, kits)
        trip.fleet = vehicle.label
        vehicle.state = LOADING
        yield self.env.timeout(kits * self.pickup.load)
        trip.t_ready = self.env.now
        escort = yield from self._escort(self._covers_village(sp), sp.sector, 0.0, trip)
        trip.t_dispatch = self.env.now
        base = self._local_s(sp.sector, p.km, self.pickup.speed_factor)
        hazards = self._hazards("pickup", p.pps.id, n, p.km)
        vehicle.state, vehicle.node = DRIVING, p.pps.id
        yield from self._drive(trip, sp.sector, base, hazards, sp.village_from)
        self._arrive(trip, escort, sp.sector)
        vehicle.state = UNLOADING
        yield self.env.timeout(kits * self.pickup.unload)
        delivered.succeed()
        vehicle.state = DRIVING
        yield self.env.timeout(self.weather.traverse(sp.sector, self.env.now, base) - self.env.now)
        vehicle.state, vehicle.node, vehicle.trips = WAITING, sp.sector, vehicle.trips + 1
        vehicle.km += 2 * p.km
        turn[1].succeed()

    def _pps_round(self, sp: SectorPlan, p: PpsPlan, delivered: list[simpy.Event]) -> Generator:
        """Kits at the PPS, then the KPPS hand-over and the last mile to each TPS."""
        records = [r for r in self.ppk_records[sp.sector] if r.pps == p.pps.id]
        places = [self.desks[p.pps.id].slot() for _ in records]
        rng = self.drill.rng("logistics", "village", p.pps.id)
        spread = p.village_radius_km * np.sqrt(rng.uniform(size=len(records)))
        ends = rng.normal(0.0, 1.0, size=len(records))
        arrived = self.env.all_of(delivered)
        boxes = []
        for k, record in enumerate(records):
            km = p.pps.tps_km if p.pps.tps_km is not None else float(spread[k])
            boxes.append(
                self.env.process(self._tps(p, record, km, float(ends[k]), arrived, places[k]))
            )
        yield arrived
        yield from self._return(sp, p, boxes)

    def _tps(
        self,
        p: PpsPlan,
        record: TpsRecord,
        km: float,
        z: float,
        arrived: simpy.Event,
        place: tuple[simpy.Event, simpy.Event],
    ) -> Generator:
        """One TPS: its kit from the PPS to the TPS, and after counting its box back."""
        yield arrived
        record.t_pps = self.env.now
        window = self.spec.legs.pps_tps.window[0] - self.start_clock
        yield self.env.timeout(max(0.0, window - self.env.now))
        yield from self.desks[p.pps.id].serve(place, self.spec.legs.pps_tps.handover)
        withdrawal = self.withdrawn.get(p.pps.id)
        if withdrawal is not None:
            record.withdrawn = True
            yield self.env.timeout(max(0.0, withdrawal.redeliver - self.start_clock - self.env.now))
        yield self.env.timeout(self._last_mile(p, km, self.env.now) - self.env.now)
        record.t_ready = self.env.now
        self.ready += 1
        self.drill.state.publish("logistics.ready_share", self.ready / len(self.tps))
        returns = self.spec.returns
        if returns is None:
            return
        counting = returns.counting
        opens = record.t_ready + max(0.0, counting.end - self.spec.deadline)
        end = max(counting.end - self.start_clock + z * counting.sd, opens)
        yield self.env.timeout(max(0.0, end - self.env.now))
        yield self.env.timeout(self._last_mile(p, km, self.env.now) - self.env.now)
        record.t_box_pps = self.env.now

    def _last_mile(self, p: PpsPlan, km: float, t: float) -> float:
        """Arrival of a KPPS leaving now: by its vehicle through the weather, or on foot."""
        arrive = self.weather.traverse(
            p.pps.sector,
            t,
            self._local_s(p.pps.sector, km, p.last_mile.speed_factor, p.last_mile.speed_kmh),
        )
        if self.fallback is not None:
            walk = self._local_s(p.pps.sector, km, 1.0, self.fallback.speed_kmh)
            arrive = min(arrive, t + walk)
        return arrive

    def _local_s(self, sector: str, km: float, factor: float, kmh: float | None = None) -> float:
        """Dry-road seconds for `km` of village road, at a fixed speed or the terrain's."""
        if kmh is None:
            kmh = self.local.for_terrain(self.sectors[sector].terrain) * factor
        return 3600.0 * km / kmh

    # --- the night return ---------------------------------------------------------------------

    def _return(self, sp: SectorPlan, p: PpsPlan, boxes: list[simpy.Process]) -> Generator:
        returns = self.spec.returns
        if returns is None:
            return
        yield self.env.all_of(boxes)
        records = [r for r in self.ppk_records[sp.sector] if r.pps == p.pps.id]
        vehicle = self.plan.vehicles[returns.vehicle]
        trip = self._trip("return", sp.sector, p.pps.id, sp.sector, 1, len(records))
        trip.t_ready = self.env.now
        escort = yield from self._escort(self._covers_village(sp), sp.sector, p.km, trip)
        trip.t_dispatch = self.env.now
        base = self._local_s(sp.sector, p.km, vehicle.speed_factor)
        rng = self.drill.rng("logistics", "ambush", p.pps.id)
        attempt, where = rng.uniform(size=2)
        ambush = returns.ambush
        chance = (
            0.0
            if ambush is None
            else ambush.probability * (ambush.escorted_factor if escort else 1.0)
        )
        if ambush is not None and attempt < chance:
            yield self.env.timeout(
                self.weather.traverse(sp.sector, self.env.now, where * base) - self.env.now
            )
            recovered = yield from self._ambush(trip, sp.sector, (1.0 - where) * p.km, rng)
            if not recovered:
                trip.lost = True
                for r in records:
                    r.box_lost = True
                if escort is not None:
                    self._release(escort, sp.sector)
                return
            base *= 1.0 - where
        yield self.env.timeout(self.weather.traverse(sp.sector, self.env.now, base) - self.env.now)
        self._arrive(trip, escort, sp.sector)
        for r in records:
            r.t_box_ppk = self.env.now

    def _ambush(
        self, trip: Trip, sector: str, local_km: float, rng: np.random.Generator
    ) -> Generator:
        """Report the theft to the patrol model; the boxes are back if police arrive in time."""
        ambush = self.spec.returns.ambush  # type: ignore[union-attr]
        itype = next(t for t in self.drill.scenario.incidents.types if t.id == ambush.incident_type)
        incident = Incident(
            id=-1,
            type=itype,
            sector=sector,
            t_report=self.env.now,
            severity=itype.severity,
            on_scene_s=float(draw_on_scene(rng, itype.on_scene, 1)[0]),
            local_km=local_km,
            cause="logistics",
        )
        trip.ambushed = True
        self.counts["ambush"] += 1
        self.drill.log("logistics.ambush", trip=trip.id, sector=sector, boxes=trip.kits)
        reporter(self.drill).report(incident)
        yield self.env.timeout(ambush.recover_within)
        recovered = incident.t_arrival is not None
        self.drill.log(
            "logistics.recovered" if recovered else "logistics.boxes_lost",
            trip=trip.id,
            sector=sector,
            boxes=trip.kits,
        )
        return recovered

    # --- on the road --------------------------------------------------------------------------

    def _trip(
        self, leg: str, sector: str, origin: str, destination: str, vehicles: int, kits: int
    ) -> Trip:
        trip = Trip(len(self.trips), leg, sector, origin, destination, vehicles, kits)
        self.trips.append(trip)
        return trip

    def _hazards(self, leg: str, key: str, n: int, km: float) -> Hazards:
        """The trip's breakdowns and slopes, drawn from a stream named by leg, place and number."""
        rng = self.drill.rng("logistics", "trip", leg, key, n)
        breakdowns = self.spec.breakdowns
        stuck = self.spec.stuck
        count = rng.poisson(km / 100.0 * breakdowns.per_100km) if breakdowns else 0
        at, repair = rng.uniform(size=MAX_BREAKDOWNS), rng.exponential(size=MAX_BREAKDOWNS)
        slopes = stuck.slopes if stuck else 0
        slope_at, slope_u = 0.5 + 0.5 * rng.uniform(size=slopes), rng.uniform(size=slopes)
        mean_repair = breakdowns.repair if breakdowns else 0.0
        return Hazards(
            breakdowns=[
                (float(at[i]), float(repair[i]) * mean_repair)
                for i in range(min(count, MAX_BREAKDOWNS))
            ],
            slopes=[(float(slope_at[i]), float(slope_u[i])) for i in range(slopes)],
        )

    @staticmethod
    def _merge(hazards: list[Hazards]) -> Hazards:
        """A convoy stops for every member's trouble."""
        return Hazards(
            breakdowns=[b for h in hazards for b in h.breakdowns],
            slopes=[s for h in hazards for s in h.slopes],
        )

    def _drive(
        self, trip: Trip, sector: str, base: float, hazards: Hazards, planned: float
    ) -> Generator:
        """Drive `base` dry-road seconds through the weather, stopping for each mishap."""
        wet = self._wet(sector, planned)
        stops = [(f, "breakdown", x) for f, x in hazards.breakdowns]
        if self.sectors[sector].terrain == "highland" and self.spec.stuck is not None:
            chance = 1.0 - math.exp(-self.spec.stuck.per_mm_h * wet)
            stops += [(f, "stuck", u) for f, u in hazards.slopes if u < chance]
        convoy = self.convoys.get(trip.convoy)
        done = 0.0
        for fraction, kind, x in sorted(stops):
            yield from self._roll(sector, (fraction - done) * base, convoy)
            done = fraction
            if kind == "breakdown":
                yield from self._breakdown(trip, fraction * base, x)
            else:
                yield from self._stuck(trip, sector, convoy)
        yield from self._roll(sector, (1.0 - done) * base, convoy)

    def _roll(self, sector: str, base: float, convoy: ConvoyState | None) -> Generator:
        """Drive `base` dry-road seconds through the weather; a hold stops the vehicle where it
        is and it drives on, from there, when the hold ends."""
        if convoy is None:
            yield self.env.timeout(self.weather.traverse(sector, self.env.now, base) - self.env.now)
            return
        while True:
            yield from self._held(convoy)
            start = self.env.now
            there = self.env.timeout(self.weather.traverse(sector, start, base) - start)
            yield there | convoy.woken
            if there.processed:
                return
            base = max(0.0, base - self.weather.covered(sector, start, self.env.now))

    def _held(self, convoy: ConvoyState) -> Generator:
        while convoy.hold_until > self.env.now:
            yield self.env.timeout(convoy.hold_until - self.env.now)

    def _wet(self, sector: str, planned: float) -> float:
        """Rain (mm/h) on the slopes on the trip's planned day: the plan fixes which day's
        rain a trip meets, so a delay never dodges a wet slope by slipping past the rain."""
        day = math.floor((planned + self.start_clock) / DAY)
        return self.weather.day_intensity(sector, day)

    def _breakdown(self, trip: Trip, from_warehouse_s: float, repair: float) -> Generator:
        trip.breakdowns += 1
        self.counts["breakdown"] += 1
        breakdowns = self.spec.breakdowns
        assert breakdowns is not None
        if trip.leg == "truck" and self.reserves > 0:
            self.reserves -= 1
            self.env.process(self._repaired(repair))
            delay = from_warehouse_s + breakdowns.swap
            how = "reserve"
        else:
            delay = repair
            how = "repair"
        self.drill.log("logistics.breakdown", trip=trip.id, sector=trip.sector, how=how)
        yield self.env.timeout(delay)

    def _repaired(self, repair: float) -> Generator:
        yield self.env.timeout(repair)
        self.reserves += 1  # the repaired truck becomes a spare

    def _stuck(self, trip: Trip, sector: str, convoy: ConvoyState | None) -> Generator:
        if convoy is not None:
            convoy.stuck += 1
            self._publish(convoy, "stuck", True)
        yield from self._pull_out(trip, sector)
        if convoy is not None:
            convoy.stuck -= 1
            self._publish(convoy, "stuck", convoy.stuck > 0)

    def _pull_out(self, trip: Trip, sector: str) -> Generator:
        stuck = self.spec.stuck
        assert stuck is not None
        trip.stuck += 1
        self.counts["stuck"] += 1
        req = self._borrow(stuck.helpers, sector, 0.0, f"logistics: pull out trip {trip.id}")
        if req.unit is None:
            self.drill.log("logistics.stuck", trip=trip.id, sector=sector, helper="by_hand")
            yield self.env.timeout(stuck.by_hand)
            return
        unit, since = req.unit, self.env.now
        self.drill.log("logistics.stuck", trip=trip.id, sector=sector, helper=unit.label)
        yield self.env.timeout(self.drill.dispatcher.travel_s(unit, sector, 0.0) + stuck.pull_out)
        req.release(sector)
        self.helper_officer_s += unit.unit_type.officers * (self.env.now - since)

    # --- escorts ------------------------------------------------------------------------------

    def _borrow(self, kinds: list[str], sector: str, local_km: float, why: str) -> Request:
        """The nearest unit of ``kinds`` free now, or none (``req.unit`` is None): a convoy
        leaves on time rather than wait for an escort."""
        return self.drill.dispatcher.request(
            lambda u: u.unit_type.kind in kinds, sector, local_km, who=why, wait=False
        )

    def _escort(self, covered: bool, sector: str, local_km: float, trip: Trip) -> Generator:
        """Borrow the nearest free escort unit and wait for it; None when none is free."""
        if not covered:
            return None
        req = self._borrow(
            self.plan.levers.escort_units, sector, local_km, f"logistics: escort trip {trip.id}"
        )
        if req.unit is None:
            self.counts["escort_missing"] += 1
            self.drill.log("logistics.no_escort", trip=trip.id, sector=trip.sector)
            return None
        since = self.env.now
        trip.escort = req.unit.label
        yield self.env.timeout(self.drill.dispatcher.travel_s(req.unit, sector, local_km))
        return req, since

    def _arrive(self, trip: Trip, escort: tuple[Request, float] | None, node: str) -> None:
        trip.t_arrive = self.env.now
        if escort is None:
            self.unescorted_kit_s += trip.kits * (trip.t_arrive - trip.t_dispatch)
        else:
            self._release(escort, node)
        self.drill.log("logistics.arrive", trip=trip.id, leg=trip.leg, at=trip.destination)

    def _release(self, escort: tuple[Request, float], node: str) -> None:
        req, since = escort
        assert req.unit is not None
        req.release(node)
        self.escort_officer_s += req.unit.unit_type.officers * (self.env.now - since)
