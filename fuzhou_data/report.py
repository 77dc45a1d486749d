"""Small helpers that turn data into notebook prose and display tables.

Numbers in the notebooks' prose pass through these functions, so they are always read from the
data and formatted one way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

NA_TEXT = "n/a"


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def pct(value: Any, signed: bool = False) -> str:
    """A growth rate as text: `pct(5.9)` -> '5.9%'; missing -> 'n/a'.

    >>> pct(5.9), pct(-3.8), pct(2.7, signed=True), pct(float("nan"))
    ('5.9%', '−3.8%', '+2.7%', 'n/a')
    """
    if _missing(value):
        return NA_TEXT
    text = f"{abs(value):.1f}%"
    if value < 0:
        return "−" + text
    return ("+" + text) if signed else text


def pp(value: Any) -> str:
    """A gap in percentage points, always signed: `pp(0.7)` -> '+0.7 pp'; missing -> 'n/a'.

    >>> pp(0.7), pp(-1.25), pp(None)
    ('+0.7 pp', '−1.2 pp', 'n/a')
    """
    if _missing(value):
        return NA_TEXT
    sign = "−" if value < 0 else "+"
    return f"{sign}{abs(value):.1f} pp"


def count_words(n: int) -> str:
    """Small counts in words, as prose wants them: `count_words(7)` -> 'seven'.

    >>> count_words(11), count_words(15)
    ('eleven', '15')
    """
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    return words[n] if 0 <= n < len(words) else str(n)


def sources_markdown(ids: Iterable[str]) -> str:
    """A Markdown list citing the given source ids, in catalogue order; missing ids (NA) are skipped.

    >>> sources_markdown(["article_2026"]).startswith("- **壮阔新程起宏图")
    True
    """
    from .tables import _check, sources

    cat = sources()
    wanted = [i for i in dict.fromkeys(ids) if not _missing(i)]
    _check("source", wanted, cat["id"].tolist())
    lines = []
    for _, s in cat[cat["id"].isin(wanted)].iterrows():
        parts = [f"**{s['title']}** ({s['title_en']})", str(s["publisher"])]
        if not _missing(s["published"]):
            parts.append(str(s["published"]))
        line = "- " + ". ".join(parts) + "."
        if not _missing(s["url"]):
            line += f" <{s['url']}>"
        line += f" ({s['kind']}; id `{s['id']}`)"
        lines.append(line)
    return "\n".join(lines)


def repository_url() -> str:
    """The project's repository URL, as declared once in pyproject.toml ([project.urls]).

    >>> repository_url().startswith("https://github.com/")
    True
    """
    from importlib.metadata import metadata

    for entry in metadata("fuzhou-data").get_all("Project-URL") or []:
        name, _, url = entry.partition(",")
        if name.strip().lower() == "repository":
            return url.strip()
    raise LookupError("pyproject.toml declares no [project.urls] Repository")


def binder_url(notebook: str) -> str:
    """The Binder launch link that opens `notebooks/<notebook>` in JupyterLab.

    >>> binder_url("01_growth_2025.ipynb").endswith("?labpath=notebooks%2F01_growth_2025.ipynb")
    True
    """
    owner_repo = repository_url().removeprefix("https://github.com/").strip("/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?labpath=notebooks%2F{notebook}"


def table(frame: pd.DataFrame, lang: str | None = None, index: str | None = None) -> pd.DataFrame:
    """A display table: ids as names, headers in `lang`, gaps as 'n/a', optionally one column as the index.

    >>> import fuzhou_data as fd
    >>> table(fd.compare("gdp_growth")[["indicator", "fuzhou"]], "zh", index="indicator").index.name
    '指标'
    """
    from .labels import label, localize

    out = localize(frame, lang)
    if index is not None:
        out = out.set_index(localize(frame[[index]], lang).columns[0])
    for axis in (out.index, out.columns):  # names left by a pivot, e.g. 'year', 'geo_name'
        if isinstance(axis.name, str) and axis.name.isidentifier():
            try:
                axis.name = label(f"col.{axis.name}", lang)
            except ValueError:
                pass
    # a gap shows as "n/a" (无数据), not as NaN or <NA>
    missing = out.isna()
    if missing.to_numpy().any():
        out = out.astype(object).mask(missing, label("value.na", lang))
    return out
