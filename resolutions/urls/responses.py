from django.urls import path

from ..views import responses

app_name = "responses"

urlpatterns = [
    path("", responses.response_list, name="list"),
    path("download/<str:fmt>/", responses.response_download, name="download_list"),
    path("<uuid:pk>/", responses.detail, name="detail"),
    path("<uuid:pk>/review/", responses.review, name="review"),
    path("<uuid:pk>/confirm-ratification/", responses.confirm, name="confirm_ratification"),
    path(
        "<uuid:pk>/confirm-ratification/<code:treaty>/",
        responses.confirm_treaty,
        name="confirm_treaty_ratification",
    ),
    path("attachments/<uuid:pk>/", responses.download, name="download"),
]
