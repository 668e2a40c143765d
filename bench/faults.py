"""Faults survived: the app against its own PostgreSQL and Redis, which this script breaks.

Usage: `make faults` (or `.venv/bin/python bench/faults.py [--only NAME ...]`). Needs the
PostgreSQL server binaries (`/usr/lib/postgresql/<v>/bin`), `redis-server` and gunicorn.

It never touches a PostgreSQL or Redis it did not start: it runs a private PostgreSQL
(initdb in a temporary directory, port 5548, as the `postgres` user when run as root) and a
private Redis (port 6398), and stops only those. Scenarios, each printed with its figures:

- postgres-restart: gunicorn (2 workers) under load from 4 signed-in clients; PostgreSQL is
  restarted. Requests during the outage fail cleanly (503 with Retry-After, never a 200 with
  a cut-off page); once it is back, the same gunicorn serves 200s again (CONN_HEALTH_CHECKS),
  no restart.
- redis-stop: Redis is stopped. Pages still answer 200 (sessions in the database; the PDF
  request is recorded and waits). Reminders planned meanwhile are sent once Redis and a
  worker are back, each exactly once (an SMTP sink counts them).
- worker-killed: the integration test that SIGKILLs a worker mid-send
  (tests/integration/test_reminder_delivery.py) against the private servers.
- backup-restore: `make backup`, then `make restore` into a fresh database; the consistency
  check (`manage.py check_consistency`) passes against the backup's manifest.

Exit status 0 when every scenario held.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_PORT, REDIS_PORT, WEB_PORT, SMTP_PORT = 5548, 6398, 8860, 8861
DB = "aalco_faults"
PASSWORD = "aalco-demo"
OFFICER = "secretariat@aalco.example"


def say(message: str) -> None:
    print(message, flush=True)


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on :{port}")


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


class PrivatePostgres:
    """A throwaway cluster: initdb, pg_ctl start/stop/restart on PG_PORT, nothing else."""

    def __init__(self, base: Path) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not bins:
            raise SystemExit("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin)")
        self.bin = Path(bins[-1]).parent
        self.data = base / "pgdata"
        self.socket_dir = base
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*self.as_user, *args], check=False, capture_output=True, text=True, timeout=120
        )
        if check and done.returncode:
            raise SystemExit(f"{' '.join(args[:2])} failed: {done.stderr or done.stdout}")
        return done

    def init(self) -> None:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            shutil.chown(self.data.parent, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")
        self.start()

    def _ctl(self, action: str) -> None:
        options = f"-p {PG_PORT} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "-o", options,
            "-l", str(self.data.parent / "pg.log"), action,
        )  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart")

    def stop(self) -> None:
        with suppress(Exception):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def url(self, db: str = DB) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/{db}"

    def createdb(self, name: str) -> None:
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", name],
            check=True,
            capture_output=True,
        )


class PrivateRedis:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_port(REDIS_PORT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class SmtpSink:
    """Counts the messages it receives per recipient (aiosmtpd on SMTP_PORT)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.received: Counter[str] = Counter()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                for rcpt in envelope.rcpt_tos:
                    sink.received[rcpt] += 1
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=SMTP_PORT)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class App:
    """The app's processes against the private servers."""

    def __init__(self, base: Path, pg: PrivatePostgres) -> None:
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "aalco.settings",
            "DEBUG": "false",
            "SECRET_KEY": "faults-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_COOKIES": "false",
            "DATABASE_URL": pg.url(),
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
            "VAR_DIR": str(base / "var"),
            "AXES_ENABLED": "false",
            "REMINDER_STALE_AFTER_SECONDS": "5",
        }
        for name in ("AWS_STORAGE_BUCKET_NAME", "REQUIRE_SECRETARIAT_2FA"):
            self.env.pop(name, None)
        self.processes: list[subprocess.Popen] = []
        self.logs = base

    def manage(self, *args: str, check: bool = True, **env) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=600,
            check=check,
        )

    def spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def gunicorn(self) -> subprocess.Popen:
        process = self.spawn(
            "gunicorn",
            [str(Path(PY).with_name("gunicorn")), "aalco.wsgi:application", "--bind",
             f"127.0.0.1:{WEB_PORT}", "--workers", "2", "--timeout", "60"],
        )  # fmt: skip
        wait_port(WEB_PORT, timeout=60)
        return process

    def worker(self, name: str) -> subprocess.Popen:
        return self.spawn(
            name,
            [str(Path(PY).with_name("celery")), "-A", "aalco", "worker", "--loglevel=info",
             "--concurrency=2", "-n", f"{name}@%h", "--without-gossip", "--without-mingle"],
        )  # fmt: skip

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            self.stop(process)


def signed_in():
    import requests

    session = requests.Session()
    base = f"http://127.0.0.1:{WEB_PORT}"
    page = session.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = session.post(
        f"{base}/accounts/login/",
        data={"username": OFFICER, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=10,
    )
    if "/accounts/login/" in done.url:
        raise SystemExit("could not sign in as the demo secretariat officer")
    return session


# --- Scenarios ------------------------------------------------------------------------------


def postgres_restart(app: App, pg: PrivatePostgres) -> bool:
    import requests

    base = f"http://127.0.0.1:{WEB_PORT}"
    gunicorn = app.gunicorn()
    clients = [signed_in() for _ in range(4)]
    results: list[tuple[float, int, bool]] = []  # (time, status, complete page)
    stop = threading.Event()

    def load(session) -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                r = session.get(f"{base}/resolutions/", timeout=30)
                complete = r.status_code != 200 or r.text.rstrip().endswith("</html>")
                results.append((started, r.status_code, complete))
            except requests.RequestException:
                results.append((started, 0, True))  # refused/reset: no half page either
                time.sleep(0.1)

    threads = [threading.Thread(target=load, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    time.sleep(3)
    outage_start = time.monotonic()
    pg.restart()
    outage_end = time.monotonic()
    time.sleep(6)
    stop.set()
    for t in threads:
        t.join(timeout=40)
    after = [s for t0, s, _c in results if t0 > outage_end + 1]
    statuses = Counter(s for _t, s, _c in results)
    half = sum(1 for *_x, complete in results if not complete)
    recovered = bool(after) and all(s == 200 for s in after)
    first_ok = min((t0 for t0, s, _c in results if t0 > outage_start and s == 200), default=None)
    say(
        f"  {len(results)} requests; statuses {dict(statuses)}; restart took "
        f"{outage_end - outage_start:.1f} s; first 200 after it "
        f"{(first_ok - outage_start) if first_ok else float('nan'):.1f} s after the restart "
        f"began; half-written 200s: {half}; after recovery all 200: {recovered}; "
        f"gunicorn restarted: {'no' if gunicorn.poll() is None else 'DIED'}"
    )
    unclean = [s for s in statuses if s not in (200, 503, 0)]
    if unclean:
        say(f"  unclean statuses during the outage: {unclean}")
    app.stop(gunicorn)
    return recovered and half == 0 and not unclean and gunicorn.returncode in (0, -15, None)


def redis_stop(app: App, pg: PrivatePostgres, redis: PrivateRedis) -> bool:
    base = f"http://127.0.0.1:{WEB_PORT}"
    gunicorn = app.gunicorn()
    browser = signed_in()
    redis.stop()
    pages = {url: browser.get(f"{base}{url}", timeout=30).status_code for url in
             ("/", "/resolutions/", "/reminders/", "/sessions/53/agenda/")}  # fmt: skip
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                      browser.get(f"{base}/sessions/53/agenda/").text).group(1)  # fmt: skip
    pdf = browser.post(
        f"{base}/sessions/53/agenda/pdf/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/sessions/53/agenda/"},
        allow_redirects=False,
        timeout=30,
    ).status_code
    say(f"  Redis stopped: pages {pages}, PDF request {pdf}")
    web_ok = all(s == 200 for s in pages.values()) and pdf == 302

    # Reminders planned while Redis is away: recorded, not sent; sent once it is back.
    with SmtpSink() as sink:
        planned = app.manage("send_reminders", "--today", REMINDER_DAY, check=False)
        say(f"  planner with Redis away: exit {planned.returncode}")
        redis.start()
        worker = app.worker("faults-worker")
        time.sleep(3)
        # What beat does every few minutes: re-queue what is due, until nothing is left.
        for _ in range(10):
            app.manage("send_reminders", "--today", REMINDER_DAY, check=False)
            time.sleep(3)
            if pending(app) == 0:
                break
        time.sleep(2)
        sent = sum(sink.received.values())
        twice = {k: v for k, v in sink.received.items() if v > 1}
        left = pending(app)
        say(
            f"  Redis back: {sent} reminder emails to {len(sink.received)} addresses, "
            f"sent twice: {len(twice)}, left to send: {left}"
        )
        app.stop(worker)
    app.stop(gunicorn)
    return web_ok and sent > 0 and not twice and left == 0


#: 60 days before the 53rd session opens: the demo's 52 -> 53 reminders are due.
REMINDER_DAY = ""


def pending(app: App) -> int:
    out = app.manage(
        "shell",
        "-c",
        "from resolutions.models import Reminder; "
        "print(Reminder.objects.filter(status__in=['scheduled', 'sending']).filter("
        "due_on__lte='" + REMINDER_DAY + "').count())",
    ).stdout.split()
    return int(out[-1])


def worker_killed(app: App) -> bool:
    env = {**app.env, "DJANGO_SETTINGS_MODULE": "aalco.settings_test"}
    done = subprocess.run(
        [str(Path(PY).with_name("pytest")), "-q", "-p", "no:cacheprovider",
         "tests/integration/test_reminder_delivery.py", "-k", "killed"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    say("  " + (done.stdout.strip().splitlines() or ["(no output)"])[-1])
    return done.returncode == 0


def backup_restore(app: App, pg: PrivatePostgres, base: Path) -> bool:
    backups = base / "backups"
    made = subprocess.run(
        ["make", "-s", "backup", f"BACKUP_DIR={backups}", f"VENV={Path(PY).parent.parent}"],
        cwd=ROOT, env=app.env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if made.returncode:
        say(f"  make backup failed: {made.stderr[-1000:]}")
        return False
    dump = made.stdout.strip().splitlines()[-1]
    pg.createdb("aalco_restored")
    restored = subprocess.run(
        ["make", "-s", "restore", f"BACKUP={dump}", f"VENV={Path(PY).parent.parent}"],
        cwd=ROOT, env={**app.env, "DATABASE_URL": pg.url("aalco_restored")},
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    verdict = "consistent" if restored.returncode == 0 else "NOT consistent"
    size = Path(dump).stat().st_size // 1024
    say(f"  backup {Path(dump).name} ({size} KiB) restored into a fresh database: {verdict}")
    if restored.returncode:
        say(restored.stdout[-1500:] + restored.stderr[-1500:])
    return restored.returncode == 0


SCENARIOS = ("postgres-restart", "redis-stop", "worker-killed", "backup-restore")


def main() -> int:
    global REMINDER_DAY
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, default=list(SCENARIOS))
    options = parser.parse_args()
    for port in (PG_PORT, REDIS_PORT, WEB_PORT, SMTP_PORT):
        if not port_free(port):
            raise SystemExit(f"port {port} is taken: is another faults run going on?")
    base = Path(tempfile.mkdtemp(prefix="aalco-faults-"))
    base.chmod(0o755)  # the postgres user must reach its data directory inside
    pg, redis = PrivatePostgres(base / "pg"), PrivateRedis()
    app = App(base, pg)
    outcome: dict[str, bool] = {}
    try:
        say(f"Private PostgreSQL on :{PG_PORT}, Redis on :{REDIS_PORT}, logs in {base}")
        pg.init()
        pg.createdb(DB)
        redis.start()
        setup = [("migrate", "--noinput"), ("load_reference_data",), ("load_demo_data",)]
        for command in [*setup, ("collectstatic", "--noinput", "-v", "0")]:
            app.manage(*command)
        REMINDER_DAY = app.manage(
            "shell", "-c",
            "import datetime; from resolutions.models import Session; "
            "print(Session.objects.get(number=53).start_date - datetime.timedelta(days=60))",
        ).stdout.split()[-1]  # fmt: skip
        for name in options.only:
            say(f"== {name}")
            started = time.monotonic()
            if name == "postgres-restart":
                outcome[name] = postgres_restart(app, pg)
            elif name == "redis-stop":
                outcome[name] = redis_stop(app, pg, redis)
            elif name == "worker-killed":
                outcome[name] = worker_killed(app)
            elif name == "backup-restore":
                outcome[name] = backup_restore(app, pg, base)
            say(f"  {'held' if outcome[name] else 'FAILED'} ({time.monotonic() - started:.0f} s)")
    finally:
        app.stop_all()
        redis.stop()
        pg.stop()
    ok = all(outcome.values())
    say("faults: " + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in outcome.items()))
    if ok:
        shutil.rmtree(base, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
