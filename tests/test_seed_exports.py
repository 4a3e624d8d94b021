"""projects.csv, indicators.csv and checks.csv for the seed, as a journalist downloads them.

Expected values are copied from the seed text's 项目绩效目标表 (section 七) and its tables.
"""

from __future__ import annotations

import pytest

from disclosures.ingest import ingest_pdf
from tests.reading import csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def download(client, seed_pdf):
    ingest_pdf(file=seed_pdf)

    def get(name: str) -> list[dict[str, str]]:
        return csv_rows(client.get(f"/export/{name}?department=711&year=2025&stage=预算&level=部门"))

    return get


class TestProjectsCsv:
    def test_the_four_projects(self, download):
        projects = [
            (
                r["project_code"],
                r["project_name"],
                r["budget"],
                r["fiscal_funds"],
                r["other_funds"],
                r["unit"],
                r["page"],
            )
            for r in download("projects.csv")
        ]
        assert projects == [
            (
                "13070025P00166310002K",
                "冀财行【2024】97号—提前下达2025年省级困难职工及劳模帮扶救助专项资金",
                "20.30",
                "20.30",
                "",
                "万元",
                "23",
            ),
            ("13070025P001663100037", "困难职工及劳模帮扶救助资金", "55.00", "55.00", "", "万元", "25"),
            ("13070025P00174510001L", "市级劳模疗休养资金", "56.00", "56.00", "", "万元", "28"),
            ("13070025P00174410001Y", "市劳模表彰奖励资金", "45.00", "45.00", "", "万元", "30"),
        ]

    def test_purpose_and_identity(self, download):
        first = download("projects.csv")[0]
        assert first["purpose"] == (
            "对本级在档管理的26户全国级困难职工全覆盖进行生活救助，在档管理的5户患病职工进行救助，"
            "特殊职工群体400人送温暖和帮扶服务。"
        )
        assert (
            first["department_code"],
            first["department"],
            first["year"],
            first["stage"],
            first["level"],
        ) == (
            "711",
            "张家口市总工会",
            "2025",
            "预算",
            "部门",
        )

    def test_projects_are_linked_to_the_row_that_pays_for_them(self, download):
        # 支出总表 prints 项目支出 on one 项 row only, 2012906 工会事务 176.30 = 20.30 + 55 + 56 + 45.
        assert {r["expense_code"] for r in download("projects.csv")} == {"2012906"}


class TestIndicatorsCsv:
    def test_merged_cells_are_filled_from_the_row_above(self, download):
        first_project = [
            r for r in download("indicators.csv") if r["project_code"] == "13070025P00166310002K"
        ]
        assert [(r["level1"], r["level2"], r["level3"], r["target"], r["page"]) for r in first_project] == [
            ("产出指标", "数量指标", "在档全国级困难职工户数", "≥26户", "23"),
            ("产出指标", "数量指标", "在档患病职工户数", "≥5户", "23"),
            ("产出指标", "数量指标", "特殊职工群体送温暖和帮扶人数", "≥400人", "23"),
            ("产出指标", "质量指标", "救助覆盖率", "≥95%", "24"),
            ("产出指标", "时效指标", "救助期限", "全年", "24"),
            ("产出指标", "成本指标", "资金支出控制数", "≤20.3万元", "24"),
            ("效益指标", "社会效益指标", "保障基本生活标准", "较上一年度保障", "24"),
            ("满意度指标", "服务对象满意度指标", "救助职工满意度", "≥95%", "24"),
        ]

    def test_a_row_continued_on_the_next_page_is_one_row(self, download):
        rows = [r for r in download("indicators.csv") if r["level3"] == "保障困难劳模基本生活"]
        assert [(r["target"], r["basis"], r["page"]) for r in rows] == [
            ("≥90%", "根据2025年劳模摸底结果。", "26")
        ]

    def test_targets_are_split_for_comparison(self, download):
        rows = {r["level3"]: r for r in download("indicators.csv")}
        assert (rows["省部级劳模荣誉津贴"]["comparator"], rows["省部级劳模荣誉津贴"]["target_value"]) == (
            "",
            "300",
        )
        assert rows["省部级劳模荣誉津贴"]["target_unit"] == "元/月/人"
        assert (rows["资金支出控制数"]["comparator"], rows["资金支出控制数"]["target_unit"]) == ("≤", "万元")


class TestChecksCsv:
    def test_every_check_with_the_rounding_warnings(self, download):
        rows = download("checks.csv")
        assert len(rows) == 217
        warnings = [r for r in rows if r["status"] == "warning"]
        assert len(warnings) == 7
        assert {(r["row"], r["expected"], r["actual"], r["difference"]) for r in warnings} == {
            ("20805 行政事业单位养老支出", "536.44", "536.45", "0.01")
        }
        assert {r["status"] for r in rows} == {"ok", "warning"}
