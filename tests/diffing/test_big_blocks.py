"""Properties over drafts big enough for the engine's bounded paths: blocks
of more than 900 candidate pairs (each paragraph compared with a few near
its diagonal), a move search over many leftovers, splits and merges among
them. The small drafts of test_properties.py never reach these paths."""

from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.diffing import compare_texts, near, split_paragraphs
from tests.diffing.contract import assert_contract
from tests.diffing.test_properties import paragraph

many = st.lists(paragraph, min_size=35, max_size=60)


def _revised(draw, items: list[str]) -> list[str]:
    """Edit every paragraph a little, then move, split and merge a few."""
    revised = [
        item[: draw(st.integers(0, len(item)))] + draw(paragraph) for item in items
    ]
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(revised) - 1))
        revised.insert(draw(st.integers(0, len(revised) - 1)), revised.pop(k))
    k = draw(st.integers(0, len(revised) - 2))
    revised[k : k + 2] = [revised[k] + revised[k + 1]]
    k = draw(st.integers(0, len(revised) - 1))
    cut = draw(st.integers(1, max(1, len(revised[k]) - 1)))
    revised[k : k + 1] = [revised[k][:cut], revised[k][cut:]]
    return [item for item in revised if item.strip()]


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_big_blocks_keep_the_contract(data):
    items = data.draw(many)
    old = "\n".join(items)
    new = "\n".join(_revised(data.draw, items))
    old_count, new_count = len(split_paragraphs(old)), len(split_paragraphs(new))
    # Every paragraph edited: one replaced block past the dense limit.
    assert old_count * new_count > near._DENSE_PAIRS
    for granularity in ("char", "word"):
        result = compare_texts(old, new, granularity=granularity)
        assert_contract(old, new, result)
