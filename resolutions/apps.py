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

        # Registers the tasks in every process: services queue them by name (aalco.queue).
        from . import tasks  # noqa: F401
