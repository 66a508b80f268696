"""Celery wiring (cookiecutter-django shape): JSON only, time limits, late acks.

Every task in the project is idempotent (a guarded claim or a unique constraint), which is what
makes late acknowledgement with reject-on-worker-lost safe: a task whose worker died is run again.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ward_portal.settings")

app = Celery("ward_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
