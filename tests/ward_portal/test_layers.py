"""The layers hold (import-linter contracts in pyproject.toml), and the check really catches a
forbidden import: the same contracts fail on a copy of the tree with one added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ["ward_portal", "budget", "meetings", "citizens", "figures", "dashboards", "reports"]
LINT = str(Path(sys.executable).parent / "lint-imports")


def lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT, "--no-cache", "--config", "pyproject.toml"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def copy_of_tree(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_tree_keeps_its_layers():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("ward_portal/probe.py", "import budget.models"),  # kernel → app
        ("budget/probe.py", "import citizens.selectors"),  # app → app
        ("citizens/probe.py", "import figures"),  # app → the layer above
        ("reports/probe.py", "import dashboards.views"),  # reports ↔ dashboards
    ],
)
def test_a_forbidden_import_breaks_the_contract(tmp_path, module, forbidden):
    tree = copy_of_tree(tmp_path)
    (tree / module).write_text(forbidden + "\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout.upper()
