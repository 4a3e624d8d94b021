"""The checks, registered by name: ``@check("balance")`` on a function of a document.

A check is a function ``(ParsedDisclosure) -> list[Finding]`` in one of the family modules,
registered under its stable name; its label is in ``names.LABELS``. ``run_checks`` runs them
family by family (``FAMILIES``), each family's checks in the order they are defined, and the
tests count the checks from here. A function may register under several names when one
reading gives findings of each (the 三公 table's two sums).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from disclosures.checks import trust
from disclosures.checks.findings import Finding, missing
from disclosures.checks.names import NOT_APPLICABLE, check_label
from disclosures.parsing.document import ParsedDisclosure

CheckFunction = Callable[[ParsedDisclosure], list[Finding]]

# The families, in the order their findings are listed: within a table, the 三公 table, across
# tables (and between a two-sided table's sides), projects, then the prose.
FAMILIES = ("within_table", "three_public", "across_tables", "projects", "prose")


@dataclass(frozen=True)
class Check:
    name: str  # stable: the ``check`` column of /export/checks.csv
    label: str  # what people read (names.LABELS)
    run: CheckFunction
    needs: tuple[str, ...] = ()  # the tables it compares; without one it cannot run

    def findings(self, doc: ParsedDisclosure) -> list[Finding]:
        absent = [missing(self.name, kind) for kind in self.needs if doc.table(kind) is None]
        return absent or self.run(doc)

    @property
    def family(self) -> str:
        return self.run.__module__.rsplit(".", 1)[-1]


CHECKS: dict[str, Check] = {}


def check(name: str, *, needs: tuple[str, ...] = ()) -> Callable[[CheckFunction], CheckFunction]:
    """Register a function as the check called ``name``; its label must be in names.LABELS.

    ``needs``: the tables (kinds) the check compares. When the document lacks one the function
    is not called: the check says, for each, that it could not run (``not_applicable``).
    """

    def register(function: CheckFunction) -> CheckFunction:
        label = check_label(name)
        if label == name:
            raise ValueError(f"check {name!r} has no label: add one to disclosures/checks/names.py")
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        entry = Check(name, label, function, needs)
        if entry.family not in FAMILIES:
            raise ValueError(f"check {name!r} is not in a family module ({', '.join(FAMILIES)})")
        CHECKS[name] = entry
        return function

    return register


def check_names(prefix: str = "") -> list[str]:
    """The registered checks' names (those starting with ``prefix``), in the order they run."""
    return [entry.name for entry in _in_order() if entry.name.startswith(prefix)]


def _in_order() -> list[Check]:
    return sorted(CHECKS.values(), key=lambda entry: FAMILIES.index(entry.family))


def run_checks(doc: ParsedDisclosure) -> list[Finding]:
    """Every check on one document, in a stable order.

    Each function runs once, however many names it is registered under; a check that could not
    run for a missing table says so once, however many comparisons needed the table. A table
    whose failures show a misread structure, or that may go on over a page not read as its own,
    has them as "could not run" (``trust``).
    """
    findings: list[Finding] = []
    ran: set[CheckFunction] = set()
    for entry in _in_order():
        if entry.run not in ran:
            ran.add(entry.run)
            findings.extend(entry.findings(doc))
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for finding in findings:
        key = (finding.check, finding.table, finding.message)
        if finding.status == NOT_APPLICABLE and key in seen:
            continue
        seen.add(key)
        unique.append(finding)
    return trust.distrust(unique, doc)
