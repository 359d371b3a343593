from django.urls import path

from drafts import views
from drafts.views import members, reviews
from drafts.views.compare import compare_accept, compare_unchanged
from drafts.views.merge import revision_merge
from drafts.views.preferences import preferences
from drafts.views.revisions import revision_provenance
from drafts.views.search import search_page

app_name = "drafts"

urlpatterns = [
    path("", views.speech_list, name="speech_list"),
    path("search/", search_page, name="search"),
    path("account/settings/", preferences, name="preferences"),
    path("speeches/new/", views.speech_create, name="speech_create"),
    path("speeches/<str:slug>/", views.speech_detail, name="speech_detail"),
    path("speeches/<str:slug>/upload/", views.revision_upload, name="revision_upload"),
    path("speeches/<str:slug>/members/", members.member_add, name="member_add"),
    path(
        "speeches/<str:slug>/members/<int:user_id>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/",
        views.revision_detail,
        name="revision_detail",
    ),
    path("speeches/<str:slug>/compare/", views.compare_pick, name="compare_pick"),
    path(
        "speeches/<str:slug>/compare/<int:a>...<int:b>/",
        views.compare,
        name="compare",
    ),
    path(
        "speeches/<str:slug>/compare/<int:a>...<int:b>/unchanged/<int:first>-<int:last>/",
        compare_unchanged,
        name="compare_unchanged",
    ),
    path(
        "speeches/<str:slug>/compare/<int:a>...<int:b>/accept/",
        compare_accept,
        name="compare_accept",
    ),
    path(
        "speeches/<str:slug>/upload/merge/",
        revision_merge,
        name="revision_merge",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/provenance/",
        revision_provenance,
        name="revision_provenance",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/original/",
        views.revision_original,
        name="revision_original",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/export.<str:fmt>",
        views.revision_export,
        name="revision_export",
    ),
    path(
        "speeches/<str:slug>/compare/<int:a>...<int:b>/export.docx",
        views.compare_export,
        name="compare_export",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/submit/",
        reviews.revision_submit,
        name="revision_submit",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/review/",
        reviews.review_record,
        name="review_record",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/comments/",
        reviews.comment_add,
        name="comment_add",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/comments/<int:pk>/resolved/",
        reviews.comment_set_resolved,
        name="comment_set_resolved",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/fixes/",
        reviews.revision_apply_fixes,
        name="revision_apply_fixes",
    ),
]
