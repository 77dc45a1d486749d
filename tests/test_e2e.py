"""The notebooks as readers open them: `make lab`, then JupyterLab in a real browser.

Every test here is marked `e2e` (`pytest -m "not e2e"` leaves them out). The browser is
Debian's Chromium driven by Playwright, never a downloaded one. Without Chromium (or
Playwright) the browser test skips with a one-line reason, except on CI (CI=true), where it
fails: .ci/run installs chromium before `make test`. Without any notebooks/*.ipynb it skips.

For each notebook, in a fresh browser context and a workspace of its own:

1. Stored outputs, as a reader first sees them: every cell is on the page, every markdown
   cell rendered, and (see `check_page`) no error output, every output image loaded,
   visible and of non-zero size, as many images as the file stores, and the Chinese text.
2. Edit > Clear Outputs of All Cells, then Run > Run All Cells, both through the menus; the
   run is over when every non-blank code cell has an execution count and the kernel is idle
   (or an error shows up, which then fails the test). The same checks again, on the new
   outputs.
3. A screenshot of the whole notebook with its new outputs: tests/e2e-screenshots/<name>.png
   (git-ignored; in parts, -partN.png, for a notebook taller than 12,000 px).

The Chinese text rule: every run of Han characters that the notebook file shows as text, in
its markdown cells (less HTML comments, image alt texts and link targets) and in the shown
form of each stored output (HTML, markdown or plain text, by JupyterLab's renderer order;
never text behind an image), must be in the page's rendered text; and every notebook must
show 抚州, the Chinese name of Fuzhou as the package's own data gives it
(`fuzhou_data.geographies()`). Chinese inside chart images cannot be read from the page:
the stderr check covers it (matplotlib warns on stderr for a glyph it cannot draw), and the
screenshots show it.

The server runs from a temporary JUPYTERLAB_SETTINGS_DIR (tests/e2e_helpers.py): all cells
attached (windowingMode "none"), no autosave (running the notebooks never writes to
notebooks/), no news or update pop-ups. After the last notebook the server gets Ctrl-C,
and must end cleanly: see `StopResult.problems`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from e2e_helpers import (
    CLEARED_JS,
    NOTEBOOK_DIR,
    PAGE_STATE_JS,
    RUN_FINISHED_JS,
    SCREENSHOT_DIR,
    LabServer,
    NotebookFile,
    dismiss_toasts,
    keep_local,
    launch_chromium,
    missing_browser_reason,
    notebook_name,
    notebook_paths,
    open_notebook,
    run_menu_command,
    screenshot_notebook,
    wait_for,
    wait_for_kernel,
    wait_rendered,
    watch_for_dialogs,
)

pytestmark = pytest.mark.e2e

NOTEBOOKS = notebook_paths()
NO_NOTEBOOKS = pytest.mark.skip(reason="no notebooks/*.ipynb yet")
NOTEBOOK_PARAMS = [pytest.param(notebook_name(p), id=notebook_name(p)) for p in NOTEBOOKS] or [
    pytest.param(None, id="no-notebooks", marks=NO_NOTEBOOKS)
]
RUN_TIMEOUT = float(os.environ.get("E2E_RUN_TIMEOUT", "180"))  # seconds, per notebook


def _fuzhou_zh() -> str:
    import fuzhou_data as fd

    geographies = fd.geographies()
    return str(geographies.loc[geographies["id"] == "fuzhou", "name_zh"].iloc[0])


@pytest.fixture(scope="module")
def browser():
    reason = missing_browser_reason()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; on CI the browser tests must run (.ci/run installs chromium)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lab(request, tmp_path_factory):
    """One `make lab` for all notebooks; Ctrl-C at the end, which must stop it cleanly
    (unless a notebook test failed: a kernel stopped mid-run may then log a traceback)."""
    failed_before = request.session.testsfailed
    server = LabServer(tmp_path_factory.mktemp("lab"))
    try:
        server.start()
    except BaseException:
        server.kill()
        raise
    try:
        yield server
    finally:
        result = server.stop()
    problems = result.problems()
    if request.session.testsfailed == failed_before:
        assert not problems, f"`make lab` did not stop cleanly on Ctrl-C: {problems}"
    elif problems:
        print(f"after a failure, `make lab` stopped with: {problems}")


def check_page(page, notebook: NotebookFile, stage: str) -> dict:
    """The checks of the module docstring on what the page shows now; returns its state."""
    state = page.evaluate(PAGE_STATE_JS)
    where = f"{notebook.path.name} ({stage})"
    assert state["panels"] == 1, f"{where}: {state['panels']} notebook panels on the page"
    kinds = [cell["kind"] for cell in state["cells"]]
    assert kinds == notebook.cell_types, f"{where}: cells on the page {kinds}"
    unrendered = [i for i, cell in enumerate(state["cells"]) if not cell["rendered"]]
    assert not unrendered, f"{where}: markdown cells not rendered: {unrendered}"
    assert not state["errors"], f"{where}: error output on the page:\n" + "\n---\n".join(state["errors"])
    images = state["images"]
    assert len(images) == notebook.image_count, (
        f"{where}: {len(images)} images on the page, the file stores {notebook.image_count}"
        + (" (are its stored outputs stale?)" if stage != "stored outputs" else "")
    )
    bad = [
        (i, image)
        for i, image in enumerate(images)
        if not (
            image["complete"]
            and image["naturalWidth"] > 0
            and image["naturalHeight"] > 0
            and image["width"] > 0
            and image["height"] > 0
            and image["visible"]
        )
    ]
    assert not bad, f"{where}: images not loaded, not visible or of no size: {bad}"
    markdown, outputs = state["markdownText"], state["outputText"]
    missing = [s for s in notebook.markdown_han if s not in markdown]
    missing += [s for s in notebook.output_han if s not in outputs]
    fuzhou = _fuzhou_zh()
    if fuzhou not in markdown + outputs:
        missing.append(fuzhou)
    assert not missing, f"{where}: Chinese text not shown on the page: {missing}"
    return state


@pytest.mark.parametrize("terminal", [True, False], ids=["in-a-terminal", "no-terminal"])
def test_make_lab_serves_notebooks_and_stops_on_ctrl_c(tmp_path: Path, terminal: bool) -> None:
    """The README's first command, without a browser: URL with a token, the notebooks, a
    kernel, then Ctrl-C ends everything (kernel included), whether or not it runs in a
    terminal (a script or CI job has none)."""
    if not NOTEBOOKS:
        pytest.skip("no notebooks/*.ipynb yet")
    server = LabServer(tmp_path, terminal=terminal)
    try:
        server.start()
        assert server.url.startswith(f"http://127.0.0.1:{server.port}/lab?token=")
        assert len(server.token) >= 32, server.url
        served, folders = [], [""]
        while folders:  # notebooks/ and its folders (notebooks/zh/, the Chinese editions)
            listing = server.api_json(f"contents/{folders.pop()}".rstrip("/"))
            for item in listing["content"]:
                if item["type"] == "notebook":
                    served.append(item["path"])
                elif item["type"] == "directory" and not item["name"].startswith(".") and item["path"] != "runs":
                    folders.append(item["path"])
        expected = [path.relative_to(NOTEBOOK_DIR).as_posix() for path in NOTEBOOKS]
        assert sorted(served) == expected, "make lab must serve notebooks/, both editions"
        server.start_kernel()
    except BaseException:
        server.kill()
        raise
    result = server.stop()
    assert not result.problems(), f"`make lab` did not stop cleanly on Ctrl-C: {result.problems()}\n" + "\n".join(
        result.log.splitlines()[-15:]
    )
    assert "Shutting down 1 kernel" in result.log
    print(f"make lab: URL after {server.url_seconds:.1f} s, stopped {result.seconds:.1f} s after Ctrl-C")


@pytest.mark.parametrize("name", NOTEBOOK_PARAMS)
def test_notebook_in_browser(browser, lab: LabServer, name: str) -> None:
    notebook = NotebookFile.load(NOTEBOOK_DIR / f"{name}.ipynb")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    keep_local(context)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    watch_for_dialogs(page)
    try:
        open_notebook(page, lab, notebook)
        check_page(page, notebook, "stored outputs")

        dialogs = wait_for_kernel(page)
        run_menu_command(page, "Edit", "editmenu:clear-all")
        wait_for(page, CLEARED_JS, "Clear Outputs of All Cells to clear every output")
        started = time.perf_counter()
        run_menu_command(page, "Run", "runmenu:run-all")
        # a folded input shows no execution count; its outputs are checked like any other's
        runnable = [
            bool(source.strip()) and not hidden for source, hidden in zip(notebook.code_sources, notebook.code_hidden)
        ]
        wait_for(page, RUN_FINISHED_JS, "Run All Cells to finish", arg=runnable, timeout=RUN_TIMEOUT)
        seconds = time.perf_counter() - started
        wait_rendered(page, notebook, "its new outputs")
        check_page(page, notebook, "after Run All")

        toasts = dismiss_toasts(page)
        shots = screenshot_notebook(page, SCREENSHOT_DIR / notebook.name)
        print(
            f"{notebook.name}: ran in {seconds:.1f} s; screenshots {[str(p) for p in shots]}"
            + (f"; dialogs accepted {dialogs}" if dialogs else "")
            + (f"; toasts {toasts}" if toasts else "")
        )
        assert not page_errors, f"JavaScript errors on the page: {page_errors}"
        news = [t for t in toasts if "news" in t.lower() or "update" in t.lower()]
        assert not news, f"a news or update pop-up covers the notebook: {news}"
    finally:
        context.close()
