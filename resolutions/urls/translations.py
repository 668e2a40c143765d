from django.urls import path

from resolutions.views import translations

# Part of the "resolutions" namespace (resolutions/urls/resolutions.py).
urlpatterns = [
    path("<int:pk>/translations/", translations.translation_attach, name="translation"),
    path(
        "<int:pk>/translations/<str:language>/remove/",
        translations.translation_remove,
        name="translation_remove",
    ),
]
