"""Accounts: sign-in with an optional second factor, invitations, focal-point handover."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import secretariat_required
from aalco.forms import add_service_errors
from aalco.lookups import state_or_404
from memberstates.models import FocalPoint, Invitation
from memberstates.selectors import active_focal_point, focal_point_rows

from ..forms.accounts import AcceptInvitationForm, HandoverForm, InviteFocalPointForm
from ..forms.two_factor import OutboxPasswordResetForm, SignInForm
from ..middleware import OTP_PENDING
from ..services import invitations, two_factor
from ..services.throttling import password_reset_allowed


class SignInView(LoginView):
    """Django's sign-in, then the second factor when the account needs one.

    The lockout (django-axes) counts the normalised address; an address longer than any
    account's is refused by the form before anything is looked up.
    """

    form_class = SignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # The password was just given: adding the first device right away needs no re-entry.
        two_factor.mark_reauthenticated(session=self.request.session)
        if self.request.session.get(OTP_PENDING):
            user = self.request.user
            name = "otp_verify" if two_factor.has_confirmed_device(user) else "otp_setup"
            return redirect(f"{reverse(name)}?{urlencode({'next': self.get_success_url()})}")
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """/admin/login/ signs no one in: the admin goes through the app's sign-in and its code."""
    then = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        then, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        then = reverse("admin:index")
    return redirect(f"{reverse('login')}?{urlencode({'next': then})}")


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset form, sending at most a few emails per address and per client.

    Whatever happens, the answer is the same "check your email" page: it tells no one
    whether an account uses the address or whether the limit was reached.
    """

    form_class = OutboxPasswordResetForm

    def form_valid(self, form):
        if password_reset_allowed(
            email=form.cleaned_data["email"], client=get_client_ip_address(self.request) or ""
        ):
            return super().form_valid(form)
        return redirect(self.get_success_url())


def accept_invitation(request: HttpRequest, token) -> HttpResponse:
    try:
        invitation = invitations.usable_invitation(token)
    except invitations.InvitationInvalid as exc:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"reason": exc.reason},
            status=404 if exc.reason == "unknown" else 410,
        )
    user = invitation.focal_point.user
    form = AcceptInvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept_invitation(
                token=invitation.pk,
                password=form.cleaned_data["new_password1"],
                name=form.cleaned_data["name"].strip(),
            )
        except invitations.InvitationInvalid as exc:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": exc.reason}, status=410
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome. You now answer for %(state)s.")
                % {"state": invitation.focal_point.member_state},
            )
            return redirect("portal:home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@secretariat_required
def focal_points(request: HttpRequest) -> HttpResponse:
    """Every state's focal points, active and invited, with the handover actions."""
    state = state_or_404(iso3) if (iso3 := request.GET.get("state")) else None
    return render(
        request,
        "accounts/focal_points.html",
        {
            "rows": focal_point_rows(state=state),
            "state": state,
            "breadcrumbs": [(_("Focal points"), None)],
        },
    )


@secretariat_required
def invite_focal_point(request: HttpRequest) -> HttpResponse:
    initial = {}
    if iso3 := request.GET.get("state"):
        initial["member_state"] = iso3.upper()
    form = InviteFocalPointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitations.invite_focal_point(
                member_state=data["member_state"],
                email=data["email"],
                name=data["name"],
                role=data["role"],
                invited_by=request.user,
                position=data["position"],
                organisation=data["organisation"],
                preferred_language=data["preferred_language"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _say_how_the_invitation_went(request, invitation)
            return redirect(f"{reverse('focal_points')}?state={data['member_state'].iso3}")
    return render(
        request,
        "accounts/invite.html",
        {
            "form": form,
            "breadcrumbs": [
                (_("Focal points"), reverse("focal_points")),
                (_("Invite a focal point"), None),
            ],
        },
    )


@secretariat_required
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    outgoing = active_focal_point(pk=pk)
    form = HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.hand_over_focal_point(
                outgoing=outgoing,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                invited_by=request.user,
                preferred_language=form.cleaned_data["preferred_language"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(old)s no longer has access.") % {"old": outgoing.user})
            _say_how_the_invitation_went(request, invitation)
            return redirect(f"{reverse('focal_points')}?state={outgoing.member_state.iso3}")
    return render(
        request,
        "accounts/hand_over.html",
        {
            "form": form,
            "outgoing": outgoing,
            "breadcrumbs": [
                (_("Focal points"), reverse("focal_points")),
                (_("Hand over"), None),
            ],
        },
    )


@require_POST
@secretariat_required
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    focal_point = get_object_or_404(FocalPoint, pk=pk)
    invitations.deactivate_focal_point(focal_point=focal_point, by=request.user)
    messages.success(request, _("%(person)s no longer has access.") % {"person": focal_point.user})
    return redirect(f"{reverse('focal_points')}?state={focal_point.member_state.iso3}")


@require_POST
@secretariat_required
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    focal_point = get_object_or_404(FocalPoint, pk=pk)
    try:
        invitations.reactivate_focal_point(focal_point=focal_point, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(person)s has access again.") % {"person": focal_point.user})
    return redirect(f"{reverse('focal_points')}?state={focal_point.member_state.iso3}")


@require_POST
@secretariat_required
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    focal_point = get_object_or_404(FocalPoint, pk=pk, is_active=False, ended_on__isnull=True)
    try:
        invitation = invitations.resend_invitation(focal_point=focal_point, invited_by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(request, _("The old link no longer works."))
        _say_how_the_invitation_went(request, invitation)
    return redirect(f"{reverse('focal_points')}?state={focal_point.member_state.iso3}")


@require_POST
@secretariat_required
def send_invitation_again(request: HttpRequest, pk: int) -> HttpResponse:
    """An invitation email that could not be delivered: try again now."""
    focal_point = get_object_or_404(FocalPoint, pk=pk, is_active=False, ended_on__isnull=True)
    try:
        invitation = invitations.send_invitation_again(
            focal_point=focal_point, invited_by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _say_how_the_invitation_went(request, invitation)
    return redirect(f"{reverse('focal_points')}?state={focal_point.member_state.iso3}")


def _say_how_the_invitation_went(request: HttpRequest, invitation: Invitation) -> None:
    """Say what became of the email: sent only when the mail server took it."""
    email = invitations.invitation_email(invitation)
    address = invitation.focal_point.user.email
    expires = formats.date_format(timezone.localtime(invitation.expires_at), "j F Y")
    if email is not None and email.is_sent:
        messages.success(
            request,
            _("Invitation sent to %(email)s. The link works until %(date)s.")
            % {"email": address, "date": expires},
        )
    elif email is not None and email.is_retrying and email.next_attempt_at:
        messages.warning(
            request,
            _(
                "The invitation to %(email)s could not be delivered yet; it will be tried "
                "again at %(time)s."
            )
            % {
                "email": address,
                "time": formats.date_format(timezone.localtime(email.next_attempt_at), "H:i"),
            },
        )
    elif email is not None and email.is_failed:
        messages.error(
            request,
            _("The invitation to %(email)s could not be delivered.") % {"email": address},
        )
    else:
        messages.success(
            request,
            _("Invitation queued for %(email)s. The link works until %(date)s.")
            % {"email": address, "date": expires},
        )
