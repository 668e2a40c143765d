"""Every main page is valid HTML for the Nu HTML Checker (vnu), the W3C's validator.

vnu is a Java program (the vnu-jar npm package): the test runs where Java and vnu.jar are
found (VNU_JAR, else node_modules/vnu-jar/ here) and is skipped with the reason otherwise —
except where REQUIRE_VNU is set (CI installs both), where a missing checker fails. All pages
go to one vnu run: Java starts once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from memberstates.models import MemberState
from resolutions.models import Response, Session
from resolutions.services.agenda import draft_agenda

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
_JAR_IN_PACKAGE = Path("node_modules/vnu-jar/build/dist/vnu.jar")


def _vnu_jar() -> Path | None:
    candidates = [
        os.environ.get("VNU_JAR", ""),
        ROOT / _JAR_IN_PACKAGE,
    ]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


@pytest.fixture
def vnu() -> list[str]:
    java, jar = shutil.which("java"), _vnu_jar()
    if java is None or jar is None:
        if os.environ.get("REQUIRE_VNU"):
            pytest.fail(f"REQUIRE_VNU is set but java={java!r} and vnu.jar={jar!r}")
        pytest.skip(
            "the Nu HTML Checker needs Java and vnu.jar (npm install vnu-jar, or set VNU_JAR)"
        )
    return [java, "-jar", str(jar), "--errors-only", "--format", "text"]


def test_main_pages_pass_the_nu_html_checker(
    vnu, tmp_path, client_for, officer, focal_a, seed_resolution
):
    para3 = seed_resolution.paragraphs.get(kind="operative", number=3)
    response = Response.objects.create(
        member_state=MemberState.objects.get(iso3="IND"),
        paragraph=para3,
        cycle=para3.resolution.session,
    )
    draft_agenda(session=Session.objects.get(number=53))
    pages = {
        None: [reverse("login")],
        officer: [
            reverse("dashboard"),
            reverse("resolutions:list"),
            reverse("resolutions:detail", args=[seed_resolution.pk]),
            reverse("resolutions:import"),
            reverse("states:list"),
            reverse("states:detail", args=["IND"]),
            reverse("responses:detail", args=[response.pk]),
            reverse("reminders:log"),
            reverse("agenda:index"),
            reverse("agenda:detail", args=[53]),
        ],
        focal_a: [reverse("portal:home")],
    }
    files = []
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            answer = client.get(url)
            assert answer.status_code == 200, url
            path = tmp_path / f"page{len(files)}.html"
            path.write_bytes(answer.content)
            files.append((url, path))
    result = subprocess.run(
        [*vnu, *(str(p) for _url, p in files)], capture_output=True, text=True, timeout=300
    )
    report = result.stderr + result.stdout
    for url, path in files:
        report = report.replace(path.as_uri(), url).replace(str(path), url)
    assert result.returncode == 0, report
