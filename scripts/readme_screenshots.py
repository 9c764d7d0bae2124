"""Take the README's screenshots from a freshly seeded demo, as a visitor sees it.

    .venv/bin/python scripts/readme_screenshots.py

Seeds the demo into a throw-away SQLite database, serves it on a free port, and with
Debian's Chromium (as the browser tests do) saves into docs/screenshots/:
inbox.png, case-with-visit.png, schedule.png (the owner, 1366 px wide) and
phone-my-day.png, phone-case.png (Tom the technician and Olivia on a 390 px phone).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
BIN = Path(sys.executable).parent
PASSWORD = "rightthere-demo"  # noqa: S105 - the demo's, printed by `make demo`
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "rightthere"), *args], env=env, check=True,  # noqa: S603
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The demo server did not answer at {url}")


def a_case_with_a_visit(env: dict[str, str]) -> int:
    code = ("from rightthere.field.models import Visit; "
            "v = Visit.objects.filter(technician__username='tom').order_by('-starts_at').first(); "
            "print(v.case_id)")  # fmt: skip
    return int(run(env, "shell", "-c", code).strip().splitlines()[-1])


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("networkidle")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
               "BUSINESS_NAME": "Brightside Home Repairs", "MEDIA_ROOT": f"{tmp}/media"}  # fmt: skip
        env.pop("RIGHTTHERE_TESTING", None)
        print("Seeding the demo...", flush=True)
        run(env, "migrate", "--no-input")
        run(env, "seed-demo")
        case_id = a_case_with_a_visit(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603
            [str(BIN / "rightthere"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(f"{base}/health/")
            shoot(base, case_id)
        finally:
            server.terminate()
            server.wait(timeout=10)


def shoot(base: str, case_id: int) -> None:
    # The week with the demo's coming visits (from a Sunday, "this week" is behind us).
    tomorrow = (date.today() + timedelta(days=1)).isoformat()  # noqa: DTZ011 - local day
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        desk = browser.new_page(viewport={"width": 1366, "height": 860})
        log_in(desk, base, "olivia")
        for name, path in [("inbox", "/"), ("case-with-visit", f"/cases/{case_id}/"),
                           ("schedule", f"/schedule/?view=week&date={tomorrow}")]:  # fmt: skip
            desk.goto(base + path)
            desk.wait_for_load_state("networkidle")
            desk.screenshot(path=str(OUT / f"{name}.png"))
            print(f"docs/screenshots/{name}.png")
        phone = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
                 "is_mobile": True, "has_touch": True}  # fmt: skip
        for name, user, path in [("phone-my-day", "tom", "/my-day/"),
                                 ("phone-case", "olivia", f"/cases/{case_id}/")]:  # fmt: skip
            page = browser.new_context(**phone).new_page()
            log_in(page, base, user)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"))
            print(f"docs/screenshots/{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
