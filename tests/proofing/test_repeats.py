import pytest

from drafts.proofing import proofread

from .helpers import assert_clean, findings


@pytest.mark.parametrize(
    ("text", "start", "end", "word"),
    [
        ("这是我的的书。", 3, 5, "的"),
        ("任务完成了了。", 4, 6, "了"),
        ("他是是好人。", 1, 3, "是"),
        ("我们都都同意。", 2, 4, "都"),
        ("我们我们一起干。", 0, 4, "我们"),
        ("上级要求要求很高。", 2, 6, "要求"),
        ("同志们同志们，大家好。", 0, 6, "同志们"),
        ("要进一步进一步加强。", 1, 7, "进一步"),
    ],
)
def test_repeated_word_typed_twice(text, start, end, word):
    assert findings(text) == [("repeated_word", 0, start, end, word)]


@pytest.mark.parametrize(
    "text",
    [
        "我们常常看看书，好好研究研究，再讨论讨论。",
        "把问题一个一个地解决，天天学习，人人参与，个个争先。",
        "渐渐地，慢慢地，他把道理讲得明明白白。",
        "试试、想想、谈谈、说说，年年如此，处处留心，时时注意，事事关心。",
        "家家户户、实实在在、的的确确、是是非非、认认真真。",
        "苹果、香蕉等等。谢谢谢谢！哈哈哈哈。",
        "为了了解情况，不能不了了之，以免小时了了。",
        "现在在座的各位，主要要抓落实，就就业问题发言。",
        "要把把关作用发挥好，被被告人打伤，一把把钥匙。",
        "帮助有困难的人的人很多。",
        "是是是，您说得对；对对对，就这样。",
        "他说什么什么的，哪里哪里，好的好的。",
        "这项工作非常非常重要，千万千万不能放松。",
        "学习学习再学习，团结团结再团结。",
    ],
)
def test_legitimate_reduplication_is_clean(text):
    assert_clean(text)


def test_repeated_word_is_not_mechanical():
    assert not proofread("我的的书").issues[0].is_mechanical
