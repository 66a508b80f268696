"""Every page of the admin opens for the system administrator on the demo data: each model's
list, search and first object (a broken column or a missing select_related shows up here)."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_admin_page_opens_on_the_demo_data(admin_client_, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    opened = 0
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        response = admin_client_.get(changelist)
        assert response.status_code == 200, changelist
        if model_admin.search_fields:
            assert admin_client_.get(changelist, {"q": "Phường"}).status_code == 200, changelist
        first = model_admin.get_queryset(response.wsgi_request).first()
        if first is not None:
            change = reverse("admin:{}_{}_change".format(*info), args=[first.pk])
            assert admin_client_.get(change).status_code == 200, change
            opened += 1
    assert opened > 20
