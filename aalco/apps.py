from django.apps import AppConfig


class AalcoConfig(AppConfig):
    name = "aalco"
    verbose_name = "Accounts"
