"""docs/api.md's worked example, run as a ministry would: a separate process, a token, a live
server; the report reaches the secretariat's review list."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aalco.tokens import create_api_token
from resolutions.models import Response

from ..portal.conftest import make_pdf

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "examples" / "ministry_report.py"


@pytest.mark.django_db(transaction=True)
def test_ministry_script_lists_and_submits_a_report_with_a_pdf(
    live_server, reference_data, focal_a, seed_resolution, tmp_path
):
    key = create_api_token(user=focal_a, name="Ministry of External Affairs")[1]
    env = {**os.environ, "AALCO_URL": live_server.url, "AALCO_TOKEN": key}
    listed = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0, listed.stderr
    para3 = seed_resolution.paragraphs.get(kind="operative", number=3)
    assert f"{para3.pk}: AALCO/RES/52/S 5 para. 3" in listed.stdout
    pdf = tmp_path / "cabinet-decision.pdf"
    pdf.write_bytes(make_pdf())
    sent = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--submit",
            str(para3.pk),
            "--treaty-action",
            "under_consideration",
            "--narrative",
            "Cabinet note on accession.",
            "--pdf",
            str(pdf),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sent.returncode == 0, sent.stderr
    assert "status submitted" in sent.stdout
    response = Response.objects.get(member_state__iso3="IND", paragraph=para3)
    assert response.status == "submitted" and response.attachments.count() == 1
