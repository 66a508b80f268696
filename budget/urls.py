"""Staff pages of the budget. The overview of a unit accepts ?year=YYYY&period=(year|ytd|q1..q4|
m1..m12)&category=<category id>; the list of years accepts ?year=YYYY&status=(planning|
execution|closed)."""

from django.urls import path

from . import views

app_name = "budget"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:unit_id>/", views.unit_overview, name="unit"),
    path(
        "units/<int:unit_id>/export.<str:fmt>",
        views.unit_export,
        name="unit_export",
    ),
    path("units/<int:unit_id>/years/new/", views.fiscal_year_create, name="year_create"),
    path("years/<int:pk>/estimate/", views.estimate_set, name="estimate_set"),
    path("years/<int:pk>/start/", views.year_start_execution, name="year_start"),
    path("years/<int:pk>/close/", views.year_close, name="year_close"),
    path("years/<int:pk>/reopen/", views.year_reopen, name="year_reopen"),
    path("years/<int:pk>/publish/", views.year_publish, name="year_publish"),
    path("years/<int:pk>/targets/", views.targets, name="targets"),
    path("years/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("imports/template/<str:kind>.xlsx", views.import_template, name="import_template"),
    path("lines/<int:pk>/", views.line_detail, name="line"),
    path("lines/<int:pk>/entries/", views.entry_create, name="entry_create"),
    path("lines/<int:pk>/adjustments/", views.adjustment_create, name="adjustment_create"),
    path("adjustments/<int:pk>/decide/", views.adjustment_decide, name="adjustment_decide"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
]
