from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = _("Resolutions and follow-up")

    def ready(self) -> None:
        from memberstates.services.parties import on_parties_changed

        from .services.obligations import sync_obligations_for_states

        on_parties_changed(sync_obligations_for_states)

        # Registers the tasks in every process: services queue them by name (aalco.queue).
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import tasks  # noqa: F401
        from .figures_cache import watch_writes

        # Every connection, every thread: a write to the figures' data invalidates them.
        connection_created.connect(watch_writes, dispatch_uid="watch_figures_writes")
        for conn in connections.all(initialized_only=True):
            watch_writes(None, conn)
