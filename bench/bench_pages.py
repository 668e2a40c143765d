"""Every page's server time next to a raw psycopg fetch of what it shows, and its queries at
47 and at all member states.

Usage: `DEBUG=true DATABASE_URL=postgres://... .venv/bin/python bench/bench_pages.py` on a
database filled by `manage.py generate_bench_data` (or `make bench`). Without DATABASE_URL it
generates the same data (193 states; BENCH_STATES, BENCH_SESSIONS, BENCH_RESOLUTIONS to
change) into a throwaway SQLite database first. Then the loopback load of bench/_load.py.
Targets (never asserted by a timed test): constant queries, page within 2× of raw or under
100 ms. *page* is the page as served (the dashboard's and the portal's figures from the
cache while no write changed them); *cold* clears the cache before each request (what
computing the page costs, the first time after a write); queries are counted cold.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import Rollback, setup_django

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
SMALL = 47  # AALCO's own membership


@dataclass
class Page:
    label: str
    path: str
    persona: str  # "officer" or "focal"
    raw: str  # SQL fetching what the page shows
    params: tuple = ()


@dataclass
class Figures:
    page: Page
    queries_small: int = 0
    queries_all: int = 0
    page_ms: float = 0.0
    page_cpu_ms: float = 0.0
    #: With the figures' cache cleared before each request: what computing the page costs.
    cold_ms: float = 0.0
    cold_cpu_ms: float = 0.0
    raw_ms: float = 0.0
    status: int = 0

    @property
    def ratio(self) -> float:
        return self.page_ms / self.raw_ms if self.raw_ms else float("inf")

    @property
    def ok(self) -> bool:
        return (
            self.status == 200
            and self.queries_small == self.queries_all
            and (self.ratio <= 2 or self.page_ms < 100)
        )


def _median_ms(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """Median wall and CPU milliseconds of this process (CPU: what a busy machine's other
    work does not inflate; the database's own time is in wall only)."""
    fn()  # warm: connections, caches, compiled templates
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def pages() -> list[Page]:
    """The pages that grow with the number of states, each with the SQL of the rows it shows
    (the floor to beat)."""
    from memberstates.models import MemberState
    from resolutions.models import Resolution, Session

    india = MemberState.objects.get(iso3="IND")
    latest = Session.objects.order_by("-number").first()
    agenda = Session.objects.filter(agenda_items__isnull=False).order_by("-number").first()
    resolution = Resolution.objects.filter(paragraphs__requests_report=True).order_by("-pk").first()
    cycle_responses = """
        SELECT r.member_state_id, r.paragraph_id, r.status, r.id
        FROM resolutions_response r JOIN resolutions_paragraph p ON p.id = r.paragraph_id
        JOIN resolutions_resolution res ON res.id = p.resolution_id
        WHERE res.session_id = %s AND r.cycle_id = %s"""
    return [
        Page(
            "/resolutions/",
            "/resolutions/",
            "officer",
            """
            WITH page AS (
              SELECT res.id, res.symbol, res.title, res.adopted_on, s.number, t.name
              FROM resolutions_resolution res JOIN resolutions_session s ON s.id = res.session_id
              LEFT JOIN resolutions_topic t ON t.id = res.topic_id
              ORDER BY s.number DESC, res.symbol LIMIT 25)
            SELECT page.*, (SELECT count(*) FROM resolutions_response r
                JOIN resolutions_paragraph p ON p.id = r.paragraph_id
                WHERE p.resolution_id = page.id AND r.status <> 'draft')
            FROM page""",
        ),
        Page(
            "/states/",
            "/states/",
            "officer",
            """
            WITH reported AS (
              SELECT r.member_state_id, count(*) AS n FROM resolutions_response r
              WHERE r.cycle_id = %s AND r.status <> 'draft' GROUP BY r.member_state_id)
            SELECT m.id, m.name, m.iso3, m.region, ts.consent_date, ts.signature_date, u.name,
              reported.n
            FROM memberstates_memberstate m LEFT JOIN reported ON reported.member_state_id = m.id
            LEFT JOIN memberstates_treatystatus ts ON ts.member_state_id = m.id
              AND ts.treaty_id = (SELECT id FROM memberstates_treaty WHERE short_name = 'ICMW')
            LEFT JOIN memberstates_focalpoint fp ON fp.member_state_id = m.id
              AND fp.is_active AND fp.role = 'main'
            LEFT JOIN aalco_user u ON u.id = fp.user_id
            WHERE m.is_active ORDER BY m.name""",
            (latest.pk,),
        ),
        Page(
            "/states/IND/",
            "/states/IND/",
            "officer",
            """
            SELECT p.id, res.symbol, p.number, r.status, r.id
            FROM resolutions_paragraph p JOIN resolutions_resolution res
              ON res.id = p.resolution_id
            LEFT JOIN resolutions_response r ON r.paragraph_id = p.id
              AND r.member_state_id = %s AND r.cycle_id = res.session_id
            WHERE p.requests_report AND res.session_id = %s
            UNION ALL SELECT id, subject, step, status, NULL FROM resolutions_reminder
            WHERE member_state_id = %s""",
            (india.pk, latest.pk, india.pk),
        ),
        Page(
            "/my/ (India)",
            "/my/",
            "focal",
            """
            SELECT p.id, res.symbol, p.number, p.text, r.status, r.id
            FROM resolutions_paragraph p JOIN resolutions_resolution res
              ON res.id = p.resolution_id
            LEFT JOIN resolutions_response r ON r.paragraph_id = p.id
              AND r.member_state_id = %s AND r.cycle_id = res.session_id
            WHERE p.requests_report AND (r.id IS NULL OR r.status IN ('draft', 'clarification'))
            ORDER BY res.session_id DESC LIMIT 25""",
            (india.pk,),
        ),
        Page(
            "/reminders/",
            "/reminders/",
            "officer",
            """
            SELECT rm.id, m.name, rm.step, rm.due_on, rm.status, s.number
            FROM resolutions_reminder rm JOIN memberstates_memberstate m
              ON m.id = rm.member_state_id JOIN resolutions_session s ON s.id = rm.cycle_id
            ORDER BY rm.due_on DESC, m.name, rm.step DESC LIMIT 50""",
        ),
        Page(
            f"/sessions/{agenda.number}/agenda/" if agenda else "/sessions/<n>/agenda/",
            f"/sessions/{agenda.number}/agenda/" if agenda else "/sessions/",
            "officer",
            """
            SELECT a.id, a.title, p.id, p.text, r.member_state_id, r.status
            FROM resolutions_agendaitem a
            JOIN resolutions_paragraph p ON p.resolution_id = a.source_resolution_id
            LEFT JOIN resolutions_response r ON r.paragraph_id = p.id
            WHERE a.session_id = %s AND p.kind = 'operative'""",
            (agenda.pk if agenda else 0,),
        ),
        Page("/ (dashboard)", "/", "officer", cycle_responses, (latest.pk, latest.pk)),
        Page(
            "/resolutions/<id>/",
            f"/resolutions/{resolution.pk}/" if resolution else "/resolutions/",
            "officer",
            """
            SELECT p.id, p.text, p.subparagraphs, r.member_state_id, r.status, r.id
            FROM resolutions_paragraph p LEFT JOIN resolutions_response r
              ON r.paragraph_id = p.id
            WHERE p.resolution_id = %s""",
            (resolution.pk if resolution else 0,),
        ),
    ]


def _clients():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from resolutions.services.demo import load_demo_accounts

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    User = get_user_model()
    if not User.objects.filter(email="secretariat@aalco.example").exists():
        load_demo_accounts()
    officer, focal = Client(), Client()
    officer.force_login(User.objects.get(email="secretariat@aalco.example"))
    focal.force_login(User.objects.get(email="focal.ind@aalco.example"))
    return {"officer": officer, "focal": focal}


def _queries(client, path: str) -> tuple[int, int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the queries of computing the page, not of a copy kept from before
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(path).status_code
    # Session and user look-ups belong to the middleware, not to the page.
    return len(ctx.captured_queries), status


def _cold_get(client, path: str):
    from django.core.cache import cache

    cache.clear()
    return client.get(path)


def _raw_runner(sql: str, params: tuple) -> Callable[[], object]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        import sqlite3

        conn = sqlite3.connect(db["NAME"])
        sql = sql.replace("%s", "?")
        return lambda: conn.execute(sql, params).fetchall()
    import psycopg

    conn = psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    )

    def run() -> object:
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def measure() -> list[Figures]:
    from django.db import transaction

    from memberstates.models import MemberState

    clients = _clients()
    result = [Figures(page) for page in pages()]
    for f in result:
        f.queries_all, f.status = _queries(clients[f.page.persona], f.page.path)
        client = clients[f.page.persona]
        f.page_ms, f.page_cpu_ms = _median_ms(lambda f=f, c=client: c.get(f.page.path))
        f.cold_ms, f.cold_cpu_ms = _median_ms(lambda f=f, c=client: _cold_get(c, f.page.path))
        f.raw_ms, _cpu = _median_ms(_raw_runner(f.page.raw, f.page.params))
    # The same pages with AALCO's 47 members only (the others made inactive, then rolled back).
    try:
        with transaction.atomic():
            keep = list(MemberState.objects.order_by("pk").values_list("pk", flat=True)[:SMALL])
            MemberState.objects.exclude(pk__in=keep).update(is_active=False)
            for f in result:
                f.queries_small, _status = _queries(clients[f.page.persona], f.page.path)
            raise Rollback
    except Rollback:
        pass
    return result


def table(figures: list[Figures], *, states: int) -> str:
    lines = [
        f"| page | queries ({SMALL} states) | queries ({states} states) | page ms "
        "| page CPU ms | cold ms | cold CPU ms | raw ms | ratio | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        lines.append(
            f"| `{f.page.label}` | {f.queries_small} | {f.queries_all} | {f.page_ms:,.0f} | "
            f"{f.page_cpu_ms:,.0f} | {f.cold_ms:,.0f} | {f.cold_cpu_ms:,.0f} | "
            f"{f.raw_ms:,.1f} | {f.ratio:,.1f}× | "
            f"{'met' if f.ok else 'MISSED'}"
            f"{'' if f.status == 200 else f' (HTTP {f.status})'} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """Where the figures come from: they mean little without it."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        else:
            database = f"{connection.vendor} {connection.Database.sqlite_version}"
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs, {ram:.0f} GiB RAM, {database}, load average {load}"


def _throwaway() -> bool:
    # bench/_django.py names the throwaway SQLite file it makes: only that is ever filled.
    return "aalco-bench-" in os.environ.get("DATABASE_URL", "")


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from memberstates.models import MemberState
    from resolutions.models import Response

    if _throwaway():
        call_command("migrate", verbosity=0, interactive=False)
    if _throwaway() and not Response.objects.exists():
        print("generating benchmark data into the throwaway database (a few minutes) ...")
        call_command(
            "generate_bench_data",
            states=int(os.environ.get("BENCH_STATES", "193")),
            sessions=int(os.environ.get("BENCH_SESSIONS", "10")),
            resolutions_per_session=int(os.environ.get("BENCH_RESOLUTIONS", "20")),
            verbosity=0,
        )
    states = MemberState.objects.active().count()
    print(f"machine: {machine()}")
    print(f"pages at {states} active member states (median of {RUNS}, in-process client):")
    print(table(measure(), states=states))
    from _load import measure as measure_load
    from _load import setting as load_setting
    from _load import table as load_table

    print(load_setting())
    print(load_table(measure_load()))


if __name__ == "__main__":
    main()
