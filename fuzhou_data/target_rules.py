"""Targets against outcomes: pure functions over plain rows, no data loading.

A government states an annual target in one of five shapes (the ``kind`` of a row of
targets.csv), and each is met by an outcome (the preferred figure of the same place,
indicator and year) as follows, all bounds inclusive:

* ``about`` X (左右): met when the outcome is within ``ABOUT_TOLERANCE_PP`` (0.25 percentage
  points) of X, so "about 5.5%" is met by 5.25 to 5.75. Governments set and round growth
  figures in half-point steps, so an "about X" covers every value nearer X than the next half
  point (see the comment at ``fuzhou_data.schema.ABOUT_TOLERANCE_PP``).
* ``at_least`` X (以上): met when outcome >= X.
* ``at_most`` X (以内, 以下): met when outcome <= X.
* ``range`` X—Y: met when X <= outcome <= Y.
* ``in_step_with`` another indicator (同步, e.g. income growth in step with economic growth): met
  when the outcome is within ``ABOUT_TOLERANCE_PP`` of the other indicator's outcome for the
  same place and year; open while either is missing.

Status is ``met``, ``missed`` or ``open`` (no outcome yet). The **margin** is the signed room, in
percentage points, between the outcome and the nearest edge of the band that meets the
target: positive means met with that much to spare, zero means exactly on the edge (met),
negative means missed by that much. For ``about`` and ``in_step_with`` the band is the
stated figure (or the other outcome) plus or minus the tolerance.

    >>> evaluate("about", 5.5, 5.5, 5.4)
    ('met', 0.15)
    >>> evaluate("range", 4.5, 5.0, 5.2)
    ('missed', -0.2)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .schema import ABOUT_TOLERANCE_PP, TARGET_KINDS

if TYPE_CHECKING:
    import pandas as pd

Lookup = Mapping[tuple[str, str, int], Mapping[str, Any]]

COLUMNS = (
    "geo",
    "geo_name",
    "indicator",
    "indicator_name",
    "year",
    "kind",
    "low",
    "high",
    "in_step_with",
    "target",
    "outcome",
    "other_outcome",
    "status",
    "margin_pp",
    "outcome_source",
    "quote",
    "source",
    "reliability",
    "note_en",
)
"""Columns of `target_table`, in order."""

_DIGITS = 9  # margins are rounded here so that 5.2 - 4.95 counts as 0.25, not 0.2500000000000004


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pd.NA != pd.NA is NA, whose truth value is undefined
        return True


def _need(kind: str, name: str, value: Any) -> float:
    if _missing(value):
        raise ValueError(f"a target of kind {kind!r} needs a {name} bound, got {value!r}")
    return float(value)


def evaluate(
    kind: str,
    low: float | None,
    high: float | None,
    outcome: float | None,
    other_outcome: float | None = None,
) -> tuple[str, float]:
    """Status ('met', 'missed' or 'open') and margin (percentage points) of one target.

    `low` and `high` are the bounds as in targets.csv (both the stated figure for 'about');
    `other_outcome` is the other indicator's outcome, used by 'in_step_with' only. The margin
    is NaN when the status is open.

    >>> evaluate("about", 5.5, 5.5, 5.75), evaluate("about", 5.5, 5.5, 5.76)
    (('met', 0.0), ('missed', -0.01))
    >>> evaluate("at_least", 7.3, None, 7.3), evaluate("at_most", None, 3.0, 3.5)
    (('met', 0.0), ('missed', -0.5))
    >>> evaluate("in_step_with", None, None, 5.0, 5.0), evaluate("range", 4.5, 5.0, None)
    (('met', 0.25), ('open', nan))
    """
    if kind not in TARGET_KINDS:
        raise ValueError(f"unknown target kind {kind!r}; allowed: {', '.join(TARGET_KINDS)}")
    if kind == "about":
        centre = _need(kind, "low", low if not _missing(low) else high)
    elif kind == "at_least":
        lo = _need(kind, "low", low)
    elif kind == "at_most":
        hi = _need(kind, "high", high)
    elif kind == "range":
        lo, hi = _need(kind, "low", low), _need(kind, "high", high)
    if _missing(outcome) or (kind == "in_step_with" and _missing(other_outcome)):
        return "open", math.nan
    value = float(outcome)  # type: ignore[arg-type]
    if kind == "about":
        margin = ABOUT_TOLERANCE_PP - abs(value - centre)
    elif kind == "at_least":
        margin = value - lo
    elif kind == "at_most":
        margin = hi - value
    elif kind == "range":
        margin = min(value - lo, hi - value)
    else:
        margin = ABOUT_TOLERANCE_PP - abs(value - float(other_outcome))  # type: ignore[arg-type]
    margin = round(margin, _DIGITS) + 0.0  # + 0.0: no negative zero
    return ("met" if margin >= 0 else "missed"), margin


def _num(value: float) -> str:
    return f"{value:g}"


def describe(
    kind: str,
    low: float | None,
    high: float | None,
    in_step_with: str | None = None,
    lang: str = "en",
    indicator_names: Mapping[str, str] | None = None,
) -> str:
    """The target in words, in `lang` ('en' or 'zh'), for tables and charts.

    >>> describe("range", 4.5, 5.0), describe("about", 2.0, 2.0, lang="zh")
    ('4.5–5%', '2%左右')
    >>> describe("in_step_with", None, None, "gdp_growth", indicator_names={"gdp_growth": "GDP growth"})
    'in step with GDP growth'
    """
    other = (indicator_names or {}).get(in_step_with or "", in_step_with or "")
    zh = lang == "zh"
    if kind == "about":
        x = _num(low if not _missing(low) else high)  # type: ignore[arg-type]
        return f"{x}%左右" if zh else f"about {x}%"
    if kind == "at_least":
        return f"{_num(low)}%以上" if zh else f"at least {_num(low)}%"  # type: ignore[arg-type]
    if kind == "at_most":
        return f"{_num(high)}%以内" if zh else f"at most {_num(high)}%"  # type: ignore[arg-type]
    if kind == "range":
        return f"{_num(low)}%—{_num(high)}%" if zh else f"{_num(low)}–{_num(high)}%"  # type: ignore[arg-type]
    if kind == "in_step_with":
        return f"与{other}同步" if zh else f"in step with {other}"
    raise ValueError(f"unknown target kind {kind!r}; allowed: {', '.join(TARGET_KINDS)}")


def target_rows(
    targets: Iterable[Mapping[str, Any]],
    preferred_figure_lookup: Lookup | Callable[[tuple[str, str, int]], Mapping[str, Any] | None],
    geo: str | Iterable[str] | None = None,
    year: int | Iterable[int] | None = None,
    lang: str = "en",
    geo_names: Mapping[str, str] | None = None,
    indicator_names: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Each target (filtered by `geo` and `year`) beside its outcome, as plain dicts (see `COLUMNS`).

    `preferred_figure_lookup` maps (geo, indicator, year) to the figure row that comparisons
    use (a dict with 'value' and 'source'), or is a function doing the same (None: no figure).
    """
    get = preferred_figure_lookup.get if isinstance(preferred_figure_lookup, Mapping) else preferred_figure_lookup
    geos = None if geo is None else {geo} if isinstance(geo, str) else set(geo)
    years = None if year is None else {year} if isinstance(year, int) else set(year)
    out = []
    for t in targets:
        if (geos is not None and t["geo"] not in geos) or (years is not None and t["year"] not in years):
            continue
        hit = get((t["geo"], t["indicator"], t["year"]))
        other_id = t.get("in_step_with")
        other = get((t["geo"], other_id, t["year"])) if other_id else None
        outcome = hit["value"] if hit else math.nan
        other_outcome = other["value"] if other else math.nan
        status, margin = evaluate(t["kind"], t.get("low"), t.get("high"), outcome, other_outcome)
        out.append(
            {
                "geo": t["geo"],
                "geo_name": (geo_names or {}).get(t["geo"], t["geo"]),
                "indicator": t["indicator"],
                "indicator_name": (indicator_names or {}).get(t["indicator"], t["indicator"]),
                "year": t["year"],
                "kind": t["kind"],
                "low": math.nan if _missing(t.get("low")) else float(t["low"]),
                "high": math.nan if _missing(t.get("high")) else float(t["high"]),
                "in_step_with": other_id or None,
                "target": describe(t["kind"], t.get("low"), t.get("high"), other_id, lang, indicator_names),
                "outcome": outcome,
                "other_outcome": other_outcome if other_id else math.nan,
                "status": status,
                "margin_pp": margin,
                "outcome_source": hit["source"] if hit else None,
                "quote": t["quote"],
                "source": t["source"],
                "reliability": t["reliability"],
                "note_en": t.get("note_en"),
            }
        )
    return out


_DTYPES = {"year": "int64", "low": "float64", "high": "float64", "outcome": "float64"}
_DTYPES.update(other_outcome="float64", margin_pp="float64")


def target_table(
    targets: Iterable[Mapping[str, Any]],
    preferred_figure_lookup: Lookup | Callable[[tuple[str, str, int]], Mapping[str, Any] | None],
    geo: str | Iterable[str] | None = None,
    year: int | Iterable[int] | None = None,
    lang: str = "en",
    geo_names: Mapping[str, str] | None = None,
    indicator_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """`target_rows` as a DataFrame with fixed columns and dtypes (empty when nothing matches).

    >>> t = [{"geo": "china", "indicator": "gdp_growth", "year": 2025, "kind": "about", "low": 5.0,
    ...       "high": 5.0, "in_step_with": None, "quote": "国内生产总值增长5%左右", "source": "s",
    ...       "reliability": "news", "note_en": None}]
    >>> f = {("china", "gdp_growth", 2025): {"value": 5.0, "source": "nbs"}}
    >>> target_table(t, f)[["target", "outcome", "status", "margin_pp"]].values.tolist()
    [['about 5%', 5.0, 'met', 0.25]]
    """
    import pandas as pd

    rows = target_rows(targets, preferred_figure_lookup, geo, year, lang, geo_names, indicator_names)
    return pd.DataFrame(
        {c: pd.array([r[c] for r in rows], dtype=_DTYPES.get(c, "str")) for c in COLUMNS},
    )
