from django.urls import path

from resolutions.views import dashboard

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("cycles/<int:number>/next-session/", dashboard.next_session, name="next_session"),
]
