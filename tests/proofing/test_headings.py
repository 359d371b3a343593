from drafts.proofing import proofread

from .helpers import assert_clean, findings


def test_heading_gap_reported_once_without_suggestion():
    text = "一、甲\n正文。\n二、乙\n四、丁\n五、戊"

    assert findings(text) == [("heading_gap", 3, 0, 2, None)]


def test_heading_gap_when_the_first_number_is_not_one():
    assert findings("（二）起步") == [("heading_gap", 0, 0, 3, None)]


def test_heading_repeat_suggests_the_expected_number():
    text = "1、甲\n2、乙\n2、丙\n3、丁"

    assert findings(text) == [("heading_repeat", 2, 0, 2, "3、")]


def test_heading_order_suggests_the_expected_number():
    text = "（1）甲\n（2）乙\n（3）丙\n（2）丁"

    assert findings(text) == [("heading_order", 3, 0, 3, "（4）")]


def test_heading_missing_number_continues_the_open_level():
    text = "一、甲\n1、子\n2、丑\n3、寅\n、卯\n5、辰\n二、乙"

    assert findings(text) == [("heading_missing_number", 4, 0, 1, "4、")]


def test_heading_missing_number_in_parentheses():
    text = "（一）甲\n（二）乙\n（）丙\n（1）子\n）丑"

    assert findings(text) == [
        ("heading_missing_number", 2, 0, 2, "（三）"),
        ("heading_missing_number", 4, 0, 1, "（2）"),
    ]


def test_heading_missing_number_without_context_has_no_suggestion():
    assert findings("、无从判断") == [("heading_missing_number", 0, 0, 1, None)]


def test_levels_restart_under_their_parent():
    text = "\n".join(
        [
            "一、甲",
            "（一）子",
            "1、丑",
            "（1）寅",
            "（2）卯",
            "2、辰",
            "（1）巳",
            "（二）午",
            "1．未",
            "2. 申",
            "二、乙",
            "1、酉",
        ]
    )

    assert_clean(text)


def test_level_three_may_sit_directly_under_level_one():
    assert_clean("一、甲\n1、子\n2、丑\n二、乙\n1、寅")


def test_chinese_numerals_up_to_ninety_nine():
    text = "\n".join(
        f"{n}、第{n}节"
        for n in [
            "一",
            "二",
            "三",
            "四",
            "五",
            "六",
            "七",
            "八",
            "九",
            "十",
            "十一",
            "十二",
        ]
    )

    assert_clean(text)


def test_numbers_that_are_not_headings():
    assert_clean("1.5亿元是目标。\n2、3月份雨水多。\n一、二、三等奖各一名。\n3．5倍")


def test_outline_tree_has_levels_numbers_and_titles():
    text = "一、认清形势\n1、科学判断。正文。\n（1）细目\n二、突出重点：\n正文"

    outline = proofread(text).to_dict()["metrics"]["outline"]

    assert outline == [
        {
            "level": 1,
            "paragraph": 0,
            "number": 1,
            "title": "认清形势",
            "children": [
                {
                    "level": 3,
                    "paragraph": 1,
                    "number": 1,
                    "title": "科学判断",
                    "children": [
                        {
                            "level": 4,
                            "paragraph": 2,
                            "number": 1,
                            "title": "细目",
                            "children": [],
                        }
                    ],
                }
            ],
        },
        {"level": 1, "paragraph": 3, "number": 2, "title": "突出重点", "children": []},
    ]


def test_outline_title_is_capped():
    title = proofread("一、" + "很" * 100).metrics.outline[0].title

    assert title == "很" * 40


def test_outline_counts_a_missing_number_as_the_expected_one():
    outline = proofread("1、甲\n、乙").metrics.outline

    assert [(node.number, node.title) for node in outline] == [(1, "甲"), (2, "乙")]


def test_heading_missing_number_keeps_the_delimiter_style():
    assert findings("1．甲\n．乙") == [("heading_missing_number", 1, 0, 1, "2．")]
    assert findings("1.甲\n.乙\n.NET框架") == [
        ("heading_missing_number", 1, 0, 1, "2.")
    ]
