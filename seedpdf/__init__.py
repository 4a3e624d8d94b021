"""The sample disclosure: the seed (张家口市总工会 2025 部门预算) as data, and the renderer that prints
it as a PDF laid out like the real exports.

Not part of the site: the demo renders ``sample/711-zhangjiakou-2025-budget.pdf`` with it when
that committed file is missing (``python -m seedpdf``), and the tests render the seed, and
variants of it (tests/pdfgen.py), to parse. It needs reportlab (requirements-sample.txt).
"""

from pathlib import Path

from seedpdf.document import SeedDocument
from seedpdf.render import Rendered, render_document
from seedpdf.seed import SEED

__all__ = ["SAMPLE_PATH", "SEED", "Rendered", "SeedDocument", "render_document"]

SAMPLE_PATH = Path(__file__).resolve().parent.parent / "sample" / "711-zhangjiakou-2025-budget.pdf"
