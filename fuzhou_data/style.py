"""House chart style and Chinese font support for fuzhou-data charts.

Charts label places and indicators in Chinese (抚州, 规模以上工业增加值). The package
bundles a font, "Fuzhou Data Sans SC" (a subset of Noto Sans CJK SC, see
``fuzhou_data/fonts/README.md``), so that this text renders on any machine, including one
with no CJK font installed. In English charts, text is drawn with matplotlib's own DejaVu Sans;
every glyph DejaVu Sans lacks falls back, glyph by glyph, to the bundled font (matplotlib >= 3.6
does per-glyph fallback along the ``font.family`` list), then to a CJK font installed, if any.
Chinese charts put the bundled font first, so that Latin letters, digits and the full-width
quotation marks of Chinese text (“四区”) are set in one face with the hanzi.

Usage, in a notebook or script::

    from fuzhou_data.style import geo_palette, use_house_style

    use_house_style()
    sns.lineplot(data=df, x="year", y="value", hue="geo", palette=geo_palette(df["geo"].unique()))

Importing this module is cheap: matplotlib and seaborn are imported only when a function
needs them.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.resources
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._options import check_lang

__all__ = [
    "BASE_FAMILY",
    "CHINA_COLOR",
    "FONT_FAMILY",
    "FUZHOU_COLOR",
    "GEO_COLORS",
    "INSTALLED_CJK_FAMILIES",
    "JIANGXI_COLOR",
    "PALETTE",
    "PEER_COLOR",
    "font_path",
    "geo_color",
    "geo_palette",
    "register_fonts",
    "use_house_style",
]

FONT_FILE = "FuzhouDataSansSC-Regular.otf"
#: Family name of the bundled font, as matplotlib sees it.
FONT_FAMILY = "Fuzhou Data Sans SC"
#: Family used for Latin text and digits; ships with matplotlib, so it is always there.
BASE_FAMILY = "DejaVu Sans"
#: CJK families used, in this order, after the bundled font for any glyph it lacks.
INSTALLED_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)

# House palette: Fuzhou stands out, its province and the country are context, other
# cities are muted. Colour-blind safe (Okabe-Ito vermillion and blue, plus greys).
FUZHOU_COLOR = "#D55E00"  # vermillion: the city this package is about
JIANGXI_COLOR = "#0072B2"  # blue: the province
CHINA_COLOR = "#3A3A3A"  # charcoal: the national benchmark
PEER_COLOR = "#B8B8B8"  # light grey: other cities, for comparison only

#: Colour of each geography id; ids not listed (peer cities) use PEER_COLOR, see geo_color().
GEO_COLORS: dict[str, str] = {
    "fuzhou": FUZHOU_COLOR,
    "jiangxi": JIANGXI_COLOR,
    "china": CHINA_COLOR,
}

#: Colour cycle for series that are not geographies (Okabe-Ito order after the three above).
PALETTE: list[str] = [
    FUZHOU_COLOR,
    JIANGXI_COLOR,
    CHINA_COLOR,
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
]

# Keeps the font file extracted for the life of the process when the package is imported
# from a zip archive; for a normal directory install as_file() just yields the real path.
_resource_files = contextlib.ExitStack()
atexit.register(_resource_files.close)


@functools.cache
def font_path() -> Path:
    """Path of the bundled font file, valid for the life of the process.

    >>> font_path().name
    'FuzhouDataSansSC-Regular.otf'
    """
    resource = importlib.resources.files("fuzhou_data") / "fonts" / FONT_FILE
    return _resource_files.enter_context(importlib.resources.as_file(resource))


def register_fonts(lang: str = "en") -> list[str]:
    """Make the bundled font known to matplotlib; return the font family fallback list.

    Safe to call any number of times, and cheap after the first: the font is added once per
    matplotlib font manager. For English (``lang="en"``) the list is ``["DejaVu Sans",
    "Fuzhou Data Sans SC"]``, plus the first family of INSTALLED_CJK_FAMILIES that matplotlib
    finds on this machine, if any (for characters outside the bundled subset; one installed
    family covers them, and every family in the list costs a font look-up for each text drawn).
    For Chinese (``lang="zh"``) the Chinese families come first and DejaVu Sans last. Use it as
    ``rcParams["font.family"]`` or as ``FontProperties(family=...)``.

    >>> register_fonts()[:2]
    ['DejaVu Sans', 'Fuzhou Data Sans SC']
    >>> register_fonts("zh")[0], register_fonts("zh")[-1]
    ('Fuzhou Data Sans SC', 'DejaVu Sans')
    """
    from matplotlib import font_manager

    available = _registered_families(font_manager.fontManager)
    installed = next((family for family in INSTALLED_CJK_FAMILIES if family in available), None)
    if check_lang(lang) == "zh":
        return [FONT_FAMILY, *([installed] if installed else []), BASE_FAMILY]
    return [BASE_FAMILY, FONT_FAMILY, *([installed] if installed else [])]


# (font manager, number of fonts it had, their family names) as of the last registration.
_registered: tuple[object, int, frozenset[str]] | None = None
_register_lock = threading.Lock()


def _registered_families(manager: Any) -> frozenset[str]:
    """Family names the font manager knows, after adding the bundled font to it if needed.

    Checking the manager's font list for the bundled file resolves every path in it
    (milliseconds): done again only for another manager or after fonts were added.
    """
    global _registered
    cached = _registered
    if cached is not None and cached[0] is manager and cached[1] == len(manager.ttflist):
        return cached[2]
    with _register_lock:
        path = font_path()
        if not any(_same_file(entry.fname, path) for entry in manager.ttflist):
            manager.addfont(str(path))
            # Older matplotlib versions keep stale cached font look-ups after addfont().
            cached_lookup = getattr(manager, "_findfont_cached", None)
            if cached_lookup is not None and hasattr(cached_lookup, "cache_clear"):
                cached_lookup.cache_clear()
        names = frozenset(entry.name for entry in manager.ttflist)
        _registered = (manager, len(manager.ttflist), names)
        return names


def _same_file(fname: str, path: Path) -> bool:
    try:
        return Path(fname).resolve() == path.resolve()
    except OSError:
        return False


def use_house_style(lang: str | None = None) -> None:
    """Apply the house chart style to matplotlib and seaborn, Chinese text included.

    Sets seaborn's "whitegrid" theme, the font fallback list of register_fonts(lang) (``lang``:
    "en" or "zh", default the current setting, see ``fuzhou_data.set_lang``), the
    house colour cycle (PALETTE), notebook-friendly sizes (shown at 100 dpi, saved at
    150 dpi) and left-aligned titles. Call it again after any ``sns.set_theme()``, which
    resets the fonts.

    >>> use_house_style()
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("抚州市 规模以上工业增加值增速（%）")
    """
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    mpl.rcParams.update(
        {
            "font.family": register_fonts(check_lang(lang)),
            # A true minus sign (U+2212) is kept: DejaVu Sans and the bundled font both
            # have it, so negative tick labels render without a missing-glyph warning.
            "axes.unicode_minus": True,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "axes.titlelocation": "left",
            # A fixed title height: no chart here has ticks on top, and matplotlib's automatic
            # placement measures every axis at each draw (a tenth of the rendering time).
            "axes.titley": 1.0,
            "axes.titlesize": "large",
            # The bundled font has one weight; a bold title would mix bold Latin with
            # regular hanzi.
            "axes.titleweight": "normal",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "legend.frameon": False,
            # Unhinted glyphs (as matplotlib draws its own test images): as legible at 100 dpi,
            # with truer spacing, and a fifth less drawing time than the native hinter.
            "text.hinting": "no_hinting",
        }
    )


def geo_color(geo_id: str) -> str:
    """Colour of a geography id: Fuzhou, Jiangxi and China have their own, others are grey.

    >>> geo_color("fuzhou"), geo_color("ganzhou") == PEER_COLOR
    ('#D55E00', True)
    """
    return GEO_COLORS.get(geo_id, PEER_COLOR)


def geo_palette(geo_ids: Iterable[str]) -> dict[str, str]:
    """A seaborn ``palette=`` dict giving each geography id its house colour.

    >>> geo_palette(["fuzhou", "china", "nanchang"])
    {'fuzhou': '#D55E00', 'china': '#3A3A3A', 'nanchang': '#B8B8B8'}
    """
    return {geo_id: geo_color(geo_id) for geo_id in geo_ids}
