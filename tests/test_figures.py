"""Figures in Chinese prose, and which of them differ between two texts."""

import subprocess
import sys

import pytest

from drafts.demo.chain import organization_chain, safety_chain
from drafts.figures import diff_figures, extract_figures, sentence_at


def texts(figures):
    return [figure.text for figure in figures]


def summary(changes):
    return [
        (c.kind, c.old.text if c.old else None, c.new.text if c.new else None)
        for c in changes
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("列出的57项任务", ["57项"]),
        ("整改率98.6%，完成率100％", ["98.6%", "100％"]),
        ("今年1月25日召开", ["1月25日"]),
        ("2026年3月5日起施行", ["2026年3月5日"]),
        ("在2026年全市安全生产工作会议上", ["2026年"]),
        ("排查隐患1.2万处", ["1.2万处"]),
        ("投入资金1,234.5万元", ["1,234.5万元"]),
        ("新建道路12.5公里，惠及3000人", ["12.5公里", "3000人"]),
        ("预算三千万元", ["三千万元"]),
        ("下降百分之五点五", ["百分之五点五"]),
        ("全年共37起", ["37起"]),
        ("上世纪90年代，1990年代", ["90年代", "1990年代"]),
        ("覆盖２３个乡镇", ["２３个"]),
    ],
)
def test_extract_figures_finds_numbers_percentages_dates_and_amounts(text, expected):
    assert texts(extract_figures(text)) == expected


def test_extract_figures_skips_heading_numbers():
    text = "1、科学判断形势\n2.准确领会任务\n（3）抓好落实，力争3年见效"
    assert texts(extract_figures(text)) == ["3年"]


def test_extract_figures_skips_chinese_words_that_look_like_numerals():
    text = "一个重要的会议，千万不能松懈，十六届四中全会，三点意见"
    assert extract_figures(text) == ()


def test_extract_figures_reports_kind_unit_and_position():
    (figure,) = extract_figures("隐患1.2万处")
    assert (figure.kind, figure.unit, figure.start, figure.end) == (
        "amount",
        "处",
        2,
        7,
    )
    (date,) = extract_figures("定于1月26日")
    assert (date.kind, date.unit) == ("date", "月日")


def test_diff_figures_pairs_changed_figures_by_unit():
    changes = diff_figures("今年1月25日，列出的57项任务", "今年1月26日，列出的58项任务")
    assert summary(changes) == [
        ("changed", "1月25日", "1月26日"),
        ("changed", "57项", "58项"),
    ]


def test_diff_figures_lists_added_and_removed_figures():
    old = "隐患1.2万处，事故下降12.5%。投入3亿元。"
    new = "隐患1.3万处，整改率98.6%，事故下降12.5%。"
    assert summary(diff_figures(old, new)) == [
        ("changed", "1.2万处", "1.3万处"),
        ("added", None, "98.6%"),
        ("removed", "3亿元", None),
    ]


def test_diff_figures_matches_percent_to_percent():
    changes = diff_figures("完成率100%", "完成率95%")
    assert summary(changes) == [("changed", "100%", "95%")]
    assert changes[0].old_sentence == "完成率100%"


def test_diff_figures_ignores_unchanged_and_width_only_figures():
    assert diff_figures("增长12%，共5项", "增长12％，共5项。") == ()


def test_diff_figures_prefers_the_figure_in_the_same_context():
    old = "招录30人，培训50人"
    new = "招录30人，培训60人"
    assert summary(diff_figures(old, new)) == [("changed", "50人", "60人")]


def test_diff_figures_gives_the_sentence_of_each_side():
    (change,) = diff_figures(
        "第一句。全年排查隐患1.2万处。第三句", "第一句。全年排查隐患1.3万处！第三句"
    )
    assert change.old_sentence == "全年排查隐患1.2万处。"
    assert change.new_sentence == "全年排查隐患1.3万处！"


def test_sentence_at_stops_at_paragraph_breaks():
    text = "标题\n正文有3项任务，要落实；下一句"
    assert sentence_at(text, text.index("3")) == "正文有3项任务，要落实；"


def test_diff_figures_finds_the_demo_edits():
    chain = organization_chain()
    changes = summary(diff_figures(chain[3].text, chain[4].text))
    assert ("changed", "1月25日", "1月26日") in changes
    assert ("changed", "57项", "58项") in changes
    safety = safety_chain()
    changes = summary(diff_figures(safety[0].text, safety[1].text))
    assert ("changed", "1.2万处", "1.3万处") in changes
    assert ("added", None, "98.6%") in changes


def test_figures_module_loads_no_django():
    code = "import sys, drafts.figures; print('django' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
