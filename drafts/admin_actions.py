"""Admin actions for review decisions. Each asks for a note on an
intermediate page, then calls the same service as every other entry point."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from drafts import services
from drafts.errors import DraftsError
from drafts.models import Review

Decision = Review.Decision


def _decide(modeladmin, request, queryset, decision, title):
    if "confirm" not in request.POST:
        return _ask_for_note(modeladmin, request, queryset, title)
    note = request.POST.get("note", "")
    done = 0
    for revision in queryset.select_related("speech"):
        try:
            services.review_record(
                revision=revision, reviewer=request.user, decision=decision, note=note
            )
        except DraftsError as error:
            modeladmin.message_user(
                request, f"{revision}：{error.message}", messages.ERROR
            )
            continue
        modeladmin.log_change(request, revision, f"{title}：{note}".strip("："))
        done += 1
    if done:
        modeladmin.message_user(request, f"已{title} {done} 个版本。", messages.SUCCESS)
    return None


def _ask_for_note(modeladmin, request, queryset, title):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"{title}：填写意见",
        "action_title": title,
        "action_name": request.POST.get("action"),
        "revisions": queryset.select_related("speech", "author"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "note_required": title == "退回修改",
    }
    return TemplateResponse(
        request, "admin/drafts/revision/decision_note.html", context
    )


@admin.action(description="审核通过", permissions=["review"])
def approve_revisions(modeladmin, request, queryset):
    return _decide(modeladmin, request, queryset, Decision.APPROVE, "审核通过")


@admin.action(description="退回修改", permissions=["review"])
def request_changes(modeladmin, request, queryset):
    return _decide(modeladmin, request, queryset, Decision.REQUEST_CHANGES, "退回修改")


@admin.action(description="批准为定稿", permissions=["approve_final"])
def approve_as_final(modeladmin, request, queryset):
    return _decide(modeladmin, request, queryset, Decision.FINAL_APPROVAL, "批准为定稿")
