"""Write the `logistics.pps` list of the Pasuruan logistics scenario from pasuruan_desa.csv.

One PPS per village (desa/kelurahan) at its centroid; the kecamatan's TPS (from the base
scenario) are split evenly over its villages, largest remainder first, except the Purwodadi
villages named in the 26 Nov 2024 withdrawal, which together hold the reported 23 TPS.
Run `PYTHONPATH=. python scenarios/data/make_pps.py > pps.yaml` and paste it under
`logistics.pps`.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from simulation.geography import load_scenario

HERE = Path(__file__).parent
SECTOR_ALIASES = {"gondangwetan": "gondang_wetan"}
FIXED = {
    ("purwodadi", "lebakrejo"): 8,
    ("purwodadi", "gajahrejo"): 8,
    ("purwodadi", "pucangsari"): 7,
}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def split(total: int, n: int) -> list[int]:
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def main() -> None:
    spec = load_scenario("pasuruan_pilkada_2024")
    tps = {s.id: s.tps.total for s in spec.geography.sectors}
    with (HERE / "pasuruan_kecamatan.csv").open(encoding="utf-8") as handle:
        sector_of = {
            row["code"]: SECTOR_ALIASES.get(slug(row["name"]), slug(row["name"]))
            for row in csv.DictReader(handle)
        }
    villages: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (HERE / "pasuruan_desa.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            villages[sector_of[row["kecamatan_code"]]].append(row)
    for sector, rows in villages.items():
        fixed = {
            slug(r["name"]): FIXED[(sector, slug(r["name"]))]
            for r in rows
            if (sector, slug(r["name"])) in FIXED
        }
        free = [r for r in rows if slug(r["name"]) not in fixed]
        counts = dict(
            zip(
                (slug(r["name"]) for r in free),
                split(tps[sector] - sum(fixed.values()), len(free)),
                strict=True,
            )
        )
        counts.update(fixed)
        for r in rows:
            print(
                f"  - {{id: {sector}_{slug(r['name'])}, name: {r['name']}, sector: {sector}, "
                f"lat: {r['lat']}, lng: {r['lng']}, tps: {counts[slug(r['name'])]}}}"
            )


if __name__ == "__main__":
    main()
