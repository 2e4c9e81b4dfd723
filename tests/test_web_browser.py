"""The web page in a real browser: Debian's Chromium, driven by Playwright's Python client,
against the real server (uvicorn on a free loopback port) and the real engine.

Needs ``scripts/setup-browser.sh`` (Chromium) and the ``dev`` extra (playwright); skips with
the reason when either is missing.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.api import Settings, create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parent.parent
SEED_PATHS = (
    Path("/work/shared/seed/article.txt"),
    REPO.parent / "shared" / "seed" / "article.txt",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("Chromium is not installed: run scripts/setup-browser.sh")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(Settings()), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the API server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def seed_text() -> str:
    for path in SEED_PATHS:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    pytest.skip("the seed article (shared/seed/article.txt) is not on this machine")


def test_the_page_highlights_the_seed_conflict_and_links_its_passages(
    browser: Any, server: str, seed_text: str
) -> None:
    page = browser.new_page()
    try:
        page.goto(server + "/")
        page.fill("#draft-text", seed_text)
        page.fill("#published-at", "2025-10-22")
        page.click("#check-button")
        page.wait_for_selector("#findings li")

        finding = page.locator("#findings li", has_text="FC101")
        assert finding.count() == 1
        assert "error" in (finding.get_attribute("class") or "")

        first = page.locator("mark.hl", has_text="at least 32").first
        # The mark names its finding and passage (f<finding>s<passage>); the other passage of
        # the same finding must be the "nearly 30" one.
        key = (first.get_attribute("data-spans") or "").split()[0]
        finding_key, passage = key.split("s")
        partner_key = f"{finding_key}s{1 - int(passage)}"
        partner = page.locator(f'mark.hl[data-spans~="{partner_key}"]').first
        assert "nearly 30" in partner.inner_text()
        assert "sev-error" in (first.get_attribute("class") or "")

        # Following the link from one passage lands on the other, and back.
        first.click()
        assert "current" in (partner.get_attribute("class") or "")
        assert partner.evaluate("m => m === document.activeElement")
        partner.click()
        assert "current" in (first.get_attribute("class") or "")
        assert "current" not in (partner.get_attribute("class") or "")

        # The passage links in the finding's card lead to the same two places.
        links = finding.locator("a.passage")
        assert [links.nth(i).inner_text() for i in range(links.count())] == [
            f"“{first.inner_text()}”",
            f"“{partner.inner_text()}”",
        ]
    finally:
        page.close()


def test_the_page_asks_for_a_draft_and_checks_it_with_a_source(browser: Any, server: str) -> None:
    page = browser.new_page()
    try:
        page.goto(server + "/")
        page.click("#check-button")
        assert "Paste a draft first" in page.inner_text("#status")
        page.fill("#draft-text", "Officials said 5 people died.")
        page.click("#add-source")
        page.fill("#source-1-text", "Police said five people died.")
        page.select_option("#min-severity", "error")
        page.click("#check-button")
        page.wait_for_selector("#results:not([hidden])")
        assert page.locator(".doc").count() == 2
        assert page.inner_text("#summary") == "No inconsistencies found"
    finally:
        page.close()
