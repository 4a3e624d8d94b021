"""The public site's URLs: short, readable and stable (the exports' are part of the contract)."""

from django.urls import path, re_path

from disclosures import code_views, views
from disclosures.models import ClassificationCode

KINDS = "|".join(ClassificationCode.KIND_BY_SLUG)

app_name = "disclosures"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("disclosures/", views.DisclosureListView.as_view(), name="list"),
    path("disclosures/<int:pk>/", views.DisclosureDetailView.as_view(), name="detail"),
    path("disclosures/<int:pk>/pdf", views.disclosure_pdf, name="pdf"),
    path("departments/", views.DepartmentListView.as_view(), name="departments"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department"),
    path("export/", views.ExportIndexView.as_view(), name="exports"),
    path("export/<str:filename>", views.export_csv, name="export"),
    path("codes/", code_views.CodeIndexView.as_view(), name="codes"),
    re_path(
        rf"^codes/(?P<kind>{KINDS})/(?P<code>[0-9]+)/$", code_views.CodeDetailView.as_view(), name="code"
    ),
    path("compare/", code_views.CompareView.as_view(), name="compare"),
]
