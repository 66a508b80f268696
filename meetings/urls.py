from django.urls import path

from ward_portal.placeholder import section

app_name = "meetings"
urlpatterns = [path("", section("meetings"), name="index")]
