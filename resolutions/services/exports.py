"""Files rendered by a worker: the agenda PDF, with progress the page can show.

``request_agenda_pdf`` writes (or reuses) an ExportJob row and hands it to a worker after
the commit; without a broker the job runs in-process at once. ``run_export_job`` claims the
row with a conditional UPDATE (a second delivery of the same task finds it taken), renders
through the exporter (its cache by HTML hash stays: unchanged data is not rendered twice),
reports progress on the row and stores the file in the default storage.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aalco.languages import export_language
from aalco.queue import enqueue_on_commit

from ..models import ExportJob, Session

#: A job left pending or running longer than this is taken as lost (its worker died) and
#: a new request starts a new job instead of waiting on it.
STALE_AFTER = datetime.timedelta(seconds=settings.EXPORT_TIME_LIMIT_SECONDS + 120)


def latest_export_job(
    *, session: Session, fmt: str = "pdf", language: str | None = None
) -> ExportJob | None:
    return (
        ExportJob.objects.filter(session=session, fmt=fmt, language=export_language(language))
        .order_by("-created_at")
        .first()
    )


def request_agenda_pdf(
    *, session: Session, requested_by=None, language: str | None = None
) -> ExportJob:
    """The job that will produce the agenda PDF in `language` (the default language when
    None): an unfinished one already under way, or a new one handed to a worker
    (in-process, before returning, when there is no broker)."""
    language = export_language(language)
    fresh_since = timezone.now() - STALE_AFTER
    with transaction.atomic():
        # The session row serialises two requests at once: one job, not two.
        Session.objects.select_for_update().filter(pk=session.pk).exists()
        job = (
            ExportJob.objects.filter(
                session=session,
                fmt="pdf",
                language=language,
                status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING],
                created_at__gte=fresh_since,
            )
            .order_by("-created_at")
            .first()
        )
        if job is not None:
            return job
        job = ExportJob.objects.create(
            session=session, fmt="pdf", language=language, requested_by=requested_by
        )
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            # A broker that is down is logged, not raised; the job stays pending, goes stale
            # after STALE_AFTER and the next request starts a new one.
            enqueue_on_commit("resolutions.tasks.render_export_task", job_id=str(job.pk))
    if settings.CELERY_TASK_ALWAYS_EAGER:
        run_export_job(job_id=job.pk)
        job.refresh_from_db()
    return job


def request_agenda_pdf_for_session(*, session_id: int) -> ExportJob | None:
    """`request_agenda_pdf` for a session named by its id; None when it has been deleted."""
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        return None
    return request_agenda_pdf(session=session)


def _progress(job_id, done: int, total: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(done=done, total=total)


def run_export_job(*, job_id) -> ExportJob | None:
    """Render the job's file. Idempotent: only a pending job is claimed; None if taken."""
    from ..exports.limits import RenderLimitExceeded
    from ..exports.pdf import PdfExporter, render_agenda_pdf
    from .agenda import AgendaError, annex_for_export

    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING, started_at=timezone.now()
    )
    if claimed != 1:
        return None
    job = ExportJob.objects.select_related("session").get(pk=job_id)
    # The worker has no request: the job says which language the PDF is written in (its
    # error message too, shown to whoever asked for it).
    with translation.override(export_language(job.language)):
        try:
            annex = annex_for_export(session=job.session, language=job.language)
            content, _report = render_agenda_pdf(annex, on_progress=partial(_progress, job.pk))
        except (AgendaError, RenderLimitExceeded) as error:
            return _fail(job, error.message)
        except Exception:
            _fail(job, _("The PDF could not be rendered. The secretariat has been told."))
            raise
    exporter = PdfExporter()
    job.filename = exporter.filename(annex)
    job.content_type = exporter.content_type
    job.file.save(job.filename, ContentFile(content), save=False)
    job.status = ExportJob.Status.READY
    job.finished_at = timezone.now()
    job.done = job.total = max(job.total, 1)
    job.save(
        update_fields=["filename", "content_type", "file", "status", "finished_at", "done", "total"]
    )
    _forget_older(job)
    return job


def _forget_older(job: ExportJob) -> None:
    """Older finished jobs of the same file, and their files: the newest one is what counts."""
    older = ExportJob.objects.filter(
        session=job.session,
        fmt=job.fmt,
        language=job.language,
        status__in=[ExportJob.Status.READY, ExportJob.Status.FAILED],
        created_at__lt=job.created_at,
    )
    for old in older:
        if old.file:
            old.file.delete(save=False)
    older.delete()


def _fail(job: ExportJob, message: str) -> ExportJob:
    job.status = ExportJob.Status.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job
