"""`make test` reports the coverage of every product package: a new app added to the layers
(pyproject.toml, [tool.importlinter]) is measured too, not silently left out of the total."""

import tomllib
from pathlib import Path

from django.conf import settings

CONFIG = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())


def test_coverage_measures_every_package_of_the_layers():
    measured = CONFIG["tool"]["coverage"]["run"]["source"]
    packages = CONFIG["tool"]["importlinter"]["root_packages"]
    assert sorted(measured) == sorted(packages)
