"""Two web processes, one database, one object store: what is uploaded through one is served
by the other, and a session started on one is valid on the other.

The processes are real (`manage.py runserver` on 127.0.0.1:8851 and :8852), each with its own
empty MEDIA_ROOT, against one SQLite file and a local S3 endpoint (moto's server on :8850)
configured the way production configures MinIO (AWS_STORAGE_BUCKET_NAME,
AWS_S3_ENDPOINT_URL). Nothing lives in either process: no file lands in their MEDIA_ROOT.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server")
pytest.importorskip("storages")
requests = pytest.importorskip("requests")

pytestmark = pytest.mark.replicas

REPO = Path(__file__).resolve().parents[2]
S3_PORT, WEB_PORTS = 8850, (8851, 8852)
BUCKET = "aalco-replicas"


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _wait_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process on :{port} exited: {process.stderr.read()[-2000:]}")
        if not _free(port):
            return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on :{port}")


@pytest.fixture
def stack(tmp_path):
    if not all(_free(p) for p in (S3_PORT, *WEB_PORTS)):
        pytest.skip("ports 8850-8852 are taken")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aalco.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AXES_ENABLED": "false",
    }
    env.pop("REDIS_URL", None)
    processes = []
    try:
        s3 = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(S3_PORT)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        processes.append(s3)
        _wait_port(S3_PORT, s3)
        client = boto3.client(
            "s3",
            endpoint_url=env["AWS_S3_ENDPOINT_URL"],
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=BUCKET)

        def manage(*args: str, media: Path | None = None) -> str:
            run_env = {**env, "MEDIA_ROOT": str(media or tmp_path / "media-setup")}
            done = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=REPO,
                env=run_env,
                capture_output=True,
                text=True,
                timeout=300,
                check=True,
            )
            return done.stdout

        manage("migrate", "--noinput", "-v", "0")
        manage("load_reference_data")
        manage("load_demo_data")
        medias = []
        for port in WEB_PORTS:
            media = tmp_path / f"media-{port}"
            media.mkdir()
            medias.append(media)
            web = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=REPO,
                env={**env, "MEDIA_ROOT": str(media)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            processes.append(web)
        for port, web in zip(WEB_PORTS, processes[1:], strict=True):
            _wait_port(port, web)
        yield {"manage": manage, "s3": client, "medias": medias}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr:
                process.stderr.close()


def _login(session, base: str, email: str) -> None:
    page = session.get(f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = session.post(
        f"{base}/accounts/login/",
        data={"username": email, "password": "aalco-demo", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
    )
    assert done.status_code == 200 and "/accounts/login/" not in done.url, done.text[:500]


def _pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


DRAFT = """
from memberstates.models import MemberState
from resolutions.followup import reporting_paragraphs
from resolutions.models import Response
from resolutions.services.responses import ResponseContent, is_addressed, save_draft
from aalco.models import User
india = MemberState.objects.get(iso3="IND")
draft = Response.objects.filter(member_state=india, status="draft").first()
if draft is None:
    user = User.objects.get(email="focal.ind@aalco.example")
    for p in reporting_paragraphs().order_by("-pk"):
        if is_addressed(paragraph=p, member_state=india) and not Response.objects.filter(
            member_state=india, paragraph=p
        ).exists():
            draft = save_draft(member_state=india, paragraph=p, user=user,
                               content=ResponseContent(narrative="Replica test."),
                               expected_version=None)
            break
print(draft.pk)
"""


def test_an_upload_through_one_web_process_is_served_by_the_other(stack):
    manage = stack["manage"]
    response_id = manage("shell", "-c", DRAFT).split()[-1]
    one, other = (f"http://127.0.0.1:{port}" for port in WEB_PORTS)

    browser = requests.Session()
    _login(browser, one, "focal.ind@aalco.example")
    form = browser.get(f"{one}/my/responses/{response_id}/edit/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    content = _pdf_bytes()
    uploaded = browser.post(
        f"{one}/my/responses/{response_id}/attachments/",
        data={"csrfmiddlewaretoken": token},
        files={"attachment": ("national-report.pdf", content, "application/pdf")},
        headers={"Referer": f"{one}/my/responses/{response_id}/edit/"},
    )
    assert uploaded.status_code == 200, uploaded.text[:500]
    attachment_id = manage(
        "shell",
        "-c",
        "from resolutions.models import Attachment; print(Attachment.objects.filter("
        f"response_id='{response_id}', original_name='national-report.pdf').get().pk)",
    ).split()[-1]
    # The same browser session (database-backed), the other process.
    served = browser.get(f"{other}/my/attachments/{attachment_id}/")
    assert served.status_code == 200, (attachment_id, served.text[:300])
    assert served.content == content
    assert "national-report.pdf" in served.headers["Content-Disposition"]

    keys = [o["Key"] for o in stack["s3"].list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert any(k.startswith("attachments/") for k in keys), keys
    for media in stack["medias"]:
        assert not [f for f in media.rglob("*") if f.is_file()], f"a file was written in {media}"
