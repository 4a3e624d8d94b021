"""Background work: parsing an uploaded disclosure.

Runs in the request with the default ImmediateBackend, and in ``manage.py db_worker`` when
``TASKS_BACKEND=database`` (django-tasks-db).
"""

from django.tasks import task

from disclosures.ingest import ingest_pdf
from disclosures.models import Disclosure


@task
def ingest_uploaded_disclosure(disclosure_id: int) -> dict:
    """Parse and store an upload the admin saved as a pending Disclosure."""
    disclosure = Disclosure.objects.select_related("uploaded_by").get(pk=disclosure_id)
    result = ingest_pdf(
        file=disclosure.source_file,
        filename=disclosure.original_filename,
        uploaded_by=disclosure.uploaded_by,
        disclosure=disclosure,
    )
    return {"disclosure": disclosure_id, "stored": result.stored, "refusal": result.refusal}
