from __future__ import annotations

from django.db import models


class FiguresVersion(models.Model):
    """One row: a number raised after every committed write to the data the follow-up
    figures are computed from (see `resolutions.figures_cache`). Cached pages are keyed by
    it, so a write makes every earlier copy unreachable, in every process."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "figures version"
        default_permissions = ()

    def __str__(self) -> str:
        return f"figures version {self.number}"
