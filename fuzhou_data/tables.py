"""Public tables: figures, catalogues, policy lists, links, and the comparisons built on them.

Every function returns a fresh DataFrame: changing it never changes the package's data.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from typing import Any

import pandas as pd

from . import _load
from ._options import check_lang
from .errors import UnknownIdError
from .schema import N_CITIES, RELIABILITY, TABLES

HEADLINE = (
    "gdp_growth",
    "industry_growth",
    "trade_growth",
    "income_growth",
    "investment_growth",
    "retail_growth",
    "budget_revenue_growth",
)
"""The seven growth indicators of the article, in its order."""

_CACHE: dict[str, pd.DataFrame] = {}
_ROWS: dict[str, list[dict]] = {}  # the validated rows behind _CACHE; never modified


def _tables() -> dict[str, pd.DataFrame]:
    if not _CACHE:
        rows = _load.load_rows()
        rows["figures"] = _order_figures(rows)
        _ROWS.update(rows)
        _CACHE.update({name: _load.to_frame(TABLES[name], rows[name]) for name in rows})
        _CACHE["figures"]["preferred"] = [r["preferred"] for r in rows["figures"]]
    return _CACHE


def _order_figures(rows: dict[str, list[dict]]) -> list[dict]:
    """Sort figures by catalogue order of place and indicator, then year, and flag per place,
    indicator and year the row comparisons use: the most reliable source (official, then news,
    then secondary), the article first among equals, the preferred row first."""
    geo = {r["id"]: r["order"] for r in rows["geographies"]}
    ind = {r["id"]: r["order"] for r in rows["indicators"]}
    kind = {r["id"]: r["kind"] for r in rows["sources"]}
    rel = {r: i for i, r in enumerate(RELIABILITY)}
    ordered = sorted(
        rows["figures"],
        key=lambda r: (
            geo[r["geo"]],
            ind[r["indicator"]],
            r["year"],
            rel[r["reliability"]],
            kind[r["source"]] != "article",
            r["source"],
        ),
    )
    seen = set()
    out = []
    for r in ordered:
        key = (r["geo"], r["indicator"], r["year"])
        out.append({**r, "preferred": key not in seen})
        seen.add(key)
    return out


def load_all() -> dict[str, pd.DataFrame]:
    """Load and validate every bundled table (done once); return fresh copies keyed by name.

    >>> sorted(load_all())[:3]
    ['actions', 'bearings', 'directions']
    """
    return {name: frame.copy() for name, frame in _tables().items()}


def _as_list(value: Any) -> list | None:
    if value is None:
        return None
    if isinstance(value, str | int):
        return [value]
    return list(value)


def _check(kind: str, values: list | None, valid: Iterable) -> None:
    if not values:
        return
    valid = valid if isinstance(valid, list) else list(valid)
    for v in values:
        if v not in valid:
            raise UnknownIdError(kind, v, [str(x) for x in valid])


def _name_col(frame: pd.DataFrame, lang: str | None, out: str, stem: str) -> pd.DataFrame:
    frame[out] = frame[f"{stem}_{check_lang(lang)}"]
    return frame


_LOOKUPS: dict[tuple, Any] = {}


def _names(table: str, lang: str | None, column: str = "name") -> dict[str, str]:
    key = (table, column, check_lang(lang))
    if key not in _LOOKUPS:
        frame = _tables()[table]
        # column "" reads a table whose columns are the languages themselves (labels: id, en, zh)
        _LOOKUPS[key] = dict(zip(frame["id"], frame[f"{column}_{key[2]}" if column else key[2]]))
    return _LOOKUPS[key]


def _ids(table: str, column: str = "id") -> list:
    key = (table, column)
    if key not in _LOOKUPS:
        _LOOKUPS[key] = sorted(set(_tables()[table][column].tolist()))
    return _LOOKUPS[key]


def _with_extra(
    extra: str | os.PathLike[str], prefer_extra: bool, lang: str | None
) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    """Bundled figures merged with a validated extra file or folder, built fresh on every call,
    with the place and indicator names of the merged catalogues."""
    _tables()
    rows = _load.merge_extra(extra, _ROWS, prefer_extra).rows
    ordered = _order_figures(rows)
    frame = _load.to_frame(TABLES["figures"], ordered)
    frame["preferred"] = [r["preferred"] for r in ordered]
    lang = check_lang(lang)
    geo_names = {r["id"]: r[f"name_{lang}"] for r in rows["geographies"]}
    ind_names = {r["id"]: r[f"name_{lang}"] for r in rows["indicators"]}
    return frame, geo_names, ind_names


def figures(
    geo: str | Iterable[str] | None = None,
    indicator: str | Iterable[str] | None = None,
    year: int | Iterable[int] | None = None,
    *,
    lang: str | None = None,
    extra: str | os.PathLike[str] | None = None,
    prefer_extra: bool = False,
) -> pd.DataFrame:
    """Figures as a tidy table: one row per (geo, indicator, year, source), with provenance.

    `preferred` marks the row that comparisons use when several sources give a figure.
    `geo_name` and `indicator_name` are labels in `lang` ('en' or 'zh'; default: `get_lang()`).

    `extra` adds figures of your own: a CSV in the schema of figures.csv, or a folder holding
    `figures.csv` and optionally `sources.csv`, `units.csv`, `geographies.csv` and
    `indicators.csv` with rows to add to those catalogues (see docs/adding-figures.md). It is
    validated like the bundled data; a figure that contradicts a bundled one (same place,
    indicator and year, another value; or the same source again) raises DataValidationError
    unless `prefer_extra=True`, which drops the bundled figures of that place, indicator and
    year. Nothing is written, and the bundled tables are unchanged.

    >>> figures("fuzhou", "gdp_growth", 2025)[["value", "rank", "source"]].to_dict("records")
    [{'value': 5.9, 'rank': 2, 'source': 'article_2026'}]
    """
    if extra is None:
        if prefer_extra:
            raise ValueError("prefer_extra=True needs extra=PATH, the figures to prefer")
        f = _tables()["figures"]
        geo_names, ind_names = _names("geographies", lang), _names("indicators", lang)
        valid_years: Iterable = _ids("figures", "year")
    else:
        f, geo_names, ind_names = _with_extra(extra, prefer_extra, lang)
        valid_years = sorted(set(f["year"].tolist()))
    geos, inds, years = _as_list(geo), _as_list(indicator), _as_list(year)
    _check("place", geos, sorted(geo_names))
    _check("indicator", inds, sorted(ind_names))
    for y in years or []:
        if not isinstance(y, int) or isinstance(y, bool):
            raise TypeError(f"year must be a whole number such as 2025, got {y!r}")
    _check("year", years, valid_years)
    check_lang(lang)
    mask = None
    for column, wanted in (("geo", geos), ("indicator", inds), ("year", years)):
        if wanted is not None:
            hit = f[column].isin(wanted).to_numpy()
            mask = hit if mask is None else mask & hit
    out = f.copy() if mask is None else f[mask].copy()
    out["geo_name"] = out["geo"].map(geo_names)
    out["indicator_name"] = out["indicator"].map(ind_names)
    return out.reset_index(drop=True)


def indicators(lang: str | None = None) -> pd.DataFrame:
    """Catalogue of indicators: id, Chinese and English names, chart labels, unit, definition.

    `name` and `short` are in `lang`.

    >>> indicators().set_index("id").loc["trade_growth", "name_zh"]
    '进出口总值增速'
    """
    out = _name_col(_tables()["indicators"].copy(), lang, "name", "name")
    return _name_col(out, lang, "short", "short")


def geographies(lang: str | None = None) -> pd.DataFrame:
    """Catalogue of places: China, Jiangxi and its eleven cities (pinyin ids), `name` in `lang`.

    >>> geographies("zh").set_index("id").loc["fuzhou", "name"]
    '抚州'
    """
    return _name_col(_tables()["geographies"].copy(), lang, "name", "name")


def units(lang: str | None = None) -> pd.DataFrame:
    """Catalogue of units with Chinese and English names, `name` in `lang`."""
    return _name_col(_tables()["units"].copy(), lang, "name", "name")


def sources(lang: str | None = None) -> pd.DataFrame:
    """Catalogue of sources: id, title as published and in English, publisher, date, URL (where
    known) and kind; `name` is the title in `lang` (the Chinese one is the title as published).

    >>> sources("en").set_index("id").loc["article_2026", ["kind", "name"]].tolist()[0]
    'article'
    """
    out = _tables()["sources"].copy()
    out["name"] = out["title_en"] if check_lang(lang) == "en" else out["title"]
    return out


def gaps() -> pd.DataFrame:
    """Figures known to be missing from the sources at hand, with the reason."""
    return _tables()["gaps"].copy()


def _children(table: str, column: str, parent: str, value: str | None) -> pd.DataFrame:
    """A fresh copy of `table`, restricted to the rows whose `column` is `value` (an id of `parent`)."""
    t = _tables()
    _check(column.replace("_", " "), _as_list(value), _ids(parent))
    out = t[table]
    if value is not None:
        out = out[out[column] == value]
    return out.reset_index(drop=True).copy()


def directions(lang: str | None = None) -> pd.DataFrame:
    """The six directions of work for 2026 in the article's order; `title`, `slogan` in `lang`.

    >>> len(directions())
    6
    """
    out = _name_col(_tables()["directions"].copy(), lang, "title", "title")
    return _name_col(out, lang, "slogan", "slogan")


def measures(direction: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """The fifteen measures, optionally of one direction; `name` in `lang`.

    >>> measures("d1")["name_zh"].tolist()[0]
    '推动产业集群提能升级'
    """
    return _name_col(_children("measures", "direction", "directions", direction), lang, "name", "name")


def actions(measure: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """The concrete actions of every measure (or of one); `text` in `lang`.

    >>> actions("m03")["text_zh"].tolist()[6]
    '争创科创金融改革试验区'
    """
    return _name_col(_children("actions", "measure", "measures", measure), lang, "text", "text")


def zones(lang: str | None = None) -> pd.DataFrame:
    """The four development zones (四区) of 2026–2030; `name` in `lang`.

    >>> zones()["name_zh"].tolist()[0]
    '新能源汽车产业集聚区'
    """
    return _name_col(_tables()["zones"].copy(), lang, "name", "name")


def tasks(lang: str | None = None) -> pd.DataFrame:
    """The eleven key tasks of 2026–2030; `text` in `lang`.

    >>> len(tasks())
    11
    """
    return _name_col(_tables()["tasks"].copy(), lang, "text", "text")


def measure_zones(zone: str | None = None) -> pd.DataFrame:
    """Links from actions (and their measures) to the zones they serve, with the quoted evidence.

    >>> measure_zones("z1").query("strength == 'explicit'")["action"].tolist()
    ['m01-a03']
    """
    return _children("measure_zones", "zone", "zones", zone)


def task_directions() -> pd.DataFrame:
    """Which direction of work each key task belongs to, with the quoted evidence.

    >>> task_directions().set_index("task").loc["t08", "direction"]
    'd5'
    """
    return _tables()["task_directions"].copy()


def _preferred(indicator: str | list[str] | None, year: int | list[int] | None) -> pd.DataFrame:
    f = _tables()["figures"]
    f = f[f["preferred"]]
    if indicator is not None:
        f = f[f["indicator"].isin(_as_list(indicator))]
    if year is not None:
        f = f[f["year"].isin(_as_list(year))]
    return f


def _lookup() -> tuple[dict[tuple, dict], dict[tuple, str]]:
    """Preferred figure rows and gap reasons keyed by (geo, indicator, year); built once."""
    if "preferred_rows" not in _LOOKUPS:
        _tables()
        _LOOKUPS["preferred_rows"] = {
            (r["geo"], r["indicator"], r["year"]): r for r in _ROWS["figures"] if r["preferred"]
        }
        _LOOKUPS["gap_reasons"] = {(r["geo"], r["indicator"], r["year"]): r["reason_en"] for r in _ROWS["gaps"]}
    return _LOOKUPS["preferred_rows"], _LOOKUPS["gap_reasons"]


def _gap_reason(geo: str, indicator: str, year: int) -> str:
    reason = _lookup()[1].get((geo, indicator, year))
    return reason if reason is not None else f"No figure for {geo}, {indicator}, {year} in the data."


def _check_growth(indicator: str | Iterable[str] | None) -> list[str]:
    inds = list(HEADLINE) if indicator is None else _as_list(indicator)
    cat = _tables()["indicators"].set_index("id")
    _check("indicator", inds, cat.index)
    for i in inds:
        if cat.loc[i, "kind"] != "growth":
            growth = cat.index[cat["kind"] == "growth"]
            raise ValueError(f"{i!r} is a level, not a growth rate; use one of: {', '.join(growth)}")
    return inds


def _check_year(year: int) -> int:
    if not isinstance(year, int) or isinstance(year, bool):
        raise TypeError(f"year must be a whole number such as 2025, got {year!r}")
    _check("year", [year], _ids("figures", "year"))
    return year


def grid(
    indicator: str,
    geo: str | Iterable[str] = ("china", "jiangxi", "fuzhou"),
    years: Iterable[int] = range(2021, 2026),
    lang: str | None = None,
) -> pd.DataFrame:
    """Every (geo, year) pair asked for, with the preferred figure or NA and the reason it is missing.

    >>> g = grid("gdp_growth", ["fuzhou"], [2024, 2025])
    >>> g["value"].isna().tolist()
    [True, False]
    """
    geos, yrs = _as_list(geo), list(years)
    _check("place", geos, _ids("geographies"))
    _check("indicator", [indicator], _ids("indicators"))
    pref = _lookup()[0]
    names = _names("geographies", lang)
    rows = []
    for g in geos:
        for y in yrs:
            hit = pref.get((g, indicator, y))
            rows.append(
                {
                    "geo": g,
                    "geo_name": names[g],
                    "indicator": indicator,
                    "year": y,
                    "value": hit["value"] if hit else float("nan"),
                    "rank": hit["rank"] if hit else None,
                    "approximate": hit["approximate"] if hit else None,
                    "source": hit["source"] if hit else None,
                    "missing_reason": None if hit else _gap_reason(g, indicator, y),
                }
            )
    return pd.DataFrame(
        {
            "geo": pd.array([r["geo"] for r in rows], dtype="str"),
            "geo_name": pd.array([r["geo_name"] for r in rows], dtype="str"),
            "indicator": pd.array([r["indicator"] for r in rows], dtype="str"),
            "year": pd.array([r["year"] for r in rows], dtype="int64"),
            "value": pd.array([r["value"] for r in rows], dtype="float64"),
            "rank": pd.array([r["rank"] for r in rows], dtype="Int64"),
            "approximate": pd.array([r["approximate"] for r in rows], dtype="boolean"),
            "source": pd.array([r["source"] for r in rows], dtype="str"),
            "missing_reason": pd.array([r["missing_reason"] for r in rows], dtype="str"),
        }
    )


_FLOATS = ("fuzhou", "jiangxi", "china", "gap_jiangxi_pp", "gap_china_pp")


def compare(indicator: str | Iterable[str] | None = None, year: int = 2025, lang: str | None = None) -> pd.DataFrame:
    """Fuzhou, Jiangxi and China side by side for growth indicators, with gaps in percentage points.

    A missing figure stays NA and `note` says why; `above_jiangxi`/`above_china` are NA when a
    side is missing. Defaults to the article's seven indicators.

    >>> c = compare("gdp_growth").iloc[0]
    >>> [float(c[k]) for k in ("fuzhou", "jiangxi", "china")], round(float(c["gap_china_pp"]), 1)
    ([5.9, 5.2, 5.0], 0.9)
    """
    inds = _check_growth(indicator)
    _check_year(year)
    names = _names("indicators", lang)
    pref = _lookup()[0]
    rows = []
    for ind in inds:
        row: dict[str, Any] = {"indicator": ind, "indicator_name": names[ind], "year": year}
        notes = []
        for geo in ("fuzhou", "jiangxi", "china"):
            hit = pref.get((geo, ind, year))
            row[geo] = hit["value"] if hit else float("nan")
            row[f"{geo}_source"] = hit["source"] if hit else None
            if hit is None:
                notes.append(f"{geo.capitalize()}: {_gap_reason(geo, ind, year)}")
            elif hit["approximate"]:
                notes.append(f"{geo.capitalize()}: the source gives an approximate figure.")
        fuzhou = pref.get(("fuzhou", ind, year))
        row["fuzhou_rank"] = fuzhou["rank"] if fuzhou else None
        for other in ("jiangxi", "china"):
            gap = round(row["fuzhou"] - row[other], 10)
            row[f"gap_{other}_pp"] = gap
            row[f"above_{other}"] = None if math.isnan(gap) else gap > 0
        row["note"] = " ".join(notes) if notes else None
        rows.append(row)
    cols = [
        "indicator",
        "indicator_name",
        "year",
        "fuzhou",
        "fuzhou_rank",
        "jiangxi",
        "china",
        "gap_jiangxi_pp",
        "gap_china_pp",
        "above_jiangxi",
        "above_china",
        "fuzhou_source",
        "jiangxi_source",
        "china_source",
        "note",
    ]
    dtypes = {"year": "int64", "fuzhou_rank": "Int64", "above_jiangxi": "boolean", "above_china": "boolean"}
    return pd.DataFrame(
        {c: pd.array([r[c] for r in rows], dtype=dtypes.get(c, "float64" if c in _FLOATS else "str")) for c in cols}
    )


def peers(indicator: str, year: int = 2025, lang: str | None = None) -> pd.DataFrame:
    """All eleven Jiangxi cities for one indicator: the preferred figure, or NA where unknown.

    >>> p = peers("trade_growth")
    >>> int(p["value"].notna().sum()), int(p.loc[p["geo"] == "fuzhou", "rank"].item())
    (5, 1)
    """
    t = _tables()
    _check("indicator", [indicator], t["indicators"]["id"])
    _check_year(year)
    cities = t["geographies"][t["geographies"]["level"] == "city"]["id"].tolist()
    out = grid(indicator, cities, [year], lang)
    out["is_fuzhou"] = out["geo"] == "fuzhou"
    return out


def rank_check(indicator: str | Iterable[str] | None = None, year: int = 2025, lang: str | None = None) -> pd.DataFrame:
    """For each rank Fuzhou states, whether the other cities' known figures are consistent with it.

    With k known peers above Fuzhou and j below, any rank from 1 + k to 11 - j is possible;
    `consistent` says whether the stated rank is in that range (NA when no peer is known).

    >>> rank_check("trade_growth")[["stated_rank", "peers_known", "consistent"]].values.tolist()
    [[1, 4, True]]
    """
    _check_year(year)
    t = _tables()
    inds = None if indicator is None else _as_list(indicator)
    _check("indicator", inds, t["indicators"]["id"])
    pref = _preferred(inds, year)
    stated = pref[(pref["geo"] == "fuzhou") & pref["rank"].notna()]
    cities = set(t["geographies"].loc[t["geographies"]["level"] == "city", "id"]) - {"fuzhou"}
    ind_names, geo_names = _names("indicators", lang), _names("geographies", lang)
    rows = []
    for _, f in stated.iterrows():
        others = pref[(pref["indicator"] == f["indicator"]) & pref["geo"].isin(cities)]
        above, below = others[others["value"] > f["value"]], others[others["value"] < f["value"]]
        ties = others[others["value"] == f["value"]]
        low, high = 1 + len(above), N_CITIES - len(below)
        rank = int(f["rank"])
        known = len(others)
        approx = others[others["approximate"]]
        rows.append(
            {
                "indicator": f["indicator"],
                "indicator_name": ind_names[f["indicator"]],
                "year": year,
                "fuzhou": f["value"],
                "stated_rank": rank,
                "peers_known": known,
                "peers_above": len(above),
                "peers_below": len(below),
                "peers_tied": len(ties),
                "rank_min_possible": low,
                "rank_max_possible": high,
                "consistent": pd.NA if known == 0 else bool(low <= rank <= high),
                "peers": "; ".join(
                    f"{geo_names[g]} {v:g}" + ("≈" if a else "")
                    for g, v, a in others.sort_values("value", ascending=False)[["geo", "value", "approximate"]].values
                ),
                "note": ("Approximate peer figures: " + ", ".join(geo_names[g] for g in approx["geo"]))
                if len(approx)
                else pd.NA,
                "source": f["source"],
            }
        )
    out = pd.DataFrame(rows)
    if len(out):
        out["consistent"] = out["consistent"].astype("boolean")
    return out


def bearings(target: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """Indicators that bear on each zone (z1..z4) or direction (d1..d6), with the reason.

    These links are editorial: the article names no indicator for its plans. A zone or direction
    without a row has no figure in the data that measures it.

    >>> bearings("d3")["indicator"].tolist()
    ['trade_growth']
    """
    t = _tables()
    valid = t["zones"]["id"].tolist() + t["directions"]["id"].tolist()
    _check("zone or direction", _as_list(target), valid)
    out = t["bearings"]
    if target is not None:
        out = out[out["target"] == target]
    out = out.reset_index(drop=True).copy()
    out["indicator_name"] = out["indicator"].map(_names("indicators", lang))
    return out


def glossary(lang: str | None = None) -> pd.DataFrame:
    """The bilingual glossary: each recurring policy term with the one English rendering every
    English text of the data uses, accepted other forms, and a note on official English names.

    `term` is the term in `lang` (`term_zh` or `term_en`).

    >>> glossary().set_index("term_zh").loc["规上", "term_en"]
    'above designated size'
    """
    out = _tables()["glossary"].copy()
    out["term"] = out["term_en"] if check_lang(lang) == "en" else out["term_zh"]
    return out


def passages(lang: str | None = None) -> pd.DataFrame:
    """Passages of the article kept verbatim beyond the policy lists (the claim that the main
    indicators grew faster than China's and Jiangxi's, the lead, the zones' rationale, the
    key-task heading, the city's epithet), in reading order; `text` in `lang`.

    >>> "总体高于全国全省" in passages().set_index("id").loc["claim_above", "text_zh"]
    True
    """
    out = _tables()["passages"].copy()
    return _name_col(out, lang, "text", "text")
