from __future__ import annotations

from django.core.management.base import BaseCommand

from resolutions.services.demo import DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = (
        "Create the demo accounts (secretariat, observer, focal points of India and the "
        "Philippines) and the demo data. Idempotent: running it again resets the passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEMO_PASSWORD, help="Password for every demo account."
        )

    def handle(self, *args, password: str, **options):
        data = load_demo_data(password=password)
        self.stdout.write(
            self.style.SUCCESS("Demo accounts ready (sign in with the email address):")
        )
        for account in data.accounts:
            self.stdout.write(f"  {account.email:<28} {account.role}")
        self.stdout.write(f"  password: {password}")
        for symbol in data.imported:
            self.stdout.write(self.style.SUCCESS(f"Imported the demo resolution {symbol}"))
        for symbol in data.already_there:
            self.stdout.write(f"Demo resolution {symbol} is already there: left as it is")
        scenario = data.scenario
        if scenario is not None and scenario.next_session is not None:
            session = scenario.next_session
            self.stdout.write(
                self.style.SUCCESS(
                    f"Open reporting cycle: the {session.ordinal} session opens on "
                    f"{session.start_date:%d %B %Y}; {scenario.reports_added} demo reports "
                    f"added, {scenario.reminders} reminders in the ledger, "
                    f"{scenario.agenda_items} agenda items."
                )
            )
