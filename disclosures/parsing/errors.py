"""Why a file was refused. Every message names the file and, where it can, the page and table."""

from __future__ import annotations

import sysconfig


class RefusedFile(Exception):
    """The file cannot be stored as a disclosure. ``str(error)`` is the message for the user."""

    def __init__(self, reason: str, *, filename: str = "", page: int | None = None, table: str = ""):
        self.reason = reason
        self.filename = filename
        self.page = page
        self.table = table
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = [
            part for part in (self.filename, f"第{self.page}页" if self.page else "", self.table) if part
        ]
        return f"{'，'.join(where)}：{self.reason}" if where else self.reason


class ParserBug(Exception):
    """An error in our own code while reading a file, not something wrong with the file.

    The ingest service logs it with ``details`` (the traceback) and a reference, and shows the
    upload as 解析出错 with that reference; the user never sees a traceback.
    """

    def __init__(self, summary: str, *, filename: str = "", details: str = ""):
        self.summary = summary  # ValueError: unexpected layout
        self.filename = filename
        self.details = details
        super().__init__(summary)


TOO_DEEP = "PDF文件结构异常：对象嵌套过深，无法读取"
# What a reading library's exception says about the file, by the exception's type name.
_LIBRARY_REASONS = (
    (("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"), "PDF已加密，无法读取"),
    (("error", "PDFNotImplementedError", "PSEOF"), "PDF文件已损坏：压缩数据或对象不完整，无法读取"),
)
# Where the reading libraries live: an exception raised inside them was raised by the file.
_LIBRARY_PACKAGES = ("pdfminer", "pdfplumber", "PIL", "pypdfium2", "charset_normalizer")
_STDLIB = sysconfig.get_paths()["stdlib"].replace("\\", "/")


def refusal_for(error: BaseException, *, filename: str) -> RefusedFile | None:
    """The refusal an exception out of the parser amounts to, or None when it is a bug of ours.

    An exception raised inside pdfminer, pdfplumber or what they call was raised by the file
    (those libraries raise KeyError, TypeError, ValueError, struct.error … on broken input);
    one raised in our own code is a bug, whatever the file was.
    """
    if isinstance(error, RefusedFile):
        return error
    if isinstance(error, RecursionError):  # the innermost frame may be anywhere on a deep stack
        return RefusedFile(TOO_DEEP, filename=filename)
    if not raised_by_library(error):
        return None
    names = {type(cause).__name__ for cause in _chain(error)}
    for types, reason in _LIBRARY_REASONS:
        if names & set(types):
            return RefusedFile(reason, filename=filename)
    return RefusedFile(f"PDF文件已损坏或结构异常，无法读取（{type(error).__name__}）", filename=filename)


def caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``error`` is, or was raised while handling, an exception of ``kind`` (pdfplumber
    wraps what pdfminer raises, a MemoryError too, in its own PdfminerException)."""
    return any(isinstance(cause, kind) for cause in _chain(error))


def _chain(error: BaseException):
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def raised_by_library(error: BaseException) -> bool:
    """Whether the innermost frame of the traceback that is not the standard library's lies in a
    reading library (rather than in our own code)."""
    frames = []
    traceback = error.__traceback__
    while traceback is not None:
        frames.append(traceback.tb_frame.f_code.co_filename.replace("\\", "/"))
        traceback = traceback.tb_next
    for path in reversed(frames):
        if any(f"/{package}/" in path for package in _LIBRARY_PACKAGES):
            return True
        if "/disclosures/" in path or "site-packages" in path or not path.startswith(_STDLIB):
            return False
    return False
