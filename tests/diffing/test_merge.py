"""Three-way merge: clean merges, conflicts, and nothing lost silently."""

import pytest

from drafts.diffing import split_paragraphs
from drafts.diffing.merge import Conflict, merge_texts

BASE = "同志们：\n今年任务很重。\n要抓好落实。\n谢谢大家！"


def test_merge_edits_in_different_paragraphs_merge_cleanly():
    mine = BASE.replace("今年任务很重。", "今年任务十分繁重。")
    theirs = BASE.replace("要抓好落实。", "要真抓实干、抓好落实。")
    result = merge_texts(BASE, mine, theirs)
    assert result.conflicts == []
    assert split_paragraphs(result.text()) == [
        "同志们：",
        "今年任务十分繁重。",
        "要真抓实干、抓好落实。",
        "谢谢大家！",
    ]


def test_merge_both_edits_in_one_paragraph_far_apart_merge_fuzzily():
    base = "第一句话讲形势，内容比较长一些。第二句话讲任务，内容也比较长一些。"
    mine = base.replace("讲形势", "讲国内外形势")
    theirs = base.replace("讲任务", "讲今年的任务")
    result = merge_texts(base, mine, theirs)
    assert result.conflicts == []
    assert result.text() == (
        "第一句话讲国内外形势，内容比较长一些。第二句话讲今年的任务，内容也比较长一些。"
    )


def test_merge_same_sentence_edited_on_both_sides_is_a_conflict():
    mine = BASE.replace("今年任务很重。", "今年任务十分繁重。")
    theirs = BASE.replace("今年任务很重。", "今年任务非常艰巨。")
    result = merge_texts(BASE, mine, theirs)
    assert result.conflicts == [
        Conflict(("今年任务很重。",), ("今年任务十分繁重。",), ("今年任务非常艰巨。",))
    ]
    with pytest.raises(KeyError):
        result.text()
    assert "今年任务十分繁重。" in result.text({0: "mine"})
    assert "今年任务非常艰巨。" in result.text({0: "theirs"})
    both = split_paragraphs(result.text({0: "both"}))
    assert "今年任务十分繁重。" in both and "今年任务非常艰巨。" in both


def test_merge_insertions_on_both_sides_keep_both():
    mine = BASE + "\n我加的结尾段。"
    theirs = BASE.replace("同志们：", "同志们：\n他们加的开头段。")
    result = merge_texts(BASE, mine, theirs)
    text = split_paragraphs(result.text({k: "both" for k in range(5)}))
    assert "我加的结尾段。" in text and "他们加的开头段。" in text


def test_merge_deletion_against_edit_is_a_conflict_not_a_silent_loss():
    mine = BASE.replace("要抓好落实。\n", "")
    theirs = BASE.replace("要抓好落实。", "要抓好落实，久久为功。")
    result = merge_texts(BASE, mine, theirs)
    assert len(result.conflicts) == 1
    assert result.conflicts[0].theirs == ("要抓好落实，久久为功。",)


def test_merge_identical_edits_on_both_sides_are_taken_once():
    edited = BASE.replace("很重", "繁重")
    result = merge_texts(BASE, edited, edited)
    assert result.conflicts == []
    assert split_paragraphs(result.text()) == split_paragraphs(edited)
