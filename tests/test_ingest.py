"""The ingest service: what one file becomes in the database, and what a refusal leaves behind."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from disclosures import store
from disclosures.ingest import disclosure_upload, ingest_pdf
from disclosures.models import (
    CheckResult,
    ClassificationCode,
    Department,
    DepartmentAlias,
    Disclosure,
    Fact,
    Indicator,
    Line,
    Project,
    Section,
    StatementTable,
    ThreePublic,
    Unit,
)
from disclosures.parsing import document
from tests.builders import make_income_table, make_parsed, make_pdf_file, make_row

pytestmark = pytest.mark.django_db

STORED_MODELS = (
    Department,
    DepartmentAlias,
    ClassificationCode,
    Disclosure,
    StatementTable,
    Line,
    Project,
    Indicator,
    ThreePublic,
    Unit,
    Fact,
    Section,
    CheckResult,
)


def database_counts() -> dict[str, int]:
    return {model_class.__name__: model_class.objects.count() for model_class in STORED_MODELS}


def ingest_parsed(parser, tmp_path, doc, name="disclosure.pdf", **kwargs):
    parser.gives(name, doc)
    return ingest_pdf(file=make_pdf_file(tmp_path, name), **kwargs)


class TestStoresParsedDisclosure:
    def test_the_disclosure_and_its_department(self, parser, tmp_path):
        result = ingest_parsed(parser, tmp_path, make_parsed())

        assert result.stored
        disclosure = Disclosure.objects.get()
        assert disclosure == result.disclosure
        assert (disclosure.department.code, disclosure.department.name) == ("711", "张家口市总工会")
        assert (disclosure.year, disclosure.stage, disclosure.level) == (2025, "预算", "部门")
        assert disclosure.status == Disclosure.Status.STORED
        assert disclosure.is_current and disclosure.version == 1
        assert disclosure.has_tables and disclosure.has_explanation
        assert disclosure.pages == 34
        assert disclosure.original_filename == "disclosure.pdf"
        assert list(Disclosure.objects.current()) == [disclosure]

    def test_every_amount_becomes_a_line(self, parser, tmp_path):
        ingest_parsed(parser, tmp_path, make_parsed())

        income = StatementTable.objects.get(kind=document.INCOME)
        assert (income.title, income.unit, income.pages, income.is_standard) == (
            "部门预算收入总表",
            "万元",
            [3, 4],
            True,
        )
        assert income.lines.count() == 12
        line = income.lines.get(code="2012906", column="财政拨款收入")
        assert (line.item, line.row_no, line.amount, line.page) == ("工会事务", "4", Decimal("176.30"), 4)
        assert line.classification.name == "工会事务"
        empty = StatementTable.objects.get(kind=document.GOV_FUND_EXPENSE)
        assert empty.empty_note.endswith("空表列示。") and not empty.lines.exists()
        assert Line.objects.filter(side="收入").count() == 1

    def test_classification_codes_with_rank_and_parent(self, parser, tmp_path):
        ingest_parsed(parser, tmp_path, make_parsed())

        item = ClassificationCode.objects.get(kind=ClassificationCode.Kind.FUNCTION, code="2012906")
        assert item.level == "项"
        assert item.parent.code == "20129" and item.parent.level == "款"
        assert item.parent.parent.code == "201" and item.parent.parent.level == "类"
        economic = ClassificationCode.objects.get(kind=ClassificationCode.Kind.ECONOMIC, code="30101")
        assert economic.parent.name == "工资福利支出"

    def test_projects_three_public_units_facts_sections_checks(self, parser, tmp_path):
        ingest_parsed(parser, tmp_path, make_parsed())

        project = Project.objects.get()
        assert (project.code, project.budget, project.spending_plan["10月底"]) == (
            "13070025P00174510001L",
            Decimal("56.00"),
            "100%",
        )
        first, second = project.indicators.all()
        assert (first.level1, first.level2, first.target, first.comparator) == (
            "产出指标",
            "数量指标",
            "≤200人",
            "≤",
        )
        assert first.target_value == Decimal("200") and second.page == 31
        three_public = ThreePublic.objects.get()
        assert three_public.table_found and three_public.table_disclosed_empty
        assert three_public.table_total is None  # printed empty: nothing stated in the table
        assert three_public.prose_total == Decimal("0.00")  # stated as zero in the prose
        assert three_public.prose_vehicle_purchase is None  # not stated at all
        assert Unit.objects.get().funding == "财政拨款"
        assert Fact.objects.get().value == Decimal("870.37")
        assert list(Section.objects.values_list("number", flat=True)) == ["一", "二"]
        assert list(CheckResult.objects.values_list("name", "status")) == [
            ("balance", "ok"),
            ("hierarchy", "failed"),
            ("projects", "warning"),
            ("three_public.prose", "not_applicable"),
        ]

    def test_parse_log_and_result_counts(self, parser, tmp_path):
        result = ingest_parsed(parser, tmp_path, make_parsed())

        log = result.disclosure.parse_log
        assert (log["pages"], log["tables"], log["rows"], log["amounts"]) == (34, 4, 8, 18)
        assert log["skipped"] == [{"page": 2, "what": "目录", "reason": "不是报表"}]
        assert log["started"] <= log["finished"] and log["seconds"] >= 0
        assert (result.tables, result.checks_failed) == (4, 1)

    def test_the_file_is_kept_under_its_sha256(self, parser, tmp_path):
        result = ingest_parsed(parser, tmp_path, make_parsed())

        disclosure = result.disclosure
        assert disclosure.source_file.name == f"disclosures/{disclosure.sha256[:2]}/{disclosure.sha256}.pdf"
        assert default_storage.exists(disclosure.source_file.name)


class TestReuploadKeepsEarlierVersion:
    def test_second_upload_becomes_current_and_the_first_is_kept(self, parser, tmp_path):
        first = ingest_parsed(parser, tmp_path, make_parsed(), name="first.pdf").disclosure
        doc = make_parsed(tables=[make_income_table(total="900.00")])
        second = ingest_parsed(parser, tmp_path, doc, name="second.pdf").disclosure

        first.refresh_from_db()
        assert not first.is_current and first.superseded_by == second
        assert second.is_current and (first.version, second.version) == (1, 2)
        assert Disclosure.objects.current().get() == second
        assert Line.objects.filter(table__disclosure=first).count() == 18  # the earlier data is kept
        assert Line.objects.get(table__disclosure=second, row_order=0, column_order=0).amount == Decimal(
            "900.00"
        )

    def test_the_same_file_twice_is_stored_once(self, parser, tmp_path):
        first = ingest_parsed(parser, tmp_path, make_parsed()).disclosure
        second = ingest_parsed(parser, tmp_path, make_parsed()).disclosure

        assert first.source_file.name == second.source_file.name
        assert Disclosure.objects.filter(is_current=True).count() == 1

    def test_department_and_unit_levels_are_both_current(self, parser, tmp_path):
        ingest_parsed(parser, tmp_path, make_parsed(level="部门"), name="department.pdf")
        ingest_parsed(parser, tmp_path, make_parsed(level="单位"), name="unit.pdf")
        ingest_parsed(parser, tmp_path, make_parsed(stage="决算", year=2024), name="final.pdf")

        assert Disclosure.objects.current().count() == 3
        assert Department.objects.count() == 1


class TestTwoPartCompletion:
    def test_tables_after_explanation_keep_the_explanation(self, parser, tmp_path):
        explanation = ingest_parsed(parser, tmp_path, make_parsed(tables=[]), name="说明.pdf").disclosure
        assert explanation.has_explanation and not explanation.has_tables  # a prose-only file is stored

        tables = ingest_parsed(parser, tmp_path, make_parsed(explanation=False), name="报表.pdf").disclosure

        assert tables.is_current and tables.has_tables and tables.has_explanation
        assert tables.explanation_source == explanation and tables.tables_source is None
        assert tables.projects.get().indicators.count() == 2
        assert tables.sections.count() == 2 and tables.units.count() == 1 and tables.facts.count() == 1
        three_public = tables.three_public
        assert three_public.table_disclosed_empty and three_public.prose_total == Decimal("0.00")
        assert any("说明沿用第1版" in note for note in tables.parse_log["notes"])

    def test_explanation_after_tables_keeps_the_tables(self, parser, tmp_path):
        tables = ingest_parsed(parser, tmp_path, make_parsed(explanation=False), name="报表.pdf").disclosure
        explanation = ingest_parsed(parser, tmp_path, make_parsed(tables=[]), name="说明.pdf").disclosure

        assert explanation.has_tables and explanation.tables_source == tables
        assert explanation.tables.count() == 4
        copied = Line.objects.filter(table__disclosure=explanation)
        original = Line.objects.filter(table__disclosure=tables)
        fields = (
            "table__kind",
            "row_order",
            "column_order",
            "side",
            "row_no",
            "code",
            "item",
            "column",
            "amount",
        )
        assert list(copied.values_list(*fields)) == list(original.values_list(*fields))
        assert copied.get(code="2012906", column="合计").page == 4
        assert explanation.tables_pdf_url() == tables.pdf_url()
        assert explanation.three_public.table_found and explanation.three_public.prose_found

    def test_completion_carries_through_later_versions(self, parser, tmp_path):
        tables = ingest_parsed(parser, tmp_path, make_parsed(explanation=False), name="报表.pdf").disclosure
        ingest_parsed(parser, tmp_path, make_parsed(tables=[]), name="说明.pdf")
        third = ingest_parsed(parser, tmp_path, make_parsed(tables=[]), name="说明2.pdf").disclosure

        assert third.version == 3 and third.tables_source == tables
        assert third.tables.count() == 4

    def test_a_complete_file_replaces_both_parts(self, parser, tmp_path):
        ingest_parsed(parser, tmp_path, make_parsed(explanation=False), name="报表.pdf")
        doc = make_parsed(tables=[make_income_table()])
        doc.projects = []
        full = ingest_parsed(parser, tmp_path, doc, name="完整.pdf").disclosure

        assert full.tables_source is None and full.explanation_source is None
        assert full.tables.count() == 1 and not full.projects.exists()


class TestRefusedFileLeavesDatabaseUnchanged:
    def test_refused_by_the_parser(self, parser, tmp_path):
        ingest_parsed(parser, tmp_path, make_parsed(), name="good.pdf")
        before = database_counts()
        stored_files = default_storage.listdir("disclosures")
        parser.gives("scan.pdf", "PDF没有文字层（可能是扫描图片），无法读取其中的数字")

        result = ingest_pdf(file=make_pdf_file(tmp_path, "scan.pdf"))

        assert not result.stored and result.disclosure is None
        assert result.refusal == "scan.pdf：PDF没有文字层（可能是扫描图片），无法读取其中的数字"
        assert database_counts() == before
        assert default_storage.listdir("disclosures") == stored_files

    def test_refused_when_too_large(self, parser, tmp_path, settings):
        settings.DISCLOSURE_MAX_UPLOAD_MB = 1
        path = make_pdf_file(tmp_path, "big.pdf", content=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))

        result = ingest_pdf(file=path)

        assert "超过上限 1 MB" in result.refusal and result.refusal.startswith("big.pdf")
        assert parser.calls == [] and Disclosure.objects.count() == 0

    def test_not_refused_without_a_year_but_kept_unpublished(self, parser, tmp_path):
        """A readable file whose year is not printed is 待确认 (tests/test_identity_ingest.py)."""
        doc = make_parsed()
        doc.year = None

        result = ingest_parsed(parser, tmp_path, doc)

        assert result.outcome == "review" and result.refusal == ""
        assert result.disclosure.parse_log["missing"] == ["年度"]
        assert not Disclosure.objects.current().exists()

    def test_refused_upload_keeps_its_file_and_message_unpublished(self, parser, tmp_path):
        upload = disclosure_upload(file=_django_file(make_pdf_file(tmp_path, "bad.pdf")))
        parser.gives("bad.pdf", "文件已加密，无法读取")

        result = ingest_pdf(file=upload.source_file, filename="bad.pdf", disclosure=upload)

        upload.refresh_from_db()
        assert result.refusal == upload.refusal == "bad.pdf：文件已加密，无法读取"
        assert upload.status == Disclosure.Status.REFUSED and upload.department is None
        assert "seconds" in upload.parse_log
        assert default_storage.exists(upload.source_file.name)
        assert not Disclosure.objects.stored().exists() and not StatementTable.objects.exists()

    def test_an_error_while_storing_rolls_back(self, parser, tmp_path, monkeypatch):
        ingest_parsed(parser, tmp_path, make_parsed(), name="first.pdf")
        before = database_counts()

        def broken(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(store, "contents_store", broken)
        result = ingest_parsed(parser, tmp_path, make_parsed(), name="second.pdf")

        # Not raised at the user: 解析出错 with a reference under which the log has the traceback.
        assert result.outcome == "failed" and not result.stored
        assert result.refusal.startswith(f"second.pdf：解析出错（编号 {result.reference}）")
        assert "disk full" in result.refusal
        assert database_counts() == before
        assert Disclosure.objects.current().get().original_filename == "first.pdf"

    def test_an_unexpected_error_marks_the_upload_failed(self, parser, tmp_path, monkeypatch):
        upload = disclosure_upload(file=_django_file(make_pdf_file(tmp_path, "odd.pdf")))

        def crash(*args, **kwargs):
            raise ValueError("unexpected layout")

        monkeypatch.setattr("disclosures.parsing.parse_pdf", crash)
        result = ingest_pdf(file=upload.source_file, filename="odd.pdf", disclosure=upload)

        upload.refresh_from_db()
        assert upload.status == Disclosure.Status.FAILED and "unexpected layout" in upload.refusal
        assert result.outcome == "failed" and f"编号 {result.reference}" in upload.refusal


class TestDepartmentNames:
    def test_a_new_printed_name_for_a_known_code_becomes_an_alias(self, parser, tmp_path):
        ingest_parsed(parser, tmp_path, make_parsed(), name="a.pdf")
        ingest_parsed(parser, tmp_path, make_parsed(department="张家口市总工会机关", year=2024), name="b.pdf")

        assert Department.objects.get().aliases.get().name == "张家口市总工会机关"

    def test_a_name_without_code_resolves_through_the_aliases(self, parser, tmp_path):
        department = Department.objects.create(name="江苏省委办公厅")
        DepartmentAlias.objects.create(department=department, name="中共江苏省委办公厅")

        result = ingest_parsed(parser, tmp_path, make_parsed(department="中共江苏省委办公厅", code=""))

        assert result.disclosure.department == department
        assert result.disclosure.department_name == "中共江苏省委办公厅"
        assert Department.objects.count() == 1

    def test_a_department_first_seen_without_code_adopts_it(self, parser, tmp_path):
        ingest_parsed(parser, tmp_path, make_parsed(code="", tables=[]), name="说明.pdf")
        ingest_parsed(parser, tmp_path, make_parsed(explanation=False), name="报表.pdf")

        assert Department.objects.get().code == "711"
        assert Disclosure.objects.current().get().tables_source is None


class TestRowsWithoutAmounts:
    def test_rows_without_amounts_are_not_lines(self, parser, tmp_path):
        table = make_income_table()
        table.rows.append(make_row("二、外交支出", {}, row_no="9"))

        ingest_parsed(parser, tmp_path, make_parsed(tables=[table]))

        assert not Line.objects.filter(item="二、外交支出").exists()


def _django_file(path):
    from django.core.files import File

    return File(path.open("rb"), name=path.name)


class TestFileKinds:
    def test_an_open_file(self, parser, tmp_path):
        parser.gives("open.pdf", make_parsed())

        with make_pdf_file(tmp_path, "open.pdf").open("rb") as handle:
            result = ingest_pdf(file=handle)

        assert result.stored and result.filename == "open.pdf"

    def test_an_upload_held_in_memory(self, parser, tmp_path):
        from django.core.files.uploadedfile import SimpleUploadedFile

        parser.gives("memory.pdf", make_parsed())
        upload = SimpleUploadedFile("memory.pdf", b"%PDF-1.4\n%%EOF\n")

        result = ingest_pdf(file=upload, filename="memory.pdf")

        assert result.stored
        assert result.disclosure.source_file.read() == b"%PDF-1.4\n%%EOF\n"
