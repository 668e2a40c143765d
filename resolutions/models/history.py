"""History of what the secretariat corrects in the app (sessions, resolutions, paragraphs)."""

from __future__ import annotations

from simple_history.models import HistoricalRecords


class CorrectionHistory(HistoricalRecords):
    """simple-history that writes a row when a saved object is changed, not when it is
    created or deleted: imports and reference loads (bulk paths whose query counts are
    guarded) cost nothing more. A service that corrects an object first records the version
    it started from (``record_baseline``), so the history always holds before and after."""

    def post_save(self, instance, created, using=None, **kwargs):
        if created:
            return
        super().post_save(instance, created, using=using, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        return


def record_baseline(instances, *, user=None, reason: str = "") -> None:
    """Write the current version of objects that have no history yet (one query per model,
    plus one to check): their state before a correction."""
    instances = list(instances)
    if not instances:
        return
    model = type(instances[0])
    manager = model.history
    known = set(
        manager.filter(id__in=[i.pk for i in instances]).values_list("id", flat=True).distinct()
    )
    fresh = [i for i in instances if i.pk not in known]
    if fresh:
        manager.bulk_history_create(
            fresh, default_user=user, default_change_reason=reason or "as imported"
        )
