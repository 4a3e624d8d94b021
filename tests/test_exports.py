"""The open-data CSV exports, against the contract in docs/open-data.md."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from disclosures.ingest import ingest_pdf
from tests.builders import make_income_table, make_parsed, make_pdf_file, make_row, make_stored

pytestmark = pytest.mark.django_db

KEY = "department_code,department,year,stage,level,"
HEADERS = {
    "lines.csv": KEY + "table,table_title,side,row_no,code,item,column,amount,unit,page",
    "projects.csv": KEY + "project_code,project_name,budget,fiscal_funds,other_funds,purpose,unit,page",
    "indicators.csv": KEY + "project_code,level1,level2,level3,description,target,basis,page",
    "checks.csv": KEY + "check,table,row,column,expected,actual,difference,status",
}


def download(client, filename, **params):
    response = client.get(f"/export/{filename}", params)
    body = (
        b"".join(response.streaming_content).decode("utf-8")
        if response.streaming
        else response.content.decode()
    )
    return response, body


def records(body: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"), newline="")))


@pytest.fixture
def stored(parser, tmp_path):
    return make_stored(parser, tmp_path)


class TestCsvFormat:
    @pytest.mark.parametrize("filename", HEADERS)
    def test_bom_header_and_crlf(self, client, stored, filename):
        response, body = download(client, filename)

        assert response.status_code == 200
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert body.startswith("\ufeff" + HEADERS[filename])
        assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")

    @pytest.mark.parametrize("filename", HEADERS)
    def test_the_contract_columns_come_first_in_order(self, client, stored, filename):
        _, body = download(client, filename)

        header = body.removeprefix("\ufeff").split("\r\n", 1)[0]
        assert header.startswith(HEADERS[filename])

    def test_unknown_export_is_404(self, client, db):
        assert client.get("/export/secrets.csv").status_code == 404


class TestLines:
    def test_one_row_per_amount_with_its_table_and_page(self, client, stored):
        _, body = download(client, "lines.csv")

        rows = records(body)
        assert len(rows) == 18
        row = next(r for r in rows if r["code"] == "2012906" and r["column"] == "财政拨款收入")
        assert row == {
            "department_code": "711",
            "department": "张家口市总工会",
            "year": "2025",
            "stage": "预算",
            "level": "部门",
            "table": "收入总表",
            "table_title": "部门预算收入总表",
            "side": "",
            "row_no": "4",
            "code": "2012906",
            "item": "工会事务",
            "column": "财政拨款收入",
            "amount": "176.30",
            "unit": "万元",
            "page": "4",
        }
        assert [r["side"] for r in rows[:2]] == ["收入", "支出"]

    def test_only_current_versions(self, client, parser, tmp_path):
        make_stored(parser, tmp_path, name="old.pdf")
        parser.gives("new.pdf", make_parsed(tables=[make_income_table(total="1.00")]))
        ingest_pdf(file=make_pdf_file(tmp_path, "new.pdf"))

        _, body = download(client, "lines.csv")

        rows = records(body)
        assert len(rows) == 12 and rows[0]["amount"] == "1.00"


class TestOtherExports:
    def test_projects(self, client, stored):
        _, body = download(client, "projects.csv")

        (row,) = records(body)
        assert row["project_code"] == "13070025P00174510001L"
        assert (row["budget"], row["fiscal_funds"], row["other_funds"], row["unit"], row["page"]) == (
            "56.00",
            "56.00",
            "",
            "万元",
            "30",
        )

    def test_indicators(self, client, stored):
        _, body = download(client, "indicators.csv")

        first, second = records(body)
        assert (first["level1"], first["level2"], first["level3"], first["target"]) == (
            "产出指标",
            "数量指标",
            "疗休养人数",
            "≤200人",
        )
        assert first["target_value"] == "200" and second["target_value"] == ""

    def test_checks_without_those_that_did_not_apply(self, client, stored):
        _, body = download(client, "checks.csv")

        rows = records(body)
        assert [r["status"] for r in rows] == ["ok", "failed", "warning"]
        failed = rows[1]
        assert (failed["check"], failed["table"], failed["row"], failed["column"]) == (
            "hierarchy",
            "收入总表",
            "20805 行政事业单位养老支出",
            "合计",
        )
        assert (failed["expected"], failed["actual"], failed["difference"]) == ("536.45", "-12.50", "548.95")


class TestFilters:
    @pytest.fixture
    def three(self, parser, tmp_path):
        make_stored(parser, tmp_path, name="a.pdf")
        make_stored(parser, tmp_path, name="b.pdf", year=2024, stage="决算")
        make_stored(parser, tmp_path, name="c.pdf", department="张家口市财政局", code="712", level="单位")

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            (
                {},
                {
                    ("711", "2025", "预算", "部门"),
                    ("711", "2024", "决算", "部门"),
                    ("712", "2025", "预算", "单位"),
                },
            ),
            ({"department": "711"}, {("711", "2025", "预算", "部门"), ("711", "2024", "决算", "部门")}),
            ({"year": "2024"}, {("711", "2024", "决算", "部门")}),
            ({"stage": "预算", "level": "单位"}, {("712", "2025", "预算", "单位")}),
            (
                {"department": "711", "year": "2025", "stage": "预算", "level": "部门"},
                {("711", "2025", "预算", "部门")},
            ),
        ],
    )
    def test_filters_combine(self, client, three, params, expected):
        _, body = download(client, "projects.csv", **params)

        assert {(r["department_code"], r["year"], r["stage"], r["level"]) for r in records(body)} == expected

    @pytest.mark.parametrize(
        "params", [{"department": "999"}, {"year": "1999"}, {"stage": "草案"}, {"level": "科室"}]
    )
    @pytest.mark.parametrize("filename", HEADERS)
    def test_unknown_value_gives_the_header_only(self, client, three, params, filename):
        response, body = download(client, filename, **params)

        assert response.status_code == 200
        assert body.startswith("\ufeff" + HEADERS[filename])
        assert body.count("\r\n") == 1 and body.endswith("\r\n")

    @pytest.mark.parametrize("filename", HEADERS)
    def test_malformed_year_is_400_with_a_message(self, client, three, filename):
        response = client.get(f"/export/{filename}", {"year": "abc"})

        assert response.status_code == 400
        assert "year=abc" in response.content.decode() and "年度应为数字" in response.content.decode()


class TestFormulaGuard:
    def test_text_that_would_run_as_a_formula_is_quoted(self, client, parser, tmp_path):
        table = make_income_table()
        table.rows = [
            make_row('=HYPERLINK("http://x")', {"合计": "1.00"}, row_no="1"),
            make_row("+1", {"合计": "2.00"}, row_no="2"),
            make_row("-项目", {"合计": "-12.50"}, row_no="3"),
            make_row("@SUM(A1)", {"合计": "3.00"}, row_no="4"),
            make_row("\t制表", {"合计": "4.00"}, row_no="5"),
            make_row("\r回车", {"合计": "5.00"}, row_no="6"),
            make_row("普通", {"合计": "6.00"}, row_no="=7"),
        ]
        parser.gives("f.pdf", make_parsed(tables=[table]))
        ingest_pdf(file=make_pdf_file(tmp_path, "f.pdf"))

        _, body = download(client, "lines.csv")

        rows = records(body)
        assert [r["item"] for r in rows] == [
            '\'=HYPERLINK("http://x")',
            "'+1",
            "'-项目",
            "'@SUM(A1)",
            "'\t制表",
            "'\r回车",
            "普通",
        ]
        assert rows[2]["amount"] == "-12.50"
        assert rows[6]["row_no"] == "'=7"


class TestSampleDocument:
    def test_the_contract_example_row(self, client, seed_pdf):
        ingest_pdf(file=seed_pdf)

        _, body = download(client, "lines.csv", department="711", year="2025", stage="预算", level="部门")

        row = next(r for r in records(body) if r["code"] == "2082701" and r["column"] == "财政拨款收入")
        assert row["table"] == "收入总表" and row["table_title"] == "部门预算收入总表"
        assert (row["item"], row["amount"], row["unit"], row["page"]) == (
            "财政对失业保险基金的补助",
            "0.72",
            "万元",
            "4",
        )
