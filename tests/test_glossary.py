"""The glossary: one English rendering per recurring policy term, used by every English text.

For every row of every table whose Chinese text contains a glossary term, the English text of
the same row must contain the term's English rendering (or one of its listed forms),
case-insensitively. A longer term wins over a shorter one inside it (先导试验区 over 试验区).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import fuzhou_data as fd
from fuzhou_data import cli
from fuzhou_data.schema import TABLES

# (table, Chinese column, English column): every pair of a text and its rendering in the data.
PAIRS = [
    ("directions", "title_zh", "title_en"),
    ("directions", "slogan_zh", "slogan_en"),
    ("measures", "name_zh", "name_en"),
    ("actions", "text_zh", "text_en"),
    ("zones", "name_zh", "name_en"),
    ("tasks", "text_zh", "text_en"),
    ("indicators", "name_zh", "name_en"),
    ("indicators", "short_zh", "short_en"),
    ("geographies", "name_zh", "name_en"),
    ("geographies", "full_name_zh", "full_name_en"),
    ("units", "name_zh", "name_en"),
    ("sources", "title", "title_en"),
    ("labels", "zh", "en"),
    ("passages", "text_zh", "text_en"),
]

# Rows whose English names the thing rather than translating the phrase: chart abbreviations
# and column headers. (table, row id) -> why.
EXEMPT = {
    ("indicators", "industry_growth", "short_en"): "chart abbreviation of 规上工业 ('Industry')",
    ("labels", "col.zone", "en"): "column header naming one zone per row ('Zone')",
    ("labels", "col.zone_name", "en"): "column header naming one zone per row ('Zone')",
}


def _terms() -> list[tuple[str, list[str]]]:
    g = fd.glossary()
    terms = []
    for row in g.itertuples():
        forms = [row.term_en] + ([f for f in row.forms_en.split("|")] if isinstance(row.forms_en, str) else [])
        terms.append((row.term_zh, [f.lower() for f in forms]))
    return sorted(terms, key=lambda t: -len(t[0]))  # longest first


def terms_in(text: str, terms: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """The glossary terms found in `text`, a longer term hiding the shorter ones inside it."""
    found, masked = [], text
    for zh, forms in terms:
        if zh in masked:
            found.append((zh, forms))
            masked = masked.replace(zh, "\0" * len(zh))
    return found


def violations(tables: dict[str, pd.DataFrame]) -> list[str]:
    terms = _terms()
    out = []
    for table, zh_col, en_col in PAIRS:
        frame = tables[table]
        key = TABLES[table].key[0]
        for _, row in frame.iterrows():
            if (table, row[key], en_col) in EXEMPT:
                continue
            zh, en = str(row[zh_col]), str(row[en_col]).lower()
            for term, forms in terms_in(zh, terms):
                if not any(f in en for f in forms):
                    out.append(f"{table} {row[key]} {en_col}: {term} should read '{forms[0]}': {row[en_col]}")
    return out


def test_glossary_is_used_by_every_english_text() -> None:
    problems = violations(fd.load_all())
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_rendering_that_strays() -> None:
    tables = fd.load_all()
    actions = tables["actions"]
    i = actions.index[actions["id"] == "m14-a04"][0]
    actions.loc[i, "text_en"] = actions.loc[i, "text_en"].replace(
        "traditional Chinese medicine", "traditional medicine"
    )
    assert any("m14-a04" in p and "中医药" in p for p in violations(tables))


def test_longer_terms_hide_the_shorter_ones_inside() -> None:
    found = [zh for zh, _ in terms_in("打造未来产业先导试验区", _terms())]
    assert "先导试验区" in found and "试验区" not in found


def test_glossary_table() -> None:
    g = fd.glossary()
    assert len(g) >= 40
    assert g["term_zh"].is_unique
    assert list(g.columns[:4]) == ["term_zh", "term_en", "forms_en", "note"]
    row = g.set_index("term_zh").loc["规上"]
    assert row["term_en"] == "above designated size"
    assert fd.glossary("zh")["term"].iloc[0] == g["term_zh"].iloc[0]
    assert fd.glossary("en")["term"].iloc[0] == g["term_en"].iloc[0]
    # the terms the issue names are all there
    for term in (
        "规上",
        "先导区",
        "试验区",
        "试点",
        "集聚区",
        "高地",
        "数智",
        "中医药",
        "红色文化",
        "优秀传统文化",
        "招商",
        "链主",
    ):
        assert term in set(g["term_zh"]), term
    for term_zh in g["term_zh"]:
        assert re.search(r"[\u4e00-\u9fff]", term_zh), term_zh


def test_red_culture_is_not_traditional_culture() -> None:
    g = fd.glossary().set_index("term_zh")
    assert g.loc["红色文化", "term_en"] != g.loc["优秀传统文化", "term_en"]
    links = fd.measure_zones()
    assert not ((links["action"] == "m14-a07") & (links["zone"] == "z3")).any()


def test_cli_lists_the_glossary(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["list", "glossary"]) == 0
    out = capsys.readouterr().out
    assert "above designated size" in out and "规上" in out
