import pytest

from drafts.proofing import proofread

from .helpers import assert_clean, findings


@pytest.mark.parametrize(
    ("text", "position", "full"),
    [
        ("开会;休息", 2, "；"),
        ("同志们!", 3, "！"),
        ("第一,第二", 2, "，"),
        ("同志们:大家好", 3, "："),
        ("是否?", 2, "？"),
        ("他说“好”!", 5, "！"),
        ("Note:请注意", 4, "："),
    ],
)
def test_half_width_punct_beside_chinese(text, position, full):
    assert findings(text) == [("half_width_punct", 0, position, position + 1, full)]


def test_half_width_parentheses_change_width_as_a_pair():
    assert findings("新冠肺炎(COVID-19)疫情") == [
        ("half_width_punct", 0, 4, 5, "（"),
        ("half_width_punct", 0, 13, 14, "）"),
    ]


def test_half_width_parenthesis_matched_with_a_full_width_one():
    assert findings("（括号)") == [("half_width_punct", 0, 3, 4, "）")]


@pytest.mark.parametrize(
    "text",
    [
        "增长1.5%，达到3:00的水平",
        "比例为3:1，共1,000人",
        "访问www.example.com或https://www.gov.cn/xinwen/?a=1&b=2",
        "邮箱：office@example.gov.cn",
        "e.g., the WTO",
        "COVID-19 (2020) was a pandemic.",
        "口径为COVID-19 (2020) 以后的数据",
        "他说：Yes, we can!",
        "Microsoft Office、G20",
        "中 , 国",
    ],
)
def test_half_width_punct_spares_numbers_latin_and_urls(text):
    assert_clean(text)


def test_half_width_punct_after_a_url_beside_chinese():
    assert findings("见www.example.com;下同") == [("half_width_punct", 0, 16, 17, "；")]


@pytest.mark.parametrize(
    ("text", "end", "single"),
    [
        ("好。。", 3, "。"),
        ("好，，", 3, "，"),
        ("好、、", 3, "、"),
        ("好；；", 3, "；"),
        ("好：：", 3, "："),
        ("好，，，", 4, "，"),
        ("好,,", 3, "，"),
        ("好，,", 3, "，"),
        ("好。。。", 4, "……"),
    ],
)
def test_doubled_punct_suggests_a_single_mark(text, end, single):
    assert findings(text) == [("doubled_punct", 0, 1, end, single)]


@pytest.mark.parametrize(
    "text", ["等等……", "这——就是", "真的吗？！", "太好了！！", "1,,2", "“好”，“坏”"]
)
def test_doubled_punct_spares_correct_marks(text):
    assert_clean(text)


def test_punctuation_issues_are_mechanical():
    issues = proofread("开会;休息。。").issues

    assert [issue.is_mechanical for issue in issues] == [True, True]


def test_issue_to_dict_has_the_promised_keys():
    issue = proofread("开会;休息").to_dict()["issues"][0]

    assert issue == {
        "code": "half_width_punct",
        "paragraph": 0,
        "start": 2,
        "end": 3,
        "message": "中文语境中应使用全角“；”，而非半角“;”",
        "suggestion": "；",
        "is_mechanical": True,
    }
