from django.urls import path

from resolutions.views import states

app_name = "states"

urlpatterns = [
    path("", states.state_list, name="list"),
    path("<iso3:iso3>/", states.state_detail, name="detail"),
    path("<iso3:iso3>/treaties/<code:treaty>/", states.treaty_status_edit, name="treaty_status"),
]
