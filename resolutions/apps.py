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
        from . import tasks  # noqa: F401
