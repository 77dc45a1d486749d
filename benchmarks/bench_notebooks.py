"""Time to execute every notebook against its floor, notebook by notebook and as a suite.

The floor: a fresh kernel that only imports pandas, seaborn and fuzhou_data. Each notebook and
the floor run with nbclient in the project's environment, in fresh kernels, interleaved, several
times; the figures printed are ratios of medians (goal: every notebook <= 1.5). Prints figures;
asserts nothing.

    .venv/bin/python benchmarks/bench_notebooks.py [--repeat N] [NOTEBOOK_OR_GLOB ...]

Notebooks default to every ``notebooks/**/*.ipynb`` (the Chinese editions in notebooks/zh/
included); arguments are paths or glob patterns relative to the repository root.
"""

from __future__ import annotations

import argparse
import logging
import os
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


def run(nb: nbformat.NotebookNode, cwd: Path) -> float:
    """Seconds to start a fresh kernel, execute every cell and shut the kernel down."""
    t = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - t


def floor(cwd: Path) -> float:
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
    times: dict[Path, list[float]] = {p: [] for p in paths}
    floors: list[float] = []
    for _ in range(args.repeat):
        for path in paths:
            times[path].append(run(nbformat.read(path, as_version=4), path.parent))
            floors.append(floor(path.parent))
    f = statistics.median(floors)
    print(f"notebooks: {len(paths)}, repeats: {args.repeat}")
    print(f"  floor: a fresh kernel only importing pandas, seaborn, fuzhou_data   median {f:5.2f} s")
    width = max(len(str(p.relative_to(ROOT))) for p in paths)
    for path, ts in times.items():
        m = statistics.median(ts)
        spread = ", ".join(f"{t:.2f}" for t in ts)
        print(f"  {str(path.relative_to(ROOT)):{width}}  median {m:5.2f} s  ratio {m / f:4.2f}  ({spread})")
    suite = sum(statistics.median(ts) for ts in times.values())
    worst = max(times, key=lambda p: statistics.median(times[p]))
    print(f"  whole suite {suite:.2f} s against {len(paths)} floors {len(paths) * f:.2f} s")
    print(
        f"  ratio (goal <= 1.5): suite {suite / (len(paths) * f):.2f}, worst notebook "
        f"{statistics.median(times[worst]) / f:.2f} ({worst.name})"
    )


if __name__ == "__main__":
    main()
