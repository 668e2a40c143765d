"""`check_consistency`: what a restore is checked with (make restore)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from resolutions.models import ExportJob, Response

pytestmark = pytest.mark.django_db


def test_a_whole_database_is_consistent_and_its_manifest_matches(seed_resolution, tmp_path, capsys):
    manifest = tmp_path / "backup.json"
    call_command("check_consistency", write_manifest=str(manifest))
    assert "Consistent." in capsys.readouterr().out
    counts = json.loads(manifest.read_text())["counts"]
    assert counts["memberstates.MemberState"] >= 47
    call_command("check_consistency", manifest=str(manifest))


def test_missing_rows_and_broken_invariants_are_reported(
    seed_resolution, india_report, tmp_path, capsys
):
    manifest = tmp_path / "backup.json"
    call_command("check_consistency", write_manifest=str(manifest))
    session = seed_resolution.session
    ExportJob.objects.create(session=session, fmt="pdf", status=ExportJob.Status.READY)
    ExportJob.objects.create(
        session=session, fmt="pdf", status=ExportJob.Status.READY, file="exports/gone.pdf"
    )
    with pytest.raises(SystemExit) as exit_:
        call_command("check_consistency")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "1 ready export(s) without a file" in err
    assert "1 stored file(s) missing from the storage, e.g. exports/gone.pdf" in err
    ExportJob.objects.all().delete()

    Response.objects.filter(pk=india_report.pk).delete()
    with pytest.raises(SystemExit):
        call_command("check_consistency", manifest=str(manifest))
    assert "resolutions.Response: 0 rows, the backup had 1" in capsys.readouterr().err
