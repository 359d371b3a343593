"""Example edits of the real demo speech, one per change kind and tag."""

from pathlib import Path

import pytest

from drafts.diffing import compare_texts, split_paragraphs
from tests.diffing.contract import assert_contract, kinds

DEMO = Path(__file__).resolve().parents[2] / "drafts/demo/speech-organization-work.txt"


@pytest.fixture(scope="module")
def speech():
    return DEMO.read_text(encoding="utf-8")


def edited(speech, change):
    paragraphs = split_paragraphs(speech)
    change(paragraphs)
    return "\n".join(paragraphs)


def compare(old, new, **options):
    result = compare_texts(old, new, **options)
    assert_contract(old, new, result, fold=options.get("ignore_punct_width", False))
    return result


def test_compare_texts_finds_speech_unchanged(speech):
    result = compare(speech, speech)
    assert kinds(result) == []
    assert result.stats.kinds["equal"] == 21


def test_compare_texts_reports_move_past_three_paragraphs_as_one_move(speech):
    new = edited(speech, lambda p: p.insert(8, p.pop(5)))
    assert kinds(compare(speech, new)) == [("moved", (5,), (8,))]


def test_compare_texts_reports_edited_move_with_segments(speech):
    def move(p):
        p.insert(20, p.pop(6).replace("新挑战", "新的挑战"))

    result = compare(speech, edited(speech, move))
    assert kinds(result) == [("moved", (6,), (20,))]
    moved = next(c for c in result.changes if c.kind == "moved")
    assert ("insert", "的") in moved.segments


def test_compare_texts_reports_split_at_full_stop(speech):
    def split(p):
        p[14:15] = p[14].split("。", 1)

    result = compare(speech, edited(speech, split))
    assert kinds(result) == [("split", (14,), (14, 15))]


def test_compare_texts_reports_merge_of_two_paragraphs(speech):
    def merge(p):
        p[2:4] = [p[2] + p[3]]

    assert kinds(compare(speech, edited(speech, merge))) == [("merged", (2, 3), (2,))]


def test_compare_texts_reports_added_heading_number_as_modified(speech):
    def number(p):
        p[9] = "4" + p[9]

    result = compare(speech, edited(speech, number))
    change = next(c for c in result.changes if c.kind != "equal")
    assert (change.kind, change.old, change.tags) == ("modified", (9,), ())
    assert change.segments[0] == ("insert", "4")


@pytest.mark.parametrize(
    ("index", "before", "after"), [(10, "二、", "三、"), (6, "1、", "2、")]
)
def test_compare_texts_tags_renumbered_heading(speech, index, before, after):
    def renumber(p):
        p[index] = p[index].replace(before, after, 1)

    result = compare(speech, edited(speech, renumber))
    change = next(c for c in result.changes if c.kind != "equal")
    assert (change.kind, change.tags) == ("modified", ("renumbering",))


def test_compare_texts_tags_punctuation_width(speech):
    new = speech.replace(";", "；")
    result = compare(speech, new)
    changed = [c for c in result.changes if c.kind != "equal"]
    assert changed and all(c.tags == ("width",) for c in changed)
    assert ("delete", ";") in changed[0].segments


def test_compare_texts_ignores_punctuation_width_when_asked(speech):
    new = speech.replace(";", "；").replace("!", "！")
    result = compare(speech, new, ignore_punct_width=True)
    assert kinds(result) == []
    assert all(
        c.segments == (("equal", p),)
        for c, p in zip(result.changes, split_paragraphs(new), strict=True)
    )


def test_compare_texts_shows_whole_words_in_word_granularity(speech):
    new = speech.replace("不断提高科学执政", "不断提升科学执政")
    result = compare(speech, new, granularity="word")
    change = next(c for c in result.changes if c.kind == "modified")
    assert ("delete", "提高") in change.segments
    assert ("insert", "提升") in change.segments


def test_compare_texts_places_deletion_after_its_old_neighbour(speech):
    new = edited(speech, lambda p: p.pop(10))
    result = compare(speech, new)
    position = next(k for k, c in enumerate(result.changes) if c.kind == "deleted")
    assert result.changes[position].old == (10,)
    assert result.changes[position - 1].old == (9,)


def test_compare_texts_matches_duplicate_greeting(speech):
    new = edited(speech, lambda p: p.insert(20, "同志们："))
    assert kinds(compare(speech, new)) == [("inserted", (), (20,))]


def test_compare_texts_counts_characters_in_stats(speech):
    new = speech.replace("全市组织工作会议", "全市组织工作大会", 1)
    stats = compare(speech, new).to_dict()["stats"]
    assert (stats["inserted_chars"], stats["deleted_chars"]) == (1, 1)
    assert stats["kinds"]["modified"] == 1
    assert 99 < stats["similarity"] < 100
