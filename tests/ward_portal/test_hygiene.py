"""No function in the product grows past a screen or so: a long one is split by what it does.
Demo data (demo.py) and migrations are lists of rows and are left out."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
MAX_LINES = 80


def product_packages() -> list[Path]:
    """Every top-level Python package but the tests, and the scripts folder."""
    packages = [p.parent for p in ROOT.glob("*/__init__.py") if p.parent.name != "tests"]
    return [*sorted(packages), ROOT / "scripts"]


def long_functions(source: str, path: str) -> list[str]:
    """'path:line name (n lines)' for each function or method longer than MAX_LINES."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_LINES:
                found.append(f"{path}:{node.lineno} {node.name} ({length} lines)")
    return found


def checked_files() -> list[Path]:
    files = []
    for package in product_packages():
        for path in sorted(package.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if path.name == "demo.py" or "migrations" in relative.parts:
                continue
            files.append(path)
    return files


def test_no_function_is_longer_than_80_lines():
    found = []
    for path in checked_files():
        found += long_functions(path.read_text(), str(path.relative_to(ROOT)))
    assert found == [], "split these by what they do:\n" + "\n".join(found)


def test_the_check_reads_every_product_package():
    names = {path.relative_to(ROOT).parts[0] for path in checked_files()}
    assert {"ward_portal", "budget", "meetings", "citizens", "figures"} <= names
    assert {"dashboards", "reports", "scripts"} <= names
    assert not any(path.name == "demo.py" for path in checked_files())
    assert not any("migrations" in path.parts for path in checked_files())


def _function(name: str, lines: int, *, indent: str = "", prefix: str = "") -> str:
    body = "".join(f"{indent}    x{n} = {n}\n" for n in range(lines - 1))
    return f"{indent}{prefix}def {name}():\n{body}"


def test_a_long_method_is_caught_and_one_of_80_lines_is_not():
    source = _function("fits", MAX_LINES)
    source += "class Thing:\n" + _function("grown", MAX_LINES + 1, indent="    ")
    assert long_functions(source, "probe.py") == [
        f"probe.py:{MAX_LINES + 2} grown ({MAX_LINES + 1} lines)"
    ]


def test_a_long_async_function_is_caught():
    source = _function("grown", MAX_LINES + 5, prefix="async ")
    assert long_functions(source, "probe.py") == [f"probe.py:1 grown ({MAX_LINES + 5} lines)"]
