"""One beat at a time: the Redis lock beat takes when it starts (aalco/beat_lock.py)."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.conf import settings

from aalco.beat_lock import BeatLock

redis = pytest.importorskip("redis")


@pytest.fixture
def client():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the beat lock needs a real Redis")
    return redis.Redis.from_url(settings.REDIS_URL)


@pytest.fixture
def key(client):
    name = f"test:beat-lock:{uuid.uuid4().hex}"
    yield name
    client.delete(name)


def test_a_second_beat_cannot_take_the_lock_until_the_first_lets_go(client, key):
    first, second = BeatLock(client, ttl=30, key=key), BeatLock(client, ttl=30, key=key)
    assert first.try_acquire()
    assert not second.try_acquire()
    assert first.renew() and not second.renew()  # only the holder renews
    second.release()  # not the holder: nothing happens
    assert first.holder() == first.token
    first.release()
    assert second.try_acquire()


def test_a_waiting_beat_takes_over_when_the_first_one_dies(client, key):
    first, second = BeatLock(client, ttl=1, key=key), BeatLock(client, ttl=1, key=key)
    assert first.try_acquire()
    took = threading.Event()
    waiter = threading.Thread(target=lambda: (second.wait(poll=0.05), took.set()), daemon=True)
    waiter.start()
    time.sleep(0.3)
    assert not took.is_set()
    # The first beat dies: it renews no more and the lock expires after its TTL.
    assert took.wait(timeout=5)
    assert second.holder() == second.token


def test_a_beat_that_loses_its_lock_is_told(client, key):
    lock = BeatLock(client, ttl=1, key=key)
    assert lock.try_acquire()
    lost = threading.Event()
    lock.keep(on_lost=lost.set)
    client.set(key, "someone else")
    assert lost.wait(timeout=5)
