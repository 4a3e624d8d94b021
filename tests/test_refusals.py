"""A file that is not a readable disclosure is refused with a message naming what is wrong."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from disclosures.parsing import RefusedFile, parse_pdf
from tests import hostile

CASES = [
    (hostile.empty_file, "文件是空的"),
    (hostile.text_file_named_pdf, "不是PDF文件"),
    (hostile.truncated_pdf, "已损坏或不完整"),
    (hostile.encrypted_pdf, "已加密"),
    (hostile.image_only_pdf, "没有文字层"),
    (hostile.not_a_disclosure_pdf, "不是部门预算或决算公开文件"),
]


class TestRefusedFiles:
    @pytest.mark.parametrize(("make", "reason"), CASES, ids=[make.__name__ for make, _ in CASES])
    def test_message_names_the_file_and_the_problem(self, tmp_path, make, reason):
        path = make(tmp_path / "上传.pdf")
        with pytest.raises(RefusedFile) as refused:
            parse_pdf(path, filename="财政局2025预算.pdf")
        assert str(refused.value).startswith("财政局2025预算.pdf：")
        assert reason in str(refused.value)

    def test_too_many_pages(self, tmp_path):
        path = hostile.text_pdf(tmp_path / "a.pdf", ["2025年部门预算收支总表", "收入 支出"])
        with pytest.raises(RefusedFile, match="超过允许的0页上限"):
            parse_pdf(path, max_pages=0)


@pytest.mark.django_db
class TestRefusedUploadChangesNothing:
    """Through the command, as finance staff would run it: every model stays empty."""

    @pytest.mark.parametrize(("make", "reason"), CASES, ids=[make.__name__ for make, _ in CASES])
    def test_database_unchanged_and_reason_on_stderr(self, tmp_path, settings, make, reason):
        from django.apps import apps

        path = make(tmp_path / "上传.pdf")
        stderr = io.StringIO()
        with pytest.raises(CommandError) as error:
            call_command("ingest", str(path), stdout=io.StringIO(), stderr=stderr)
        assert error.value.returncode == 1
        assert reason in stderr.getvalue()
        assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
        assert {m.__name__: m.objects.count() for m in apps.get_app_config("disclosures").get_models()} == {
            m.__name__: 0 for m in apps.get_app_config("disclosures").get_models()
        }
