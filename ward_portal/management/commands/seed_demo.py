"""Loads the demo data (idempotent): the shared core first, then each app's `demo.seed()`."""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

# The shared core comes first: every app's demo data hangs off its units and users.
DEMO_MODULES = ["ward_portal", "budget", "meetings", "citizens"]


class Command(BaseCommand):
    help = "Load the demo data: Quận 1 and its wards, demo users, budgets, meetings, petitions."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            if find_spec(f"{name}.demo") is None:
                continue
            with transaction.atomic():
                import_module(f"{name}.demo").seed()
            self.stdout.write(f"demo data loaded: {name}")
        self.stdout.write(self.style.SUCCESS("demo data ready"))
