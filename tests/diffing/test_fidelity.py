"""Marks follow words: word mode never cuts one, no mode re-marks one."""

from hypothesis import given
from hypothesis import strategies as st

from drafts.diffing import compare_texts, split_paragraphs
from tests.diffing.contract import assert_contract
from tests.diffing.fidelity import cuts, remarked
from tests.diffing.test_properties import FAST, edited_drafts


def segments(old, new, granularity):
    result = compare_texts(old, new, granularity=granularity)
    assert_contract(old, new, result)
    (change,) = [c for c in result.changes if c.kind != "equal"]
    return change.segments


def test_word_mode_marks_words_of_the_side_they_are_drawn_on():
    # "不喜" is one word of the old text, "喜欢" and "花钱" words of the new.
    assert segments("不喜为孩子钱", "不喜欢为孩子花钱", "word") == (
        ("delete", "不喜"),
        ("insert", "不喜欢"),
        ("equal", "为孩子"),
        ("delete", "钱"),
        ("insert", "花钱"),
    )


def test_word_mode_marks_a_corrected_word_whole():
    # "做" corrected to "坐": the new text's word is "坐火车".
    assert segments("大家做火车回家", "大家坐火车回家", "word") == (
        ("equal", "大家"),
        ("delete", "做火车"),
        ("insert", "坐火车"),
        ("equal", "回家"),
    )
    assert segments("这首歌有不同的调", "这首歌有不同的曲调", "word")[-2:] == (
        ("delete", "调"),
        ("insert", "曲调"),
    )


def test_char_mode_keeps_character_marks():
    assert segments("大家做火车回家", "大家坐火车回家", "char") == (
        ("equal", "大家"),
        ("delete", "做"),
        ("insert", "坐"),
        ("equal", "火车回家"),
    )


def test_char_mode_shows_an_unchanged_word_unchanged():
    # The semantic cleanup merged "也" into the change around it: shown
    # deleted and re-inserted, though the correction kept it.
    old, new = "即使条件不好也做出了成绩", "即使条件不好，也能做出成绩"
    assert segments(old, new, "char") == (
        ("equal", "即使条件不好"),
        ("insert", "，"),
        ("equal", "也"),
        ("insert", "能"),
        ("equal", "做出"),
        ("delete", "了"),
        ("equal", "成绩"),
    )


def test_word_mode_shows_an_unchanged_mark_unchanged():
    old, new = "会议要求各单位也要落实", "会议要求各单位，也能落实"
    parts = segments(old, new, "word")
    assert remarked(old, new, parts) == [] and ("equal", "也") in parts


@FAST
@given(edited_drafts())
def test_word_mode_never_cuts_a_word(drafts):
    old, new = drafts
    for fold in (False, True):
        result = compare_texts(old, new, granularity="word", ignore_punct_width=fold)
        for change in result.changes:
            old_text, new_text = _texts(change, old, new)
            assert cuts(old_text, new_text, change.segments) == [], change


@FAST
@given(edited_drafts())
def test_no_mode_re_marks_an_unchanged_word(drafts):
    old, new = drafts
    for granularity in ("char", "word"):
        result = compare_texts(old, new, granularity=granularity)
        for change in result.changes:
            old_text, new_text = _texts(change, old, new)
            assert remarked(old_text, new_text, change.segments) == [], change


VOCABULARY = "组织 工作 会议 干部 队伍 建设 提高 领导 班子 的 也 要 和 在 ， 。".split()
sentence = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12)


@FAST
@given(sentence, st.data())
def test_no_mode_re_marks_a_word_kept_between_replaced_words(words, data):
    # Replaced words around a kept one: what the semantic cleanup merges.
    replaced = [
        data.draw(st.sampled_from(VOCABULARY)) if data.draw(st.booleans()) else w
        for w in words
    ]
    old, new = "".join(words), "".join(replaced)
    for granularity in ("char", "word"):
        for change in compare_texts(old, new, granularity=granularity).changes:
            old_text, new_text = _texts(change, old, new)
            assert remarked(old_text, new_text, change.segments) == [], change


def _texts(change, old, new):
    old_paragraphs, new_paragraphs = split_paragraphs(old), split_paragraphs(new)
    return (
        "\n".join(old_paragraphs[i] for i in change.old),
        "\n".join(new_paragraphs[j] for j in change.new),
    )
