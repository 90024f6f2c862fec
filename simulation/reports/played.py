"""The decision timeline of a played game as PDF pages, for the AAR and the briefing.

Apart from orders.py, which the chart catalogue reads, so that `sispam run` (it draws its charts
from the catalogue) does not import the PDF writer (reportlab)."""

from __future__ import annotations

from simulation.reports import document as doc
from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Text
from simulation.reports.orders import WIDTHS, header, note, place_names, read_orders, timeline_rows


def decisions_pages(drill: DrillFolder, text: Text) -> list:
    """The decision timeline as PDF flowables (heading, note, table); [] for an unplayed drill."""
    orders = read_orders(drill)
    if not orders:
        return []
    rows = timeline_rows(drill, text, place_names(drill))
    return [
        doc.para(text("aar.decisions"), "h1"),
        doc.para(note(orders, text)),
        doc.table(header(text), rows, WIDTHS),
    ]
