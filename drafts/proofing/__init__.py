"""Proofreading of Chinese speech drafts: numbering, punctuation, repeats, metrics.

Pure Python: imports nothing from Django or from other drafts packages.
"""

from .engine import proofread
from .fixes import apply_fixes
from .paragraphs import split_paragraphs
from .result import (
    MECHANICAL_CODES,
    PROOFREAD_CODES,
    Issue,
    Metrics,
    OutlineNode,
    ProofreadResult,
)

__all__ = [
    "MECHANICAL_CODES",
    "PROOFREAD_CODES",
    "Issue",
    "Metrics",
    "OutlineNode",
    "ProofreadResult",
    "apply_fixes",
    "proofread",
    "split_paragraphs",
]
