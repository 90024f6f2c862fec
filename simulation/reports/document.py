"""PDF documents (briefing pack, after-action report) built with reportlab's Platypus.

reportlab over matplotlib's PdfPages for the text pages: paragraphs that wrap, tables that wrap
their cells and split across pages with a repeated header, and page numbers, are built in;
laying them out by hand on matplotlib figures would be a few hundred lines of fragile code.
Charts go in as their 200-dpi PNGs, so the pack shows exactly the slide files next to it. Text
uses the DejaVu Sans that ships with matplotlib, which has the arrows, ≤, ² and μ the charts use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from simulation.reports.style import INK, MUTED, SIZES

# A 16:9 page, the same shape as the slide-size charts it carries.
PAGE = landscape((SIZES["slide"][1] * inch, SIZES["slide"][0] * inch))
MARGIN = 0.5 * inch
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    ttf = Path(matplotlib.get_data_path(), "fonts", "ttf")
    pdfmetrics.registerFont(TTFont(FONT, str(ttf / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(ttf / "DejaVuSans-Bold.ttf")))


_fonts()
STYLES = {
    "cover": ParagraphStyle(
        "cover",
        fontName=BOLD,
        fontSize=30,
        leading=36,
        textColor=colors.HexColor(INK),
        spaceAfter=18,
    ),
    "h1": ParagraphStyle(
        "h1", fontName=BOLD, fontSize=20, leading=25, spaceAfter=10, textColor=colors.HexColor(INK)
    ),
    "h2": ParagraphStyle(
        "h2",
        fontName=BOLD,
        fontSize=14,
        leading=18,
        spaceBefore=8,
        spaceAfter=4,
        textColor=colors.HexColor(INK),
    ),
    "body": ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, spaceAfter=4),
    "bullet": ParagraphStyle(
        "bullet",
        fontName=FONT,
        fontSize=11,
        leading=15,
        leftIndent=14,
        bulletIndent=2,
        spaceAfter=2,
    ),
    "small": ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=11),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11.5),
    "head": ParagraphStyle("head", fontName=BOLD, fontSize=9, leading=11.5),
    "mono": ParagraphStyle("mono", fontName="Courier", fontSize=8.5, leading=11),
}


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped: results may contain <, > and &)."""
    return Paragraph(escape(text), STYLES[style])


def bullets(items: Sequence[str]) -> list[Paragraph]:
    return [Paragraph(escape(item), STYLES["bullet"], bulletText="•") for item in items]


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    shade: dict[tuple[int, int], str] | None = None,
) -> Table:
    """A table with wrapping cells; `widths` are fractions of the text width; `shade` colours
    cells (row, column) of the body."""
    usable = PAGE[0] - 2 * MARGIN
    data = [[Paragraph(escape(h), STYLES["head"]) for h in header]]
    data += [[Paragraph(escape(str(c)), STYLES["cell"]) for c in row] for row in rows]
    out = Table(data, colWidths=[w * usable for w in widths], repeatRows=1)
    commands = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(INK)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#CCCCCC")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for (r, c), colour in (shade or {}).items():
        commands.append(("BACKGROUND", (c, r + 1), (c, r + 1), colors.HexColor(colour)))
    out.setStyle(TableStyle(commands))
    return out


def picture(png: Path) -> Image:
    """A chart PNG scaled to fill the page below a heading."""
    width = PAGE[0] - 2 * MARGIN
    height = PAGE[1] - 2 * MARGIN - 0.4 * inch
    image = Image(str(png))
    scale = min(width / image.imageWidth, height / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def write_pdf(path: Path, story: list[Flowable], title: str, footer: str) -> None:
    """Write the story to `path` with a footer and page numbers on every page."""

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawString(MARGIN, 0.3 * inch, footer)
        canvas.drawRightString(PAGE[0] - MARGIN, 0.3 * inch, str(doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="sispam",
        creator="sispam",
        invariant=True,  # no timestamps or random ids: the same inputs give the same bytes
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


__all__ = ["PageBreak", "Spacer", "bullets", "para", "picture", "table", "write_pdf"]
