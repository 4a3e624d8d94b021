"""PDF in, typed dataclasses out. No Django here.

``parse_pdf(path)`` is the one entry point. It runs the stages in order and counts what each
found in ``ParsedDisclosure.log``:

1. ``pdf.open_pdf``: refuse what cannot be read (not a PDF, encrypted, broken, too long);
2. ``pdf.layout_page``: each page laid out once (``page.PageLayout``): its visible text lines,
   its table grids and the lines around them, read by every stage after it (a table printed
   without ruling lines is read from how its text lines up, and the log says which pages);
3. ``tables.build_tables``: grids joined across pages into titled Tables of Rows, each named
   by its title as one of the nine standard tables (``kinds``: what each table is);
4. ``identity``: department, code, year, stage and level, from the strongest evidence the
   document prints (table headers, table titles, cover, explanation, then the file name); the
   log says which evidence decided each field. A field that cannot be decided is left empty
   (ingest stores such a document as 待确认); only what is no disclosure at all is refused;
5. ``projects.parse_projects``: the project performance-target tables, linked to the 项 row
   of 支出总表 that pays for them where that is clear;
6. ``explanation.parse_explanation``: the explanation's sections, units, figures and 三公
   paragraph (``prose``, ``facts``, ``three_public``); ``three_public`` also reads the 三公 table.

Money is read and converted in one place, ``money`` (元, 千元, 万元, 亿元).

A file that is not a readable disclosure raises ``RefusedFile`` naming file, page and table.
"""

from __future__ import annotations

from pathlib import Path

from disclosures.parsing import identity
from disclosures.parsing.document import (
    THREE_PUBLIC,
    ParsedDisclosure,
    ParseLog,
    Skipped,
    ThreePublic,
    ThreePublicFigures,
)
from disclosures.parsing.errors import RefusedFile
from disclosures.parsing.explanation import parse_explanation
from disclosures.parsing.page import PageLayout
from disclosures.parsing.pdf import layout_page, open_pdf, reading_pages, visible
from disclosures.parsing.projects import link_projects_to_expense, parse_projects
from disclosures.parsing.tables import build_tables
from disclosures.parsing.three_public import three_public_from_table


def parse_pdf(path: str | Path, *, filename: str = "", max_pages: int = 500) -> ParsedDisclosure:
    """Read one disclosure PDF into a ParsedDisclosure, or raise RefusedFile."""
    filename = filename or Path(path).name
    with open_pdf(path, filename=filename, max_pages=max_pages) as pdf, reading_pages(pdf, path) as pages:
        log = ParseLog(pages=len(pdf.pages))
        layouts = []
        for page in pages:
            layout = layout_page(visible(page), filename=filename, previous=layouts[-1] if layouts else None)
            layouts.append(layout)
            log.tables_found += len(layout.grids)
            if layout.unruled:
                log.notes.append(f"第{layout.number}页：表格没有框线，按文字对齐读取")
            if layout.text.strip():
                log.pages_with_text += 1
            else:
                log.skipped.append(Skipped(layout.number, "页面", "没有文字层（可能是扫描图片）"))
        texts = [layout.text for layout in layouts]
        if not log.pages_with_text:
            raise RefusedFile("PDF没有文字层（可能是扫描图片），无法读取其中的数字", filename=filename)
        if not identity.looks_like_disclosure(texts):
            raise RefusedFile(
                "看起来不是部门预算或决算公开文件（没有预算、决算、收入、支出等字样）", filename=filename
            )
        tables, skipped = build_tables(layouts)
        log.skipped.extend(skipped)
        doc = ParsedDisclosure(pages=len(pdf.pages), tables=tables, page_texts=texts, log=log)
        _identify(doc, filename)
        _read_other_half(doc, layouts)
    log.tables = len(doc.tables)
    log.rows = sum(len(t.rows) for t in doc.tables)
    log.amounts = sum(len(r.amounts) for t in doc.tables for r in t.rows)
    if not doc.tables:
        log.notes.append("没有找到收支表格（可能只是情况说明部分）")
    return doc


def _identify(doc: ParsedDisclosure, filename: str) -> None:
    """Fill in who, which year, 预算 or 决算, 部门 or 单位, and log which evidence decided each.

    A field not found stays empty: the document is still a disclosure if it prints any of the
    standard tables or calls itself one (部门预算, 单位决算 … on its cover or in a title). What
    does neither, such as a notice that speaks of budgets, is refused.
    """
    found = identity.read_identity(doc.page_texts, doc.tables, filename)
    doc.department_code, doc.department = found.department_code, found.department
    doc.year, doc.stage, doc.level, doc.title = found.year, found.stage, found.level, found.title
    doc.log.identity = dict(found.decided_by)
    doc.log.notes.extend(found.notes)
    if not found.names_itself and not any(table.is_standard for table in doc.tables):
        raise RefusedFile(
            "看起来不是部门预算或决算公开文件：没有找到收支总表等标准表格，封面和标题也没有写明“部门预算”"
            "“单位预算”或“部门决算”等",
            filename=filename,
        )


def _read_other_half(doc: ParsedDisclosure, layouts: list[PageLayout]) -> None:
    """Projects, 三公 and the explanation's facts (projects.py, explanation.py, three_public.py)."""
    projects, skipped = parse_projects(layouts)
    link_projects_to_expense(projects, doc.tables)
    doc.projects = projects
    doc.log.skipped.extend(skipped)
    explanation = parse_explanation(layouts, doc.page_texts)
    doc.sections = explanation.sections
    doc.units = explanation.units
    doc.facts = explanation.facts
    doc.log.skipped.extend(explanation.skipped)
    table = doc.table(THREE_PUBLIC)
    figures = None
    if table is not None:
        # A table printed empty is still a table: its figures are all "nothing printed".
        figures = three_public_from_table(table) or ThreePublicFigures(unit=table.unit, page=table.pages[0])
    doc.three_public = ThreePublic(
        table=figures,
        table_disclosed_empty=bool(table and table.is_empty and table.empty_note),
        prose=explanation.three_public_prose,
        change=explanation.three_public_change,
        reason=explanation.three_public_reason,
        sentence=explanation.three_public_sentence,
        page=explanation.three_public_page,
    )


__all__ = ["ParsedDisclosure", "RefusedFile", "parse_pdf"]
