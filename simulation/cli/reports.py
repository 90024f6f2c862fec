"""`sispam chart`, `sispam report` and `sispam aar`: the reports' subcommands.

Heavy imports (matplotlib, reportlab, pandas) happen only when one of these commands runs, so
`sispam validate` stays quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulation.cli.common import EXIT_BAD_INPUT, chart_formats
from simulation.reports.formats import FORMATS

LANG_HELP = "language of every label: en (English) or id (Bahasa Indonesia)"


def cmd_chart(args: argparse.Namespace) -> int:
    from simulation.reports.catalogue import CHARTS, Inputs, available, draw
    from simulation.reports.inputs import ReportError
    from simulation.reports.style import save

    if args.name == "list":
        for name, chart in CHARTS.items():
            options = " ".join(f"--{o}" for o in chart.options())
            print(
                f"{name:<20} {chart.takes:<11} {chart.about}"
                + (f"  [{options}]" if options else "")
            )
        return 0
    if not args.inputs:
        raise ReportError("give at least one result folder (a drill, comparison or sweep)")
    inputs = Inputs.collect([Path(p) for p in args.inputs])
    names = available(inputs) if args.name == "all" else [args.name]
    formats = args.formats
    out = Path(args.out) if args.out else Path(args.inputs[0]) / "charts"
    options = {
        k: getattr(args, k) for k in ("x", "y", "strategy", "deadline", "risk", "los", "scene")
    }
    kpis = [k.strip() for given in args.kpi or () for k in given.split(",") if k.strip()]
    if kpis:  # compare takes several KPIs, the other charts one
        if len(kpis) > 1 and args.name != "compare":
            raise ReportError(f"chart '{args.name}' takes one --kpi")
        options["kpi"] = kpis if args.name == "compare" else kpis[0]
    for name in names:
        figure = draw(name, inputs, args.lang, args.size, **(options if args.name != "all" else {}))
        for path in save(figure, out / f"{name}-{args.lang}", formats):
            print(path)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from simulation.reports.briefing import write_briefing
    from simulation.reports.counterfactual import is_counterfactual, write_counterfactual
    from simulation.reports.inputs import ReportError

    if is_counterfactual(Path(args.results)):  # sispam counterfactual
        if args.drills:
            raise ReportError("--drills does not apply to a counterfactual folder")
        decide = [k.strip() for k in args.decide.split(",") if k.strip()] if args.decide else None
        out = write_counterfactual(
            Path(args.results), args.lang, args.out and Path(args.out), decide
        )
        print(f"written: {out / 'counterfactual.md'}")
        return 0
    if (Path(args.results) / "front.csv").exists():  # a plan search (sispam optimise)
        from simulation.reports.search_briefing import write_search_briefing

        if args.drills or args.decide:
            raise ReportError("--drills and --decide do not apply to a plan search folder")
        out = write_search_briefing(Path(args.results), args.lang, args.out and Path(args.out))
        print(f"written: {out / 'briefing.md'}\n         {out / 'briefing.pdf'}")
        return 0
    out = write_briefing(
        Path(args.results),
        args.lang,
        Path(args.out) if args.out else None,
        [Path(p) for p in args.drills],
        [k.strip() for k in args.decide.split(",") if k.strip()] if args.decide else None,
    )
    print(f"written: {out / 'briefing.pdf'}\ncharts:  {out / 'charts'}/")
    return 0


def cmd_aar(args: argparse.Namespace) -> int:
    from simulation.reports.aar import parse_targets, write_aar

    out = write_aar(
        Path(args.run), args.lang, Path(args.out) if args.out else None, parse_targets(args.target)
    )
    print(f"written: {out / 'aar.md'}\n         {out / 'aar.pdf'}")
    return 0


def _reporting(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Answer a ReportError (bad result folder or option) the CLI's way: one line, exit 2."""

    def run(args: argparse.Namespace) -> int:
        from simulation.reports.inputs import ReportError

        try:
            return func(args)
        except ReportError as exc:
            print(f"sispam: error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT

    return run


def register(sub: Any) -> None:
    p = sub.add_parser(
        "chart",
        help="draw a chart of the catalogue from result folders",
        description="Draw one chart (or 'all' that the inputs can feed) as PNG "
        "(200 dpi), SVG and PDF. 'sispam chart list' shows the catalogue.",
    )
    p.add_argument("name", metavar="NAME", help="chart name, 'all', or 'list'")
    p.add_argument(
        "inputs",
        nargs="*",
        metavar="RESULTS_DIR",
        help="drill, comparison, sweep or plan search folders (or a folder of drill folders)",
    )
    p.add_argument("--lang", choices=("en", "id"), default="en", help=LANG_HELP)
    p.add_argument(
        "--size",
        choices=("page", "slide"),
        default="page",
        help="page (10 x 6 in) or slide (16:9, 13.33 x 7.5 in, larger type)",
    )
    p.add_argument(
        "--formats",
        type=chart_formats,
        default=FORMATS,
        help="comma-separated: png,svg,pdf (default all three)",
    )
    p.add_argument("--out", help="output folder (default: RESULTS_DIR/charts)")
    p.add_argument(
        "--kpi",
        "--kpis",
        action="append",
        help="KPI to draw; compare takes several (K1,K2 or repeat; default: up to 8 that differ)",
    )
    p.add_argument("--x", help="swept parameter on the x axis")
    p.add_argument("--y", help="swept parameter on the y axis (sweep-heatmap)")
    p.add_argument("--strategy", help="strategy to draw (sweeps, crowd, logistics)")
    p.add_argument("--deadline", help="clock time TPS must be ready by (default 07:00)")
    p.add_argument("--risk", help="risk KPI of cost-risk (default patrol.response_p90_min)")
    p.add_argument(
        "--los",
        choices=("queuing", "walkway"),
        help="level-of-service scale of crowd-density (default queuing)",
    )
    p.add_argument("--scene", help="crowd scene id to draw (default: the worst scene)")
    p.set_defaults(func=_reporting(cmd_chart))

    p = sub.add_parser("report", help="write the briefing pack (briefing.pdf + slide charts)")
    p.add_argument(
        "results",
        metavar="RESULTS_DIR",
        help="comparison, sweep, plan search, counterfactual or drill folder",
    )
    p.add_argument("--lang", choices=("en", "id"), default="en", help=LANG_HELP)
    p.add_argument("--out", help="output folder (default RESULTS_DIR/briefing-LANG)")
    p.add_argument(
        "--drills",
        nargs="*",
        default=[],
        metavar="DIR",
        help="drill folders to add drill-level charts (response, map, crowd, ...)",
    )
    p.add_argument(
        "--decide",
        metavar="KPI,KPI",
        help="the KPIs that decide the recommendation (default: every KPI with a better "
        "direction, harm first, then service; costs are the budget)",
    )
    p.set_defaults(func=_reporting(cmd_report))

    p = sub.add_parser("aar", help="write the after-action report of one drill (Markdown, PDF)")
    p.add_argument(
        "run",
        metavar="RUN_DIR",
        help="a drill's result folder (sispam run; a played game adds its decision timeline)",
    )
    p.add_argument("--lang", choices=("en", "id"), default="en", help=LANG_HELP)
    p.add_argument("--out", help="output folder (default RUN_DIR/aar-LANG)")
    p.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="KPI=VALUE",
        help="change an objective's threshold, e.g. patrol.within_target_share=0.95",
    )
    p.set_defaults(func=_reporting(cmd_aar))
