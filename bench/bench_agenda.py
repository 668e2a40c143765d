"""Agenda export speed: every format for AALCO today (47 states, the seed resolution) and at
scale (193 states, 40 carried items), with the annex's query count.

Usage: `DEBUG=true .venv/bin/python bench/bench_agenda.py` (or `make bench`).
Without DATABASE_URL it builds a throwaway SQLite database; with DATABASE_URL it uses that
(migrated) database inside a transaction that is rolled back. Times are the best of three
runs, wall clock and CPU (the CPU figure is steadier on a shared machine).
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import ROOT, Rollback, letters, setup_django

FORMATS = ("docx", "pdf", "xlsx", "csv", "json")
RUNS = 3


def _seed() -> None:
    from resolutions.models import Resolution
    from resolutions.services.imports import import_resolution

    if not Resolution.objects.filter(symbol="AALCO/RES/52/S 5").exists():
        text = (ROOT / "resolutions" / "data" / "seeds" / "AALCO_RES_52_S_5.txt").read_text()
        import_resolution(text=text)


def _scale_up(*, states: int, items: int) -> None:
    """More states (no map geometry, as most UN members would be drawn) and more carried
    resolutions shaped like the seed, with a third of the states having reported."""
    from django.utils import timezone

    from memberstates.models import MemberState, Treaty
    from resolutions.models import Paragraph, Resolution, Response, Session
    from resolutions.services.obligations import sync_obligations

    taken = set(MemberState.objects.values_list("iso2", flat=True))
    free_iso2 = (code for i in range(26 * 26) if (code := letters(i, 2)) not in taken)
    MemberState.objects.bulk_create(
        MemberState(name=f"Benchland {i}", iso3="X" + letters(i, 2), iso2=next(free_iso2))
        for i in range(max(states - MemberState.objects.count(), 0))
    )
    session = Session.objects.get(number=52)
    icmw = Treaty.objects.get(short_name="ICMW")
    existing = Resolution.objects.filter(session=session).count()
    for n in range(max(items - existing, 0)):
        resolution = Resolution.objects.create(
            symbol=f"AALCO/RES/52/S {100 + n}",
            session=session,
            title=f"WORK PROGRAMME ITEM {n}",
            adopted_on=datetime.date(2013, 9, 12),
            secretariat_document=f"AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S {100 + n}",
        )
        paragraphs = Paragraph.objects.bulk_create(
            [
                Paragraph(
                    resolution=resolution,
                    kind="operative",
                    number=1,
                    order=1,
                    verb="Requests",
                    text="Requests all Member States to report on the measures they took;",
                    requests_report=True,
                    addressees="all",
                ),
                Paragraph(
                    resolution=resolution,
                    kind="operative",
                    number=2,
                    order=2,
                    verb="Encourages",
                    text="Encourages Member States that have not done so to accede to the ICMW;",
                    requests_report=True,
                    addressees="non_parties",
                ),
                Paragraph(
                    resolution=resolution,
                    kind="operative",
                    number=3,
                    order=3,
                    verb="Decides",
                    text="Decides to place this item on the provisional agenda of its "
                    "Fifty-Third Annual Session.",
                    carries_to_session=53,
                ),
            ]
        )
        paragraphs[1].treaties.add(icmw)
    # bulk_create skips the services: the obligations (who each paragraph addresses) of the
    # new states and resolutions are written here, as an import would.
    sync_obligations(
        resolution_ids=Resolution.objects.filter(session=session).values_list("pk", flat=True)
    )
    rng = random.Random(7)
    reporting = Paragraph.objects.filter(resolution__session=session, requests_report=True)
    state_ids = list(MemberState.objects.values_list("pk", flat=True))
    # As in a real cycle: most reports reach the secretariat before the next session opens,
    # one in ten after it (the annex lists those apart, as late).
    opens = datetime.datetime.combine(session.opens_on, datetime.time(12), datetime.UTC)
    closes = Session.objects.get(number=53).start_date
    days = max((closes - session.opens_on).days, 1) if closes else 300
    now = timezone.now()

    def sent_on() -> datetime.datetime:
        if rng.random() < 0.1:
            return now
        return opens + datetime.timedelta(days=rng.randrange(days))

    Response.objects.bulk_create(
        Response(
            member_state_id=s,
            paragraph=p,
            cycle=session,
            status="submitted",
            submitted_at=sent_on(),
        )
        for p in reporting
        for s in rng.sample(state_ids, len(state_ids) // 3)
    )


def _time(session, fmt: str, *, runs: int = RUNS, cold: bool = True) -> tuple[float, float, int]:
    from django.core.cache import cache

    from resolutions.services.agenda import export_agenda

    best_wall = best_cpu = float("inf")
    size = 0
    if not cold:
        export_agenda(session=session, fmt=fmt)  # fill the cache, untimed
    for _ in range(runs):
        if cold:
            cache.clear()  # the PDF is cached under its HTML's hash: time the real work
        wall, cpu = time.perf_counter(), time.process_time()
        size = len(export_agenda(session=session, fmt=fmt).content)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, size


def _measure(label: str, *, states: int | None, items: int | None, runs: int = RUNS) -> int:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from resolutions.models import Session
    from resolutions.selectors.agenda import agenda_annex
    from resolutions.services.agenda import add_default_standing_items, draft_agenda

    queries = 0
    try:
        with transaction.atomic():
            _seed()
            if states and items:
                _scale_up(states=states, items=items)
            session = Session.objects.get(number=53)
            add_default_standing_items(session=session)
            agenda = draft_agenda(session=session)
            with CaptureQueriesContext(connection) as captured:
                annex = agenda_annex(session=session)
            queries = len(captured.captured_queries)
            carried = len(annex.carried)
            addressed = sum(pf.total for e in annex.carried for pf in e.reporting)
            print(
                f"{label}: {len(agenda)} items ({carried} carried), "
                f"{len(annex.carried[0].lines)} states, {addressed} annex rows, "
                f"annex in {queries} queries"
            )
            for fmt in FORMATS:
                wall, cpu, size = _time(session, fmt, runs=runs)
                print(
                    f"  {fmt:>5}: {wall * 1000:7.0f} ms wall, {cpu * 1000:7.0f} ms CPU, "
                    f"{size / 1024:8.1f} KiB"
                )
            wall, cpu, _size = _time(session, "pdf", runs=runs, cold=False)
            print(
                f"  pdf again, data unchanged (cached by HTML hash): {wall * 1000:.0f} ms wall, "
                f"{cpu * 1000:.0f} ms CPU"
            )
            raise Rollback
    except Rollback:
        pass
    return queries


def main() -> None:
    throwaway = setup_django()
    from django.core.management import call_command

    from resolutions.services.reference import load_reference_data

    if throwaway:
        call_command("migrate", verbosity=0, interactive=False)
        load_reference_data()
    from resolutions.exports.base import exporters

    exporters()  # import WeasyPrint, python-docx and openpyxl once, outside the timings
    small = _measure("AALCO today (47 states, RES/52/S 5)", states=None, items=None)
    # One run at scale: WeasyPrint needs minutes for a ~150-page annex.
    large = _measure("193 states × 40 carried items", states=193, items=40, runs=1)
    print(f"constant annex queries: {'yes' if small == large else 'NO'} ({small} vs {large})")


if __name__ == "__main__":
    main()
