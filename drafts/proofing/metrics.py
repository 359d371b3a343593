"""Speech metrics: character counts and speaking time at a given pace."""

from .chars import count_ideographs, count_non_blank
from .result import Metrics, OutlineNode


def measure(
    paragraphs: list[str], outline: tuple[OutlineNode, ...], chars_per_minute: int
) -> Metrics:
    """Return the metrics of *paragraphs*; spaces inside them are not counted."""
    chars = sum(count_non_blank(p) for p in paragraphs)
    return Metrics(
        chinese_chars=sum(count_ideographs(p) for p in paragraphs),
        chars=chars,
        paragraphs=len(paragraphs),
        outline=outline,
        speaking_minutes=round(chars / chars_per_minute, 1),
        chars_per_minute=chars_per_minute,
    )
