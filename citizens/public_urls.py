from django.urls import path

from ward_portal.placeholder import section

app_name = "citizens_public"
urlpatterns = [
    path("", section("feedback", public=True), name="submit"),
    path("track/", section("feedback", public=True), name="track"),
]
