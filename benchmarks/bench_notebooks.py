"""Time to execute the whole notebook suite against its floor.

The floor: the same number of fresh kernels that only import pandas, seaborn and fuzhou_data.
Both are run with nbclient in the project's environment, alternating, several times; the figure
printed is the ratio of the medians (goal <= 1.5). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_notebooks.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

# Kernels use byte-code caching, as a reader's machine does (pip compiles installed packages).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
FLOOR = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas, seaborn, fuzhou_data")])


def run(nb: nbformat.NotebookNode, cwd: Path) -> float:
    t = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - t


def suite() -> float:
    return sum(run(nbformat.read(p, as_version=4), p.parent) for p in NOTEBOOKS)


def floor() -> float:
    return sum(run(nbformat.from_dict(FLOOR), NOTEBOOKS[0].parent) for _ in NOTEBOOKS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    floor()  # warm caches (font cache, .pyc files)
    suites, floors = [], []
    for _ in range(args.repeat):
        suites.append(suite())
        floors.append(floor())
    s, f = statistics.median(suites), statistics.median(floors)
    print(f"notebooks: {len(NOTEBOOKS)}, repeats: {args.repeat}")
    runs = {"suite": suites, "floor": floors}
    spread = {k: ", ".join(f"{x:.2f}" for x in v) for k, v in runs.items()}
    print(f"  whole suite, a fresh kernel each    median {s:6.2f} s  ({spread['suite']})")
    print(f"  floor: {len(NOTEBOOKS)} kernels only importing  median {f:6.2f} s  ({spread['floor']})")
    print(f"  ratio (goal <= 1.5)                 {s / f:.2f}")


if __name__ == "__main__":
    main()
