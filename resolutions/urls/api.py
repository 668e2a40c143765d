from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
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
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("owed/", views.OwedView.as_view(), name="owed"),
    path("", include(router.urls)),
]
