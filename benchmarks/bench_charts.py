"""Render time of every chart helper, in both languages, as a notebook shows it.

Prints figures; asserts nothing. Run with the project's venv: `make bench`, or

    .venv/bin/python benchmarks/bench_charts.py [--repeat N] [--lang en|zh] [--profile CHART]

Per chart, medians of N runs (after one warm-up) in one process:

- build: the helper call (data, then matplotlib artists);
- png: ``plots.png``, what ``report.show`` displays in the notebooks: one drawing on a canvas
  with room around the figure, cropped to the tight box, then encoding;
- savefig: for comparison, matplotlib's ``savefig(bbox_inches="tight")`` at the same dpi, which
  the inline backend uses for a figure left at the end of a cell (two drawings);
- total: build + png, a chart's cost in a notebook.

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
        "gdp_growth", geos=("fuzhou", "jiangxi", "china"), years=range(2021, 2026), lang=lang
    ),
    "rank_ranges": lambda lang: plots.rank_ranges(year=2025, lang=lang),
    "peer_ranking": lambda lang: plots.peer_ranking("gdp_growth", year=2025, lang=lang),
    "zone_sources": lambda lang: plots.zone_sources(lang=lang),
}


def savefig_png(fig: Figure) -> bytes:
    """The PNG of matplotlib's tight savefig at the figure's dpi (what the inline backend does)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")
    return buf.getvalue()


def once(make: Callable[[], Figure]) -> tuple[float, float, float, bytes]:
    """(build, png, savefig) seconds and the PNG of one rendering."""
    t0 = time.perf_counter()
    fig = make()
    t1 = time.perf_counter()
    png = plots.png(fig)
    t2 = time.perf_counter()
    plt.close(fig)
    fig = make()
    t3 = time.perf_counter()
    savefig_png(fig)
    t4 = time.perf_counter()
    plt.close(fig)
    return t1 - t0, t2 - t1, t4 - t3, png


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
        plots.png(fig)
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
    print(f"chart render times, median of {args.repeat} (ms); png: plots.png, as report.show displays it")
    print(f"  {'chart':30} lang  build    png  total  (savefig)   PNG")
    totals: list[float] = []
    savefigs: list[float] = []
    for name, make in CHARTS.items():
        for lang in langs:
            runs = [once(lambda make=make, lang=lang: make(lang)) for _ in range(args.repeat)]
            build, png, savefig = (statistics.median(r[i] for r in runs) * 1e3 for i in range(3))
            data = runs[-1][3]
            totals.append(build + png)
            savefigs.append(build + savefig)
            print(
                f"  {name:30} {lang:4} {build:6.1f} {png:6.1f} {totals[-1]:6.1f}  ({savefig:6.1f})"
                f"   {len(data) / 1024:.0f} KiB {png_size(data)}"
            )
    print(
        f"  all {len(totals)} charts: {sum(totals):.0f} ms (build + png); "
        f"with savefig instead of plots.png: {sum(savefigs):.0f} ms"
    )


if __name__ == "__main__":
    main()
