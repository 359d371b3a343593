"""Chinese names of the diff engine's change kinds and tags, shown by the
pages, the terminal view and revision notes alike."""

KIND_LABELS = {
    "modified": "修改",
    "inserted": "新增",
    "deleted": "删除",
    "moved": "移动",
    "split": "拆分",
    "merged": "合并",
}
TAG_LABELS = {
    "width": "仅全角半角",
    "script": "仅繁简",
    "renumbering": "仅序号变化",
    "moved": "已移动",
}
# Tags that say a change is only cosmetic: hideable, counted apart. "moved"
# is not one of them: a split or merge that also moved is a real change.
COSMETIC_TAGS = frozenset({"width", "script", "renumbering"})
