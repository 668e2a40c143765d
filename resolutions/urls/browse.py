from django.urls import path

from resolutions.views import browse

# Part of the "resolutions" namespace (resolutions/urls/resolutions.py).
urlpatterns = [
    path("", browse.resolution_list, name="list"),
    path("download/<str:fmt>/", browse.resolution_download, name="download"),
    path("<int:pk>/", browse.resolution_detail, name="detail"),
    path(
        "<int:pk>/paragraphs/<int:number>/download/<str:fmt>/",
        browse.paragraph_download,
        name="paragraph_download",
    ),
    path(
        "<int:pk>/paragraphs/<int:number>/remind/",
        browse.paragraph_remind,
        name="paragraph_remind",
    ),
]
