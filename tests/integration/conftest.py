"""Real delivery: Redis as the broker, `celery worker` processes, an SMTP server on loopback.

The worker processes use the test database (PostgreSQL: they cannot see pytest's in-memory
SQLite) through DATABASE_URL built from the test connection, so tests here use
`transactional_db`: what the test writes is committed and visible to them.
"""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from aalco.celery import app as celery_app

from ..reminders.conftest import make_focal_point, res52, session52  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")


def pytest_collection_modifyitems(config, items) -> None:
    reason = None
    if not settings.REDIS_URL:
        reason = (
            "REDIS_URL is not set: integration tests need a real Redis broker "
            "(CI sets REDIS_URL=redis://127.0.0.1:6379/15)"
        )
    elif connection.vendor != "postgresql":
        reason = (
            "DATABASE_URL is not PostgreSQL: a worker process cannot see pytest's in-memory "
            "SQLite test database"
        )
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.integration)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def wait_for(predicate: Callable[[], object], *, timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what or predicate}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- SMTP sink -------------------------------------------------------------------------------


@dataclass
class Delivered:
    to: list[str]
    cc: list[str]
    subject: str
    reminder: str | None


@dataclass
class SmtpSink:
    port: int
    rcpt_delay: float = 0.0
    messages: list[Delivered] = field(default_factory=list)
    _controller: Controller | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)  # a slow server: room for a kill mid-send
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        delivered = Delivered(
            to=[a.strip() for a in (message["To"] or "").split(",") if a.strip()],
            cc=[a.strip() for a in (message["Cc"] or "").split(",") if a.strip()],
            subject=str(message["Subject"]),
            reminder=message["X-AALCO-Reminder"],
        )
        with self._lock:
            self.messages.append(delivered)
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def count_to(self) -> Counter[str]:
        with self._lock:
            return Counter(a for m in self.messages for a in m.to)

    def __len__(self) -> int:
        with self._lock:
            return len(self.messages)


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """An SMTP server on a free loopback port; not started (a test may want it down first)."""
    sink = SmtpSink(port=free_port())
    yield sink
    sink.stop()


# --- Broker and workers ----------------------------------------------------------------------


@pytest.fixture
def broker() -> Iterator[redis.Redis]:
    """Tasks go to Redis for real; the database number is the one REDIS_URL names."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield client
    celery_app.conf.task_always_eager = eager
    client.flushdb()
    client.close()


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


@dataclass
class Worker:
    name: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=10)


@pytest.fixture
def start_workers(
    transactional_db, broker, smtp_sink, tmp_path
) -> Iterator[Callable[..., list[Worker]]]:
    """Start `celery -A aalco worker` processes on the test database; always stopped after."""
    started: list[Worker] = []

    def start(*names: str, **env_overrides: str) -> list[Worker]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "aalco.settings",
            "SECRET_KEY": "integration-worker-secret-key-not-for-production-0123456789",
            "DEBUG": "false",
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink.port}",
            "EMAIL_TIMEOUT": "3",
            "SITE_URL": "http://testserver",
            "REMINDER_RETRY_BACKOFF_SECONDS": "1",
            "REMINDER_RETRY_BACKOFF_MAX_SECONDS": "2",
            "REMINDER_MAX_RETRIES": "20",
            "LOG_LEVEL": "WARNING",
            **env_overrides,
        }
        batch = []
        for name in names:
            log = tmp_path / f"worker-{name}.log"
            with log.open("wb") as out:  # the child keeps its own descriptor
                process = _popen_worker(name, out, env)
            worker = Worker(name, process, log)
            started.append(worker)
            batch.append(worker)
        for worker in batch:
            wait_for(
                lambda w=worker: " ready." in w.output() or w.process.poll() is not None,
                timeout=60,
                what=f"worker {worker.name} to start",
            )
            assert worker.process.poll() is None, worker.output()
        return batch

    yield start
    for worker in started:
        if worker.process.poll() is None:
            os.killpg(worker.process.pid, signal.SIGTERM)
    for worker in started:
        try:
            worker.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def _popen_worker(name: str, out, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(CELERY),
            "-A",
            "aalco",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--hostname",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=REPO,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killed whole
    )


def queue_empty(client: redis.Redis, *, lost: int = 0) -> bool:
    """No message waiting in the default queue, none reserved and unacknowledged (but the
    `lost` ones a killed worker held: Redis gives those back only after the visibility
    timeout)."""
    return client.llen("celery") == 0 and client.hlen("unacked") <= lost
