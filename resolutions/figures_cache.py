"""Rendered follow-up figures kept in the cache until the data under them changes.

The dashboard and a focal point's portal are read far more often than the data under them is
written, and computing them (counts over 150,000 obligations, a map of 193 states, charts)
costs many times a trivial request. Their rendered HTML is cached (Django's cache: Redis with
REDIS_URL, local memory otherwise) under a key that holds the *figures version*: a number in
the database raised after every committed write to a table the figures are computed from.

Every write is seen, whatever its path (services, bulk updates, the admin, management
commands): a wrapper on the database connection looks at each INSERT, UPDATE and DELETE, and
a write to a watched table registers one `on_commit` callback that raises the version. The
request that wrote raises it before it answers, so the next page anyone reads is computed
again; a rolled-back write raises nothing. The number lives in the database, not in the
cache, so every process (gunicorn workers, replicas, each with its own local-memory cache)
sees the same version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache as memoize
from hashlib import sha1
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import get_language

T = TypeVar("T")

#: Tables of these apps are watched, except those the figures never read.
_APPS = ("resolutions", "memberstates")
_NOT_WATCHED = frozenset({"figuresversion", "notification", "exportjob"})
#: Django's writes (SQLite's bulk_create(ignore_conflicts=True) says INSERT OR IGNORE INTO).
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE
)


@memoize
def watched_tables() -> frozenset[str]:
    """Every table the follow-up figures may read: the two apps' models and their m2m
    tables, without notifications, export jobs and the history copies."""
    tables = set()
    for label in _APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            name = model._meta.model_name or ""
            if name in _NOT_WATCHED or name.startswith("historical"):
                continue
            tables.add(model._meta.db_table)
    return frozenset(tables)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match and match.group(1) in watched_tables():
        figures_changed(context["connection"])
    return result


def watch_writes(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver (connected in ResolutionsConfig.ready)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def figures_changed(using=None) -> None:
    """Raise the figures version once the current transaction commits (at once outside one)."""
    conn = using or connection
    # One callback per transaction: a bulk write is hundreds of statements.
    if any(entry[1] is _raise_version for entry in conn.run_on_commit):
        return
    transaction.on_commit(_raise_version, using=conn.alias)


def _raise_version() -> None:
    from .models import FiguresVersion

    try:
        if not FiguresVersion.objects.filter(pk=1).update(number=F("number") + 1):
            try:
                with transaction.atomic():
                    FiguresVersion.objects.create(pk=1, number=1)
            except IntegrityError:  # another process made the row meanwhile
                FiguresVersion.objects.filter(pk=1).update(number=F("number") + 1)
    except DatabaseError:
        # A data migration writing before the version's own table exists: nothing is cached
        # yet that could be stale.
        if FiguresVersion._meta.db_table in connection.introspection.table_names():
            raise


def figures_version() -> int:
    from .models import FiguresVersion

    return FiguresVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def cached_html(name: str, parts: Iterable[object], render: Callable[[], str]) -> str:
    """The HTML `render` returns, kept under `name`, the figures version, the language and
    `parts` (what else the HTML depends on: the day, the page's options, the reader's role).

    One query (the version) when the copy is there. `FIGURES_CACHE_SECONDS` = 0 turns it off.
    """
    return cached_value(name, [get_language() or "", *parts], render)


def cached_value(name: str, parts: Iterable[object], compute: Callable[[], T]) -> T:
    """What `compute` returns (anything the cache can pickle), kept under `name`, the figures
    version and `parts`; as ``cached_html`` but for a figure a page draws on (counts)."""
    seconds = settings.FIGURES_CACHE_SECONDS
    if not seconds:
        return compute()
    key = ":".join(["figures", name, str(figures_version()), *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def ids_key(ids: Iterable[int]) -> str:
    """A short cache-key part standing for a list of ids (the states a page counts)."""
    return sha1(",".join(map(str, ids)).encode(), usedforsecurity=False).hexdigest()[:16]
