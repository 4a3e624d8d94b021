"""The department service: which Department a printed name and code belong to, and merging.

Departments print their names in several ways; a name seen once becomes an alias of the
department its code (or an earlier merge) identifies, so later uploads resolve through it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from disclosures.models import Department, DepartmentAlias, Disclosure


def department_found(*, code: str, name: str) -> Department | None:
    """The department a document printing this code and name belongs to, if it is known."""
    return Department.objects.find_printed(code=code, name=name)


def department_locked(*, code: str, name: str) -> Department:
    """The department of this printed code and name, created if it is new, and locked until the
    transaction ends; a name it did not know becomes its alias. Call inside ``transaction.atomic``.

    The lock is what makes concurrent ingests of one department safe: every ingest takes it
    before it reads or replaces the current version, so they store one after the other. Creating
    is insert-or-get under the unique constraints (code; name without a code): when another
    ingest creates the same department at the same moment, this one waits for it and uses it.
    """
    found = department_found(code=code, name=name) or _department_created(code=code, name=name)
    department = Department.objects.select_for_update().get(pk=found.pk)
    if code and not department.code:
        try:
            with transaction.atomic():  # a savepoint: the code may have just been taken
                Department.objects.filter(pk=department.pk).update(code=code)
            department.code = code
        except IntegrityError:
            # Another ingest has just created a department under this code: the code decides.
            department = Department.objects.select_for_update().get(code=code)
    if department.name != name and not DepartmentAlias.objects.filter(name=name).exists():
        DepartmentAlias.objects.get_or_create(name=name, defaults={"department": department})
    return department


def _department_created(*, code: str, name: str) -> Department:
    try:
        with transaction.atomic():  # a savepoint, so that the transaction goes on after a clash
            return Department.objects.create(code=code, name=name)
    except IntegrityError:
        found = department_found(code=code, name=name)  # created by another ingest meanwhile
        if found is None:
            raise
        return found


def department_merge(*, departments: list[Department]) -> Department:
    """Merge several names of one department into one: move their disclosures, keep the names.

    The department that prints a code (else the one with most disclosures, else the oldest) is
    kept; the others' names and aliases become its aliases. Where both had a current version of
    the same disclosure, the one uploaded last stays current and supersedes the other.
    """
    with transaction.atomic():
        departments = list(
            Department.objects.select_for_update().filter(pk__in=[d.pk for d in departments]).order_by("pk")
        )
        counts = {d.pk: d.disclosures.count() for d in departments}
        kept = min(departments, key=lambda d: (not d.code, -counts[d.pk], d.pk))
        for other in departments:
            if other.pk == kept.pk:
                continue
            for disclosure in other.disclosures.filter(is_current=True).select_for_update():
                clash = Disclosure.objects.filter(
                    department=kept,
                    year=disclosure.year,
                    stage=disclosure.stage,
                    level=disclosure.level,
                    is_current=True,
                ).first()
                if clash is None:
                    continue
                older, newer = sorted([clash, disclosure], key=lambda d: (d.uploaded_at, d.pk))
                older.is_current = False
                older.superseded_by = newer
                older.save(update_fields=["is_current", "superseded_by"])
            other.disclosures.update(department=kept)
            other.aliases.update(department=kept)
            if other.name != kept.name and not DepartmentAlias.objects.filter(name=other.name).exists():
                DepartmentAlias.objects.create(department=kept, name=other.name)
            other.delete()
    return kept
