from django.urls import path

from ward_portal.placeholder import section

app_name = "open311"
urlpatterns = [path("discovery.json", section("open311", public=True), name="discovery")]
