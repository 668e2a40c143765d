from django.urls import path

from resolutions.views import reminders

app_name = "reminders"

urlpatterns = [
    path("", reminders.log, name="log"),
    path("schedule/", reminders.schedule, name="schedule"),
    path("states/<iso3:iso3>/preview/", reminders.preview, name="preview"),
    path("states/<iso3:iso3>/pause/", reminders.pause, name="pause"),
    path("states/<iso3:iso3>/resume/", reminders.resume, name="resume"),
    path("states/<iso3:iso3>/send/", reminders.send_now, name="send_now"),
    path("bulk/", reminders.bulk, name="bulk"),
]
