from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aalco.access import SignedInRequest
from memberstates.roles import role_of
from memberstates.services.two_factor import recently_reauthenticated

from .forms import ApiTokenForm, add_service_errors
from .models import ApiToken
from .tokens import api_tokens_of, create_api_token, revoke_api_token


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to where their work is."""
    role = role_of(request.user)
    if role in ("secretariat", "observer"):
        return redirect("dashboard")
    if role == "focal_point":
        return redirect("portal:home")
    return render(
        request,
        "no_role.html",
        {"message": _("Your account has no role yet. Ask the secretariat to give you one.")},
        status=403,
    )


@login_required
def api_tokens(request: SignedInRequest) -> HttpResponse:
    """The user's API tokens: create one (its key shown once), see when each was last used."""
    new_key = None
    form = ApiTokenForm()
    if request.method == "POST" and not recently_reauthenticated(session=request.session):
        # A key acts as the person: as for a new device, a fresh password or code first.
        then = urlencode({"next": reverse("api_tokens")})
        return redirect(f"{reverse('otp_reauthenticate')}?{then}")
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, new_key = create_api_token(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    expires_in_days=form.cleaned_data["expires_in_days"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Token “%(name)s” created. Copy its key now.") % {"name": token.name}
                )
                form = ApiTokenForm()
    response = render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": api_tokens_of(user=request.user),
            "breadcrumbs": [(_("Home"), reverse("home")), (_("API tokens"), None)],
        },
    )
    # The key is in the page once: never from a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request: SignedInRequest, token_id: int) -> HttpResponse:
    try:
        token = revoke_api_token(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    messages.success(
        request, _("Token “%(name)s” revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens")
