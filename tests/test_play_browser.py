"""The facilitator console in a real browser: the page loads the map, steps to an inject, takes
an order through its form and shows it (and a refusal) in the decision log.

Runs Debian's chromium through Playwright's Python driver (no browser download); skipped with
the reason when chromium is not installed (CI installs it, see .ci/run). Takes a screenshot;
with SISPAM_SCREENSHOT=docs/images/play_console.png it is the README's, otherwise it goes to the
test's temporary folder, so a test run never changes the checkout.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_ENV = "SISPAM_SCREENSHOT"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and shutil.which("chromium") is None,
    reason="chromium is not installed (apt-get install chromium); CI installs it",
)


@pytest.fixture
def console() -> Iterator[tuple[str, object]]:
    """The console of a fresh game served on a free 127.0.0.1 port in a background thread."""
    import uvicorn

    from simulation.geography import load_scenario
    from simulation.play.server import Game, create_app
    from simulation.play.session import Session

    game = Game(Session(load_scenario("pasuruan_pilkada_2024"), "mobile", seed=1))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(game), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # waiting for start-up, not timing anything
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/", game
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        assert not thread.is_alive(), "the server thread did not stop"


def test_the_console_steps_takes_an_order_and_logs_it(console, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, game = console
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1040})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(url)
            expect(page.locator("#map .sector circle")).to_have_count(24)
            expect(page.locator("#clock-label")).to_have_text("H-1 12:00")
            page.click("#next-inject")  # inject 1 is due at the start: it is delivered
            expect(page.locator("#injects-done .card.delivered")).to_have_count(1)
            page.click("#next-inject")  # ... and the clock stops before the next one
            expect(page.locator("#clock-label")).to_have_text("H-1 14:30")
            page.fill("#goto", "H 10:40")
            page.click("#goto-form button")
            expect(page.locator("#clock-label")).to_have_text("10:40")

            page.select_option("#order-kind", "dispatch_unit")
            unit = page.locator("#order-params select[name=unit] option").first.get_attribute(
                "value"
            )
            page.select_option("#order-params select[name=unit]", unit)
            page.select_option("#order-params select[name=to]", "tosari")
            page.fill("#order-by", "Kapolres")
            page.click("#order-submit")
            row = page.locator("#log tbody tr", has_text="dispatch_unit")
            expect(row).to_have_count(1)
            expect(row).to_contain_text("Kapolres")
            expect(page.locator("#order-answer")).to_contain_text("dilaksanakan")

            page.select_option("#order-kind", "recall_unit")
            other = page.locator("#order-params select[name=unit] option").nth(3)
            page.select_option("#order-params select[name=unit]", other.get_attribute("value"))
            page.click("#order-submit")
            refused = page.locator("#log tbody tr.refused")
            expect(refused).to_contain_text("not held by the players")

            page.fill("#goto", "H 10:55")
            page.click("#goto-form button")
            expect(page.locator("#clock-label")).to_have_text("10:55")
            page.select_option("#order-kind", "dispatch_unit")
            expect(page.locator("#map circle.unit.held")).to_have_count(1)
            assert errors == [], errors
            assert [d.order for d in game.session.log.decisions] == [
                "dispatch_unit",
                "recall_unit",
            ]
            shot = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path / "play_console.png")
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000

            page.select_option("#order-kind", "relieve_unit")  # lintas / lapis ganti
            fresh = page.locator("#order-params select[name=with] option").nth(5)
            page.select_option("#order-params select[name=unit]", unit)
            page.select_option("#order-params select[name=with]", fresh.get_attribute("value"))
            page.click("#order-submit")
            expect(page.locator("#log tbody tr", has_text="relieve_unit")).to_have_count(1)
            assert game.session.log.decisions[-1].params == {
                "unit": unit,
                "with": fresh.get_attribute("value"),
            }

            page.goto(url + "players")
            expect(page.locator("#injects .card")).not_to_have_count(0)
            expect(page.locator("#units")).to_contain_text(unit)  # the unit the players sent
        finally:
            browser.close()
