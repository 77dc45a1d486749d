"""Time to execute every notebook against its floor, notebook by notebook and as a suite.

The floor: a fresh kernel that only imports pandas, seaborn and fuzhou_data. Each notebook and
the floor run with nbclient in the project's environment, in fresh kernels, interleaved, several
times; the figures printed are ratios of medians (goal: every notebook <= 1.5). Prints figures;
asserts nothing.

Two clocks: wall time (what a reader waits), and the CPU time of the kernel process (user +
system, from the finished child's resource usage), which other load on the machine barely
changes: compare runs made on a busy machine by the CPU ratios.

    .venv/bin/python benchmarks/bench_notebooks.py [--repeat N] [NOTEBOOK_OR_GLOB ...]

Notebooks default to every ``notebooks/**/*.ipynb`` (the Chinese editions in notebooks/zh/
included); arguments are paths or glob patterns relative to the repository root.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
#: Every notebook, in every language folder, relative to ROOT.
NOTEBOOK_GLOB = "notebooks/**/*.ipynb"
FLOOR = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas, seaborn, fuzhou_data")])

# Kernels use byte-code caching, as a reader's machine does (pip compiles installed packages).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def notebook_paths(patterns: list[str] | None = None) -> list[Path]:
    """Notebooks matching the glob patterns (default NOTEBOOK_GLOB), sorted, checkpoints skipped."""
    found: set[Path] = set()
    for pattern in patterns or [NOTEBOOK_GLOB]:
        path = ROOT / pattern
        found |= {path} if path.is_file() else set(ROOT.glob(pattern))
    return sorted(p for p in found if ".ipynb_checkpoints" not in p.parts)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(nb: nbformat.NotebookNode, cwd: Path) -> tuple[float, float]:
    """(wall, kernel CPU) seconds to start a fresh kernel, execute every cell and shut it down."""
    t, cpu = time.perf_counter(), _children_cpu()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - t, _children_cpu() - cpu


def floor(cwd: Path) -> tuple[float, float]:
    return run(nbformat.from_dict(FLOOR), cwd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("notebooks", nargs="*", help=f"paths or glob patterns (default {NOTEBOOK_GLOB})")
    args = parser.parse_args()
    # The kernels' "running over TCP without encryption" notice, once per kernel.
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    paths = notebook_paths(args.notebooks)
    if not paths:
        print(f"bench_notebooks: no notebooks match {args.notebooks or NOTEBOOK_GLOB}")
        return
    floor(paths[0].parent)  # warm caches (font cache, .pyc files)
    times: dict[Path, list[tuple[float, float]]] = {p: [] for p in paths}
    floors: list[tuple[float, float]] = []
    for _ in range(args.repeat):
        for path in paths:
            times[path].append(run(nbformat.read(path, as_version=4), path.parent))
            floors.append(floor(path.parent))

    def med(runs: list[tuple[float, float]], clock: int) -> float:
        return statistics.median(r[clock] for r in runs)

    f_wall, f_cpu = med(floors, 0), med(floors, 1)
    print(f"notebooks: {len(paths)}, repeats: {args.repeat}; wall time, and kernel CPU time in brackets")
    print(f"  floor: a fresh kernel only importing pandas, seaborn, fuzhou_data  {f_wall:5.2f} s  [{f_cpu:5.2f} s]")
    width = max(len(str(p.relative_to(ROOT))) for p in paths)
    for path, runs in times.items():
        wall, cpu = med(runs, 0), med(runs, 1)
        spread = ", ".join(f"{r[0]:.2f}" for r in runs)
        print(
            f"  {str(path.relative_to(ROOT)):{width}}  {wall:5.2f} s  ratio {wall / f_wall:4.2f}"
            f"  [{cpu:5.2f} s, ratio {cpu / f_cpu:4.2f}]  ({spread})"
        )
    n = len(paths)
    suite_wall = sum(med(r, 0) for r in times.values())
    suite_cpu = sum(med(r, 1) for r in times.values())
    worst = max(times, key=lambda p: med(times[p], 0) / f_wall)
    floors_wall, floors_cpu = n * f_wall, n * f_cpu
    print(f"  whole suite {suite_wall:.2f} s against {n} floors {floors_wall:.2f} s", end="")
    print(f"  [{suite_cpu:.2f} s against {floors_cpu:.2f} s]")
    print(
        f"  ratio (goal <= 1.5): suite {suite_wall / (n * f_wall):.2f} [{suite_cpu / (n * f_cpu):.2f}], "
        f"worst notebook {med(times[worst], 0) / f_wall:.2f} ({worst.name})"
    )


if __name__ == "__main__":
    main()
