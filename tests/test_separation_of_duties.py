"""Nobody takes a text from 待审 to 定稿 alone, superusers included, whatever
the entry point: the page, the admin action, the API or the command."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from drafts import roles, services
from drafts.errors import DraftsError
from drafts.models import Review, Revision, Speech
from tests import builders

TEXT = "同志们：\n今年安排重点项目100个。\n谢谢大家！"


def _staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _page(user, revision, decision):
    client = Client()
    client.force_login(user)
    url = reverse("drafts:review_record", args=[revision.speech.slug, revision.number])
    client.post(url, {"decision": decision, "note": "同意"})


ADMIN_ACTIONS = {
    "approve": "approve_revisions",
    "final_approval": "approve_as_final",
}


def _admin(user, revision, decision):
    client = Client()
    client.force_login(_staff(user))
    client.post(
        reverse("admin:drafts_revision_changelist"),
        {
            "action": ADMIN_ACTIONS[decision],
            "_selected_action": [revision.pk],
            "confirm": "yes",
            "note": "同意",
        },
    )


def _api(user, revision, decision):
    client = APIClient()
    client.force_authenticate(user)
    url = reverse("api_review_list", args=[revision.speech.slug, revision.number])
    client.post(url, {"decision": decision, "note": "同意"}, format="json")


def _command(user, revision, decision):
    try:
        call_command(
            "review",
            revision.speech.slug,
            str(revision.number),
            decision,
            user=user.username,
            note="同意",
            stdout=StringIO(),
        )
    except CommandError:
        pass


def _service(user, revision, decision):
    try:
        services.review_record(
            revision=revision, reviewer=user, decision=decision, note="同意"
        )
    except DraftsError:
        pass


ENTRY_POINTS = {
    "service": _service,
    "page": _page,
    "admin": _admin,
    "api": _api,
    "command": _command,
}


def _is_final(revision) -> bool:
    speech = Speech.objects.get(pk=revision.speech_id)
    return speech.final_revision_id == revision.pk


def _approvals(revision) -> set[str]:
    return set(
        revision.reviews.approvals().values_list("reviewer__username", flat=True)
    )


@pytest.fixture
def superuser(speech):
    root = builders.user("root")
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    builders.member(speech, root)
    return root


def test_the_approver_group_does_not_review(db):
    approvers = Group.objects.get(name=roles.APPROVERS)
    codenames = set(approvers.permissions.values_list("codename", flat=True))
    assert "approve_final" in codenames
    assert "review_revision" not in codenames


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_an_approver_cannot_approve_as_a_reviewer(entry, speech, editor, approver):
    revision = builders.submitted(speech, editor, TEXT)
    ENTRY_POINTS[entry](approver, revision, "approve")
    revision.refresh_from_db()
    assert revision.review_state == Revision.ReviewState.SUBMITTED
    assert not Review.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_a_superuser_alone_cannot_take_a_text_to_final(
    entry, speech, editor, reviewer, superuser
):
    revision = builders.submitted(speech, editor, TEXT)
    ENTRY_POINTS[entry](superuser, revision, "approve")
    assert _approvals(revision) == {"root"}
    ENTRY_POINTS[entry](superuser, revision, "final_approval")
    assert not _is_final(revision)
    # A second pair of eyes, even after the text is approved, opens the way.
    ENTRY_POINTS[entry](reviewer, revision, "approve")
    assert _approvals(revision) == {"root", "reviewer"}
    ENTRY_POINTS[entry](superuser, revision, "final_approval")
    assert _is_final(revision)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_an_author_cannot_approve_their_own_text_as_final(
    entry, speech, reviewer, approver
):
    approver.groups.add(Group.objects.get(name=roles.EDITORS))
    revision = builders.submitted(speech, approver, TEXT)
    services.review_record(revision=revision, reviewer=reviewer, decision="approve")
    ENTRY_POINTS[entry](approver, revision, "final_approval")
    assert not _is_final(revision)
    assert not revision.reviews.filter(decision="final_approval").exists()


@pytest.mark.django_db
def test_the_four_eyes_refusal_says_why(speech, editor, reviewer, superuser):
    revision = builders.submitted(speech, editor, TEXT)
    services.review_record(revision=revision, reviewer=superuser, decision="approve")
    with pytest.raises(DraftsError) as caught:
        services.review_record(
            revision=revision, reviewer=superuser, decision="final_approval"
        )
    assert caught.value.code == "four_eyes"
    assert caught.value.status == 403
    assert "签发人以外的审核人" in caught.value.message


@pytest.mark.django_db
def test_the_page_offers_no_final_approval_without_another_approval(
    speech, editor, superuser
):
    revision = builders.submitted(speech, editor, TEXT)
    services.review_record(revision=revision, reviewer=superuser, decision="approve")
    client = Client()
    client.force_login(superuser)
    page = client.get(revision.get_absolute_url()).content.decode()
    assert "批准为定稿" not in page
