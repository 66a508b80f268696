"""Loads the official administrative units (package `vietnam-provinces`): one or more provinces
with the pre-2025 units merged into them and the 2025 successions, or the whole country.
Idempotent; abbreviations and place names typed in the portal stay."""

import time

from django.core.management.base import BaseCommand, CommandError

from ward_portal.unit_loader import units_load


class Command(BaseCommand):
    help = (
        "Load the official administrative units: --province 79 (repeatable) for a province "
        "since 01/7/2025 with the pre-2025 provinces, districts and communes merged into it, "
        "or --all for the whole country."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="Code of a province since 01/7/2025, e.g. 79 for Thành phố Hồ Chí Minh.",
        )
        parser.add_argument("--all", action="store_true", help="Load the whole country.")

    def handle(self, *args, **options):
        if bool(options["provinces"]) == options["all"]:
            raise CommandError("Give either --province CODE (one or more) or --all.")
        started = time.monotonic()
        try:
            loaded = units_load(provinces=None if options["all"] else options["provinces"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"provinces: {', '.join(loaded.provinces)}\n"
            f"units: {loaded.created} created, {loaded.updated} updated, "
            f"{loaded.unchanged} unchanged\n"
            f"successions: {loaded.successions_created} created, "
            f"{loaded.successions_updated} updated, {loaded.successions_unchanged} unchanged"
        )
        self.stdout.write(
            self.style.SUCCESS(f"official units loaded in {time.monotonic() - started:.1f} s")
        )
