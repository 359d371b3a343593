"""Words typed twice by mistake (的的, 我们我们), sparing legitimate reduplication.

Precision first: a single character counts only when it is a function word that
Chinese never reduplicates and rjieba leaves both copies standing alone.
"""

import rjieba

from .chars import IDEOGRAPH_RE
from .result import Issue

# Function characters that are never reduplicated; 等 (等等), 对 (对对对),
# 过 (过过瘾) and 着 are left out on purpose.
FUNCTION_CHARS = frozenset("的了是在和与及把被从而并就都也要将之其于以为但或且即则所向")
# Words whose ABAB form is correct: verbs "try a little", vivid adjectives,
# spoken emphasis (非常非常), placeholders and replies (什么什么, 哪里哪里),
# onomatopoeia.
ABAB_WORDS = frozenset(
    """
    研究 讨论 学习 考虑 商量 休息 活动 锻炼 打听 收拾 整理 检查 介绍 准备 了解 熟悉
    总结 交流 调查 打扫 清理 琢磨 溜达 体验 尝试 放松 关心 帮助 照顾 联系 沟通 分析
    思考 打扮 练习 参观 庆祝 表扬 批评 教育 提醒 整顿 梳理 盘算 合计 掂量 议论 指点
    安慰 鼓励 表示 意思 考察 走动 研讨 磨练 反省 交代 宣传 发动 调整 改进 比划 比画
    请教 欣赏 观察 实践 操练 活络 开导 讲解 演示 修理 打磨 商议 核对 对照 布置 清点
    暖和 凉快 高兴 热闹 轻松 舒服 痛快 乐呵 雪白 通红 冰凉 笔直 漆黑 碧绿 滚烫 火红
    乌黑 蜡黄 粉红 金黄 瓦蓝 雪亮 喷香 冰冷 透亮 精光 稀烂 滚圆 飞快
    非常 特别 绝对 真的 真是 十分 千万 务必 确实 实在 相当 极其 格外 尤其 越发
    什么 这样 那样 如此 哪里 好的 是的 对的 没事 不错 可以 不用 慢走
    哗啦 叮咚 扑通 咕噜 滴答 嘀嗒 轰隆 叽喳 叮当 呼噜 扑哧 噼啪 咚咚 哗哗
    """.split()
)
# Classical phrases that contain a doubled function character.
_LEGIT_PHRASES = ("小时了了", "心中了了", "了了分明")


def check_repeats(index: int, paragraph: str) -> list[Issue]:
    """Return repeated_word issues of one paragraph."""
    tokens = rjieba.tokenize(paragraph)
    found = [
        *_repeats(paragraph, tokens, 1),
        *_repeats(paragraph, tokens, 2),
        *_merged_tokens(paragraph, tokens),
    ]
    return [_issue(index, *item) for item in _without_overlaps(found)]


def _repeats(paragraph: str, tokens: list, width: int):
    """Yield (start, end, unit) where *width* tokens are followed by the same."""
    words = [word for word, _, _ in tokens]
    for i in range(len(tokens) - 2 * width + 1):
        first, second = words[i : i + width], words[i + width : i + 2 * width]
        if first != second or (width > 1 and FUNCTION_CHARS.intersection(first)):
            continue
        start, end = tokens[i][1], tokens[i + 2 * width - 1][2]
        unit = "".join(first)
        if _is_mistake(paragraph, unit, start, end):
            yield start, end, unit


def _merged_tokens(paragraph: str, tokens: list):
    """Yield a doubled function character that rjieba merged into one token."""
    for word, start, end in tokens:
        if len(word) == 2 and word[0] == word[1] and not rjieba.has_word(word):
            if _is_mistake(paragraph, word[0], start, end):
                yield start, end, word[0]


def _is_mistake(paragraph: str, unit: str, start: int, end: int) -> bool:
    if not all(IDEOGRAPH_RE.match(char) for char in unit):
        return False
    if len(unit) == 1:
        return unit in FUNCTION_CHARS and _stands_alone(paragraph, start, end)
    if unit in ABAB_WORDS or _is_reduplicated(unit) or unit[0] == "一":
        return False
    return paragraph[end + 1 : end + 1 + len(unit)] != unit  # 学习学习再学习


def _is_reduplicated(unit: str) -> bool:
    return len(unit) == 2 and unit[0] == unit[1]


def _stands_alone(paragraph: str, start: int, end: int) -> bool:
    """Reject 是是是 (deliberate), AABB (实实在在, 是是非非), 一把把, set phrases."""
    char = paragraph[start]
    before = paragraph[max(start - 2, 0) : start]
    after = paragraph[end : end + 2]
    if before.endswith(char) or after.startswith(char):
        return False
    if _is_reduplicated(before) or _is_reduplicated(after) or before.endswith("一"):
        return False
    window = paragraph[max(start - 2, 0) : end + 2]
    return not any(phrase in window for phrase in _LEGIT_PHRASES)


def _without_overlaps(found: list) -> list:
    kept: list = []
    for item in sorted(found, key=lambda item: (item[0], -item[1])):
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def _issue(index: int, start: int, end: int, unit: str) -> Issue:
    message = f"“{unit}”重复，疑为误输入"
    return Issue("repeated_word", index, start, end, message, unit)
