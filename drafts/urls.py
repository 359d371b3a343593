from django.urls import path

from drafts import views

app_name = "drafts"

urlpatterns = [
    path("", views.speech_list, name="speech_list"),
    path("speeches/new/", views.speech_create, name="speech_create"),
    path("speeches/<str:slug>/", views.speech_detail, name="speech_detail"),
    path("speeches/<str:slug>/upload/", views.revision_upload, name="revision_upload"),
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
        "speeches/<str:slug>/revisions/<int:number>/original/",
        views.revision_original,
        name="revision_original",
    ),
]
