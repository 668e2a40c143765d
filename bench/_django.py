"""What every benchmark shares: a Django set-up on a throwaway database unless DATABASE_URL
says otherwise, and an exception to roll a measured transaction back."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> bool:
    """Returns True when it made a throwaway database (to migrate)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aalco.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.pop("REDIS_URL", None)  # nothing measured here goes through a broker
    throwaway = not os.environ.get("DATABASE_URL")
    if throwaway:
        path = Path(tempfile.mkdtemp(prefix="aalco-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    return throwaway


def letters(n: int, width: int) -> str:
    """The n-th code of `width` capital letters (AA, AB, ...), for made-up states."""
    out = ""
    for _ in range(width):
        n, r = divmod(n, 26)
        out = chr(ord("A") + r) + out
    return out


class Rollback(Exception):
    pass
