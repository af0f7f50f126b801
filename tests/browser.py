"""Headless Chromium (Debian's package, driven by Playwright) for the page tests: what a
page printed to its console, what it fetched, and whether its screenshot shows anything."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


def chromium_path() -> str:
    """Debian's chromium; the tests fail in CI (CI=true) rather than skip without it."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed here (apt-get install chromium)")
    return found


@dataclass
class Watched:
    """A page and everything it did that a test may want to look at."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def screenshot_is_not_blank(self) -> tuple[int, float]:
        """(distinct colours, share of pixels unlike the most common one) of a full-page
        screenshot: a blank or unstyled page has few colours and little ink."""
        from PIL import Image

        image = Image.open(io.BytesIO(self.page.screenshot(full_page=True))).convert("RGB")
        small = image.resize((image.width // 4, image.height // 4))
        counts = small.getcolors(maxcolors=1 << 20) or []
        total = sum(c for c, _ in counts)
        background = max(c for c, _ in counts)
        return len(counts), 1 - background / total


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


def open_page(browser: Any, url: str, *, width: int = 1280) -> Watched:
    page = browser.new_page(viewport={"width": width, "height": 900})
    watched = Watched(page)
    page.on("console", lambda m: m.type == "error" and watched.console_errors.append(m.text))
    page.on("pageerror", lambda e: watched.console_errors.append(str(e)))
    page.on("request", lambda r: watched.requests.append(r.url))
    page.on(
        "dialog", lambda d: (watched.console_errors.append(f"dialog: {d.message}"), d.dismiss())
    )
    page.goto(url, wait_until="load")
    return watched
