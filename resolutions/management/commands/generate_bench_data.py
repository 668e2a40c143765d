from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from resolutions.services.bench_data import BenchDataError, generate_bench_data


class Command(BaseCommand):
    help = (
        "Grow the database to the size of the UN for benchmarks: member states (AALCO's 47 "
        "and fictional ones), sessions, resolutions with realistic paragraphs, dated treaty "
        "statuses, responses in every status and reminders. Deterministic for a seed; run it "
        "on a fresh, migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--states", type=int, default=193)
        parser.add_argument("--sessions", type=int, default=10)
        parser.add_argument("--resolutions-per-session", type=int, default=20)
        parser.add_argument("--seed", type=int, default=13)

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            report = generate_bench_data(
                states=options["states"],
                sessions=options["sessions"],
                resolutions_per_session=options["resolutions_per_session"],
                seed=options["seed"],
                log=lambda message: self.stdout.write(f"  {message}"),
            )
        except BenchDataError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Benchmark data generated in {seconds:.0f} s: {report.summary()}.")
        )
