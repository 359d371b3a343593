"""Email to the members who can act, when it matters: reviewers when a
revision is submitted, the author when it is approved or sent back,
approvers when it awaits final approval, every member when the 定稿 is
approved. Sent once the decision is committed; a mail server that fails
never undoes a decision. Each user may turn email off."""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from drafts.models import Preference, Revision

logger = logging.getLogger(__name__)


def revision_submitted(revision: Revision) -> None:
    reviewers = [
        user
        for user in _members(revision)
        if user.has_perm("drafts.review_revision") and user.pk != revision.author_id
    ]
    _send(reviewers, revision, "待审核", "已提交审核，请审阅。")


def revision_approved(revision: Revision) -> None:
    _send([revision.author], revision, "审核通过", "已审核通过。")
    approvers = [
        user
        for user in _members(revision)
        if user.has_perm("drafts.approve_final") and user.pk != revision.author_id
    ]
    _send(approvers, revision, "待签发", "已审核通过，等待批准定稿。")


def revision_sent_back(revision: Revision, note: str) -> None:
    _send([revision.author], revision, "退回修改", f"被退回修改。意见：{note}")


def final_approved(revision: Revision) -> None:
    _send(_members(revision), revision, "已定稿", "已批准为定稿。")


def _members(revision: Revision) -> list:
    return list(revision.speech.members.filter(is_active=True))


def _send(users, revision: Revision, subject: str, happened: str) -> None:
    """Queue one email per user who has an address and wants email."""
    wanted = _wanting(users)
    if not wanted:
        return
    title = f"【讲稿版本库】{subject}：{revision.speech.title} 第{revision.number}版"
    link = settings.DRAFTS_SITE_URL.rstrip("/") + revision.get_absolute_url()
    body = f"《{revision.speech.title}》第{revision.number}版{happened}\n\n{link}\n"
    messages = [
        (title, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in wanted
    ]
    transaction.on_commit(lambda: _deliver(messages))


def _wanting(users) -> list:
    with_address = {user.pk: user for user in users if user.email}
    refused = set(
        Preference.objects.filter(
            user_id__in=with_address, has_email_notifications=False
        ).values_list("user_id", flat=True)
    )
    return [user for pk, user in with_address.items() if pk not in refused]


def _deliver(messages) -> None:
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:
        logger.exception("notification email not sent (%d messages)", len(messages))
