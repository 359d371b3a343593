"""The admin shows what its user may see and rewrites nothing: revisions are
read-only and cannot be deleted; speeches can be described but not removed;
members are added and removed through the same service as on the site."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from drafts import access, comparing, services
from drafts.admin_actions import approve_as_final, approve_revisions, request_changes
from drafts.errors import DraftsError
from drafts.models import Comment, Download, Membership, Review, Revision, Speech


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError("讲稿至少要有一位成员。", code="last_member")


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    fk_name = "speech"
    fields = ["user", "added_by", "added_at"]
    readonly_fields = ["added_by", "added_at"]
    extra = 0

    def has_change_permission(self, request, obj=None):
        # A membership is added or removed, never edited into another one.
        return False


@admin.register(Speech)
class SpeechAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "occasion",
        "status",
        "revision_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "created_at"]
    search_fields = ["title", "occasion"]
    readonly_fields = [
        "status",
        "created_by",
        "created_at",
        "revision_count",
        "revisions_link",
    ]
    fields = [
        "title",
        "slug",
        "occasion",
        "description",
        "required_approvals",
        *readonly_fields,
    ]
    # The revisions are a link to their own paginated list, not an inline:
    # a page must cost the same at 1,000 revisions as at 10.
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return access.visible_speeches(request.user, super().get_queryset(request))

    @admin.display(description="版本")
    def revisions_link(self, obj):
        if not obj.revision_count:
            return "—"
        url = reverse("admin:drafts_revision_changelist")
        return format_html(
            '<a href="{}?speech__exact={}">查看全部 {} 个版本</a>',
            url,
            obj.pk,
            obj.revision_count,
        )

    def has_add_permission(self, request):
        # Speeches are created through the site or the API, which check roles.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Only the described fields: the workflow state is not the admin's.
        obj.save(update_fields=form.changed_data)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        added = formset.save(commit=False)
        self._change_members(request, form.instance, added, formset.deleted_objects)

    def _change_members(self, request, speech, added, removed):
        changes = [(services.member_add, m.user, "added_by") for m in added]
        changes += [(services.member_remove, m.user, "removed_by") for m in removed]
        for service, user, actor in changes:
            try:
                service(speech=speech, user=user, **{actor: request.user})
            except DraftsError as error:
                self.message_user(request, f"{user}：{error.message}", messages.ERROR)


@admin.register(Revision)
class RevisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    change_form_template = "admin/drafts/revision/change_form.html"
    list_display = ["__str__", "author", "created_at", "char_count", "review_state"]
    list_filter = ["review_state", "speech__status", "author", "created_at"]
    actions = [approve_revisions, request_changes, approve_as_final]
    search_fields = ["speech__title", "text", "note"]
    list_select_related = ["speech", "author"]
    exclude = ["original_bytes"]
    ordering = ["speech", "-number"]

    def get_queryset(self, request):
        return access.visible_revisions(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "original_bytes"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        comparisons = comparing.revision_comparisons(revision) if revision else []
        extra_context = {**(extra_context or {}), "comparisons": comparisons}
        return super().change_view(request, object_id, form_url, extra_context)

    def has_review_permission(self, request):
        return request.user.has_perm("drafts.review_revision")

    def has_approve_final_permission(self, request):
        return request.user.has_perm("drafts.approve_final")


@admin.register(Review)
class ReviewAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["revision", "reviewer", "decision", "created_at"]
    list_filter = ["decision", "reviewer", "created_at"]
    search_fields = ["revision__speech__title", "note"]
    list_select_related = ["revision__speech", "reviewer"]

    def get_queryset(self, request):
        return access.visible_reviews(request.user, super().get_queryset(request))


@admin.register(Comment)
class CommentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    # Comments are resolved and reopened on the revision page, by the service.
    list_display = ["revision", "paragraph", "author", "created_at", "is_resolved"]
    list_filter = ["is_resolved", "author", "created_at"]
    search_fields = ["revision__speech__title", "text"]
    list_select_related = ["revision__speech", "author"]

    def get_queryset(self, request):
        return access.visible_comments(request.user, super().get_queryset(request))


BULKY_REVISION_FIELDS = ("text", "original_bytes", "import_notices")


@admin.register(Download)
class DownloadAdmin(ReadOnlyMixin, admin.ModelAdmin):
    # Written by the download services only; nobody edits the record.
    list_display = [
        "downloaded_at",
        "downloaded_by",
        "speech",
        "revision",
        "base_revision",
        "kind",
        "file_format",
        "size",
        "channel",
    ]
    list_filter = ["kind", "file_format", "channel", "downloaded_at"]
    search_fields = ["speech__title", "filename", "sha256", "downloaded_by__username"]
    list_select_related = [
        "speech",
        "revision__speech",
        "base_revision",
        "downloaded_by",
    ]
    readonly_fields = [f.name for f in Download._meta.fields]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .defer("revision__text", "revision__original_bytes")
        )
        return access.visible_downloads(request.user, queryset)
