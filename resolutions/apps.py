from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = _("Resolutions and follow-up")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import hold_for_second_factor

        user_logged_in.connect(hold_for_second_factor, dispatch_uid="hold_for_second_factor")

        from memberstates.services import on_parties_changed

        from .services.obligations import sync_obligations_for_states

        on_parties_changed(sync_obligations_for_states)

        from django.db import connections
        from django.db.backends.signals import connection_created

        from .figures_cache import watch_writes

        # Every connection, every thread: a write to the figures' data invalidates them.
        connection_created.connect(watch_writes, dispatch_uid="watch_figures_writes")
        for conn in connections.all(initialized_only=True):
            watch_writes(None, conn)
