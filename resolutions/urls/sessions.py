from django.urls import path

from ..views import sessions as views

app_name = "sessions"

# Beside agenda:index (the list of sessions with their agendas), under /sessions/ too.
urlpatterns = [
    path("add/", views.add, name="add"),
    path("<int:number>/edit/", views.edit, name="edit"),
]
