"""The real 21-paragraph demo speech: exactly its known mistakes, nothing else."""

from pathlib import Path

import pytest

from drafts.proofing import apply_fixes, proofread, split_paragraphs

DEMO = Path(__file__).parents[2] / "drafts" / "demo" / "speech-organization-work.txt"


@pytest.fixture(scope="module")
def speech() -> str:
    return DEMO.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def issues(speech):
    return proofread(speech).issues


def test_demo_has_twenty_one_paragraphs(speech):
    assert proofread(speech).metrics.paragraphs == 21


def test_demo_reports_the_missing_fourth_item(issues):
    headings = [i for i in issues if i.code.startswith("heading")]

    assert [(i.code, i.paragraph, i.start, i.end, i.suggestion) for i in headings] == [
        ("heading_missing_number", 9, 0, 1, "4、")
    ]


def test_demo_reports_every_half_width_mark(speech, issues):
    paragraphs = split_paragraphs(speech)
    marks = [paragraphs[i.paragraph][i.start] for i in issues if i.is_mechanical]

    assert marks.count(";") == 30 == speech.count(";")
    assert marks.count("!") == 2 == speech.count("!")
    assert len(marks) == 32


def test_demo_reports_the_angle_bracket_inside_the_title(speech, issues):
    nested = [i for i in issues if i.code == "nested_title"]
    paragraph = split_paragraphs(speech)[nested[0].paragraph]

    assert [(i.paragraph, i.suggestion) for i in nested] == [(7, "〈")]
    assert paragraph[nested[0].start] == "<"


def test_demo_reports_nothing_else(issues):
    assert len(issues) == 34


def test_demo_outline_has_three_parts_of_four_three_and_three_items(speech):
    outline = proofread(speech).metrics.outline

    assert [node.number for node in outline] == [1, 2, 3]
    assert [[child.number for child in node.children] for node in outline] == [
        [1, 2, 3, 4],
        [1, 2, 3],
        [1, 2, 3],
    ]
    assert outline[0].title == "认清形势，牢牢把握组织工作的正确方向"


def test_demo_fixed_text_has_no_mechanical_issue(speech, issues):
    fixed = apply_fixes(speech, issues)

    assert not any(issue.is_mechanical for issue in proofread(fixed).issues)
    assert fixed.count("\n") == speech.count("\n")
