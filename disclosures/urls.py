from django.urls import path

from disclosures import views

app_name = "disclosures"

urlpatterns = [
    path("", views.DisclosureListView.as_view(), name="list"),
    path("disclosures/<int:pk>/", views.DisclosureDetailView.as_view(), name="detail"),
    path("disclosures/<int:pk>/pdf", views.disclosure_pdf, name="pdf"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department"),
    path("export/<str:filename>", views.export_csv, name="export"),
]
