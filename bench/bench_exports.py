"""Exports at the size of the UN: time and peak memory of the agenda PDF and XLSX at 193
states × 40 carried items, and the memory of a streamed CSV of 1,000,000 report rows.

Usage: `DEBUG=true .venv/bin/python bench/bench_exports.py` (or `make bench`). Data as in
bench_agenda (its `_seed` and `_scale_up`), in a transaction rolled back at the end.

Memory: the PDF is rendered by child processes (resolutions/exports/limits.py); its peak is
the resident memory of the whole process tree (this process and its children), sampled
every 50 ms during the render. On a busy machine read the CPU figures: wall time on an idle
two-core machine is about the parent's CPU plus half the children's. The CSV's figure is the
resident memory above what the process held before it, sampled while the response is read.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import Rollback, setup_django

STATES, ITEMS, CSV_ROWS = 193, 40, 1_000_000


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _tree_rss_kib() -> int:
    """Resident memory of this process and its children (the PDF's renderers), now."""
    total = _rss_kib()
    for task in Path("/proc/self/task").iterdir():
        with suppress(OSError):
            for pid in (task / "children").read_text().split():
                with suppress(OSError):
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
    return total


def _contention() -> str:
    """How busy the machine is: the load average, and the share of the last 10 s in which
    some runnable task waited for a CPU (Linux pressure stall information)."""
    text = f"load average {os.getloadavg()[0]:.1f}"
    with suppress(OSError, ValueError, IndexError):
        some = Path("/proc/pressure/cpu").read_text().split()[1]
        text += f", CPU pressure {float(some.split('=')[1]):.0f}% (some, 10 s)"
    return text


def _pdf(session) -> None:
    import resource
    import threading

    from django.core.cache import cache

    from resolutions.exports.pdf import render_agenda_pdf
    from resolutions.selectors.agenda import agenda_annex

    cache.clear()
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kib())
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    children_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler.start()
    wall, cpu = time.perf_counter(), time.process_time()
    annex = agenda_annex(session=session)
    pdf, report = render_agenda_pdf(annex)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = (after.ru_utime + after.ru_stime) - (children_cpu.ru_utime + children_cpu.ru_stime)
    print(
        f"  pdf: {wall:6.1f} s wall, CPU {cpu:.1f} s in the parent + {child_cpu:.1f} s in "
        f"{len(report.child_peaks_kib)} child processes; {report.pages} pages in "
        f"{report.parts} parts, {len(pdf) / 1024:.0f} KiB; peak resident memory of the "
        f"process tree {peak[0] / 1024:.0f} MiB (each child at most "
        f"{max(report.child_peaks_kib) / 1024:.0f} MiB)"
    )
    wall = time.perf_counter()
    render_agenda_pdf(agenda_annex(session=session))
    print(f"  pdf again, data unchanged (cached by HTML hash): {time.perf_counter() - wall:.1f} s")
    print(f"  after the pdf: {_contention()}")


def _xlsx(session) -> None:
    import tracemalloc

    from resolutions.services.agenda import export_agenda

    tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    content = export_agenda(session=session, fmt="xlsx").content
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  xlsx: {wall:6.1f} s wall, {cpu:.1f} s CPU, {len(content) / 1024:.0f} KiB, "
        f"peak Python allocations {peak / 2**20:.0f} MiB (annex included)"
    )


def _csv() -> None:
    import datetime

    from django.utils import timezone

    from aalco.tabular import download_response
    from resolutions.exports.response_rows import ResponseListExport
    from resolutions.models import Response

    class Million(ResponseListExport):
        """A million rows shaped like the report list's database tuples."""

        def rows(self):
            now = timezone.now()
            day = datetime.timedelta(days=1)
            for n in range(CSV_ROWS):
                yield (
                    f"Benchland {n % 193}",
                    f"X{n % 193:02}",
                    f"AALCO/RES/{40 + n % 10}/S {n % 20}",
                    1 + n % 8,
                    40 + n % 10,
                    "Submitted",
                    now - n % 400 * day,
                    None,
                    f"https://followup.aalco.example/responses/{n:032x}/",
                )

    idle = _rss_kib()
    peak = idle
    size = 0
    wall = time.perf_counter()
    response = download_response(Million(Response.objects.none()), "csv", "reports")
    for n, chunk in enumerate(response.streaming_content):
        size += len(chunk)
        if n % 50 == 0:
            peak = max(peak, _rss_kib())
    wall = time.perf_counter() - wall
    print(
        f"  csv: {CSV_ROWS:,} report rows streamed in {wall:.1f} s, {size / 2**20:.0f} MiB "
        f"written, {(peak - idle) / 1024:.1f} MiB resident above idle (target < 100 MiB)"
    )


def main() -> None:
    throwaway = setup_django()
    from django.core.management import call_command
    from django.db import transaction

    from resolutions.services.reference import load_reference_data

    if throwaway:
        call_command("migrate", verbosity=0, interactive=False)
        load_reference_data()
    import bench_agenda

    from resolutions.exports.base import exporters
    from resolutions.models import Session
    from resolutions.services.agenda import add_default_standing_items, draft_agenda

    exporters()
    print(f"{STATES} states × {ITEMS} carried items; {_contention()}")
    try:
        with transaction.atomic():
            bench_agenda._seed()
            bench_agenda._scale_up(states=STATES, items=ITEMS)
            session = Session.objects.get(number=53)
            add_default_standing_items(session=session)
            draft_agenda(session=session)
            _pdf(session)
            _xlsx(session)
            raise Rollback
    except Rollback:
        pass
    _csv()


if __name__ == "__main__":
    main()
