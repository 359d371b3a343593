"""Errors that services raise for the user: a Chinese message, a stable code
and the HTTP status every entry point maps them to."""


class DraftsError(Exception):
    status = 400

    def __init__(self, message: str, code: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        if status is not None:
            self.status = status


class InvalidInput(DraftsError):
    status = 400


class Forbidden(DraftsError):
    status = 403

    def __init__(self, message: str = "没有执行此操作的权限。", code="forbidden"):
        super().__init__(message, code)


class NotFound(DraftsError):
    status = 404


class StaleBase(DraftsError):
    """The upload's base is no longer the latest revision."""

    status = 409

    def __init__(self, base_number: int, newer_numbers: list[int]):
        listed = "、".join(f"第{n}版" for n in newer_numbers)
        super().__init__(
            f"基准版本第{base_number}版已不是最新版本：此后已有{listed}。"
            "请先查看这些修改，或确认在旧版本基础上上传。",
            "stale_base",
        )
        self.base_number = base_number
        self.newer_numbers = newer_numbers


class MergeConflict(DraftsError):
    """A merge left paragraphs that both sides changed; the user must choose."""

    status = 409

    def __init__(self, result):
        count = len(result.conflicts)
        super().__init__(
            f"合并时有 {count} 处冲突：双方修改了同一段落，请逐处选择保留哪一方。",
            "merge_conflict",
        )
        self.result = result
