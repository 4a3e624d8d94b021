"""PDF in, typed dataclasses out. No Django here.

``parse_pdf(path)`` is the one entry point; it raises ``RefusedFile`` with a message naming
what is wrong when the file is not a readable disclosure.
"""

from disclosures.parsing.errors import RefusedFile
from disclosures.parsing.model import ParsedDisclosure


def parse_pdf(path, *, filename: str = "", max_pages: int = 500) -> ParsedDisclosure:  # noqa: ARG001
    raise NotImplementedError("being written")


__all__ = ["ParsedDisclosure", "RefusedFile", "parse_pdf"]
