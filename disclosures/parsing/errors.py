"""Why a file was refused. Every message names the file and, where it can, the page and table."""

from __future__ import annotations


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
