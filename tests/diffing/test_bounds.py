"""The engine's exact bounds hold for every diff, so they change no result."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.diffing.bounds import fits_in_order, length_bound
from drafts.diffing.inline import common_length, diff_ops

# Few letters, so that texts share characters by chance as paragraphs of one
# vocabulary do; an astral character checks that code points, not UTF-16
# units, are compared.
text = st.text(alphabet="组织工作的𠮷", max_size=24)
MANY = settings(max_examples=400, deadline=None)


def lcs_by_table(a: str, b: str) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        previous, row = row, [0]
        for k, y in enumerate(b):
            row.append(previous[k] + 1 if x == y else max(previous[k + 1], row[k]))
    return row[-1]


@MANY
@given(text, st.text(alphabet="组织工作的", min_size=1, max_size=12), text)
def test_fits_in_order_matches_every_cut_of_the_whole(whole, first, last):
    if not last:
        last = first
    needs = math.ceil(len(first) / 2), math.ceil(len(last) / 2)
    expected = any(
        lcs_by_table(whole[:cut], first) >= needs[0]
        and lcs_by_table(whole[cut:], last) >= needs[1]
        for cut in range(len(whole) + 1)
    )
    assert fits_in_order(whole, first, last, 0.5) == expected


@MANY
@given(
    text, st.lists(st.text(alphabet="组织工作的", min_size=1), min_size=2, max_size=3)
)
def test_fits_in_order_admits_every_split_a_diff_can_keep(whole, parts):
    joined = "\n".join(parts)
    kept = _kept_per_part(diff_ops(whole, joined), [len(p) for p in parts])
    if all(k >= math.ceil(len(p) / 2) for k, p in zip(kept, parts, strict=True)):
        assert fits_in_order(whole, parts[0], parts[-1], 0.5)


def _kept_per_part(ops, lengths):
    kept, starts, position = [0] * len(lengths), [], 0
    for length in lengths:
        starts.append(position)
        position += length + 1
    a = b = 0
    for op, n in ops:
        if op == "=":
            for k, start in enumerate(starts):
                kept[k] += max(min(b + n, start + lengths[k]) - max(b, start), 0)
        a, b = a + n * (op != "+"), b + n * (op != "-")
    return kept


@MANY
@given(text, text)
def test_length_bound_bounds_every_similarity(a, b):
    if a or b:
        similarity = 2 * common_length(diff_ops(a, b)) / (len(a) + len(b))
        assert similarity <= length_bound(len(a), len(b))
