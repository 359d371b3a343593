"""Correct texts written for these tests must produce no finding at all."""

from pathlib import Path

import pytest

from drafts.proofing import proofread

from .helpers import assert_clean

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["clean-speech.txt", "clean-numbers.txt"])
def test_clean_text_has_no_findings(name):
    assert_clean((DATA / name).read_text(encoding="utf-8"))


def test_clean_speech_uses_all_four_outline_levels():
    outline = proofread((DATA / "clean-speech.txt").read_text(encoding="utf-8"))
    levels = set()
    stack = list(outline.metrics.outline)
    while stack:
        node = stack.pop()
        levels.add(node.level)
        stack.extend(node.children)

    assert levels == {1, 2, 3, 4}
