"""Result types of proofreading: frozen dataclasses whose to_dict() is JSON-ready
and whose from_dict() reads that form back, so a result can be kept."""

from dataclasses import dataclass

PROOFREAD_CODES = (
    "heading_gap",
    "heading_repeat",
    "heading_order",
    "heading_missing_number",
    "half_width_punct",
    "doubled_punct",
    "unbalanced_pair",
    "nested_title",
    "repeated_word",
)
MECHANICAL_CODES = frozenset({"half_width_punct", "doubled_punct"})


@dataclass(frozen=True)
class Issue:
    """One finding; *start*/*end* index into the stripped paragraph."""

    code: str
    paragraph: int
    start: int
    end: int
    message: str
    suggestion: str | None = None

    @property
    def is_mechanical(self) -> bool:
        return self.code in MECHANICAL_CODES and self.suggestion is not None

    def sort_key(self) -> tuple:
        return (self.paragraph, self.start, self.end, self.code)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "suggestion": self.suggestion,
            "is_mechanical": self.is_mechanical,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Issue":
        return cls(
            data["code"],
            data["paragraph"],
            data["start"],
            data["end"],
            data["message"],
            data["suggestion"],
        )


@dataclass(frozen=True)
class OutlineNode:
    """A numbered heading and the headings nested under it."""

    level: int
    paragraph: int
    number: int
    title: str
    children: tuple["OutlineNode", ...] = ()

    def to_dict(self) -> dict:
        return {
            "level": self.level,
            "paragraph": self.paragraph,
            "number": self.number,
            "title": self.title,
            "children": [child.to_dict() for child in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "OutlineNode":
        return cls(
            data["level"],
            data["paragraph"],
            data["number"],
            data["title"],
            tuple(cls.from_dict(child) for child in data["children"]),
        )


@dataclass(frozen=True)
class Metrics:
    chinese_chars: int
    chars: int
    paragraphs: int
    outline: tuple[OutlineNode, ...]
    speaking_minutes: float
    chars_per_minute: int

    def to_dict(self) -> dict:
        return {
            "chinese_chars": self.chinese_chars,
            "chars": self.chars,
            "paragraphs": self.paragraphs,
            "outline": [node.to_dict() for node in self.outline],
            "speaking_minutes": self.speaking_minutes,
            "chars_per_minute": self.chars_per_minute,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Metrics":
        return cls(
            data["chinese_chars"],
            data["chars"],
            data["paragraphs"],
            tuple(OutlineNode.from_dict(node) for node in data["outline"]),
            data["speaking_minutes"],
            data["chars_per_minute"],
        )


@dataclass(frozen=True)
class ProofreadResult:
    issues: tuple[Issue, ...]
    metrics: Metrics

    def to_dict(self) -> dict:
        return {
            "issues": [issue.to_dict() for issue in self.issues],
            "metrics": self.metrics.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ProofreadResult":
        return cls(
            tuple(Issue.from_dict(issue) for issue in data["issues"]),
            Metrics.from_dict(data["metrics"]),
        )
