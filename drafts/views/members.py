"""A speech's members on its page: who they are, adding and removing them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from drafts import access, services
from drafts.errors import DraftsError
from drafts.forms import MemberAddForm
from drafts.roles import ROLE_NAMES


def members_context(speech, user) -> dict:
    """Return the members panel: each member with their roles, and the form
    to add one when *user* may manage members."""
    memberships = speech.memberships.select_related("user").prefetch_related(
        "user__groups"
    )
    rows = [
        {
            "user": membership.user,
            "roles": _roles(membership.user),
            "added_at": membership.added_at,
        }
        for membership in memberships
    ]
    manage = access.can_manage_members(user, speech)
    return {
        "rows": rows,
        "can_manage": manage,
        "form": MemberAddForm(speech=speech) if manage else None,
    }


def _roles(user) -> list[str]:
    return [group.name for group in user.groups.all() if group.name in ROLE_NAMES]


def _back(speech):
    return redirect(speech.get_absolute_url() + "#members")


@require_POST
def member_add(request, slug):
    speech = access.speech_or_404(request.user, slug)
    form = MemberAddForm(request.POST, speech=speech)
    if not form.is_valid():
        messages.error(request, form.errors["user"][0])
        return _back(speech)
    added = form.cleaned_data["user"]
    try:
        services.member_add(speech=speech, user=added, added_by=request.user)
    except DraftsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已将{_name(added)}加入本讲稿成员。")
    return _back(speech)


@require_POST
def member_remove(request, slug, user_id):
    speech = access.speech_or_404(request.user, slug)
    membership = speech.memberships.select_related("user").filter(user_id=user_id)
    removed = membership.first()
    if removed is None:
        raise Http404("没有这位成员。")
    try:
        services.member_remove(
            speech=speech, user=removed.user, removed_by=request.user
        )
    except DraftsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已将{_name(removed.user)}移出本讲稿成员。")
    if not access.can_view(request.user, speech):
        return redirect("drafts:speech_list")
    return _back(speech)


def _name(user) -> str:
    return user.get_full_name() or user.username
