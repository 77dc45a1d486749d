"""Charts for the narrative notebooks, in the house style (seaborn's theme), in English or Chinese.

Every helper takes ``lang`` (None: the current setting, see ``fuzhou_data.set_lang``) and an
optional matplotlib ``ax`` to draw into, applies ``style.use_house_style()`` and returns the
``Figure``. All text comes from the catalogues (names of places, indicators, measures, ...) or
from ``labels.csv`` (``chart.*`` ids). Nothing is invented: a missing figure is drawn as a
visible gap labelled "n/a" (无数据), an approximate one is marked "≈", and a footnote names the
sources used, so that a screenshot of a chart explains itself.

    >>> import fuzhou_data.plots as fp
    >>> fig = fp.growth_comparison(2025, lang="zh")  # doctest: +SKIP

Importing this module does not import matplotlib or seaborn; the helpers do.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import style, tables
from ._options import check_lang
from .labels import label
from .schema import N_CITIES
from .tables import Dataset

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "gap_chart",
    "growth_comparison",
    "history",
    "peer_ranking",
    "rank_ranges",
    "zone_sources",
]

#: Colour of "n/a" gaps and other secondary text.
NA_COLOR = "#7A7A7A"
#: Colour of the footnote.
NOTE_COLOR = "#555555"
#: Hatch of bars whose figure is approximate.
APPROX_HATCH = "////"
#: Colours of a stated rank, by what the other cities' known figures say about it.
RANK_STATUS_COLORS = {
    "consistent": "#009E73",  # bluish green (Okabe-Ito)
    "inconsistent": "#CC79A7",  # reddish purple
    "untestable": "#8C8C8C",  # grey
}
_COMPARED = ("fuzhou", "jiangxi", "china")


# ----------------------------------------------------------------------------- text


def _t(key: str, lang: str, **fields: Any) -> str:
    """Chart text ``chart.<key>`` in ``lang``, with ``{fields}`` filled in."""
    text = label(f"chart.{key}", lang)
    return text.format(**fields) if fields else text


def _join(items: Iterable[Any], lang: str, key: str = "list") -> str:
    """Join items with the list pattern of ``lang`` ("a, b" or "a、b")."""
    parts = [str(i) for i in items]
    return functools.reduce(lambda a, b: _t(key, lang, a=a, b=b), parts) if parts else ""


def _data(data: Dataset | None) -> Dataset:
    """The dataset a chart draws from: `data`, or the bundled default."""
    if data is None:
        return tables.default()
    if not isinstance(data, Dataset):
        raise TypeError(f"data must be a fuzhou_data.Dataset, got {type(data).__name__}")
    return data


def _geo_names(ds: Dataset, lang: str) -> dict[str, str]:
    return ds._names("geographies", lang)


def _ind_names(ds: Dataset, lang: str, column: str = "name") -> dict[str, str]:
    return ds._names("indicators", lang, column)


def _fmt(value: float, approximate: bool = False, signed: bool = False) -> str:
    """A figure as printed on a chart: one decimal (none for large levels), a true minus sign."""
    text = f"{value:+.1f}" if signed else f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}"
    text = text.replace("-", "\u2212")
    return "≈" + text if approximate else text


def _value_axis(ds: Dataset, indicator: str, lang: str) -> str:
    if ds._s.indicator_kind[indicator] == "growth":
        return _t("axis_growth", lang)
    return ds._names("units", lang)[ds._s.indicator_unit[indicator]]


# Characters drawn two cells wide: hanzi, kana, hangul, CJK and full-width punctuation.
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)
_TOKEN = re.compile(rf"{_WIDE.pattern}|[^\s{_WIDE.pattern[1:-1]}]+|\s+")
# Punctuation that must not begin a line (it stays with the character before it).
_NO_LINE_START = set("，。、；：？！）》」』】”’,.;:?!)%％")


def _width(text: str) -> int:
    """Display width in half-width cells: a hanzi counts two, a Latin letter one."""
    return len(text) + len(_WIDE.findall(text))


def _greedy(text: str, width: int) -> list[str]:
    """Fill lines of at most ``width`` cells, breaking at spaces and between hanzi."""
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        if token.isspace():
            line = line + " " if line else line
            continue
        if line.strip() and _width(line + token) > width and token[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    return [*lines, line.rstrip()]


def _wrap(text: str, width: int, balanced: bool = False) -> str:
    """Wrap English at spaces and Chinese between characters, to lines of ``width`` cells.

    Chinese breaks after a clause (，；) when the clause fits on a line. ``balanced`` evens out
    the line lengths (for tick and legend labels): the narrowest width giving as few lines.
    """
    out: list[str] = []
    for paragraph in str(text).split("\n"):
        lines: list[str] = []
        for clause in re.findall(r"[^，；]*[，；]?", paragraph):
            if not clause:
                continue
            if lines and _width(lines[-1] + clause) <= width:
                lines[-1] += clause
                continue
            parts = _greedy(clause, width)
            if balanced:
                narrower = width
                while narrower > 1 and len(_greedy(clause, narrower - 1)) == len(parts):
                    narrower -= 1
                parts = _greedy(clause, narrower)
            lines += parts
        out += lines or [""]
    return "\n".join(out)


# ----------------------------------------------------------------------- figure parts


def _start(lang: str | None, ax: Axes | None, figsize: tuple[float, float]) -> tuple[str, Figure, Axes]:
    """Check ``lang``, apply the house style, and give the figure and axes to draw on."""
    lang = check_lang(lang)
    style.use_house_style(lang)
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=figsize)
    try:
        fig = ax.get_figure(root=True)
    except TypeError:  # matplotlib < 3.10
        fig = ax.figure
    return lang, fig, ax


def _done(fig: Figure) -> Figure:
    """Mark the figure up to date: otherwise Jupyter's post-execute hook draws it once more, unseen,
    before the inline backend renders it (30-120 ms a chart). A later change marks it stale again."""
    fig.stale = False
    return fig


def _title(ax: Axes, text: str) -> None:
    fig = ax.get_figure()
    inches = fig.get_figwidth() * max(ax.get_position().width, 0.6)
    ax.set_title(_wrap(text, int(10 * inches)), loc="left")


def _footnote(ax: Axes, lang: str, sources: Iterable[Any], notes: Iterable[str] = ()) -> None:
    """Notes and a "Sources: ..." line under everything the axes draws (ticks, axis labels)."""
    ids = sorted({s for s in sources if isinstance(s, str) and s})
    lines = [*notes]
    if ids:
        lines.append(_t("sources", lang, ids=_join(ids, lang)))
    fig = ax.get_figure()
    width = int(15 * fig.get_figwidth())
    text = "\n".join(_wrap(line, width) for line in lines)
    ax.annotate(
        text,
        xy=(0, 0),
        # x: the left edge of the axes; y: the bottom of the x-axis label, which matplotlib
        # places under the tick labels. Cheaper than measuring the whole axes at draw time.
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -8),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize="x-small",
        color=NOTE_COLOR,
        annotation_clip=False,
        gid="footnote",
    )


def _legend_outside(ax: Axes, handles: list | None = None, labels: list[str] | None = None) -> None:
    """The legend to the right of the axes, top-aligned, without a title."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    labels = [_wrap(text, 26, balanced=True) for text in labels or []]
    ax.legend(
        handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), title=None, fontsize="small", borderaxespad=0.0
    )


def _value_label(
    ax: Axes, value: float, pos: float, text: str, horizontal: bool = True, pad: float = 4, **kw: Any
) -> None:
    """Text at the end of a bar (or next to a dot), outside it, on the side the bar points to."""
    sign = -1 if value < 0 else 1
    if horizontal:
        xy, offset = (value, pos), (pad * sign, 0)
        align = {"ha": "right" if sign < 0 else "left", "va": "center"}
    else:
        xy, offset = (pos, value), (0, pad * sign)
        align = {"ha": "center", "va": "top" if sign < 0 else "bottom"}
    kw.setdefault("gid", "value")
    ax.annotate(text, xy, xytext=offset, textcoords="offset points", fontsize="small", **align, **kw)


def _na(ax: Axes, pos: float, text: str, color: str = NA_COLOR) -> None:
    """A visible gap: ``text`` ("n/a", "no data") where a horizontal bar would start.

    ``color``: that of the missing series, so that a reader sees whose figure is missing.
    """
    _value_label(ax, 0.0, pos, text, color=color, alpha=0.8, gid="na")


def _bar_at(ax: Axes, pos: float, horizontal: bool = True) -> Any:
    """The bar whose centre on the category axis is ``pos``, or None."""
    from matplotlib.container import BarContainer

    # Bars of bar containers only: ax.patches also holds other patches (legend proxies, ...).
    for patch in (p for c in ax.containers if isinstance(c, BarContainer) for p in c):
        centre = patch.get_y() + patch.get_height() / 2 if horizontal else patch.get_x() + patch.get_width() / 2
        if abs(centre - pos) < 1e-6:
            return patch
    return None


def _mark_approximate(ax: Axes, pos: float) -> None:
    bar = _bar_at(ax, pos)
    if bar is not None:
        bar.set_hatch(APPROX_HATCH)
        bar.set_edgecolor("white")


def _approx_handle(lang: str) -> tuple[Any, str]:
    from matplotlib.patches import Patch

    return Patch(facecolor=style.PEER_COLOR, edgecolor="white", hatch=APPROX_HATCH), _t("approx", lang)


def _zero_line(ax: Axes, horizontal: bool = True) -> None:
    (ax.axvline if horizontal else ax.axhline)(0, color=style.CHINA_COLOR, linewidth=0.8, zorder=1)


def _fit_labels(ax: Axes, pad_px: float = 6.0) -> None:
    """Widen the x-limits so that every value and "n/a" label lies inside the axes.

    A label sits a fixed number of pixels from its data point, so how many data units it
    covers depends on the limits themselves: iterate to the fixed point.
    """
    fig = ax.get_figure()
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    labels = []
    for text in ax.texts:
        if text.get_gid() in ("value", "na") and text.get_visible():
            box = text.get_window_extent(renderer)
            anchor = ax.transData.transform((text.xy[0], 0))[0]
            labels.append((text.xy[0], anchor - box.x0 + pad_px, box.x1 - anchor + pad_px))
    width = ax.get_window_extent(renderer).width
    first_low, first_high = low, high = ax.get_xlim()
    for _ in range(25):
        per_px = (high - low) / width
        low = min([first_low] + [x - left * per_px for x, left, _ in labels])
        high = max([first_high] + [x + right * per_px for x, _, right in labels])
    ax.set_xlim(low, high)


def _categories(ax: Axes, names: list[str]) -> None:
    """A category axis on y: one row per name, top to bottom, without horizontal grid lines."""
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)


def _dodge(n: int, width: float = 0.8) -> list[float]:
    """Offsets of n dodged bars around a category centre (seaborn's barplot arrangement)."""
    return [(j - (n - 1) / 2) * width / n for j in range(n)]


def _headline(ds: Dataset, indicators: Any, geos: Iterable[str], year: int, lang: str) -> pd.DataFrame:
    """The preferred figures (or NA) of growth indicators x places for one year, long format."""
    inds = ds._check_growth(indicators)
    ds._check_year(year)
    frame = pd.concat([ds.grid(i, list(geos), [year], lang) for i in inds], ignore_index=True)
    frame["indicator_label"] = frame["indicator"].map(_ind_names(ds, lang, "short"))
    return frame


# ------------------------------------------------------------------------------ PNG

#: Room (inches) added around the figure while it is drawn once by ``png``: titles, legends and
#: footnotes outside the axes must fall inside it (otherwise ``png`` falls back to savefig).
PNG_ROOM = 3.0


def png(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure as a PNG cropped to what it draws, as ``savefig(bbox_inches="tight")`` gives it,
    drawn once instead of twice; what ``report.show`` displays in the notebooks.

    matplotlib's tight savefig draws the figure to measure it, then draws it again at the cropped
    size with a fresh renderer, so every text is laid out twice. Here the figure gets PNG_ROOM
    inches of room on every side (the axes keep their size and place), is drawn once, and the
    pixels are cropped to the tight box plus ``savefig.pad_inches``; the figure is put back as it
    was. Figures with figure-level artists, a layout engine, axes locators or content beyond the
    room go through savefig. ``dpi``: default the figure's, as the inline backend shows it.

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(4, 3))
    >>> _ = ax.set_title("抚州市")
    >>> png(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    >>> plt.close(fig)
    """
    import io

    import matplotlib as mpl
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox
    from PIL import Image

    dpi = fig.dpi if dpi is None else dpi
    pad = mpl.rcParams["savefig.pad_inches"]
    pad = 0.1 if pad == "layout" else float(pad)
    plain = (
        isinstance(fig.canvas, FigureCanvasAgg)
        and fig.get_layout_engine() is None
        and not (fig.texts or fig.legends or fig.patches or fig.lines or fig.images or fig.artists or fig.subfigs)
        and all(ax.get_axes_locator() is None for ax in fig.axes)
    )
    picture = None
    if plain:
        w, h = fig.get_size_inches()
        size, old_dpi = (w + 2 * PNG_ROOM, h + 2 * PNG_ROOM), fig.dpi
        places = [(ax, ax.get_position(original=True), ax.get_position()) for ax in fig.axes]

        def moved(box: Bbox) -> Bbox:
            return Bbox.from_extents(
                (box.x0 * w + PNG_ROOM) / size[0],
                (box.y0 * h + PNG_ROOM) / size[1],
                (box.x1 * w + PNG_ROOM) / size[0],
                (box.y1 * h + PNG_ROOM) / size[1],
            )

        try:
            fig.set_size_inches(*size, forward=False)
            fig.set_dpi(dpi)
            for ax, original, active in places:
                ax.set_position(moved(original), which="original")
                ax.set_position(moved(active), which="active")
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            width, height = fig.canvas.get_width_height()
            tight = fig.get_tightbbox(renderer).transformed(fig.dpi_scale_trans)
            if tight.x0 >= 0 and tight.y0 >= 0 and tight.x1 <= width and tight.y1 <= height:
                box = tight.padded(pad * dpi)
                left, right = max(int(box.x0), 0), min(int(np.ceil(box.x1)), width)
                top, bottom = max(int(height - box.y1), 0), min(int(np.ceil(height - box.y0)), height)
                picture = np.asarray(fig.canvas.buffer_rgba())[top:bottom, left:right].copy()
        finally:
            fig.set_size_inches(w, h, forward=False)
            fig.set_dpi(old_dpi)
            for ax, original, active in places:
                ax.set_position(original, which="original")
                ax.set_position(active, which="active")
    buffer = io.BytesIO()
    if picture is None:
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
        return buffer.getvalue()
    # An opaque figure (the house style's is white) loses nothing as RGB, which is smaller;
    # compression level 3 is as small as the default 6 here, at two thirds of the time.
    image = Image.fromarray(picture)
    if (picture[..., 3] == 255).all():
        image = image.convert("RGB")
    image.save(buffer, format="png", compress_level=3)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- charts


def growth_comparison(
    year: int | None = None,
    indicators: str | Iterable[str] | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    *,
    data: Dataset | None = None,
    title: str | None = None,
) -> Figure:
    """Grouped bars: Fuzhou, Jiangxi and China side by side for each growth indicator.

    Defaults to the article's seven headline indicators (``tables.HEADLINE``). Each bar carries
    its value; a figure missing from the data is an empty slot labelled "n/a" (无数据), an
    approximate one is hatched and marked "≈".
    """
    from matplotlib.patches import Patch

    ds = _data(data)
    year = ds.latest_year() if year is None else ds._check_year(year)

    data = _headline(ds, indicators, _COMPARED, year, check_lang(lang))
    order = list(dict.fromkeys(data["indicator_label"]))
    lang, fig, ax = _start(lang, ax, (8.0, 1.6 + 0.75 * len(order)))
    names = _geo_names(ds, lang)
    hue_order = [names[g] for g in _COMPARED]
    offsets = _dodge(len(_COMPARED))
    for j, geo in enumerate(_COMPARED):
        known = data[(data["geo"] == geo) & data["value"].notna()]
        pos = [order.index(i) + offsets[j] for i in known["indicator_label"]]
        ax.barh(pos, known["value"].tolist(), height=0.8 / len(_COMPARED), color=style.geo_color(geo))
    _categories(ax, order)
    na = label("value.na", lang)
    for row in data.itertuples():
        pos = order.index(row.indicator_label) + offsets[_COMPARED.index(row.geo)]
        if pd.isna(row.value):  # a visible gap
            _na(ax, pos, na, style.geo_color(row.geo))
            continue
        _value_label(ax, row.value, pos, _fmt(row.value, bool(row.approximate)))
        if row.approximate:
            _mark_approximate(ax, pos)
    _zero_line(ax)
    ax.set(xlabel=_t("axis_growth", lang), ylabel="")
    handles = [Patch(facecolor=style.geo_color(g)) for g in _COMPARED]
    labels_ = hue_order
    approx = bool(data["approximate"].fillna(False).any())
    if approx:
        handle, text = _approx_handle(lang)
        handles, labels_ = [*handles, handle], [*labels_, text]
    _legend_outside(ax, handles, labels_)
    _title(ax, title or _t("growth_title", lang, year=year, **{g: names[g] for g in _COMPARED}))
    notes = []
    if data["value"].isna().any():
        notes.append(_t("na_note", lang, na=na))
    if approx:
        notes.append(_t("approx_note", lang))
    _fit_labels(ax)
    _footnote(ax, lang, data["source"], notes)
    return _done(fig)


def gap_chart(
    year: int | None = None,
    indicators: str | Iterable[str] | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    *,
    data: Dataset | None = None,
    title: str | None = None,
) -> Figure:
    """Fuzhou's lead in percentage points over Jiangxi and over China, per growth indicator.

    A dot on a stem from 0; a gap that cannot be computed (a side is missing) is labelled
    "n/a" (无数据) at 0. Gaps with an approximate side are hollow and marked "≈".
    """
    ds = _data(data)
    year = ds.latest_year() if year is None else ds._check_year(year)

    lang = check_lang(lang)
    cmp = ds.compare(indicators, year, lang)
    data = _headline(ds, cmp["indicator"].tolist(), _COMPARED, year, lang)
    approx = data.pivot(index="indicator", columns="geo", values="approximate").fillna(False)
    order = [_ind_names(ds, lang, "short")[i] for i in cmp["indicator"]]
    lang, fig, ax = _start(lang, ax, (8.0, 1.6 + 0.6 * len(order)))
    names = _geo_names(ds, lang)
    others = ("jiangxi", "china")
    series = {o: _t("gap_vs", lang, geo=names[o]) for o in others}
    offsets = _dodge(len(others), 0.5)
    rows = []
    for i, r in enumerate(cmp.itertuples()):
        for j, other in enumerate(others):
            gap = getattr(r, f"gap_{other}_pp")
            rough = bool(approx.loc[r.indicator, "fuzhou"] or approx.loc[r.indicator, other])
            rows.append({"pos": i + offsets[j], "gap": gap, "series": series[other], "other": other, "approx": rough})
    dots = pd.DataFrame(rows)
    known = dots[dots["gap"].notna()]
    colors = {series[o]: style.geo_color(o) for o in others}
    ax.hlines(known["pos"], 0, known["gap"], colors=known["series"].map(colors), linewidth=2, zorder=2)
    for name, color in colors.items():
        mine = known[known["series"] == name]
        ax.scatter(mine["gap"], mine["pos"], s=70, color=color, edgecolor="white", linewidth=1, zorder=3, label=name)
    rough = known[known["approx"]]
    if len(rough):
        ax.scatter(
            rough["gap"],
            rough["pos"],
            s=70,
            facecolor="white",
            edgecolor=rough["series"].map(colors),
            linewidth=1.5,
            zorder=4,
        )
    na = label("value.na", lang)
    for d in dots.itertuples():
        if pd.isna(d.gap):
            _na(ax, d.pos, na, style.geo_color(d.other))
        else:
            _value_label(ax, d.gap, d.pos, _fmt(d.gap, d.approx, signed=True), pad=8, color=style.geo_color(d.other))
    _zero_line(ax)
    _categories(ax, order)
    ax.set(xlabel=_t("axis_gap", lang, fuzhou=names["fuzhou"]), ylabel="")
    _legend_outside(ax)
    _title(ax, title or _t("gap_title", lang, year=year, **{g: names[g] for g in _COMPARED}))
    notes = []
    if dots["gap"].isna().any():
        notes.append(_t("na_note", lang, na=na))
    if len(rough):
        notes.append(_t("approx_gap_note", lang))
    _fit_labels(ax)
    _footnote(ax, lang, data["source"], notes)
    return _done(fig)


def history(
    indicator: str = "gdp_growth",
    geos: str | Iterable[str] = ("fuzhou", "jiangxi", "china"),
    years: Iterable[int] | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    *,
    data: Dataset | None = None,
    title: str | None = None,
) -> Figure:
    """Lines with markers over the years, one per place, from ``Dataset.grid``.

    ``years`` defaults to every year from the first to the last with a figure for these places.

    A line joins only consecutive years that both have a figure; the missing points are listed
    in the footnote. Approximate figures are drawn as hollow markers.
    """
    ds = _data(data)
    if years is None:
        known_years = ds.years(geos, indicator)
        years = range(known_years[0], known_years[-1] + 1) if known_years else []
    years = [int(y) for y in tables._years(years) or []]
    if not years:
        raise ValueError(f"no years to draw: no figures for {indicator} of {geos}")
    from matplotlib.lines import Line2D

    lang = check_lang(lang)
    data = ds.grid(indicator, geos, years, lang)
    lang, fig, ax = _start(lang, ax, (8.0, 4.5))
    names = _geo_names(ds, lang)
    geo_ids = list(dict.fromkeys(data["geo"]))
    # A new line segment after every missing year: one line per "run" of consecutive figures.
    data["run"] = data.groupby("geo")["value"].transform(lambda v: v.isna().cumsum())
    known = data[data["value"].notna()]
    palette = {names[g]: style.geo_color(g) for g in geo_ids}
    line = {"marker": "o", "markersize": 8, "markeredgecolor": "white", "linewidth": 2}
    handles, labels_ = [], []
    for geo in geo_ids:
        mine = known[known["geo"] == geo]
        if len(mine):
            # A place with no two consecutive years has dots only, in the legend too.
            joined = bool(mine.groupby("run").size().max() > 1)
            handles.append(Line2D([], [], color=style.geo_color(geo), **{**line, "linestyle": "-" if joined else ""}))
            labels_.append(names[geo])
    for geo in reversed(geo_ids):  # the first place named is drawn last, on top
        for _, run in known[known["geo"] == geo].groupby("run"):
            ax.plot(run["year"].tolist(), run["value"].tolist(), color=style.geo_color(geo), **line)
    rough = known[known["approximate"].fillna(False).astype(bool)]
    notes = []
    if len(rough):
        ax.scatter(
            rough["year"],
            rough["value"],
            s=55,
            facecolor="white",
            edgecolor=rough["geo_name"].map(palette),
            linewidth=1.5,
            zorder=4,
        )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=7,
                markerfacecolor="white",
                markeredgecolor=NA_COLOR,
                markeredgewidth=1.5,
            )
        )
        labels_.append(_t("approx", lang))
        notes.append(_t("approx_point_note", lang))
    missing = data[data["value"].isna()]
    if len(missing):
        items = [
            _t("geo_years", lang, geo=names[g], years=_join(missing.loc[missing["geo"] == g, "year"], lang))
            for g in geo_ids
            if (missing["geo"] == g).any()
        ]
        notes.insert(0, _t("missing", lang, items=_join(items, lang, "groups")))
    if len(known) and known["value"].min() < 0 < known["value"].max():
        _zero_line(ax, horizontal=False)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(years) - 0.3, max(years) + 0.3)
    ax.set(xlabel="", ylabel=_value_axis(ds, indicator, lang))
    _legend_outside(ax, handles, labels_)
    _title(
        ax,
        title or _t("history_title", lang, indicator=_ind_names(ds, lang)[indicator], start=min(years), end=max(years)),
    )
    _footnote(ax, lang, data["source"], notes)
    return _done(fig)


def peer_ranking(
    indicator: str,
    year: int | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    *,
    data: Dataset | None = None,
    title: str | None = None,
) -> Figure:
    """Horizontal bars of Jiangxi's eleven cities, highest first; Fuzhou highlighted.

    Cities without a figure stay on the chart, at the bottom, as "no data" rows. Ranks stated
    by a source are annotated ("#2"); approximate figures are hatched and marked "≈".
    """
    ds = _data(data)
    year = ds.latest_year() if year is None else ds._check_year(year)

    lang = check_lang(lang)
    data = ds.peers(indicator, year, lang)
    known = data[data["value"].notna()].sort_values("value", ascending=False, kind="stable")
    order = [*known["geo_name"], *data.loc[data["value"].isna(), "geo_name"]]
    lang, fig, ax = _start(lang, ax, (8.0, 1.8 + 0.4 * len(order)))
    names = _geo_names(ds, lang)
    ax.barh(
        [order.index(n) for n in known["geo_name"]],
        known["value"].tolist(),
        height=0.7,
        color=[style.geo_color(g) for g in known["geo"]],
    )
    _categories(ax, order)
    no_data = _t("no_data", lang)
    approx = False
    for row in data.itertuples():
        pos = order.index(row.geo_name)
        if pd.isna(row.value):
            _na(ax, pos, no_data)
            continue
        text = _fmt(row.value, bool(row.approximate))
        if not pd.isna(row.rank):
            text += "  " + _t("rank", lang, rank=int(row.rank))
        _value_label(ax, row.value, pos, text, color=style.FUZHOU_COLOR if row.is_fuzhou else None)
        if row.approximate:
            approx = True
            _mark_approximate(ax, pos)
    for tick in ax.get_yticklabels():
        if tick.get_text() == names["fuzhou"]:
            tick.set_color(style.FUZHOU_COLOR)
    _zero_line(ax)
    ax.set(xlabel=_value_axis(ds, indicator, lang), ylabel="")
    if approx:
        handle, text = _approx_handle(lang)
        _legend_outside(ax, [handle], [text])
    _title(
        ax,
        title
        or _t(
            "peer_title",
            lang,
            indicator=_ind_names(ds, lang)[indicator],
            year=year,
            jiangxi=names["jiangxi"],
            n=N_CITIES,
        ),
    )
    notes = []
    if data["rank"].notna().any():
        notes.append(_t("rank_note", lang, jiangxi=names["jiangxi"]))
    if approx:
        notes.append(_t("approx_note", lang))
    if data["value"].isna().any():
        notes.append(_t("na_note", lang, na=no_data))
    _fit_labels(ax)
    _footnote(ax, lang, data["source"], notes)
    return _done(fig)


def rank_ranges(
    year: int | None = None,
    indicators: str | Iterable[str] | None = None,
    lang: str | None = None,
    ax: Axes | None = None,
    *,
    data: Dataset | None = None,
    title: str | None = None,
) -> Figure:
    """Each rank Fuzhou states, against the ranks the other cities' known figures still allow.

    From ``tables.rank_check``: a band from ``rank_min_possible`` to ``rank_max_possible`` on a
    1..11 axis and the stated rank as a marker, coloured consistent / inconsistent /
    untestable (no other city known).
    """
    from matplotlib.lines import Line2D

    ds = _data(data)
    year = ds.latest_year() if year is None else ds._check_year(year)

    lang = check_lang(lang)
    checks = ds.rank_check(indicators, year, lang)
    lang, fig, ax = _start(lang, ax, (8.0, 1.8 + 0.55 * max(len(checks), 1)))
    names = _geo_names(ds, lang)
    status_text = {s: _t(f"rank_{s}", lang) for s in RANK_STATUS_COLORS}
    sources: list[Any] = []
    notes = [_t("rank_method", lang, fuzhou=names["fuzhou"], n=N_CITIES)]
    if checks.empty:
        ax.text(0.5, 0.5, _t("no_ranks", lang, year=year), transform=ax.transAxes, ha="center", color=NA_COLOR)
        ax.set_yticks([])
    else:
        short = _ind_names(ds, lang, "short")
        status = ["untestable" if pd.isna(c) else "consistent" if c else "inconsistent" for c in checks["consistent"]]
        checks = checks.assign(status=status, pos=range(len(checks)), status_label=[status_text[s] for s in status])
        rows = []
        any_rough = False
        for r in checks.itertuples():
            peers = ds.peers(r.indicator, year, lang)
            others = peers[~peers["is_fuzhou"] & peers["value"].notna()]
            rough = bool(others["approximate"].fillna(False).any())
            any_rough |= rough
            sources += [r.source, *others["source"]]
            rows.append(_t("rank_row", lang, indicator=short[r.indicator], n=r.peers_known) + (" ≈" if rough else ""))
            color = RANK_STATUS_COLORS[r.status]
            ax.hlines(
                r.pos,
                r.rank_min_possible,
                r.rank_max_possible,
                color=color,
                alpha=0.3,
                linewidth=14,
                capstyle="round",
                zorder=2,
            )
        ax.scatter(
            checks["stated_rank"].tolist(),
            checks["pos"].tolist(),
            s=80,
            marker="D",
            color=[RANK_STATUS_COLORS[s] for s in status],
            edgecolor="white",
            zorder=3,
        )
        for r in checks.itertuples():
            ax.annotate(
                _t("rank", lang, rank=r.stated_rank),
                (r.stated_rank, r.pos),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="small",
                color=RANK_STATUS_COLORS[r.status],
            )
        ax.set_yticks(range(len(rows)), rows)
        ax.set_ylim(len(rows) - 0.4, -0.7)
        if any_rough:
            notes.append(_t("rank_approx", lang))
        handles = [Line2D([], [], color=style.PEER_COLOR, linewidth=8, solid_capstyle="round")]
        labels_ = [_t("rank_possible", lang)]
        for s in RANK_STATUS_COLORS:
            if s in set(status):
                handles.append(
                    Line2D(
                        [],
                        [],
                        linestyle="",
                        marker="D",
                        markersize=8,
                        color=RANK_STATUS_COLORS[s],
                        markeredgecolor="white",
                    )
                )
                labels_.append(status_text[s])
        _legend_outside(ax, handles, labels_)
    ax.set_xticks(range(1, N_CITIES + 1))
    ax.set_xlim(0.5, N_CITIES + 0.5)
    ax.grid(axis="y", visible=False)
    ax.set(xlabel=_t("axis_rank", lang, jiangxi=names["jiangxi"], n=N_CITIES), ylabel="")
    _title(ax, title or _t("ranks_title", lang, fuzhou=names["fuzhou"], jiangxi=names["jiangxi"], year=year))
    _footnote(ax, lang, sources, notes)
    return _done(fig)


#: One colour per direction of work, in the article's order (Okabe-Ito hues; green for green development).
DIRECTION_COLORS = ("#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#009E73", "#A6761D")


def zone_sources(
    lang: str | None = None,
    ax: Axes | None = None,
    *,
    data: Dataset | None = None,
    title: str | None = None,
) -> Figure:
    """Stacked bars: for each of the four zones, the 2026 actions that serve it, by the direction
    of work they come from (``Dataset.measure_zones``).

    An action that serves two zones counts in both bars (the footnote says so when one does). Each
    segment is labelled with its count where it is wide enough; the total stands at the end of the bar.
    """
    ds = _data(data)
    lang = check_lang(lang)
    from .plan import _zone_links

    links = _zone_links(ds)
    zones = ds.zones(lang)
    dirs = ds.directions(lang)
    counts = (
        links.groupby(["zone", "direction"])["action"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(index=zones["id"], columns=dirs["id"], fill_value=0)
    )
    lang, fig, ax = _start(lang, ax, (8.0, 1.9 + 0.55 * len(zones)))
    width = 24 if lang == "en" else 28  # Chinese names on one line: they break badly mid-word
    rows = [_wrap(name, width, balanced=True) for name in zones["name"]]
    left = [0] * len(rows)
    segments = (counts > 0).sum(axis=1).tolist()
    for j, d in enumerate(dirs.itertuples()):
        values = counts[d.id].tolist()
        color = DIRECTION_COLORS[j % len(DIRECTION_COLORS)]
        ax.barh(range(len(rows)), values, left=left, color=color, edgecolor="white", linewidth=1, label=d.title)
        for i, v in enumerate(values):
            if v >= 2 and segments[i] > 1:  # a bar of one colour: its total at the end says it
                ax.text(left[i] + v / 2, i, str(v), ha="center", va="center", fontsize="small", color="white")
        left = [a + b for a, b in zip(left, values)]
    for i, total in enumerate(left):
        _value_label(ax, total, i, str(total))
    _categories(ax, rows)
    ax.set(xlabel=_t("zs_axis", lang), ylabel="")
    _legend_outside(ax)
    _title(ax, title or _t("zs_title", lang))
    _fit_labels(ax)
    named = int((links["strength"] == "explicit").sum())
    notes = [_t("zs_note", lang), _t("zs_links", lang, named=named, ours=len(links) - named)]
    if links.groupby("action")["zone"].nunique().gt(1).any():
        notes.append(_t("zs_double", lang))
    _footnote(ax, lang, links["source"], notes)
    return _done(fig)
