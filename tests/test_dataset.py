"""The Dataset: one data context for every table, comparison, rank check and chart; thread-safe
first load; argument edges of the public API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fuzhou_data as fd
from fuzhou_data.schema import TABLES

HEADER = ",".join(TABLES["figures"].column_names)


def _folder_2026(tmp_path: Path) -> Path:
    """A synthetic folder of 2026 figures (test data, never bundled): Fuzhou, Jiangxi, China and
    two cities, with a new source."""
    folder = tmp_path / "figures_2026"
    folder.mkdir()
    src = TABLES["sources"].column_names
    (folder / "sources.csv").write_text(
        ",".join(src)
        + "\n"
        + "test_2026,测试数据,Synthetic test data,the test suite,2027-01-01,,official,made up inside a test,"
        + "false,made up inside the test suite,,\n",
        encoding="utf-8",
    )
    rows = [
        ("fuzhou", "gdp_growth", 6.3, 1),
        ("fuzhou", "trade_growth", 12.4, 2),
        ("jiangxi", "gdp_growth", 5.4, ""),
        ("china", "gdp_growth", 4.8, ""),
        ("nanchang", "gdp_growth", 5.1, ""),
        ("ganzhou", "gdp_growth", 6.0, ""),
    ]
    lines = [HEADER] + [f"{g},{i},2026,{v},%,{r},real,false,official,test_2026,synthetic" for g, i, v, r in rows]
    (folder / "figures.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_extra_figures_reach_every_comparison(tmp_path: Path) -> None:
    ds = fd.Dataset(extra=_folder_2026(tmp_path))
    assert ds.latest_year() == 2026 and fd.latest_year() == 2025
    c = ds.compare("gdp_growth").iloc[0]
    assert (c["year"], c["fuzhou"], c["jiangxi"], c["china"]) == (2026, 6.3, 5.4, 4.8)
    assert round(float(c["gap_china_pp"]), 1) == 1.5
    peers = ds.peers("gdp_growth", 2026)
    assert peers.set_index("geo").loc["ganzhou", "value"] == 6.0 and peers["value"].notna().sum() == 3
    check = ds.rank_check("gdp_growth", 2026).iloc[0]
    assert (check["stated_rank"], check["peers_known"], check["peers_below"], bool(check["consistent"])) == (
        1,
        2,
        2,
        True,
    )
    assert ds.grid("gdp_growth", ["fuzhou"], [2025, 2026])["value"].tolist() == [5.9, 6.3]
    assert "test_2026" in set(ds.sources()["id"]) and "test_2026" not in set(fd.sources()["id"])
    # the bundled default never sees them
    assert 2026 not in fd.years()


def test_extra_figures_reach_the_charts(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from fuzhou_data import plots

    ds = fd.Dataset(extra=_folder_2026(tmp_path))
    fig = plots.growth_comparison(data=ds, indicators="gdp_growth")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "6.3" in texts and "2026" in fig.axes[0].get_title(loc="left")
    plt.close(fig)
    fig = plots.peer_ranking("gdp_growth", data=ds, title="A finding, not a subject")
    assert fig.axes[0].get_title(loc="left") == "A finding, not a subject"
    plt.close(fig)
    with pytest.raises(TypeError, match="fuzhou_data.Dataset"):
        plots.gap_chart(data="figures.csv")


def test_a_bad_extra_file_fails_when_the_dataset_is_made(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nfuzhou,gdp_growth,2026,abc,%,,real,false,official,article_2026,x\n", encoding="utf-8")
    with pytest.raises(fd.DataValidationError, match=r"bad.csv, line 2, column 'value'"):
        fd.Dataset(extra=bad)
    with pytest.raises(ValueError, match="empty path"):
        fd.Dataset(extra="")
    with pytest.raises(ValueError, match="prefer_extra=True needs extra"):
        fd.Dataset(prefer_extra=True)


def test_datasets_do_not_share_mutable_state(tmp_path: Path) -> None:
    ds = fd.Dataset(extra=_folder_2026(tmp_path))
    frame = ds.figures()
    frame.loc[:, "value"] = 0
    assert ds.figures()["value"].ne(0).any() and fd.figures()["value"].ne(0).any()
    assert len(fd.figures()) < len(ds.figures())


# ---------------------------------------------------------------------------- API edges


@pytest.mark.parametrize("year", [np.int64(2025), np.int32(2025), 2025.0, np.float64(2025.0)])
def test_years_may_be_numpy_or_whole_floats(year: object) -> None:
    assert fd.figures("fuzhou", "gdp_growth", year)["value"].tolist() == [5.9]
    assert fd.compare("gdp_growth", year)["year"].tolist() == [2025]
    assert fd.grid("gdp_growth", ["fuzhou"], [year])["value"].tolist() == [5.9]


def test_year_from_the_data_itself() -> None:
    latest = fd.figures()["year"].max()
    assert len(fd.figures(year=latest)) > 0


@pytest.mark.parametrize("year", ["2025", 2025.5, True, None.__class__, [2025.5]])
def test_other_years_are_rejected_clearly(year: object) -> None:
    with pytest.raises(TypeError, match="year must be a whole number such as 2025"):
        fd.figures(year=year)


def test_grid_years_as_strings_raise() -> None:
    with pytest.raises(TypeError, match="year must be a whole number"):
        fd.grid("gdp_growth", ["fuzhou"], ["2025"])


def test_measures_and_actions_take_lists() -> None:
    both = fd.measures(["d1", "d2"])
    assert set(both["direction"]) == {"d1", "d2"} and len(both) == len(fd.measures("d1")) + len(fd.measures("d2"))
    assert len(fd.actions(["m01", "m02"])) == len(fd.actions("m01")) + len(fd.actions("m02"))
    with pytest.raises(fd.UnknownIdError, match="Did you mean 'd1'"):
        fd.measures(["d1", "d11"])


def test_rank_check_without_ranks_keeps_its_columns() -> None:
    empty = fd.rank_check(year=2021)
    assert empty.empty and list(empty.columns) == list(fd.rank_check().columns)


def test_set_lang_rejects_none_and_others() -> None:
    with pytest.raises(ValueError, match="'en' or 'zh', got None"):
        fd.set_lang(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="got 'fr'"):
        fd.set_lang("fr")
    assert fd.get_lang() == "en"


def test_environment_language_must_be_known() -> None:
    env = {**os.environ, "FUZHOU_DATA_LANG": "fr"}
    run = subprocess.run([sys.executable, "-c", "import fuzhou_data"], env=env, capture_output=True, text=True)
    assert run.returncode != 0 and "FUZHOU_DATA_LANG must be 'en' or 'zh', got 'fr'" in run.stderr
    env["FUZHOU_DATA_LANG"] = "zh"
    run = subprocess.run(
        [sys.executable, "-c", "import fuzhou_data as fd; print(fd.get_lang())"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.stdout.strip() == "zh"


def test_approximate_peers_widen_the_rank_range() -> None:
    """An approximate (左右) peer within ABOUT_TOLERANCE_PP of Fuzhou counts neither above nor below."""
    from fuzhou_data.schema import ABOUT_TOLERANCE_PP

    for r in fd.rank_check().itertuples():
        peers = fd.peers(r.indicator)
        others = peers[~peers["is_fuzhou"] & peers["value"].notna()]
        near = others[others["approximate"].fillna(False) & ((others["value"] - r.fuzhou).abs() <= ABOUT_TOLERANCE_PP)]
        assert r.peers_uncertain == len(near)
        assert r.peers_above + r.peers_below + r.peers_uncertain <= r.peers_known


# ------------------------------------------------------------------------- thread safety

_STRESS = textwrap.dedent(
    """
    import json, sys, threading
    sys.setswitchinterval(1e-4)
    import fuzhou_data as fd

    calls = {
        "figures": lambda: fd.figures(),
        "compare": lambda: fd.compare(),
        "rank_check": lambda: fd.rank_check(),
        "peers": lambda: fd.peers("gdp_growth"),
        "labels": lambda: fd.localize(fd.compare()[["indicator", "fuzhou"]]),
    }
    results, errors = [], []
    start = threading.Barrier(16)

    def work(i):
        try:
            start.wait()
            for name in ("figures", list(calls)[i % len(calls)]):
                results.append((name, calls[name]().to_json(orient="split", default_handler=str)))
        except BaseException as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads: t.start()
    for t in threads: t.join()
    print(json.dumps({"results": results, "errors": errors}))
    """
)


def test_cold_start_from_many_threads_gives_complete_frames() -> None:
    """Cold interpreters, sixteen threads at once, a short switch interval: every frame equals the
    single-threaded one. Before the fix about half of such starts went wrong, so 24 runs would
    miss the race with probability under 0.001 (a quarter to a half of such starts failed)."""
    reference = {
        "figures": fd.figures(),
        "compare": fd.compare(),
        "rank_check": fd.rank_check(),
        "peers": fd.peers("gdp_growth"),
        "labels": fd.localize(fd.compare()[["indicator", "fuzhou"]]),
    }
    expected = {name: frame.to_json(orient="split", default_handler=str) for name, frame in reference.items()}
    env = {k: v for k, v in os.environ.items() if k != "FUZHOU_DATA_LANG"}
    for _ in range(24):
        run = subprocess.run([sys.executable, "-c", _STRESS], capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 0, run.stderr[-2000:]
        out = json.loads(run.stdout)
        assert out["errors"] == []
        assert len(out["results"]) == 32
        for name, frame_json in out["results"]:
            assert frame_json == expected[name], name


def test_a_call_sees_one_language_while_another_thread_switches() -> None:
    import threading

    stop = threading.Event()

    def flip() -> None:
        while not stop.is_set():
            fd.set_lang("zh")
            fd.set_lang("en")

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    flipper = threading.Thread(target=flip)
    flipper.start()
    try:
        en_geo, zh_geo = "Fuzhou", "抚州"
        en_ind = fd.indicators("en").set_index("id")["name"]
        for _ in range(300):
            f = fd.figures("fuzhou", "gdp_growth", 2025)
            geo, ind = f["geo_name"].item(), f["indicator_name"].item()
            assert (geo, ind == en_ind["gdp_growth"]) in ((en_geo, True), (zh_geo, False)), (geo, ind)
    finally:
        stop.set()
        flipper.join()
        sys.setswitchinterval(old)
        fd.set_lang("en")
    assert isinstance(fd.compare(), pd.DataFrame)
