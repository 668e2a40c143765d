from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from resolutions.api import views

app_name = "api"

router = DefaultRouter()
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("member-states", views.MemberStateViewSet, basename="member-state")
router.register("responses", views.ResponseViewSet, basename="response")
router.register("sessions", views.SessionViewSet, basename="session")
router.register("reminders", views.ReminderViewSet, basename="reminder")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("owed/", views.OwedView.as_view(), name="owed"),
    path("", include(router.urls)),
]
