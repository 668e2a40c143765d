"""The project's URLs plus one nobody decided about: the matrix must notice it."""

from django.http import HttpResponse
from django.urls import path

from aalco.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("brand-new/<int:pk>/", lambda request, pk: HttpResponse("hello"), name="brand_new"),
]
