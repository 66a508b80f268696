from django.urls import path

from . import public_views

app_name = "citizens_public"
urlpatterns = [
    path("", public_views.submit, name="submit"),
    path("track/", public_views.track, name="track"),
    path("sent/<str:code>/<str:secret>/", public_views.sent, name="sent"),
    path("case/<str:code>/<str:secret>/", public_views.case, name="case"),
    path("<str:ward_code>/", public_views.submit, name="submit_ward"),
]
