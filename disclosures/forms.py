from django import forms
from django.conf import settings


class DisclosureUploadForm(forms.Form):
    """The admin's 上传公开文件 form: one PDF, at most DISCLOSURE_MAX_UPLOAD_MB."""

    file = forms.FileField(
        label="PDF 文件",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"部门预算或部门决算信息公开文件，不超过 {settings.DISCLOSURE_MAX_UPLOAD_MB} MB。"
            "情况说明与报表分为两个文件的，可先后上传，后上传的补全先上传的。"
        )

    def clean_file(self):
        file = self.cleaned_data["file"]
        limit = settings.DISCLOSURE_MAX_UPLOAD_MB
        if file.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"文件大小 {file.size / 1024 / 1024:.1f} MB，超过上限 {limit} MB。")
        return file
