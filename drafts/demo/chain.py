"""The demo revision chains: each revision is the previous text with an edit
a real writing office makes. Pure functions over text; every edit checks that
its anchor is there, so the demo cannot drift silently from its source."""

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORGANIZATION_SPEECH = HERE / "speech-organization-work.txt"
SAFETY_SPEECH = HERE / "speech-safety-production.txt"


@dataclass(frozen=True)
class DemoRevision:
    author: str
    note: str
    text: str
    # A decision the demo reviewer takes after the author submits it.
    review: str = ""
    review_note: str = ""


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"demo anchor not found exactly once: {old!r}")
    return text.replace(old, new)


def _line_index(lines: list[str], prefix: str) -> int:
    matches = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    if len(matches) != 1:
        raise ValueError(f"demo paragraph not found exactly once: {prefix!r}")
    return matches[0]


def fix_numbering_and_punctuation(text: str) -> str:
    text = _replace_once(text, "\n、切实把握", "\n4、切实把握")
    return text.replace(";", "；").replace("!", "！")


def move_review_before_purpose(text: str) -> str:
    lines = _lines(text)
    review = lines.pop(_line_index(lines, "刚刚过去的一年"))
    lines.insert(_line_index(lines, "这次全市组织工作会议"), review)
    text = "\n".join(lines)
    return _replace_once(
        text,
        "今年组织工作的大事多、要事多、难事也多，任务艰巨。",
        "今年全市组织工作任务重、要求高、难度大，必须迎难而上。",
    )


def split_and_merge(text: str) -> str:
    lines = _lines(text)
    long_item = _line_index(lines, "2、突出执政能力这个重点")
    head, tail = lines[long_item].split("抓改革，激发干部队伍活力。", 1)
    lines[long_item : long_item + 1] = [head, "抓改革，激发干部队伍活力。" + tail]
    intro = _line_index(lines, "组织工作要出成效")
    first = lines.pop(intro + 1).replace("1、要进一步加强", "首先要进一步加强", 1)
    lines[intro] += first
    for old, new in (
        ("2、要进一步加大", "1、要进一步加大"),
        ("3、要进一步加强自身", "2、要进一步加强自身"),
    ):
        index = _line_index(lines, old)
        lines[index] = lines[index].replace(old, new, 1)
    return "\n".join(lines)


def rewrite_passages(text: str) -> str:
    text = _replace_once(text, "今年1月25日", "今年1月26日")
    text = _replace_once(text, "列出的57项任务", "列出的58项任务")
    return _replace_once(
        text,
        "希望全市各级党组织和广大组工干部，与时俱进，开拓进取，团结奋斗，",
        "希望全市各级党组织和广大组工干部坚定信心、真抓实干，与时俱进、开拓进取，",
    )


def fix_nested_title(text: str) -> str:
    return _replace_once(
        text,
        "《中央有关部门贯彻实施十六届四中全会<决定重要举措分工方案》",
        "《中央有关部门贯彻实施十六届四中全会〈决定〉重要举措分工方案》",
    )


def organization_chain() -> list[DemoRevision]:
    """Return the seven revisions of the organization-work speech, in order."""
    steps = [
        ("editor", "初稿", lambda text: text),
        (
            "editor2",
            "补上第4条序号；半角分号、感叹号改为全角",
            fix_numbering_and_punctuation,
        ),
        ("editor", "调整开头两段顺序，改写第二部分导语", move_review_before_purpose),
        (
            "editor2",
            "拆分过长的第2条；第三部分导语与第1条合并，后续序号顺延",
            split_and_merge,
        ),
        ("editor", "核对日期和任务数；改写结束语", rewrite_passages),
        ("editor2", "书名号内的嵌套书名改用〈〉", fix_nested_title),
    ]
    reviews = {
        3: ("request_changes", "请核对日期和任务数，结束语再提炼一下。"),
        5: ("approve", "已核对，同意。"),
    }
    text = ORGANIZATION_SPEECH.read_text(encoding="utf-8")
    chain = []
    for index, (author, note, edit) in enumerate(steps):
        text = edit(text)
        chain.append(DemoRevision(author, note, text, *reviews.get(index, ())))
    return chain


def safety_chain() -> list[DemoRevision]:
    """Return the three revisions of the safety-production speech."""
    first = SAFETY_SPEECH.read_text(encoding="utf-8")
    second = _replace_once(
        first,
        "全年共排查整治隐患1.2万处",
        "全年共排查整治隐患1.3万处，整改率98.6%",
    )
    second = _replace_once(
        second, "各级各部门要切实提高认识。", "各级各部门要切实提高政治站位。"
    )
    lines = _lines(second)
    lines.insert(
        _line_index(lines, "三、"),
        "（四）强化应急准备。汛期前完成全部应急预案修订，组织不少于2次综合演练。",
    )
    third = "\n".join(lines)
    third = _replace_once(
        third,
        "确保全年不发生较大以上生产安全事故",
        "确保全年不发生较大及以上生产安全事故",
    )
    return [
        DemoRevision("editor", "初稿", first),
        DemoRevision("editor2", "更新隐患排查数据，改写提高认识一段", second),
        DemoRevision("editor", "补充应急准备一条", third),
    ]
