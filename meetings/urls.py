from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="index"),
    path("new/", views.meeting_edit, name="create"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/token/", views.calendar_feed_token, name="calendar_token"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/attendees/", views.attendee_add, name="attendee_add"),
    path(
        "<int:pk>/attendees/<int:attendee_pk>/",
        views.attendance_record,
        name="attendance",
    ),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path(
        "<int:pk>/<str:action>/",
        views.meeting_transition,
        name="transition",
    ),
    path("<int:pk>/invitation.pdf", views.invitation_pdf, name="invitation_pdf"),
    path("<int:pk>/conclusion.pdf", views.conclusion_pdf, name="conclusion_pdf"),
    path("minutes/<int:pk>/edit/", views.minutes_edit, name="minutes_edit"),
    path("minutes/<int:pk>/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path("minutes/<int:pk>/docx/", views.minutes_docx, name="minutes_docx"),
    path("minutes/<int:pk>/diff/", views.minutes_diff, name="minutes_diff"),
    path("minutes/<int:pk>/<str:action>/", views.minutes_action, name="minutes_action"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/<str:action>/", views.task_action, name="task_action"),
    path("tasks/updates/<int:pk>/file/", views.task_update_file, name="task_update_file"),
]
