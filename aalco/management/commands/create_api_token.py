from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from aalco.models import User
from aalco.tokens import create_api_token


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print its key on the last line (and nothing else "
        "there), for scripts: KEY=$(python manage.py create_api_token EMAIL | tail -n 1). The "
        "token has exactly the user's rights. The key is not stored and cannot be shown again."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The user's email address.")
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Lifetime (default: until revoked)."
        )
        parser.add_argument("--name", default="Command line", help="What the token is for.")

    def handle(self, *args, **options):
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user has the address {options['email']!r}.")
        try:
            token, key = create_api_token(
                user=user, name=options["name"], expires_in_days=options["expires_in_days"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        expires = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "no expiry"
        self.stderr.write(f"Token “{token.name}” for {user.email} ({expires}).")
        self.stdout.write(key)
