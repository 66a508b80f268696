"""Browser journeys: Playwright driving Debian's Chromium (never a downloaded browser).

Without Chromium the journeys are skipped with a message, unless REQUIRE_BROWSER_TESTS=1 (set
by .ci/run), in which case they fail.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# around it (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path():
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        message = "Chromium not found: install Debian's 'chromium' or set CHROMIUM_PATH"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the test inject axe-core; the portal's own pages never need it.
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        bypass_csp=True,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, username, password="demo-portal"):  # noqa: S107 (the demo password)
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def axe_violations(page, impacts=("serious", "critical")):
    """Runs axe-core (installed from npm at setup) in the page; returns the serious ones."""
    if not AXE.exists():
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail("axe-core is missing: run `npm ci`")
        pytest.skip("axe-core not installed (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in impacts
    ]
