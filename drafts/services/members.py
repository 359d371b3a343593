"""A speech's members (起草组): adding and removing them. Removing a member
takes away access, never history: their revisions, decisions and comments
stay."""

from django.db import transaction

from drafts.access import can_manage_members, can_view
from drafts.errors import Forbidden, InvalidInput, NotFound
from drafts.models import Membership, Speech


def _check_manager(by, speech: Speech) -> None:
    # None: an operator at the command line, who holds the database anyway.
    if by is None or can_manage_members(by, speech):
        return
    if can_view(by, speech):
        raise Forbidden("只有本讲稿中的起草人可以管理成员。", "not_manager")
    raise NotFound("没有这篇讲稿。", "not_found")


def _name(user) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def member_add(*, speech: Speech, user, added_by=None) -> Membership:
    """Make *user* a member of *speech*."""
    _check_manager(added_by, speech)
    if not user.is_active:
        raise InvalidInput(f"用户“{user.username}”已停用，不能加入。", "inactive_user")
    membership, created = Membership.objects.get_or_create(
        speech=speech, user=user, defaults={"added_by": added_by}
    )
    if not created:
        raise InvalidInput(f"{_name(user)}已是本讲稿的成员。", "already_member")
    return membership


@transaction.atomic
def member_remove(*, speech: Speech, user, removed_by=None) -> None:
    """Take *user* out of *speech*'s members; the last member stays."""
    _check_manager(removed_by, speech)
    # Lock the speech: two removals at once must not leave it with nobody.
    Speech.objects.select_for_update().get(pk=speech.pk)
    members = Membership.objects.filter(speech=speech)
    if not members.filter(user=user).exists():
        raise InvalidInput(f"{_name(user)}不是本讲稿的成员。", "not_member")
    if members.count() == 1:
        raise InvalidInput("不能移除最后一位成员。", "last_member")
    members.filter(user=user).delete()
