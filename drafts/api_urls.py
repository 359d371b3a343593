"""API routes. The site-wide login redirect is lifted here: the API answers
unauthenticated requests with a JSON 401 of its own instead."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from rest_framework.authtoken.views import obtain_auth_token

from drafts import api

urlpatterns = [
    path("token/", login_not_required(obtain_auth_token), name="api_token"),
    path("speeches/", login_not_required(api.speech_list), name="api_speech_list"),
    path(
        "speeches/<str:slug>/",
        login_not_required(api.speech_detail),
        name="api_speech_detail",
    ),
    path(
        "speeches/<str:slug>/revisions/",
        login_not_required(api.revision_list),
        name="api_revision_list",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/",
        login_not_required(api.revision_detail),
        name="api_revision_detail",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/submit/",
        login_not_required(api.revision_submit),
        name="api_revision_submit",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/reviews/",
        login_not_required(api.review_list),
        name="api_review_list",
    ),
    path(
        "speeches/<str:slug>/revisions/<int:number>/proofread/",
        login_not_required(api.proofread_revision),
        name="api_proofread",
    ),
    path(
        "speeches/<str:slug>/compare/<int:old>...<int:new>/",
        login_not_required(api.compare),
        name="api_compare",
    ),
    re_path(r"^.*$", login_not_required(api.not_found), name="api_not_found"),
]
