"""fuzhou_data: the economy and development plans of Fuzhou, Jiangxi (抚州市, 江西省).

Not Fuzhou, Fujian (福州市). Figures and policy lists as tidy pandas tables with provenance.

    >>> import fuzhou_data as fd
    >>> fd.compare("gdp_growth")[["fuzhou", "jiangxi", "china"]].values.tolist()
    [[5.9, 5.2, 5.0]]

Importing the package is cheap: pandas is imported on first use, matplotlib and seaborn only by
`fuzhou_data.plots`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._options import get_lang, set_lang
from .errors import DataValidationError, UnknownIdError

__version__ = "0.1.0"

_LAZY = {
    name: "tables"
    for name in (
        "HEADLINE",
        "Dataset",
        "action_themes",
        "actions",
        "bearings",
        "compare",
        "default",
        "directions",
        "figures",
        "gaps",
        "geographies",
        "glossary",
        "grid",
        "indicators",
        "latest_year",
        "load_all",
        "measure_zones",
        "measures",
        "passages",
        "peers",
        "rank_check",
        "sources",
        "task_directions",
        "target_check",
        "target_gaps",
        "targets",
        "tasks",
        "themes",
        "units",
        "watch",
        "years",
        "zones",
    )
}

_LAZY.update(label="labels", localize="labels", data_version="datapackage")

__all__ = ["DataValidationError", "UnknownIdError", "get_lang", "set_lang", "__version__", *sorted(_LAZY)]

if TYPE_CHECKING:
    from .datapackage import data_version  # noqa: F401
    from .labels import label, localize  # noqa: F401
    from .tables import (  # noqa: F401
        HEADLINE,
        Dataset,
        action_themes,
        actions,
        bearings,
        compare,
        default,
        directions,
        figures,
        gaps,
        geographies,
        glossary,
        grid,
        indicators,
        latest_year,
        load_all,
        measure_zones,
        measures,
        passages,
        peers,
        rank_check,
        sources,
        target_check,
        target_gaps,
        targets,
        task_directions,
        tasks,
        themes,
        units,
        watch,
        years,
        zones,
    )


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'fuzhou_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
