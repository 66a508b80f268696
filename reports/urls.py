from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="index"),
    path("request/", views.report_request, name="request"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/status.json", views.report_status, name="status"),
    path("<int:pk>/regenerate/", views.report_regenerate, name="regenerate"),
    path("<int:pk>/issue/", views.report_issue, name="issue"),
    path("<int:pk>/subscribe/", views.report_subscribe, name="subscribe"),
    path("<int:pk>/download/<str:fmt>/", views.report_download, name="download"),
]
