"""The numbers the growth and rankings notebooks state, computed once for both editions.

The English and Chinese notebooks call these functions and differ only in wording: every
figure, count, list and choice (which indicator leads, which year to compare with, which rank
can be tested) is made here, from a `Dataset`, for any year the data holds. Nothing assumes
which cells are filled: a missing figure is left out of a comparison and listed as open.

    >>> import fuzhou_data as fd
    >>> g = growth_findings(fd.Dataset(), 2025)
    >>> len(g["vs"]["china"]["above"]), g["vs"]["jiangxi"]["compared"][:2]
    (7, ['gdp_growth', 'industry_growth'])
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .tables import HEADLINE, Dataset

if TYPE_CHECKING:
    import pandas as pd

OTHERS = ("china", "jiangxi")
"""What Fuzhou is compared with, in the order the notebooks say it."""


def _known(value: Any) -> bool:
    try:
        return value is not None and not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _growth_ids(ds: Dataset) -> list[str]:
    """Growth indicators in catalogue order (the headline seven first)."""
    ids = ds._s.ids["indicators"]
    rest = [i for i in ids if ds._s.indicator_kind[i] == "growth" and i not in HEADLINE]
    return [*HEADLINE, *rest]


def _level_ids(ds: Dataset) -> list[str]:
    return [i for i in ds._s.ids["indicators"] if ds._s.indicator_kind[i] == "level"]


def story_years(ds: Dataset) -> list[int]:
    """The years with at least one Fuzhou growth figure: the years a notebook can tell.

    >>> import fuzhou_data as fd
    >>> story_years(fd.Dataset())
    [2023, 2025]
    """
    return ds.years("fuzhou", _growth_ids(ds))


def _check_year(ds: Dataset, year: Any) -> int:
    years = story_years(ds)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise TypeError(f"YEAR must be a whole number such as 2025, got {year!r}") from None
    if year not in years:
        raise ValueError(
            f"the data holds no growth figure of Fuzhou for {year}; years with figures: "
            f"{', '.join(map(str, years))} (add figures with EXTRA_FIGURES, see docs/adding-figures.md)"
        )
    return year


def gap_reasons(ds: Dataset, geo: str, indicators: list[str], year: int, lang: str) -> dict[str, str]:
    """Why each missing figure is missing, in `lang`, where the data says so in that language."""
    gaps = ds.gaps()
    column = f"reason_{lang}"
    if column not in gaps.columns:
        return {}
    rows = gaps[(gaps["geo"] == geo) & (gaps["year"] == year) & gaps["indicator"].isin(indicators)]
    return {r["indicator"]: r[column] for _, r in rows.iterrows() if isinstance(r[column], str) and r[column]}


def _versus(cmp: pd.DataFrame, other: str) -> dict[str, Any]:
    """Fuzhou against one other place: which indicators compare, which are above, the extremes."""
    rows = cmp[cmp["fuzhou"].notna()]
    compared = rows[rows[other].notna()]
    gaps = compared.set_index("indicator")[f"gap_{other}_pp"].round(1)
    out: dict[str, Any] = {
        "compared": compared["indicator"].tolist(),
        "above": gaps[gaps > 0].index.tolist(),
        "below": gaps[gaps < 0].index.tolist(),
        "level": gaps[gaps == 0].index.tolist(),
        "open": rows.loc[rows[other].isna(), "indicator"].tolist(),
        "gaps": {i: float(v) for i, v in gaps.items()},
        "widest": None,
        "narrowest": None,
    }
    if len(gaps) >= 2:
        out["widest"] = gaps.idxmax()
        out["narrowest"] = gaps.idxmin()
    return out


def growth_findings(ds: Dataset, year: int) -> dict[str, Any]:
    """Everything the growth notebook states for `year`.

    Keys: ``year``; ``comparison`` (``Dataset.compare`` of the headline seven); ``known`` and
    ``missing`` (indicators with and without a Fuzhou figure); ``vs`` (per place in `OTHERS`:
    ``compared``, ``above``, ``below``, ``level``, ``open`` indicator lists, ``gaps`` in
    points, ``widest`` and ``narrowest`` indicator, None with fewer than two); ``gapped``
    (indicators with a gap to at least one of them); ``national_fell``
    (indicators where China's figure fell and Fuzhou's is known); ``history`` (``Dataset.grid``
    of GDP growth for China, Jiangxi and Fuzhou, from the first year with a figure to `year`);
    ``history_gaps`` (Fuzhou minus Jiangxi per year where both are known); ``trend`` (China's
    and Jiangxi's first and last known year and value in it); ``fuzhou_missing_years``
    (history years without a Fuzhou figure); ``earlier`` (the latest earlier year with Fuzhou
    figures, or None); ``then_now`` (Fuzhou's growth indicators in ``earlier`` and `year`, with
    ranks; None without an earlier year); ``sources`` (ids of every figure shown).

    >>> import fuzhou_data as fd
    >>> g = growth_findings(fd.Dataset(), 2025)
    >>> g["vs"]["china"]["widest"], g["earlier"], g["national_fell"]
    ('trade_growth', 2023, ['investment_growth', 'budget_revenue_growth'])
    """
    year = _check_year(ds, year)
    cmp = ds.compare(list(HEADLINE), year, lang="en")
    known = cmp.loc[cmp["fuzhou"].notna(), "indicator"].tolist()
    vs = {other: _versus(cmp, other) for other in OTHERS}
    fell = cmp[(cmp["china"] < 0) & cmp["fuzhou"].notna()]["indicator"].tolist()

    geos = ["china", "jiangxi", "fuzhou"]
    first = min([y for y in ds.years(geos, "gdp_growth") if y <= year], default=year)
    history = ds.grid("gdp_growth", geos, range(first, year + 1), lang="en")
    wide = history.pivot(index="year", columns="geo", values="value")
    both = wide[["fuzhou", "jiangxi"]].dropna()
    history_gaps = {int(y): round(float(r["fuzhou"] - r["jiangxi"]), 1) for y, r in both.iterrows()}
    fz_missing = [int(y) for y, v in wide["fuzhou"].items() if not _known(v)]

    trend = {}
    for geo in ("china", "jiangxi"):
        known_years = wide[geo].dropna()
        if len(known_years) >= 2:
            trend[geo] = (
                int(known_years.index[0]),
                float(known_years.iloc[0]),
                int(known_years.index[-1]),
                float(known_years.iloc[-1]),
            )

    earlier_years = [y for y in story_years(ds) if y < year]
    earlier = earlier_years[-1] if earlier_years else None
    then_now = None
    sources = set(cmp[["fuzhou_source", "jiangxi_source", "china_source"]].stack().dropna())
    sources |= set(history["source"].dropna())
    if earlier is not None:
        rows = []
        for ind in HEADLINE:  # the article's seven: other indicators would only add rows of n/a
            then, now = ds._s.preferred.get(("fuzhou", ind, earlier)), ds._s.preferred.get(("fuzhou", ind, year))
            if then is None and now is None:
                continue
            rows.append(
                {
                    "indicator": ind,
                    "then": then["value"] if then else math.nan,
                    "rank_then": then["rank"] if then else None,
                    "now": now["value"] if now else math.nan,
                    "rank_now": now["rank"] if now else None,
                }
            )
            sources |= {r["source"] for r in (then, now) if r}
        import pandas as pd

        then_now = pd.DataFrame(rows)
        then_now["rank_then"] = then_now["rank_then"].astype("Int64")
        then_now["rank_now"] = then_now["rank_now"].astype("Int64")
        then_now["change"] = (then_now["now"] - then_now["then"]).round(1)
    return {
        "year": year,
        "comparison": cmp,
        "known": known,
        "missing": cmp.loc[cmp["fuzhou"].isna(), "indicator"].tolist(),
        "vs": vs,
        "gapped": [i for i in cmp["indicator"] if any(i in vs[o]["gaps"] for o in OTHERS)],
        "national_fell": fell,
        "history": history,
        "history_gaps": history_gaps,
        "trend": trend,
        "fuzhou_missing_years": fz_missing,
        "earlier": earlier,
        "then_now": then_now,
        "sources": sources,
    }


def _status(consistent: Any) -> str:
    if consistent is None or (isinstance(consistent, float) and math.isnan(consistent)):
        return "untestable"
    try:
        return "consistent" if bool(consistent) else "inconsistent"
    except TypeError:  # pd.NA
        return "untestable"


def ranking_findings(ds: Dataset, year: int) -> dict[str, Any]:
    """Everything the rankings notebook states for `year`.

    Keys: ``year``; ``cities`` (the eleven city ids, catalogue order); ``checks``
    (``Dataset.rank_check`` with a ``status`` column: consistent, inconsistent or untestable);
    ``growth_checks`` and ``level_checks`` (its rows for growth rates and for levels);
    ``status_counts`` (of the growth ranks); ``best_known`` (most other cities known behind a
    growth rank); ``by_rank`` (stated growth rank -> indicators, best first); ``charted`` (growth
    indicators with a stated rank and at least one other city's figure: worth a chart) and
    ``alone`` (a stated rank, no other city known: a sentence); ``growth`` and ``levels`` (the
    cities x indicators figures: value, rank and approximate per cell, NA where unknown; levels
    only for indicators with some city's figure); ``coverage`` (cities with a figure, per
    headline indicator); ``standing`` (per growth indicator with a Fuzhou figure: its ``value``, its
    ``position`` among the cities with a figure, how many are ``known``, and which of the other
    cities' figures are ``approximate``); ``level_reliability`` (per level check, the reliability of its
    source); ``sources``.

    >>> import fuzhou_data as fd
    >>> r = ranking_findings(fd.Dataset(), 2025)
    >>> r["by_rank"], r["alone"], r["status_counts"]["consistent"]
    ({1: ['trade_growth'], 2: ['gdp_growth', 'industry_growth'], 3: ['income_growth']}, ['income_growth'], 3)
    """
    import pandas as pd

    year = _check_year(ds, year)
    cities = list(ds._s.cities)
    checks = ds.rank_check(year=year, lang="en")
    checks["status"] = [_status(c) for c in checks["consistent"]]
    kind = ds._s.indicator_kind
    growth_checks = checks[checks["indicator"].map(kind) == "growth"].reset_index(drop=True)
    level_checks = checks[checks["indicator"].map(kind) == "level"].reset_index(drop=True)
    counts = {s: int((growth_checks["status"] == s).sum()) for s in ("consistent", "inconsistent", "untestable")}
    by_rank: dict[int, list[str]] = {}
    for r in growth_checks.sort_values("stated_rank", kind="stable").itertuples():
        by_rank.setdefault(int(r.stated_rank), []).append(r.indicator)
    charted = growth_checks.loc[growth_checks["peers_known"] > 0, "indicator"].tolist()
    alone = growth_checks.loc[growth_checks["peers_known"] == 0, "indicator"].tolist()

    pref = ds._s.preferred
    sources = set(checks["source"].dropna())

    def cells(indicators: list[str]) -> dict[str, pd.DataFrame]:
        out = {}
        for what in ("value", "rank", "approximate"):
            out[what] = pd.DataFrame(
                {i: [pref[(c, i, year)][what] if (c, i, year) in pref else None for c in cities] for i in indicators},
                index=pd.Index(cities, name="geo"),
            )
        out["value"] = out["value"].astype("float64")
        for c in cities:
            for i in indicators:
                if (c, i, year) in pref:
                    sources.add(pref[(c, i, year)]["source"])
        return out

    growth_ids = [i for i in _growth_ids(ds) if i in HEADLINE or any((c, i, year) in pref for c in cities)]
    level_ids = [i for i in _level_ids(ds) if any((c, i, year) in pref for c in cities)]
    growth = cells(growth_ids)
    levels = cells(level_ids)
    coverage = {i: int(growth["value"][i].notna().sum()) for i in HEADLINE}
    standing = {}
    for i in growth_ids:
        values = growth["value"][i].dropna()
        if "fuzhou" not in values.index:
            continue
        approx = growth["approximate"][i]
        standing[i] = {
            "value": float(values["fuzhou"]),
            "position": 1 + int((values.drop("fuzhou") > values["fuzhou"]).sum()),
            "known": len(values),
            "approximate": [c for c in values.index if c != "fuzhou" and bool(approx[c])],
        }
    reliability = {}
    for r in level_checks.itertuples():
        reliability[r.indicator] = pref[("fuzhou", r.indicator, year)]["reliability"]
    return {
        "year": year,
        "cities": cities,
        "checks": checks,
        "growth_checks": growth_checks,
        "level_checks": level_checks,
        "status_counts": counts,
        "best_known": int(growth_checks["peers_known"].max()) if len(growth_checks) else 0,
        "by_rank": by_rank,
        "charted": charted,
        "alone": alone,
        "growth": growth,
        "levels": levels,
        "coverage": coverage,
        "standing": standing,
        "level_reliability": reliability,
        "sources": sources,
    }


def target_findings(ds: Dataset, year: int) -> dict[str, Any]:
    """Targets of `year` against outcomes, for Fuzhou, Jiangxi and China.

    Keys: ``year``; ``checks`` (``Dataset.target_check`` of the three places, in that order,
    English names); ``judged`` (rows with an outcome: met or missed); ``open`` (rows without
    one); ``fuzhou_gap`` (True when Fuzhou's own targets for the year are a recorded gap);
    ``sources`` (ids of the targets and outcomes shown).

    >>> import fuzhou_data as fd
    >>> t = target_findings(fd.Dataset(), 2025)
    >>> t["judged"][["geo", "indicator", "status"]].values.tolist()[:2]
    [['china', 'gdp_growth', 'met'], ['china', 'cpi_growth', 'missed']]
    >>> t["fuzhou_gap"]
    True
    """
    year = _check_year(ds, year)
    checks = ds.target_check(["fuzhou", "jiangxi", "china"], year, lang="en")
    judged = checks[checks["status"] != "open"].reset_index(drop=True)
    gaps = ds.target_gaps()
    return {
        "year": year,
        "checks": checks,
        "judged": judged,
        "open": checks[checks["status"] == "open"].reset_index(drop=True),
        "fuzhou_gap": bool(((gaps["geo"] == "fuzhou") & (gaps["year"] == year)).any()),
        "sources": set(checks["source"]) | set(judged["outcome_source"].dropna()),
    }
