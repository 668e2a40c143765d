from django.urls import path

from ..views import manage

# Part of the "resolutions" namespace: a saved resolution kept by the secretariat.
urlpatterns = [
    path("<int:pk>/edit/", manage.edit, name="edit"),
    path(
        "<int:pk>/paragraphs/<int:paragraph_pk>/edit/", manage.edit_paragraph, name="edit_paragraph"
    ),
    path("<int:pk>/reimport/", manage.reimport, name="reimport"),
    path("<int:pk>/withdraw/", manage.withdraw, name="withdraw"),
    path("<int:pk>/restore/", manage.restore, name="restore"),
]
