from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<str:code>/", public_views.unit, name="unit"),
    path("<str:code>/<int:year>/<str:period>/", public_views.disclosure, name="disclosure"),
]
