from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from resolutions.services.obligations import obligation_drift, rebuild_obligations


class Command(BaseCommand):
    help = (
        "Recompute the obligations table (which member states each reporting paragraph "
        "addresses) from the paragraphs and the dated treaty status. With --check, only "
        "report how far the table has drifted from the rules, and fail if it has."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare, change nothing.")

    def handle(self, *args, **options):
        if options["check"]:
            missing, extra = obligation_drift()
            if missing or extra:
                raise CommandError(
                    f"The obligations table has drifted: {len(missing)} rows missing or "
                    f"different, {len(extra)} rows extra. Run rebuild_obligations."
                )
            self.stdout.write(self.style.SUCCESS("The obligations table matches the rules."))
            return
        rows = rebuild_obligations()
        self.stdout.write(self.style.SUCCESS(f"Obligations rebuilt: {rows:,} rows."))
