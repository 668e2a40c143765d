from django.urls import path

from resolutions.views import imports

# Part of the "resolutions" namespace (resolutions/urls/resolutions.py), under import/.
urlpatterns = [
    path("", imports.import_start, name="import"),
]
