"""The notebooks as stored: structure, clean outputs, no hand-typed numbers, both languages run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]

# What may stand in prose as digits: years and year ranges, the plan's ordinal, links and code.
ALLOWED = [
    r"https?://\S+",
    r"`[^`]*`",
    r"\b(19|20)\d\d\b",
    r"\b15th\b",
    r"\(notebooks/[^)]*\)",
]


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_structure(path: Path) -> None:
    cs = cells(path)
    first = text(cs[0])
    assert cs[0]["cell_type"] == "markdown" and first.startswith("# "), "opens with a title"
    assert "**Question:**" in first
    assert "抚州" in first and "福州" in first, "says which Fuzhou"
    assert re.search(r'LANG = "en"', text(cs[1])) and "fd.set_lang(LANG)" in text(cs[1]), "one language switch"
    assert text(cs[-2]).strip() == "## Sources" and "sources_markdown" in text(cs[-1]), "ends with its sources"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_prose_has_no_hand_typed_numbers(path: Path) -> None:
    for cell in cells(path):
        if cell["cell_type"] != "markdown":
            continue
        prose = text(cell)
        for pattern in ALLOWED:
            prose = re.sub(pattern, " ", prose)
        digits = re.findall(r"\S*\d\S*", prose)
        assert not digits, f"numbers typed into prose: {digits}; print them from fuzhou_data instead"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_are_from_one_clean_run(path: Path) -> None:
    code = [c for c in cells(path) if c["cell_type"] == "code" and text(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for c in code:
        for out in c["outputs"]:
            assert out["output_type"] != "error", text(c)
            assert out.get("name") != "stderr", f"stderr in stored output: {''.join(out.get('text', ''))[:200]}"
    images = sum("image/png" in o.get("data", {}) for c in code for o in c["outputs"])
    assert images >= 2, "every notebook shows charts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_runs_in_chinese(path: Path, tmp_path: Path) -> None:
    """The one setting switches every table and chart; the notebook still runs cleanly."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    setup = nb.cells[1]
    assert 'LANG = "en"' in setup.source
    setup.source = setup.source.replace('LANG = "en"', 'LANG = "zh"')
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    streams = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "stream"]
    assert not streams, streams
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    if html:
        assert re.search(r"[\u4e00-\u9fff]", html), "tables show Chinese headers or names"
