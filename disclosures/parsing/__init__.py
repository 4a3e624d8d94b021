"""PDF in, typed dataclasses out. No Django here.

``parse_pdf(path)`` is the one entry point. It runs the stages in order and counts what each
found in ``ParsedDisclosure.log``:

1. ``pdf.open_pdf``: refuse what cannot be read (not a PDF, encrypted, broken, too long);
2. ``pdf.layout_page``: each page laid out once (``grid.PageLayout``): its visible text lines,
   its table grids and the lines around them, read by every stage after it (a table printed
   without ruling lines is read from how its text lines up, and the log says which pages);
3. ``tables.build_tables``: grids joined across pages into titled Tables of Rows;
4. ``classify``: department, year, stage and level of the document;
5. ``projects.parse_projects``: the project performance-target tables, linked to the 项 row
   of 支出总表 that pays for them where that is clear;
6. ``explanation.parse_explanation``: the explanation's sections, units, figures and 三公.

A file that is not a readable disclosure raises ``RefusedFile`` naming file, page and table.
"""

from __future__ import annotations

from pathlib import Path

from disclosures.parsing import classify
from disclosures.parsing.document import (
    THREE_PUBLIC,
    ParsedDisclosure,
    ParseLog,
    Skipped,
    ThreePublic,
    ThreePublicFigures,
)
from disclosures.parsing.errors import RefusedFile
from disclosures.parsing.explanation import parse_explanation, three_public_from_table
from disclosures.parsing.grid import PageLayout
from disclosures.parsing.pdf import layout_page, open_pdf, visible
from disclosures.parsing.projects import link_projects_to_expense, parse_projects
from disclosures.parsing.tables import build_tables


def parse_pdf(path: str | Path, *, filename: str = "", max_pages: int = 500) -> ParsedDisclosure:
    """Read one disclosure PDF into a ParsedDisclosure, or raise RefusedFile."""
    filename = filename or Path(path).name
    with open_pdf(path, filename=filename, max_pages=max_pages) as pdf:
        log = ParseLog(pages=len(pdf.pages))
        layouts = []
        for page in pdf.pages:
            layout = layout_page(visible(page), filename=filename)
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
        if not classify.looks_like_disclosure(texts):
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
    titles = [t.title for t in doc.tables]
    doc.department_code, doc.department = classify.find_department(doc.page_texts)
    doc.year = classify.find_year(doc.page_texts, titles)
    doc.stage = classify.find_stage(doc.page_texts, titles)
    doc.level = classify.find_level(doc.page_texts, titles)
    doc.title = classify.find_title(doc.page_texts)
    missing = [
        what
        for what, value in (("部门名称", doc.department), ("年度", doc.year), ("预算或决算", doc.stage))
        if not value
    ]
    if missing:
        raise RefusedFile(
            f"无法识别{'、'.join(missing)}，看起来不是部门预算或决算公开文件", filename=filename
        )


def _read_other_half(doc: ParsedDisclosure, layouts: list[PageLayout]) -> None:
    """Projects, 三公 and the explanation's facts (parsed by projects.py and explanation.py)."""
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
