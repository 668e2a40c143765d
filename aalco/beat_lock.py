"""One Celery beat at a time, however many are started: a lock in Redis.

Two beats would both enqueue the planner every few minutes. The reminder ledger already
makes that harmless (a reminder row is claimed by exactly one task), but the duplicates
still cost work and muddle the logs. So beat takes a Redis lock with a time-to-live when it
starts and renews it while it runs; a second beat waits, and takes over within
BEAT_LOCK_TTL_SECONDS of the first one dying. A beat that cannot renew its lock (Redis
lost it, another took it) stops rather than run unguarded.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid

logger = logging.getLogger(__name__)

LOCK_KEY = "aalco:celery-beat"
# Compare-and-extend: only the holder may renew (its token), atomically.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""


class BeatLock:
    def __init__(self, client, *, ttl: int, key: str = LOCK_KEY) -> None:
        self.client = client
        self.ttl = ttl
        self.key = key
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex}"

    def try_acquire(self) -> bool:
        return bool(self.client.set(self.key, self.token, nx=True, ex=self.ttl))

    def renew(self) -> bool:
        return bool(self.client.eval(_RENEW, 1, self.key, self.token, self.ttl * 1000))

    def release(self) -> None:
        self.client.eval(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
            "end return 0",
            1,
            self.key,
            self.token,
        )

    def holder(self) -> str | None:
        value = self.client.get(self.key)
        return value.decode() if isinstance(value, bytes) else value

    def wait(self, *, poll: float | None = None) -> None:
        """Block until this process holds the lock."""
        announced = False
        while not self.try_acquire():
            if not announced:
                logger.warning("Another beat holds %s (%s): waiting.", self.key, self.holder())
                announced = True
            time.sleep(poll if poll is not None else max(self.ttl / 3, 1))
        logger.info("Beat lock %s taken by %s.", self.key, self.token)

    def keep(self, *, on_lost) -> threading.Thread:
        """Renew the lock every third of its TTL in a daemon thread; `on_lost()` if it goes."""

        def run() -> None:
            while True:
                time.sleep(max(self.ttl / 3, 1))
                try:
                    held = self.renew()
                except Exception:  # Redis down: the lock may expire under us
                    logger.exception("Could not renew the beat lock.")
                    held = False
                if not held:
                    on_lost()
                    return

        thread = threading.Thread(target=run, name="beat-lock", daemon=True)
        thread.start()
        return thread
