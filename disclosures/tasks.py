"""Background work: parsing an uploaded disclosure.

Runs in the request with the default ImmediateBackend, and in ``manage.py db_worker`` when
``TASKS_BACKEND=database`` (django-tasks-db). Either way the parse itself runs in a bounded child
process (``isolation.py``), so the task ends within DISCLOSURE_PARSE_SECONDS and a few seconds of
storing; an upload a dead worker left 解析中 is marked 解析出错 by the next task to run.
"""

from django.tasks import task
from django.utils import timezone

from disclosures.ingest import abandoned_parses_failed, ingest_pdf
from disclosures.models import Disclosure


@task
def ingest_uploaded_disclosure(disclosure_id: int) -> dict:
    """Parse and store an upload the admin saved as a pending Disclosure.

    Only a pending upload is parsed: a task enqueued twice for one upload (a retry clicked
    twice) finds it no longer pending the second time and does nothing.
    """
    abandoned_parses_failed()
    claimed = Disclosure.objects.filter(pk=disclosure_id, status=Disclosure.Status.PENDING).update(
        status=Disclosure.Status.PARSING, parse_log={"started": timezone.now().isoformat()}
    )
    if not claimed:
        return {"disclosure": disclosure_id, "outcome": "skipped", "stored": False, "refusal": ""}
    disclosure = Disclosure.objects.select_related("uploaded_by").get(pk=disclosure_id)
    result = ingest_pdf(
        file=disclosure.source_file,
        filename=disclosure.original_filename,
        uploaded_by=disclosure.uploaded_by,
        disclosure=disclosure,
        given=disclosure.given_identity,  # what staff gave at upload, or when completing a 待确认 one
    )
    return {
        "disclosure": disclosure_id,
        "outcome": result.outcome,
        "stored": result.stored,
        "refusal": result.refusal,
    }
