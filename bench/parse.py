"""Parse time of each disclosure PDF against the bare pdfplumber pass, measured in one run.

The baseline is what any pdfplumber-based reader must do at least: open the PDF and call
``page.extract_tables()`` on every page. The ratio says what the project's parser (layout,
titles, joining pages, projects, prose) costs on top of that.

    python bench/parse.py [FILE.pdf ...]

With no arguments it measures the shipped sample and every PDF in ../shared/real.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosures.parsing import parse_pdf  # noqa: E402

REPEAT = 3


def bare_pass(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def best_of(function, path: Path) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        function(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main(paths: list[Path]) -> None:
    print(f"{'file':48} {'pages':>5} {'baseline s':>10} {'parse s':>8} {'ratio':>6}")
    ratios = []
    for path in paths:
        baseline = best_of(bare_pass, path)
        parse = best_of(parse_pdf, path)
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        ratio = parse / baseline
        ratios.append(ratio)
        print(f"{path.name[:48]:48} {pages:5d} {baseline:10.2f} {parse:8.2f} {ratio:6.2f}")
    if ratios:
        print(f"median ratio parse/baseline: {statistics.median(ratios):.2f} (best of {REPEAT} runs each)")


if __name__ == "__main__":
    arguments = [Path(a) for a in sys.argv[1:]]
    if not arguments:
        arguments = sorted((ROOT / "sample").glob("*.pdf")) + sorted(
            (ROOT.parent / "shared" / "real").glob("*.pdf")
        )
    main(arguments)
