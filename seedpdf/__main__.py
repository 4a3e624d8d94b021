"""``python -m seedpdf [OUT.pdf]``: render the seed; without OUT, to the demo's sample
(sample/711-zhangjiakou-2025-budget.pdf). tests/pdfgen.py renders the seed's variants."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from seedpdf import SAMPLE_PATH, render_document


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m seedpdf", description=__doc__.split(";")[0])
    parser.add_argument("out", nargs="?", type=Path, default=SAMPLE_PATH, help="PDF to write")
    args = parser.parse_args(argv)
    rendered = render_document(args.out)
    print(f"wrote {rendered.path} ({rendered.pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
