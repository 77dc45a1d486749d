"""The bundled Chinese font and the house chart style (fuzhou_data.style).

Charts must show Chinese text with no missing-glyph boxes even on a machine with no CJK
font installed. This machine may well have one (the font build needs Noto Sans CJK), so
"no CJK font installed" is simulated by giving matplotlib a family list that holds only
DejaVu Sans and the bundled font: matplotlib looks for glyphs in those families only.
"""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from fuzhou_data import style

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "fuzhou_data" / "data"
REBUILD = "python scripts/build_font_subset.py"

# Same rule as scripts/build_font_subset.py: characters that are never drawn need no glyph.
NON_RENDERED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}

SAMPLE_TITLE = "抚州市 规模以上工业增加值增速（%）−3.8"
SAMPLE_LABELS = [
    "抚州",
    "江西省",
    "全国",
    "南昌、九江、赣州",
    "“十四五”规划《纲要》【目标】：…—·？！",
    "固定资产投资（亿元）",
    "−12.5％",
]
# CJK Extension B: in no font matplotlib ships and not in the subset.
NOT_IN_ANY_FONT = "\U00020000"


def _data_characters() -> dict[str, set[str]]:
    """Rendered non-ASCII characters of the package data files -> files they occur in."""
    found: dict[str, set[str]] = {}
    for pattern in ("**/*.csv", "**/*.toml"):
        for path in sorted(DATA_DIR.glob(pattern)):
            for char in set(path.read_text(encoding="utf-8")):
                if ord(char) > 0x7F and unicodedata.category(char) not in NON_RENDERED_CATEGORIES:
                    found.setdefault(char, set()).add(path.relative_to(REPO_ROOT).as_posix())
    return found


@pytest.fixture(scope="module")
def font_cmap() -> dict[int, str]:
    return TTFont(style.font_path()).getBestCmap()


@pytest.fixture(scope="module")
def bare_families() -> list[str]:
    """Family list of a machine without CJK fonts: DejaVu Sans and the bundled font only."""
    families = [f for f in style.register_fonts() if f in (style.BASE_FAMILY, style.FONT_FAMILY)]
    assert families == [style.BASE_FAMILY, style.FONT_FAMILY]
    return families


def _render(texts: list[str], families: list[str], *, negative_ticks: bool = False) -> list[str]:
    """Draw *texts* as title, labels, tick labels and annotations; save a PNG.

    Returns the messages of the missing-glyph warnings matplotlib emitted.
    """
    with mpl.rc_context({"font.family": families}), warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        fig = Figure(figsize=(6, 4))
        ax = fig.subplots()
        ax.set_title(texts[0])
        ax.set_xlabel(texts[-1])
        ax.set_ylabel(texts[len(texts) // 2])
        ax.set_xticks(range(len(texts)), texts, rotation=90)
        for i, text in enumerate(texts):
            ax.text(i, i, text)
        if negative_ticks:
            ax.plot([-5.5, 2.0], [-3.8, 1.0])
        else:
            ax.set_ylim(0, len(texts))
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in got if "missing from font" in str(w.message) or "Glyph" in str(w.message)]


def _chunks(chars: list[str], size: int = 40) -> list[str]:
    return ["".join(chars[i : i + size]) for i in range(0, len(chars), size)]


# ------------------------------------------------------------------------------ the file


def test_font_file_family_and_licence(font_cmap: dict[int, str]) -> None:
    path = style.font_path()
    assert path.is_file() and path.name == style.FONT_FILE
    names = TTFont(path)["name"]
    assert names.getDebugName(1) == "Fuzhou Data Sans SC"
    assert names.getDebugName(4) == "Fuzhou Data Sans SC"
    assert names.getDebugName(6) == "FuzhouDataSansSC-Regular"
    # Renamed as the OFL asks of a Modified Version: no original family name left.
    family_names = [r.toUnicode() for r in names.names if r.nameID in (1, 4, 6, 16)]
    assert not any("Noto" in name for name in family_names), family_names
    assert FT2Font(str(path)).family_name == "Fuzhou Data Sans SC"
    licence = path.parent / "LICENSE-OFL.txt"
    assert licence.is_file()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")
    assert (path.parent / "README.md").is_file()
    for char in "抚州市江西省中国规模以上工业增加值（）、。，：；？！“”《》【】—…·％−":
        assert ord(char) in font_cmap, char


def test_font_is_small_enough() -> None:
    assert style.font_path().stat().st_size < 3_000_000


# ---------------------------------------------------------------------------- matplotlib


def test_register_fonts_is_idempotent_and_findable() -> None:
    first = style.register_fonts()
    second = style.register_fonts()
    assert first == second
    assert first[:2] == ["DejaVu Sans", "Fuzhou Data Sans SC"]
    assert set(first[2:]) <= set(style.INSTALLED_CJK_FAMILIES)
    path = style.font_path().resolve()
    entries = [e for e in font_manager.fontManager.ttflist if Path(e.fname).resolve() == path]
    assert len(entries) == 1 and entries[0].name == "Fuzhou Data Sans SC"
    found = font_manager.findfont(font_manager.FontProperties(family="Fuzhou Data Sans SC"), fallback_to_default=False)
    assert Path(found).resolve() == path


def test_chinese_renders_without_missing_glyphs() -> None:
    texts = [SAMPLE_TITLE, *SAMPLE_LABELS]
    assert _render(texts, style.register_fonts(), negative_ticks=True) == []


def test_missing_glyph_check_can_fail(bare_families: list[str], font_cmap: dict[int, str]) -> None:
    # Negative control: the check above would see a box if there were one.
    assert ord(NOT_IN_ANY_FONT) not in font_cmap
    missing = _render([f"抚州{NOT_IN_ANY_FONT}"], bare_families)
    assert missing and "131072" in missing[0], missing


def test_bundled_font_alone_renders_package_data(bare_families: list[str]) -> None:
    chars = sorted(_data_characters())
    texts = [SAMPLE_TITLE, *SAMPLE_LABELS, *_chunks(chars)]
    assert _render(texts, bare_families, negative_ticks=True) == []


def test_bundled_font_draws_ink(bare_families: list[str]) -> None:
    # Hanzi are drawn from the bundled font's outlines: ink, and different for different
    # characters (a missing glyph is drawn as the same empty box whatever the character).
    def ink(text: str, families: list[str]) -> np.ndarray:
        with mpl.rc_context({"font.family": families}):
            fig = Figure(figsize=(1, 1), dpi=100)
            canvas = FigureCanvasAgg(fig)
            fig.text(0.1, 0.3, text, fontsize=40)
            canvas.draw()
            return np.asarray(canvas.buffer_rgba())[..., 0] < 128

    cjk = ink("抚", bare_families)
    assert cjk.sum() > 50
    assert not np.array_equal(cjk, ink("州", bare_families))


def test_house_style() -> None:
    with mpl.rc_context():
        style.use_house_style()
        assert mpl.rcParams["font.family"][:2] == ["DejaVu Sans", "Fuzhou Data Sans SC"]
        assert mpl.rcParams["axes.titlelocation"] == "left"
        assert mpl.rcParams["figure.dpi"] == 100
        assert mpl.rcParams["savefig.dpi"] == 150
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == style.FUZHOU_COLOR
        assert _render([SAMPLE_TITLE, *SAMPLE_LABELS], mpl.rcParams["font.family"], negative_ticks=True) == []
        # Chinese charts: the bundled font first (full-width quotation marks, one face for digits
        # and hanzi), DejaVu Sans last, and still no missing glyph.
        style.use_house_style("zh")
        assert mpl.rcParams["font.family"][0] == style.FONT_FAMILY
        assert mpl.rcParams["font.family"][-1] == style.BASE_FAMILY
        texts = [SAMPLE_TITLE, *SAMPLE_LABELS, "与“四区”挂钩", "−3.8 ≈5.8 #2 n/a (%)"]
        assert _render(texts, mpl.rcParams["font.family"], negative_ticks=True) == []


def test_geo_colours() -> None:
    assert style.GEO_COLORS == {
        "fuzhou": style.FUZHOU_COLOR,
        "jiangxi": style.JIANGXI_COLOR,
        "china": style.CHINA_COLOR,
    }
    assert style.geo_color("nanchang") == style.PEER_COLOR
    assert style.geo_palette(["fuzhou", "ganzhou"]) == {
        "fuzhou": style.FUZHOU_COLOR,
        "ganzhou": style.PEER_COLOR,
    }
    assert len({style.FUZHOU_COLOR, style.JIANGXI_COLOR, style.CHINA_COLOR, style.PEER_COLOR}) == 4


def test_style_import_is_light() -> None:
    code = (
        "import sys, fuzhou_data; before = 'matplotlib' in sys.modules; "
        "import fuzhou_data.style; "
        "print(before, 'matplotlib' in sys.modules or 'seaborn' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    if out[0] == "True":
        pytest.skip("fuzhou_data/__init__.py itself imports matplotlib")
    assert out[1] == "False", "importing fuzhou_data.style must not import matplotlib or seaborn"


# ------------------------------------------------------------------------------ coverage


def test_font_covers_package_data(font_cmap: dict[int, str]) -> None:
    found = _data_characters()
    missing = {c: files for c, files in found.items() if ord(c) not in font_cmap}
    assert not missing, (
        f"{len(missing)} characters of the package data are missing from the bundled font "
        f"{style.FONT_FILE}:\n"
        + "\n".join(f"  U+{ord(c):04X} {c!r} in {', '.join(sorted(files))}" for c, files in sorted(missing.items()))
        + f"\nRebuild the font: {REBUILD} (see fuzhou_data/fonts/README.md). If the script "
        "says a character is not in the source font either, the data should not use it."
    )
