"""File intake: a local path for whatever was handed in, its size checked, its sha256, its storage.

An uploaded PDF is kept in the media storage under its sha256 (``models.source_file_path``), so
the same file is kept once however often it is uploaded; the file is written before the storing
transaction and its row inside it, so a refusal never leaves a row without a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File

from disclosures.models import Disclosure
from disclosures.parsing import RefusedFile


@contextlib.contextmanager
def local_path(file) -> Iterator[Path]:
    """A filesystem path for ``file``: itself, where it already lies on disk, or a temporary copy."""
    if isinstance(file, str | os.PathLike):
        yield Path(file)
        return
    local = _filesystem_path(file)
    if local is not None:
        yield local
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
        if hasattr(file, "chunks"):  # a Django File: chunks() reads it from the start
            for chunk in file.chunks():
                copy.write(chunk)
        else:
            file.seek(0)
            shutil.copyfileobj(file, copy)
        copy.flush()
        yield Path(copy.name)


def _filesystem_path(file) -> Path | None:
    if hasattr(file, "temporary_file_path"):  # a large upload Django already wrote to disk
        return Path(file.temporary_file_path())
    try:
        local = file.path  # a FieldFile on a filesystem storage
    except (AttributeError, NotImplementedError, ValueError):
        local = None
    if local is None:
        raw = getattr(file, "file", None) if isinstance(file, File) else file
        if isinstance(raw, io.FileIO | io.BufferedReader) and isinstance(raw.name, str):
            local = raw.name  # a Python file opened from a path
    return Path(local) if local and Path(local).is_file() else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def validated_sha256(path: Path, *, filename: str) -> str:
    """The file's sha256, or RefusedFile when it is missing or larger than the upload limit."""
    if not path.is_file():
        raise RefusedFile("文件不存在", filename=filename)
    limit = settings.DISCLOSURE_MAX_UPLOAD_MB
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        raise RefusedFile(f"文件大小 {size / 1024 / 1024:.1f} MB，超过上限 {limit} MB", filename=filename)
    return sha256_of(path)


def upload_prepared(*, path: Path, sha256: str, filename: str, uploaded_by) -> Disclosure:
    """An unsaved pending Disclosure whose file is in the media storage, kept once per sha256."""
    disclosure = Disclosure(sha256=sha256, original_filename=filename, uploaded_by=uploaded_by)
    field = Disclosure._meta.get_field("source_file")
    name = field.generate_filename(disclosure, filename)
    storage = field.storage
    if not storage.exists(name):
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:  # the same file, stored a moment ago by a concurrent upload of it
            storage.delete(saved)
    disclosure.source_file.name = name
    return disclosure


def disclosure_upload(*, file: File, uploaded_by=None) -> Disclosure:
    """Keep an uploaded PDF as a pending Disclosure, to be parsed by the ingest task."""
    with local_path(file) as path:
        disclosure = upload_prepared(
            path=path, sha256=sha256_of(path), filename=Path(file.name).name, uploaded_by=uploaded_by
        )
    disclosure.save()
    return disclosure
