from django.apps import AppConfig


class AalcoConfig(AppConfig):
    name = "aalco"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import (
            languages,  # noqa: F401  (connects the sign-in signal)
            tasks,  # noqa: F401  (registered in every process: queued by name)
        )
        from .middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="start_session_clock")
