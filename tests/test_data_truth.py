"""Data truth: links quote the zone's own words, copies are labelled as copies, ranks are stated,
every source is dated or says why not, the new reference figures are pinned, and the article's
passages are kept with their place."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from test_validation import edit

import fuzhou_data as fd
from fuzhou_data import DataValidationError
from fuzhou_data._load import load_rows
from fuzhou_data.schema import RELIABILITY, TABLES, THEMATIC_RULE

# ------------------------------------------------------------------------------------ links


def test_explicit_links_quote_the_zone_name_exactly() -> None:
    links = fd.measure_zones().merge(fd.zones()[["id", "name_zh"]], left_on="zone", right_on="id")
    actions = fd.actions().set_index("id")["text_zh"]
    explicit = links[links["strength"] == "explicit"]
    assert len(explicit) >= 1
    for row in explicit.itertuples():
        assert row.name_zh in row.evidence_zh, row.action
        assert row.name_zh in actions[row.action], row.action
    # ... and an action that names the zone in its own words is linked explicitly
    for zone in fd.zones().itertuples():
        naming = set(fd.actions().loc[lambda a, z=zone: a["text_zh"].str.contains(z.name_zh, regex=False), "id"])
        linked = set(explicit.loc[explicit["zone"] == zone.id, "action"])
        assert naming == linked, zone.id


def test_a_similar_name_is_not_the_zone() -> None:
    # 科创金融改革试验区 (m03-a07) is not 全省科技金融改革试验区 (z2): thematic, not explicit.
    row = fd.measure_zones().set_index(["action", "zone"]).loc[("m03-a07", "z2")]
    assert row["strength"] == "thematic" and "全省科技金融改革试验区" not in row["evidence_zh"]


def test_thin_links_are_gone_and_the_rule_is_in_the_data() -> None:
    links = set(zip(fd.measure_zones()["action"], fd.measure_zones()["zone"]))
    for thin in [("m04-a02", "z1"), ("m11-a06", "z1"), ("m14-a07", "z3"), ("m04-a08", "z3"), ("m09-a08", "z4")]:
        assert thin not in links, thin
    assert ("m01-a07", "z3") in links
    assert THEMATIC_RULE in TABLES["measure_zones"].description
    assert "red culture is revolutionary" in THEMATIC_RULE


def test_explicit_rule_rejects_a_misnamed_zone(data_copy: Path) -> None:
    line = edit(data_copy, "measure_zones.csv", "m03,m03-a07,z2,thematic,", "m03,m03-a07,z2,explicit,")
    with pytest.raises(DataValidationError) as err:
        load_rows(data_copy)
    assert err.value.line == line and err.value.column == "strength"
    assert "全省科技金融改革试验区" in str(err.value)


def test_task_directions_have_one_primary_and_secondaries_where_a_task_spans_two() -> None:
    td = fd.task_directions()
    assert set(td["role"]) == {"primary", "secondary"}
    primary = td[td["role"] == "primary"]
    assert primary["task"].is_unique and set(primary["task"]) == set(fd.tasks()["id"])
    secondary = td[td["role"] == "secondary"].set_index("task")["direction"].to_dict()
    assert secondary == {"t07": "d3", "t09": "d1"}


def test_a_second_primary_is_rejected(data_copy: Path) -> None:
    line = edit(data_copy, "task_directions.csv", "t07,d3,secondary,", "t07,d3,primary,")
    with pytest.raises(DataValidationError) as err:
        load_rows(data_copy)
    assert err.value.line == line and err.value.column == "role" and "second primary" in str(err.value)


# ---------------------------------------------------------------------------------- sources

_OWN_SITE = "the publisher's own site"
_RANK_WORDS = re.compile(r"第[一二三四五六七八九十0-9]+|末位|倒数第|唯一负增长")


def test_official_figures_are_read_on_the_publishers_own_site() -> None:
    sources = fd.sources().set_index("id")
    f = fd.figures()
    official = f[f["reliability"] == "official"]
    for row in official.itertuples():
        s = sources.loc[row.source]
        assert not s["copy"] and _OWN_SITE in s["read_on"], row.source


def test_reliability_follows_where_the_page_was_read() -> None:
    sources = fd.sources().set_index("id")
    rank = {r: i for i, r in enumerate(RELIABILITY)}
    for row in fd.figures().itertuples():
        s = sources.loc[row.source]
        if s["kind"] == "article":
            continue
        if s["copy"]:
            # never better than the text itself, and never official from a copy
            assert row.reliability != "official" and rank[row.reliability] >= rank[s["kind"]], row.source
        else:
            assert row.reliability == s["kind"], row.source


def test_copies_name_their_original_publisher_and_where_they_were_read() -> None:
    s = fd.sources().set_index("id")
    copies = s[s["copy"]]
    assert {"fuzhou_gwr_2024", "jiangxi_gwr_2022", "mof_budget_report_2025", "nbs_communique_2022"} <= set(copies.index)
    assert "scio_trade_2025" in copies.index and "jx_yinhong_npc_2026" in copies.index
    for sid, row in copies.iterrows():
        host = re.sub(r"^https?://", "", row["url"]).split("/")[0]
        assert host.removeprefix("www.") in row["read_on"], sid
        assert host not in row["publisher"], sid  # the original publisher, not the site
    assert "jxfz.gov.cn" in s.loc["fuzhou_gwr_2024", "read_on"]


def test_every_source_has_a_date_or_says_why_not() -> None:
    for row in fd.sources().itertuples():
        exact = isinstance(row.published, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.published)
        assert exact or isinstance(row.date_note, str) and row.date_note, row.id


def test_a_source_without_a_date_or_reason_is_rejected(data_copy: Path) -> None:
    path = data_copy / "sources.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    n = next(i for i, r in enumerate(rows) if r["id"] == "cctv_income_2024_ja")
    rows[n]["published"] = rows[n]["date_note"] = ""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=TABLES["sources"].column_names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataValidationError) as err:
        load_rows(data_copy)
    assert err.value.line == n + 2 and err.value.column == "date_note"


def test_ranks_only_where_the_quoted_phrase_states_them() -> None:
    f = fd.figures()
    ranked = f[f["rank"].notna()]
    assert len(ranked) >= 10
    for row in ranked.itertuples():
        assert _RANK_WORDS.search(row.locator), (row.geo, row.indicator, row.year, row.source)
    level = f.query("geo == 'fuzhou' and indicator == 'gdp' and year == 2025").iloc[0]
    assert pd.isna(level["rank"])  # 2298.11 亿元: the quoted phrase gives no rank


# ------------------------------------------------------------------------------ new figures


def test_new_reference_figures_are_pinned() -> None:
    f = fd.figures(year=2025)
    jx = f.query("geo == 'jiangxi' and indicator == 'industry_growth'")
    assert sorted(jx["source"]) == ["jx_yinhong_cppcc_2026", "jx_yinhong_npc_2026"]
    assert (jx["value"] == 7.5).all() and (jx["reliability"] == "secondary").all()
    assert all("增長7.5%" in q or "增长7.5%" in q for q in jx["locator"])
    xinyu = f.query("geo == 'xinyu' and indicator == 'gdp_growth'").set_index("source")
    assert xinyu.loc["selfmedia_xinyu_2025", ["value", "rank", "reliability"]].tolist() == [5.8, 3, "secondary"]
    assert bool(xinyu.loc["jxdaily_xinyu_2025", "approximate"]) and bool(xinyu.loc["jxdaily_xinyu_2025", "preferred"])
    jian = f.query("geo == 'jian' and indicator == 'gdp_growth'").iloc[0]
    assert jian["value"] == 5.7 and jian["source"] == "selfmedia_jian_2025"
    assert fd.compare("industry_growth").iloc[0]["jiangxi"] == 7.5


def test_remaining_jiangxi_gaps_stay_gaps() -> None:
    gaps = fd.gaps().query("geo == 'jiangxi' and year == 2025").set_index("indicator")
    assert set(gaps.index) == {"income_growth", "investment_growth", "retail_growth", "budget_revenue_growth"}
    f = fd.figures("jiangxi", year=2025)
    assert not set(gaps.index) & set(f["indicator"])


# ------------------------------------------------------------------------------- passages


def test_article_passages_are_kept_with_their_place() -> None:
    p = fd.passages().set_index("id")
    assert list(p.index) == [
        "lead_six_directions",
        "claim_above",
        "zones_lead",
        "zones_rationale",
        "epithet",
        "task_heading",
    ]
    assert "主要经济指标增速总体高于全国全省" in p.loc["claim_above", "text_zh"]
    assert "从六个方面发力" in p.loc["lead_six_directions", "text_zh"]
    assert "前瞻研判、精准落子、生态培育" in p.loc["zones_rationale", "text_zh"]
    assert "襟领江湖、控带闽粤" in p.loc["epithet", "text_zh"]
    assert p.loc["task_heading", "text_zh"].endswith("重点任务")
    assert p["place_en"].str.len().gt(20).all()
    assert fd.passages("zh")["text"].tolist() == p["text_zh"].tolist()
