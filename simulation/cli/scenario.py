"""`sispam validate`, `list`, `schema` and `kpis`: the scenario language and the KPI registry."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from simulation.cli.common import EXIT_BAD_INPUT, parse_sets


def cmd_validate(args: argparse.Namespace) -> int:
    from simulation.core.kpis import decide_problems
    from simulation.core.plugins import installed
    from simulation.geography import load_scenario
    from simulation.scenario.deployment import officers_deployed
    from simulation.scenario.errors import ScenarioError

    failed = False
    sets = parse_sets(args.set) or None
    for file in args.files:
        try:
            spec = load_scenario(file, sets)
            installed()  # the models declare the KPIs a `decide:` section may name
            problems = decide_problems(spec)
            if problems:
                raise ScenarioError(problems)
        except ScenarioError as exc:
            print(exc, file=sys.stderr)
            failed = True
            continue
        geo = spec.geography
        tps = sum(s.tps.total for s in geo.sectors)
        deployed = ", ".join(
            f"{name} {officers_deployed(spec, strategy):,} officers"
            for name, strategy in spec.strategies.items()
        )
        print(f"ok: {file}: {len(geo.sectors)} sectors, {tps:,} TPS; strategies: {deployed}")
        for plugin in installed():
            for warning in plugin.warnings(spec) if plugin.warnings else ():
                print(f"warning: {file}: {warning}", file=sys.stderr)
    return EXIT_BAD_INPUT if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    from simulation.geography import load_scenario
    from simulation.scenario.bundled import bundled_scenarios
    from simulation.scenario.errors import ScenarioError

    for name, path in bundled_scenarios().items():
        try:
            spec = load_scenario(path)
        except ScenarioError as exc:  # a broken bundled file is a bug worth showing plainly
            print(f"{name}: INVALID\n{exc}", file=sys.stderr)
            continue
        print(f"{name}: {spec.metadata.title}")
        for key, strategy in spec.strategies.items():
            mark = "*" if key == spec.default_strategy else " "
            print(f"  {mark} {key}: {strategy.name}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from simulation.scenario.schema import scenario_json_schema

    print(json.dumps(scenario_json_schema(), indent=2))
    return 0


def cmd_kpis(args: argparse.Namespace) -> int:
    from simulation.core.kpis import markdown_table
    from simulation.core.plugins import installed

    installed()  # the installed models declare their KPIs

    print(markdown_table(), end="")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check scenario files and report every problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a value by dotted path in every file before checking it",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="bundled scenarios and their strategies (* = default)")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario language")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("kpis", help="every KPI: unit, better direction, meaning (Markdown)")
    p.set_defaults(func=cmd_kpis)
