from django.urls import path

from ward_portal.placeholder import section

app_name = "citizens"
urlpatterns = [path("", section("citizens"), name="index")]
