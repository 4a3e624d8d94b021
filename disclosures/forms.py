"""The admin's forms: uploading disclosures (one or many, with what staff know of them), and
filling in the identity of a 待确认 disclosure."""

from django import forms
from django.conf import settings

from disclosures.models import Level, Stage

# The identity fields, as the parse log and ``Disclosure.given_identity`` name them.
IDENTITY_FIELDS = ("department", "code", "year", "stage", "level")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is validated as a FileField would validate it."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else single(data, initial)


class IdentityFields(forms.Form):
    """Who published a disclosure, which year, 预算 or 决算, 部门 or 单位."""

    department = forms.CharField(label="部门名称", max_length=200, required=False)
    code = forms.CharField(label="部门编码", max_length=20, required=False)
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100, required=False)
    stage = forms.ChoiceField(label="类型", choices=[("", "—"), *Stage.choices], required=False)
    level = forms.ChoiceField(label="级次", choices=[("", "—"), *Level.choices], required=False)

    def identity(self) -> dict:
        """What was filled in (empty fields left out), for ``ingest_pdf(given=…)``."""
        data = self.cleaned_data
        return {name: data[name] for name in IDENTITY_FIELDS if data.get(name) not in (None, "")}


class DisclosureUploadForm(IdentityFields):
    """The admin's 上传公开文件 form: PDFs of at most DISCLOSURE_MAX_UPLOAD_MB each, and, if staff
    know them, the identity fields (they win over what the files print)."""

    field_order = ["file", *IDENTITY_FIELDS]

    file = MultipleFileField(
        label="PDF 文件",
        widget=MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "部门预算或部门决算信息公开文件，可一次选择多个，"
            f"每个不超过 {settings.DISCLOSURE_MAX_UPLOAD_MB} MB。"
            "情况说明与报表分为两个文件的，可一同或先后上传，后解析的补全先解析的。"
        )
        for name in IDENTITY_FIELDS:
            self.fields[
                name
            ].help_text = "选填：文件中未印出或印错时填写，以填写的为准（适用于本次上传的每个文件）。"

    def clean_file(self):
        files = self.cleaned_data["file"]
        limit = settings.DISCLOSURE_MAX_UPLOAD_MB
        for file in files:
            if file.size > limit * 1024 * 1024:
                raise forms.ValidationError(
                    f"{file.name}：文件大小 {file.size / 1024 / 1024:.1f} MB，超过上限 {limit} MB。"
                )
        return files


class IdentityConfirmForm(IdentityFields):
    """补填身份: what a 待确认 disclosure lacks (department, year and 预算/决算 are required)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("department", "year", "stage", "level"):
            self.fields[name].required = True
        self.fields["department"].help_text = "按文件封面或表头印出的全称填写，例如：张家口市总工会。"
        self.fields["code"].help_text = "表头印有部门编码时填写，否则留空。"
