"""Hostile and broken files (tests/hostile.py) through the ingest, as staff would send them: each
is refused with a message naming the file, never a traceback; nothing is stored and the media
folder stays empty; and the time and memory a parse may take are bounded by the limits.

A bounded subset of what ``bench/hostile.py`` runs by the hundred. No test here times anything:
a file that would take too long or too much memory is shown to be refused *because of* the limit
(a low limit, and the message naming it).
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from disclosures.ingest import abandoned_parses_failed, disclosure_upload, ingest_pdf
from disclosures.models import Disclosure
from disclosures.parsing import RefusedFile, parse_pdf
from disclosures.parsing.errors import refusal_for
from tests import hostile

pytestmark = pytest.mark.django_db

# Every kind once, and the kinds whose damage varies most once more (seeded: the same each run).
CASES = [(kind, 0) for kind in hostile.KINDS] + [
    (kind, 1)
    for kind in ("truncated", "bit_flipped", "byte_runs", "destroyed_xref", "circular_tree", "page_boxes")
]
# What a hostile file may become: refused, or (a damaged file still readable, a hostile text
# printed as a department's name) stored, or kept 待确认. Never 解析出错, never an exception.
ACCEPTABLE = {"refused", "stored", "completed", "review"}


@pytest.fixture(autouse=True)
def limits(settings):
    settings.DISCLOSURE_PARSE_SECONDS = 20
    settings.DISCLOSURE_PARSE_MEMORY_MB = 512
    settings.DISCLOSURE_MAX_PAGES = 50
    return settings


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in apps.get_app_config("disclosures").get_models()
    }


def media_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def ingest(tmp_path: Path, item: hostile.Hostile):
    return ingest_pdf(file=item.write(tmp_path, 0), filename=item.name)


class TestEveryKind:
    @pytest.mark.parametrize(("kind", "seed"), CASES, ids=[f"{kind}-{seed}" for kind, seed in CASES])
    def test_refused_with_a_message_or_stored_never_a_traceback(self, tmp_path, limits, kind, seed):
        item = hostile.make(kind, random.Random(f"ci:{kind}:{seed}"))

        result = ingest(tmp_path, item)

        assert result.outcome in ACCEPTABLE, (item.variant, result.refusal)
        assert result.peak_memory <= limits.DISCLOSURE_PARSE_MEMORY_MB * 1024 * 1024
        if result.outcome == "refused":
            assert result.refusal.startswith((f"{item.name}：", f"{item.name}，第")), result.refusal
            assert len(result.refusal) > len(item.name) + 4  # a reason follows the name
            assert "Traceback" not in result.refusal
            assert set(counts().values()) == {0}
            assert media_files(limits) == []
        else:
            assert Disclosure.objects.get().original_filename == item.name


class TestLimits:
    def test_a_parse_over_the_time_limit_is_refused_saying_so(self, tmp_path, limits):
        limits.DISCLOSURE_PARSE_SECONDS = 2
        _, data = hostile.dense_pages(random.Random(0), pages=30)

        result = ingest(tmp_path, hostile.Hostile("dense_pages", "30", "密集.pdf", data))

        assert result.refusal == "密集.pdf：文件过大或结构异常，解析超过 2 秒"
        assert set(counts().values()) == {0} and media_files(limits) == []

    def test_a_parse_over_the_memory_limit_is_refused_saying_so(self, tmp_path, limits):
        limits.DISCLOSURE_PARSE_MEMORY_MB = 300
        pdf = hostile._page_pdf(hostile._deflated(b"0" * (8 << 20), 128), filters=hostile.Name.FlateDecode)

        result = ingest(
            tmp_path, hostile.Hostile("decompression_bomb", "1GB", "炸弹.pdf", hostile._saved(pdf))
        )

        assert result.refusal == "炸弹.pdf：文件过大或结构异常，解析超过内存上限（300 MiB）"
        assert result.peak_memory <= 300 * 1024 * 1024
        assert set(counts().values()) == {0} and media_files(limits) == []

    def test_pages_are_counted_before_any_is_built(self, tmp_path, limits):
        # Built page by page, 200,000 pages take far more than these limits; counted from the
        # page tree, the file is refused for its pages at once.
        limits.DISCLOSURE_PARSE_SECONDS, limits.DISCLOSURE_PARSE_MEMORY_MB = 20, 256

        result = ingest(
            tmp_path, hostile.Hostile("count_lie", "real", "二十万页.pdf", hostile._many_pages(200_000))
        )

        assert result.refusal == "二十万页.pdf：共200000页，超过允许的50页上限"

    @pytest.mark.parametrize("variant", ["kids_self", "kids_ancestor", "labels", "parent_loop", "form_self"])
    def test_a_page_tree_that_refers_to_itself_does_not_hang(self, tmp_path, limits, variant):
        limits.DISCLOSURE_PARSE_SECONDS = 20
        data = next(
            data
            for seed in range(200)
            for found, data in [hostile.circular_tree(random.Random(seed))]
            if found == variant
        )

        result = ingest(tmp_path, hostile.Hostile("circular_tree", variant, "循环.pdf", data))

        assert result.outcome == "refused" and "解析超过" not in result.refusal, result.refusal


class TestBrokenFilesInTheParser:
    """``parse_pdf`` itself: a broken page tree is a RefusedFile, not an error from closing."""

    @pytest.mark.parametrize("variant", ["labels", "kids_self"])
    def test_closing_a_broken_pdf_does_not_hide_the_refusal(self, tmp_path, variant):
        data = next(
            data
            for seed in range(200)
            for found, data in [hostile.circular_tree(random.Random(seed))]
            if found == variant
        )
        path = tmp_path / "broken.pdf"
        path.write_bytes(data)

        with pytest.raises(RefusedFile, match="^broken.pdf：PDF"):
            parse_pdf(path)

    def test_an_error_inside_pdfminer_is_the_file_s_fault(self):
        from pdfminer.psparser import PSBaseParser

        try:
            PSBaseParser(None).nexttoken()  # pdfminer itself fails on what it was given
        except Exception as error:
            refusal = refusal_for(error, filename="a.pdf")
        assert refusal is not None and refusal.message.startswith("a.pdf：PDF文件")

    def test_an_error_in_our_own_code_is_a_bug(self):
        try:
            {}["missing"]
        except KeyError as error:
            assert refusal_for(error, filename="a.pdf") is None


class TestNothingStaysParsing:
    def test_an_upload_whose_worker_died_becomes_failed_and_can_be_retried(self, parser, tmp_path, settings):
        from tests.builders import make_parsed, make_pdf_file

        upload = disclosure_upload(file=_django_file(make_pdf_file(tmp_path, "a.pdf")))
        long_ago = timezone.now() - timedelta(seconds=settings.DISCLOSURE_PARSE_SECONDS + 3600)
        Disclosure.objects.filter(pk=upload.pk).update(
            status=Disclosure.Status.PARSING, parse_log={"started": long_ago.isoformat()}
        )

        assert abandoned_parses_failed() == 1
        upload.refresh_from_db()
        assert upload.status == Disclosure.Status.FAILED and "解析中断" in upload.refusal

        from disclosures.ingest import uploads_requeued
        from disclosures.tasks import ingest_uploaded_disclosure

        parser.gives("a.pdf", make_parsed())
        assert uploads_requeued([upload.pk]) == [upload.pk]
        ingest_uploaded_disclosure.enqueue(disclosure_id=upload.pk)
        upload.refresh_from_db()
        assert upload.status == Disclosure.Status.STORED and upload.refusal == ""

    def test_a_parse_still_running_is_left_alone(self, tmp_path):
        from tests.builders import make_pdf_file

        upload = disclosure_upload(file=_django_file(make_pdf_file(tmp_path, "a.pdf")))
        Disclosure.objects.filter(pk=upload.pk).update(
            status=Disclosure.Status.PARSING, parse_log={"started": timezone.now().isoformat()}
        )

        assert abandoned_parses_failed() == 0


class TestBugsOfOurs:
    def test_logged_with_the_traceback_and_shown_with_a_reference(self, tmp_path, monkeypatch, caplog):
        from tests.builders import make_pdf_file

        def crash(*args, **kwargs):
            raise ZeroDivisionError("a bug of ours")

        monkeypatch.setattr("disclosures.parsing.parse_pdf", crash)
        with caplog.at_level(logging.ERROR, logger="disclosures"):
            result = ingest_pdf(file=make_pdf_file(tmp_path, "x.pdf"))

        assert result.outcome == "failed" and result.reference
        assert result.refusal.startswith(f"x.pdf：解析出错（编号 {result.reference}）")
        logged = caplog.text
        assert result.reference in logged and "Traceback" in logged and "ZeroDivisionError" in logged
        assert set(counts().values()) == {0}


@pytest.mark.django_db(transaction=True)
class TestAdminUpload:
    def test_a_file_that_would_hang_ends_as_a_refusal_with_its_message(self, client, staff_user, limits):
        limits.DISCLOSURE_PARSE_SECONDS = 2
        _, data = hostile.dense_pages(random.Random(0), pages=30)
        client.force_login(staff_user)

        response = client.post(
            "/admin/disclosures/disclosure/upload/",
            {"file": SimpleUploadedFile("慢.pdf", data, content_type="application/pdf")},
            follow=True,
        )

        assert response.status_code == 200
        upload = Disclosure.objects.get()
        assert upload.status == Disclosure.Status.REFUSED
        assert upload.refusal == "慢.pdf：文件过大或结构异常，解析超过 2 秒"
        assert "解析超过 2 秒" in response.content.decode()


def _django_file(path):
    from django.core.files import File

    return File(path.open("rb"), name=path.name)
