"""Parse time of each disclosure PDF against the bare pdfplumber pass, measured in one run.

The baseline is what any pdfplumber-based reader must do at least: open the PDF and call
``page.extract_tables()`` on every page. The ratio says what the project's parser (the page
layer, layout, titles, joining pages, projects, prose) costs against it; the target is a median
of at most 0.5 over the sample, ../shared/real and ../shared/corpus.

    python bench/parse.py [--repeat N] [--memory] [--layer pdfium|pdfminer ...] [FILE.pdf ...]

With no files it measures the shipped sample, every PDF in ../shared/real and every PDF in
../shared/corpus. Each time is the best of ``--repeat`` runs (default 1: the corpus is large and
the median over a hundred files is steadier than the best of three of one). ``--layer`` names the
page layers to time (``DISCLOSURE_PDF_LAYER``; default: the one configured, else pdfium);
``--memory`` adds the peak Python memory of one more run of each (tracemalloc: slow).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosures.parsing import RefusedFile, parse_pdf  # noqa: E402


def bare_pass(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def parse_with(layer: str):
    def parse(path: Path) -> None:
        os.environ["DISCLOSURE_PDF_LAYER"] = layer
        # A refusal is a parse too (a scanned document, a notice that is no disclosure).
        with contextlib.suppress(RefusedFile):
            parse_pdf(path)

    return parse


def best_of(function, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
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


def main(paths: list[Path], *, layers: list[str], repeat: int, memory: bool) -> None:
    columns = "".join(f" {layer + ' s':>10} {'ratio':>6}" for layer in layers)
    memory_columns = "".join(f" {layer + ' MiB':>13} {'ratio':>6}" for layer in layers) if memory else ""
    print(
        f"{'file':48} {'pages':>5} {'baseline s':>10}{columns}{' base MiB' if memory else ''}{memory_columns}"
    )
    ratios: dict[str, list[float]] = {layer: [] for layer in layers}
    memory_ratios: dict[str, list[float]] = {layer: [] for layer in layers}
    for path in paths:
        try:
            baseline = best_of(bare_pass, path, repeat)
            with pdfplumber.open(path) as pdf:
                pages = len(pdf.pages)
        except Exception as error:  # the bare pass cannot read it: nothing to compare with
            print(f"{path.name[:48]:48} skipped: pdfplumber cannot read it ({type(error).__name__})")
            continue
        line = f"{path.name[:48]:48} {pages:5d} {baseline:10.2f}"
        for layer in layers:
            parse = best_of(parse_with(layer), path, repeat)
            ratios[layer].append(parse / baseline)
            line += f" {parse:10.2f} {ratios[layer][-1]:6.2f}"
        if memory:
            base_mib = peak_mib(bare_pass, path)
            line += f" {base_mib:8.1f}"
            for layer in layers:
                parse_mib = peak_mib(parse_with(layer), path)
                memory_ratios[layer].append(parse_mib / base_mib)
                line += f" {parse_mib:13.1f} {memory_ratios[layer][-1]:6.2f}"
        print(line, flush=True)
    for layer in layers:
        if ratios[layer]:
            print(
                f"median ratio parse/baseline, {layer} layer: time {statistics.median(ratios[layer]):.2f}"
                f" over {len(ratios[layer])} files (best of {repeat} runs each)"
            )
        if memory_ratios[layer]:
            print(f"{'':36}peak memory {statistics.median(memory_ratios[layer]):.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--layer", action="append", choices=["pdfium", "pdfminer"])
    arguments = parser.parse_args()
    files = arguments.files or [
        *sorted((ROOT / "sample").glob("*.pdf")),
        *sorted((ROOT.parent / "shared" / "real").glob("*.pdf")),
        *sorted((ROOT.parent / "shared" / "corpus").glob("*.pdf")),
    ]
    layers = arguments.layer or [os.environ.get("DISCLOSURE_PDF_LAYER", "pdfium")]
    main(files, layers=layers, repeat=arguments.repeat, memory=arguments.memory)
