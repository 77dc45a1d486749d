"""Checks on the project's own infrastructure: lock, environment.yml, pyproject, CI, README."""

from __future__ import annotations

import re
import shlex
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
ENVIRONMENT = ROOT / "environment.yml"
PYPROJECT = ROOT / "pyproject.toml"
CI_RUN = ROOT / ".ci" / "run"
README = ROOT / "README.md"
REPOSITORY_URL = "https://github.com/fuzhou-data/fuzhou-data"
PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[^\s;@]+$")


def _lock_pins() -> list[str]:
    lines = [line.split("#", 1)[0].strip() for line in LOCK.read_text("utf-8").splitlines()]
    return [line for line in lines if line]


def _environment_pip_entries() -> list[str]:
    """The entries of the `pip:` list in environment.yml, as Binder's test reads them."""
    from binder_env import pip_entries  # tests/ is on sys.path, as for e2e_helpers

    entries = pip_entries(ENVIRONMENT.read_text("utf-8"))
    assert entries, "environment.yml has no `- pip:` section"
    return entries


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_lock_is_exact_pins() -> None:
    pins = _lock_pins()
    assert pins, "requirements/lock.txt is empty"
    bad = [pin for pin in pins if not PIN.match(pin)]
    assert not bad, f"not exact name==version pins: {bad}"
    names = [_normalise(pin.split("==")[0]) for pin in pins]
    assert len(names) == len(set(names)), "a package is pinned twice"


def test_lock_covers_every_declared_requirement() -> None:
    pyproject = tomllib.loads(PYPROJECT.read_text("utf-8"))
    project = pyproject["project"]
    declared = list(project["dependencies"])
    for group in project["optional-dependencies"].values():
        declared += group
    declared += pyproject["build-system"]["requires"]
    locked = {_normalise(pin.split("==")[0]) for pin in _lock_pins()}
    for req in declared:
        name = _normalise(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", req.strip()).group(0))
        if name != _normalise(project["name"]):
            assert name in locked, f"{req!r} (pyproject.toml) is not in requirements/lock.txt"


def test_environment_yml_pins_equal_lock() -> None:
    entries = _environment_pip_entries()
    assert entries, "environment.yml lists no pip packages"
    assert entries[-1] == "-e .", "environment.yml must install the project (`-e .`) last"
    assert entries.count("-e .") == 1
    pins = entries[:-1]
    bad = [pin for pin in pins if not PIN.match(pin)]
    assert not bad, f"environment.yml: not exact name==version pins: {bad}"
    lock = {_normalise(pin.split("==")[0]): pin for pin in _lock_pins()}
    differ = [pin for pin in pins if lock.get(_normalise(pin.split("==")[0])) != pin]
    assert not differ, f"environment.yml pins not in requirements/lock.txt at these versions: {differ}"
    order = [_normalise(pin.split("==")[0]) for pin in pins]
    assert order == [name for name in lock if name in set(order)], "environment.yml must keep the lock's order"


def _environment_from_lock():
    sys.path.insert(0, str(ROOT / "requirements"))
    try:
        import environment_from_lock
    finally:
        sys.path.pop(0)
    return environment_from_lock


def test_environment_yml_is_the_readers_part_of_the_lock() -> None:
    """The reader's requirements (dependencies, `notebooks` extra) and all they need; no test tools."""
    env = _environment_from_lock()
    names = {_normalise(entry.split("==")[0]) for entry in _environment_pip_entries()[:-1]}
    for req in env.reader_requirements():
        name = _normalise(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", req).group(0))
        assert name in names, f"{req!r} (a reader's requirement) is not in environment.yml"
    for tool in ("ruff", "playwright", "frictionless", "build", "hypothesis"):
        assert tool not in names, f"{tool} (a development tool) is in environment.yml"
    assert len(names) < len(_lock_pins())


def test_environment_yml_is_generated_from_lock() -> None:
    # The closure is read from the installed distributions: this environment holds the lock.
    env = _environment_from_lock()
    expected = env.render(env.reader_pins(LOCK, PYPROJECT))
    assert ENVIRONMENT.read_text("utf-8") == expected, "environment.yml is stale: run `make lock`"
    assert "  - python=3.11\n" in expected


def test_reader_closure_follows_extras_and_markers() -> None:
    """closure() takes a requirement's extras into account and skips what a marker excludes."""
    env = _environment_from_lock()
    base = env.closure(["nbval"])
    assert {"nbval", "pytest", "ipykernel", "jupyter-client"} <= base
    assert "ruff" not in base
    assert env.closure(['ruff; python_version < "3"']) == set()
    with pytest.raises(LookupError, match="not installed"):
        env.closure(["surely-not-installed-fuzhou-xyz"])


def test_pyproject_declares_repository_url_once() -> None:
    text = PYPROJECT.read_text("utf-8")
    assert text.count(REPOSITORY_URL) == 1, "the repository URL must appear once in pyproject"
    urls = tomllib.loads(text)["project"]["urls"]
    assert urls.get("Repository") == REPOSITORY_URL


def _commands(script: str) -> list[list[str]]:
    """Shell commands of a script, as word lists, without comments and blank lines."""
    commands = []
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            commands.append(words)
    return commands


def test_ci_run_calls_make_test() -> None:
    script = CI_RUN.read_text("utf-8")
    assert script.startswith("#!/usr/bin/env bash\n") or script.startswith("#!/bin/bash\n")
    commands = _commands(script)
    assert ["set", "-euo", "pipefail"] in commands
    assert commands[-1] == ["make", "test"], ".ci/run must end with exactly `make test`"
    assert sum(c[:1] == ["make"] for c in commands) == 1, ".ci/run must run make only once"


def test_readme_starts_with_make_lab_and_make_test() -> None:
    lines = README.read_text("utf-8").splitlines()
    assert lines[0].startswith("# "), "README must start with a title line"
    body = [line for line in lines[1:] if line.strip() and not line.startswith("```")]
    first, second = body[0], body[1]
    assert first.split("#", 1)[0].split() == ["make", "lab"], first
    assert second.split("#", 1)[0].split() == ["make", "test"], second
    # Nothing but blank lines and a code fence between the title and the two commands.
    before = lines[1 : lines.index(first)]
    assert all(not line.strip() or line.startswith("```") for line in before), before


def test_makefile_has_the_readme_targets() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("venv", "lab", "test", "bench", "lock", "clean"):
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile has no `{target}` target"
