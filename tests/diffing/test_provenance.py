"""Provenance carried from revision to revision through the comparisons:
moves followed, edits dated, splits and merges keep the oldest origin."""

from hypothesis import given

from drafts.diffing import compare_texts, split_paragraphs
from drafts.diffing.provenance import Origin, carry_provenance, first_provenance
from tests.diffing.test_properties import FAST, edited_drafts


def _carry(previous, old: str, new: str, number: int, author: int):
    changes = compare_texts(old, new).to_dict()["changes"]
    return carry_provenance(previous, changes, number, author)


def test_unchanged_and_moved_paragraphs_keep_their_origin():
    v1 = "甲段落的内容。\n乙段落的内容。\n丙段落的内容。"
    v2 = "甲段落的内容。\n丙段落的内容。\n乙段落的内容。"  # 乙 moved
    first = first_provenance(3, 1, author=7)
    carried = _carry(first, v1, v2, 2, author=8)
    assert carried == [Origin(1, 1, 7)] * 3


def test_an_edit_dates_the_paragraph_and_an_insertion_is_new():
    v1 = "甲段落的内容。\n乙段落的内容。"
    v2 = "甲段落的内容有改动。\n新加的一段话。\n乙段落的内容。"
    carried = _carry(first_provenance(2, 1, 7), v1, v2, 2, 8)
    assert carried == [Origin(1, 2, 8), Origin(2, 2, 8), Origin(1, 1, 7)]


def test_split_and_merged_paragraphs_keep_the_oldest_origin():
    v1 = "一、第一部分的内容。第二句话在这里。\n二、另一段。\n三、再一段。"
    v2 = "一、第一部分的内容。\n第二句话在这里。\n二、另一段。三、再一段。"
    previous = [Origin(1, 1, 7), Origin(3, 3, 9), Origin(2, 2, 8)]
    carried = _carry(previous, v1, v2, 4, 5)
    assert [origin.first for origin in carried] == [1, 1, 2]
    assert all(origin.changed == 4 for origin in carried)


@FAST
@given(edited_drafts())
def test_provenance_covers_every_paragraph_and_never_postdates(drafts):
    old, new = drafts
    previous = first_provenance(len(split_paragraphs(old)), 1, 7)
    carried = _carry(previous, old, new, 2, 8)
    assert len(carried) == len(split_paragraphs(new))
    for origin in carried:
        assert origin.first == 1 or origin == Origin(2, 2, 8)
        assert origin.changed in (1, 2) and origin.first <= origin.changed
