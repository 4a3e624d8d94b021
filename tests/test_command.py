"""``manage.py ingest``: one line per file, exit 0 when all were stored, 1 when any was refused;
folders read recursively, a summary on stderr, ``--report``, ``--jobs`` and the identity flags."""

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from disclosures.models import Disclosure
from tests.builders import make_parsed, make_pdf_file

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

        assert status == 0
        (summary,) = err.splitlines()  # no refusal; the summary of the two files
        assert summary.startswith("共 2 个文件：已入库 2；用时 ")
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
        status, _, _ = run("--reparse", seed_pdf)

        assert status == 0
        assert list(Disclosure.objects.order_by("version").values_list("version", "is_current")) == [
            (1, False),
            (2, True),
        ]

    def test_the_same_file_again_is_unchanged(self, seed_pdf):
        run(seed_pdf)
        status, out, err = run(seed_pdf)

        assert status == 0 and err == ""
        assert out.startswith("711-zhangjiakou-2025-budget.pdf: 未变化")
        assert list(Disclosure.objects.values_list("version", "is_current")) == [(1, True)]

    def test_a_file_that_is_not_a_pdf_is_refused(self, tmp_path):
        path = tmp_path / "notes.pdf"
        path.write_text("这不是PDF文件", encoding="utf-8")

        status, out, err = run(path)

        assert status == 1 and out == ""
        assert err.startswith("已拒收 notes.pdf")
        assert not Disclosure.objects.exists()


class TestBulkIngest:
    """A folder goes in: recursively, past bad files, with a summary and a report."""

    @pytest.fixture
    def folder(self, parser, tmp_path):
        root = tmp_path / "city"
        (root / "2025" / "budgets").mkdir(parents=True)
        parser.gives("a.pdf", make_parsed())
        parser.gives("b.pdf", "PDF没有文字层（可能是扫描图片），无法读取其中的数字")
        parser.gives("c.PDF", make_parsed(department="", code=""))
        parser.gives("d.pdf", make_parsed(department="张家口市档案馆", code="712", year=2024))
        make_pdf_file(root, "a.pdf")
        make_pdf_file(root / "2025", "b.pdf")
        make_pdf_file(root / "2025" / "budgets", "c.PDF")
        make_pdf_file(root / "2025" / "budgets", "d.pdf")
        (root / "2025" / "notes.txt").write_text("not a PDF, not ingested")
        return root

    def test_a_folder_is_read_recursively_past_a_bad_file(self, folder):
        status, out, err = run(folder)

        assert status == 1  # one file was refused
        assert [line.split(":")[0] for line in out.splitlines()] == ["c.PDF", "d.pdf", "a.pdf"]  # by path
        assert "c.PDF: 待确认（未能识别部门名称" in out
        assert err.splitlines()[0] == "已拒收 b.pdf：PDF没有文字层（可能是扫描图片），无法读取其中的数字"
        assert "共 4 个文件：已入库 2，待确认 1，已拒收 1；" in err
        assert "     1  PDF没有文字层（可能是扫描图片），无法读取其中的数字" in err.splitlines()
        assert Disclosure.objects.current().count() == 2
        assert Disclosure.objects.filter(status=Disclosure.Status.REVIEW).count() == 1

    def test_the_report_has_one_row_per_file(self, folder, tmp_path):
        report = tmp_path / "out" / "report.csv"

        run("--report", report, folder)

        with report.open(encoding="utf-8-sig", newline="") as handle:
            rows = {Path(row["file"]).name: row for row in csv.DictReader(handle)}
        assert list(next(iter(rows.values()))) == [
            "file",
            "sha256",
            "outcome",
            "reason",
            "department",
            "code",
            "year",
            "stage",
            "level",
            "standard_tables",
            "amounts",
            "checks_failed",
            "seconds",
        ]
        a = rows["a.pdf"]
        assert (a["outcome"], a["department"], a["code"], a["year"], a["stage"], a["level"]) == (
            "stored",
            "张家口市总工会",
            "711",
            "2025",
            "预算",
            "部门",
        )
        assert a["sha256"] == hashlib.sha256((folder / "a.pdf").read_bytes()).hexdigest()
        assert (a["standard_tables"], a["amounts"], a["checks_failed"]) == ("4", "18", "1")
        assert float(a["seconds"]) >= 0
        b = rows["b.pdf"]
        assert (b["outcome"], b["reason"], b["department"]) == (
            "refused",
            "PDF没有文字层（可能是扫描图片），无法读取其中的数字",
            "",
        )
        assert rows["c.PDF"]["outcome"] == "review" and rows["c.PDF"]["department"] == ""
        assert rows["d.pdf"]["year"] == "2024"

    @pytest.mark.django_db(transaction=True)
    def test_several_jobs_store_the_same(self, folder):
        status, out, err = run("--jobs", "2", folder)

        assert status == 1
        assert sorted(line.split(":")[0] for line in out.splitlines()) == ["a.pdf", "c.PDF", "d.pdf"]
        assert "共 4 个文件：已入库 2，待确认 1，已拒收 1；" in err
        stored = Disclosure.objects.current().order_by("year")
        assert [(d.department_name, d.year) for d in stored] == [
            ("张家口市档案馆", 2024),
            ("张家口市总工会", 2025),
        ]
        assert Disclosure.objects.count() == 3

    @pytest.mark.django_db(transaction=True)
    def test_several_jobs_print_the_files_in_path_order(self, folder):
        # The largest file is parsed first; the lines still come in the order of the paths.
        (folder / "a.pdf").write_bytes(b"%PDF-1.4\n%" + b" " * 200_000 + b"\n%%EOF\n")

        status, out, err = run("--jobs", "3", folder)

        assert status == 1
        assert [line.split(":")[0] for line in out.splitlines()] == ["c.PDF", "d.pdf", "a.pdf"]
        assert err.splitlines()[0] == "已拒收 b.pdf：PDF没有文字层（可能是扫描图片），无法读取其中的数字"

    def test_what_staff_give_on_the_command_line_wins(self, parser, tmp_path):
        parser.gives("x.pdf", make_parsed(department="", code="", year=2025))

        status, out, _ = run(
            "--department",
            "张家口市总工会",
            "--code",
            "711",
            "--level",
            "单位",
            make_pdf_file(tmp_path, "x.pdf"),
        )

        assert status == 0
        assert out.startswith("x.pdf: 711 张家口市总工会 2025 预算 单位 — ")
        disclosure = Disclosure.objects.current().get()
        assert disclosure.given_identity == {"department": "张家口市总工会", "code": "711", "level": "单位"}

    def test_a_folder_twice_is_unchanged_the_second_time(self, folder):
        run(folder)
        status, out, err = run(folder)

        assert status == 1  # b.pdf is still refused
        assert "a.pdf: 未变化" in out and "d.pdf: 未变化" in out
        assert "c.PDF: 待确认" in out
        assert "未变化 2" in err and "待确认 1" in err
        assert Disclosure.objects.count() == 3


class TestBulkIngestRealPdfs:
    """Real rendered PDFs through the real parser: identity from the document, or 待确认."""

    def test_each_arrangement_goes_in(self, tmp_path):
        from tests.identity_pdfs import BY_NAME, NAMELESS, render_identity

        folder = tmp_path / "folder"
        render_identity(folder / "a" / "disclosure.pdf", BY_NAME["label_with_code_prefix"])
        render_identity(folder / "b" / NAMELESS.filename, NAMELESS)
        (folder / "page.pdf").write_text("<!DOCTYPE html><html></html>")
        report = tmp_path / "report.csv"

        status, out, err = run("--report", report, folder)

        assert status == 1
        assert "disclosure.pdf: 341 湖州市财政局 2024 预算 部门 — " in out
        assert "scan0001.pdf: 待确认（未能识别部门名称；已读出：2025 预算 部门）" in out
        assert "已拒收 page.pdf：不是PDF文件，而是网页（HTML）" in err
        with report.open(encoding="utf-8-sig", newline="") as handle:
            outcomes = {Path(row["file"]).name: row["outcome"] for row in csv.DictReader(handle)}
        assert outcomes == {"disclosure.pdf": "stored", "scan0001.pdf": "review", "page.pdf": "refused"}
