from django.urls import path

from . import views

app_name = "citizens"
urlpatterns = [
    path("", views.petition_list, name="index"),
    path("new/", views.petition_create, name="create"),
    path("assign/", views.bulk_assign, name="bulk_assign"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.petition_action, name="action"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("receptions/", views.reception_list, name="receptions"),
    path("receptions/new/", views.reception_create, name="reception_create"),
    path("receptions/export/", views.reception_export, name="reception_export"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception_detail"),
]
