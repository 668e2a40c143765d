"""Regenerate the README's picture (docs/dashboard.png) from the demo, as a newcomer sees it.

Builds a throw-away SQLite database, loads the reference and demo data (``load_demo_data``:
the open cycle of today), starts the development server on a free local port, signs in as
the demo secretariat officer and photographs the top of the dashboard with Chromium::

    .venv/bin/python scripts/readme_screenshot.py [--output docs/dashboard.png] [--port 8599]

Needs Playwright (a development dependency) and Chromium (``CHROMIUM_PATH``, default
/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "aalco-demo"  # noqa: S105 — the documented demo password


def _manage(env: dict[str, str], *args: str) -> None:
    # Our own interpreter and manage.py, arguments written in this file.
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"The development server did not start on port {port}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "docs" / "dashboard.png"))
    parser.add_argument("--port", type=int, default=8599)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite3",
            "SITE_URL": f"http://127.0.0.1:{args.port}",
        }
        env.pop("REDIS_URL", None)  # tasks in-process, as `make run`
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "load_reference_data")
        _manage(env, "load_demo_data")
        server = subprocess.Popen(  # noqa: S603 — our interpreter, our arguments
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{args.port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(args.port)
            base = f"http://127.0.0.1:{args.port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                page = browser.new_page(viewport={"width": args.width, "height": args.height})
                page.goto(f"{base}/accounts/login/")
                page.fill("input[name=username]", "secretariat@aalco.example")
                page.fill("input[name=password]", PASSWORD)
                page.click("form button[type=submit]")
                page.wait_for_url(f"{base}/**")
                page.goto(f"{base}/")
                page.screenshot(path=args.output)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
