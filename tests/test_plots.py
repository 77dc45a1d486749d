"""Chart helpers (fuzhou_data.plots): render in both languages, warning-free, with honest content.

Every chart is drawn with Agg and saved as a PNG under warnings that are all recorded; any
warning fails the test, a missing-glyph warning ("Glyph ... missing from font(s)") first of all.
"No CJK font installed" is simulated as in tests/test_fonts.py: matplotlib gets a family list
with only DejaVu Sans and the bundled font.
"""

from __future__ import annotations

import base64
import io
import string
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from PIL import Image  # noqa: E402

import fuzhou_data as fd  # noqa: E402
from fuzhou_data import plots, style  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

CHARTS: dict[str, Callable[..., Figure]] = {
    "growth_comparison": lambda lang: plots.growth_comparison(2025, lang=lang),
    "gap_chart": lambda lang: plots.gap_chart(2025, lang=lang),
    "history": lambda lang: plots.history("gdp_growth", lang=lang),
    "peer_ranking": lambda lang: plots.peer_ranking("gdp_growth", lang=lang),
    "peer_ranking_trade": lambda lang: plots.peer_ranking("trade_growth", lang=lang),
    "rank_ranges": lambda lang: plots.rank_ranges(2025, lang=lang),
    "zone_sources": lambda lang: plots.zone_sources(lang=lang),
}


@pytest.fixture(autouse=True)
def _restore_settings() -> Iterator[None]:
    """Each test gets its own rcParams and language setting back, and no open figures."""
    lang = fd.get_lang()
    with mpl.rc_context():
        yield
    fd.set_lang(lang)
    plt.close("all")


def _render(make: Callable[[], Figure], path: Path) -> Figure:
    """Draw a chart as the notebooks show it (plots.png) and save it; fail on any warning,
    naming missing glyphs first."""
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        fig = make()
        assert plots.png(fig).startswith(PNG_SIGNATURE)
        fig.savefig(path, dpi=60)
    messages = [f"{w.category.__name__}: {w.message}" for w in got]
    glyphs = [m for m in messages if "missing from font" in m or "Glyph" in m]
    assert not glyphs, f"missing glyphs in {path.name}: {glyphs}"
    assert not messages, f"warnings while drawing {path.name}: {messages}"
    assert path.stat().st_size > 5_000
    return fig


def _texts(fig: Figure) -> list[str]:
    """Every piece of text drawn on the figure: titles, labels, ticks, annotations, legends."""
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]


def _gid_texts(ax, gid: str) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


def _footnote(fig: Figure) -> str:
    return "\n".join(_gid_texts(fig.axes[0], "footnote"))


def _bars(ax, color: str) -> list[Rectangle]:
    """The bars drawn in ``color`` (other patches in ax.patches, such as legend proxies, left out)."""
    bars = [p for c in ax.containers if isinstance(c, BarContainer) for p in c]
    return [p for p in bars if to_hex(p.get_facecolor()) == color.lower()]


# ----------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_renders_without_warnings(name: str, lang: str, tmp_path: Path) -> None:
    fig = _render(lambda: CHARTS[name](lang), tmp_path / f"{name}-{lang}.png")
    assert isinstance(fig, Figure)
    title = fig.axes[0].get_title(loc="left")
    assert title
    has_hanzi = any("\u4e00" <= c <= "\u9fff" for c in title)
    assert has_hanzi == (lang == "zh"), title
    assert fd.label("chart.sources", lang).split("{")[0] in _footnote(fig)
    plt.close(fig)


def test_renders_chinese_with_only_the_bundled_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A machine without CJK fonts: use_house_style() finds none of the installed families.
    monkeypatch.setattr(style, "INSTALLED_CJK_FAMILIES", ())
    for name, make in CHARTS.items():
        fig = _render(lambda make=make: make("zh"), tmp_path / f"{name}-bare.png")
        assert mpl.rcParams["font.family"] == [style.FONT_FAMILY, style.BASE_FAMILY]
        plt.close(fig)


def test_helpers_follow_set_lang(tmp_path: Path) -> None:
    fd.set_lang("zh")
    for name, make in (("growth", lambda: plots.growth_comparison()), ("zones", lambda: plots.zone_sources())):
        fig = _render(make, tmp_path / f"{name}.png")
        title = fig.axes[0].get_title(loc="left")
        assert any("\u4e00" <= c <= "\u9fff" for c in title), title
        plt.close(fig)
    fd.set_lang("en")
    fig = plots.growth_comparison()
    assert fig.axes[0].get_title(loc="left").isascii()
    plt.close(fig)


def test_draws_into_a_given_axes() -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 5))
    assert plots.gap_chart(lang="en", ax=right) is fig
    assert right.get_title(loc="left") and not left.get_title(loc="left")
    plt.close(fig)


def test_importing_plots_does_not_import_matplotlib() -> None:
    code = (
        "import sys, fuzhou_data, fuzhou_data.plots; "
        "print(sorted(m for m in ('matplotlib', 'seaborn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="lang must be"):
        plots.growth_comparison(lang="fr")
    with pytest.raises(TypeError, match="must be a fuzhou_data.Dataset"):
        plots.zone_sources(data="figures.csv")
    with pytest.raises(fd.UnknownIdError):
        plots.peer_ranking("gdp_grwth")
    with pytest.raises(ValueError, match="level, not a growth rate"):
        plots.growth_comparison(indicators="gdp")
    assert not plt.get_fignums(), "a figure was left open after bad input"


# ------------------------------------------------------------------------------ plots.png


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def _savefig(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, bbox_inches="tight")
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_png_is_what_tight_savefig_draws(name: str, lang: str) -> None:
    """One drawing, cropped, gives the picture of matplotlib's two: the same size within a
    pixel or two, and the same pixels but for anti-aliasing at a sub-pixel shift."""
    fig = CHARTS[name](lang)
    ours, theirs = _pixels(plots.png(fig)), _pixels(_savefig(fig))
    assert abs(ours.shape[0] - theirs.shape[0]) <= 2 and abs(ours.shape[1] - theirs.shape[1]) <= 2
    h, w = min(ours.shape[0], theirs.shape[0]) - 2, min(ours.shape[1], theirs.shape[1]) - 2
    off = min(
        (np.abs(ours[dy : dy + h, dx : dx + w] - theirs[:h, :w]).mean(), dy, dx) for dy in range(3) for dx in range(3)
    )
    diff = np.abs(ours[off[1] : off[1] + h, off[2] : off[2] + w] - theirs[:h, :w]).max(axis=2)
    assert off[0] < 4, f"mean difference {off[0]:.2f}"
    assert (diff > 100).mean() < 0.02, f"{(diff > 100).mean():.1%} of pixels differ"


def test_png_leaves_the_figure_as_it_was() -> None:
    fig = plots.rank_ranges(2025, lang="en")
    ax = fig.axes[0]
    ax.set_aspect(0.5)  # an active position that differs from the original one

    def state() -> list[float]:
        return [*fig.get_size_inches(), fig.dpi, *ax.get_position(original=True).bounds, *ax.get_position().bounds]

    before = state()
    plots.png(fig)
    assert state() == pytest.approx(before)
    assert plots.png(fig, dpi=50).startswith(PNG_SIGNATURE)
    assert state() == pytest.approx(before)


def test_png_falls_back_to_savefig_when_one_drawing_cannot_hold_the_figure() -> None:
    """Figure-level text, or text beyond the room, goes through savefig (byte for byte)."""
    fig = plots.history("gdp_growth", lang="en")
    fig.suptitle("A figure-level title")
    assert plots.png(fig) == _savefig(fig)
    fig = plots.history("gdp_growth", lang="en")
    ax = fig.axes[0]
    beyond = 1 + (plots.PNG_ROOM + 1) / (ax.get_position().width * fig.get_figwidth())  # axes widths
    ax.text(beyond, 0.5, "far away", transform=ax.transAxes)
    data = plots.png(fig)
    assert data == _savefig(fig)
    assert _pixels(data).shape[1] > (fig.get_figwidth() + plots.PNG_ROOM) * fig.dpi


def test_png_keeps_transparency() -> None:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    assert Image.open(io.BytesIO(plots.png(fig))).mode == "RGB"
    fig.patch.set_alpha(0.0)
    ax.patch.set_alpha(0.0)
    assert Image.open(io.BytesIO(plots.png(fig))).mode == "RGBA"


def test_show_displays_the_png_with_the_title_as_text_and_closes_the_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    from fuzhou_data import report

    shown: list[object] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    fig = plots.peer_ranking("gdp_growth", 2025, lang="en", title="Fuzhou grew\nfastest")
    report.show(fig, "How to read it.")
    bundle, caption = shown
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_SIGNATURE)
    assert bundle["text/plain"] == "Fuzhou grew fastest"
    assert "How to read it." in caption.data
    assert not plt.fignum_exists(fig.number)


# matplotlib_inline's own use of a deprecated traitlets API, when figure_formats changes
@pytest.mark.filterwarnings("ignore:InlineBackend._figure_formats_changed:DeprecationWarning")
def test_show_follows_the_inline_backends_figure_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retina: a PNG at twice the resolution shown at the normal size; svg: the backend's own way."""
    import IPython.display
    from matplotlib_inline.config import InlineBackend

    from fuzhou_data import report

    shown: list[tuple[object, dict]] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    backend = InlineBackend.instance()
    monkeypatch.setattr(backend, "figure_formats", {"png"})
    fig = plots.history("gdp_growth", lang="en")
    report.show(fig, "caption")
    normal = Image.open(io.BytesIO(base64.b64decode(shown[0][0]["image/png"]))).size
    assert shown[0][1].get("metadata") is None
    monkeypatch.setattr(backend, "figure_formats", {"retina"})
    shown.clear()
    report.show(plots.history("gdp_growth", lang="en"), "caption")
    (bundle, kw), _ = shown
    retina = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"]))).size
    assert abs(retina[0] - 2 * normal[0]) <= 4 and abs(retina[1] - 2 * normal[1]) <= 4
    assert kw["metadata"]["image/png"] == {"width": retina[0] // 2, "height": retina[1] // 2}
    monkeypatch.setattr(backend, "figure_formats", {"svg"})
    shown.clear()
    fig = plots.history("gdp_growth", lang="en")
    report.show(fig, "caption")
    assert shown[0][0] is fig and not plt.fignum_exists(fig.number)


# ------------------------------------------------------------------------------- content


def test_growth_comparison_content() -> None:
    cmp = fd.compare()
    fig = plots.growth_comparison(2025, lang="zh")
    ax = fig.axes[0]
    short = fd.indicators("zh").set_index("id")["short"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [short[i] for i in fd.HEADLINE]
    # Fuzhou in its colour, one bar per indicator; Jiangxi's missing values are "无数据" slots.
    assert len(_bars(ax, style.FUZHOU_COLOR)) == cmp["fuzhou"].notna().sum() == 7
    assert len(_bars(ax, style.JIANGXI_COLOR)) == cmp["jiangxi"].notna().sum()
    assert len(_gid_texts(ax, "na")) == cmp[["fuzhou", "jiangxi", "china"]].isna().sum().sum()
    assert set(_gid_texts(ax, "na")) == {"无数据"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["抚州", "江西", "全国"]
    texts = _texts(fig)
    assert "5.9" in texts and "\u22123.8" in texts  # Fuzhou's GDP growth, China's investment
    assert "article_2026" in _footnote(fig) and "无数据：" in _footnote(fig)
    plt.close(fig)


def test_growth_comparison_subset_and_positions() -> None:
    fig = plots.growth_comparison(2025, indicators=["gdp_growth", "income_growth"], lang="en")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["GDP", "Income"]
    # The n/a text sits where Jiangxi's income bar would be: the same place as Jiangxi's GDP bar.
    (jiangxi_gdp,) = _bars(ax, style.JIANGXI_COLOR)
    (na,) = [t for t in ax.texts if t.get_gid() == "na"]
    centre = jiangxi_gdp.get_y() + jiangxi_gdp.get_height() / 2
    assert na.xy[1] == pytest.approx(centre + 1)
    plt.close(fig)


def test_gap_chart_marks_each_missing_gap() -> None:
    cmp = fd.compare()
    for lang, na in (("en", "n/a"), ("zh", "无数据")):
        fig = plots.gap_chart(lang=lang)
        ax = fig.axes[0]
        texts = _gid_texts(ax, "na")
        assert texts.count(na) == len(texts) == cmp["jiangxi"].isna().sum() == 4
        assert cmp["china"].notna().all()
        labels = _texts(fig)
        assert "+0.7" in labels and "+17.8" in labels  # GDP vs Jiangxi, trade vs China
        plt.close(fig)


def test_history_breaks_lines_at_missing_years() -> None:
    fig = plots.history("gdp_growth", lang="en")
    ax = fig.axes[0]
    fuzhou_lines = [
        line
        for line in ax.get_lines()
        if to_hex(line.get_color()) == style.FUZHOU_COLOR.lower() and len(line.get_xdata())
    ]
    years = sorted(int(x) for line in fuzhou_lines for x in line.get_xdata())
    assert years == [2023, 2025]
    assert all(len(line.get_xdata()) == 1 for line in fuzhou_lines), "2023 and 2025 must not be joined"
    assert "No figure for Fuzhou 2021, 2022, 2024" in _footnote(fig)
    plt.close(fig)
    fig = plots.history("gdp_growth", lang="zh")
    assert "无数据：抚州2021、2022、2024年" in _footnote(fig)
    plt.close(fig)


def test_history_marks_approximate_figures() -> None:
    fig = plots.history("industry_growth", geos=("fuzhou", "xinyu"), lang="zh")
    ax = fig.axes[0]
    assert "约数" in [t.get_text() for t in ax.get_legend().get_texts()]
    hollow = [c for c in ax.collections if len(c.get_offsets())]
    assert len(hollow) == 1 and tuple(hollow[0].get_offsets()[0]) == (2025, 9.5)  # Xinyu's "about 9.5"
    assert "空心标记" in _footnote(fig)
    plt.close(fig)


def test_peer_ranking_content() -> None:
    peers = fd.peers("gdp_growth")
    fig = plots.peer_ranking("gdp_growth", lang="en")
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert len(rows) == 11 and set(rows) == set(fd.geographies("en").query("level == 'city'")["name"])
    known = peers.dropna(subset=["value"]).sort_values("value", ascending=False)
    assert rows[: len(known)] == known["geo_name"].tolist()
    assert _gid_texts(ax, "na") == ["no data"] * peers["value"].isna().sum()
    (fuzhou,) = _bars(ax, style.FUZHOU_COLOR)
    assert fuzhou.get_width() == pytest.approx(5.9)
    assert len(_bars(ax, style.PEER_COLOR)) == len(known) - 1
    texts = _texts(fig)
    assert "5.9  #2" in texts  # stated rank
    assert "≈5.8" in texts  # Xinyu, approximate
    assert [p.get_hatch() for c in ax.containers for p in c if p.get_hatch()] == [plots.APPROX_HATCH]
    plt.close(fig)


def test_rank_ranges_content() -> None:
    checks = fd.rank_check()
    fig = plots.rank_ranges(lang="en")
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == len(checks)
    assert ax.get_xlim() == (0.5, 11.5)
    legend = [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]
    assert "stated rank: untestable (no other city known)" in legend  # income growth
    assert "stated rank: consistent" in legend
    plt.close(fig)


def test_zone_sources_counts() -> None:
    """Each bar is the zone's linked actions (an action serving two zones counts in both); each
    segment the actions from one direction."""
    fig = plots.zone_sources(lang="zh")
    ax = fig.axes[0]
    links = fd.measure_zones()
    totals = links.groupby("zone")["action"].nunique().reindex(fd.zones()["id"], fill_value=0)
    widths = [0.0] * len(totals)
    for bar in ax.patches:
        widths[round(bar.get_y() + bar.get_height() / 2)] += bar.get_width()
    assert widths == [float(t) for t in totals]
    assert len(ax.get_yticklabels()) == len(totals)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == fd.directions(lang="zh")["title"].tolist()
    plt.close(fig)


# --------------------------------------------------------------------------------- labels


def test_chart_labels_have_the_same_fields_in_both_languages() -> None:
    labels = fd.load_all()["labels"]
    chart = labels[labels["id"].str.startswith("chart.")]
    assert len(chart) > 20
    for row in chart.itertuples():
        fields = [set(string.Formatter().parse(text)) for text in (row.en, row.zh)]
        names = [{f[1] for f in parsed if f[1]} for parsed in fields]
        # The same fields, except that Chinese may leave the province implicit (全省排名).
        assert names[1] <= names[0] and names[0] - names[1] <= {"jiangxi"}, row.id
        assert row.en.strip() and row.zh.strip()


def test_every_chart_label_is_used() -> None:
    source = (REPO_ROOT / "fuzhou_data" / "plots.py").read_text(encoding="utf-8")
    labels = fd.load_all()["labels"]
    for key in labels.loc[labels["id"].str.startswith("chart."), "id"]:
        short = key.removeprefix("chart.")
        used = f'"{short}"' in source or short.startswith("rank_") and 'f"rank_{s}"' in source
        assert used, f"{key} is not used by fuzhou_data/plots.py"


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("构建现代化产业体系，不断巩固壮大实体经济根基", 24, "构建现代化产业体系，\n不断巩固壮大实体经济根基"),
        ("全国优秀传统文化传承创新区", 14, "全国优秀传统文\n化传承创新区"),
        (
            "National zone for carrying on fine traditional culture",
            30,
            "National zone for carrying\non fine traditional culture",
        ),
        ("抚州、江西与中国", 7, "抚州、\n江西与\n中国"),
    ],
)
def test_wrap(text: str, width: int, expected: str) -> None:
    assert plots._wrap(text, width, balanced=True) == expected
