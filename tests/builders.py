"""Small builders for test data, so each test says only what matters to it."""

import io
from pathlib import Path

from drafts.roles import APPROVERS, EDITORS, REVIEWERS

__all__ = ["APPROVERS", "EDITORS", "REVIEWERS"]

DEMO_SPEECH = (
    Path(__file__).resolve().parent.parent
    / "drafts"
    / "demo"
    / "speech-organization-work.txt"
)
PASSWORD = "correct-horse-battery"  # noqa: S105


def demo_text() -> str:
    return DEMO_SPEECH.read_text(encoding="utf-8")


def user(username: str, *groups: str):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    account = get_user_model().objects.create_user(username, password=PASSWORD)
    for name in groups:
        account.groups.add(Group.objects.get(name=name))
    return account


def speech(created_by, *, title="在全市组织工作会议上的讲话", slug="organization-work"):
    from drafts import services

    return services.speech_create(title=title, slug=slug, created_by=created_by)


def member(speech, *users):
    """Make each of *users* a member of *speech*; return *speech*."""
    from drafts import services

    for account in users:
        services.member_add(speech=speech, user=account)
    return speech


def revision(speech, author, text, *, note="", base=None, confirm=False):
    from drafts import services

    return services.revision_create(
        speech=speech,
        author=author,
        incoming=services.incoming_from_paste(text),
        note=note,
        base=base,
        confirm_stale_base=confirm,
    )


def docx_bytes(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def submitted(speech, author, text, **kwargs):
    """Return a new revision of *speech*, submitted for review."""
    from drafts import services

    draft = revision(speech, author, text, **kwargs)
    return services.revision_submit(revision=draft, user=author)


def approved(speech, author, text, *, reviewer, **kwargs):
    """Return a new revision of *speech*, approved by *reviewer*."""
    from drafts import services

    draft = submitted(speech, author, text, **kwargs)
    services.review_record(revision=draft, reviewer=reviewer, decision="approve")
    draft.refresh_from_db()
    return draft


def history(speech, author, count: int, *, reviewer=None):
    """Give *speech* *count* more revisions quickly, each a small edit of the
    one before, the way a long history of drafts looks; with *reviewer*,
    every tenth is approved and every seventh carries a comment."""
    from drafts import services

    base = speech.latest_revision.text if speech.latest_revision else demo_text()
    lines = base.split("\n")
    made = []
    for n in range(count):
        k = n % len(lines)
        lines[k] = f"{lines[k].rstrip('。')}（第{n}次修改）。"
        made.append(revision(speech, author, "\n".join(lines)))
        if reviewer is not None and n % 7 == 0:
            services.comment_add(
                revision=made[-1], paragraph=0, author=reviewer, text=f"意见{n}"
            )
    return made
