"""The development plans in numbers: what the notebooks on the four zones and the six directions
say about each, computed once for both editions.

Every function takes an optional `data` (a `Dataset`; default: the bundled one) and `lang`.

    >>> from fuzhou_data import plan
    >>> plan.directions_overview(lang="en")["actions"].sum()
    np.int64(134)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import tables
from ._options import check_lang
from .report import count_words
from .tables import Dataset


def count_text(n: int, lang: str | None = None, unit: str = "") -> str:
    """A count as prose writes it: words up to twelve in English (`report.count_words`); in
    Chinese, with `unit` (the measure word), numerals in hanzi for a few things (个: 六个方向) and
    Arabic numerals for counted items (项: 8项行动).

    >>> count_text(4, "en"), count_text(6, "zh", "个"), count_text(31, "en"), count_text(8, "zh", "项")
    ('four', '六个', '31', '8项')
    """
    lang = check_lang(lang)
    if lang == "en":
        return count_words(n, "en")
    if unit != "个":  # counted things (项, 条): Arabic numerals, as statistics write them
        return f"{n}{unit}"
    return count_words(n, "zh") + unit


def _ds(data: Dataset | None) -> Dataset:
    return tables.default() if data is None else data


def _zone_links(ds: Dataset) -> pd.DataFrame:
    """measure_zones with each action's direction and theme."""
    links = ds.measure_zones()
    measure_dir = ds.measures().set_index("id")["direction"]
    theme = ds.action_themes().set_index("action")["theme"]
    links["direction"] = links["measure"].map(measure_dir)
    links["theme"] = links["action"].map(theme)
    return links


def directions_overview(data: Dataset | None = None, lang: str | None = None) -> pd.DataFrame:
    """One row per direction of work: its measures, actions and themes, the key tasks of 2026–2030
    that belong to it (`tasks`; `tasks_shared`: tasks whose main direction is another but that it
    also serves), and the zones its actions serve.

    >>> directions_overview(lang="en").set_index("direction").loc["d1", ["measures", "actions", "tasks"]].tolist()
    [3, 33, 2]
    """
    ds, lang = _ds(data), check_lang(lang)
    dirs = ds.directions(lang)
    measures = ds.measures(lang=lang)
    actions = ds.actions(lang=lang).merge(measures[["id", "direction"]].rename(columns={"id": "measure"}))
    themes = ds.themes(lang=lang)
    td = ds.task_directions()
    links = _zone_links(ds)
    zone_names = ds._names("zones", lang, "short")
    rows = []
    for d in dirs.itertuples():
        served = links[links["direction"] == d.id]
        zone_counts = served.groupby("zone")["action"].nunique()
        sep = "、" if lang == "zh" else "; "
        rows.append(
            {
                "direction": d.id,
                "title": d.title,
                "measures": int((measures["direction"] == d.id).sum()),
                "measure_names": sep.join(measures.loc[measures["direction"] == d.id, "name"]),
                "actions": int((actions["direction"] == d.id).sum()),
                "themes": int((themes["direction"] == d.id).sum()),
                "tasks": int(((td["direction"] == d.id) & (td["role"] == "primary")).sum()),
                "tasks_shared": int(((td["direction"] == d.id) & (td["role"] == "secondary")).sum()),
                "zones": sep.join(zone_names[z] for z in zone_counts.index),
            }
        )
    return pd.DataFrame(rows)


def zones_overview(data: Dataset | None = None, lang: str | None = None) -> pd.DataFrame:
    """One row per zone: how many 2026 actions serve it (and how many name it), from how many
    directions, and how many indicators in the data bear on it.

    >>> zones_overview(lang="en").set_index("zone").loc["z1", ["actions", "explicit"]].tolist()
    [4, 1]
    """
    ds, lang = _ds(data), check_lang(lang)
    zones = ds.zones(lang)
    links = _zone_links(ds)
    bearings = ds.bearings()
    dir_names = ds._names("directions", lang, "title")
    rows = []
    for z in zones.itertuples():
        served = links[links["zone"] == z.id]
        dirs = list(dict.fromkeys(served.sort_values("action")["direction"]))
        rows.append(
            {
                "zone": z.id,
                "name": z.name,
                "name_zh": z.name_zh,
                "short": getattr(z, f"short_{lang}"),
                "actions": int(served["action"].nunique()),
                "explicit": int((served["strength"] == "explicit").sum()),
                "directions": len(dirs),
                "direction_titles": ("、" if lang == "zh" else "; ").join(dir_names[d] for d in dirs),
                "indicators": int((bearings["target"] == z.id).sum()),
            }
        )
    return pd.DataFrame(rows)


def zone_themes(zone: str, data: Dataset | None = None, lang: str | None = None) -> pd.DataFrame:
    """The themes whose 2026 actions serve `zone`, with how many of each theme's actions do
    (`linked` of `of`) and which (`linked_actions`).

    >>> zone_themes("z1", lang="en")[["theme", "linked"]].values.tolist()[:2]
    [['nev', 3], ['cars_appliances', 1]]
    """
    ds, lang = _ds(data), check_lang(lang)
    links = _zone_links(ds)
    served = links[links["zone"] == zone]
    if served.empty:
        tables._check("zone", [zone], ds._s.ids["zones"])
    themes = ds.themes(lang=lang).set_index("id")
    dir_names = ds._names("directions", lang, "title")
    order = {d: i for i, d in enumerate(ds._s.ids["directions"])}
    counts = served.groupby("theme")["action"].nunique()
    linked = served.groupby("theme")["action"].agg(lambda a: sorted(set(a)))
    out = pd.DataFrame(
        {
            "theme": counts.index,
            "linked": counts.to_numpy(),
            "linked_actions": linked.reindex(counts.index).to_numpy(),
        }
    )
    out["direction"] = out["theme"].map(themes["direction"])
    out["direction_title"] = out["direction"].map(dir_names)
    out["title"] = out["theme"].map(themes["title"])
    out["summary"] = out["theme"].map(themes["summary"])
    out["of"] = out["theme"].map(themes["actions"])
    out["_order"] = [(order[d], themes.loc[t, "order"]) for d, t in zip(out["direction"], out["theme"])]
    return out.sort_values("_order").drop(columns="_order").reset_index(drop=True)


def starting_point(
    target: str, year: int | None = None, data: Dataset | None = None, lang: str | None = None
) -> pd.DataFrame:
    """The figures that bear on a zone or direction: Fuzhou's growth in `year` (default: the latest
    year with Fuzhou figures) with its stated rank, beside Jiangxi's and China's, in the
    catalogue's order; `why` says why each bears on it (in `lang`), and `jiangxi_vs_china` whether
    a source says Jiangxi's missing figure was above or below China's.

    >>> starting_point("d3", lang="en")[["indicator", "fuzhou", "fuzhou_rank"]].values.tolist()
    [['trade_growth', 21.6, 1]]
    """
    ds, lang = _ds(data), check_lang(lang)
    bearings = ds.bearings(target, lang).set_index("indicator")
    order = {i: k for k, i in enumerate(ds._s.ids["indicators"])}
    inds = sorted(bearings.index, key=order.__getitem__)
    out = ds.compare(inds or None, year, lang)
    if not inds:
        out = out.iloc[0:0]
    out["why"] = out["indicator"].map(bearings[f"why_{lang}"])
    gaps = ds.gaps().set_index(["geo", "indicator", "year"])["vs_china"]
    out["jiangxi_vs_china"] = [gaps.get(("jiangxi", i, y)) for i, y in zip(out["indicator"], out["year"])]
    return out.reset_index(drop=True)


def actions_table(direction: str, data: Dataset | None = None, lang: str | None = None) -> pd.DataFrame:
    """Every 2026 action of a direction, once: its theme and its wording (Chinese as published, and
    in `lang`).

    >>> actions_table("d2", lang="en").columns.tolist()
    ['action', 'theme', 'text_zh', 'text']
    """
    ds, lang = _ds(data), check_lang(lang)
    measures = ds.measures(direction, lang)
    actions = ds.actions(measures["id"].tolist(), lang)
    themes = ds.themes(direction, lang).set_index("id")["title"]
    theme_of = ds.action_themes().set_index("action")["theme"]
    out = pd.DataFrame(
        {
            "action": actions["id"],
            "theme": actions["id"].map(theme_of).map(themes),
            "text_zh": actions["text_zh"],
            "text": actions["text"],
        }
    )
    if lang == "zh":
        out = out.drop(columns="text")
    return out


def watch_items(target: str, data: Dataset | None = None, lang: str | None = None) -> list[str]:
    """The statistics to watch for a zone or direction that no source at hand publishes.

    >>> watch_items("d4", lang="en")[0]
    'Urbanisation rate of the resident population'
    """
    return _ds(data).watch(target, lang)["item"].tolist()


def facts(data: Dataset | None = None, lang: str | None = None) -> dict[str, Any]:
    """The counts the plan notebooks open with.

    >>> facts(lang="en")["actions"], facts(lang="en")["zones"]
    (134, 4)
    """
    ds = _ds(data)
    return {
        "directions": len(ds.directions()),
        "measures": len(ds.measures()),
        "actions": len(ds.actions()),
        "themes": len(ds.themes()),
        "zones": len(ds.zones()),
        "tasks": len(ds.tasks()),
        "zone_links": int(ds.measure_zones()["action"].nunique()),
    }


def targets_for(target: str, year: int, data: Dataset | None = None, lang: str | None = None) -> pd.DataFrame:
    """The published `year` targets of Fuzhou, Jiangxi and China for the indicators that bear on a
    zone or direction (empty where none is published), with whether Fuzhou's own is a known gap.

    >>> targets_for("d1", 2026, lang="en")[["geo", "target"]].values.tolist()
    [['jiangxi', 'at least 7.3%'], ['jiangxi', '5–5.5%'], ['china', '4.5–5%']]
    """
    ds, lang = _ds(data), check_lang(lang)
    inds = ds.bearings(target)["indicator"].tolist()
    if not inds or year not in {int(y) for y in ds.targets()["year"]}:
        return ds.targets(indicator=inds or None, year=None, lang=lang).iloc[0:0]
    out = ds.targets(["fuzhou", "jiangxi", "china"], inds, year, lang)
    order = {i: k for k, i in enumerate(inds)}
    geo_order = {"fuzhou": 0, "jiangxi": 1, "china": 2}
    out = out.assign(_o=[(order[i], geo_order[g]) for i, g in zip(out["indicator"], out["geo"])])
    return out.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def size(data: Dataset | None = None) -> dict[str, Any] | None:
    """Fuzhou's latest GDP level in the data (亿元), with its year, source and reliability, or None.

    >>> s = size(); (s["year"], s["value"], s["reliability"])
    (2025, 2298.11, 'secondary')
    """
    ds = _ds(data)
    f = ds.figures("fuzhou", "gdp")
    f = f[f["preferred"]]
    if f.empty:
        return None
    row = f.sort_values("year").iloc[-1]
    return {k: row[k].item() if hasattr(row[k], "item") else row[k] for k in ("year", "value", "reliability", "source")}
