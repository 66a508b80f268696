"""Stable paths (README, "Paths"): staff under /accounts/, /dashboard/, /budget/, /meetings/,
/citizens/, /reports/; the public under /feedback/, /public/ and /open311/v2/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import audit_views, views
from .forms import LoginForm

admin.site.site_header = _("Cổng quản lý phường")
admin.site.site_title = _("Cổng quản lý phường")

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("dashboard/", include("dashboards.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    # Two-factor login: the code step, enrolment, "Bảo mật tài khoản" (README).
    path("accounts/", include("ward_portal.two_factor.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", audit_views.audit_log, name="audit"),  # audit log (ward_portal/audit.py)
    path("budget/", include("budget.urls")),
    path("meetings/", include("meetings.urls")),
    path("citizens/", include("citizens.urls")),
    path("reports/", include("reports.urls")),
    path("feedback/", include("citizens.public_urls")),
    path("public/", include("budget.public_urls")),
    path("open311/v2/", include("citizens.open311_urls")),
]

handler500 = "ward_portal.views.server_error"
