import pytest

from drafts.proofing import proofread

from .helpers import assert_clean, findings


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("《书名", 0),
        ("书名》", 2),
        ("“引号", 0),
        ("引号”", 2),
        ("‘引号", 0),
        ("（括号", 0),
        ("括号）", 2),
        ("【标签", 0),
        ("《关于〈决定的说明》", 3),
    ],
)
def test_unbalanced_pair_at_the_lonely_mark(text, position):
    assert findings(text) == [("unbalanced_pair", 0, position, position + 1, None)]


def test_unbalanced_pair_inside_crossed_pairs():
    assert findings("《标题“引文》”") == [
        ("unbalanced_pair", 0, 3, 4, None),
        ("unbalanced_pair", 0, 7, 8, None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "他说：“我读过《红楼梦》（程甲本）【注】，‘好’。”",
        "《关于〈中共中央关于全面深化改革若干重大问题的决定〉的说明》",
        "I don’t know. It’s the students’ work.",
        "a<b，且c>d。",
    ],
)
def test_balanced_pairs_are_clean(text):
    assert_clean(text)


def test_quotation_running_over_paragraphs_is_clean():
    assert_clean("他说：\n“第一段。\n“第二段。\n“第三段。”")


def test_quotation_left_open_before_plain_text_is_reported():
    assert findings("“第一段。\n第二段。") == [("unbalanced_pair", 0, 0, 1, None)]


def test_nested_title_with_angle_bracket_left_open():
    text = "印发《贯彻实施<决定重要举措分工方案》"

    issue = proofread(text).issues[0]

    assert findings(text) == [("nested_title", 0, 7, 8, "〈")]
    assert "〉" in issue.message
    assert not issue.is_mechanical


def test_nested_title_with_angle_brackets():
    assert findings("《关于<决定>的说明》") == [
        ("nested_title", 0, 3, 4, "〈"),
        ("nested_title", 0, 6, 7, "〉"),
    ]


def test_nested_title_with_double_title_marks():
    assert findings("《关于《决定》的说明》") == [
        ("nested_title", 0, 3, 4, "〈"),
        ("nested_title", 0, 6, 7, "〉"),
    ]


def test_second_title_mark_without_outer_close_is_unbalanced():
    assert findings("《关于《决定》的说明") == [("unbalanced_pair", 0, 0, 1, None)]
