"""Cost of `import fuzhou_data` plus loading every table, against a bare `import pandas`.

Prints figures; asserts nothing. Run with the project's venv: `make bench` or
`.venv/bin/python benchmarks/bench_load.py [--runs N]`.

1. Paired process runs: each pair starts one fresh interpreter that only imports pandas and one
   that imports fuzhou_data and loads every table (which imports pandas too), in alternating
   order. Reported: the median of the per-pair time ratios (goal <= 1.05).
2. In one process, with pandas already imported: the first full load (import fuzhou_data and
   build and validate every table; goal < 20 ms) and repeated access (goal < 1 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

BARE = "import pandas"
FULL = "import fuzhou_data as fd; fd.load_all()"

IN_PROCESS = """
import time, statistics
import pandas
t0 = time.perf_counter()
import fuzhou_data as fd
fd.load_all()
first = (time.perf_counter() - t0) * 1e3
def per_call(func, n=200):
    t = time.perf_counter()
    for _ in range(n):
        func()
    return (time.perf_counter() - t) * 1e3 / n
print(first, per_call(fd.load_all), per_call(fd.sources), per_call(fd.figures),
      per_call(lambda: fd.figures("fuzhou", year=2025)))
"""


# Byte-code caching as an installed package has it (pip compiles pandas on install): without
# it, every run would recompile fuzhou_data but not pandas.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(code: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="paired process runs (at least 15)")
    args = parser.parse_args()
    runs = max(args.runs, 15)
    run(BARE), run(FULL)  # warm the file cache and compile .pyc files
    ratios, bare_t, full_t = [], [], []
    for i in range(runs):
        if i % 2:
            f, b = run(FULL), run(BARE)
        else:
            b, f = run(BARE), run(FULL)
        bare_t.append(b)
        full_t.append(f)
        ratios.append(f / b)
    print(f"paired process runs: {runs}")
    print(f"  import pandas                           median {statistics.median(bare_t) * 1e3:7.1f} ms")
    print(f"  import fuzhou_data + load every table   median {statistics.median(full_t) * 1e3:7.1f} ms")
    print(
        f"  median ratio (goal <= 1.05)             {statistics.median(ratios):.3f}"
        f"  (min {min(ratios):.3f}, max {max(ratios):.3f})"
    )
    samples = [
        [
            float(x)
            for x in subprocess.run(
                [sys.executable, "-c", IN_PROCESS], check=True, capture_output=True, env=ENV, text=True
            ).stdout.split()
        ]
        for _ in range(7)
    ]
    first, load_all, sources, figures, filtered = (statistics.median(col) for col in zip(*samples))
    print("in-process, pandas already imported (median of 7 processes):")
    print(f"  first full load (import + validate + build all tables, goal < 20 ms): {first:6.2f} ms")
    print(f"  repeated access, goal < 1 ms: load_all() {load_all:.3f} ms, sources() {sources:.3f} ms,")
    print(f"    figures() {figures:.3f} ms, figures('fuzhou', year=2025) {filtered:.3f} ms")


if __name__ == "__main__":
    main()
