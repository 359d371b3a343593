from drafts.proofing import split_paragraphs
from drafts.proofing.paragraphs import paragraph_spans


def test_split_paragraphs_breaks_at_every_line_separator():
    text = "甲\r\n乙\r丙\n丁\u2028戊\u2029己"

    assert split_paragraphs(text) == ["甲", "乙", "丙", "丁", "戊", "己"]


def test_split_paragraphs_strips_blanks_and_drops_empty_lines():
    text = "\ufeff  甲 \n\n\u3000\u3000乙\u00a0\n \t \n\u3000\n丙\ufeff"

    assert split_paragraphs(text) == ["甲", "乙", "丙"]


def test_split_paragraphs_keeps_inner_white_space():
    assert split_paragraphs("Microsoft  Office\u3000套件") == [
        "Microsoft  Office\u3000套件"
    ]


def test_split_paragraphs_does_not_break_at_other_separators():
    assert split_paragraphs("甲\x0b乙\x0c丙\x85丁") == ["甲\x0b乙\x0c丙\x85丁"]


def test_paragraph_spans_point_at_the_stripped_content():
    text = "\u3000\u3000甲乙\r\n\n  丙 "

    assert [text[start:end] for start, end in paragraph_spans(text)] == ["甲乙", "丙"]


def test_split_paragraphs_of_empty_text_is_empty():
    assert split_paragraphs("") == []
    assert split_paragraphs("\n \u3000\n") == []
