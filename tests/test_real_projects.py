"""Project performance-target tables of the real disclosures in ../shared/real, read back into
Projects and Indicators. Expected values were read off the printed pages; the tests skip where
the folder is absent (tests/real.py).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.reading import read_projects
from tests.real import real_pdf

pytestmark = pytest.mark.real_pdf


def real_projects(prefix: str):
    """The projects of a real disclosure (skips where ../shared/real is absent)."""
    return read_projects(real_pdf(prefix))


@pytest.fixture(scope="module")
def cq02():
    return real_projects("CQ02")[0]


class TestRealUniversityProjects:
    """CQ02 (西南大学 2023 部门预算), pages 16-40: 24 project tables, several a page."""

    def test_twenty_four_projects_in_print_order(self, cq02):
        assert len(cq02) == 24
        assert cq02[0].name == "236中央高校教育教学改革专项"
        assert cq02[-1].name == "236教育管理与改革专项"
        assert all(p.unit == "万元" for p in cq02)

    def test_the_first_project_read_off_pages_16_and_17(self, cq02):
        project = cq02[0]
        assert (project.page, project.budget, project.fiscal_funds, project.other_funds) == (
            16,
            Decimal("2112.76"),
            Decimal("2112.00"),
            Decimal("0"),
        )
        assert len(project.goals) == 15
        assert project.goals[2] == "3.持续完善认证专业OBE体系建设。"
        assert len(project.indicators) == 19  # 4 on page 16, 15 on page 17
        first, continued = project.indicators[0], project.indicators[4]
        assert (first.level1, first.level2, first.level3, first.target, first.page) == (
            "产出指标",
            "数量指标",
            "建设一流本科课程数",
            "20门",
            16,
        )
        assert (continued.level1, continued.level2, continued.level3, continued.target, continued.page) == (
            "产出指标",
            "数量指标",
            "设备更新数量",
            "27台、件、套",
            17,
        )
        assert project.indicators[-1].level3 == "教职工满意度"

    def test_a_project_whose_goal_is_on_the_next_page(self, cq02):
        project = cq02[1]  # 236中央高校管理改革等绩效拨款: header on page 17, the rest on 18
        assert project.name == "236中央高校管理改革等绩效拨款"
        assert project.budget == Decimal("1111.98")
        assert project.goals[0].startswith("1.立项资金将全部用于发放研究生各类助学金")
        assert [(i.level3, i.target, i.page) for i in project.indicators] == [
            ("奖助学生人次", "2000人次", 18),
            ("学生奖助学金覆盖面", "50%", 18),
            ("奖助学金发放及时性", "按时", 18),
            ("促进高校社会捐赠的公平与效率", "不断提升", 18),
            ("引导和鼓励社会各界捐资助学", "显著", 18),
            ("获得资助研究生满意度", "90%", 18),
        ]

    def test_fiscal_funds_and_carry_over_apart(self, cq02):
        middle_school = next(p for p in cq02 if p.name.endswith("基础设施改造项目（中学）"))
        assert (middle_school.budget, middle_school.fiscal_funds) == (Decimal("425.20"), Decimal("223.32"))


@pytest.fixture(scope="module")
def sh04():
    return real_projects("SH04")[0]


class TestRealShanghaiProjects:
    """SH04 (万里街道 2023 部门预算), pages 31-35: one 财政项目支出绩效目标填报表 a page, in 元."""

    def test_five_projects_one_a_page(self, sh04):
        assert [(p.name, p.page) for p in sh04] == [
            ("新建万里街道社区公共服务中心", 31),
            ("就业援助基地补贴", 32),
            ("社区环境整治和建设经费", 33),
            ("各类工作经费", 34),
            ("公共服务设施运行经费", 35),
        ]
        assert all(p.unit == "元" for p in sh04)

    def test_the_years_money_and_its_indicators(self, sh04):
        first = sh04[0]
        assert (first.budget, first.fiscal_funds, first.other_funds) == (
            Decimal("4100000.00"),
            Decimal("4100000.00"),
            Decimal("0.00"),
        )
        assert [(i.level1, i.level2, i.level3, i.target) for i in first.indicators] == [
            ("产出指标", "数量指标", "规划建筑面积", "≥13459.00(平方米)"),
            ("产出指标", "质量指标", "完工及时率", "及时率"),
            ("产出指标", "成本指标", "预算内经费", "合规"),
            ("效益指标", "社会效益指标", "完善社区基础设施建设", "完善率"),
            ("满意度指标", "服务对象满意度指标", "居民满意度", "满意度"),
        ]
        area = first.indicators[0]
        assert (area.comparator, area.target_value, area.target_unit) == ("≥", Decimal("13459.00"), "平方米")

    def test_a_figure_printed_wrong_is_kept_as_printed(self, sh04):
        # Page 35 prints 其中：当年财政拨款 11,419,043.00 under a 年度资金申请总额 of 10,903,043.00.
        last = sh04[-1]
        assert (last.budget, last.fiscal_funds) == (Decimal("10903043.00"), Decimal("11419043.00"))
        assert len(last.indicators) == 9


class TestRealDocumentsWithoutProjectTables:
    @pytest.mark.parametrize("prefix", ["CQ03", "JS07", "JS14", "SH03", "SH12"])
    def test_no_projects_and_no_false_alarms(self, prefix):
        projects, skipped = real_projects(prefix)
        assert projects == []
        assert skipped == []
