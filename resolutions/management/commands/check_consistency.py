"""Is this database whole? Run after a restore (``make restore`` does), or any time.

Checks: every foreign key points at a row (the database's own constraint check); what the
workflow promises of each row (a report that left draft has its submission time, a sent
reminder its sending time, a ready export its file); every stored file is in the storage;
and, with ``--manifest``, that each table has the rows the backup's manifest counted
(``--write-manifest`` writes one; ``make backup`` does, next to the dump).

Exit status 0 when consistent, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q

#: Tables whose row counts the manifest records, as app_label.ModelName.
COUNTED = (
    "aalco.User",
    "memberstates.MemberState",
    "memberstates.FocalPoint",
    "memberstates.Treaty",
    "memberstates.TreatyStatus",
    "resolutions.Session",
    "resolutions.Resolution",
    "resolutions.Paragraph",
    "resolutions.Response",
    "resolutions.Attachment",
    "resolutions.Reminder",
    "resolutions.AgendaItem",
    "resolutions.ExportJob",
)


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def problems(*, files: bool = True) -> list[str]:
    from resolutions.models import Attachment, ExportJob, Reminder, Response

    found: list[str] = []
    with transaction.atomic():
        try:
            connection.check_constraints()
        except Exception as error:  # IntegrityError, with the offending row in its message
            found.append(f"foreign keys: {error}")
    left_draft = Response.objects.reported()
    if n := left_draft.filter(submitted_at__isnull=True).count():
        found.append(f"{n} report(s) past draft without a submission time")
    if n := Reminder.objects.filter(status=Reminder.Status.SENT, sent_at__isnull=True).count():
        found.append(f"{n} sent reminder(s) without a sending time")
    if n := ExportJob.objects.filter(status=ExportJob.Status.READY).filter(Q(file="")).count():
        found.append(f"{n} ready export(s) without a file")
    if files:
        names = [
            *Attachment.objects.values_list("file", flat=True),
            *ExportJob.objects.exclude(file="").values_list("file", flat=True),
        ]
        missing = [name for name in names if not default_storage.exists(name)]
        if missing:
            found.append(
                f"{len(missing)} stored file(s) missing from the storage, e.g. {missing[0]}"
            )
    return found


class Command(BaseCommand):
    help = "Check that the database (and its files) are whole, e.g. after a restore."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--manifest", help="compare row counts with this manifest (JSON)")
        parser.add_argument("--write-manifest", help="write the row counts to this file")
        parser.add_argument(
            "--skip-files", action="store_true", help="do not look for the stored files"
        )

    def handle(self, *args, manifest=None, write_manifest=None, skip_files=False, **options):
        found = problems(files=not skip_files)
        now = counts()
        if manifest:
            try:
                expected = json.loads(Path(manifest).read_text())["counts"]
            except (OSError, ValueError, KeyError) as error:
                raise CommandError(f"Cannot read the manifest {manifest}: {error}") from error
            for label, count in expected.items():
                if now.get(label) != count:
                    found.append(f"{label}: {now.get(label)} rows, the backup had {count}")
        if write_manifest:
            Path(write_manifest).write_text(json.dumps({"counts": now}, indent=2) + "\n")
        for label, count in now.items():
            self.stdout.write(f"{label}: {count}")
        if found:
            for problem in found:
                self.stderr.write(f"PROBLEM {problem}")
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("Consistent."))
