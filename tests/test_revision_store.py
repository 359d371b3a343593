"""The revision store: numbering, bases, immutability, nothing stored half-way."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from drafts import services
from drafts.errors import Forbidden, InvalidInput, NotFound, StaleBase
from drafts.models import GuardedStateError, ImmutableRevisionError, Revision, Speech
from tests import builders

FIRST = "市办公室会议讲话稿\n同志们：\n这次会议很重要。"
SECOND = "市办公室会议讲话稿\n同志们：\n这次会议非常重要。"
THIRD = "市办公室会议讲话稿\n同志们：\n这次会议十分重要。"


@pytest.mark.django_db
def test_revision_create_numbers_from_one_and_links_parent(speech, editor):
    first = builders.revision(speech, editor, FIRST)
    second = builders.revision(speech, editor, SECOND, note="改一个词")
    speech.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.parent is None
    assert second.parent == first
    assert speech.latest_revision == second
    assert speech.revision_count == 2
    assert second.note == "改一个词"


@pytest.mark.django_db
def test_revision_create_normalises_line_endings_only(speech, editor):
    revision = builders.revision(
        speech, editor, "　　第一段。 \r\n\r\n第二段；\r第三段!"
    )
    assert revision.text == "　　第一段。 \n\n第二段；\n第三段!"
    assert revision.has_intact_text()
    assert revision.char_count == len("第一段。第二段；第三段!")


@pytest.mark.django_db
def test_revision_create_keeps_astral_characters(speech, editor):
    revision = builders.revision(speech, editor, "𠀀𠮷字测试")
    revision.refresh_from_db()
    assert revision.text == "𠀀𠮷字测试"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   ", "\n\n　　\r\n", "\u3000"])
def test_revision_create_refuses_empty_text(speech, editor, text):
    with pytest.raises(InvalidInput) as caught:
        builders.revision(speech, editor, text)
    assert caught.value.code == "empty"
    assert not Revision.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "variant", [FIRST, FIRST + "\n", "　　" + FIRST.replace("\n", "\r\n\n")]
)
def test_revision_create_refuses_text_identical_to_base(speech, editor, variant):
    builders.revision(speech, editor, FIRST)
    with pytest.raises(InvalidInput) as caught:
        builders.revision(speech, editor, variant)
    assert caught.value.code == "unchanged"
    assert "与基准版本相同" in caught.value.message
    assert Revision.objects.count() == 1


@pytest.mark.django_db
def test_revision_create_refuses_stale_base_and_names_newer(speech, editor, editor2):
    first = builders.revision(speech, editor, FIRST)
    builders.revision(speech, editor2, SECOND)
    with pytest.raises(StaleBase) as caught:
        builders.revision(speech, editor, THIRD, base=first)
    assert caught.value.status == 409
    assert caught.value.newer_numbers == [2]
    assert "第2版" in caught.value.message
    assert Revision.objects.count() == 2


@pytest.mark.django_db
def test_revision_create_accepts_confirmed_stale_base(speech, editor, editor2):
    first = builders.revision(speech, editor, FIRST)
    builders.revision(speech, editor2, SECOND)
    third = builders.revision(speech, editor, THIRD, base=first, confirm=True)
    assert third.number == 3
    assert third.parent == first


@pytest.mark.django_db
def test_revision_create_refuses_base_of_another_speech(speech, editor):
    other = builders.speech(editor, title="另一篇", slug="other")
    foreign = builders.revision(other, editor, FIRST)
    with pytest.raises(InvalidInput) as caught:
        builders.revision(speech, editor, SECOND, base=foreign)
    assert caught.value.code == "base_other_speech"
    assert not speech.revisions.exists()


@pytest.mark.django_db
def test_revision_create_requires_membership_and_upload_permission(
    speech, outsider, approver
):
    with pytest.raises(NotFound):
        builders.revision(speech, outsider, FIRST)
    with pytest.raises(Forbidden) as caught:
        builders.revision(speech, approver, FIRST)
    assert caught.value.message == "没有上传版本的权限。"
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_revision_create_refuses_pasted_text_over_limit(speech, editor, settings):
    settings.DRAFTS_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(InvalidInput) as caught:
        builders.revision(speech, editor, "字" * 400)
    assert caught.value.code == "too_large"


@pytest.mark.django_db
def test_speech_create_makes_unicode_slug_from_chinese_title(editor):
    first = services.speech_create(
        title="在全市组织工作会议上的讲话", created_by=editor
    )
    second = services.speech_create(
        title="在全市组织工作会议上的讲话", created_by=editor
    )
    assert first.slug == "在全市组织工作会议上的讲话"
    assert second.slug == "在全市组织工作会议上的讲话-2"


@pytest.mark.django_db
def test_speech_create_suffixes_a_taken_slug_and_refuses_users_without_role(
    editor, outsider
):
    services.speech_create(title="讲话", slug="talk", created_by=editor)
    # No error for a taken slug: it would reveal a speech the user may not see.
    second = services.speech_create(title="讲话二", slug="talk", created_by=editor)
    assert second.slug == "talk-2"
    assert list(second.members.all()) == [editor]
    with pytest.raises(Forbidden):
        services.speech_create(title="讲话三", created_by=outsider)


@pytest.mark.django_db
def test_revision_save_refuses_changes_through_the_orm(speech, editor):
    revision = builders.revision(speech, editor, FIRST)
    revision.text = "改写历史"
    with pytest.raises(ImmutableRevisionError):
        revision.save()
    with pytest.raises(ImmutableRevisionError):
        revision.save(update_fields=["text"])
    with pytest.raises(ImmutableRevisionError):
        Revision.objects.filter(pk=revision.pk).update(number=9)
    with pytest.raises(ImmutableRevisionError):
        revision.delete()
    with pytest.raises(ImmutableRevisionError):
        Revision.objects.all().delete()
    revision.refresh_from_db()
    assert revision.text == FIRST
    assert revision.number == 1


@pytest.mark.django_db
def test_revision_review_state_moves_on_only_through_the_services(speech, editor):
    revision = builders.revision(speech, editor, FIRST)
    revision.review_state = Revision.ReviewState.APPROVED
    with pytest.raises(GuardedStateError):
        revision.save(update_fields=["review_state"])
    with pytest.raises(GuardedStateError):
        Revision.objects.filter(pk=revision.pk).update(review_state="approved")
    services.revision_submit(revision=revision, user=editor)
    revision.refresh_from_db()
    assert revision.review_state == Revision.ReviewState.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE drafts_revision SET text = 'x'",
        "UPDATE drafts_revision SET number = 7",
        "UPDATE drafts_revision SET parent_id = NULL, text_sha256 = 'x'",
        "DELETE FROM drafts_revision",
    ],
)
def test_database_refuses_raw_sql_rewrites(speech, editor, statement):
    builders.revision(speech, editor, FIRST)
    builders.revision(speech, editor, SECOND)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert list(Revision.objects.values_list("text", flat=True)) == [FIRST, SECOND]


@pytest.mark.django_db
def test_database_refuses_duplicate_numbers(speech, editor):
    revision = builders.revision(speech, editor, FIRST)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(
            speech=speech,
            number=revision.number,
            author=editor,
            text=SECOND,
            text_sha256="0" * 64,
            char_count=1,
        )


@pytest.mark.django_db
def test_speech_with_revisions_cannot_be_deleted(speech, editor):
    builders.revision(speech, editor, FIRST)
    # The ORM refuses first: revisions protect their speech.
    with pytest.raises(ProtectedError):
        with transaction.atomic():
            Speech.objects.filter(pk=speech.pk).delete()
    assert Speech.objects.filter(pk=speech.pk).exists()
