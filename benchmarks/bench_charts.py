"""Render time of every chart helper, in both languages, as a notebook shows it.

Prints figures; asserts nothing. Run with the project's venv: `make bench`, or

    .venv/bin/python benchmarks/bench_charts.py [--repeat N] [--lang en|zh] [--profile CHART]

Per chart, medians of N runs (after one warm-up) in one process:

- build: the helper call (data, seaborn, matplotlib artists);
- png: what Jupyter's inline backend does at the end of the cell, IPython's print_figure to PNG
  with bbox_inches="tight" at the figure's dpi (a layout pass, then the drawing, then encoding);
- jupyter extra: a helper that returns a *stale* figure costs one more full Agg drawing in a
  notebook (pyplot's post-execute hook, draw_all, draws every stale figure before the inline
  backend renders it to PNG), which no reader sees; 0 when the figure comes back up to date.

--profile CHART prints where the time of build + png goes for that chart (cProfile, by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from fuzhou_data import plots  # noqa: E402

#: The charts the notebooks draw (same calls), by name; each takes the language.
CHARTS: dict[str, Callable[[str], Figure]] = {
    "growth_comparison": lambda lang: plots.growth_comparison(year=2025, lang=lang),
    "gap_chart": lambda lang: plots.gap_chart(year=2025, lang=lang),
    "history": lambda lang: plots.history(
        "gdp_growth", geos=("china", "jiangxi", "fuzhou"), years=range(2021, 2026), lang=lang
    ),
    "rank_ranges": lambda lang: plots.rank_ranges(year=2025, lang=lang),
    "peer_ranking": lambda lang: plots.peer_ranking("gdp_growth", year=2025, lang=lang),
    "zone_sources": lambda lang: plots.zone_sources(lang=lang),
}


def to_png(fig: Figure) -> bytes:
    """The PNG the inline backend would send (IPython's print_figure; savefig without IPython)."""
    try:
        from IPython.core.pylabtools import print_figure
    except ImportError:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")
        return buf.getvalue()
    return print_figure(fig, "png", bbox_inches="tight")


def once(make: Callable[[], Figure]) -> tuple[float, float, float, bytes]:
    """(build, png, extra draw) seconds and the PNG of one rendering."""
    t0 = time.perf_counter()
    fig = make()
    t1 = time.perf_counter()
    png = to_png(fig)
    t2 = time.perf_counter()
    extra = 0.0
    if fig.stale:  # what pyplot.draw_all would do first in a notebook kernel
        fig2 = make()
        t3 = time.perf_counter()
        fig2.canvas.draw()
        extra = time.perf_counter() - t3
        plt.close(fig2)
    plt.close(fig)
    return t1 - t0, t2 - t1, extra, png


def png_size(png: bytes) -> str:
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return f"{width}x{height}"


def profile(name: str, lang: str, runs: int = 10) -> None:
    make = CHARTS[name]
    once(lambda: make(lang))
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(runs):
        fig = make(lang)
        to_png(fig)
        plt.close(fig)
    prof.disable()
    print(f"profile of {runs} x {name} ({lang}), build + png, by own time:")
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", choices=["en", "zh"], action="append", help="default: both")
    parser.add_argument("--profile", choices=sorted(CHARTS), help="profile one chart instead")
    args = parser.parse_args()
    langs = args.lang or ["en", "zh"]
    if args.profile:
        profile(args.profile, langs[0])
        return
    once(lambda: CHARTS["gap_chart"](langs[0]))  # first figure: fonts, backend, lazy imports
    print(f"chart render times, median of {args.repeat} (ms); png as the inline backend makes it")
    print(f"  {'chart':30} lang  build    png  jupyter extra  total   PNG")
    totals: list[float] = []
    for name, make in CHARTS.items():
        for lang in langs:
            runs = [once(lambda make=make, lang=lang: make(lang)) for _ in range(args.repeat)]
            build, png, extra = (statistics.median(r[i] for r in runs) * 1e3 for i in range(3))
            data = runs[-1][3]
            totals.append(build + png + extra)
            print(
                f"  {name:30} {lang:4} {build:6.1f} {png:6.1f} {extra:14.1f} {totals[-1]:6.1f}"
                f"   {len(data) / 1024:.0f} KiB {png_size(data)}"
            )
    print(f"  all {len(totals)} charts: {sum(totals):.0f} ms (notebook cost per chart: build + png + jupyter extra)")


if __name__ == "__main__":
    main()
