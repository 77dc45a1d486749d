"""Public tables: figures, catalogues, policy lists, links, and the comparisons built on them.

All of them are methods of a `Dataset`: the bundled data, or the bundled data plus figures of
your own (``Dataset(extra="my_figures.csv")``), validated once and then used by every table,
comparison, rank check and chart alike. The module-level functions (``fd.figures()``,
``fd.compare()``, ...) are the same methods of the default, bundled dataset.

Every method returns a fresh DataFrame: changing it never changes the package's data.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from . import _load
from ._options import LANGS, check_lang
from .errors import DataValidationError, UnknownIdError
from .schema import ABOUT_TOLERANCE_PP, N_CITIES, RELIABILITY, TABLES

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

Key = tuple[str, str, int]  # (geo, indicator, year)

NATIONAL_NAMES_ZH = {"gdp_growth": "国内生产总值增速", "gdp": "国内生产总值"}
"""Chinese names of indicators for China itself: the nation's GDP is 国内生产总值, a region's 地区生产总值."""


# ------------------------------------------------------------------------------ arguments


def _as_list(value: Any, what: str = "id") -> list | None:
    """None, one id, or an iterable of ids, as a list (None stays None)."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        raise TypeError(f"{what} must be an id such as 'fuzhou' or a list of ids, got {value!r}") from None


def _year(value: Any) -> int:
    """A year as a plain int: ints, numpy integers and whole floats (2025.0) are accepted."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"year must be a whole number such as 2025, got {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if math.isfinite(value) and float(value).is_integer():
        return int(value)
    raise TypeError(f"year must be a whole number such as 2025, got {value!r}")


def _years(value: Any) -> list[int] | None:
    """None, one year or an iterable of years, as a list of ints (None stays None)."""
    if value is None:
        return None
    if isinstance(value, numbers.Number) or isinstance(value, str | bytes):
        return [_year(value)]
    try:
        items = list(value)
    except TypeError:
        raise TypeError(f"year must be a whole number such as 2025 or a list of them, got {value!r}") from None
    return [_year(v) for v in items]


def _check(kind: str, values: list | None, valid: Iterable) -> None:
    if not values:
        return
    valid = valid if isinstance(valid, list | set | frozenset | dict) else list(valid)
    for v in values:
        if v not in valid:
            raise UnknownIdError(kind, v, [str(x) for x in valid])


# ------------------------------------------------------------------------------- building


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


class _State:
    """Everything a Dataset reads, built completely before anyone sees it and never changed."""

    def __init__(self, rows: dict[str, list[dict]]) -> None:
        rows = {**rows, "figures": _order_figures(rows)}
        frames = {name: _load.to_frame(TABLES[name], table_rows) for name, table_rows in rows.items()}
        frames["figures"]["preferred"] = [r["preferred"] for r in rows["figures"]]
        self.rows = rows
        self.frames = frames
        self.preferred: dict[Key, dict] = {
            (r["geo"], r["indicator"], r["year"]): r for r in rows["figures"] if r["preferred"]
        }
        self.gap_reasons: dict[tuple[Key, str], str] = {}
        for r in rows["gaps"]:
            key = (r["geo"], r["indicator"], r["year"])
            for lang in LANGS:
                self.gap_reasons[(key, lang)] = r[f"reason_{lang}"]
        self.ids: dict[str, list] = {
            name: [r["id"] for r in rows[name]] for name in rows if rows[name] and "id" in rows[name][0]
        }
        self.years = sorted({r["year"] for r in rows["figures"]})
        self.names: dict[tuple[str, str, str], dict[str, str]] = {}
        for table, stem in (
            ("geographies", "name"),
            ("indicators", "name"),
            ("indicators", "short"),
            ("units", "name"),
            ("directions", "title"),
            ("measures", "name"),
            ("zones", "name"),
            ("zones", "short"),
        ):
            for lang in LANGS:
                self.names[(table, stem, lang)] = {r["id"]: r[f"{stem}_{lang}"] for r in rows[table]}
        self.indicator_kind = {r["id"]: r["kind"] for r in rows["indicators"]}
        self.indicator_unit = {r["id"]: r["unit"] for r in rows["indicators"]}
        self.cities = [r["id"] for r in rows["geographies"] if r["level"] == "city"]


_BUNDLED_LOCK = threading.Lock()
_BUNDLED: list[dict[str, list[dict]]] = []  # the validated bundled rows, once read; never modified


def _bundled_rows() -> dict[str, list[dict]]:
    """The bundled rows, read and validated once (under a lock, published only when complete)."""
    if not _BUNDLED:
        with _BUNDLED_LOCK:
            if not _BUNDLED:
                _BUNDLED.append(_load.load_rows())
    return _BUNDLED[0]


_BUNDLED_STATE: list[_State] = []  # the bundled data's tables, shared by every Dataset() without extra


def _bundled_state() -> _State:
    """The state of the bundled data, built once (it is never changed, so datasets can share it)."""
    if not _BUNDLED_STATE:
        rows = _bundled_rows()
        with _BUNDLED_LOCK:
            if not _BUNDLED_STATE:
                _BUNDLED_STATE.append(_State(rows))
    return _BUNDLED_STATE[0]


# -------------------------------------------------------------------------------- Dataset


class Dataset:
    """The figures, policy lists and comparisons of one set of data.

    ``Dataset()`` is the bundled data (what the module-level functions use). ``Dataset(extra=PATH)``
    adds figures of your own: a CSV in the schema of figures.csv, or a folder holding
    ``figures.csv`` and optionally ``sources.csv``, ``units.csv``, ``geographies.csv`` and
    ``indicators.csv`` with rows to add to those catalogues (see docs/adding-figures.md). They are
    validated once, when the dataset is made, like the bundled data; a figure that contradicts a
    bundled one (same place, indicator and year, another value) raises DataValidationError unless
    ``prefer_extra=True``, which drops the bundled figures of that place, indicator and year.
    From then on every table, comparison, rank check and chart of this dataset uses them
    (``fuzhou_data.plots`` helpers take ``data=``). Nothing is written, and the bundled data is
    never changed.

    A Dataset is immutable once made, so one can be shared between threads.

    >>> ds = Dataset()
    >>> ds.compare("gdp_growth", 2025)[["fuzhou", "jiangxi", "china"]].values.tolist()
    [[5.9, 5.2, 5.0]]
    >>> ds.latest_year()
    2025
    """

    def __init__(self, extra: str | os.PathLike[str] | None = None, *, prefer_extra: bool = False) -> None:
        if extra is None:
            if prefer_extra:
                raise ValueError("prefer_extra=True needs extra=PATH, the figures to prefer")
            state = _bundled_state()
            self.added: dict[str, int] = {}
            self.replaced: list[Key] = []
        else:
            if isinstance(extra, str) and not extra.strip():
                raise DataValidationError(
                    repr(extra), None, None, "is an empty path; give a figures CSV file or a folder holding figures.csv"
                )
            result = _load.merge_extra(extra, _bundled_rows(), prefer_extra)
            state = _State(result.rows)
            self.added, self.replaced = dict(result.added), list(result.replaced)
        self.extra = None if extra is None else os.fspath(extra)
        self.prefer_extra = prefer_extra
        self._s = state

    def __repr__(self) -> str:
        if self.extra is None:
            return "Dataset(bundled)"
        added = ", ".join(f"{n} {t}" for t, n in self.added.items())
        return f"Dataset(bundled + {self.extra!r}: {added})"

    # ----------------------------------------------------------------- helpers

    def _names(self, table: str, lang: str, stem: str = "name") -> dict[str, str]:
        return self._s.names[(table, stem, lang)]

    def _check_year(self, year: Any) -> int:
        year = _year(year)
        _check("year", [year], self._s.years)
        return year

    def _check_growth(self, indicator: str | Iterable[str] | None) -> list[str]:
        inds = list(HEADLINE) if indicator is None else _as_list(indicator, "indicator")
        _check("indicator", inds, self._s.ids["indicators"])
        for i in inds:
            if self._s.indicator_kind[i] != "growth":
                growth = [k for k, v in self._s.indicator_kind.items() if v == "growth"]
                raise ValueError(f"{i!r} is a level, not a growth rate; use one of: {', '.join(growth)}")
        return inds

    def _gap_reason(self, geo: str, indicator: str, year: int, lang: str) -> str:
        reason = self._s.gap_reasons.get(((geo, indicator, year), lang))
        if reason is not None:
            return reason
        if lang == "zh":
            return "现有来源中没有这一数字。"
        return f"No figure for {geo}, {indicator}, {year} in the data."

    def _children(self, table: str, column: str, parent: str, value: str | Iterable[str] | None) -> pd.DataFrame:
        wanted = _as_list(value, column)
        _check(column.replace("_", " "), wanted, self._s.ids[parent])
        out = self._s.frames[table]
        if wanted is not None:
            out = out[out[column].isin(wanted)]
        return out.reset_index(drop=True).copy()

    @staticmethod
    def _name_col(frame: pd.DataFrame, lang: str, out: str, stem: str) -> pd.DataFrame:
        frame[out] = frame[f"{stem}_{lang}"]
        return frame

    # ------------------------------------------------------------------- years

    def years(self, geo: str | None = None, indicator: str | Iterable[str] | None = None) -> list[int]:
        """The years with at least one figure (of `geo` and `indicator`, when given), oldest first.

        >>> Dataset().years("fuzhou", "gdp_growth")
        [2023, 2025]
        """
        geos = _as_list(geo, "geo")
        inds = _as_list(indicator, "indicator")
        _check("place", geos, self._s.ids["geographies"])
        _check("indicator", inds, self._s.ids["indicators"])
        return sorted(
            {y for (g, i, y) in self._s.preferred if (geos is None or g in geos) and (inds is None or i in inds)}
        )

    def latest_year(self, geo: str = "fuzhou", indicator: str | Iterable[str] | None = HEADLINE) -> int:
        """The most recent year with a figure for `geo` on any of `indicator` (default: the headline seven).

        >>> Dataset().latest_year()
        2025
        """
        years = self.years(geo, indicator)
        if not years:
            raise ValueError(f"no figures for {geo} in the data")
        return years[-1]

    # ------------------------------------------------------------------ tables

    def load_all(self) -> dict[str, pd.DataFrame]:
        """Every table of the dataset as fresh copies keyed by name.

        >>> sorted(Dataset().load_all())[:3]
        ['action_themes', 'actions', 'bearings']
        """
        return {name: frame.copy() for name, frame in self._s.frames.items()}

    def figures(
        self,
        geo: str | Iterable[str] | None = None,
        indicator: str | Iterable[str] | None = None,
        year: int | Iterable[int] | None = None,
        *,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """Figures as a tidy table: one row per (geo, indicator, year, source), with provenance.

        `preferred` marks the row that comparisons use when several sources give a figure.
        `geo_name` and `indicator_name` are labels in `lang` ('en' or 'zh'; default: `get_lang()`).

        >>> Dataset().figures("fuzhou", "gdp_growth", 2025)[["value", "rank", "source"]].to_dict("records")
        [{'value': 5.9, 'rank': 2, 'source': 'article_2026'}]
        """
        lang = check_lang(lang)
        geos, inds, years = _as_list(geo, "geo"), _as_list(indicator, "indicator"), _years(year)
        _check("place", geos, self._s.ids["geographies"])
        _check("indicator", inds, self._s.ids["indicators"])
        _check("year", years, self._s.years)
        f = self._s.frames["figures"]
        mask = None
        for column, wanted in (("geo", geos), ("indicator", inds), ("year", years)):
            if wanted is not None:
                hit = f[column].isin(wanted).to_numpy()
                mask = hit if mask is None else mask & hit
        out = f.copy() if mask is None else f[mask].copy()
        out["geo_name"] = out["geo"].map(self._names("geographies", lang))
        out["indicator_name"] = out["indicator"].map(self._names("indicators", lang))
        return out.reset_index(drop=True)

    def indicators(self, lang: str | None = None) -> pd.DataFrame:
        """Catalogue of indicators: id, Chinese and English names, chart labels, unit, definition.

        `name` and `short` are in `lang`.

        >>> Dataset().indicators().set_index("id").loc["trade_growth", "name_zh"]
        '进出口总值增速'
        """
        lang = check_lang(lang)
        out = self._name_col(self._s.frames["indicators"].copy(), lang, "name", "name")
        return self._name_col(out, lang, "short", "short")

    def geographies(self, lang: str | None = None) -> pd.DataFrame:
        """Catalogue of places: China, Jiangxi and its eleven cities (pinyin ids), `name` in `lang`.

        >>> Dataset().geographies("zh").set_index("id").loc["fuzhou", "name"]
        '抚州'
        """
        return self._name_col(self._s.frames["geographies"].copy(), check_lang(lang), "name", "name")

    def units(self, lang: str | None = None) -> pd.DataFrame:
        """Catalogue of units with Chinese and English names, `name` in `lang`.

        >>> Dataset().units("en").set_index("id").loc["%", "name"]
        '% on the previous year'
        """
        return self._name_col(self._s.frames["units"].copy(), check_lang(lang), "name", "name")

    def sources(self, lang: str | None = None) -> pd.DataFrame:
        """Catalogue of sources: id, title as published and in English, publisher, date, URL (where
        known) and kind; `name` is the title in `lang` (the Chinese one is the title as published).

        >>> Dataset().sources("en").set_index("id").loc["article_2026", ["kind", "name"]].tolist()[0]
        'article'
        """
        out = self._s.frames["sources"].copy()
        out["name"] = out["title_en"] if check_lang(lang) == "en" else out["title"]
        return out

    def gaps(self) -> pd.DataFrame:
        """Figures known to be missing from the sources at hand, with the reason.

        >>> "reason_en" in Dataset().gaps().columns
        True
        """
        return self._s.frames["gaps"].copy()

    def directions(self, lang: str | None = None) -> pd.DataFrame:
        """The six directions of work for 2026 in the article's order; `title`, `slogan` in `lang`.

        >>> len(Dataset().directions())
        6
        """
        lang = check_lang(lang)
        out = self._name_col(self._s.frames["directions"].copy(), lang, "title", "title")
        return self._name_col(out, lang, "slogan", "slogan")

    def measures(self, direction: str | Iterable[str] | None = None, lang: str | None = None) -> pd.DataFrame:
        """The fifteen measures, optionally of one direction (or several); `name` in `lang`.

        >>> Dataset().measures("d1")["name_zh"].tolist()[0]
        '推动产业集群提能升级'
        """
        lang = check_lang(lang)
        return self._name_col(self._children("measures", "direction", "directions", direction), lang, "name", "name")

    def actions(self, measure: str | Iterable[str] | None = None, lang: str | None = None) -> pd.DataFrame:
        """The concrete actions of every measure (or of one, or several); `text` in `lang`.

        >>> Dataset().actions("m03")["text_zh"].tolist()[6]
        '争创科创金融改革试验区'
        """
        lang = check_lang(lang)
        return self._name_col(self._children("actions", "measure", "measures", measure), lang, "text", "text")

    def zones(self, lang: str | None = None) -> pd.DataFrame:
        """The four development zones (四区) of 2026–2030; `name` and `short` (a short name) in `lang`.

        >>> Dataset().zones()["name_zh"].tolist()[0]
        '新能源汽车产业集聚区'
        """
        lang = check_lang(lang)
        out = self._name_col(self._s.frames["zones"].copy(), lang, "name", "name")
        return self._name_col(out, lang, "short", "short")

    def tasks(self, lang: str | None = None) -> pd.DataFrame:
        """The eleven key tasks of 2026–2030; `text` in `lang`.

        >>> len(Dataset().tasks())
        11
        """
        return self._name_col(self._s.frames["tasks"].copy(), check_lang(lang), "text", "text")

    def measure_zones(self, zone: str | Iterable[str] | None = None) -> pd.DataFrame:
        """Links from actions (and their measures) to the zones they serve, with the quoted evidence.

        >>> Dataset().measure_zones("z1").query("strength == 'explicit'")["action"].tolist()
        ['m01-a03']
        """
        return self._children("measure_zones", "zone", "zones", zone)

    def task_directions(self) -> pd.DataFrame:
        """Which direction of work each key task belongs to, with the quoted evidence.

        >>> Dataset().task_directions().set_index("task").loc["t08", "direction"]
        'd5'
        """
        return self._s.frames["task_directions"].copy()

    def bearings(self, target: str | Iterable[str] | None = None, lang: str | None = None) -> pd.DataFrame:
        """Indicators that bear on each zone (z1..z4) or direction (d1..d6), with the reason.

        These links are editorial: the article names no indicator for its plans. A zone or direction
        without a row has no figure in the data that measures it.

        >>> Dataset().bearings("d3")["indicator"].tolist()
        ['trade_growth']
        """
        lang = check_lang(lang)
        wanted = _as_list(target, "target")
        _check("zone or direction", wanted, self._s.ids["zones"] + self._s.ids["directions"])
        out = self._s.frames["bearings"]
        if wanted is not None:
            out = out[out["target"].isin(wanted)]
        out = out.reset_index(drop=True).copy()
        out["indicator_name"] = out["indicator"].map(self._names("indicators", lang))
        return out

    def themes(self, direction: str | Iterable[str] | None = None, lang: str | None = None) -> pd.DataFrame:
        """The themes that group each direction's 2026 actions, with a summary in plain words
        (editorial); `title` and `summary` in `lang`, `actions` the number of actions in each.

        >>> Dataset().themes("d1", "en")[["id", "actions"]].head(2).values.tolist()
        [['nev', 3], ['materials', 4]]
        """
        lang = check_lang(lang)
        out = self._children("themes", "direction", "directions", direction)
        counts = self._s.frames["action_themes"]["theme"].value_counts()
        out["actions"] = out["id"].map(counts).fillna(0).astype("int64")
        out = self._name_col(out, lang, "title", "title")
        return self._name_col(out, lang, "summary", "summary")

    def action_themes(self) -> pd.DataFrame:
        """The theme of each 2026 action (every action has exactly one).

        >>> Dataset().action_themes().set_index("action").loc["m03-a07", "theme"]
        'sci_tech_finance'
        """
        return self._s.frames["action_themes"].copy()

    def watch(self, target: str | Iterable[str] | None = None, lang: str | None = None) -> pd.DataFrame:
        """Statistics that would show a zone's or direction's progress but that no source at hand
        publishes for Fuzhou (editorial); `item` in `lang`.

        >>> Dataset().watch("z2", "en")["item"].tolist()[-1]
        'Firms listed, quoted or issuing bonds'
        """
        lang = check_lang(lang)
        wanted = _as_list(target, "target")
        _check("zone or direction", wanted, self._s.ids["zones"] + self._s.ids["directions"])
        out = self._s.frames["watch"]
        if wanted is not None:
            out = out[out["target"].isin(wanted)]
        return self._name_col(out.reset_index(drop=True).copy(), lang, "item", "item")

    def glossary(self, lang: str | None = None) -> pd.DataFrame:
        """The bilingual glossary: each recurring policy term with the one English rendering every
        English text of the data uses, accepted other forms, and a note on official English names.

        `term` is the term in `lang` (`term_zh` or `term_en`).

        >>> Dataset().glossary().set_index("term_zh").loc["规上", "term_en"]
        'above designated size'
        """
        out = self._s.frames["glossary"].copy()
        out["term"] = out["term_en"] if check_lang(lang) == "en" else out["term_zh"]
        return out

    def passages(self, lang: str | None = None) -> pd.DataFrame:
        """Passages of the article kept verbatim beyond the policy lists (the claim that the main
        indicators grew faster than China's and Jiangxi's, the lead, the zones' rationale, the
        key-task heading, the city's epithet), in reading order; `text` in `lang`.

        >>> "总体高于全国全省" in Dataset().passages().set_index("id").loc["claim_above", "text_zh"]
        True
        """
        return self._name_col(self._s.frames["passages"].copy(), check_lang(lang), "text", "text")

    # ----------------------------------------------------------------- targets

    def _targets_in_order(self, geo: Any, indicator: Any, year: Any) -> tuple[list[dict], list | None, list | None]:
        geos, inds, years = _as_list(geo, "geo"), _as_list(indicator, "indicator"), _years(year)
        _check("place", geos, self._s.ids["geographies"])
        _check("indicator", inds, self._s.ids["indicators"])
        geo_order = {g: i for i, g in enumerate(self._s.ids["geographies"])}
        ind_order = {g: i for i, g in enumerate(self._s.ids["indicators"])}
        rows = sorted(
            self._s.rows["targets"], key=lambda r: (geo_order[r["geo"]], r["year"], ind_order[r["indicator"]])
        )
        if inds is not None:
            rows = [r for r in rows if r["indicator"] in inds]
        return rows, geos, years

    def targets(
        self,
        geo: str | Iterable[str] | None = None,
        indicator: str | Iterable[str] | None = None,
        year: int | Iterable[int] | None = None,
        lang: str | None = None,
    ) -> pd.DataFrame:
        """Annual targets as published: kind (about, at_least, at_most, range, in_step_with), bounds,
        the quoted phrase and its source; `target` says it in words in `lang`. Targets known to be
        missing are in `target_gaps()`.

        >>> Dataset().targets("jiangxi", year=2026)[["indicator", "kind", "target"]].values.tolist()[0]
        ['gdp_growth', 'range', '5–5.5%']
        """
        from .target_rules import target_table

        lang = check_lang(lang)
        rows, geos, years = self._targets_in_order(geo, indicator, year)
        out = target_table(
            rows, {}, geos, years, lang, self._names("geographies", lang), self._names("indicators", lang)
        )
        keep = ["geo", "geo_name", "indicator", "indicator_name", "year", "kind", "low", "high", "in_step_with"]
        return out[[*keep, "target", "quote", "source", "reliability", "note_en"]]

    def target_check(
        self,
        geo: str | Iterable[str] | None = "fuzhou",
        year: int | Iterable[int] | None = None,
        lang: str | None = None,
        indicator: str | Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Each target of `geo` for `year` (default: the latest year with Fuzhou figures) beside its
        outcome: met, missed or open, with the margin in percentage points (positive: met with that
        much room; negative: missed by it).

        "About X" is met within `schema.ABOUT_TOLERANCE_PP` (0.25 pp) of X; "in step with" is met
        when the outcome is within the same tolerance of the other indicator's outcome for the same
        place and year (see `fuzhou_data.target_rules`). The outcome is the preferred figure of this
        dataset, so outcomes given as extra figures count. Fuzhou's own targets are not in the
        sources at hand (see `target_gaps()`), so the default call returns no rows.

        >>> c = Dataset().target_check("china", 2025)
        >>> c[["indicator", "target", "outcome", "status", "margin_pp"]].values.tolist()[:2]
        [['gdp_growth', 'about 5%', 5.0, 'met', 0.25], ['cpi_growth', 'about 2%', 0.0, 'missed', -1.75]]
        """
        from .target_rules import target_table

        lang = check_lang(lang)
        year = self.latest_year() if year is None else year
        rows, geos, years = self._targets_in_order(geo, indicator, year)
        names, places = self._names("indicators", lang), self._names("geographies", lang)
        if lang == "en":
            return target_table(rows, self._s.preferred, geos, years, lang, places, names)
        # In Chinese, China's own targets name its GDP as the nation's (与国内生产总值增速同步).
        national = {**names, **NATIONAL_NAMES_ZH}
        parts = [
            target_table([r for r in rows if r["geo"] != "china"], self._s.preferred, geos, years, lang, places, names),
            target_table(
                [r for r in rows if r["geo"] == "china"], self._s.preferred, geos, years, lang, places, national
            ),
        ]
        order = {g: k for k, g in enumerate(self._s.ids["geographies"])}
        out = pd.concat(parts, ignore_index=True)
        return out.sort_values("geo", key=lambda g: g.map(order), kind="stable").reset_index(drop=True)

    def target_gaps(self) -> pd.DataFrame:
        """Targets known to be missing from the sources at hand (place, indicator, year), with the reason.

        >>> "fuzhou" in set(Dataset().target_gaps()["geo"])
        True
        """
        return self._s.frames["target_gaps"].copy()

    # ------------------------------------------------------------- comparisons

    def grid(
        self,
        indicator: str,
        geo: str | Iterable[str] = ("china", "jiangxi", "fuzhou"),
        years: int | Iterable[int] = range(2021, 2026),
        lang: str | None = None,
    ) -> pd.DataFrame:
        """Every (geo, year) pair asked for, with the preferred figure or NA and the reason it is missing.

        >>> g = Dataset().grid("gdp_growth", ["fuzhou"], [2024, 2025])
        >>> g["value"].isna().tolist()
        [True, False]
        """
        lang = check_lang(lang)
        geos, yrs = _as_list(geo, "geo"), _years(years)
        _check("place", geos, self._s.ids["geographies"])
        _check("indicator", [indicator], self._s.ids["indicators"])
        pref = self._s.preferred
        names = self._names("geographies", lang)
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
                        "missing_reason": None if hit else self._gap_reason(g, indicator, y, lang),
                    }
                )
        dtypes = {
            "geo": "str",
            "geo_name": "str",
            "indicator": "str",
            "year": "int64",
            "value": "float64",
            "rank": "Int64",
            "approximate": "boolean",
            "source": "str",
            "missing_reason": "str",
        }
        return pd.DataFrame({c: pd.array([r[c] for r in rows], dtype=t) for c, t in dtypes.items()})

    def compare(
        self, indicator: str | Iterable[str] | None = None, year: int | None = None, lang: str | None = None
    ) -> pd.DataFrame:
        """Fuzhou, Jiangxi and China side by side for growth indicators, with gaps in percentage points.

        `year` defaults to the latest year with a Fuzhou figure. A missing figure stays NA and `note`
        says why; `above_jiangxi`/`above_china` are NA when a side is missing. Defaults to the
        article's seven indicators, in its order.

        >>> c = Dataset().compare("gdp_growth").iloc[0]
        >>> [float(c[k]) for k in ("fuzhou", "jiangxi", "china")], round(float(c["gap_china_pp"]), 1)
        ([5.9, 5.2, 5.0], 0.9)
        """
        lang = check_lang(lang)
        inds = self._check_growth(indicator)
        year = self.latest_year() if year is None else self._check_year(year)
        names, geo_names = self._names("indicators", lang), self._names("geographies", lang)
        approx_note = "来源给出的是约数。" if lang == "zh" else "the source gives an approximate figure."
        pref = self._s.preferred
        rows = []
        for ind in inds:
            row: dict[str, Any] = {"indicator": ind, "indicator_name": names[ind], "year": year}
            notes = []
            for geo in ("fuzhou", "jiangxi", "china"):
                hit = pref.get((geo, ind, year))
                row[geo] = hit["value"] if hit else float("nan")
                row[f"{geo}_source"] = hit["source"] if hit else None
                sep = "：" if lang == "zh" else ": "
                if hit is None:
                    notes.append(f"{geo_names[geo]}{sep}{self._gap_reason(geo, ind, year, lang)}")
                elif hit["approximate"]:
                    notes.append(f"{geo_names[geo]}{sep}{approx_note}")
            fuzhou = pref.get(("fuzhou", ind, year))
            row["fuzhou_rank"] = fuzhou["rank"] if fuzhou else None
            for other in ("jiangxi", "china"):
                gap = round(row["fuzhou"] - row[other], 10)
                row[f"gap_{other}_pp"] = gap
                row[f"above_{other}"] = None if math.isnan(gap) else gap > 0
            row["note"] = " ".join(notes) if notes else None
            rows.append(row)
        dtypes = {
            "indicator": "str",
            "indicator_name": "str",
            "year": "int64",
            "fuzhou": "float64",
            "fuzhou_rank": "Int64",
            "jiangxi": "float64",
            "china": "float64",
            "gap_jiangxi_pp": "float64",
            "gap_china_pp": "float64",
            "above_jiangxi": "boolean",
            "above_china": "boolean",
            "fuzhou_source": "str",
            "jiangxi_source": "str",
            "china_source": "str",
            "note": "str",
        }
        return pd.DataFrame({c: pd.array([r[c] for r in rows], dtype=t) for c, t in dtypes.items()})

    def peers(self, indicator: str, year: int | None = None, lang: str | None = None) -> pd.DataFrame:
        """All eleven Jiangxi cities for one indicator: the preferred figure, or NA where unknown.

        `year` defaults to the latest year with a Fuzhou figure.

        >>> p = Dataset().peers("trade_growth")
        >>> int(p["value"].notna().sum()), int(p.loc[p["geo"] == "fuzhou", "rank"].item())
        (5, 1)
        """
        _check("indicator", [indicator], self._s.ids["indicators"])
        year = self.latest_year() if year is None else self._check_year(year)
        out = self.grid(indicator, self._s.cities, [year], lang)
        out["is_fuzhou"] = out["geo"] == "fuzhou"
        return out

    _RANK_COLUMNS = {
        "indicator": "str",
        "indicator_name": "str",
        "year": "int64",
        "fuzhou": "float64",
        "stated_rank": "int64",
        "peers_known": "int64",
        "peers_above": "int64",
        "peers_below": "int64",
        "peers_uncertain": "int64",
        "rank_min_possible": "int64",
        "rank_max_possible": "int64",
        "consistent": "boolean",
        "peers": "str",
        "note": "str",
        "source": "str",
    }

    def rank_check(
        self, indicator: str | Iterable[str] | None = None, year: int | None = None, lang: str | None = None
    ) -> pd.DataFrame:
        """For each rank Fuzhou states, whether the other cities' known figures are consistent with it.

        With k known peers above Fuzhou and j below, any rank from 1 + k to 11 - j is possible;
        `consistent` says whether the stated rank is in that range (NA when no peer is known). A
        peer whose figure is approximate (左右) counts as above or below only when it is more than
        `schema.ABOUT_TOLERANCE_PP` away from Fuzhou's; otherwise it is `peers_uncertain` and
        widens the range. Ties count as neither above nor below. `year` defaults to the latest
        year with a Fuzhou figure; a year without stated ranks gives an empty table with the
        same columns.

        >>> Dataset().rank_check("trade_growth")[["stated_rank", "peers_known", "consistent"]].values.tolist()
        [[1, 4, True]]
        """
        lang = check_lang(lang)
        year = self.latest_year() if year is None else self._check_year(year)
        inds = _as_list(indicator, "indicator")
        _check("indicator", inds, self._s.ids["indicators"])
        ind_names, geo_names = self._names("indicators", lang), self._names("geographies", lang)
        pref = self._s.preferred
        order = self._s.ids["indicators"]
        stated = sorted(
            (
                r
                for (g, i, y), r in pref.items()
                if g == "fuzhou" and y == year and r["rank"] is not None and (inds is None or i in inds)
            ),
            key=lambda r: order.index(r["indicator"]),
        )
        others_ids = [c for c in self._s.cities if c != "fuzhou"]
        rows = []
        for f in stated:
            ind, value = f["indicator"], f["value"]
            others = [pref[(c, ind, year)] for c in others_ids if (c, ind, year) in pref]
            above = below = uncertain = 0
            for o in others:
                tolerance = ABOUT_TOLERANCE_PP if o["approximate"] else 0.0
                if o["value"] - tolerance > value:
                    above += 1
                elif o["value"] + tolerance < value:
                    below += 1
                elif o["approximate"]:
                    uncertain += 1
            low, high = 1 + above, N_CITIES - below
            rank = int(f["rank"])
            approx = [o for o in others if o["approximate"]]
            shown = sorted(others, key=lambda o: -o["value"])
            sep = "；" if lang == "zh" else "; "
            rows.append(
                {
                    "indicator": ind,
                    "indicator_name": ind_names[ind],
                    "year": year,
                    "fuzhou": value,
                    "stated_rank": rank,
                    "peers_known": len(others),
                    "peers_above": above,
                    "peers_below": below,
                    "peers_uncertain": uncertain,
                    "rank_min_possible": low,
                    "rank_max_possible": high,
                    "consistent": None if not others else low <= rank <= high,
                    "peers": sep.join(
                        f"{geo_names[o['geo']]} {'≈' if o['approximate'] else ''}{o['value']:g}" for o in shown
                    ),
                    "note": (
                        ("约数：" if lang == "zh" else "Approximate peer figures: ")
                        + ("、" if lang == "zh" else ", ").join(geo_names[o["geo"]] for o in approx)
                    )
                    if approx
                    else None,
                    "source": f["source"],
                }
            )
        cols = self._RANK_COLUMNS
        return pd.DataFrame({c: pd.array([r[c] for r in rows], dtype=t) for c, t in cols.items()})


# ------------------------------------------------------------------- the default dataset

_DEFAULT_LOCK = threading.Lock()
_DEFAULT: list[Dataset] = []


def default() -> Dataset:
    """The bundled dataset the module-level functions use (made once, on first use, thread-safely).

    >>> default() is default()
    True
    """
    if not _DEFAULT:
        with _DEFAULT_LOCK:
            if not _DEFAULT:
                _DEFAULT.append(Dataset())
    return _DEFAULT[0]


def _module_function(name: str) -> Callable[..., Any]:
    """`Dataset.<name>` of the default dataset as a module-level function, with its signature and
    docstring (so that help() and editors show the same thing)."""
    method = getattr(Dataset, name)

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(default(), name)(*args, **kwargs)

    params = list(inspect.signature(method).parameters.values())[1:]
    call.__signature__ = inspect.signature(method).replace(parameters=params)  # type: ignore[attr-defined]
    call.__doc__ = (method.__doc__ or "").replace("Dataset().", "")
    del call.__wrapped__  # doctest and help() read this function's own docstring, not the method's
    call.__module__ = __name__
    call.__qualname__ = name
    return call


years = _module_function("years")
latest_year = _module_function("latest_year")
load_all = _module_function("load_all")
indicators = _module_function("indicators")
geographies = _module_function("geographies")
units = _module_function("units")
sources = _module_function("sources")
gaps = _module_function("gaps")
directions = _module_function("directions")
measures = _module_function("measures")
actions = _module_function("actions")
zones = _module_function("zones")
tasks = _module_function("tasks")
measure_zones = _module_function("measure_zones")
task_directions = _module_function("task_directions")
bearings = _module_function("bearings")
themes = _module_function("themes")
action_themes = _module_function("action_themes")
watch = _module_function("watch")
targets = _module_function("targets")
target_check = _module_function("target_check")
target_gaps = _module_function("target_gaps")
glossary = _module_function("glossary")
passages = _module_function("passages")
grid = _module_function("grid")
compare = _module_function("compare")
peers = _module_function("peers")
rank_check = _module_function("rank_check")


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

    `extra` adds figures of your own for this one call (see `Dataset`, which keeps them for every
    table, comparison and chart): validated like the bundled data, a contradiction raises
    DataValidationError unless `prefer_extra=True`. Nothing is written.

    >>> figures("fuzhou", "gdp_growth", 2025)[["value", "rank", "source"]].to_dict("records")
    [{'value': 5.9, 'rank': 2, 'source': 'article_2026'}]
    """
    data = default() if extra is None and not prefer_extra else Dataset(extra, prefer_extra=prefer_extra)
    return data.figures(geo, indicator, year, lang=lang)


# Names used by labels.py and plots.py: the one lookup of id -> name per table and language.
def _names(table: str, lang: str | None, column: str = "name") -> dict[str, str]:
    lang = check_lang(lang)
    if table == "labels":
        return _label_texts(lang)
    return default()._names(table, lang, column)


@functools.cache
def _label_texts(lang: str) -> dict[str, str]:
    return {r["id"]: r[lang] for r in _bundled_rows()["labels"]}
