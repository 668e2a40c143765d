"""python manage.py export_agenda."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "csv", "json"])
def test_writes_each_format_to_a_file(agenda53, prepared_day, tmp_path, fmt):
    target = tmp_path / f"agenda.{fmt}"
    call_command("export_agenda", session=53, fmt=fmt, output=str(target), stderr=io.StringIO())
    content = target.read_bytes()
    assert len(content) > 500
    if fmt == "docx":
        assert "Provisional agenda" in [p.text for p in Document(io.BytesIO(content)).paragraphs]


def test_a_directory_gets_the_export_filename(agenda53, tmp_path):
    call_command("export_agenda", "--session", "53", "--format", "json", "--output", str(tmp_path))
    assert (tmp_path / "aalco-53-provisional-agenda.json").exists()


def test_text_formats_go_to_stdout(agenda53, prepared_day, capsysbinary):
    call_command("export_agenda", "--session", "53", "--format", "json", "--output", "-")
    data = json.loads(capsysbinary.readouterr().out)
    assert data["items"][0]["source_resolution"]["symbol"] == "AALCO/RES/52/S 5"


def test_binary_formats_refuse_stdout(agenda53):
    with pytest.raises(CommandError, match="binary"):
        call_command("export_agenda", "--session", "53", "--format", "pdf", "--output", "-")


def test_unknown_session(reference_data, tmp_path):
    with pytest.raises(CommandError, match="no session number 999"):
        call_command("export_agenda", session=999, fmt="csv", output=str(tmp_path / "x.csv"))


def test_no_previous_session_and_no_items_are_clear_errors(reference_data, tmp_path):
    target = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="first one on record"):
        call_command("export_agenda", session=40, fmt="pdf", output=str(target))
    with pytest.raises(CommandError, match="has no items yet"):
        call_command("export_agenda", session=60, fmt="pdf", output=str(target))
    assert not target.exists()


def test_the_language_option_writes_the_document_in_it(agenda53, prepared_day, tmp_path):
    call_command(
        "export_agenda", "--session", "53", "--format", "docx", "--language", "fr",
        "--output", str(tmp_path), stderr=io.StringIO(),
    )  # fmt: skip
    written = tmp_path / "aalco-53-provisional-agenda-fr.docx"
    texts = [p.text for p in Document(io.BytesIO(written.read_bytes())).paragraphs]
    assert "Ordre du jour provisoire" in texts


def test_a_language_that_is_not_offered_is_refused(agenda53):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export_agenda", "--session", "53", "--format", "json", "--language", "de",
                     "--output", "-")  # fmt: skip
