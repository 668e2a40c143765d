"""Throughput and latency of the dashboard and /my/ under a small loopback load, next to a
trivial view, on the same gunicorn (2 sync workers, DEBUG off).

Run by bench/bench_pages.py after the page table (`make bench`), or alone:
`DATABASE_URL=postgres://... .venv/bin/python bench/_load.py` on a database filled by
`manage.py generate_bench_data`. The load is bounded: CLIENTS keep-alive connections for
SECONDS per page. Target: the dashboard and /my/ at no less than 25% of the trivial view's
requests per second.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import ROOT, setup_django

PORT = int(os.environ.get("BENCH_PORT", "8790"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
WORKERS = 2


@dataclass
class Load:
    label: str
    path: str
    cookie: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def _cookies() -> dict[str, str]:
    """Session cookies for the officer and India's focal point, stored in the database."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from resolutions.services.demo import load_demo_accounts

    User = get_user_model()
    if not User.objects.filter(email="secretariat@aalco.example").exists():
        load_demo_accounts()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    cookies = {}
    name = settings.SESSION_COOKIE_NAME
    for key, email in (
        ("officer", "secretariat@aalco.example"),
        ("focal", "focal.ind@aalco.example"),
    ):
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookies[key] = f"{name}={client.cookies[name].value}"
    return cookies


def _start_server() -> subprocess.Popen:
    from django.conf import settings

    env = {
        **os.environ,
        "DEBUG": "false",
        # The key that signed the sessions made above, or they read as corrupted.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "DJANGO_SETTINGS_MODULE": "aalco.settings",
    }
    env.pop("REDIS_URL", None)
    # Production serves hashed static files: collect them as a deployment would.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "aalco.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/robots.txt")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start on 127.0.0.1:{PORT}")


def _hammer(load: Load, stop: float, lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    while time.perf_counter() < stop:
        started = time.perf_counter()
        try:
            conn.request("GET", load.path, headers={"Cookie": load.cookie})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        elapsed = time.perf_counter() - started
        with lock:
            if ok:
                load.latencies.append(elapsed)
            else:
                load.errors += 1
    conn.close()


def _run(load: Load) -> Load:
    # Warm both workers (templates, map geometry) before measuring.
    warm = Load(load.label, load.path, load.cookie)
    _drive(warm, 1.0)
    _drive(load, SECONDS)
    return load


def _drive(load: Load, seconds: float) -> None:
    lock = threading.Lock()
    started = time.perf_counter()
    stop = started + seconds
    threads = [threading.Thread(target=_hammer, args=(load, stop, lock)) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.seconds = time.perf_counter() - started


def table(loads: list[Load]) -> str:
    trivial = loads[0].rps or 1.0
    lines = [
        "| page | requests/s | share of trivial | p50 ms | p95 ms | p99 ms | errors | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for load in loads:
        share = load.rps / trivial
        target = "—" if load is loads[0] else ("met" if share >= 0.25 else "MISSED")
        lines.append(
            f"| `{load.label}` | {load.rps:,.1f} | {share:.0%} | {load.percentile(50):,.0f} | "
            f"{load.percentile(95):,.0f} | {load.percentile(99):,.0f} | {load.errors} | {target} |"
        )
    return "\n".join(lines)


def measure() -> list[Load]:
    cookies = _cookies()
    server = _start_server()
    try:
        return [
            _run(Load("/robots.txt (trivial view)", "/robots.txt", cookies["officer"])),
            _run(Load("/ (dashboard)", "/", cookies["officer"])),
            _run(Load("/my/ (India)", "/my/", cookies["focal"])),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)


def setting() -> str:
    return (
        f"loopback load: gunicorn {WORKERS} sync workers on 127.0.0.1:{PORT}, DEBUG off, "
        f"{CLIENTS} keep-alive clients, {SECONDS:.0f} s per page"
    )


def main() -> None:
    setup_django()
    print(setting())
    print(table(measure()))


if __name__ == "__main__":
    main()
