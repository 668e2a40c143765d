from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from memberstates.treaty_import import apply_treaty_status, preview_treaty_status


class Command(BaseCommand):
    help = (
        "Load every member state's status in a treaty from a CSV in the UN Treaty Collection's "
        "participant-table layout (Participant, Signature, Ratification, Accession(a), "
        "Succession(d)). Creates the treaty when it is new (give --title). Unchanged states are "
        "left alone; each change is kept in the status history with its source."
    )

    def add_arguments(self, parser):
        parser.add_argument("short_name", help="The treaty's short name, e.g. ICMW or CRPD.")
        parser.add_argument("file", type=Path, help="The participant table as CSV (UTF-8).")
        parser.add_argument("--title", default="", help="Full title (required for a new treaty).")
        parser.add_argument(
            "--source",
            default="",
            help="Where the table comes from (default: the file name and the treaty's UNTC page).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would change only.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        source = options["source"] or f"UN Treaty Collection participant table ({path.name})"
        try:
            preview = preview_treaty_status(
                short_name=options["short_name"], data=data, source=source, title=options["title"]
            )
        except ValidationError as exc:
            raise CommandError(f"Nothing was loaded. {' '.join(exc.messages)}") from exc
        for change in preview.to_write:
            before = change.current.describe() if change.current else "no row"
            self.stdout.write(
                f"  {change.state.iso3} {change.state.name}: {before} -> {change.describe()}"
            )
        if preview.not_members:
            self.stdout.write(
                f"  {len(preview.not_members)} participants are not member states (left aside)."
            )
        summary = (
            f"{preview.short_name}: {preview.count('new')} new, {preview.count('changed')} "
            f"changed, {preview.count('unchanged')} unchanged"
        )
        if options["dry_run"]:
            self.stdout.write(f"Dry run, nothing written. {summary}.")
            return
        created = preview.treaty is None
        apply_treaty_status(preview=preview)
        self.stdout.write(self.style.SUCCESS(f"{'Treaty created. ' if created else ''}{summary}."))
