"""Pages: what a PDF holds, and what the 22 × 28 grid predicts."""

import math
import re

from drafts.exporting.official import CHARS_PER_LINE, LINES_PER_PAGE

TITLE_CHARS_PER_LINE = 20  # 二号 (22 pt) across the 156 mm text block
_PAGES = re.compile(rb"/Type\s*/Pages\b(?:(?!endobj).)*?/Count\s+(\d+)", re.DOTALL)


def pdf_pages(data: bytes) -> int:
    """Return the page count of a PDF: its page tree's root /Count."""
    return max(int(count) for count in _PAGES.findall(data))


def grid_pages(paragraphs: list[str], title: str = "") -> float:
    """Return the pages *paragraphs* fill on the grid, each with its
    two-character indent, under *title* and the blank line after it."""
    lines = sum(math.ceil((len(p) + 2) / CHARS_PER_LINE) for p in paragraphs)
    if title:
        lines += math.ceil(len(title) / TITLE_CHARS_PER_LINE) + 1
    return lines / LINES_PER_PAGE
