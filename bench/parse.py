"""Parse time of each disclosure PDF against the bare pdfplumber pass, measured in one run.

The baseline is what any pdfplumber-based reader must do at least: open the PDF and call
``page.extract_tables()`` on every page. The ratios say what the project's parser (layout,
titles, joining pages, projects, prose) costs on top of that, in time and in peak memory.

    python bench/parse.py [FILE.pdf ...]

With no arguments it measures the shipped sample and every PDF in ../shared/real.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
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


def peak_mib(function, path: Path) -> float:
    """Peak Python memory of one run, in MiB (a separate run: tracing slows everything down)."""
    tracemalloc.start()
    function(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(paths: list[Path]) -> None:
    header = f"{'file':48} {'pages':>5} {'baseline s':>10} {'parse s':>8} {'ratio':>6}"
    print(f"{header} {'base MiB':>9} {'parse MiB':>9} {'ratio':>6}")
    ratios, memory_ratios = [], []
    for path in paths:
        baseline = best_of(bare_pass, path)
        parse = best_of(parse_pdf, path)
        base_mib, parse_mib = peak_mib(bare_pass, path), peak_mib(parse_pdf, path)
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        ratios.append(parse / baseline)
        memory_ratios.append(parse_mib / base_mib)
        print(
            f"{path.name[:48]:48} {pages:5d} {baseline:10.2f} {parse:8.2f} {ratios[-1]:6.2f}"
            f" {base_mib:9.1f} {parse_mib:9.1f} {memory_ratios[-1]:6.2f}"
        )
    if ratios:
        print(
            f"median ratio parse/baseline: time {statistics.median(ratios):.2f} (best of {REPEAT} runs each),"
        )
        print(f"                             peak memory {statistics.median(memory_ratios):.2f}")


if __name__ == "__main__":
    arguments = [Path(a) for a in sys.argv[1:]]
    if not arguments:
        arguments = sorted((ROOT / "sample").glob("*.pdf")) + sorted(
            (ROOT.parent / "shared" / "real").glob("*.pdf")
        )
    main(arguments)
