"""Email to the members who can act, when it matters, once the decision is
committed; each user may turn it off."""

import pytest
from django.test import Client
from django.urls import reverse

from drafts import services
from drafts.errors import Forbidden
from drafts.models import Preference
from tests import builders

TEXT = "同志们：\n今年安排重点项目100个。"


@pytest.fixture
def addressed(editor, editor2, reviewer, approver):
    for user in (editor, editor2, reviewer, approver):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def _sent(mailoutbox) -> list[tuple[str, list[str]]]:
    return [(mail.subject.split("：")[0], sorted(mail.to)) for mail in mailoutbox]


@pytest.mark.django_db
def test_each_step_tells_the_members_who_can_act(
    speech,
    editor,
    editor2,
    reviewer,
    approver,
    addressed,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = builders.submitted(speech, editor, TEXT)
    assert _sent(mailoutbox) == [("【讲稿版本库】待审核", ["reviewer@example.org"])]
    assert "/speeches/organization-work/revisions/1/" in mailoutbox[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(revision=revision, reviewer=reviewer, decision="approve")
    assert _sent(mailoutbox) == [
        ("【讲稿版本库】审核通过", ["editor@example.org"]),
        ("【讲稿版本库】待签发", ["approver@example.org"]),
    ]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(
            revision=revision, reviewer=approver, decision="final_approval"
        )
    [(subject, _)] = {(s, "") for s, _ in _sent(mailoutbox)}
    assert subject == "【讲稿版本库】已定稿"
    assert sorted(to for mail in mailoutbox for to in mail.to) == [
        "approver@example.org",
        "editor2@example.org",
        "editor@example.org",
        "reviewer@example.org",
    ]


@pytest.mark.django_db
def test_a_sent_back_revision_tells_its_author_with_the_note(
    speech, editor, reviewer, addressed, mailoutbox, django_capture_on_commit_callbacks
):
    revision = builders.submitted(speech, editor, TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(
            revision=revision,
            reviewer=reviewer,
            decision="request_changes",
            note="数据请再核对。",
        )
    [mail] = mailoutbox
    assert mail.to == ["editor@example.org"] and "数据请再核对。" in mail.body


@pytest.mark.django_db
def test_a_refused_decision_sends_nothing(
    speech, editor, addressed, mailoutbox, django_capture_on_commit_callbacks
):
    revision = builders.submitted(speech, editor, TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Forbidden):
            services.review_record(
                revision=revision, reviewer=editor, decision="approve"
            )
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_user_turns_email_off_on_their_settings_page(
    speech, editor, reviewer, addressed, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("drafts:preferences"))
    assert "发邮件通知我" in page.content.decode()
    client.post(reverse("drafts:preferences"), {})  # the box left unticked
    assert Preference.objects.get(user=reviewer).has_email_notifications is False
    with django_capture_on_commit_callbacks(execute=True):
        builders.submitted(speech, editor, TEXT)
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_failing_mail_server_never_undoes_a_decision(
    speech,
    editor,
    reviewer,
    addressed,
    settings,
    django_capture_on_commit_callbacks,
    caplog,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        revision = builders.submitted(speech, editor, TEXT)
    revision.refresh_from_db()
    assert revision.review_state == "submitted"
    assert "notification email not sent" in caplog.text
