"""Two-part disclosures: a file that brings only the tables or only the explanation is completed
with the part it lacks from the earlier version of the same disclosure.

A pure function of two parsed documents (no database): the ingest service reads the earlier
version back into the parser's dataclasses (``store.stored_as_parsed``) and records where each
part came from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from disclosures.parsing import document
from disclosures.parsing.projects import link_projects_to_expense


def has_tables(doc: document.ParsedDisclosure) -> bool:
    """Whether the file brings the statement tables: any of the nine standard tables (an
    explanation PDF may still print its own small tables, such as 固定资产占用情况表)."""
    return any(table.is_standard for table in doc.tables)


def has_explanation(doc: document.ParsedDisclosure) -> bool:
    prose_three_public = doc.three_public is not None and doc.three_public.prose is not None
    return bool(doc.sections or doc.facts or doc.units or doc.projects or prose_three_public)


def needs_earlier(new: document.ParsedDisclosure, *, earlier_tables: bool, earlier_explanation: bool) -> bool:
    """Whether the earlier version has a part the new file lacks (so it is worth reading back)."""
    return (not has_tables(new) and earlier_tables) or (not has_explanation(new) and earlier_explanation)


@dataclass
class Completion:
    """The document to store, and which parts of it were carried over from the earlier version."""

    doc: document.ParsedDisclosure
    tables_carried: bool = False
    explanation_carried: bool = False

    def notes(self, earlier: str) -> list[str]:
        """The parse log's notes; ``earlier`` names the earlier version (第1版（报表.pdf）)."""
        notes = []
        if self.tables_carried:
            notes.append(f"本文件没有表格；表格沿用{earlier}")
        if self.explanation_carried:
            notes.append(f"本文件没有情况说明；说明沿用{earlier}")
        return notes


def completed(new: document.ParsedDisclosure, earlier: document.ParsedDisclosure | None) -> Completion:
    """The new file plus whatever part of the earlier version it lacks."""
    if earlier is None:
        return Completion(new)
    doc = replace(new)
    completion = Completion(doc)
    if not has_tables(new) and has_tables(earlier):
        doc.tables = earlier.tables
        doc.three_public = three_public_merged(tables_from=earlier.three_public, prose_from=new.three_public)
        completion.tables_carried = True
    if not has_explanation(new) and has_explanation(earlier):
        doc.sections, doc.facts, doc.units, doc.projects = (
            earlier.sections,
            earlier.facts,
            earlier.units,
            earlier.projects,
        )
        doc.three_public = three_public_merged(tables_from=doc.three_public, prose_from=earlier.three_public)
        completion.explanation_carried = True
    if completion.tables_carried or completion.explanation_carried:
        # Projects and tables now come from different files: link them on the whole.
        link_projects_to_expense(doc.projects, doc.tables)
    return completion


def three_public_merged(
    *, tables_from: document.ThreePublic | None, prose_from: document.ThreePublic | None
) -> document.ThreePublic | None:
    """三公 with the table's figures from one file and the prose's from the other."""
    if tables_from is None and prose_from is None:
        return None
    tables_from = tables_from or document.ThreePublic()
    prose_from = prose_from or document.ThreePublic()
    return document.ThreePublic(
        table=tables_from.table,
        table_disclosed_empty=tables_from.table_disclosed_empty,
        prose=prose_from.prose,
        change=prose_from.change,
        reason=prose_from.reason,
        sentence=prose_from.sentence,
        page=prose_from.page,
    )
