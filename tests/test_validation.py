"""Every malformation of a data file fails on load with an error naming file, line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fuzhou_data import DataValidationError
from fuzhou_data._load import load_rows


def edit(folder: Path, name: str, old: str, new: str) -> int:
    """Replace the first `old` by `new` in a data file; return the line number changed."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    before = text.splitlines()
    after = text.replace(old, new, 1).splitlines()
    path.write_text("\n".join(after) + "\n", encoding="utf-8")
    return next(i for i, (a, b) in enumerate(zip(before, after), 1) if a != b)


FUZHOU_GDP = "fuzhou,gdp_growth,2025,5.9,%,2,"

# (file, old text, new text, expected column or None, expected words in the message)
CASES = {
    "rank above 11": (
        "figures.csv",
        FUZHOU_GDP,
        "fuzhou,gdp_growth,2025,5.9,%,12,",
        "rank",
        "outside the allowed range 1..11",
    ),
    "rank zero": ("figures.csv", FUZHOU_GDP, "fuzhou,gdp_growth,2025,5.9,%,0,", "rank", "outside the allowed range"),
    "value not a number": ("figures.csv", FUZHOU_GDP, "fuzhou,gdp_growth,2025,5.9x,%,2,", "value", "not a number"),
    "growth out of range": ("figures.csv", FUZHOU_GDP, "fuzhou,gdp_growth,2025,590,%,2,", "value", "sane growth range"),
    "year not whole": ("figures.csv", FUZHOU_GDP, "fuzhou,gdp_growth,2025.0,5.9,%,2,", "year", "not a whole number"),
    "year out of range": (
        "figures.csv",
        FUZHOU_GDP,
        "fuzhou,gdp_growth,1925,5.9,%,2,",
        "year",
        "outside the allowed range",
    ),
    "unknown geo": ("figures.csv", FUZHOU_GDP, "fuzhuo,gdp_growth,2025,5.9,%,2,", "geo", "Did you mean 'fuzhou'"),
    "unknown indicator": ("figures.csv", FUZHOU_GDP, "fuzhou,gdp_grwoth,2025,5.9,%,2,", "indicator", "'gdp_growth'"),
    "unit mismatch": (
        "figures.csv",
        FUZHOU_GDP,
        "fuzhou,gdp_growth,2025,5.9,亿元,2,",
        "unit",
        "not the unit of gdp_growth",
    ),
    "unknown unit": ("figures.csv", FUZHOU_GDP, "fuzhou,gdp_growth,2025,5.9,pct,2,", "unit", "unknown unit"),
    "bad boolean": (
        "figures.csv",
        "not stated in the article,false,news,article_2026",
        "not stated in the article,yes,news,article_2026",
        "approximate",
        "not a boolean",
    ),
    "bad reliability": (
        "figures.csv",
        "not stated in the article,false,news,article_2026",
        "not stated in the article,false,rumour,article_2026",
        "reliability",
        "allowed: official, news, secondary",
    ),
    "unknown source": (
        "figures.csv",
        "not stated in the article,false,news,article_2026",
        "not stated in the article,false,news,article_2062",
        "source",
        "unknown source",
    ),
    "empty required": (
        "figures.csv",
        "not stated in the article,false,news,article_2026",
        ",false,news,article_2026",
        "basis",
        "a value is required",
    ),
    "stray spaces": (
        "figures.csv",
        FUZHOU_GDP,
        "fuzhou,gdp_growth,2025, 5.9,%,2,",
        "value",
        "leading or trailing spaces",
    ),
    "rank for a province": (
        "figures.csv",
        "jiangxi,gdp_growth,2025,5.2,%,,",
        "jiangxi,gdp_growth,2025,5.2,%,3,",
        "rank",
        "not a city",
    ),
    "bad source kind": ("sources.csv", ",,article,", ",,blog,", "kind", "allowed: article, official, news, secondary"),
    "bad id pattern": ("sources.csv", "yicai_economy_2025,", "Yicai Economy,", "id", "id pattern"),
    "action of unknown measure": ("actions.csv", "m03-a07,m03,", "m03-a07,m99,", "measure", "unknown measure"),
    "order used twice": ("actions.csv", "m03-a07,m03,7,", "m03-a07,m03,6,", "order", "used twice"),
    "evidence not in action": (
        "measure_zones.csv",
        ",新能源汽车产业集聚区,",
        ",新能源汽车产业园区,",
        "evidence_zh",
        "not a phrase of m01-a03",
    ),
    "task evidence in another direction": (
        "task_directions.csv",
        "t09,d6,primary,m14-a08,",
        "t09,d6,primary,m01-a08,",
        "evidence_ref",
        "belongs to d1, not d6",
    ),
    "unknown zone": ("measure_zones.csv", "m01,m01-a03,z1,", "m01,m01-a03,z9,", "zone", "unknown zone"),
    "bad level": (
        "geographies.csv",
        ',city,jiangxi,"Fuzhou in Jiangxi',
        ',town,jiangxi,"Fuzhou in Jiangxi',
        "level",
        "allowed: country, province, city",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_field(data_copy: Path, case: str) -> None:
    name, old, new, column, words = CASES[case]
    line = edit(data_copy, name, old, new)
    with pytest.raises(DataValidationError) as err:
        load_rows(data_copy)
    msg = str(err.value)
    assert msg.startswith(f"{name}, line ")
    assert err.value.file == name
    assert err.value.column == column, msg
    assert words in msg, msg
    assert err.value.line == line, msg


def test_duplicate_key(data_copy: Path) -> None:
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    dup = next(i for i, ln in enumerate(lines) if ln.startswith(FUZHOU_GDP))
    lines.append(lines[dup])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        DataValidationError, match=rf"figures.csv, line {len(lines)}: duplicate key .*first on line {dup + 1}"
    ):
        load_rows(data_copy)


def test_missing_column(data_copy: Path) -> None:
    edit(data_copy, "zones.csv", "id,order,name_zh,name_en,short_zh", "id,order,name_zh,short_zh")
    with pytest.raises(DataValidationError, match=r"zones.csv, line 1: header .*missing name_en"):
        load_rows(data_copy)


def test_ragged_row(data_copy: Path) -> None:
    edit(data_copy, "tasks.csv", ",article_2026\n", ",article_2026,extra\n")
    with pytest.raises(DataValidationError, match=r"tasks.csv, line 2: has 6 fields, expected 5"):
        load_rows(data_copy)


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "zones.csv").unlink()
    with pytest.raises(DataValidationError, match=r"^zones.csv: file not found"):
        load_rows(data_copy)


def test_not_utf8(data_copy: Path) -> None:
    path = data_copy / "tasks.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(DataValidationError, match=r"^tasks.csv: is not valid UTF-8"):
        load_rows(data_copy)


def test_empty_file(data_copy: Path) -> None:
    (data_copy / "units.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"units.csv, line 1: the file is empty"):
        load_rows(data_copy)


def test_unclosed_quote(data_copy: Path) -> None:
    path = data_copy / "zones.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'z5,5,"unclosed,x,nation,y,article_2026\n', encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"zones.csv, line \d+"):
        load_rows(data_copy)


def test_bundled_data_is_valid() -> None:
    rows = load_rows()
    assert set(rows) >= {"figures", "sources", "directions", "measures", "actions", "zones", "tasks"}


def test_error_names_nearest_ids_in_message(data_copy: Path) -> None:
    edit(data_copy, "figures.csv", "fuzhou,trade_growth,2025", "fuzhou,trade_grow,2025")
    with pytest.raises(DataValidationError) as err:
        load_rows(data_copy)
    assert re.search(r"Did you mean 'trade_growth'", str(err.value))
