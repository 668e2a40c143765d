from django.apps import AppConfig


class AalcoConfig(AppConfig):
    name = "aalco"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import languages  # noqa: F401  (connects the sign-in signal)
