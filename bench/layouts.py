"""How often the parser misreads a generated layout, per knob and per knob value.

``python bench/layouts.py [--examples 2000] [--jobs 2] [--set codes='"absent"'] [--seed 0] [--ci]``

Each example is a random consistent budget (tests/budgets.py) rendered with a random combination
of the layout knobs (``tests.budgets.KNOBS``), parsed (parse_pdf) and checked (run_checks); it
fails when any amount, the identity, a project or an indicator does not come back exactly, or a
check fails (未通过). The report gives, for every knob value, how many examples drew it and how
many of those failed, and the first failing example of each value with its exact reproduction
(``seed`` and knobs: ``tests.budgets.read_back(path, seed, knobs)``). Examples are drawn from
``random.Random(--seed)``, so a run is repeatable. The property test (tests/test_layouts.py) runs
a bounded number in CI; this runs thousands.
"""

from __future__ import annotations

import argparse
import ast
import random
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.budgets import CI_KNOBS, KNOBS, ci_allows, read_back  # noqa: E402


def _example(args: tuple[int, dict, str]) -> tuple[int, dict, list[str], float]:
    seed, knobs, folder = args
    started = time.perf_counter()
    try:
        problems = read_back(Path(folder) / f"{seed}.pdf", seed, knobs)
    except Exception as error:  # a crash is a failure of the example, reported like the others
        problems = [f"error: {type(error).__name__}: {error}"]
    return seed, knobs, problems, time.perf_counter() - started


def shrink(args: tuple[int, dict, str]) -> tuple[int, dict, list[str]]:
    """The failing example ``seed``/``knobs`` with every knob it does not need set back to its
    first value (greedy, one knob at a time): the smallest combination that still fails."""
    seed, knobs, folder = args
    path = Path(folder) / f"shrink-{seed}.pdf"
    problems = read_back(path, seed, knobs)
    for name, values in KNOBS.items():
        if knobs.get(name, values[0]) == values[0]:
            continue
        trial = {**knobs, name: values[0]}
        try:
            found = read_back(path, seed, trial)
        except Exception as error:
            found = [f"error: {type(error).__name__}: {error}"]
        if found:
            knobs, problems = trial, found
    smallest = {name: value for name, value in knobs.items() if value != KNOBS[name][0]}
    return seed, smallest, problems


def draw(rng: random.Random, fixed: dict, space: dict) -> dict:
    """One combination of knobs: each knob's value drawn uniformly from ``space``, unless fixed."""
    return {name: fixed[name] if name in fixed else rng.choice(values) for name, values in space.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="seed of the draw of examples")
    parser.add_argument("--set", action="append", default=[], metavar="KNOB=VALUE", help="fix a knob")
    parser.add_argument(
        "--ci", action="store_true", help="draw only what the CI property test draws (CI_KNOBS, ci_allows)"
    )
    parser.add_argument(
        "--shrink", action="store_true", help="shrink each failure to the knobs it needs, grouped"
    )
    args = parser.parse_args(argv)
    fixed = {}
    for item in args.set:
        name, _, value = item.partition("=")
        fixed[name] = ast.literal_eval(value)
    rng = random.Random(args.seed)
    folder = tempfile.mkdtemp(prefix="layouts-")
    space = CI_KNOBS if args.ci else KNOBS
    work = []
    while len(work) < args.examples:
        seed, knobs = rng.randrange(2**32), draw(rng, fixed, space)
        if not args.ci or ci_allows(knobs):
            work.append((seed, knobs, folder))
    drawn: dict[tuple[str, object], int] = defaultdict(int)
    failed: dict[tuple[str, object], int] = defaultdict(int)
    first: dict[tuple[str, object], tuple[int, dict, list[str]]] = {}
    failures = 0
    first_failures: list[tuple[int, dict]] = []
    seconds = 0.0
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for seed, knobs, problems, took in pool.map(_example, work, chunksize=4):
            seconds += took
            failures += bool(problems)
            if problems:
                first_failures.append((seed, knobs))
            for name, value in knobs.items():
                drawn[(name, value)] += 1
                if problems:
                    failed[(name, value)] += 1
                    first.setdefault((name, value), (seed, knobs, problems))
    wall = time.perf_counter() - started
    print(
        f"{args.examples} examples, {failures} failed ({100 * failures / max(args.examples, 1):.1f}%); "
        f"{seconds / max(args.examples, 1):.2f} s per example, {wall:.0f} s wall with {args.jobs} jobs"
    )
    print(f"{'knob':<16} {'value':<18} {'drawn':>6} {'failed':>7} {'rate':>6}")
    for name, values in KNOBS.items():
        for value in values:
            count = drawn.get((name, value), 0)
            bad = failed.get((name, value), 0)
            rate = f"{100 * bad / count:.0f}%" if count else "-"
            print(f"{name:<16} {value!r:<18} {count:>6} {bad:>7} {rate:>6}")
    print()
    if args.shrink:
        failing = [(seed, knobs, folder) for seed, knobs in first_failures]
        groups: dict[tuple, list[tuple[int, list[str]]]] = defaultdict(list)
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for seed, knobs, problems in pool.map(shrink, failing):
                groups[tuple(sorted(knobs.items(), key=str))].append((seed, problems))
        print(f"{len(failing)} failures shrink to {len(groups)} combinations:")
        for knobs, examples in sorted(groups.items(), key=lambda item: -len(item[1])):
            seed, problems = examples[0]
            print(f"{len(examples):>4} × {dict(knobs)}  e.g. seed={seed}")
            for problem in problems[:3]:
                print(f"         {problem[:200]}")
        print()
    shown = set()
    for (name, value), (seed, knobs, problems) in first.items():
        if seed in shown:
            continue
        shown.add(seed)
        print(f"first failure with {name}={value!r}: seed={seed} knobs={knobs}")
        for problem in problems[:5]:
            print(f"    {problem[:240]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
