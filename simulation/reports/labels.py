"""The one catalogue of words on charts and documents, in English and Bahasa Indonesia.

Every string a chart shows comes from here (or from the KPI registry's en/id labels), so a chart
is never half in one language. Domain words stay the users' own in both languages (TPS, PPK,
Brimob, hijau/kuning/merah); the English catalogue explains them where a reader may not know.
"""

from __future__ import annotations

import math
import re
import string
from numbers import Real
from typing import Literal

from simulation.core.kpis import TERRAIN_ID, describe
from simulation.core.plugins import installed
from simulation.reports.labels_play import PLAY_LABELS
from simulation.scenario.msel_response import RESPONSE_EN

installed()  # the installed models declare their KPIs: units, directions, labels

Lang = Literal["en", "id"]
LANGS: tuple[Lang, ...] = ("en", "id")

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        # footnote
        "foot.scenario": "Scenario {scenario} (sha256 {sha})",
        "foot.strategies": "strategies: {strategies}",
        "foot.replications": "{n} replication(s) per strategy, seeds {seeds}",
        "foot.ci.t": "95% CI: Student t over replications",
        "foot.ci.wilson": "95% band: Wilson interval over replications",
        "foot.ci.none": "no confidence interval",
        "foot.ci.bootstrap": "95% CI: SALib bootstrap",
        "foot.ci.percentile": "95% CI of means: percentile bootstrap over replications (within "
        "each KPI's bounds); verdicts: paired Student t",
        "foot.names": "strategies: {items}",
        "foot.version": "sispam {version}",
        "foot.unknown": "not recorded",
        "foot.single": "one drill, seed {seeds}",
        "foot.constant": "same in every drill: {items}",
        "foot.left_out": "{n} more KPIs not drawn (at most {max}, those differing significantly "
        "first; all in summary.csv; choose with --kpi)",
        "foot.times": "times are local ({zone})",
        # generic
        "better.lower": "← better",
        "better.higher": "better →",
        "better.words.lower": "(lower is better)",
        "better.words.higher": "(higher is better)",
        "clock": "Local time ({zone})",
        "strategy": "Strategy",
        "baseline": "baseline",
        "verdict.better": "better than {baseline}",
        "verdict.worse": "worse than {baseline}",
        "verdict.none": "no significant difference",
        "verdict.thin": "too few drills to decide ({n} of {paired} report it)",
        "verdict.is_baseline": "baseline",
        "mean_ci": "mean and 95% CI",
        # response
        "response.title": "{share:.0%} of incidents reached within the {target:g}-min target",
        "response.title.none": "No incident was reached",
        "response.x": "Response time (min)",
        "response.y": "Incidents",
        "response.y.ecdf": "Share of incidents reached",
        "response.guard": "TPS guard",
        "response.unit": "Mobile unit",
        "response.target": "Target {target:g} min",
        "response.ecdf.title": "{best} reaches the most incidents within {target:g} min "
        "({share:.0%})",
        # comparison
        "compare.title.better": "{strategy} beats {baseline} on {n_better} of {n} KPIs, "
        "worse on {n_worse}",
        "compare.title.none": "No strategy differs significantly from {baseline}",
        "compare.legend.better": "significantly better than baseline",
        "compare.legend.worse": "significantly worse than baseline",
        "compare.legend.none": "no significant difference",
        "compare.legend.baseline": "baseline",
        # crowd
        "crowd.status.title": "{crowd}: merah in {share:.0%} of replications at the peak ({clock})",
        "crowd.status.title.never": "{crowd}: no replication reached merah",
        "crowd.status.title.one": "{crowd}: merah first at {clock}, {minutes:.0f} min in merah "
        "in all",
        "crowd.status.band": "Status, replication {replication}",
        "crowd.scene.worst": "{crowd} (worst of {n} scenes)",
        "crowd.status.p": "Share of replications in merah",
        "crowd.status.p_up": "Share in kuning or merah",
        "crowd.status.band95": "95% band of the merah share",
        "crowd.reinforcement": "reinforcement arrives",
        "crowd.mark.line_broken": "police line broken",
        "crowd.mark.building_seized": "building seized",
        "crowd.mark.building_retaken": "building retaken",
        "crowd.mark.permit_appeal": "appeal to disperse (hours over)",
        "crowd.mark.permit_dispersal": "dispersal order",
        "status.hijau": "hijau (orderly)",
        "status.kuning": "kuning (disorderly)",
        "status.merah": "merah (riot)",
        "crowd.density.title": "Peak density {peak:.1f} persons/m² (level of service {los}) "
        "at {zone}, {clock}",
        "crowd.density.x": "East (m)",
        "crowd.density.y": "North (m)",
        "crowd.venue.wall": "wall or building",
        "crowd.venue.barricade": "barricade",
        "crowd.venue.exit": "exit",
        "crowd.venue.police": "police line",
        "crowd.density.bar": "Level of service (Fruin, {kind}), persons/m²",
        "los.walkway": "walkways",
        "los.queuing": "standing crowds",
        # logistics
        "logistics.timeline.title": "Last TPS ready at {clock} ({kecamatan})",
        "logistics.timeline.y": "Kecamatan",
        "logistics.deadline": "Deadline {clock}",
        "logistics.trouble": "stuck, breakdown, ambush or loss",
        "logistics.planned": "planned arrival at the PPK",
        "leg.truck": "truck: warehouse to PPK",
        "leg.pickup": "PPK to PPS (village pickup)",
        "leg.return": "ballot boxes back to PPK",
        "logistics.timeline.undelivered": "{n} TPS never received their logistics",
        "logistics.ready.title": "{n_ready} of {n} kecamatan have every TPS ready by {clock}",
        "logistics.ready.x": "Share of TPS ready by {clock}",
        "logistics.ready.short": "below 100%",
        # hoaxes (information threats)
        "emergency.band": "Phase",
        "emergency.people": "People (cumulative)",
        "emergency.hurt": "hurt so far",
        "emergency.cared": "in hospital so far",
        "emergency.title": "Merah from {onset}; hijau at {back} (pemulihan {minutes:.0f} min)",
        "emergency.title.open": "Merah from {onset}; not hijau again by the end of the drill",
        "emergency.title.never": "The drill never reached merah",
        "emergency.mark.looting_secured": "looting stopped",
        "emergency.mark.ambulance_arrived": "first ambulance",
        "emergency.mark.damkar_arrived": "Damkar on scene",
        "emergency.mark.first_water": "first water",
        "emergency.mark.fire_out": "fire out",
        "emergency.mark.rescue_team_arrived": "rescue team",
        "emergency.mark.hostage_released": "hostages released",
        "emergency.mark.hostage_rescued": "hostages rescued",
        "emergency.mark.hostage_hurt": "hostages hurt",
        "hoax.title": "“{title}” reached {share:.0%} of online residents, the widest of {n} hoaxes",
        "hoax.title.one": "“{title}” reached {share:.0%} of online residents",
        "hoax.y": "Online residents of the regency (%)",
        "hoax.reached": "reached so far (solid)",
        "hoax.believing": "believing now (dashed)",
        "hoax.takedown": "content taken down",
        "hoax.clarified": "first official clarification",
        # map
        "map.title": "Slowest response in {kecamatan}: median {median:.0f} min",
        "map.colour": "Median response time (min)",
        "map.incident": "Incident (severity {severity})",
        "map.base": "Mobile unit base",
        "map.schematic": "schematic: incidents placed around the kecamatan centre",
        "map.no_incidents": "no incident",
        # sweep
        "sweep.heat.title": "{kpi}: best {best} at {x} = {xv} and {y} = {yv}",
        "sweep.line.title": "{kpi} goes from {lo} to {hi} as {x} goes from {xlo} to {xhi}",
        # sensitivity
        "sens.title": "{parameter} explains most of {kpi}",
        "sens.x.sobol": "Sobol index (share of variance)",
        "sens.x.morris": "Morris μ* (mean absolute effect, {unit})",
        "sens.S1": "first order (alone)",
        "sens.ST": "total (with interactions)",
        "sens.mu_star": "μ*",
        # cost
        "cost.title": "{n_front} of {n} options are on the cost-risk frontier",
        "cost.x": "Officer-hours on duty (officer-h)",
        "cost.front": "Pareto front (no option is cheaper and safer)",
        # timeline (AAR)
        "timeline.title": "{n_late} of {n} incidents reached later than the {target:g}-min target",
        "timeline.y": "Response time (min)",
        "timeline.severity": "severity {severity}",
        "timeline.unanswered": "never reached",
        "timeline.inject": "MSEL inject (number at the top)",
        # briefing
        "brief.title": "Security drill briefing",
        "brief.prepared": "Prepared with sispam {version} on {date}",
        "brief.summary": "Executive summary",
        "brief.why": "Why (paired comparison with {baseline}, {n} replications, 95% CI):",
        "brief.reason": "{kpi}: {verdict}, difference {mean} {unit} (95% CI {lo} to {hi})",
        "brief.tradeoff": "Trade-off for {strategy}: better on {better}; worse on {worse}. "
        "Weigh the sizes.",
        "brief.reason.exact": "{kpi}: {verdict}, difference {mean} {unit} in every drill",
        "brief.mean": "mean, {strategy}",
        "brief.size.lower": "{kpi} {size} {unit} lower",
        "brief.size.higher": "{kpi} {size} {unit} higher",
        "brief.same": "Same by design (equal in every drill): {items}",
        "brief.not_significant": "No significant difference: {items}",
        "brief.thin": ("Not used to decide, fewer than half the paired drills report it: {items}"),
        "brief.budget": "Budget (not counted as a win): {items}",
        "brief.harm": "Harm: every harm KPI above zero in any strategy",
        "brief.harm.none": "No harm KPI is above zero in any strategy.",
        "brief.terrain": "Response: highland vs lowland",
        "brief.kecamatan": "Response by kecamatan",
        "brief.area": "area",
        "brief.area.line": "{strategy} against {baseline}",
        "brief.ci": "95% CI {lo} to {hi}",
        "terrain.highland": "highland",
        "terrain.lowland": "lowland",
        "brief.difference": "difference (95% CI)",
        "brief.verdict": "verdict",
        "brief.rule": "Decision rule: a strategy significantly worse than {baseline} on any harm "
        "KPI (injuries, crush exposure, unanswered or escalated incidents, late or lost ballots) "
        "is never recommended; of the others, the one better on the most harm KPIs, then on the "
        "most service KPIs (response times, shares within target) net of those it is worse on, "
        "is recommended; costs are the budget, never a win; ties go to fewer officer-hours.",
        "brief.rule.named": "Deciding KPIs named for this comparison: {items}.",
        "brief.vetoed": "{strategy} is not recommended: significantly worse than {baseline} on "
        "harm ({items}).",
        "brief.method": "Means: 95% percentile bootstrap over replications, which stays within "
        "each KPI's bounds (no interval where a KPI is the same in every drill). Differences: "
        "paired on the replication (same seed), Student t 95% CI.",
        "verdict.headline": "Recommended: {strategy}, better than {baseline} on {n_better} of "
        "{n} deciding KPIs ({n_harm} on harm), worse on {n_worse}",
        "verdict.headline.none": "No strategy is clearly better than {baseline}: keep {baseline}",
        "verdict.same": "same by design",
        "role.harm": "harm",
        "role.service": "service",
        "role.cost": "budget",
        "role.info": "for information",
        "unit.pp": "percentage points",
        "cost.title.verdict": "{headline}; {n_front} of {n} options on the cost-risk frontier",
        "brief.single": "One drill only: no comparison between strategies, so no recommendation. "
        "Run `sispam compare` to compare strategies.",
        "brief.sweep": "A parameter sweep: the table and charts show how the KPIs move with "
        "the swept parameters; run `sispam compare` for a recommendation between strategies.",
        "brief.kpi_table": "Key performance indicators (mean, 95% CI)",
        "brief.kpi": "KPI",
        "brief.unit": "Unit",
        "brief.charts": "Charts",
        "brief.assumptions": "Assumptions and sources",
        "brief.sources": "Sources named by the scenario",
        "brief.source": "Source",
        "brief.assumption": "Assumption",
        "brief.where": "used at",
        "brief.no_scenario": "The scenario file could not be found, so its sources and "
        "assumptions are not listed.",
        "brief.digest_mismatch": "Warning: the scenario file found now (sha256 {now}) differs from "
        "the one the results were made with ({then}); overrides (--set) also change the hash.",
        "brief.repro": "Reproducibility",
        "brief.command": "Command",
        "brief.seeds": "Seeds",
        "brief.hash": "Scenario sha256",
        "brief.version": "sispam version",
        "brief.packages": "Packages",
        "brief.page": "page {page}",
        # plan search (sispam optimise)
        "opt.chart.title": "{n_front} plans on the front; {n_dominated} of {n_ref} bundled "
        "strategies weakly dominated by one of them",
        "opt.candidates": "plans searched (mean of {n} drills each)",
        "opt.front": "front plans (mean and 95% CI over {n} drills)",
        "opt.bundled": "bundled strategies (same drills)",
        "opt.parallel.y": "Each objective, scaled from the worst to the best plan shown",
        "opt.parallel.best": "best shown",
        "opt.parallel.worst": "worst shown",
        "opt.parallel.note": "each axis runs from the worst to the best mean shown, better up",
        "opt.title": "Plan search briefing",
        "opt.intro": "Starting from the planner's strategy {base}, the search (NSGA-II) evaluated "
        "{distinct} distinct plans, {feasible} of them within the budget and limits, each on the "
        "same {reps} drills (common random numbers). The {front} best were re-run on {front_reps} "
        "drills beside the bundled strategies on the very same drills: {dropped} of them did not "
        "hold up (dominated on the new means, or a drill failed) and were dropped; {kept} remain.",
        "opt.budget": "Budget: at most {budget} officers deployed ({base} deploys "
        "{base_officers}). Officers and officer-hours are the budget each plan uses, never "
        "counted as a win.",
        "opt.budget.none": "No personnel budget was set. Officers and officer-hours are the "
        "budget each plan uses, never counted as a win.",
        "opt.changes": "What the front plans change relative to {base}",
        "opt.plan": "{id} changes {changes}",
        "opt.plan.same": "{id} keeps every lever of {base}",
        "opt.change": "{lever} {old} → {new}",
        "opt.split": "officers at TPS guards {g0} → {g1}, in mobile units {m0} → {m1}",
        "opt.officers": "officers deployed {old} → {new}, {spare} under the budget",
        "opt.officers.full": "officers deployed {old} → {new}, the whole budget",
        "opt.officers.free": "officers deployed {old} → {new}",
        "opt.effect": "{kpi} {old} → {new} (difference {diff} {unit}, 95% CI {lo} to {hi}: "
        "{verdict})",
        "opt.effect.exact": "{kpi} {old} → {new} (difference {diff} {unit} in every drill: "
        "{verdict})",
        "opt.against": "The front against the bundled strategies",
        "opt.dominated": "{strategy} is weakly dominated by {plans}: at least as good on every "
        "objective (means over the same drills; see the intervals in the table).",
        "opt.not_dominated": "{strategy} is not dominated: no front plan is at least as good on "
        "every objective. {why}",
        "opt.why": "The front's best {kpi} is {best} ({plan}), {strategy} has {value}",
        "opt.table": "Front and bundled strategies (mean, 95% CI over {n} drills)",
        "opt.plan.head": "plan",
        "opt.bundled.mark": "bundled",
        "opt.lever.guard": "TPS guard pattern ({cls})",
        "opt.lever.units.each": "{unit} per kecamatan",
        "opt.lever.units.at": "{unit} at {stations}",
        "opt.lever.units.count": "{unit} units",
        "opt.empty": "No plan survived re-evaluation: there is no front to propose.",
        "opt.files": "Each front plan is a ready strategy file in front/ (run it with sispam run "
        "or sispam compare).",
        # after-action report
        "aar.title": "After-action report",
        "aar.overview": "Exercise overview",
        "aar.scenario": "Scenario",
        "aar.strategy": "Strategy",
        "aar.seed": "Seed",
        "aar.replications": "Replications per strategy",
        "aar.date": "Hari H",
        "aar.objectives": "Analysis of objectives",
        "aar.objective": "Objective",
        "aar.measure": "Measure",
        "aar.target": "Target",
        "aar.result": "Result",
        "aar.rating": "Rating",
        "aar.met": "met",
        "aar.not_met": "not met",
        "aar.strength": "Strength",
        "aar.improve": "Area for improvement",
        "aar.timeline": "Inject and response timeline",
        "aar.msel": "Injects of the master scenario events list (MSEL)",
        "aar.incidents": "Incidents and police response",
        "aar.msel.number": "No.",
        "aar.msel.time": "Fired",
        "aar.msel.event": "Inject",
        "aar.msel.player": "Players",
        "aar.msel.expected": "Expected action",
        "aar.msel.response": "What the drill recorded",
        "aar.timeline.note": "Serious (severity 3-4), escalated and unanswered incidents; "
        "{n} incidents in all.",
        "aar.time": "Reported",
        "aar.type": "Incident",
        "aar.kecamatan": "Kecamatan",
        "aar.severity": "Severity",
        "aar.responder": "Responder",
        "aar.response": "Response (min)",
        "aar.outcome": "Outcome",
        "aar.plan": "Improvement plan",
        "aar.issue": "Issue",
        "aar.action": "Suggested corrective action",
        "aar.owner": "Responsible",
        "aar.due": "Due",
        "aar.to_assign": "to be assigned at the after-action meeting",
        "aar.no_issues": "No area for improvement: every objective was met.",
        "aar.days": "Election period, day by day",
        "aar.days.day": "Day",
        "aar.days.date": "Date",
        "aar.days.phase": "Phase",
        "aar.days.hours": "Officer-hours on shift",
        "aar.days.incidents": "Scene incidents",
        "aar.days.scenes": "Scenes (start-end)",
        "scene.rally": "campaign rally",
        "scene.escort": "candidate escort",
        "scene.props": "APK removal",
        "scene.ballot_return": "ballot boxes to the KPU",
        "scene.recap": "KPU recap",
        "scene.march": "march",
        "election.mark.incident": "scene incident",
        "election.mark.blocked": "convoy blocked",
        "election.mark.theft": "box theft",
        "election.mark.lost": "boxes lost",
        "election.mark.warning": "Perkap 7/2012 warning",
        "election.mark.dispersal": "dispersal order",
        "election.boxes.at_ppk": "at the PPK",
        "election.boxes.pleno": "recapped by the PPK pleno",
        "election.boxes.at_kpu": "at the KPU warehouse",
        "election.boxes.lost": "lost",
        "election.boxes.share": "Share of ballot boxes",
        "election.scenes": "Scene",
        "election.title": "{share:.0f} % of the ballot boxes at the KPU by {last}, {lost} lost; "
        "{incidents} scene incidents",
        "election.title.no_boxes": "The election period: {incidents} scene incidents",
        "aar.thresholds": "Thresholds other than the scenario's response target are sispam "
        "defaults (see docs/reports.md) and can be changed with --target.",
        "obj.response": "Reach incidents within the response target",
        "obj.serious": "Reach serious incidents (severity 3-4) quickly",
        "obj.unanswered": "Leave no incident unanswered",
        "obj.escalated": "Stop incidents escalating while they wait",
        "obj.burned": "Lose no premises to fire",
        "obj.golden_hour": "Bring red (immediate) casualties to hospital within the golden hour",
        "obj.evacuated": "Leave no casualty waiting for an ambulance",
        "obj.hostages": "Free every hostage unhurt",
        "obj.pemulihan": "Return to hijau (pemulihan) by the end of the drill",
        "obj.permit": "End demonstrations within their permitted hours (Perkap 7/2012)",
        "obj.evidence.permit": "{scene}: {present:.0f} present when its hours ended at {end}, "
        "dispersal order {order}, stayed {minutes:.0f} min past them",
        "act.permit": "Agree the end of the action with the korlap well before the permitted "
        "end and start talks early; plan the dispersal: who appeals, when the order comes, "
        "which units clear those who stay, and the ways out kept open.",
        "obj.evidence.burned": "lost: {items}",
        "obj.evidence.care": "{red:.0f} red casualties, {minutes:.0f} min to hospital on average; "
        "{waiting:.0f} still waiting at the end",
        "obj.evidence.phase": "the drill ended at {phase}",
        "obj.escorts": "Send no candidate convoy (pengawalan paslon) without escort",
        "obj.props": "Remove every campaign prop (APK) within the quiet period's target",
        "obj.boxes": "Bring every ballot box to the KPU warehouse (none lost on the way)",
        "obj.perkap7": "Disperse a crowd staying past 18:00 within the hour (Perkap 7/2012)",
        "obj.evidence.boxes": "lost: {items}",
        "obj.evidence.boxes_item": "{kecamatan} {clock} ({n:.0f} boxes)",
        "obj.evidence.props": "last APK removed in {kecamatan} at {clock}; {disputes:.0f} "
        "disputes stopped the teams {hours:.1f} h",
        "obj.evidence.escorts": "left without escort: {items}",
        "obj.evidence.perkap7": "after hours: {items}",
        "obj.evidence.perkap7_item": "{march} warned {warned}, gone {gone}",
        "act.escorts": "Put the escort units on shift at the departure time, or name a unit for "
        "the convoy in the TFG (order escort_paslon).",
        "act.props": "Add joint teams or start earlier where the most APK stand, and send police "
        "with the teams where supporters dispute (order prioritise_props).",
        "act.boxes": "Post a guard at each PPK to escort its boxes to the KPU (order guard_ppk) "
        "and keep a quick-reaction team on the PPK - KPU roads while the boxes move.",
        "act.perkap7": "Cover the march with enough units to clear it, and give the dispersal "
        "order as soon as the warning's grace allows (order disperse_march).",
        "act.burned": "Stage a Damkar engine near the crowd and agree with the police commander "
        "how engines pass the cordon, so water comes before a fire spreads.",
        "act.golden_hour": "Stage PSC 119 ambulances at the scene and bring more from outside "
        "(BKO, neighbouring regencies) when the crowd turns kuning.",
        "act.evacuated": "Add ambulances or transport for the delayed (yellow) casualties, and "
        "open a casualty collection point near the scene.",
        "act.hostages": "Start negotiation earlier and keep the rescue team close; review the "
        "rescue decision time.",
        "act.pemulihan": "Plan the pemulihan: fire out, casualties moved, hostages freed and "
        "detainees handed over, each with its own resources.",
        "obj.evidence.slowest": "slowest kecamatan: {kecamatan} (median {median:.0f} min)",
        "obj.evidence.unanswered": "never reached: {items}",
        "obj.evidence.waiting": "most incidents waiting for a unit at {clock} ({n})",
        "act.response": "Move or add mobile units towards {kecamatan}, or tighten its TPS "
        "guard pattern.",
        "act.serious": "Keep a quick-reaction team or Brimob platoon nearer to where serious "
        "incidents occur ({kecamatan}).",
        "act.unanswered": "Add mobile units or allow pre-emption of less severe work so no "
        "incident waits to the end.",
        "act.escalated": "Shorten dispatch delays: more free units at peak hours ({clock}).",
        **RESPONSE_EN,  # an inject's response and incident outcomes, as the engine words them
    },
    "id": {
        "foot.scenario": "Skenario {scenario} (sha256 {sha})",
        "foot.strategies": "strategi: {strategies}",
        "foot.replications": "{n} replikasi per strategi, seed {seeds}",
        "foot.ci.t": "IK 95%: t Student atas replikasi",
        "foot.ci.wilson": "pita 95%: interval Wilson atas replikasi",
        "foot.ci.none": "tanpa interval kepercayaan",
        "foot.ci.bootstrap": "IK 95%: bootstrap SALib",
        "foot.ci.percentile": "IK 95% rata-rata: bootstrap persentil atas replikasi (di dalam "
        "batas setiap IKU); putusan: t Student berpasangan",
        "foot.names": "strategi: {items}",
        "foot.version": "sispam {version}",
        "foot.unknown": "tidak tercatat",
        "foot.single": "satu latihan, seed {seeds}",
        "foot.constant": "sama di setiap latihan: {items}",
        "foot.left_out": "{n} KPI lain tidak digambar (paling banyak {max}, yang berbeda nyata "
        "didahulukan; semuanya di summary.csv; pilih dengan --kpi)",
        "foot.times": "waktu setempat ({zone})",
        "better.lower": "← lebih baik",
        "better.higher": "lebih baik →",
        "better.words.lower": "(makin rendah makin baik)",
        "better.words.higher": "(makin tinggi makin baik)",
        "clock": "Waktu setempat ({zone})",
        "strategy": "Strategi",
        "baseline": "pembanding",
        "verdict.better": "lebih baik dari {baseline}",
        "verdict.worse": "lebih buruk dari {baseline}",
        "verdict.none": "tidak berbeda nyata",
        "verdict.thin": "terlalu sedikit latihan untuk memutus ({n} dari {paired} melaporkannya)",
        "verdict.is_baseline": "pembanding",
        "mean_ci": "rata-rata dan IK 95%",
        "response.title": "{share:.0%} kejadian terjangkau dalam target {target:g} menit",
        "response.title.none": "Tidak ada kejadian yang terjangkau",
        "response.x": "Waktu tanggap (menit)",
        "response.y": "Kejadian",
        "response.y.ecdf": "Porsi kejadian terjangkau",
        "response.guard": "Pengamanan TPS",
        "response.unit": "Unit mobile",
        "response.target": "Target {target:g} menit",
        "response.ecdf.title": "{best} menjangkau kejadian terbanyak dalam {target:g} menit "
        "({share:.0%})",
        "compare.title.better": "{strategy} unggul atas {baseline} pada {n_better} dari {n} "
        "IKU, kalah pada {n_worse}",
        "compare.title.none": "Tidak ada strategi yang berbeda nyata dari {baseline}",
        "compare.legend.better": "lebih baik secara nyata dari pembanding",
        "compare.legend.worse": "lebih buruk secara nyata dari pembanding",
        "compare.legend.none": "tidak berbeda nyata",
        "compare.legend.baseline": "pembanding",
        "crowd.status.title": "{crowd}: merah pada {share:.0%} replikasi di puncaknya ({clock})",
        "crowd.status.title.never": "{crowd}: tidak ada replikasi yang mencapai merah",
        "crowd.status.title.one": "{crowd}: merah pertama pukul {clock}, seluruhnya {minutes:.0f} "
        "menit berstatus merah",
        "crowd.status.band": "Status, replikasi {replication}",
        "crowd.scene.worst": "{crowd} (terburuk dari {n} lokasi)",
        "crowd.status.p": "Porsi replikasi berstatus merah",
        "crowd.status.p_up": "Porsi berstatus kuning atau merah",
        "crowd.status.band95": "pita 95% porsi merah",
        "crowd.reinforcement": "bantuan tiba",
        "crowd.mark.line_broken": "barisan jebol",
        "crowd.mark.building_seized": "gedung diduduki",
        "crowd.mark.building_retaken": "gedung direbut kembali",
        "crowd.mark.permit_appeal": "himbauan (batas waktu habis)",
        "crowd.mark.permit_dispersal": "perintah pembubaran",
        "status.hijau": "hijau (tertib)",
        "status.kuning": "kuning (tidak tertib)",
        "status.merah": "merah (rusuh)",
        "crowd.density.title": "Kepadatan puncak {peak:.1f} orang/m² (tingkat layanan {los}) "
        "di {zone} pukul {clock}",
        "crowd.density.x": "Timur (m)",
        "crowd.density.y": "Utara (m)",
        "crowd.venue.wall": "dinding atau gedung",
        "crowd.venue.barricade": "barikade",
        "crowd.venue.exit": "jalan keluar",
        "crowd.venue.police": "garis polisi",
        "crowd.density.bar": "Tingkat layanan (Fruin, {kind}), orang/m²",
        "los.walkway": "jalur pejalan kaki",
        "los.queuing": "massa berdiri",
        "logistics.timeline.title": "TPS terakhir siap pukul {clock} ({kecamatan})",
        "logistics.timeline.y": "Kecamatan",
        "logistics.deadline": "Batas {clock}",
        "logistics.trouble": "terjebak, mogok, dihadang atau hilang",
        "logistics.planned": "rencana tiba di PPK",
        "leg.truck": "truk: gudang ke PPK",
        "leg.pickup": "PPK ke PPS (dijemput desa)",
        "leg.return": "kotak suara kembali ke PPK",
        "logistics.timeline.undelivered": "{n} TPS tidak pernah menerima logistiknya",
        "logistics.ready.title": "{n_ready} dari {n} kecamatan seluruh TPS-nya siap pukul {clock}",
        "logistics.ready.x": "Porsi TPS siap pukul {clock}",
        "logistics.ready.short": "di bawah 100%",
        "emergency.band": "Fase",
        "emergency.people": "Orang (kumulatif)",
        "emergency.hurt": "terluka sejauh ini",
        "emergency.cared": "sudah di rumah sakit",
        "emergency.title": "Merah sejak {onset}; hijau {back} (pemulihan {minutes:.0f} menit)",
        "emergency.title.open": "Merah sejak {onset}; belum hijau kembali hingga akhir latihan",
        "emergency.title.never": "Latihan tidak mencapai status merah",
        "emergency.mark.looting_secured": "penjarahan dihentikan",
        "emergency.mark.ambulance_arrived": "ambulans pertama",
        "emergency.mark.damkar_arrived": "Damkar tiba",
        "emergency.mark.first_water": "air pertama",
        "emergency.mark.fire_out": "api padam",
        "emergency.mark.rescue_team_arrived": "tim penyelamat",
        "emergency.mark.hostage_released": "sandera dilepas",
        "emergency.mark.hostage_rescued": "sandera dibebaskan",
        "emergency.mark.hostage_hurt": "sandera terluka",
        "hoax.title": "“{title}” menjangkau {share:.0%} warga daring, terluas dari {n} hoaks",
        "hoax.title.one": "“{title}” menjangkau {share:.0%} warga daring",
        "hoax.y": "Warga daring kabupaten (%)",
        "hoax.reached": "sudah terjangkau (garis penuh)",
        "hoax.believing": "percaya saat itu (garis putus)",
        "hoax.takedown": "konten diturunkan",
        "hoax.clarified": "klarifikasi resmi pertama",
        "map.title": "Tanggapan paling lambat di {kecamatan}: median {median:.0f} menit",
        "map.colour": "Median waktu tanggap (menit)",
        "map.incident": "Kejadian (tingkat {severity})",
        "map.base": "Pangkalan unit mobile",
        "map.schematic": "skematis: kejadian ditempatkan di sekitar pusat kecamatan",
        "map.no_incidents": "tanpa kejadian",
        "sweep.heat.title": "{kpi}: terbaik {best} pada {x} = {xv} dan {y} = {yv}",
        "sweep.line.title": "{kpi} berubah dari {lo} ke {hi} saat {x} dari {xlo} ke {xhi}",
        "sens.title": "{parameter} paling menjelaskan {kpi}",
        "sens.x.sobol": "Indeks Sobol (porsi varians)",
        "sens.x.morris": "Morris μ* (rata-rata efek mutlak, {unit})",
        "sens.S1": "orde pertama (sendiri)",
        "sens.ST": "total (dengan interaksi)",
        "sens.mu_star": "μ*",
        "cost.title": "{n_front} dari {n} pilihan berada di batas biaya-risiko",
        "cost.x": "Jam-personel bertugas (jam-personel)",
        "cost.front": "Batas Pareto (tak ada pilihan lebih murah sekaligus lebih aman)",
        "timeline.title": "{n_late} dari {n} kejadian terjangkau melewati target {target:g} menit",
        "timeline.y": "Waktu tanggap (menit)",
        "timeline.severity": "tingkat {severity}",
        "timeline.unanswered": "tidak terjangkau",
        "timeline.inject": "inject MSEL (nomor di atas)",
        "brief.title": "Paparan latihan pengamanan",
        "brief.prepared": "Disusun dengan sispam {version} pada {date}",
        "brief.summary": "Ringkasan eksekutif",
        "brief.why": "Alasan (perbandingan berpasangan dengan {baseline}, {n} replikasi, IK 95%):",
        "brief.reason": "{kpi}: {verdict}, selisih {mean} {unit} (IK 95% {lo} s.d. {hi})",
        "brief.tradeoff": "Imbal balik untuk {strategy}: lebih baik pada {better}; lebih buruk "
        "pada {worse}. Timbang besarnya.",
        "brief.reason.exact": "{kpi}: {verdict}, selisih {mean} {unit} di setiap latihan",
        "brief.mean": "rata-rata, {strategy}",
        "brief.size.lower": "{kpi} {size} {unit} lebih rendah",
        "brief.size.higher": "{kpi} {size} {unit} lebih tinggi",
        "brief.same": "Sama menurut rancangan (sama di setiap latihan): {items}",
        "brief.not_significant": "Tidak berbeda nyata: {items}",
        "brief.thin": (
            "Tidak dipakai untuk memutus, dilaporkan kurang dari separuh pasangan latihan: {items}"
        ),
        "brief.budget": "Anggaran (tidak dihitung sebagai keunggulan): {items}",
        "brief.harm": "Kerugian: setiap IKU kerugian di atas nol pada strategi mana pun",
        "brief.harm.none": "Tidak ada IKU kerugian di atas nol pada strategi mana pun.",
        "brief.terrain": "Respons: dataran tinggi vs rendah",
        "brief.kecamatan": "Respons per kecamatan",
        "brief.area": "wilayah",
        "brief.area.line": "{strategy} dibanding {baseline}",
        "brief.ci": "IK 95% {lo} s.d. {hi}",
        **{f"terrain.{terrain}": word for terrain, word in TERRAIN_ID.items()},
        "brief.difference": "selisih (IK 95%)",
        "brief.verdict": "putusan",
        "brief.rule": "Aturan keputusan: strategi yang lebih buruk secara nyata dari {baseline} "
        "pada IKU kerugian mana pun (korban luka, paparan himpitan, kejadian tak terjangkau atau "
        "meningkat, logistik surat suara terlambat atau hilang) tidak pernah disarankan; dari "
        "yang lain, yang lebih baik pada IKU kerugian terbanyak, lalu pada IKU layanan (waktu "
        "tanggap, porsi dalam target) terbanyak dikurangi yang lebih buruk, disarankan; biaya "
        "adalah anggaran, bukan keunggulan; bila seri, jam-personel yang lebih sedikit.",
        "brief.rule.named": "IKU penentu yang ditetapkan untuk perbandingan ini: {items}.",
        "brief.vetoed": "{strategy} tidak disarankan: lebih buruk secara nyata dari {baseline} "
        "pada kerugian ({items}).",
        "brief.method": "Rata-rata: IK 95% bootstrap persentil atas replikasi, yang tetap di "
        "dalam batas setiap IKU (tanpa interval bila IKU sama di setiap latihan). Selisih: "
        "berpasangan per replikasi (seed sama), IK 95% t Student.",
        "verdict.headline": "Disarankan: {strategy}, lebih baik dari {baseline} pada {n_better} "
        "dari {n} IKU penentu ({n_harm} pada kerugian), lebih buruk pada {n_worse}",
        "verdict.headline.none": "Tidak ada strategi yang jelas lebih baik dari {baseline}: "
        "pertahankan {baseline}",
        "verdict.same": "sama menurut rancangan",
        "role.harm": "kerugian",
        "role.service": "layanan",
        "role.cost": "anggaran",
        "role.info": "sebagai informasi",
        "unit.pp": "poin persen",
        "cost.title.verdict": "{headline}; {n_front} dari {n} pilihan di batas biaya-risiko",
        "brief.single": "Hanya satu latihan: tidak ada perbandingan strategi, jadi tidak ada "
        "saran. Jalankan `sispam compare` untuk membandingkan strategi.",
        "brief.sweep": "Sapuan parameter: tabel dan grafik menunjukkan perubahan IKU menurut "
        "parameter yang disapu; jalankan `sispam compare` untuk saran antarstrategi.",
        "brief.kpi_table": "Indikator kinerja utama (rata-rata, IK 95%)",
        "brief.kpi": "IKU",
        "brief.unit": "Satuan",
        "brief.charts": "Grafik",
        "brief.assumptions": "Asumsi dan sumber",
        "brief.sources": "Sumber yang disebut skenario",
        "brief.source": "Sumber",
        "brief.assumption": "Asumsi",
        "brief.where": "dipakai di",
        "brief.no_scenario": "Berkas skenario tidak ditemukan, sehingga sumber dan asumsinya "
        "tidak dapat dicantumkan.",
        "brief.digest_mismatch": "Peringatan: berkas skenario saat ini (sha256 {now}) berbeda "
        "dari yang dipakai untuk hasil ini ({then}); override (--set) juga mengubah hash.",
        "brief.repro": "Keterulangan",
        "brief.command": "Perintah",
        "brief.seeds": "Seed",
        "brief.hash": "sha256 skenario",
        "brief.version": "Versi sispam",
        "brief.packages": "Paket",
        "brief.page": "hal. {page}",
        "opt.chart.title": "{n_front} rencana di front; {n_dominated} dari {n_ref} strategi "
        "bawaan terdominasi lemah oleh salah satunya",
        "opt.candidates": "rencana yang dicari (rata-rata {n} simulasi masing-masing)",
        "opt.front": "rencana front (rata-rata dan IK 95% atas {n} simulasi)",
        "opt.bundled": "strategi bawaan (simulasi yang sama)",
        "opt.parallel.y": "Setiap sasaran, diskalakan dari rencana terburuk ke terbaik yang tampil",
        "opt.parallel.best": "terbaik",
        "opt.parallel.worst": "terburuk",
        "opt.parallel.note": "setiap sumbu dari rata-rata terburuk ke terbaik yang tampil, "
        "lebih baik ke atas",
        "opt.title": "Paparan pencarian rencana",
        "opt.intro": "Berangkat dari strategi perencana {base}, pencarian (NSGA-II) menilai "
        "{distinct} rencana berbeda, {feasible} di antaranya dalam batas anggaran dan batasan, "
        "masing-masing pada {reps} simulasi yang sama (bilangan acak bersama). {front} rencana "
        "terbaik dijalankan ulang pada {front_reps} simulasi bersama strategi bawaan pada simulasi "
        "yang persis sama: {dropped} di antaranya tidak bertahan (terdominasi pada rata-rata baru, "
        "atau ada simulasi gagal) dan dibuang; tersisa {kept}.",
        "opt.budget": "Anggaran: paling banyak {budget} personel dikerahkan ({base} mengerahkan "
        "{base_officers}). Personel dan jam-personel adalah anggaran yang dipakai setiap rencana, "
        "tidak pernah dihitung sebagai keunggulan.",
        "opt.budget.none": "Tidak ada batas anggaran personel. Personel dan jam-personel adalah "
        "anggaran yang dipakai setiap rencana, tidak pernah dihitung sebagai keunggulan.",
        "opt.changes": "Yang diubah rencana front terhadap {base}",
        "opt.plan": "{id} mengubah {changes}",
        "opt.plan.same": "{id} mempertahankan semua tuas {base}",
        "opt.change": "{lever} {old} → {new}",
        "opt.split": "personel pengamanan TPS {g0} → {g1}, di unit mobile {m0} → {m1}",
        "opt.officers": "personel dikerahkan {old} → {new}, {spare} di bawah anggaran",
        "opt.officers.full": "personel dikerahkan {old} → {new}, seluruh anggaran",
        "opt.officers.free": "personel dikerahkan {old} → {new}",
        "opt.effect": "{kpi} {old} → {new} (selisih {diff} {unit}, IK 95% {lo} s.d. {hi}: "
        "{verdict})",
        "opt.effect.exact": "{kpi} {old} → {new} (selisih {diff} {unit} di setiap simulasi: "
        "{verdict})",
        "opt.against": "Front dibandingkan strategi bawaan",
        "opt.dominated": "{strategy} terdominasi lemah oleh {plans}: paling tidak sama baiknya "
        "pada setiap sasaran (rata-rata atas simulasi yang sama; lihat interval di tabel).",
        "opt.not_dominated": "{strategy} tidak terdominasi: tidak ada rencana front yang paling "
        "tidak sama baiknya pada setiap sasaran. {why}",
        "opt.why": "{kpi} terbaik di front adalah {best} ({plan}), {strategy} {value}",
        "opt.table": "Front dan strategi bawaan (rata-rata, IK 95% atas {n} simulasi)",
        "opt.plan.head": "rencana",
        "opt.bundled.mark": "bawaan",
        "opt.lever.guard": "pola pengamanan TPS ({cls})",
        "opt.lever.units.each": "{unit} per kecamatan",
        "opt.lever.units.at": "{unit} di {stations}",
        "opt.lever.units.count": "jumlah {unit}",
        "opt.empty": "Tidak ada rencana yang bertahan setelah evaluasi ulang: tidak ada front "
        "untuk diusulkan.",
        "opt.files": "Setiap rencana front tersedia sebagai berkas strategi siap pakai di front/ "
        "(jalankan dengan sispam run atau sispam compare).",
        "aar.title": "Laporan evaluasi latihan (after-action report)",
        "aar.overview": "Gambaran latihan",
        "aar.scenario": "Skenario",
        "aar.strategy": "Strategi",
        "aar.seed": "Seed",
        "aar.replications": "Replikasi per strategi",
        "aar.date": "Hari H",
        "aar.objectives": "Analisis sasaran",
        "aar.objective": "Sasaran",
        "aar.measure": "Ukuran",
        "aar.target": "Target",
        "aar.result": "Hasil",
        "aar.rating": "Penilaian",
        "aar.met": "tercapai",
        "aar.not_met": "tidak tercapai",
        "aar.strength": "Kekuatan",
        "aar.improve": "Hal yang perlu diperbaiki",
        "aar.timeline": "Garis waktu kejadian dan tanggapan",
        "aar.msel": "Inject dalam daftar kejadian skenario induk (MSEL)",
        "aar.incidents": "Kejadian dan tanggapan polisi",
        "aar.msel.number": "No.",
        "aar.msel.time": "Waktu",
        "aar.msel.event": "Inject",
        "aar.msel.player": "Pelaku",
        "aar.msel.expected": "Tindakan yang diharapkan",
        "aar.msel.response": "Yang tercatat dalam latihan",
        "aar.timeline.note": "Kejadian serius (tingkat 3-4), yang meningkat dan yang tidak "
        "terjangkau; seluruhnya {n} kejadian.",
        "aar.time": "Dilaporkan",
        "aar.type": "Kejadian",
        "aar.kecamatan": "Kecamatan",
        "aar.severity": "Tingkat",
        "aar.responder": "Penanggap",
        "aar.response": "Tanggap (menit)",
        "aar.outcome": "Hasil",
        "aar.plan": "Rencana perbaikan",
        "aar.issue": "Masalah",
        "aar.action": "Usulan tindakan perbaikan",
        "aar.owner": "Penanggung jawab",
        "aar.due": "Tenggat",
        "aar.to_assign": "ditetapkan dalam rapat evaluasi",
        "aar.no_issues": "Tidak ada hal yang perlu diperbaiki: semua sasaran tercapai.",
        "aar.days": "Masa pemilihan, hari demi hari",
        "aar.days.day": "Hari",
        "aar.days.date": "Tanggal",
        "aar.days.phase": "Tahapan",
        "aar.days.hours": "Jam-personel bertugas",
        "aar.days.incidents": "Kejadian adegan",
        "aar.days.scenes": "Adegan (mulai-selesai)",
        "scene.rally": "kampanye rapat umum",
        "scene.escort": "pengawalan paslon",
        "scene.props": "penurunan APK",
        "scene.ballot_return": "arus balik kotak suara ke KPU",
        "scene.recap": "rekapitulasi KPU",
        "scene.march": "long march",
        "election.mark.incident": "kejadian adegan",
        "election.mark.blocked": "konvoi dihadang",
        "election.mark.theft": "pencurian kotak suara",
        "election.mark.lost": "kotak suara hilang",
        "election.mark.warning": "peringatan Perkap 7/2012",
        "election.mark.dispersal": "perintah pembubaran",
        "election.boxes.at_ppk": "tiba di PPK",
        "election.boxes.pleno": "selesai pleno PPK",
        "election.boxes.at_kpu": "di gudang KPU",
        "election.boxes.lost": "hilang",
        "election.boxes.share": "Porsi kotak suara",
        "election.scenes": "Adegan",
        "election.title": "{share:.0f} % kotak suara tiba di KPU pukul {last}, {lost} hilang; "
        "{incidents} kejadian adegan",
        "election.title.no_boxes": "Masa pemilihan: {incidents} kejadian adegan",
        "aar.thresholds": "Ambang selain target waktu tanggap skenario adalah bawaan sispam "
        "(lihat docs/reports.md) dan dapat diubah dengan --target.",
        "obj.response": "Menjangkau kejadian dalam target waktu tanggap",
        "obj.serious": "Menjangkau kejadian serius (tingkat 3-4) dengan cepat",
        "obj.unanswered": "Tidak ada kejadian yang tak terjangkau",
        "obj.escalated": "Mencegah kejadian meningkat selagi menunggu",
        "obj.burned": "Tidak ada bangunan yang terbakar habis",
        "obj.golden_hour": "Korban merah (segera) tiba di rumah sakit dalam golden hour",
        "obj.evacuated": "Tidak ada korban yang masih menunggu ambulans",
        "obj.hostages": "Semua sandera bebas tanpa luka",
        "obj.pemulihan": "Kembali hijau (pemulihan) sebelum latihan berakhir",
        "obj.permit": "Demonstrasi selesai dalam batas waktunya (Perkap 7/2012)",
        "obj.evidence.permit": "{scene}: {present:.0f} orang hadir saat batas waktu habis pukul "
        "{end}, perintah pembubaran {order}, bertahan {minutes:.0f} menit melewatinya",
        "act.permit": "Sepakati akhir aksi dengan korlap jauh sebelum batas waktu dan mulai "
        "negosiasi lebih awal; rencanakan pembubaran: siapa memberi himbauan, kapan perintah "
        "dibacakan, unit mana membubarkan massa yang bertahan, dan jalan keluar yang dibuka.",
        "obj.evidence.burned": "terbakar habis: {items}",
        "obj.evidence.care": "{red:.0f} korban merah, rata-rata {minutes:.0f} menit ke rumah "
        "sakit; {waiting:.0f} masih menunggu di akhir",
        "obj.evidence.phase": "latihan berakhir pada status {phase}",
        "obj.escorts": "Tidak ada konvoi paslon yang berangkat tanpa pengawalan",
        "obj.props": "Semua APK turun dalam batas waktu masa tenang",
        "obj.boxes": "Semua kotak suara tiba di gudang KPU (tidak ada yang hilang di jalan)",
        "obj.perkap7": "Massa yang bertahan lewat pukul 18:00 bubar dalam satu jam (Perkap 7/2012)",
        "obj.evidence.boxes": "hilang: {items}",
        "obj.evidence.boxes_item": "{kecamatan} {clock} ({n:.0f} kotak)",
        "obj.evidence.props": "APK terakhir turun di {kecamatan} pukul {clock}; {disputes:.0f} "
        "penghadangan menghentikan tim selama {hours:.1f} jam",
        "obj.evidence.escorts": "berangkat tanpa pengawalan: {items}",
        "obj.evidence.perkap7": "lewat batas waktu: {items}",
        "obj.evidence.perkap7_item": "{march} diperingatkan {warned}, bubar {gone}",
        "act.escorts": "Jadwalkan shift unit pengawal pada jam keberangkatan, atau tunjuk unit "
        "pengawal dalam TFG (perintah escort_paslon).",
        "act.props": "Tambah tim gabungan atau mulai lebih awal di kecamatan dengan APK terbanyak, "
        "dan sertakan polisi di tempat pendukung menghadang (perintah prioritise_props).",
        "act.boxes": "Tempatkan penjaga di setiap PPK untuk mengawal kotak suara ke KPU (perintah "
        "guard_ppk) dan siagakan tim reaksi cepat di jalur PPK - KPU selama kotak bergerak.",
        "act.perkap7": "Kerahkan unit pengamanan aksi yang cukup untuk membubarkan, dan berikan "
        "perintah pembubaran segera setelah tenggat peringatan (perintah disperse_march).",
        "act.burned": "Siagakan mobil Damkar dekat massa dan sepakati dengan komandan lapangan "
        "jalur Damkar melewati barikade, agar air datang sebelum api menjalar.",
        "act.golden_hour": "Siagakan ambulans PSC 119 di lokasi dan datangkan tambahan (BKO, "
        "kabupaten tetangga) begitu massa berstatus kuning.",
        "act.evacuated": "Tambah ambulans atau angkutan untuk korban kuning, dan buka pos "
        "pengumpulan korban dekat lokasi.",
        "act.hostages": "Mulai negosiasi lebih awal dan dekatkan tim penyelamat; tinjau waktu "
        "keputusan pembebasan.",
        "act.pemulihan": "Rencanakan pemulihan: api padam, korban terangkut, sandera bebas dan "
        "tahanan diserahkan, masing-masing dengan sumber dayanya.",
        "obj.evidence.slowest": "kecamatan paling lambat: {kecamatan} (median {median:.0f} menit)",
        "obj.evidence.unanswered": "tidak terjangkau: {items}",
        "obj.evidence.waiting": "kejadian menunggu unit terbanyak pukul {clock} ({n})",
        "act.response": "Geser atau tambah unit mobile ke arah {kecamatan}, atau perketat pola "
        "pengamanan TPS-nya.",
        "act.serious": "Tempatkan tim reaksi cepat atau peleton Brimob lebih dekat ke lokasi "
        "kejadian serius ({kecamatan}).",
        "act.unanswered": "Tambah unit mobile atau izinkan penarikan dari tugas yang lebih ringan "
        "agar tidak ada kejadian menunggu sampai akhir.",
        "act.escalated": "Perpendek tunda pemberangkatan: lebih banyak unit bebas pada jam sibuk "
        "({clock}).",
        "msel.response.incidents": "{n} kejadian, {outcomes}",
        "msel.response.no_incidents": "tidak ada kejadian",
        "msel.response.mean": "rata-rata waktu tanggap {mean_min:.1f} menit",
        "msel.response.by": "oleh {by}",
        "msel.response.reach": "jangkauan {reach_pct:.1f} %",
        "msel.response.detection_min": "terdeteksi +{minutes:.0f} menit",
        "msel.response.takedown_min": "diturunkan +{minutes:.0f} menit",
        "msel.response.clarification_min": "diklarifikasi +{minutes:.0f} menit",
        "msel.response.convoy.at_ppk": "konvoi {convoy}: semua logistik tiba di PPK {at}",
        "msel.response.convoy.already_at_ppk": "konvoi {convoy} sudah di PPK ({at}): tanpa "
        "pengaruh",
        "msel.response.convoy.not_at_ppk": "konvoi {convoy} belum tiba di PPK sampai latihan "
        "berakhir",
        "msel.response.road_closed": "jalan ditutup sampai {until}",
        "msel.response.premises.lost": "{premises} terbakar habis pukul {at}",
        "msel.response.premises.saved": "{premises} terbakar, diselamatkan air pukul {water}",
        "msel.response.premises.burning": "{premises} masih terbakar di akhir latihan",
        "msel.response.premises.untouched": "{premises} tidak dibakar",
        "msel.response.hostage.released": "sandera dilepas lewat negosiasi pukul {at}",
        "msel.response.hostage.rescued": "sandera dibebaskan tanpa luka pukul {at}",
        "msel.response.hostage.hurt": "sandera terluka saat pembebasan pukul {at}",
        "msel.response.hostage.ongoing": "penyanderaan masih berlangsung di akhir latihan",
        "msel.response.boxes.lost": "kotak suara {sector} hilang: {n} kotak",
        "msel.response.boxes.at_kpu": "kotak suara {sector} tiba di KPU {at}",
        "msel.response.boxes.already_at_kpu": "kotak suara {sector} sudah di KPU ({at}): tanpa "
        "akibat",
        "msel.response.boxes.not_at_kpu": "kotak suara {sector} belum tiba di KPU sampai latihan "
        "berakhir",
        "msel.response.props.removed": "APK di {sector} selesai diturunkan {at}",
        "msel.response.props.standing": "APK di {sector} masih terpasang di akhir latihan",
        "msel.response.rally.reached": "gangguan di {rally} didatangi polisi dalam "
        "{mean_min:.1f} menit",
        "msel.response.rally.unanswered": "gangguan di {rally} tidak didatangi polisi",
        "msel.response.rally.not_on": "kampanye {rally} tidak sedang berlangsung: tanpa akibat",
        "msel.response.crowd.provoked": "{provocateurs} provokator lagi di {group}",
        "msel.response.crowd.agitated": "legitimasi yang dirasakan {before:g} -> {after:g}",
        "msel.response.crowd.over": "aksi massa {crowd} sudah usai: tanpa efek",
        "msel.response.casualties": "{n} korban ditriase, {in_hospital} dari {carry} dibawa ke "
        "rumah sakit",
        "msel.response.casualties_last": "terakhir pukul {last}",
        "outcome.handled_by_guard": "ditangani pengamanan TPS",
        "outcome.handled_by_unit": "ditangani unit mobile",
        "outcome.on_scene_at_end": "masih ditangani di akhir",
        "outcome.unanswered": "tidak terjangkau",
    },
}
for _lang, _words in PLAY_LABELS.items():
    CATALOGUE[_lang] |= _words

# Every unit the registered KPIs use, in words a reader of each language knows; a test fails
# when a model registers a unit missing here.
UNITS: dict[str, dict[str, str]] = {
    "en": {
        "share": "share",
        "%": "%",
        "min": "min",
        "incidents": "incidents",
        "officer-h": "officer-h",
        "person-h": "person-h",
        "officers": "officers",
        "orders": "orders",
        "people": "people",
        "person-s": "person-s",
        "p/m2": "persons/m²",
        "0/1": "0/1 (1 = yes)",
        "0/1/2": "0/1/2",
        "0-1": "0-1",
        "events": "events",
        "breaches": "breaches",
        "fires": "fires",
        "hoaxes": "hoaxes",
        "TPS": "TPS",
        "kit-h": "kit-h",
        "trips": "trips",
        "boxes": "boxes",
        "injects": "injects",
        "h": "h",
        "unit-h": "unit-h",
        "convoys": "convoys",
        "disputes": "disputes",
        "attempts": "attempts",
        "objections": "objections",
        "premises": "premises",
    },
    "id": {
        "share": "porsi",
        "%": "%",
        "min": "menit",
        "incidents": "kejadian",
        "officer-h": "jam-personel",
        "person-h": "jam-orang",
        "officers": "personel",
        "orders": "perintah",
        "people": "orang",
        "person-s": "orang-detik",
        "p/m2": "orang/m²",
        "0/1": "0/1 (1 = ya)",
        "0/1/2": "0/1/2",
        "0-1": "0-1",
        "events": "peristiwa",
        "breaches": "jebolan",
        "fires": "pembakaran",
        "hoaxes": "hoaks",
        "TPS": "TPS",
        "kit-h": "jam-paket",
        "trips": "perjalanan",
        "boxes": "kotak",
        "injects": "inject",
        "h": "jam",
        "unit-h": "jam-satuan",
        "convoys": "konvoi",
        "disputes": "perselisihan",
        "attempts": "percobaan",
        "objections": "keberatan",
        "premises": "bangunan",
    },
}

SIGNIFICANT = 3  # significant figures of every number a reader sees
MAX_DECIMALS = 4  # below 0.0001 a drill KPI is floating-point noise: shown as 0


def decimals_for(value: float, sig: int = SIGNIFICANT) -> int:
    """Decimals that show `value` to `sig` significant figures (never more than MAX_DECIMALS)."""
    if not math.isfinite(value) or value == 0:
        return 0
    magnitude = math.floor(math.log10(abs(value)))
    return min(MAX_DECIMALS, max(0, sig - 1 - magnitude))


def plain(value: float, decimals: int, signed: bool = False, strip: bool = False) -> str:
    """A fixed-point number with thousands commas, never in scientific notation ('-3,300')."""
    if not math.isfinite(value):
        return "–"
    out = format(round(value, decimals) + 0.0, f"{'+' if signed else ''},.{decimals}f")
    if strip and "." in out:
        out = out.rstrip("0").rstrip(".")
    if round(value, decimals) == 0:
        out = "0"  # no '-0', '+0' or '0.0000' for floating-point noise
    return out


def decimal_comma(formatted: str) -> str:
    """A number written the Indonesian way: '1,234.5' becomes '1.234,5'."""
    return formatted.translate(_SWAP_SEPARATORS)


_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


_GENERAL = re.compile(r"(?P<sign>\+)?(?:\.(?P<precision>\d+))?g?")


class _Numbers(string.Formatter):
    """Formats the numeric fields of a template with the language's separators."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        general = _GENERAL.fullmatch(format_spec)
        # Integers never go scientific; an empty spec keeps them as written ('1250 replikasi').
        floating = isinstance(value, Real) and not isinstance(value, (bool, int))
        if floating and general:
            # 'g' would switch to scientific notation (3.77e-18): fixed point, g's figures.
            sig = int(general["precision"] or 6)
            out = plain(float(value), decimals_for(float(value), sig), bool(general["sign"]), True)
            return decimal_comma(out) if self.lang == "id" else out
        out = super().format_field(value, format_spec)
        numeric = isinstance(value, Real) and not isinstance(value, bool)
        return decimal_comma(out) if numeric and self.lang == "id" else out


class Text:
    """The labels of one language: `text("key", **values)` formats a catalogue entry.

    Numbers follow the language: a decimal point and thousands commas in English, a decimal
    comma and thousands points in Bahasa Indonesia (5,4 orang/m², 1.250 personel).
    """

    def __init__(self, lang: Lang) -> None:
        if lang not in CATALOGUE:
            raise ValueError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
        self.lang = lang
        self.words = CATALOGUE[lang]
        self._numbers = _Numbers(lang)

    def __call__(self, key: str, **values: object) -> str:
        return self._numbers.format(self.words[key], **values)

    def number(self, value: float, spec: str = "g") -> str:
        """``format(value, spec)`` with the language's decimal and thousands separators."""
        return self._numbers.format_field(value, spec)

    def setting(self, value: object) -> str:
        """A swept parameter's value: a number in the language's style, a word as written
        (a sweep may set a pattern such as '2-1-2' or a name)."""
        if isinstance(value, Real) and not isinstance(value, bool):
            return self.number(value)
        return str(value)

    def fmt(
        self, value: float, decimals: int | None = None, signed: bool = False, strip: bool = False
    ) -> str:
        """The one way a report writes a number: SIGNIFICANT figures, fixed point, the
        language's separators ('3,300', '0.0215'; id '3.300', '0,0215'); `strip` drops
        trailing zeros for prose ('2.5 min'), tables keep them so a column reads alike."""
        if decimals is None:
            # A whole number (4 hoaxes, 150 min) is written whole, not '4.00'.
            whole = math.isfinite(value) and abs(value - round(value)) < 1e-9
            decimals = 0 if whole else decimals_for(value)
        out = plain(value, decimals, signed, strip)
        return decimal_comma(out) if self.lang == "id" else out

    def interval(self, mean: float, lo: float, hi: float, share: bool = False) -> str:
        """'mean (lo – hi)' with one number of decimals for all three; a zero-width interval
        (the same in every drill) is the mean alone, not a fake interval."""
        scale = 100.0 if share else 1.0
        suffix = "%" if share else ""
        if lo == hi or not (math.isfinite(lo) and math.isfinite(hi)):
            return self.share(mean) if share else self.fmt(mean)
        values = [v * scale for v in (mean, lo, hi)]
        finite = [abs(v) for v in values if math.isfinite(v) and v != 0]
        decimals = decimals_for(max(finite)) if finite else 0
        if share:
            decimals = 0 if finite and max(finite) >= 10 else 1
        m, low, high = (self.fmt(v, decimals) + suffix for v in values)
        if low == high:
            return m
        return f"{m} ({low} – {high})"

    def share(self, value: float) -> str:
        """A share as a whole percent ('92%'), a decimal one below 10% ('0.5%')."""
        pct = value * 100
        return self.fmt(pct, 1 if 0 < abs(pct) < 10 else 0) + "%"

    def term(self, prefix: str, key: str) -> str:
        """A model's identifier (a logistics leg, an outcome) in words, else as it is."""
        return self.words.get(f"{prefix}.{key}", key)

    def kpi(self, name: str) -> str:
        kpi = describe(name)
        return kpi.id if self.lang == "id" else kpi.en

    def unit(self, unit: str) -> str:
        return UNITS[self.lang].get(unit, unit)

    def kpi_axis(self, name: str) -> str:
        """A KPI label with its unit, as an axis label: 'Mean response time (min)'."""
        unit = describe(name).unit
        if unit == "share":
            unit = "%"
        return f"{self.kpi(name)} ({self.unit(unit)})" if unit else self.kpi(name)

    def value(self, name: str, value: float) -> str:
        """A KPI value with its unit for prose and titles: '92%', '5.47 min'."""
        unit = describe(name).unit
        if unit == "share":
            return self.share(value)
        return f"{self.fmt(value, strip=True)} {self.unit(unit)}".strip()

    def better_words(self, name: str) -> str:
        """'(lower is better)' for labels where an arrow would be rotated out of sense."""
        direction = describe(name).better
        return self(f"better.words.{direction}") if direction in ("lower", "higher") else ""

    def better(self, name: str) -> str:
        """'← better' or 'better →' for a KPI, empty when no direction is better."""
        direction = describe(name).better
        return self(f"better.{direction}") if direction in ("lower", "higher") else ""
