"""The notebooks as stored, in both editions (notebooks/ in English, notebooks/zh/ in Chinese):
structure, clean outputs, no hand-typed numbers, the same numbers in both editions; and the
parameterised notebooks run for another year (YEAR = 2023, and 2026 from a folder of figures)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
# Every notebook of both editions; not checkpoints, nor the runs `make year` writes to notebooks/runs/.
NOTEBOOKS = sorted(
    p
    for p in NOTEBOOK_DIR.rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts and "runs" not in p.parent.relative_to(NOTEBOOK_DIR).parts[:1]
)
ZH_DIR = NOTEBOOK_DIR / "zh"
ENGLISH = [p for p in NOTEBOOKS if p.parent == NOTEBOOK_DIR]
CHINESE = [p for p in NOTEBOOKS if p.parent == ZH_DIR]
# The notebooks that tell one year's story: a `parameters` cell with YEAR and EXTRA_FIGURES.
PARAMETERISED = [p for p in NOTEBOOKS if p.stem in ("01_growth", "02_rankings")]


def nb_id(path: Path) -> str:
    return path.relative_to(NOTEBOOK_DIR).with_suffix("").as_posix()


# What may stand in prose as digits: years and year ranges, the plan's ordinal, links and code.
ALLOWED = [
    r"\]\([^)\s]*\)",  # the target of a Markdown link, e.g. (zh/01_growth.ipynb)
    r"https?://\S+",
    r"`[^`]*`",
    r"(?<!\d)(19|20)\d\d(?!\d)",  # also 2026年, where \b does not separate digits from hanzi
    r"\b15th\b",
    r"\b\d\d_[a-z_]+\b",  # a notebook's name, e.g. the link text [03_zones]
]
# In Chinese prose, numbers are also written in hanzi: a count (七项, 两个), an ordinal or rank
# (第二, 全省第三), points (零点七个百分点). A lone 一 (一个, 其中一年) is an article, and the
# names below are fixed words, not figures.
ZH_FIXED_WORDS = ["十五五", "十四五", "四区", "第一个代码单元格", "三个点"]  # 三个点: the "…" button
ZH_NUMERAL = "零一二两三四五六七八九十百千万"
ZH_NUMBERS = re.compile(
    rf"[{ZH_NUMERAL}]+点[{ZH_NUMERAL}]+(?:个百分点)?"
    rf"|[{ZH_NUMERAL}]+个百分点"
    rf"|百分之[{ZH_NUMERAL}]+"
    rf"|第[{ZH_NUMERAL}]+"
    rf"|[{ZH_NUMERAL[2:]}][{ZH_NUMERAL}]*(?:项|个|座|位|名|倍|条|家|年|成|市|区|类|次|亿|万|大)"
)

DECIMAL = re.compile(r"(?<!PM)\d+\.\d+")  # PM2.5 is a name, not a figure
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")  # 8,141.69 (English) is 8141.69 (Chinese)
SHOWN = ("text/markdown", "text/plain", "text/html")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def hand_typed(prose: str, chinese: bool) -> list[str]:
    """Numbers typed into a markdown cell: digits, and in Chinese prose hanzi numbers too."""
    for pattern in ALLOWED:
        prose = re.sub(pattern, " ", prose)
    found = re.findall(r"\S*\d\S*", prose)
    if chinese:
        for word in ZH_FIXED_WORDS:
            prose = prose.replace(word, " ")
        found += ZH_NUMBERS.findall(prose)
    return found


def shown_decimals(path: Path) -> Counter:
    """Every decimal number the stored outputs show (Markdown, plain text, HTML), thousands
    separators removed, as a multiset; the list of sources at the end is left out."""
    numbers: Counter = Counter()
    after_sources = False
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            after_sources = text(cell).strip() in ("## Sources", "## 来源")
            continue
        if after_sources:  # the citations: English ones add the English title beside the Chinese
            continue
        for out in cell.get("outputs", []):
            for mime in SHOWN:
                shown = out.get("data", {}).get(mime)
                if shown:
                    numbers.update(DECIMAL.findall(THOUSANDS.sub("", "".join(shown))))
    return numbers


def test_there_are_notebooks_in_both_editions() -> None:
    assert len(ENGLISH) >= 3 and CHINESE and PARAMETERISED


@pytest.mark.parametrize("path", ENGLISH, ids=nb_id)
def test_every_notebook_has_a_chinese_edition(path: Path) -> None:
    assert (ZH_DIR / path.name).is_file(), f"no Chinese edition notebooks/zh/{path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_structure(path: Path) -> None:
    cs = cells(path)
    first = text(cs[0])
    assert cs[0]["cell_type"] == "markdown" and first.startswith("# "), "opens with a title"
    assert "抚州" in first and "福州" in first, "says which Fuzhou"
    sources = "## 来源" if path.parent == ZH_DIR else "## Sources"
    assert text(cs[-2]).strip() == sources and "sources_markdown" in text(cs[-1]), "ends with its sources"
    if path in PARAMETERISED:
        params = cs[1]
        assert params["cell_type"] == "code" and params["metadata"].get("tags") == ["parameters"], (
            "the first code cell is tagged `parameters` (papermill's convention)"
        )
        assert re.search(r"^YEAR = \d{4}\b", text(params), re.M), text(params)
        assert re.search(r"^EXTRA_FIGURES = None\b", text(params), re.M), text(params)
        assert sum("parameters" in c["metadata"].get("tags", []) for c in cs) == 1, "one parameters cell"
        setup = text(cs[2])
        assert "fd.Dataset(extra=EXTRA_FIGURES)" in setup and "(ds, YEAR)" in setup, "the parameters are used"
        lang = "zh" if path.parent == ZH_DIR else "en"
        assert f'LANG = "{lang}"' in setup, f"the {lang} edition sets its language once"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_prose_has_no_hand_typed_numbers(path: Path) -> None:
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            numbers = hand_typed(text(cell), chinese=path.parent == ZH_DIR)
            assert not numbers, f"numbers typed into prose: {numbers}; print them from fuzhou_data instead"


def test_hand_typed_number_rules() -> None:
    """The check above catches what it is for and lets fixed words through."""
    assert hand_typed("Fuzhou grew 5.9% in 2025", chinese=False) == ["5.9%"]
    assert hand_typed("in 2025, see `fd.compare(2025)` and [03_zones](zh/03_zones.ipynb)", chinese=False) == []
    assert hand_typed("2026年做什么", chinese=True) == []
    linked = "[![打开](https://mybinder.org/badge_logo.svg)](https://x/y.ipynb) 打开。另有六个方向[篇](04_x.ipynb)"
    assert hand_typed(linked, chinese=True) == ["六个"], "a link does not hide the prose around it"
    caught = hand_typed("七项指标全部高于全国，居全省第二，高出零点七个百分点，两个城市", chinese=True)
    assert caught == ["七项", "第二", "零点七个百分点", "两个"], caught
    fine = "“十五五”规划的四区；按第一个代码单元格设定的年份，其中一年，上一个年份"
    assert hand_typed(fine, chinese=True) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_stored_outputs_are_from_one_clean_run(path: Path) -> None:
    code = [c for c in cells(path) if c["cell_type"] == "code" and text(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for c in code:
        for out in c["outputs"]:
            assert out["output_type"] != "error", text(c)
            assert out.get("name") != "stderr", f"stderr in stored output: {''.join(out.get('text', ''))[:200]}"
    if path in PARAMETERISED:  # the notebooks of figures; the plan notebooks may rightly have no chart
        images = sum("image/png" in o.get("data", {}) for c in code for o in c["outputs"])
        assert images >= 2, "the growth and rankings notebooks show charts"


def unrendered_emphasis(markdown: str) -> list[str]:
    """Bold or italic markers that CommonMark (as JupyterLab's renderer) prints as they are:
    Chinese punctuation beside a marker breaks its pairing (**…。**抚州 shows the asterisks)."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(markdown)
    html = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    return [html[max(i - 30, 0) : i + 30] for i in (m.start() for m in re.finditer(r"\*\*|(?<![\w*])\*(?=\S)", html))]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_bold_and_italics_render(path: Path) -> None:
    prose = [text(c) for c in cells(path) if c["cell_type"] == "markdown"]
    prose += [
        "".join(o["data"]["text/markdown"])
        for c in cells(path)
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    ]
    found = [bad for md in prose for bad in unrendered_emphasis(md)]
    assert not found, f"asterisks shown as they are: {found}"


def test_unrendered_emphasis_is_caught() -> None:
    assert unrendered_emphasis("**两个方向占了全部行动的46%。**抚州今年") != []
    assert unrendered_emphasis("**两个方向占了全部行动的46%**。抚州今年") == []
    assert unrendered_emphasis("*what to watch* and `a*b`") == []


@pytest.mark.parametrize("path", CHINESE, ids=nb_id)
def test_editions_show_the_same_numbers(path: Path) -> None:
    """The two editions share their computations (fuzhou_data.findings): every decimal number
    one shows, the other shows as often."""
    english = NOTEBOOK_DIR / path.name
    assert english.is_file(), f"no English edition notebooks/{path.name}"
    zh, en = shown_decimals(path), shown_decimals(english)
    assert en, "the English edition shows no figures"
    assert zh == en, f"only in English: {dict(en - zh)}; only in Chinese: {dict(zh - en)}"


def test_number_comparison_catches_a_difference() -> None:
    one = {"data": {"text/markdown": "grew 5.9%, 8,141.69 亿元"}}
    other = {"data": {"text/html": "<td>5.9%</td><td>8141.69</td>"}}
    changed = {"data": {"text/markdown": "增长5.8%，8141.69亿元"}}

    def decimals(*outputs: dict) -> Counter:
        path_numbers: Counter = Counter()
        for out in outputs:
            for mime in SHOWN:
                if mime in out["data"]:
                    path_numbers.update(DECIMAL.findall(THOUSANDS.sub("", out["data"][mime])))
        return path_numbers

    assert decimals(one) == decimals(other)
    assert decimals(one) != decimals(changed)


# ------------------------------------------------------------------ another year's story

SYNTHETIC_SOURCE = "synthetic_test_2026"
# Made-up figures for 2026, clearly test data: never bundled, written into tmp_path by the test.
SYNTHETIC_FIGURES = {
    ("fuzhou", "gdp_growth"): (6.3, 3),
    ("fuzhou", "industry_growth"): (8.4, 4),
    ("fuzhou", "trade_growth"): (12.7, 2),
    ("fuzhou", "income_growth"): (4.9, None),
    ("fuzhou", "investment_growth"): (2.6, None),
    ("fuzhou", "retail_growth"): (4.4, None),
    ("fuzhou", "budget_revenue_growth"): (1.9, None),
    ("jiangxi", "gdp_growth"): (5.3, None),
    ("jiangxi", "industry_growth"): (7.5, None),
    ("china", "gdp_growth"): (4.8, None),
    ("china", "trade_growth"): (2.2, None),
    ("china", "retail_growth"): (3.1, None),
    ("nanchang", "gdp_growth"): (5.1, None),
    ("ganzhou", "trade_growth"): (16.6, 1),
    ("xinyu", "gdp_growth"): (6.6, 1),
}


def write_synthetic_2026(folder: Path) -> Path:
    folder.mkdir()
    (folder / "sources.csv").write_text(
        "id,title,title_en,publisher,published,url,kind,note,copy,read_on,original_url,date_note\n"
        f"{SYNTHETIC_SOURCE},测试用虚构数据（不是真实数字）,Synthetic test figures (not real data),"
        "tests/test_notebooks.py,2026,,secondary,Made up for the tests; never bundled.,false,"
        "tests/test_notebooks.py (written into a temporary folder),,\n",
        encoding="utf-8",
    )
    rows = ["geo,indicator,year,value,unit,rank,basis,approximate,reliability,source,locator"]
    for (geo, indicator), (value, rank) in SYNTHETIC_FIGURES.items():
        rows.append(
            f"{geo},{indicator},2026,{value},%,{'' if rank is None else rank},real,false,secondary,"
            f"{SYNTHETIC_SOURCE},synthetic"
        )
    (folder / "figures.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def run(path: Path, tmp_path: Path, **parameters) -> list[dict]:
    """Run a parameterised notebook with papermill in a fresh kernel; return its cells."""
    import papermill

    out = tmp_path / f"{path.stem}-{parameters['YEAR']}.ipynb"
    papermill.execute_notebook(
        str(path), str(out), parameters=parameters, kernel_name="python3", cwd=str(path.parent), progress_bar=False
    )
    return json.loads(out.read_text("utf-8"))["cells"]


def shown(cs: list[dict], skip_last: bool = False) -> str:
    """The text of every output (Markdown, plain text, HTML), optionally without the sources cell."""
    outputs = [o for c in (cs[:-1] if skip_last else cs) if c["cell_type"] == "code" for o in c["outputs"]]
    for o in outputs:
        assert o["output_type"] != "error" and o.get("name") != "stderr", o
    return "\n".join("".join(o.get("data", {}).get(m, "")) for o in outputs for m in SHOWN)


@pytest.mark.parametrize("path", PARAMETERISED, ids=nb_id)
def test_tells_the_2023_story(path: Path, tmp_path: Path) -> None:
    """With YEAR = 2023 the notebook tells 2023 from the bundled data: Fuzhou's 2023 figures and
    stated ranks reach the outputs, the gaps show as gaps, and nothing speaks of 2025."""
    cs = run(path, tmp_path, YEAR=2023, EXTRA_FIGURES=None)
    text = shown(cs, skip_last=True)
    for value in ("6.3%", "14.6%", "6.9%"):  # Fuzhou 2023: GDP, industry, retail growth
        assert value in text
    assert "2025" not in text, "the 2023 story mentions 2025"
    zh = path.parent == ZH_DIR
    if path.stem == "01_growth":
        assert ("无数据" if zh else "n/a") in text, "gaps show as gaps"
    else:  # no other city has a 2023 figure: a sentence says so instead of a table of gaps
        said = "没有抚州以外任何城市2023年的增速数据" if zh else "no 2023 growth figure for any city other than Fuzhou"
        assert said in text
        assert ("无法检验" if zh else "cannot be checked") in text, "untestable ranks are said to be untestable"
        (ranks,) = [c for c in cs if "rank_ranges" in "".join(c["source"])]
        assert "image/png" not in json.dumps(ranks["outputs"]), "no chart of ranks that cannot be tested"


@pytest.mark.parametrize("path", PARAMETERISED, ids=nb_id)
def test_tells_the_2026_story_from_a_folder_of_figures(path: Path, tmp_path: Path) -> None:
    folder = write_synthetic_2026(tmp_path / "figures-2026")
    cs = run(path, tmp_path, YEAR=2026, EXTRA_FIGURES=str(folder))
    text = shown(cs)
    zh = path.parent == ZH_DIR
    assert ("2026年" if zh else "In 2026") in text
    for (geo, indicator), (value, _) in SYNTHETIC_FIGURES.items():
        if (geo in ("fuzhou", "jiangxi", "china")) if path.stem == "01_growth" else (geo not in ("china", "jiangxi")):
            assert f"{value}%" in text, f"{geo} {indicator} 2026 = {value} is not shown"
    assert SYNTHETIC_SOURCE in text, "the extra figures' source is cited"
    assert str(folder) in text, "the notebook says which extra figures it used"
    if path.stem == "01_growth":
        assert ("与2025年相比" if zh else "Between 2025 and 2026") in text, "2026 is set against 2025"
        # the 2026 targets turn from open to met with the synthetic outcomes (Jiangxi 5.3, China 4.8)
        said = (
            ("江西的两项目标全部完成", "全国的目标完成了")
            if zh
            else ("Jiangxi met both its targets", "China met its one target")
        )
        for words in said:
            assert words in text, f"target against outcome: {words!r} not said"
        assert ("2025年排名" if zh else "Rank 2025") in text and "21.6%" in text, "with Fuzhou's 2025 figures"
    else:
        assert ("第三" if zh else "third") in text, "Fuzhou's stated 2026 GDP growth rank"


def test_make_year_runs_the_readme_command(tmp_path: Path) -> None:
    """The README's command for a new year, exactly: make year YEAR=2026 EXTRA=<folder> writes
    both notebooks of both editions into notebooks/runs/2026/, told from the folder's figures."""
    import shutil
    import subprocess

    root = NOTEBOOK_DIR.parent
    readme = (root / "README.md").read_text("utf-8")
    assert "make year YEAR=2026 EXTRA=my-2026-figures" in readme
    folder = write_synthetic_2026(tmp_path / "my-2026-figures")
    out = NOTEBOOK_DIR / "runs" / "2026"
    existed = out.exists()
    try:
        run_ = subprocess.run(
            ["make", "--no-print-directory", "year", "YEAR=2026", f"EXTRA={folder}"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run_.returncode == 0, run_.stderr[-2000:]
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ipynb"))
        assert written == ["01_growth.ipynb", "02_rankings.ipynb", "zh/01_growth.ipynb", "zh/02_rankings.ipynb"]
        text = shown(json.loads((out / "01_growth.ipynb").read_text("utf-8"))["cells"])
        assert "6.3%" in text and SYNTHETIC_SOURCE in text
    finally:
        if not existed:
            shutil.rmtree(out, ignore_errors=True)
