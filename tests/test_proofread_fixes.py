"""One-click proofreading fixes create a new revision; nothing is edited."""

import pytest

from drafts import services
from drafts.errors import InvalidInput, StaleBase
from drafts.models import Revision
from tests import builders

TEXT = "\r\n".join(
    [
        "　　同志们：",
        "　　今年任务很重;要抓好落实!",
        "　　一、抓好落实",
        "　　三、加强领导",
    ]
)


@pytest.mark.django_db
def test_apply_fixes_creates_revision_with_note(speech, editor):
    revision = builders.revision(speech, editor, TEXT)
    issues = services.revision_findings(revision).issues
    mechanical = [k for k, issue in enumerate(issues) if issue.is_mechanical]
    assert len(mechanical) == 2
    fixed = services.revision_apply_fixes(
        revision=revision, user=editor, chosen=mechanical
    )
    assert fixed.number == 2 and fixed.parent == revision
    assert fixed.source_kind == Revision.SourceKind.PROOFREAD
    assert "今年任务很重；要抓好落实！" in fixed.text
    assert fixed.text.startswith("　　同志们：\n　　今年")
    assert "校对修正 2 处" in fixed.note and "“;”改为“；”" in fixed.note
    revision.refresh_from_db()
    assert revision.text == TEXT.replace("\r\n", "\n")


@pytest.mark.django_db
def test_apply_fixes_refuses_non_mechanical_empty_and_stale(speech, editor):
    revision = builders.revision(speech, editor, TEXT)
    issues = services.revision_findings(revision).issues
    heading = next(k for k, i in enumerate(issues) if not i.is_mechanical)
    for chosen in ([], [heading], [99]):
        with pytest.raises(InvalidInput):
            services.revision_apply_fixes(revision=revision, user=editor, chosen=chosen)
    builders.revision(speech, editor, TEXT + "\n新段落。")
    mechanical = [k for k, i in enumerate(issues) if i.is_mechanical]
    with pytest.raises(StaleBase):
        services.revision_apply_fixes(revision=revision, user=editor, chosen=mechanical)
