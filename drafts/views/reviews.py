"""Small POST forms on the revision page: submit, decide, comment, fix.

Each parses a form, calls one service and redirects back with a message
(Post/Redirect/Get); a refused action says why in the message.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from drafts import access, services
from drafts.errors import DraftsError
from drafts.forms import CommentForm, CommentResolveForm, FixesForm, ReviewForm
from drafts.models import Comment, Review, Revision

DECIDED = {
    Review.Decision.APPROVE: "已记录审核通过：第{n}版。",
    Review.Decision.REQUEST_CHANGES: "已退回修改：第{n}版。",
    Review.Decision.COMMENT: "已发表审阅意见：第{n}版。",
    Review.Decision.FINAL_APPROVAL: "已批准第{n}版为定稿。",
}


def _revision(request, slug: str, number: int) -> Revision:
    return access.revision_or_404(
        request.user, slug, number, Revision.objects.select_related("speech")
    )


def _back(revision: Revision, anchor: str = ""):
    return redirect(revision.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _form_error(request, form) -> None:
    errors = [error for field in form.errors.values() for error in field]
    messages.error(request, errors[0] if errors else "提交的内容无效。")


@require_POST
def revision_submit(request, slug, number):
    revision = _revision(request, slug, number)
    try:
        services.revision_submit(revision=revision, user=request.user)
    except DraftsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"第{revision.number}版已提交审核。")
    return _back(revision, "review")


@require_POST
def review_record(request, slug, number):
    revision = _revision(request, slug, number)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(revision, "review")
    decision = form.cleaned_data["decision"]
    try:
        services.review_record(
            revision=revision,
            reviewer=request.user,
            decision=decision,
            note=form.cleaned_data["note"],
        )
    except DraftsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, DECIDED[decision].format(n=revision.number))
    return _back(revision, "review")


@require_POST
def comment_add(request, slug, number):
    revision = _revision(request, slug, number)
    form = CommentForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(revision)
    paragraph = form.cleaned_data["paragraph"]
    try:
        comment = services.comment_add(
            revision=revision,
            paragraph=paragraph,
            author=request.user,
            text=form.cleaned_data["text"],
        )
    except DraftsError as error:
        messages.error(request, error.message)
        return _back(revision)
    messages.success(request, f"已在第{paragraph + 1}段添加批注。")
    return _back(revision, f"note-{comment.pk}")


@require_POST
def comment_set_resolved(request, slug, number, pk):
    revision = _revision(request, slug, number)
    comment = get_object_or_404(
        Comment,
        pk=pk,
        revision__speech_id=revision.speech_id,
        revision__number__lte=revision.number,
    )
    form = CommentResolveForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(revision, f"note-{comment.pk}")
    is_resolved = form.cleaned_data["is_resolved"]
    try:
        services.comment_set_resolved(
            comment=comment, user=request.user, is_resolved=is_resolved
        )
    except DraftsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "批注已解决。" if is_resolved else "批注已重新打开。")
    return _back(revision, f"note-{comment.pk}")


@require_POST
def revision_apply_fixes(request, slug, number):
    revision = _revision(request, slug, number)
    access.require_perm(request.user, "drafts.add_revision")
    form = FixesForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(revision, "findings")
    try:
        fixed = services.revision_apply_fixes(
            revision=revision, user=request.user, chosen=form.cleaned_data["chosen"]
        )
    except DraftsError as error:
        messages.error(request, error.message)
        return _back(revision, "findings")
    chosen = len(set(form.cleaned_data["chosen"]))
    messages.success(request, f"已应用 {chosen} 处修正，生成第{fixed.number}版。")
    return redirect(fixed)
