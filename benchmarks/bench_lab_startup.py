"""Time from `make lab` to the first rendered notebook, in headless Chromium.

Prints figures; asserts nothing. Run with the project's venv already built: `make bench`, or
`.venv/bin/python benchmarks/bench_lab_startup.py [--runs N] [--notebook NAME]`.

Each run starts the README's command afresh, `make lab PORT=<free port>` from the repository
root (make finds .venv up to date and goes straight to JupyterLab), with fresh JupyterLab
settings and workspaces (tests/e2e_helpers.py), and opens the notebook in a fresh browser
context (empty cache). Chromium itself is started before the clock: a reader's browser is
already open. Measured from the moment the command is launched:

- URL printed: the URL with its token appears in the command's output;
- server ready: the server answers /api/status;
- first notebook rendered: the notebook's page is open and its first stored output image is
  loaded and shown with a non-zero size.

Then Ctrl-C (SIGINT to the command's process group) and the time it takes to stop. Needs
Debian's Chromium (`apt-get install chromium`); without it, says so and exits.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from e2e_helpers import (  # noqa: E402
    LabServer,
    NotebookFile,
    keep_local,
    launch_chromium,
    missing_browser_reason,
    notebook_paths,
    wait_for_first_image,
)


def pick_notebook(name: str | None) -> NotebookFile | None:
    notebooks = [NotebookFile.load(path) for path in notebook_paths()]
    if name:
        return next((nb for nb in notebooks if nb.name == name), None)
    return next((nb for nb in notebooks if nb.image_count), None)


def one_run(browser, notebook: NotebookFile) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-lab-") as home:
        server = LabServer(Path(home))
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        keep_local(context)
        try:
            server.start()
            page = context.new_page()
            page.goto(server.notebook_url(notebook.name, workspace="bench"))
            wait_for_first_image(page)
            rendered = time.perf_counter() - server.started_at
        finally:
            context.close()
            if server.proc is not None:
                result = server.stop()
                if result.problems():
                    print(f"  (stop: {result.problems()})")
        return {
            "url": server.url_seconds,
            "ready": server.ready_seconds,
            "rendered": rendered,
            "stop": result.seconds,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--notebook", help="notebook name (default: the first with a chart)")
    args = parser.parse_args()

    reason = missing_browser_reason()
    if reason:
        print(f"bench_lab_startup: not run: {reason}")
        return
    notebook = pick_notebook(args.notebook)
    if notebook is None:
        print("bench_lab_startup: not run: no notebook with a stored chart in notebooks/")
        return

    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for i in range(args.runs):
                run = one_run(browser, notebook)
                runs.append(run)
                print(
                    f"run {i + 1}: URL printed {run['url']:.2f} s, server ready "
                    f"{run['ready']:.2f} s, first notebook rendered {run['rendered']:.2f} s, "
                    f"stopped {run['stop']:.2f} s after Ctrl-C"
                )
        finally:
            browser.close()

    def summary(key: str) -> str:
        values = [run[key] for run in runs]
        return (
            f"median {statistics.median(values):.2f} s "
            f"(min {min(values):.2f}, max {max(values):.2f}, {len(values)} runs)"
        )

    print(f"`make lab` -> {notebook.path.name} in headless Chromium")
    print(f"  URL with token printed:   {summary('url')}")
    print(f"  server ready:             {summary('ready')}")
    print(f"  first notebook rendered:  {summary('rendered')}")
    print(f"  stop after Ctrl-C:        {summary('stop')}")


if __name__ == "__main__":
    main()
