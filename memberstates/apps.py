from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemberStatesConfig(AppConfig):
    name = "memberstates"
    verbose_name = _("Member states and treaties")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import hold_for_second_factor

        user_logged_in.connect(hold_for_second_factor, dispatch_uid="hold_for_second_factor")
