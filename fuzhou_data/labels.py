"""Interface text in two languages, and display tables localised by the one language setting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._options import check_lang

if TYPE_CHECKING:
    import pandas as pd

# Columns whose values are ids that have names in a catalogue: column -> (table, name stem)
_ID_COLUMNS = {
    "geo": ("geographies", "name"),
    "indicator": ("indicators", "name"),
    "direction": ("directions", "title"),
    "measure": ("measures", "name"),
    "zone": ("zones", "name"),
}

# Columns whose values have a label of their own (value.<value>)
_VALUE_COLUMNS = ("strength", "reliability", "kind", "status")


def label(key: str, lang: str | None = None) -> str:
    """Interface text for `key` in `lang` (default: the current setting).

    >>> label("col.rank", "zh")
    '全省排名'
    """
    text = _labels(lang).get(key)
    if text is None:
        from .errors import UnknownIdError

        raise UnknownIdError("label", key, _labels(lang))
    return text


def _labels(lang: str | None) -> dict[str, str]:
    """Label id -> text in `lang`, built once per language from labels.csv."""
    from .tables import _names

    return _names("labels", lang, "")


def localize(frame: pd.DataFrame, lang: str | None = None, ids_to_names: bool = True) -> pd.DataFrame:
    """A copy of `frame` for display: id columns replaced by names, yes/no and n/a spelled out,
    and column headers in `lang`. Columns without a label keep their name.

    >>> import fuzhou_data as fd
    >>> list(localize(fd.compare("gdp_growth")[["indicator", "fuzhou"]], "zh").columns)
    ['指标', '抚州（%）']
    """
    import pandas as pd

    from .tables import _names

    lang = check_lang(lang)
    labels = _labels(lang)
    out = frame.copy()
    renames: dict[str, str] = {}
    for col in list(out.columns):
        if ids_to_names and col in _ID_COLUMNS:
            table, stem = _ID_COLUMNS[col]
            out[col] = out[col].map(_names(table, lang, stem)).fillna(out[col])
            out = out.drop(columns=[f"{col}_name"], errors="ignore")
            renames[col] = labels.get(f"col.{col}_name", labels.get(f"col.{col}", col))
            continue
        if col not in out.columns:
            continue
        if col in _VALUE_COLUMNS:
            out[col] = out[col].map(lambda v: labels.get(f"value.{v}", v))
        elif out[col].dtype == bool or str(out[col].dtype) == "boolean":
            out[col] = [labels["value.na"] if pd.isna(v) else labels[f"value.{str(bool(v)).lower()}"] for v in out[col]]
        renames[col] = labels.get(f"col.{col}", col)
    return out.rename(columns=renames)
