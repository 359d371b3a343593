"""Paragraph-aware comparison of Chinese speech drafts; pure Python, no Django."""

from .blocks import MODIFIED_THRESHOLD
from .compare import GRANULARITIES, compare_texts
from .groups import MAX_PARTS, PART_COVERAGE, SPLIT_THRESHOLD
from .moves import MOVE_THRESHOLD
from .paragraphs import fold_punct_width, fold_script, split_paragraphs
from .result import KINDS, Change, Comparison, Stats

__all__ = [
    "GRANULARITIES",
    "KINDS",
    "MAX_PARTS",
    "MODIFIED_THRESHOLD",
    "MOVE_THRESHOLD",
    "PART_COVERAGE",
    "SPLIT_THRESHOLD",
    "Change",
    "Comparison",
    "Stats",
    "compare_texts",
    "fold_punct_width",
    "fold_script",
    "split_paragraphs",
]
