from django.urls import path

from resolutions.views import dashboard, history

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("history/", history.history, name="history"),
    path("cycles/<int:number>/next-session/", dashboard.next_session, name="next_session"),
]
