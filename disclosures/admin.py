"""The finance staff's side: upload disclosures, watch them parse, merge department names.

What came from a PDF is read-only here; a wrong figure is fixed by uploading a corrected file.
The one thing staff fill in is the identity of a 待确认 disclosure (who, which year, 预算 or
决算) that its file does not print: those are listed first, and completing one publishes it.
"""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from disclosures import layouts, review
from disclosures.forms import IDENTITY_FIELDS, DisclosureUploadForm, IdentityConfirmForm
from disclosures.ingest import department_merge, disclosure_upload, uploads_requeued
from disclosures.models import ClassificationCode, Department, DepartmentAlias, Disclosure, Line
from disclosures.tasks import ingest_uploaded_disclosure

admin.site.site_header = "预决算公开数据 管理"
admin.site.site_title = "预决算公开数据"
admin.site.index_title = "管理"


class ReadOnlyAdmin(admin.ModelAdmin):
    """For data that comes from the PDFs: viewable, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "is_current",
        "version",
        "has_tables",
        "checks_summary",
        "original_filename",
        "uploaded_at",
    ]
    list_filter = ["status", "is_current", "stage", "level", "year", "has_tables"]
    search_fields = ["department__name", "department__code", "department_name", "original_filename", "sha256"]
    list_select_related = ["department"]
    date_hierarchy = "uploaded_at"
    actions = ["retry_parse"]
    fieldsets = [
        (
            "文件",
            {"fields": ["original_filename", "pdf_link", "sha256", "pages", "uploaded_by", "uploaded_at"]},
        ),
        ("解析", {"fields": ["status", "refusal", "stored_at"]}),
        (
            "公开文件",
            {
                "fields": [
                    "department",
                    "department_name",
                    "year",
                    "stage",
                    "level",
                    "title",
                    "version",
                    "is_current",
                    "superseded_by",
                    "has_tables",
                    "has_explanation",
                    "tables_source",
                    "explanation_source",
                ]
            },
        ),
    ]

    def view_on_site(self, obj):
        """Only stored disclosures are published; a pending or refused upload has no public page."""
        return obj.get_absolute_url() if obj.status == Disclosure.Status.STORED else None

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        uploads = self.admin_site.admin_view(self.uploads_view)
        confirm = self.admin_site.admin_view(self.confirm_view)
        source = self.admin_site.admin_view(self.source_file_view)
        return [
            path("upload/", upload, name="disclosures_disclosure_upload"),
            path("uploads/", uploads, name="disclosures_disclosure_uploads"),
            path("<int:pk>/confirm/", confirm, name="disclosures_disclosure_confirm"),
            path("<int:pk>/source.pdf", source, name="disclosures_disclosure_source"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        review_status = Disclosure.Status.REVIEW
        waiting_first = Case(
            When(status=review_status, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        # ModelAdmin.get_queryset, with the annotation the ordering needs made before it orders.
        queryset = self.model._default_manager.get_queryset().annotate(waiting_first=waiting_first)
        return queryset.with_check_counts().order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        """待确认 first: staff have something to do there."""
        return ["waiting_first", "-uploaded_at", "-pk"]

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:disclosures_disclosure_upload"))

    def upload_view(self, request):
        """上传公开文件: keep each file as a pending disclosure (with the identity staff gave, if
        any) and queue its parsing; one file goes to its page, several to their list of statuses."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DisclosureUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            given = form.identity()
            uploaded = []
            for file in form.cleaned_data["file"]:
                disclosure = disclosure_upload(file=file, uploaded_by=request.user)
                if given:
                    disclosure.given_identity = given
                    disclosure.save(update_fields=["given_identity"])
                enqueue = partial(ingest_uploaded_disclosure.enqueue, disclosure_id=disclosure.pk)
                transaction.on_commit(enqueue)
                uploaded.append(disclosure)
            if len(uploaded) == 1:
                self._report_upload(request, uploaded[0])
                return HttpResponseRedirect(
                    reverse("admin:disclosures_disclosure_change", args=[uploaded[0].pk])
                )
            ids = ",".join(str(disclosure.pk) for disclosure in uploaded)
            return HttpResponseRedirect(f"{reverse('admin:disclosures_disclosure_uploads')}?ids={ids}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "上传公开文件",
            "form": form,
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/upload.html", context)

    def uploads_view(self, request):
        """The status of each file of one upload, refreshed while any is still being parsed."""
        ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()]
        disclosures = list(Disclosure.objects.filter(pk__in=ids).select_related("department").order_by("pk"))
        waiting = (Disclosure.Status.PENDING, Disclosure.Status.PARSING)
        counts = {
            label: sum(d.status == status for d in disclosures)
            for status, label in Disclosure.Status.choices
            if any(d.status == status for d in disclosures)
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"本次上传的 {len(disclosures)} 个文件",
            "disclosures": disclosures,
            "counts": counts,
            "refresh": any(d.status in waiting for d in disclosures),
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/uploads.html", context)

    def confirm_view(self, request, pk):
        """补填身份: staff give what a 待确认 disclosure's file does not print; it is read again
        with it, checked, and published as a stored version."""
        disclosure = self.get_object(request, str(pk))
        if disclosure is None:
            raise Http404
        if not self.has_add_permission(request):
            raise PermissionDenied
        change_url = reverse("admin:disclosures_disclosure_change", args=[disclosure.pk])
        if disclosure.status != Disclosure.Status.REVIEW:
            messages.info(request, f"{disclosure} 不是待确认的公开文件，无需补填。")
            return HttpResponseRedirect(change_url)
        initial = {
            "department": disclosure.department_name,
            "year": disclosure.year,
            "stage": disclosure.stage,
            "level": disclosure.level,
            **{k: v for k, v in (disclosure.given_identity or {}).items() if k in IDENTITY_FIELDS},
        }
        form = IdentityConfirmForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            review.confirmation_requested(disclosure, form.identity())
            transaction.on_commit(partial(ingest_uploaded_disclosure.enqueue, disclosure_id=disclosure.pk))
            self._report_upload(request, disclosure)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"补填身份：{disclosure.original_filename}",
            "form": form,
            "disclosure": disclosure,
            "message": review.review_message(disclosure),
            "identity_log": (disclosure.parse_log or {}).get("identity", {}),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/confirm.html", context)

    def source_file_view(self, request, pk):
        """The uploaded PDF whatever its status, for staff (the public see stored ones only)."""
        disclosure = self.get_object(request, str(pk))
        if disclosure is None or not self.has_view_permission(request, disclosure):
            raise Http404
        return FileResponse(disclosure.source_file.open("rb"), content_type="application/pdf")

    def _report_upload(self, request, disclosure):
        disclosure.refresh_from_db()
        if disclosure.status == Disclosure.Status.STORED:
            counts = Disclosure.objects.with_check_counts().get(pk=disclosure.pk)
            messages.success(
                request,
                f"已入库：{disclosure}。{counts.checks_total} 项核验，{counts.checks_failed} 项未通过"
                + ("，详见下方“数据核验”。" if counts.checks_failed else "。"),
            )
        elif disclosure.status == Disclosure.Status.REVIEW:
            why = review.review_message(disclosure)
            messages.warning(request, f"待确认：{disclosure.original_filename}，{why}。")
        elif disclosure.status in (Disclosure.Status.REFUSED, Disclosure.Status.FAILED):
            messages.error(request, f"{disclosure.get_status_display()}：{disclosure.refusal}")
        else:
            messages.info(request, f"已上传 {disclosure.original_filename}，正在排队解析。")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        disclosure = self.get_object(request, object_id)
        if disclosure is not None:
            source = partial(reverse, "admin:disclosures_disclosure_source")
            extra_context = {
                **(extra_context or {}),
                "disclosure": disclosure,
                "parse_log": disclosure.parse_log,
                **disclosure.checks.summary(),
                # Laid out as on the public page (its template, disclosures/_statement_table.html).
                "layouts": [
                    layouts.layout(table)
                    for table in disclosure.tables.prefetch_related(
                        Prefetch("lines", queryset=Line.objects.select_related("classification"))
                    )
                ],
                "three_public": getattr(disclosure, "three_public", None),
                "projects": disclosure.projects.prefetch_related("indicators"),
                "facts": disclosure.facts.all(),
                "units": disclosure.units.all(),
                "tables_pdf_url": source(args=[(disclosure.tables_source or disclosure).pk]),
                "explanation_pdf_url": source(args=[(disclosure.explanation_source or disclosure).pk]),
            }
            if disclosure.status == Disclosure.Status.REVIEW:
                extra_context["review_message"] = review.review_message(disclosure)
                confirm = reverse("admin:disclosures_disclosure_confirm", args=[disclosure.pk])
                extra_context["confirm_url"] = confirm
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="核验")
    def checks_summary(self, obj):
        if not obj.checks_total:
            return "—"
        return f"{obj.checks_total} 项核验，{obj.checks_failed} 项未通过"

    @admin.display(description="原始文件")
    def pdf_link(self, obj):
        if not obj.source_file:
            return "—"
        url = reverse("admin:disclosures_disclosure_source", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_filename)

    @admin.action(description="重新解析（解析出错、已拒收的上传）", permissions=["add"])
    def retry_parse(self, request, queryset):
        """Queue the selected failed, refused or abandoned uploads to be parsed again."""
        selected = list(queryset.values_list("pk", flat=True))
        requeued = uploads_requeued(selected)
        for pk in requeued:
            transaction.on_commit(partial(ingest_uploaded_disclosure.enqueue, disclosure_id=pk))
        others = len(selected) - len(requeued)
        note = f"；其余 {others} 个不是解析出错或已拒收的上传，未处理" if others else ""
        self.message_user(request, f"已重新排队解析 {len(requeued)} 个上传{note}。", messages.SUCCESS)


class DepartmentAliasInline(admin.TabularInline):
    model = DepartmentAlias
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "disclosure_count", "alias_names"]
    search_fields = ["name", "code", "aliases__name"]
    inlines = [DepartmentAliasInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(disclosure_count=Count("disclosures"))
            .prefetch_related("aliases")
        )

    @admin.display(description="公开文件", ordering="disclosure_count")
    def disclosure_count(self, obj):
        return obj.disclosure_count

    @admin.display(description="别名")
    def alias_names(self, obj):
        return "、".join(alias.name for alias in obj.aliases.all())

    @admin.action(description="合并为同一部门", permissions=["change"])
    def merge(self, request, queryset):
        departments = list(queryset)
        if len(departments) < 2:
            self.message_user(request, "请至少选择两个部门再合并。", messages.WARNING)
            return
        kept = department_merge(departments=departments)
        others = "、".join(d.name for d in departments if d.pk != kept.pk)
        self.message_user(request, f"已将 {others} 合并到 {kept}，原名称记为别名。", messages.SUCCESS)


@admin.register(ClassificationCode)
class ClassificationCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "level", "parent"]
    list_filter = ["kind", "level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
