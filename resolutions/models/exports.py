from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .sessions import Session


def export_path(job: ExportJob, filename: str) -> str:
    return f"exports/{job.session.number}/{job.pk}/{filename}"


class ExportJob(models.Model):
    """A file rendered by a worker (today the agenda PDF): its progress, then the file.

    The row is the status the agenda page polls and the download it offers; the file lives
    in the default storage (local disk, or S3-compatible object storage) so any web replica
    can serve what any worker rendered.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="export_jobs")
    fmt = models.CharField(_("format"), max_length=10)
    #: The language the file is written in (its headings, dates, official translations):
    #: chosen on the export page, carried to the worker, which has no request to read it from.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps"), default=0)
    file = models.FileField(upload_to=export_path, max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        indexes = [
            models.Index(
                fields=["session", "fmt", "language", "-created_at"], name="export_job_latest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fmt} of session {self.session_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
