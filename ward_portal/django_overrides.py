"""Django's own strings whose Vietnamese translation is missing or wrong.

Listed here so that `make messages` puts them in the root catalog, where they take precedence
over Django's catalog (LOCALE_PATHS come first). Their Vietnamese translations are written by
hand in locale/vi and kept by `make messages`.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("- Select an option -"),  # missing from Django 6.1's vi catalog
    gettext_noop("Enter a whole number."),  # Django's vi: "Nhập một số tổng thể."
    gettext_noop("This field is required."),
]
