from django.urls import path

from ward_portal.placeholder import section

app_name = "budget"
urlpatterns = [path("", section("budget"), name="index")]
