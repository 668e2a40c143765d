from django.urls import path

from ..views import portal

app_name = "portal"

urlpatterns = [
    path("", portal.home, name="home"),
    path("notifications/", portal.notification_list, name="notifications"),
    path("paragraphs/<int:paragraph_id>/respond/", portal.respond, name="respond"),
    path("responses/<uuid:pk>/", portal.response_detail, name="response"),
    path("responses/<uuid:pk>/edit/", portal.edit, name="edit"),
    path("responses/<uuid:pk>/submit/", portal.submit, name="submit"),
    path("responses/<uuid:pk>/receipt/", portal.receipt, name="receipt"),
    path("responses/<uuid:pk>/attachments/", portal.upload, name="upload"),
    path("attachments/<uuid:pk>/", portal.download, name="download"),
    path("attachments/<uuid:pk>/delete/", portal.delete_attachment, name="delete_attachment"),
]
