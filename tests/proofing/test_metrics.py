import pytest

from drafts.proofing import proofread


def test_metrics_count_characters_and_paragraphs():
    text = "\u3000\u3000同志们：\n\nWe 好 1.5\ufeff\n𠀀〇"

    metrics = proofread(text).to_dict()["metrics"]

    assert metrics["chinese_chars"] == 6
    assert metrics["chars"] == 12
    assert metrics["paragraphs"] == 3
    assert metrics["outline"] == []


def test_metrics_speaking_time_at_the_given_pace():
    text = "字" * 330

    assert proofread(text).metrics.speaking_minutes == 1.5
    metrics = proofread(text, chars_per_minute=300).metrics
    assert (metrics.speaking_minutes, metrics.chars_per_minute) == (1.1, 300)


@pytest.mark.parametrize("pace", [0, -1])
def test_metrics_reject_a_pace_that_is_not_positive(pace):
    with pytest.raises(ValueError):
        proofread("字", chars_per_minute=pace)


def test_metrics_reject_a_pace_that_is_not_an_int():
    with pytest.raises(TypeError):
        proofread("字", chars_per_minute=2.5)


def test_proofread_of_empty_text():
    assert proofread("").to_dict() == {
        "issues": [],
        "metrics": {
            "chinese_chars": 0,
            "chars": 0,
            "paragraphs": 0,
            "outline": [],
            "speaking_minutes": 0.0,
            "chars_per_minute": 220,
        },
    }
