"""The seed disclosure as printed: 张家口市总工会 (code 711), 2025 部门预算, amounts in 万元.

Transcribed from the text of one real disclosure (the project's shared seed,
``000_0d11237ca329338a.txt``, 34 pages): the nine tables (seedpdf.tables), then the explanation
with its project tables (seedpdf.explanation, seedpdf.projects).
"""

from __future__ import annotations

from seedpdf.document import SeedDocument
from seedpdf.explanation import EXPLANATION, TOC
from seedpdf.tables import TABLES

SEED = SeedDocument(
    department="张家口市总工会",
    department_code="711",
    year=2025,
    stage="预算",
    toc=TOC,
    tables=TABLES,
    explanation=EXPLANATION,
)
"""The seed document as printed."""
