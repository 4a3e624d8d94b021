from django.urls import path, re_path

from disclosures import views
from disclosures.models import ClassificationCode

KINDS = "|".join(ClassificationCode.KIND_BY_SLUG)

app_name = "disclosures"

urlpatterns = [
    path("", views.DisclosureListView.as_view(), name="list"),
    path("disclosures/<int:pk>/", views.DisclosureDetailView.as_view(), name="detail"),
    path("disclosures/<int:pk>/pdf", views.disclosure_pdf, name="pdf"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department"),
    path("export/<str:filename>", views.export_csv, name="export"),
    path("codes/", views.CodeIndexView.as_view(), name="codes"),
    re_path(rf"^codes/(?P<kind>{KINDS})/(?P<code>[0-9]+)/$", views.CodeDetailView.as_view(), name="code"),
    path("compare/", views.CompareView.as_view(), name="compare"),
]
