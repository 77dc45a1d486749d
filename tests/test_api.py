"""The public API: pinned figures from the article, counts, copies, errors, languages."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import fuzhou_data as fd

# Fuzhou's 2025 figures and provincial ranks as printed in the article (None: no rank stated).
ARTICLE_2025 = {
    "gdp_growth": (5.9, 2),
    "industry_growth": (10.8, 2),
    "trade_growth": (21.6, 1),
    "income_growth": (5.2, 3),
    "investment_growth": (3.8, None),
    "retail_growth": (5.0, None),
    "budget_revenue_growth": (2.1, None),
}


def test_fuzhou_2025_figures_and_ranks_are_the_articles() -> None:
    f = fd.figures("fuzhou", year=2025).query("source == 'article_2026'").set_index("indicator")
    assert sorted(f.index) == sorted(ARTICLE_2025)
    for ind, (value, rank) in ARTICLE_2025.items():
        assert f.loc[ind, "value"] == value, ind
        assert pd.isna(f.loc[ind, "rank"]) if rank is None else f.loc[ind, "rank"] == rank, ind
        assert f.loc[ind, "preferred"], ind
    assert tuple(ARTICLE_2025) == fd.HEADLINE


def test_policy_counts() -> None:
    assert len(fd.directions()) == 6
    assert len(fd.measures()) == 15
    assert fd.measures().groupby("direction").size().tolist() == [3, 2, 2, 2, 3, 3]
    assert len(fd.zones()) == 4
    assert len(fd.tasks()) == 11
    assert fd.actions()["measure"].nunique() == 15
    assert set(fd.task_directions()["task"]) == set(fd.tasks()["id"])
    assert set(fd.measure_zones()["zone"]) == set(fd.zones()["id"])


def test_direction_wording_is_the_running_heading_not_the_caption() -> None:
    d4 = fd.directions().set_index("id").loc["d4"]
    assert d4["title_zh"] == "促进城乡融合"
    assert "推动城乡融合" in d4["note_en"]


def test_split_paragraphs_are_rejoined() -> None:
    texts = set(fd.actions()["text_zh"])
    assert "提升产业承载能力" in texts
    assert "深化制度改革，健全生态产品目录清单" in texts


def test_every_item_names_a_known_source() -> None:
    known = set(fd.sources()["id"])
    for table in (
        fd.figures(),
        fd.directions(),
        fd.measures(),
        fd.actions(),
        fd.zones(),
        fd.tasks(),
        fd.measure_zones(),
        fd.task_directions(),
    ):
        assert set(table["source"]) <= known


def test_figures_columns_and_one_row_per_key() -> None:
    f = fd.figures()
    for col in ("geo", "indicator", "year", "value", "unit", "rank", "basis", "approximate", "reliability", "source"):
        assert col in f.columns
    assert not f.duplicated(["geo", "indicator", "year", "source"]).any()
    assert f.groupby(["geo", "indicator", "year"])["preferred"].sum().eq(1).all()


def test_reference_figures_are_kept_with_their_flags() -> None:
    xinyu = fd.figures("xinyu", "gdp_growth", 2025).iloc[0]
    assert xinyu["value"] == 5.8 and bool(xinyu["approximate"])
    assert fd.figures("china", "gdp_growth").set_index("year")["value"].to_dict() == {
        2021: 8.1,
        2022: 3.0,
        2023: 5.2,
        2024: 5.0,
        2025: 5.0,
    }
    assert fd.figures("pingxiang").empty


def test_returned_frames_are_copies() -> None:
    for func in (
        fd.figures,
        fd.indicators,
        fd.geographies,
        fd.sources,
        fd.directions,
        fd.measures,
        fd.actions,
        fd.zones,
        fd.tasks,
        fd.measure_zones,
        fd.task_directions,
        fd.gaps,
        fd.compare,
    ):
        first = func()
        first.loc[:, first.columns[0]] = "changed"
        again = func()
        assert len(again) and again.iloc[0, 0] != "changed", func.__name__
    tables = fd.load_all()
    tables["figures"].loc[:, "value"] = 0
    assert fd.figures("fuzhou", "gdp_growth", 2025)["value"].iloc[0] == 5.9


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: fd.figures(indicator="gdp_grwth"), "Did you mean 'gdp_growth'"),
        (lambda: fd.figures(geo="fuzhow"), "Did you mean 'fuzhou'"),
        (lambda: fd.figures(year=2052), "unknown year 2052"),
        (lambda: fd.compare("retail_grow"), "'retail_growth'"),
        (lambda: fd.measures("d7"), "unknown direction 'd7'"),
        (lambda: fd.actions("m16"), "unknown measure 'm16'"),
        (lambda: fd.measure_zones("z5"), "unknown zone 'z5'"),
        (lambda: fd.peers("tradegrowth"), "'trade_growth'"),
    ],
)
def test_unknown_ids_suggest_the_nearest(call, words: str) -> None:
    with pytest.raises(fd.UnknownIdError) as err:
        call()
    assert words in str(err.value)
    assert "Valid:" in str(err.value)


def test_other_bad_input() -> None:
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh'"):
        fd.figures(lang="fr")
    with pytest.raises(ValueError, match="is a level, not a growth rate"):
        fd.compare("gdp")
    with pytest.raises(TypeError, match="whole number"):
        fd.compare(year="2025")


def test_compare_keeps_gaps_visible() -> None:
    c = fd.compare().set_index("indicator")
    assert list(c.index) == list(fd.HEADLINE)
    assert c.loc["gdp_growth", "gap_jiangxi_pp"] == pytest.approx(0.7)
    assert c.loc["trade_growth", "gap_china_pp"] == pytest.approx(17.8)
    assert c.loc["investment_growth", "gap_china_pp"] == pytest.approx(7.6)
    missing = c[c["jiangxi"].isna()]
    assert c.loc["industry_growth", "jiangxi"] == 7.5 and c.loc["industry_growth", "gap_jiangxi_pp"] == pytest.approx(
        3.3
    )
    assert set(missing.index) == {
        "income_growth",
        "investment_growth",
        "retail_growth",
        "budget_revenue_growth",
    }
    assert missing["gap_jiangxi_pp"].isna().all() and missing["above_jiangxi"].isna().all()
    assert missing["note"].str.contains("Jiangxi: ").all()
    assert (
        missing.loc[["investment_growth", "retail_growth"], "note"].str.contains("faster than the national rate").all()
    )
    assert c["above_china"].all()


def test_rank_check() -> None:
    r = fd.rank_check().set_index("indicator")
    assert r.loc["gdp_growth", "peers_known"] == 4 and bool(r.loc["gdp_growth", "consistent"])
    assert pd.isna(r.loc["income_growth", "consistent"])
    assert r.loc["trade_growth", "rank_min_possible"] == 1 and r.loc["trade_growth", "rank_max_possible"] == 7
    assert "Xinyu" in r.loc["gdp_growth", "note"]


def test_peers_lists_every_city() -> None:
    p = fd.peers("gdp_growth")
    assert len(p) == 11 and p["is_fuzhou"].sum() == 1
    assert p.loc[p["geo"] == "pingxiang", "missing_reason"].str.contains("No figure").all()


def test_languages() -> None:
    assert fd.geographies("zh").set_index("id").loc["fuzhou", "name"] == "抚州"
    assert fd.figures("fuzhou", "gdp_growth", 2025, lang="zh")["indicator_name"].iloc[0] == "地区生产总值增速"
    assert fd.zones("en")["name"].iloc[0] == "New-energy vehicle industry cluster zone"
    fd.set_lang("zh")
    try:
        assert fd.directions()["title"].iloc[0] == "推进工业强市"
        assert fd.compare("gdp_growth")["indicator_name"].iloc[0] == "地区生产总值增速"
    finally:
        fd.set_lang("en")
    assert fd.get_lang() == "en"


def test_import_is_light() -> None:
    code = (
        "import sys, fuzhou_data as fd; assert 'pandas' not in sys.modules, 'pandas at import';"
        "fd.load_all(); fd.compare(); fd.rank_check();"
        "heavy = [m for m in ('matplotlib', 'seaborn') if m in sys.modules]; assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
