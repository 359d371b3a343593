"""Who may see and touch a speech: the one access rule that every page,
endpoint, export, search, list, admin page and command goes through.

A speech exists only for its members (起草组). Superusers and holders of
drafts.view_all_speeches may read every speech; writing to one (uploading,
reviewing, commenting) always takes membership as well as the role. For
anyone else a speech they may not see does not exist: 404, never 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from drafts.errors import Forbidden, NotFound
from drafts.models import Comment, Download, Membership, Review, Revision, Speech


def sees_everything(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.has_perm("drafts.view_all_speeches")
    )


def visible_speeches(user, queryset=None):
    """Return the speeches *user* may see, as a filter on *queryset*."""
    queryset = Speech.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_everything(user):
        return queryset
    if not user.has_perm("drafts.view_speech"):
        return queryset.none()
    return queryset.filter(memberships__user=user)


def _under_visible(user, queryset, path: str):
    if sees_everything(user):
        return queryset
    allowed = visible_speeches(user).values("pk")
    return queryset.filter(**{f"{path}__in": allowed})


def visible_revisions(user, queryset=None):
    queryset = Revision.objects.all() if queryset is None else queryset
    return _under_visible(user, queryset, "speech")


def visible_reviews(user, queryset=None):
    queryset = Review.objects.all() if queryset is None else queryset
    return _under_visible(user, queryset, "revision__speech")


def visible_comments(user, queryset=None):
    queryset = Comment.objects.all() if queryset is None else queryset
    return _under_visible(user, queryset, "revision__speech")


def visible_downloads(user, queryset=None):
    queryset = Download.objects.all() if queryset is None else queryset
    return _under_visible(user, queryset, "speech")


def is_member(user, speech) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(speech_id=speech.pk, user_id=user.pk).exists()


def can_view(user, speech) -> bool:
    return visible_speeches(user).filter(pk=speech.pk).exists()


def can_manage_members(user, speech) -> bool:
    if user.is_active and user.is_superuser:
        return True
    return user.has_perm("drafts.manage_members") and is_member(user, speech)


def speech_or_404(user, slug: str, queryset=None) -> Speech:
    """Return the speech *slug* if *user* may see it; Http404 otherwise."""
    try:
        return visible_speeches(user, queryset).get(slug=slug)
    except Speech.DoesNotExist:
        raise Http404("没有这篇讲稿。") from None


def revision_or_404(user, slug: str, number: int, queryset=None) -> Revision:
    """Return revision *number* of speech *slug* if *user* may see it."""
    try:
        return visible_revisions(user, queryset).get(speech__slug=slug, number=number)
    except Revision.DoesNotExist:
        raise Http404("没有这个版本。") from None


def require_perm(user, permission: str) -> None:
    """Refuse with 403 a user who lacks *permission*; for views after the
    speech was found, so that a non-member still gets 404 first."""
    if not user.has_perm(permission):
        raise PermissionDenied


def require_member(user, speech, doing: str) -> None:
    """Refuse *doing* on *speech* to anyone not among its members."""
    if is_member(user, speech):
        return
    if can_view(user, speech):
        raise Forbidden(f"只有本讲稿的成员才能{doing}。", "not_member")
    raise NotFound("没有这篇讲稿。", "not_found")
