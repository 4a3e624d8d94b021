"""``manage.py ingest``: one line per file, exit 0 when all were stored, 1 when any was refused."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from disclosures.models import Disclosure
from tests.conftest import make_parsed, make_pdf_file

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parent.parent


def run(*paths):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *map(str, paths), stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


class TestStoredFiles:
    def test_one_line_per_file_and_exit_0(self, parser, tmp_path):
        parser.gives("a.pdf", make_parsed())
        parser.gives("b.pdf", make_parsed(year=2024, stage="决算"))

        status, out, err = run(make_pdf_file(tmp_path, "a.pdf"), make_pdf_file(tmp_path, "b.pdf"))

        assert status == 0 and err == ""
        first, second = out.splitlines()
        assert first.startswith("a.pdf: 711 张家口市总工会 2025 预算 部门 — 4 张表，1 项核验未通过，")
        assert first.endswith(" 秒")
        assert second.startswith("b.pdf: 711 张家口市总工会 2024 决算 部门")
        assert Disclosure.objects.current().count() == 2


class TestRefusedFiles:
    def test_reason_on_stderr_and_exit_1(self, parser, tmp_path):
        parser.gives("good.pdf", make_parsed())
        parser.gives("scan.pdf", "PDF没有文字层（可能是扫描图片），无法读取其中的数字")

        status, out, err = run(make_pdf_file(tmp_path, "scan.pdf"), make_pdf_file(tmp_path, "good.pdf"))

        assert status == 1
        assert err.splitlines()[0] == "已拒收 scan.pdf：PDF没有文字层（可能是扫描图片），无法读取其中的数字"
        assert out.startswith("good.pdf: 711 张家口市总工会 2025 预算")
        assert Disclosure.objects.count() == 1

    def test_a_refusal_leaves_the_database_unchanged(self, parser, tmp_path):
        parser.gives("bad.pdf", "文件已加密，无法读取")

        status, _, _ = run(make_pdf_file(tmp_path, "bad.pdf"))

        assert status == 1 and not Disclosure.objects.exists()

    def test_the_process_exits_1_for_a_missing_file(self, tmp_path):
        # A real process, so that the exit status is the one a shell sees.
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "transparency.settings"}
        missing = tmp_path / "missing.pdf"
        process = subprocess.run(
            [sys.executable, "manage.py", "ingest", str(missing)],
            cwd=PROJECT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

        assert process.returncode == 1
        assert "missing.pdf：文件不存在" in process.stderr
        assert process.stdout == ""


class TestSampleDocument:
    """The real parser and checks on the sample disclosure rendered to a PDF."""

    def test_the_sample_is_stored(self, seed_pdf):
        status, out, err = run(seed_pdf)

        assert status == 0, err
        assert out.startswith("711-zhangjiakou-2025-budget.pdf: 711 张家口市总工会 2025 预算 部门 — ")
        disclosure = Disclosure.objects.current().get()
        assert disclosure.tables.filter(is_standard=True).count() == 9
        assert disclosure.checks.filter(status="ok").exists()
        assert disclosure.parse_log["pages_with_text"] > 0

    def test_ingesting_it_again_keeps_the_first_version(self, seed_pdf):
        run(seed_pdf)
        status, _, _ = run(seed_pdf)

        assert status == 0
        assert list(Disclosure.objects.order_by("version").values_list("version", "is_current")) == [
            (1, False),
            (2, True),
        ]

    def test_a_file_that_is_not_a_pdf_is_refused(self, tmp_path):
        path = tmp_path / "notes.pdf"
        path.write_text("这不是PDF文件", encoding="utf-8")

        status, out, err = run(path)

        assert status == 1 and out == ""
        assert err.startswith("已拒收 notes.pdf")
        assert not Disclosure.objects.exists()
