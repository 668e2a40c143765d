"""Mounted at /accounts/ before django.contrib.auth.urls (no namespace)."""

from django.urls import path

from .views import accounts, two_factor

urlpatterns = [
    # Same path and name as Django's: adds the second factor after the password.
    path("login/", accounts.SignInView.as_view(), name="login"),
    # Same path and name as Django's: a few emails per address and per client.
    path(
        "password_reset/",
        accounts.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("invitation/<uuid:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("two-factor/", two_factor.otp_devices, name="otp_devices"),
    path("two-factor/setup/", two_factor.otp_setup, name="otp_setup"),
    path("two-factor/verify/", two_factor.otp_verify, name="otp_verify"),
    path("two-factor/confirm/", two_factor.otp_reauthenticate, name="otp_reauthenticate"),
    path(
        "two-factor/devices/<int:pk>/remove/",
        two_factor.otp_remove_device,
        name="otp_remove_device",
    ),
    path(
        "two-factor/recovery-codes/",
        two_factor.otp_recovery_codes,
        name="otp_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/new/",
        two_factor.otp_new_recovery_codes,
        name="otp_new_recovery_codes",
    ),
    path("focal-points/", accounts.focal_points, name="focal_points"),
    path("focal-points/invite/", accounts.invite_focal_point, name="invite_focal_point"),
    path("focal-points/<int:pk>/hand-over/", accounts.hand_over, name="hand_over_focal_point"),
    path("focal-points/<int:pk>/deactivate/", accounts.deactivate, name="deactivate_focal_point"),
    path(
        "focal-points/<int:pk>/reactivate/",
        accounts.reactivate,
        name="reactivate_focal_point",
    ),
    path("focal-points/<int:pk>/resend/", accounts.resend, name="resend_invitation"),
    path(
        "focal-points/<int:pk>/send-again/",
        accounts.send_invitation_again,
        name="send_invitation_again",
    ),
]
