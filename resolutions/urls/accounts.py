"""Mounted at /accounts/ before django.contrib.auth.urls (no namespace)."""

from django.urls import path

from ..views import accounts

urlpatterns = [
    # Same path and name as Django's: adds the second factor after the password.
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("invitation/<uuid:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("two-factor/setup/", accounts.otp_setup, name="otp_setup"),
    path("two-factor/verify/", accounts.otp_verify, name="otp_verify"),
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
]
