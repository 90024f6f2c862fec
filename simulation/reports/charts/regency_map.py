"""A schematic map of the regency: kecamatan, incidents, response times and unit bases.

Reads a drill folder (incidents.csv, manifest.json) and the scenario it names (sector centres,
sites and the strategy's mobile posts, found by `find_scenario`). Kecamatan outlines come from
the bundled boundaries (scenarios/data/<scenario's region>.geojson, matched by kecamatan name)
when they exist, else each kecamatan is drawn as a disc of its area. Incidents only carry their
kecamatan, so they are placed around its centre (seeded by the incident number: the same map
every time) - the map is schematic and says so in its footnote.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Polygon
from matplotlib.patheffects import withStroke

from simulation.reports.inputs import DrillFolder, ReportError, find_scenario
from simulation.reports.labels import Lang, Text
from simulation.reports.style import INK, Size, finish, house_style, new_figure
from simulation.scenario.bundled import bundled_dir
from simulation.scenario.deployment import mobile_posts
from simulation.scenario.model import ScenarioSpec

SEVERITY_SIZE = {1: 12, 2: 22, 3: 45, 4: 70}
NO_DATA = "#EEEEEE"


def boundaries(spec: ScenarioSpec) -> dict[str, list[np.ndarray]]:
    """Outline rings (lng, lat) per sector id from a bundled GeoJSON whose names match."""
    names = {s.name.lower(): s.id for s in spec.geography.sectors}
    for path in sorted(Path(bundled_dir(), "data").glob("*.geojson")):
        features = json.loads(path.read_text(encoding="utf-8")).get("features", [])
        rings: dict[str, list[np.ndarray]] = {}
        for feature in features:
            sector = names.get(str(feature["properties"].get("name", "")).lower())
            geometry = feature["geometry"]
            polygons = (
                geometry["coordinates"]
                if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]]
            )
            if sector:
                rings[sector] = [np.array(poly[0]) for poly in polygons]
        if len(rings) >= len(names) / 2:
            return rings
    return {}


def _positions(spec: ScenarioSpec) -> dict[str, tuple[float, float]]:
    """(lng, lat) of every sector and site (a site without coordinates sits at its sector)."""
    where = {s.id: (s.lng, s.lat) for s in spec.geography.sectors}
    for site in spec.geography.sites:
        where[site.id] = (
            (site.lng, site.lat)
            if site.lat is not None and site.lng is not None
            else where[site.sector]
        )
    return where


def regency_map_chart(drill: DrillFolder, lang: Lang = "en", size: Size = "page") -> Figure:
    """Kecamatan coloured by median response time, incidents by severity, unit bases."""
    text = Text(lang)
    found = find_scenario(drill.manifest, drill.scenario)
    if found is None:
        raise ReportError(
            f"{drill.folder / 'manifest.json'}: scenario '{drill.scenario}' not "
            "found; the map needs its kecamatan positions"
        )
    spec = found.spec
    incidents = drill.table("incidents")
    assert incidents is not None
    where = _positions(spec)
    medians = incidents.groupby("sector")["response_min"].median()
    target = drill.target_min or float(np.nanmax(medians.to_numpy(float), initial=1.0))
    norm = Normalize(0, max(target * 1.5, float(np.nanmax(medians.to_numpy(float), initial=0))))
    cmap = colormaps["YlOrRd"]
    rings = boundaries(spec)
    lat0 = float(np.mean([s.lat for s in spec.geography.sectors]))
    with house_style(size):
        fig, ax = new_figure(size)
        patches, colours = [], []
        for sector in spec.geography.sectors:
            median = medians.get(sector.id, math.nan)
            colour = NO_DATA if not np.isfinite(median) else cmap(norm(median))
            shapes = [Polygon(r, closed=True) for r in rings.get(sector.id, [])] or [
                Circle((sector.lng, sector.lat), math.sqrt(sector.area_km2 / math.pi) / 111.0)
            ]
            patches += shapes
            colours += [colour] * len(shapes)
        ax.add_collection(PatchCollection(patches, facecolor=colours, edgecolor="white", lw=1.2))
        rng_points = _incident_points(incidents, where)
        for severity, group in rng_points.groupby("severity"):
            ax.scatter(
                group["x"],
                group["y"],
                s=SEVERITY_SIZE.get(int(severity), 30),
                facecolor=INK if severity >= 3 else "white",
                edgecolor=INK,
                lw=0.7,
                alpha=0.85,
                zorder=3,
            )
        bases = Counter(p.station for p in mobile_posts(spec, spec.strategies[drill.strategy]))
        for station, count in bases.items():
            x, y = where[station]
            ax.scatter(
                [x], [y], marker="^", s=30 + 8 * count, color="#0072B2", edgecolor="white", zorder=4
            )
        for sector in spec.geography.sectors:
            ax.annotate(
                sector.name,
                (sector.lng, sector.lat),
                xytext=(0, -9),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=7.5,
                color=INK,
                path_effects=[withStroke(linewidth=2.5, foreground="white")],
                zorder=5,
            )
        ax.set_aspect(1 / math.cos(math.radians(lat0)))
        ax.autoscale_view()
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.8, pad=0.01)
        bar.set_label(text("map.colour"))
        if drill.target_min is not None:
            bar.ax.axhline(drill.target_min, color=INK, lw=1.5)
            bar.ax.annotate(
                text("response.target", target=drill.target_min),
                (0, drill.target_min),
                xycoords=("axes fraction", "data"),
                xytext=(-4, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=8,
            )
        legend = [
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                markersize=math.sqrt(SEVERITY_SIZE[s]),
                markerfacecolor=INK if s >= 3 else "white",
                markeredgecolor=INK,
                label=text("map.incident", severity=s),
            )
            for s in sorted(SEVERITY_SIZE)
        ] + [
            Line2D([], [], ls="", marker="^", markersize=8, color="#0072B2", label=text("map.base"))
        ]
        if medians.reindex([s.id for s in spec.geography.sectors]).isna().any():
            legend.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="s",
                    markersize=8,
                    color=NO_DATA,
                    label=text("map.no_incidents"),
                )
            )
        slowest = medians.idxmax() if len(medians.dropna()) else None
        names = {s.id: s.name for s in spec.geography.sectors}
        title = (
            text("map.title", kecamatan=names.get(slowest, slowest), median=float(medians.max()))
            if slowest
            else text("response.title.none")
        )
        return finish(
            fig, title, drill.provenance(), text, extra=[text("map.schematic")], legend=legend
        )


def _incident_points(incidents: pd.DataFrame, where: dict) -> pd.DataFrame:
    """Each incident at a fixed pseudo-random spot within ~2 km of its kecamatan centre."""
    rows = []
    for row in incidents.itertuples():
        rng = np.random.default_rng(int(row.incident))
        x0, y0 = where.get(row.sector, (math.nan, math.nan))
        angle, radius = rng.uniform(0, 2 * math.pi), 0.018 * math.sqrt(rng.uniform(0.05, 1))
        rows.append(
            {
                "x": x0 + radius * math.cos(angle),
                "y": y0 + radius * math.sin(angle),
                "severity": int(row.severity),
            }
        )
    return pd.DataFrame(rows, columns=["x", "y", "severity"])
