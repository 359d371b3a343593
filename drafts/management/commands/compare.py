import json
from collections import Counter

from django.core.management.base import BaseCommand

from drafts.cli import painter, read_text_file
from drafts.diffing import compare_texts
from drafts.labels import KIND_LABELS, TAG_LABELS


class Command(BaseCommand):
    help = "Compare two drafts (.txt in any supported encoding, or .docx)."

    def add_arguments(self, parser):
        parser.add_argument("old")
        parser.add_argument("new")
        parser.add_argument("--granularity", choices=["char", "word"], default="char")
        parser.add_argument(
            "--ignore-punct-width",
            action="store_true",
            help="treat full-width and half-width forms as equal",
        )
        parser.add_argument(
            "--ignore-script",
            action="store_true",
            help="treat traditional and simplified characters as equal",
        )
        parser.add_argument(
            "--json", action="store_true", help="print the JSON result only"
        )

    def handle(self, *args, **options):
        old, new = read_text_file(options["old"]), read_text_file(options["new"])
        result = compare_texts(
            old,
            new,
            granularity=options["granularity"],
            ignore_punct_width=options["ignore_punct_width"],
            ignore_script=options["ignore_script"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
            return
        paint = painter(options, self.stdout)
        for line in render_lines(result, paint):
            self.stdout.write(line)
        self.stdout.write(_summary(result))


def render_lines(result, paint):
    """Yield the terminal view: numbered changes, unchanged runs folded."""
    unchanged = 0
    for change in result.changes:
        if change.kind == "equal":
            unchanged += 1
            continue
        if unchanged:
            yield paint(f"  … {unchanged} 段未改动", opts=("bold",))
            unchanged = 0
        yield _heading(change, paint)
        yield "    " + "".join(
            _segment(op, text, paint) for op, text in change.segments
        )
    if unchanged:
        yield paint(f"  … {unchanged} 段未改动", opts=("bold",))


def _heading(change, paint) -> str:
    where = _where(change)
    label = KIND_LABELS[change.kind]
    tags = "".join(f"（{TAG_LABELS[tag]}）" for tag in change.tags)
    return paint(f"[{label}] {where}{tags}", fg="cyan", opts=("bold",))


def _where(change) -> str:
    old = "、".join(str(i + 1) for i in change.old)
    new = "、".join(str(j + 1) for j in change.new)
    if not change.new:
        return f"原第{old}段"
    if not change.old:
        return f"新第{new}段"
    return f"原第{old}段 → 新第{new}段"


def _segment(op: str, text: str, paint) -> str:
    text = text.replace("\n", "¶\n    ")
    if op == "equal":
        return text
    if not paint.enabled:
        # Without colour, mark changes the way git's word diff does.
        return f"{{+{text}+}}" if op == "insert" else f"[-{text}-]"
    if op == "insert":
        return paint(text, fg="green", opts=("underscore",))
    return paint(text, fg="red")


def _summary(result) -> str:
    stats = result.stats
    counts = "，".join(
        f"{KIND_LABELS[kind]} {n}"
        for kind, n in stats.kinds.items()
        if n and kind in KIND_LABELS
    )
    tagged = Counter(tag for change in result.changes for tag in change.tags)
    cosmetic = "、".join(
        f"{label} {tagged[tag]} 处" for tag, label in TAG_LABELS.items() if tagged[tag]
    )
    if cosmetic:
        counts += f"（其中{cosmetic}）"
    return (
        f"共 {stats.new_paragraphs} 段；{counts or '无改动'}；"
        f"增加 {stats.inserted_chars} 字，删除 {stats.deleted_chars} 字；"
        f"相似度 {stats.similarity}%"
    )
