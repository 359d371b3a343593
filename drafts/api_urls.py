"""API routes. The site-wide login redirect is lifted here: the API answers
unauthenticated requests with a JSON 401 of its own instead."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from drafts import api
from drafts.api_token import obtain_token

REVISION = "speeches/<str:slug>/revisions/<int:number>/"

ROUTES = [
    ("token/", obtain_token, "api_token"),
    ("speeches/", api.speech_list, "api_speech_list"),
    ("search/", api.search_texts, "api_search"),
    ("speeches/<str:slug>/", api.speech_detail, "api_speech_detail"),
    ("speeches/<str:slug>/revisions/", api.revision_list, "api_revision_list"),
    (REVISION, api.revision_detail, "api_revision_detail"),
    (REVISION + "submit/", api.revision_submit, "api_revision_submit"),
    (REVISION + "reviews/", api.review_list, "api_review_list"),
    (REVISION + "proofread/", api.proofread_revision, "api_proofread"),
    (REVISION + "provenance/", api.revision_provenance, "api_provenance"),
    (REVISION + "export.<str:fmt>", api.revision_export, "api_revision_export"),
    (
        "speeches/<str:slug>/compare/<int:old>...<int:new>/",
        api.compare,
        "api_compare",
    ),
    (
        "speeches/<str:slug>/compare/<int:old>...<int:new>/export.docx",
        api.compare_export,
        "api_compare_export",
    ),
]

urlpatterns = [
    path(route, login_not_required(view), name=name) for route, view, name in ROUTES
]
urlpatterns.append(
    re_path(r"^.*$", login_not_required(api.not_found), name="api_not_found")
)
