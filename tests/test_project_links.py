"""Projects are linked to the 支出总表 row that pays for them, only where the tables leave no doubt."""

from __future__ import annotations

from decimal import Decimal

from disclosures.parsing.document import EXPENSE, Amount, Project, Row, Table
from disclosures.parsing.projects import link_projects_to_expense


class TestLinkToProjectSpending:
    """A project is linked to the 项 row of 支出总表 that pays for it only where that is clear."""

    @staticmethod
    def expense(unit: str, rows: dict[str, str]) -> Table:
        return Table(
            kind=EXPENSE,
            title="支出总表",
            pages=[5],
            unit=unit,
            rows=[
                Row(item=code, page=5, code=code, amounts=[Amount(column="项目支出", value=Decimal(v))])
                for code, v in rows.items()
            ],
        )

    def test_the_only_row_with_project_spending(self):
        projects = [Project(name="甲", page=23, budget=Decimal("20.30"), unit="万元")]
        link_projects_to_expense(projects, [self.expense("万元", {"201": "176.30", "2012906": "176.30"})])
        assert projects[0].expense_code == "2012906"

    def test_the_row_whose_spending_equals_the_budget_in_another_unit(self):
        projects = [
            Project(name="就业援助基地补贴", page=32, budget=Decimal("635.10"), unit="万元"),
            Project(name="各类工作经费", page=34, budget=Decimal("7.00"), unit="万元"),
        ]
        rows = {"2080705": "6351000", "2120399": "7750000"}
        link_projects_to_expense(projects, [self.expense("元", rows)])
        assert [p.expense_code for p in projects] == ["2080705", ""]
