from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolutions.services.documents import extract_text
from resolutions.services.imports import (
    ImportEdits,
    ImportPreview,
    ImportRefused,
    preview_imports,
    save_imports,
)


class Command(BaseCommand):
    help = (
        "Import adopted resolutions from a .txt, .docx or .pdf file (PATH '-' reads standard "
        "input). Several resolutions in one file are imported together, or none is. "
        "The JSON printed by --json is described in docs/import-json.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="File to import, or - for stdin.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check only; save nothing (works without a database).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the parsed structure as JSON."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Update a resolution already imported, keeping the responses logged on it.",
        )
        parser.add_argument(
            "--session",
            type=int,
            metavar="N",
            help="Record the resolutions under AALCO session N instead of the one in the text "
            "(for a General Assembly resolution: the AALCO session that follows it up).",
        )

    def handle(self, *args, **options):
        path, dry_run, replace = options["path"], options["dry_run"], options["replace"]
        as_json = options["json"]
        edits = (
            ImportEdits(resolution={"session": options["session"]}) if options["session"] else None
        )
        name = "stdin" if path == "-" else path
        text = self._read(path)
        try:
            if dry_run:
                previews = preview_imports(
                    text=text, replace=replace, edits=edits, database="if_available"
                )
                self._refuse_text_problems(name, previews)
            else:
                results = save_imports(text=text, replace=replace, edits=edits)
                previews = [result.preview for result in results]
        except ImportRefused as error:
            raise CommandError(_located(name, error.line, error.message)) from error
        for preview in previews:
            for notice in preview.warnings + preview.problems:
                self.stderr.write(f"warning: {_located(name, notice.line, notice.message)}")
        summary = self.stderr if as_json else self.stdout
        for preview in previews:
            summary.write(describe(preview, saved=not dry_run))
        if dry_run:
            summary.write("Dry run: nothing was saved.")
        if as_json:
            data = [p.to_dict() for p in previews]
            self.stdout.write(_dumps(data[0] if len(data) == 1 else data))

    def _read(self, path: str) -> str:
        if path == "-":
            stream = sys.stdin
            data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
            filename = ""
        else:
            file = Path(path)
            if not file.is_file():
                raise CommandError(f"{path}: no such file")
            data = file.read_bytes()
            filename = file.name
        try:
            return extract_text(data=data, filename=filename)
        except ImportRefused as error:
            name = "stdin" if path == "-" else path
            raise CommandError(_located(name, error.line, error.message)) from error

    @staticmethod
    def _refuse_text_problems(name: str, previews: list[ImportPreview]) -> None:
        """A dry run refuses nothing it read: what saving would need becomes a warning."""
        for preview in previews:
            preview.warnings.extend(preview.problems)
            preview.problems.clear()


def _located(name: str, line: int | None, message: str) -> str:
    return f"{name}, line {line}: {message}" if line is not None else f"{name}: {message}"


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def describe(preview: ImportPreview, *, saved: bool) -> str:
    """A few lines a person reads after an import: what was read and what follows from it."""
    parsed = preview.parsed
    marker = {None: "", True: ", deliberated", False: ", non-deliberated"}[parsed.deliberated]
    session = f"session {preview.session_number}" if preview.session_number else "no session"
    verb = "Imported" if saved else "Read"
    lines = [
        f"{verb} {parsed.symbol or '(no symbol)'} — {parsed.title} ({session}, "
        f"{parsed.date.isoformat() if parsed.date else 'no date'}{marker})",
        f"  topic: {preview.topic_name}",
        f"  {len(parsed.preambular)} preambular and {len(parsed.operative)} operative paragraphs",
    ]
    for item in preview.operative:
        paragraph = item.paragraph
        notes = []
        if paragraph.requests_report:
            treaties = ", ".join(paragraph.treaties) or "the treaty"
            whom = {
                "non_parties": f"states not party to {treaties}",
                "chosen": ", ".join(item.chosen),
            }.get(str(paragraph.addressees), "all member states")
            count = f", {item.addressed_count} states" if item.addressed is not None else ""
            notes.append(f"asks {whom} to report{count}")
        elif paragraph.treaties:
            notes.append(f"cites {', '.join(paragraph.treaties)}")
        if paragraph.carries_to_session:
            notes.append(f"carries the item to session {paragraph.carries_to_session}")
        detail = f" — {'; '.join(notes)}" if notes else ""
        lines.append(f"  {paragraph.reference}. {paragraph.verb}{detail}")
    return "\n".join(lines)
