"""Targets: every kind judged correctly at and around its bounds, bad target rows rejected with
file, line and column, and outcomes given as extra files turning open targets into met or missed."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import fuzhou_data as fd
from fuzhou_data import _load, cli
from fuzhou_data.errors import DataValidationError
from fuzhou_data.schema import ABOUT_TOLERANCE_PP, TABLES, TARGET_KINDS
from fuzhou_data.target_rules import COLUMNS, describe, evaluate, target_table

TOL = ABOUT_TOLERANCE_PP
TARGET_HEADER = ",".join(TABLES["targets"].column_names)
FIGURE_HEADER = ",".join(TABLES["figures"].column_names)
SOURCE_HEADER = ",".join(TABLES["sources"].column_names)
TEST_SOURCE = "test_2026,测试来源,Test source,Test publisher,2027-01,,news,Made up for a test,false,the test suite,,"


# ------------------------------------------------------------------------------ evaluate()


@pytest.mark.parametrize(
    ("kind", "low", "high", "outcome", "other", "status", "margin"),
    [
        # about 5.5: met from 5.5 - TOL to 5.5 + TOL inclusive
        ("about", 5.5, 5.5, 5.5, None, "met", TOL),
        ("about", 5.5, 5.5, 5.4, None, "met", TOL - 0.1),
        ("about", 5.5, 5.5, 5.5 - TOL, None, "met", 0.0),
        ("about", 5.5, 5.5, 5.5 + TOL, None, "met", 0.0),
        ("about", 5.5, 5.5, 5.5 - TOL - 0.01, None, "missed", -0.01),
        ("about", 5.5, 5.5, 5.5 + TOL + 0.01, None, "missed", -0.01),
        ("about", 2.0, 2.0, 0.0, None, "missed", TOL - 2.0),
        # decimal figures whose difference is not exact in binary: 5.2 - 4.95 is the tolerance
        ("about", 5.2, 5.2, 4.95, None, "met", 0.0),
        ("about", 5.2, 5.2, 5.45, None, "met", 0.0),
        # at least 7.3 (以上): the bound itself meets it
        ("at_least", 7.3, None, 7.3, None, "met", 0.0),
        ("at_least", 7.3, None, 7.31, None, "met", 0.01),
        ("at_least", 7.3, None, 7.29, None, "missed", -0.01),
        ("at_least", 7.3, None, 10.8, None, "met", 3.5),
        # at most 3 (以内)
        ("at_most", None, 3.0, 3.0, None, "met", 0.0),
        ("at_most", None, 3.0, 2.99, None, "met", 0.01),
        ("at_most", None, 3.0, 3.01, None, "missed", -0.01),
        ("at_most", None, 3.0, -1.0, None, "met", 4.0),
        # range 4.5–5: both ends inclusive, margin to the nearer end
        ("range", 4.5, 5.0, 4.5, None, "met", 0.0),
        ("range", 4.5, 5.0, 5.0, None, "met", 0.0),
        ("range", 4.5, 5.0, 4.75, None, "met", 0.25),
        ("range", 4.5, 5.0, 4.9, None, "met", 0.1),
        ("range", 4.5, 5.0, 4.49, None, "missed", -0.01),
        ("range", 4.5, 5.0, 5.01, None, "missed", -0.01),
        # in step with another indicator: within TOL of the other outcome, either side
        ("in_step_with", None, None, 5.0, 5.0, "met", TOL),
        ("in_step_with", None, None, 5.0, 5.0 + TOL, "met", 0.0),
        ("in_step_with", None, None, 5.0 + TOL, 5.0, "met", 0.0),
        ("in_step_with", None, None, 5.0, 5.0 + TOL + 0.01, "missed", -0.01),
        ("in_step_with", None, None, 4.7, 5.0, "missed", -0.05),
    ],
)
def test_evaluate_at_and_around_the_bounds(kind, low, high, outcome, other, status, margin) -> None:
    got_status, got_margin = evaluate(kind, low, high, outcome, other)
    assert got_status == status
    assert got_margin == pytest.approx(margin, abs=1e-9)
    assert (got_margin >= 0) == (status == "met")  # the sign of the margin is the verdict


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
@pytest.mark.parametrize(
    ("kind", "low", "high"),
    [("about", 5, 5), ("at_least", 7.3, None), ("at_most", None, 3), ("range", 4.5, 5), ("in_step_with", None, None)],
)
def test_no_outcome_is_open(kind, low, high, missing) -> None:
    status, margin = evaluate(kind, low, high, missing, 5.0)
    assert status == "open" and math.isnan(margin)


@pytest.mark.parametrize("missing", [None, math.nan])
def test_in_step_is_open_while_the_other_outcome_is_missing(missing) -> None:
    status, margin = evaluate("in_step_with", None, None, 5.0, missing)
    assert status == "open" and math.isnan(margin)


def test_evaluate_rejects_unknown_kinds_and_missing_bounds() -> None:
    with pytest.raises(ValueError, match="unknown target kind 'roughly'; allowed: about, at_least"):
        evaluate("roughly", 5, 5, 5)
    with pytest.raises(ValueError, match="'at_least' needs a low bound"):
        evaluate("at_least", None, 7.3, 8)
    with pytest.raises(ValueError, match="'range' needs a high bound"):
        evaluate("range", 4.5, math.nan, 4.8)


def test_describe_every_kind_in_both_languages() -> None:
    names = {"gdp_growth": "GDP growth"}
    got = {k: describe(k, 4.5, 5.0, "gdp_growth", "en", names) for k in TARGET_KINDS}
    assert got == {
        "about": "about 4.5%",
        "at_least": "at least 4.5%",
        "at_most": "at most 5%",
        "range": "4.5–5%",
        "in_step_with": "in step with GDP growth",
    }
    assert describe("at_least", 7.3, None, lang="zh") == "7.3%以上"
    assert describe("range", 5.0, 5.5, lang="zh") == "5%—5.5%"


def test_target_table_takes_a_lookup_function_and_keeps_its_columns() -> None:
    rows = [
        {"geo": "x", "indicator": "a", "year": 2026, "kind": "at_least", "low": 7.3, "high": None}
        | {"in_step_with": None, "quote": "7.3%以上", "source": "s", "reliability": "news", "note_en": None}
    ]
    table = target_table(rows, lambda key: {"value": 7.0, "source": "f"} if key == ("x", "a", 2026) else None)
    assert list(table.columns) == list(COLUMNS)
    assert table[["status", "margin_pp", "outcome_source"]].values.tolist() == [["missed", -0.3, "f"]]
    assert target_table(rows, {}, geo="y").empty


# ------------------------------------------------------------------------- bundled targets


def test_bundled_targets_and_their_outcomes() -> None:
    check = fd.target_check("china", 2025).set_index("indicator")
    assert check.loc["gdp_growth", ["status", "margin_pp"]].tolist() == ["met", 0.25]
    assert check.loc["cpi_growth", ["outcome", "status"]].tolist() == [0.0, "missed"]
    assert check.loc["real_income_growth", ["other_outcome", "status"]].tolist() == [5.0, "met"]
    jiangxi = fd.target_check("jiangxi", 2026)
    assert set(jiangxi["status"]) == {"open"}
    assert jiangxi["target"].tolist() == ["5–5.5%", "at least 7.3%", "about 3.5%"]


def test_targets_filters_and_language() -> None:
    t = fd.targets(["jiangxi", "nanchang"], "gdp_growth", 2026, lang="zh")
    assert t[["geo_name", "target"]].values.tolist() == [["江西", "5%—5.5%"], ["南昌", "5%—5.5%"]]
    assert "outcome" not in t.columns
    with pytest.raises(fd.UnknownIdError, match="Did you mean 'fuzhou'"):
        fd.targets("fuzhuo")
    with pytest.raises(TypeError, match="whole number"):
        fd.target_check("china", "2025")


def test_fuzhou_targets_are_a_documented_gap() -> None:
    assert fd.target_check().empty  # Fuzhou 2026: no target in the sources at hand
    gaps = fd.target_gaps()
    fuzhou = gaps[(gaps["geo"] == "fuzhou") & (gaps["year"] == 2026)]
    assert "gdp_growth" in set(fuzhou["indicator"])
    assert fuzhou["reason_en"].str.contains("work report").all()


# --------------------------------------------------------------------------- bad targets


def _folder(tmp_path: Path, targets: list[str], figures: list[str] | None = None) -> Path:
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "sources.csv").write_text(f"{SOURCE_HEADER}\n{TEST_SOURCE}\n", encoding="utf-8")
    if targets:
        (folder / "targets.csv").write_text("\n".join([TARGET_HEADER, *targets]) + "\n", encoding="utf-8")
    if figures is not None:
        (folder / "figures.csv").write_text("\n".join([FIGURE_HEADER, *figures]) + "\n", encoding="utf-8")
    return folder


def _merge(folder: Path, prefer_extra: bool = False) -> _load.ExtraResult:
    return _load.merge_extra(folder, _load.load_rows(), prefer_extra)


def test_every_kind_is_parsed_from_an_extra_folder(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        [
            "fuzhou,gdp_growth,2026,about,6,6,,地区生产总值增长6%左右,test_2026,news,",
            "fuzhou,industry_growth,2026,at_least,9,,,规模以上工业增加值增长9%以上,test_2026,news,",
            "fuzhou,cpi_growth,2026,at_most,,3,,居民消费价格涨幅3%以内,test_2026,news,",
            "fuzhou,investment_growth,2026,range,3.5,4,,固定资产投资增长3.5%—4%,test_2026,news,",
            "fuzhou,income_growth,2026,in_step_with,,,gdp_growth,居民收入增长和经济增长同步,test_2026,news,",
        ],
    )
    result = _merge(folder)
    assert result.added["targets"] == 5
    extra = [r for r in result.rows["targets"] if r["geo"] == "fuzhou"]
    got = [(r["kind"], r["low"], r["high"], r["in_step_with"]) for r in extra]
    assert got == [
        ("about", 6.0, 6.0, None),
        ("at_least", 9.0, None, None),
        ("at_most", None, 3.0, None),
        ("range", 3.5, 4.0, None),
        ("in_step_with", None, None, "gdp_growth"),
    ]
    assert set(TARGET_KINDS) == {r["kind"] for r in extra}


@pytest.mark.parametrize(
    ("row", "column", "problem"),
    [
        ("fuzhou,gdp_growth,2026,about,6,6,,,test_2026,news,", "quote", "is empty, but a value is required"),
        ("fuzhou,gdp_growth,2026,about,6,6,,增长6%左右,,news,", "source", "is empty, but a value is required"),
        ("fuzhou,gdp_growth,2026,about,6,6,,增长6%左右,nosuch_source,news,", "source", "unknown source"),
        ("fuzhou,gdp_growth,2026,roughly,6,6,,增长6%左右,test_2026,news,", "kind", "allowed: about, at_least"),
        ("fuzhou,gdp_growth,2026,about,6,6.5,,增长6%左右,test_2026,news,", "high", "low and high must be equal"),
        ("fuzhou,gdp_growth,2026,about,,,,增长6%左右,test_2026,news,", "low", "needs it"),
        ("fuzhou,gdp_growth,2026,at_least,6,7,,增长6%以上,test_2026,news,", "high", "must be empty"),
        ("fuzhou,gdp_growth,2026,at_most,6,,,增长6%以内,test_2026,news,", "low", "must be empty"),
        ("fuzhou,gdp_growth,2026,range,6,5.5,,增长6%—5.5%,test_2026,news,", "high", "not above the low bound"),
        ("fuzhou,gdp_growth,2026,in_step_with,,,,同步,test_2026,news,", "in_step_with", "needs it"),
        ("fuzhou,gdp_growth,2026,in_step_with,,,gdp_growth,同步,test_2026,news,", "in_step_with", "own indicator"),
        ("fuzhou,gdp_growth,2026,about,6.5,6.5,,增长6%左右,test_2026,news,", "low", "does not appear in the quoted"),
        ("fuzhou,gdp,2026,about,6,6,,增长6%左右,test_2026,news,", "indicator", "targets are for growth rates"),
        ("fuzhou,gdp_growth,2026,about,6,6,,增长6%左右,test_2026,rumour,", "reliability", "allowed: official"),
    ],
)
def test_bad_target_rows_are_rejected_with_file_line_and_column(tmp_path, row, column, problem) -> None:
    folder = _folder(
        tmp_path, ["fuzhou,retail_growth,2026,about,5,5,,社会消费品零售总额增长5%左右,test_2026,news,", row]
    )
    with pytest.raises(DataValidationError, match=problem) as caught:
        _merge(folder)
    message = str(caught.value)
    assert message.startswith(f"{folder / 'targets.csv'}, line 3, column '{column}'")


def test_bundled_target_restated_needs_prefer_extra(tmp_path: Path) -> None:
    folder = _folder(tmp_path, ["jiangxi,gdp_growth,2026,about,5,5,,地区生产总值增长5%左右,test_2026,news,"])
    with pytest.raises(DataValidationError, match=r"duplicate key .* \(first on line 18 of the bundled targets.csv\)"):
        _merge(folder)
    merged = _merge(folder, prefer_extra=True).rows["targets"]
    jiangxi = [r for r in merged if (r["geo"], r["indicator"], r["year"]) == ("jiangxi", "gdp_growth", 2026)]
    assert [(r["kind"], r["source"]) for r in jiangxi] == [("about", "test_2026")]
    assert fd.targets("jiangxi", "gdp_growth", 2026)["kind"].tolist() == ["range"]  # bundled data unchanged


# ------------------------------------------------------------- outcomes as extra figures


def _figure(geo: str, indicator: str, value: float) -> str:
    return f"{geo},{indicator},2026,{value},%,,real,false,news,test_2026,增长{value}%"


def test_extra_2026_outcomes_flip_open_targets(tmp_path: Path) -> None:
    before = fd.target_check("jiangxi", 2026).set_index("indicator")["status"]
    assert set(before) == {"open"}
    folder = _folder(
        tmp_path,
        ["fuzhou,gdp_growth,2026,about,6,6,,地区生产总值增长6%左右,test_2026,news,"],
        [
            _figure("jiangxi", "gdp_growth", 5.3),
            _figure("jiangxi", "industry_growth", 7.0),
            _figure("fuzhou", "gdp_growth", 5.8),
        ],
    )
    after = fd.Dataset(extra=folder).target_check(["jiangxi", "fuzhou"], 2026).set_index(["geo", "indicator"])
    assert after.loc[("jiangxi", "gdp_growth"), ["status", "margin_pp"]].tolist() == ["met", 0.2]
    assert after.loc[("jiangxi", "industry_growth"), ["status", "margin_pp"]].tolist() == ["missed", -0.3]
    assert after.loc[("jiangxi", "investment_growth"), "status"] == "open"
    assert after.loc[("fuzhou", "gdp_growth"), ["status", "margin_pp", "outcome_source"]].tolist() == [
        "met",
        0.05,
        "test_2026",
    ]
    assert set(fd.target_check("jiangxi", 2026)["status"]) == {"open"}  # nothing was written


def test_module_with_a_lookup_built_from_merged_rows(tmp_path: Path) -> None:
    """The pure functions need only rows and a lookup: what a Dataset with extra files will pass."""
    from fuzhou_data.tables import _order_figures

    folder = _folder(
        tmp_path,
        ["fuzhou,retail_growth,2026,at_most,,3,,社会消费品零售总额增长3%以内,test_2026,news,"],
        [
            _figure("china", "gdp_growth", 4.6),
            _figure("china", "real_income_growth", 4.9),
            _figure("fuzhou", "retail_growth", 3.2),
        ],
    )
    rows = _merge(folder).rows
    lookup = {(r["geo"], r["indicator"], r["year"]): r for r in _order_figures(rows) if r["preferred"]}
    table = target_table(rows["targets"], lookup, geo=["china", "fuzhou"], year=2026).set_index("indicator")
    assert table.loc["gdp_growth", ["status", "margin_pp"]].tolist() == ["met", 0.1]
    assert table.loc["real_income_growth", ["other_outcome", "status", "margin_pp"]].tolist() == [4.6, "missed", -0.05]
    assert table.loc["cpi_growth", "status"] == "open"
    assert table.loc["retail_growth", ["status", "margin_pp"]].tolist() == ["missed", -0.2]


# ------------------------------------------------------------------------------------ CLI


def test_cli_show_targets(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["show", "targets", "--geo", "china", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "about 2%" in out and "missed" in out and "-1.75" in out
    assert cli.main(["show", "targets", "--geo", "china", "--year", "2025", "--lang", "zh"]) == 0
    assert "未完成" in capsys.readouterr().out
    assert cli.main(["show", "targets", "--geo", "fuzhou"]) == 0
    assert "No targets" in capsys.readouterr().out
    folder = _folder(tmp_path, [], [_figure("jiangxi", "gdp_growth", 5.3)])
    assert cli.main(["show", "targets", "--geo", "jiangxi", "--year", "2026", "--extra", str(folder)]) == 0
    assert "met" in capsys.readouterr().out


def test_cli_validate_a_targets_only_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = _folder(tmp_path, ["fuzhou,gdp_growth,2026,about,6,6,,地区生产总值增长6%左右,test_2026,news,"])
    assert cli.main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out.startswith(f"ok: 0 figures and 1 target in {folder}")
