"""Binder: every launch link points at this repository and at a notebook that exists.

A launch link, in README.md or in any notebook (markdown cells and outputs), has exactly this
form, as a badge or as a plain link:

    https://mybinder.org/v2/gh/<owner>/<name>/<ref>?labpath=notebooks%2F<notebook>.ipynb

where <owner>/<name> is the GitHub repository of `[project.urls] Repository` in
pyproject.toml, <ref> is HEAD or main, and notebooks/<notebook>.ipynb exists; <notebook> may
be in a folder, its slash encoded too (the Chinese editions: notebooks%2Fzh%2F01_growth.ipynb). The only other
mybinder.org addresses allowed are the badge images (https://mybinder.org/badge_logo.svg).
The README links to every notebook of both editions, and every notebook to itself from a
markdown cell.

Binder (repo2docker) builds from the top-level environment.yml: no binder/ or .binder/ folder
(either would replace the top level) and no other top-level file that would take over the
build. That environment.yml carries the lock's pins and installs the project (`-e .` under
`pip:`) is checked by tests/test_project.py (test_environment_yml_pins_equal_lock and
test_environment_yml_is_generated_from_lock).
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NOTEBOOK_DIR = ROOT / "notebooks"
# Both editions; not checkpoints, nor the runs `make year` writes to notebooks/runs/.
NOTEBOOKS = sorted(
    p
    for p in NOTEBOOK_DIR.rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts and "runs" not in p.parent.relative_to(NOTEBOOK_DIR).parts[:1]
)

BINDER_URL = re.compile(r"""https?://(?:www\.)?mybinder\.org[^\s<>"'()\[\]]*""")
LAUNCH_PATH = re.compile(r"^/v2/gh/(?P<owner>[^/]+)/(?P<name>[^/]+)/(?P<ref>[^/]+)$")
BADGE_PATHS = {"/badge_logo.svg", "/badge.svg", "/static/images/badge_logo.svg"}
REFS = {"HEAD", "main"}
# Top-level files that would make repo2docker build something other than environment.yml.
COMPETING_BINDER_FILES = ["Dockerfile", "Pipfile", "Pipfile.lock", "requirements.txt", "runtime.txt"]


def repository() -> tuple[str, str]:
    """(owner, name) of the GitHub repository that pyproject.toml declares."""
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["urls"]
    url = urls["Repository"]
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?", url)
    assert match, f"[project.urls] Repository is not a GitHub repository URL: {url!r}"
    return match.group(1), match.group(2)


def _texts(value) -> list[str]:
    """Every string inside a notebook JSON value (sources, output data, stream text)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return ["".join(value)]
        return [text for item in value for text in _texts(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return []


def links_in(text: str) -> list[str]:
    # &amp; in HTML outputs and markdown; a trailing full stop or comma is prose.
    return [url.rstrip(".,;:!?") for url in BINDER_URL.findall(html.unescape(text))]


def notebook_links(path: Path) -> tuple[list[str], list[str]]:
    """(links in markdown cells, links anywhere in the notebook: cells and outputs)."""
    notebook = json.loads(path.read_text("utf-8"))
    in_markdown, anywhere = [], []
    for cell in notebook["cells"]:
        for text in _texts(cell.get("source", "")):
            found = links_in(text)
            anywhere += found
            if cell["cell_type"] == "markdown":
                in_markdown += found
        for output in cell.get("outputs", []):
            for text in _texts(output.get("data", {})) + _texts(output.get("text", "")):
                anywhere += links_in(text)
    return in_markdown, anywhere


def rel_name(path: Path) -> str:
    """A notebook's path under notebooks/: '01_growth.ipynb', 'zh/01_growth.ipynb'."""
    return path.relative_to(NOTEBOOK_DIR).as_posix()


def launch_target(url: str) -> str | None:
    """The notebook a launch link opens, as its path under notebooks/ ('zh/01_growth.ipynb');
    None for a badge image. Asserts the form."""
    parts = urlsplit(url)
    if parts.path in BADGE_PATHS and not parts.query:
        return None
    assert parts.scheme == "https" and parts.netloc == "mybinder.org", (
        f"{url}: launch links start with https://mybinder.org/"
    )
    match = LAUNCH_PATH.match(parts.path)
    assert match, f"{url}: not a launch link of the form /v2/gh/<owner>/<name>/<ref>"
    owner, name = repository()
    assert (match["owner"], match["name"]) == (owner, name), (
        f"{url}: points at {match['owner']}/{match['name']}, the project is {owner}/{name} "
        "([project.urls] Repository in pyproject.toml)"
    )
    assert match["ref"] in REFS, f"{url}: ref {match['ref']!r}, expected one of {sorted(REFS)}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    assert [key for key, _ in query] == ["labpath"], (
        f"{url}: the query must be exactly ?labpath=notebooks%2F<name>.ipynb"
    )
    raw = parts.query.split("=", 1)[1]
    target = unquote(raw)
    assert raw == quote(target, safe=""), f"{url}: write the labpath encoded, as {quote(target, safe='')}"
    assert re.fullmatch(r"notebooks/(?:[^/.][^/]*/)*[^/]+\.ipynb", target), (
        f"{url}: labpath {target!r} is not notebooks/<name>.ipynb"
    )
    assert (ROOT / target).is_file(), f"{url}: {target} does not exist"
    return target.removeprefix("notebooks/")


def test_repository_url_is_github() -> None:
    owner, name = repository()
    assert owner and name


def test_readme_binder_links() -> None:
    links = links_in(README.read_text("utf-8"))
    targets = {launch_target(url) for url in links} - {None}
    missing = [rel_name(path) for path in NOTEBOOKS if rel_name(path) not in targets]
    assert not missing, f"README.md has no Binder link to {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[rel_name(path).removesuffix(".ipynb") for path in NOTEBOOKS])
def test_notebook_binder_links(path: Path) -> None:
    in_markdown, anywhere = notebook_links(path)
    for url in anywhere:
        launch_target(url)
    own = [url for url in in_markdown if launch_target(url) == rel_name(path)]
    labpath = quote("notebooks/" + rel_name(path), safe="")
    example = f"https://mybinder.org/v2/gh/{'/'.join(repository())}/HEAD?labpath={labpath}"
    assert own, f"{rel_name(path)} has no Binder link to itself in a markdown cell, e.g. {example}"


def test_binder_builds_from_top_level_environment_yml() -> None:
    assert (ROOT / "environment.yml").is_file(), "Binder needs environment.yml at the top level"
    for folder in ("binder", ".binder"):
        assert not (ROOT / folder).exists(), f"{folder}/ would replace the top-level environment.yml for Binder"
    present = [name for name in COMPETING_BINDER_FILES if (ROOT / name).exists()]
    assert not present, f"{present} would change what Binder builds (it must be environment.yml)"


def test_launch_link_rules_reject_wrong_links() -> None:
    """The checks above fail on the mistakes they are there for."""
    owner, name = repository()
    good = f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD?labpath=notebooks%2F{{}}.ipynb"
    stem = NOTEBOOKS[0].stem if NOTEBOOKS else "x"
    if NOTEBOOKS:
        assert launch_target(good.format(stem)) == f"{stem}.ipynb"
        assert launch_target(good.format(stem).replace("/HEAD?", "/main?")) == f"{stem}.ipynb"
    zh = [path for path in NOTEBOOKS if path.parent != NOTEBOOK_DIR]
    if zh:  # a notebook in a folder: both slashes encoded
        nested = rel_name(zh[0]).removesuffix(".ipynb")
        assert launch_target(good.format(quote(nested, safe=""))) == f"{nested}.ipynb"
        with pytest.raises(AssertionError):
            launch_target(good.format(nested))  # the folder's slash not encoded
    assert launch_target("https://mybinder.org/badge_logo.svg") is None
    bad = {
        "missing notebook": good.format("no_such_notebook"),
        "other repository": good.format(stem).replace(f"/{owner}/{name}/", "/someone/else/"),
        "other ref": good.format(stem).replace("/HEAD?", "/v0.1?"),
        "labpath not encoded": good.format(stem).replace("%2F", "/"),
        "urlpath": f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD?urlpath=lab/tree/notebooks/{stem}.ipynb",
        "no labpath": f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD",
        "http": good.format(stem).replace("https:", "http:"),
        "outside notebooks/": good.format(stem).replace("notebooks%2F", "tests%2F"),
    }
    for case, url in bad.items():
        with pytest.raises(AssertionError):
            launch_target(url)
            pytest.fail(f"accepted a link with {case}: {url}")
    markdown = f"[![Binder](https://mybinder.org/badge_logo.svg)]({good.format('a_b')}). Also"
    assert links_in(markdown) == ["https://mybinder.org/badge_logo.svg", good.format("a_b")]
