"""Small disclosures that print their identity in one arrangement each, rendered to PDF.

Publishers print who they are, the year, 预算 or 决算 and 部门 or 单位 in many places: the header
above each table (code and name alone on a line, on one line with 预算年度 and 单位, spread over
three lines, after a label such as 单位名称：, with the code as a prefix 341-湖州市财政局), the
tables' titles, the cover, the explanation's first sentences, or only in the file's name.
``render_identity(path, arrangement)`` prints two of the seed's tables (收支总表 and 收入总表, as
the seed prints them, four pages) and a page of explanation, with the identity only where the
arrangement puts it, through seedpdf's fonts and drawing helpers (tests/pdfgen.py renders the
whole seed; this module only changes where the identity is printed).

Each ``Arrangement`` says what it prints and what a reader of the PDF sees as its identity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Frame, PageBreak, PageTemplate, Spacer

from disclosures.parsing.identity import COVER, EXPLANATION, FILENAME, HEADER, TITLE
from seedpdf import SEED
from seedpdf.layout import MarkingDocTemplate, fit_columns, grid_table, paragraph

MARGIN = 48.0
TABLE_KINDS = ("收支总表", "收入总表")  # the seed's first two tables: four pages

# header(kind, unit) → the lines printed between a table's title and its grid.
Header = Callable[[str, str], tuple[str, ...]]


def _unit_only(kind: str, unit: str) -> tuple[str, ...]:
    return (f"单位：{unit}",)


@dataclass(frozen=True)
class Arrangement:
    """Where one document prints its identity, and the identity a reader sees."""

    name: str
    source: str  # the evidence that names the department (identity.HEADER, TITLE, COVER …)
    department: str
    year: int
    stage: str = "预算"
    level: str = "部门"
    code: str = ""
    header: Header = _unit_only
    title: Callable[[str], str] = lambda kind: f"部门预算{kind}"  # noqa: E731 - a table's printed title
    cover: tuple[str, ...] = ()  # the cover page's lines; () prints no cover
    explanation: tuple[str, ...] = ("一、部门职责及机构设置情况",)  # the explanation page's first lines
    filename: str = "disclosure.pdf"


def render_identity(path: str | Path, arrangement: Arrangement) -> Path:
    """Write the arrangement's document to ``path`` (its file name is the arrangement's)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    width = A4[0] - 2 * MARGIN
    template = MarkingDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        invariant=1,
        creator="tests/identity_pdfs.py",
    )
    frame = Frame(MARGIN, MARGIN, width, A4[1] - 2 * MARGIN, leftPadding=0, rightPadding=0)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story: list = []
    if arrangement.cover:
        story += [Spacer(1, 160)]
        story += [paragraph(line, width, 22, align=TA_CENTER, leading=40) for line in arrangement.cover]
        story.append(PageBreak())
    for kind in TABLE_KINDS:
        table = SEED.table(kind)
        for index, page in enumerate(table.pages):
            story += _table_page(arrangement, table, index, page, width)
            story.append(PageBreak())
    for line in arrangement.explanation:
        story.append(paragraph(line, width, 12, leading=20))
    story.append(
        paragraph(
            "主要职责是依照法律和章程开展工作，维护职工合法权益，组织职工参与民主管理和民主监督。",
            width,
            10.5,
            leading=18,
            indent=21,
        )
    )
    template.build(story)
    return path


def _table_page(arrangement: Arrangement, table, index: int, page, width: float) -> list:
    header = table.header
    index_row = (page.index_label, *(str(i) for i in range(1, header.width)))
    body = [row for p in table.pages for row in p.rows]
    widths, size = fit_columns(header, [*body, index_row], width)
    flowables: list = []
    if index == 0:
        flowables.append(
            paragraph(arrangement.title(table.kind), width, 16, align=TA_CENTER, leading=24, space_after=6)
        )
    for line in arrangement.header(table.kind, table.unit):
        align = TA_RIGHT if line.startswith("单位：") else 0
        flowables.append(paragraph(line, width, 10, leading=15, align=align))
    flowables.append(Spacer(1, 3))
    flowables.append(
        grid_table([*header.rows, index_row], header.spans, page.rows, widths, size, body_align=_align)
    )
    return flowables


def _align(row: int, column: int, text: str) -> str:
    if column == 0:
        return "CENTER"
    return "RIGHT" if text.replace(".", "", 1).replace("-", "", 1).isdigit() else "LEFT"


def _lines(*lines: str) -> Header:
    """A header printing the same lines above every table; ``{unit}`` is the table's unit."""
    return lambda kind, unit: tuple(line.format(unit=unit) for line in lines)


GAP = "\u3000" * 6  # the wide gap exports print between the parts of a one-line header
LABELS = ("单位名称", "部门名称", "编制单位", "预算单位", "部门（单位）")

ARRANGEMENTS: list[Arrangement] = [
    # The header, in each arrangement.
    Arrangement(
        "code_and_name_alone",
        HEADER,
        "张家口市总工会",
        2025,
        code="711",
        header=_lines("711 张家口市总工会", "预算年度：2025", "单位：{unit}"),
    ),
    Arrangement(
        "header_on_one_line",
        HEADER,
        "张家口市档案馆",
        2023,
        code="712",
        header=_lines(f"712 张家口市档案馆{GAP}预算年度：2023{GAP}单位：{{unit}}"),
    ),
    Arrangement(
        "header_over_three_lines",
        HEADER,
        "张家口市总工会",
        2025,
        code="711",
        header=_lines("711", "张家口市总工会", f"预算年度：2025{GAP}单位：{{unit}}"),
    ),
    *(
        Arrangement(
            f"label_{label}",
            HEADER,
            "湖州市财政局",
            2024,
            header=_lines(f"{label}：湖州市财政局{GAP}单位：{{unit}}"),
            title=lambda kind: f"2024年部门预算{kind}",
        )
        for label in LABELS
    ),
    Arrangement(
        "label_with_code_prefix",
        HEADER,
        "湖州市财政局",
        2024,
        code="341",
        header=_lines(f"编制单位：341-湖州市财政局{GAP}单位：{{unit}}"),
        title=lambda kind: f"2024年部门预算{kind}",
    ),
    Arrangement(
        "label_on_its_own_line",
        HEADER,
        "苏州市审计局",
        2026,
        header=_lines("部门名称：", "苏州市审计局", "单位：{unit}"),
        title=lambda kind: f"2026年度部门预算{kind}",
    ),
    # The tables' titles.
    Arrangement(
        "table_titles",
        TITLE,
        "张家口市档案馆",
        2025,
        title=lambda kind: f"张家口市档案馆2025年部门预算{kind}",
    ),
    # The cover, the year standing on a line of its own.
    Arrangement(
        "cover_year_on_its_own_line",
        COVER,
        "国家信访局",
        2026,
        title=lambda kind: f"部门{kind}",
        cover=("国家信访局", "年度部门预算", "2026", "二〇二六年三月"),
    ),
    Arrangement(
        "cover_unit_budget",
        COVER,
        "无锡市教育局（本级）",
        2026,
        level="单位",
        title=lambda kind: kind,
        cover=("2026 年度", "无锡市教育局（本级）", "单位预算公开"),
    ),
    Arrangement(
        "cover_final_accounts",
        COVER,
        "中共上海市普陀区委社会工作部",
        2024,
        stage="决算",
        header=_lines("决算年度：2024", "单位：{unit}"),
        title=lambda kind: f"部门决算{kind}",
        cover=("中共上海市普陀区委社会工作部", "2024 年度部门决算"),
    ),
    # The explanation's first sentences.
    Arrangement(
        "explanation_first_sentence",
        EXPLANATION,
        "福州市医疗保障局",
        2026,
        title=lambda kind: f"2026年度{kind}",
        explanation=("2026 年部门预算情况说明", "一、部门基本情况", "福州市医疗保障局主要职责包括："),
    ),
    # The file name, the last resort.
    Arrangement(
        "file_name_only",
        FILENAME,
        "张家口市档案馆",
        2025,
        title=lambda kind: f"2025年部门预算{kind}",
        filename="2025年张家口市档案馆部门预算.pdf",
    ),
    # A file mislabelled by whoever saved it: the document wins over its name.
    Arrangement(
        "file_name_disagrees",
        HEADER,
        "张家口市总工会",
        2025,
        code="711",
        header=_lines("711 张家口市总工会", "预算年度：2025", "单位：{unit}"),
        filename="2026年德州市信访局部门预算.pdf",
    ),
]

BY_NAME = {arrangement.name: arrangement for arrangement in ARRANGEMENTS}

# Prints the tables and nothing that says whose they are: ingest keeps it as 待确认.
NAMELESS = Arrangement(
    "nameless",
    "",
    "",
    2025,
    title=lambda kind: f"2025年部门预算{kind}",
    filename="scan0001.pdf",
)
