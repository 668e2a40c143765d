from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from memberstates.reference import ReferenceDataError
from resolutions.services.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Load AALCO's member states, annual sessions, the treaties of treaties.csv and each "
        "member's status in them from the CSV files shipped with the project. Safe to run "
        "again: unchanged rows are left alone, changed rows are updated (and the change is "
        "kept in history)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--member-states", type=Path, help="Another member-states CSV.")
        parser.add_argument("--sessions", type=Path, help="Another sessions CSV.")
        parser.add_argument("--icmw-status", type=Path, help="Another ICMW status CSV.")

    def handle(self, *args, **options):
        try:
            report = load_reference_data(
                member_states_csv=options["member_states"],
                sessions_csv=options["sessions"],
                icmw_status_csv=options["icmw_status"],
            )
        except ReferenceDataError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded. {report.summary()}."))
