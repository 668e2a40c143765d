from django.urls import path

from ..views import agenda as views

app_name = "agenda"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:number>/agenda/", views.detail, name="detail"),
    path("<int:number>/agenda/print/", views.print_view, name="print"),
    path("<int:number>/agenda/export/<slug:fmt>/", views.export, name="export"),
    path("<int:number>/agenda/pdf/", views.pdf_request, name="pdf_request"),
    path("<int:number>/agenda/pdf/<uuid:job_id>/", views.pdf_download, name="pdf_download"),
    path("<int:number>/agenda/pdf/status/", views.pdf_status, name="pdf_status"),
    path("<int:number>/agenda/items/add/", views.add_item, name="add_item"),
    path("<int:number>/agenda/items/defaults/", views.add_defaults, name="add_defaults"),
    path("<int:number>/agenda/items/<int:pk>/", views.edit_item, name="edit_item"),
    path("<int:number>/agenda/items/<int:pk>/move/", views.move_item, name="move_item"),
    path("<int:number>/agenda/items/<int:pk>/remove/", views.remove_item, name="remove_item"),
]
