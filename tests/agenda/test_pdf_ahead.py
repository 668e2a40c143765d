"""The agenda's PDF is rendered ahead of the click when a worker is at hand."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache

from resolutions.models import ExportJob, Session
from resolutions.services.agenda import export_agenda
from resolutions.tasks import prepare_agenda_pdf_task, render_export_task

pytestmark = pytest.mark.django_db


def test_the_task_renders_and_caches_the_pdf(agenda53, prepared_day, django_assert_max_num_queries):
    cache.clear()
    result = prepare_agenda_pdf_task(session_id=agenda53.pk)
    assert result["status"] == "ready"
    with mock.patch("resolutions.exports.limits.render_pdf") as render:
        pdf = export_agenda(session=agenda53, fmt="pdf")
    render.assert_not_called()  # served from the cache the task filled
    assert pdf.content.startswith(b"%PDF")


def test_the_task_says_when_there_is_nothing_to_render(reference_data):
    first = Session.objects.order_by("number").first()
    assert prepare_agenda_pdf_task(session_id=first.pk)["status"] == "failed"
    assert prepare_agenda_pdf_task(session_id=999_999)["status"] == "gone"


def test_opening_the_agenda_queues_the_pdf_when_a_broker_is_configured(
    client_for, officer, agenda53, prepared_day, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client = client_for(officer)
    with (
        mock.patch.object(render_export_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = client.get(f"/sessions/{agenda53.number}/agenda/")
        assert page.status_code == 200
        # Opened again: the job under way is shown, not a second one queued.
        client.get(f"/sessions/{agenda53.number}/agenda/")
    job = ExportJob.objects.get()
    delay.assert_called_once_with(job_id=str(job.pk))
    assert 'hx-trigger="every 2s"' in page.content.decode()


def test_without_a_broker_the_page_does_not_render_the_pdf_itself(
    client_for, officer, agenda53, prepared_day, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(render_export_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        client_for(officer).get(f"/sessions/{agenda53.number}/agenda/")
    delay.assert_not_called()
    assert not ExportJob.objects.exists()
