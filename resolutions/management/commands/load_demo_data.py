from __future__ import annotations

from django.core.management.base import BaseCommand

from resolutions.services.demo import DEMO_PASSWORD, load_demo_accounts


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
        accounts = load_demo_accounts(password=password)
        self.stdout.write(
            self.style.SUCCESS("Demo accounts ready (sign in with the email address):")
        )
        for account in accounts:
            self.stdout.write(f"  {account.email:<28} {account.role}")
        self.stdout.write(f"  password: {password}")
