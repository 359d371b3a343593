from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from drafts.views.health import healthz

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("drafts.api_urls")),
    path("", include("drafts.urls")),
]

handler404 = "drafts.views.page_not_found"
handler403 = "drafts.views.permission_denied"
handler400 = "drafts.views.bad_request"
handler500 = "drafts.views.server_error"
