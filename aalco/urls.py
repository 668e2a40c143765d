from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from aalco import views
from aalco.languages import switch_language
from memberstates.views.accounts import admin_login

admin.site.site_header = "AALCO Follow-up — administration"
admin.site.site_title = "AALCO Follow-up admin"

urlpatterns = [
    path("", include("resolutions.urls.dashboard")),
    path("start/", views.home, name="home"),
    path("language/", switch_language, name="set_language"),
    path("accounts/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "accounts/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("accounts/", include("memberstates.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("resolutions/", include("resolutions.urls.resolutions")),
    path("states/", include("resolutions.urls.states")),
    path("treaties/", include("resolutions.urls.treaties")),
    path("responses/", include("resolutions.urls.responses")),
    path("my/", include("resolutions.urls.portal")),
    path("reminders/", include("resolutions.urls.reminders")),
    path("sessions/", include("resolutions.urls.agenda")),
    path("sessions/", include("resolutions.urls.sessions")),
    path("api/", include("resolutions.urls.api")),
    # Before the admin's own: /admin/login/ sends people to the app's sign-in and its code.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
]

# A database that is away answers 503 with Retry-After, not 500 (aalco/errors.py).
handler500 = "aalco.errors.server_error"
