"""figures(extra=PATH): figures of your own, validated like the bundled data, never written back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

import fuzhou_data as fd
from fuzhou_data.schema import TABLES

DATA = Path(fd.__file__).resolve().parent / "data"
HEADER = ",".join(TABLES["figures"].column_names)
# A figure that is not in the bundled data: Fuzhou's GDP growth for 2026 (made up for the tests).
NEW_YEAR = "fuzhou,gdp_growth,2026,6.0,%,,real (test figure),false,news,article_2026,地区生产总值增长6.0%"
# Pingxiang has no figure in the bundled data.
NEW_CITY = (
    "pingxiang,gdp_growth,2025,5.1,%,6,real (test figure),true,news,jxdaily_city_race_2026,萍乡地区生产总值增长5.1%左右"
)
# Line of figures.csv holding the article's figure that CONFLICT contradicts.
BUNDLED_LINE = next(
    n
    for n, line in enumerate((DATA / "figures.csv").read_text(encoding="utf-8").splitlines(), 1)
    if line.startswith("fuzhou,gdp_growth,2025,5.9,")
)
CONFLICT = "fuzhou,gdp_growth,2025,6.1,%,2,real (test figure),false,official,fuzhou_gwr_2024,地区生产总值增长6.1%"


def write(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def package_state() -> dict[str, str]:
    """Every file of the installed data folder with the hash of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(DATA.iterdir())}


@pytest.fixture(scope="module", autouse=True)
def bundled_unchanged():
    """Whatever the tests below do, the bundled tables and files stay as they were."""
    files, frame = package_state(), fd.figures()
    tables = fd.load_all()
    yield
    assert package_state() == files, "a data file of the package was written"
    pd.testing.assert_frame_equal(fd.figures(), frame)
    for name, table in fd.load_all().items():
        pd.testing.assert_frame_equal(table, tables[name], obj=name)


# ----------------------------------------------------------------------------- good files


def test_new_year_for_fuzhou(tmp_path: Path) -> None:
    extra = write(tmp_path / "mine.csv", NEW_YEAR)
    f = fd.figures("fuzhou", "gdp_growth", extra=extra)
    assert f.set_index("year")["value"].to_dict() == {2023: 6.3, 2025: 5.9, 2026: 6.0}
    new = fd.figures(year=2026, extra=str(extra))  # a str path works too
    assert len(new) == 1 and bool(new["preferred"].iloc[0]) and new["geo_name"].iloc[0] == "Fuzhou"
    assert len(fd.figures(extra=extra)) == len(fd.figures()) + 1
    with pytest.raises(fd.UnknownIdError, match="unknown year 2026"):
        fd.figures(year=2026)  # the bundled data does not know it


def test_new_city_figure(tmp_path: Path) -> None:
    extra = write(tmp_path / "mine.csv", NEW_CITY, NEW_YEAR)
    f = fd.figures("pingxiang", extra=extra, lang="zh")
    assert f[["value", "rank", "approximate"]].values.tolist() == [[5.1, 6, True]]
    assert f["geo_name"].iloc[0] == "萍乡" and f["indicator_name"].iloc[0] == "地区生产总值增速"
    assert str(f["rank"].dtype) == "Int64"
    assert fd.figures("pingxiang").empty


def test_new_indicator_unit_source_and_place_from_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    write(folder / "units.csv", "万人,万人,10 thousand people,level", header="id,name_zh,name_en,kind")
    write(
        folder / "indicators.csv",
        "population,20,常住人口,Resident population,常住人口,Population,万人,level,Resident population at year end",
        header=",".join(TABLES["indicators"].column_names),
    )
    write(
        folder / "geographies.csv",
        "hunan,14,湖南,Hunan,湖南省,Hunan Province,province,china,A neighbour for comparison",
        header=",".join(TABLES["geographies"].column_names),
    )
    write(
        folder / "sources.csv",
        "fuzhou_communique_2025,抚州市2025年国民经济和社会发展统计公报,Fuzhou communique 2025,抚州市统计局,2026-03,"
        "https://example.org/communique,official,Test source,false,example.org (the publisher's own site),,",
        header=",".join(TABLES["sources"].column_names),
    )
    write(
        folder / "figures.csv",
        "fuzhou,population,2025,355.0,万人,,year end (test figure),false,official,"
        "fuzhou_communique_2025,年末常住人口355.0万人",
        "hunan,gdp_growth,2025,4.8,%,,real (test figure),false,official,fuzhou_communique_2025,增长4.8%",
    )
    (folder / "README.md").write_text("notes next to the tables are ignored\n", encoding="utf-8")
    f = fd.figures(indicator="population", extra=folder)
    assert f[["geo", "value", "unit", "indicator_name"]].values.tolist() == [
        ["fuzhou", 355.0, "万人", "Resident population"]
    ]
    hunan = fd.figures("hunan", extra=folder, lang="zh")
    assert hunan["geo_name"].tolist() == ["湖南"] and hunan["source"].tolist() == ["fuzhou_communique_2025"]
    # Catalogue order is respected: Hunan (order 14) comes after every bundled place.
    assert fd.figures(extra=folder)["geo"].iloc[-1] == "hunan"
    with pytest.raises(fd.UnknownIdError, match="unknown indicator 'population'"):
        fd.figures(indicator="population")


def test_same_figure_from_another_source_is_kept_and_takes_part_in_preferred(
    tmp_path: Path,
) -> None:
    # Same value as the article from an official source: both rows stay, the official one is
    # preferred.
    row = "fuzhou,gdp_growth,2025,5.9,%,2,real (test figure),false,official,fuzhou_gwr_2024,增长5.9%"
    f = fd.figures("fuzhou", "gdp_growth", 2025, extra=write(tmp_path / "mine.csv", row))
    assert f[["source", "preferred"]].values.tolist() == [
        ["fuzhou_gwr_2024", True],
        ["article_2026", False],
    ]
    assert bool(fd.figures("fuzhou", "gdp_growth", 2025)["preferred"].iloc[0])


def test_conflict_accepted_with_prefer_extra(tmp_path: Path) -> None:
    extra = write(tmp_path / "mine.csv", CONFLICT)
    f = fd.figures("fuzhou", "gdp_growth", 2025, extra=extra, prefer_extra=True)
    assert f[["value", "source", "preferred"]].values.tolist() == [[6.1, "fuzhou_gwr_2024", True]]
    everything = fd.figures(extra=extra, prefer_extra=True)
    assert len(everything) == len(fd.figures())  # one bundled row dropped, one added
    assert fd.figures("fuzhou", "gdp_growth", 2025)["value"].tolist() == [5.9]


def test_duplicate_key_accepted_with_prefer_extra(tmp_path: Path) -> None:
    row = "fuzhou,industry_growth,2025,10.9,%,2,corrected (test figure),false,news,article_2026,增长10.9%"
    f = fd.figures("fuzhou", "industry_growth", 2025, extra=write(tmp_path / "m.csv", row), prefer_extra=True)
    # Both bundled rows of that place, indicator and year go, not only the one of the same source.
    assert f[["value", "source"]].values.tolist() == [[10.9, "article_2026"]]


def test_validate_command_api_agrees(tmp_path: Path) -> None:
    from fuzhou_data import _load

    result = _load.merge_extra(write(tmp_path / "mine.csv", CONFLICT, NEW_YEAR), _load.load_rows(), True)
    assert result.added == {"figures": 2}
    assert result.replaced == [("fuzhou", "gdp_growth", 2025)]


# ------------------------------------------------------------------------------ bad files


def bad(tmp_path: Path, *rows: str, header: str = HEADER) -> tuple[Path, int]:
    """An extra file whose last row is the bad one; returns it with that row's line number."""
    return write(tmp_path / "bad.csv", *rows, header=header), len(rows) + 1


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (
            NEW_YEAR.replace("fuzhou,", "fuzhuo,", 1),
            "geo",
            "unknown place 'fuzhuo'. Did you mean 'fuzhou'",
        ),
        (
            NEW_YEAR.replace("2026,6.0,%,,", "2026,6.0,%,12,"),
            "rank",
            "outside the allowed range 1..11",
        ),
        (
            NEW_YEAR.replace("article_2026", "article_2062"),
            "source",
            "unknown source 'article_2062'",
        ),
        (NEW_YEAR.replace("gdp_growth", "gdp_grwth"), "indicator", "Did you mean 'gdp_growth'"),
        (NEW_YEAR.replace(",6.0,%,", ",6.0,亿元,"), "unit", "not the unit of gdp_growth"),
        (NEW_YEAR.replace(",6.0,", ",600,"), "value", "sane growth range"),
        (NEW_YEAR.replace(",false,", ",no,"), "approximate", "not a boolean"),
        (NEW_YEAR.replace(",2026,", ",2052,"), "year", "outside the allowed range 2000..2035"),
        (
            CONFLICT,
            "value",
            "fuzhou gdp_growth 2025 = 6.1 from source fuzhou_gwr_2024 conflicts with "
            f"the bundled figure 5.9 (line {BUNDLED_LINE} of the bundled figures.csv, source "
            "article_2026); pass prefer_extra=True",
        ),
        (
            CONFLICT.replace("fuzhou_gwr_2024", "article_2026").replace("6.1", "5.9", 1),
            "source",
            f"fuzhou gdp_growth 2025 from source article_2026 is already bundled (value 5.9, line "
            f"{BUNDLED_LINE} of the bundled figures.csv, source article_2026): duplicate key",
        ),
    ],
    ids=[
        "unknown geo",
        "bad rank",
        "unknown source",
        "unknown indicator",
        "unit",
        "growth range",
        "boolean",
        "year",
        "conflict",
        "duplicate of bundled key",
    ],
)
def test_bad_row(tmp_path: Path, row: str, column: str, words: str) -> None:
    path, line = bad(tmp_path, NEW_CITY, row)
    with pytest.raises(fd.DataValidationError) as err:
        fd.figures(extra=path)
    assert (err.value.file, err.value.line, err.value.column) == (str(path), line, column), str(err.value)
    assert words in str(err.value)
    assert str(err.value).startswith(f"{path}, line {line}, column '{column}': ")


def test_conflict_names_both_sides(tmp_path: Path) -> None:
    path, _ = bad(tmp_path, CONFLICT)
    with pytest.raises(fd.DataValidationError) as err:
        fd.figures("fuzhou", extra=path)
    message = str(err.value)
    assert message.startswith(f"{path}, line 2, column 'value': ")
    assert "6.1 from source fuzhou_gwr_2024" in message  # the extra side
    assert f"5.9 (line {BUNDLED_LINE} of the bundled figures.csv, source article_2026)" in message
    assert "fuzhou-data validate --prefer-extra" in message


def test_duplicate_within_the_extra_file(tmp_path: Path) -> None:
    path, _ = bad(tmp_path, NEW_YEAR, NEW_CITY, NEW_YEAR)
    with pytest.raises(fd.DataValidationError, match=r"line 4: duplicate key .*\(first on line 2\)"):
        fd.figures(extra=path)


def test_wrong_header(tmp_path: Path) -> None:
    path, _ = bad(tmp_path, NEW_YEAR, header=HEADER.replace("rank", "ranking"))
    with pytest.raises(
        fd.DataValidationError,
        match=r"line 1: header does not match .*missing rank; unexpected ranking",
    ):
        fd.figures(extra=path)


def test_header_only_and_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(fd.DataValidationError, match="has a header but no rows"):
        fd.figures(extra=write(tmp_path / "empty.csv"))
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(f"{HEADER}\n{NEW_YEAR}\n".encode("gb18030"))
    with pytest.raises(fd.DataValidationError, match=r"gbk.csv: is not valid UTF-8"):
        fd.figures(extra=gbk)


def test_bad_folders(tmp_path: Path) -> None:
    with pytest.raises(fd.DataValidationError, match="not found"):
        fd.figures(extra=tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(fd.DataValidationError, match="holds no figures.csv"):
        fd.figures(extra=tmp_path / "empty")
    folder = tmp_path / "typo"
    write(folder / "figures.csv", NEW_YEAR)
    write(folder / "figure.csv", NEW_YEAR)
    with pytest.raises(fd.DataValidationError, match="figure.csv: is not a table an extra folder can hold"):
        fd.figures(extra=folder)


def test_catalogue_rows_may_only_add_ids(tmp_path: Path) -> None:
    folder = tmp_path / "clash"
    write(folder / "figures.csv", NEW_YEAR)
    write(
        folder / "geographies.csv",
        "fuzhou,14,福州,Fuzhou (Fujian),福州市,Fuzhou City (Fujian),city,jiangxi,The wrong Fuzhou",
        header=",".join(TABLES["geographies"].column_names),
    )
    with pytest.raises(fd.DataValidationError) as err:
        fd.figures(extra=folder)
    assert err.value.file == str(folder / "geographies.csv") and err.value.line == 2
    assert "duplicate key {'id': 'fuzhou'} (first on line 4 of the bundled geographies.csv)" in str(err.value)


def test_catalogue_order_clash_names_the_bundled_line(tmp_path: Path) -> None:
    folder = tmp_path / "order"
    write(folder / "figures.csv", NEW_YEAR)
    write(
        folder / "indicators.csv",
        "population,3,常住人口,Resident population,常住人口,Population,亿元,level,Resident population",
        header=",".join(TABLES["indicators"].column_names),
    )
    with pytest.raises(
        fd.DataValidationError,
        match=r"order 3 is used twice \(line 4 of the bundled indicators.csv\)",
    ):
        fd.figures(extra=folder)


def test_figure_must_use_a_unit_the_folder_or_package_knows(tmp_path: Path) -> None:
    folder = tmp_path / "unit"
    write(
        folder / "indicators.csv",
        "population,20,常住人口,Resident population,常住人口,Population,万人,level,Resident population",
        header=",".join(TABLES["indicators"].column_names),
    )
    write(folder / "figures.csv", NEW_YEAR)
    with pytest.raises(fd.DataValidationError, match=r"indicators.csv, line 2, column 'unit': unknown unit '万人'"):
        fd.figures(extra=folder)


def test_prefer_extra_needs_extra() -> None:
    with pytest.raises(ValueError, match="prefer_extra=True needs extra"):
        fd.figures(prefer_extra=True)


def test_comparisons_do_not_take_extra(tmp_path: Path) -> None:
    # compare/peers/rank_check read the bundled data only (an extra figure never leaks into them).
    write(tmp_path / "mine.csv", CONFLICT)
    fd.figures(extra=tmp_path / "mine.csv", prefer_extra=True)
    assert fd.compare("gdp_growth")["fuzhou"].tolist() == [5.9]
