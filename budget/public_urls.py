from django.urls import path

from ward_portal.placeholder import section

app_name = "public"
urlpatterns = [path("", section("public", public=True), name="index")]
