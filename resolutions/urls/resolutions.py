from django.urls import include, path

app_name = "resolutions"

# Two modules share the namespace: importing (the import screen) and browsing.
urlpatterns = [
    path("import/", include("resolutions.urls.imports")),
    path("", include("resolutions.urls.browse")),
    path("", include("resolutions.urls.translations")),
    path("", include("resolutions.urls.manage")),
]
