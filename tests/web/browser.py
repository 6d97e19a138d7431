"""What every browser test shares: Debian's Chromium under Playwright, signing in as a demo account,
and screenshots in test-artifacts/browser/."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests.web.server import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
LAUNCH_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "peitao-demo-2026"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def sign_in(browser: Any, base_url: str, username: str, viewport: dict[str, int] = DESKTOP) -> Any:
    """A new browser context signed in as `username`, on the page the login lands on."""
    context = browser.new_context(viewport=viewport, base_url=base_url, locale="zh-CN")
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
