from django.urls import path

from resolutions.views import treaties

app_name = "treaties"

urlpatterns = [
    path("", treaties.treaties_index, name="list"),
    path("load/", treaties.treaty_status_load, name="load"),
    path("<code:short_name>/", treaties.treaty_detail, name="detail"),
]
