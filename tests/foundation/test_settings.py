"""Settings read from the environment fail loudly on bad values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from aalco.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("Yes", True), ("false", False), ("0", False)],
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG")


def test_env_int_refuses_words_and_out_of_range(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUMBER must be a whole number"):
        env_int("X_NUMBER", 1, minimum=0)
    monkeypatch.setenv("X_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("X_NUMBER", 1, minimum=0)


def test_env_list_casts_items(monkeypatch):
    monkeypatch.setenv("X_STEPS", "90, 60,30")
    assert env_list("X_STEPS", cast=int) == [90, 60, 30]
    monkeypatch.setenv("X_STEPS", "90,soon")
    with pytest.raises(ImproperlyConfigured, match="X_STEPS"):
        env_list("X_STEPS", cast=int)


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "aalco.settings"
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.TIME_ZONE, settings.USE_TZ, settings.EMAIL_TIMEOUT)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = _load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_fresh_clone_defaults_sqlite_in_process_tasks_and_kolkata():
    env = {"DEBUG": "true", "DATABASE_URL": "", "REDIS_URL": ""}
    result = _load_settings(**env)
    assert result.returncode == 0, result.stderr
    engine, eager, tz, use_tz, timeout = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert (tz, use_tz) == ("Asia/Kolkata", "True")
    assert int(timeout) > 0


def test_database_and_redis_urls_switch_backends():
    result = _load_settings(
        DEBUG="true",
        DATABASE_URL="postgres://u:p@db.example:5432/aalco",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    engine, eager, *_ = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert eager == "False"


def test_bad_email_settings_are_refused():
    result = _load_settings(DEBUG="true", EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS or EMAIL_USE_SSL" in result.stderr
    result = _load_settings(DEBUG="true", EMAIL_PORT="smtp")
    assert "EMAIL_PORT must be a whole number" in result.stderr


def test_env_list_casts_defaults_too(monkeypatch):
    monkeypatch.delenv("X_STEPS", raising=False)
    assert env_list("X_STEPS", ["90", "60"], cast=int) == [90, 60]


def test_reminder_steps_are_whole_numbers(settings):
    assert all(isinstance(step, int) for step in settings.REMINDER_STEPS_DAYS)


def test_a_leading_dollar_names_another_variable_unless_escaped(monkeypatch):
    from aalco.settings import env_str

    monkeypatch.setenv("X_TARGET", "found")
    monkeypatch.setenv("X_PROXY", "$X_TARGET")
    monkeypatch.setenv("X_LITERAL", r"\$X_TARGET")
    assert env_str("X_PROXY") == "found"
    assert env_str("X_LITERAL") == "$X_TARGET"
