"""Export a session's provisional agenda with its follow-up annex.

python manage.py export_agenda --session 53 --format pdf --output agenda-53.pdf
python manage.py export_agenda --session 53 --format csv --output -
python manage.py export_agenda --session 53 --format docx --language ar --output .
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolutions.exports.base import FORMAT_MODULES
from resolutions.models import Session
from resolutions.services.agenda import AgendaError, export_agenda

#: Formats that are text and may go to standard output.
TEXT_FORMATS = {"csv", "json"}


class Command(BaseCommand):
    help = "Export the provisional agenda of a session with its follow-up annex."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--session", type=int, required=True, help="Session number, e.g. 53")
        parser.add_argument("--format", choices=FORMAT_MODULES, required=True, dest="fmt")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the document (default: %(default)s).",
        )
        parser.add_argument(
            "--output",
            required=True,
            help="File to write; '-' writes csv and json to standard output.",
        )

    def handle(self, *args, session: int, fmt: str, output: str, language: str, **options) -> None:
        found = Session.objects.filter(number=session).first()
        if found is None:
            raise CommandError(f"There is no session number {session}.")
        if output == "-" and fmt not in TEXT_FORMATS:
            raise CommandError(f"{fmt} is a binary format: give a file with --output.")
        try:
            result = export_agenda(session=found, fmt=fmt, language=language)
        except AgendaError as error:
            raise CommandError(error.message) from error
        if output == "-":
            self.stdout.write(result.content.decode("utf-8"), ending="")
            return
        path = Path(output)
        if path.is_dir():
            path = path / result.filename
        try:
            path.write_bytes(result.content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from error
        self.stderr.write(f"Wrote {path} ({len(result.content):,} bytes).")
