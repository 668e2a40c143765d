"""Reminder planning at scale: 193 states × 50 reporting paragraphs, queries and time.

Usage: `DEBUG=true .venv/bin/python bench/bench_reminders.py` (or `make bench`).
Without DATABASE_URL it builds a throwaway SQLite database; with DATABASE_URL it uses that
(migrated) database inside a transaction that is rolled back.
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import Rollback, letters, setup_django

STEP_60 = datetime.date(2014, 7, 17)  # 60 days before the 53rd session


def _build(*, states: int, paragraphs: int) -> None:
    from django.contrib.auth import get_user_model

    from memberstates.models import FocalPoint, MemberState, Treaty
    from resolutions.models import Paragraph, Resolution, Session

    taken = set(MemberState.objects.values_list("iso2", flat=True))
    free_iso2 = (code for i in range(26 * 26) if (code := letters(i, 2)) not in taken)
    MemberState.objects.bulk_create(
        MemberState(name=f"Benchland {i}", iso3="X" + letters(i, 2), iso2=next(free_iso2))
        for i in range(max(states - len(taken), 0))
    )
    session = Session.objects.get(number=52)
    resolution = Resolution.objects.create(
        symbol=f"AALCO/RES/52/BENCH {paragraphs}",
        session=session,
        title="BENCHMARK",
        adopted_on=datetime.date(2013, 9, 12),
    )
    icmw = Treaty.objects.get(short_name="ICMW")
    created = Paragraph.objects.bulk_create(
        Paragraph(
            resolution=resolution,
            kind=Paragraph.Kind.OPERATIVE,
            number=n + 1,
            order=n + 1,
            verb="Requests",
            text=f"Requests all Member States to report on measure {n + 1};",
            requests_report=True,
            addressees=Paragraph.Addressees.NON_PARTIES if n == 0 else Paragraph.Addressees.ALL,
        )
        for n in range(paragraphs)
    )
    created[0].treaties.add(icmw)
    User = get_user_model()
    states_without = MemberState.objects.exclude(focal_points__is_active=True)
    users = User.objects.bulk_create(
        User(email=f"fp.{s.iso3.lower()}.{paragraphs}@bench.example", name=s.name)
        for s in states_without
    )
    FocalPoint.objects.bulk_create(
        FocalPoint(user=u, member_state=s) for u, s in zip(users, states_without, strict=True)
    )


def _measure(label: str, *, states: int, paragraphs: int) -> dict[str, float]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from resolutions.services.reminders import plan_reminders

    figures: dict[str, float] = {}
    try:
        with transaction.atomic():
            _build(states=states, paragraphs=paragraphs)
            with CaptureQueriesContext(connection) as dry:
                started = time.perf_counter()
                result = plan_reminders(today=STEP_60, dry_run=True)
                figures["dry_seconds"] = time.perf_counter() - started
            with CaptureQueriesContext(connection) as real:
                started = time.perf_counter()
                plan_reminders(today=STEP_60)
                figures["real_seconds"] = time.perf_counter() - started
            inserts = [q for q in real.captured_queries if q["sql"].startswith("INSERT")]
            figures.update(
                dry_queries=len(dry.captured_queries),
                real_queries=len(real.captured_queries) - len(inserts),
                insert_batches=len(inserts),
                emails=len(result.scheduled),
            )
            raise Rollback
    except Rollback:
        pass
    print(
        f"{label:>24}: plan {figures['dry_queries']:.0f} queries, "
        f"{figures['dry_seconds'] * 1000:.0f} ms (dry run) · write "
        f"{figures['real_queries']:.0f} queries + {figures['insert_batches']:.0f} INSERT "
        f"batch(es), {figures['real_seconds'] * 1000:.0f} ms · {figures['emails']:.0f} emails"
    )
    return figures


def main() -> None:
    throwaway = setup_django()
    from django.core.management import call_command

    from resolutions.services.reference import load_reference_data

    if throwaway:
        call_command("migrate", verbosity=0, interactive=False)
        load_reference_data()
    small = _measure("47 states × 5 paragraphs", states=47, paragraphs=5)
    large = _measure("193 states × 50 paragraphs", states=193, paragraphs=50)
    same = small["dry_queries"] == large["dry_queries"]
    same_real = small["real_queries"] == large["real_queries"]
    print(
        f"constant planning queries: {'yes' if same else 'NO'} "
        f"({small['dry_queries']:.0f} vs {large['dry_queries']:.0f}); "
        f"constant write queries besides INSERT batches: {'yes' if same_real else 'NO'} "
        "(SQLite splits a bulk insert by its 999-parameter limit; PostgreSQL does not)"
    )


if __name__ == "__main__":
    main()
