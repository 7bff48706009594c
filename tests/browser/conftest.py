"""Headless Chromium (Debian's package, never a downloaded browser) driven by Playwright, and
axe-core (npm) to check pages for accessibility problems."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def accessibility_violations(page):
    """axe-core's violations on the current page, as (rule, impact, [elements]) tuples."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    found = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))]);
        }"""
    )
    return [tuple(violation) for violation in found]


PASSWORD = "a long test password"  # every browser test's people sign in with it


def sign_in(page, base, email):
    """Sign in through the sign-in page, as a person would; it lands on Your alliances. Their
    address counts as verified, as an administrator-made account's does."""
    from accounts.models import User
    from tests.sign_in import verified

    verified(User.objects.get(email=email.lower()))
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Wait for wherever the password leads: reading page.url straight after the click can still
    # see the sign-in page on a busy machine, and then the app's code would never be given.
    page.wait_for_url(re.compile(r".*/(sign-in/two-factor|alliances/yours)/(\?.*)?$"))
    if "/sign-in/two-factor/" in page.url:
        page.get_by_label("Code").fill(app_code(email))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/alliances/yours/")


def app_code(email):
    """The code the person's authenticator app shows now."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt
    from django.core.cache import cache

    from tests.sign_in import totp_code

    # Each code is accepted once; a test signing in twice within its 30 seconds needs it again.
    cache.clear()
    app = Authenticator.objects.get(user__email=email.lower(), type=Authenticator.Type.TOTP)
    return totp_code(decrypt(app.data["secret"]))
