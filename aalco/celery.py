from __future__ import annotations

import logging
import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aalco.settings")

app = Celery("aalco")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@beat_init.connect
def _single_beat(sender=None, **kwargs) -> None:
    """Only one beat schedules (aalco/beat_lock.py); others wait to take over."""
    from django.conf import settings

    if not settings.REDIS_URL:
        return
    import redis

    from .beat_lock import BeatLock

    lock = BeatLock(redis.Redis.from_url(settings.REDIS_URL), ttl=settings.BEAT_LOCK_TTL_SECONDS)
    lock.wait()

    def lost() -> None:
        logger.error("The beat lock was lost: stopping this beat so two never run at once.")
        os._exit(1)

    lock.keep(on_lost=lost)
