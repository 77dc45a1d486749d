"""Write environment.yml (Binder / repo2docker) from requirements/lock.txt: the reader's pins only.

A reader of the notebooks needs the package's own dependencies and the `notebooks` extra
(JupyterLab, the kernel, nbval, papermill) -- not the test and build tools. environment.yml
lists exactly that: the dependency closure of those requirements, each at the lock's version
(the versions CI tests), in the lock's order, under `pip:`, followed by `-e .`.

The closure is read from the metadata of the installed distributions, so this must run in an
environment installed from the lock: requirements/update-lock.sh runs it in the environment it
has just resolved (and checks the result against what pip itself installs for those
requirements), tests/test_project.py runs it in .venv. Markers are evaluated for the running
interpreter: Python 3.11 on Linux, as on Binder.

Usage: python requirements/environment_from_lock.py [--check]
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
import tomllib
from collections import deque
from pathlib import Path

try:
    from packaging.requirements import Requirement
except ImportError:  # a bare venv: pip carries its own copy
    from pip._vendor.packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
PYPROJECT = ROOT / "pyproject.toml"
ENVIRONMENT = ROOT / "environment.yml"
PYTHON_VERSION = "3.11"
#: Optional-dependency groups of pyproject.toml that a reader of the notebooks needs.
READER_EXTRAS = ("notebooks",)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins(lock: Path = LOCK) -> list[str]:
    """The `name==version` lines of the lock, in order, without comments or blank lines."""
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pins.append(line)
    return pins


def reader_requirements(pyproject: Path = PYPROJECT) -> list[str]:
    """[project] dependencies plus the READER_EXTRAS groups, as written in pyproject.toml."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    reqs = list(project.get("dependencies", []))
    for group in READER_EXTRAS:
        reqs += project["optional-dependencies"][group]
    own = normalise(project["name"])
    return [r for r in reqs if normalise(Requirement(r).name) != own]


def closure(requirements: list[str]) -> set[str]:
    """Normalised names of the requirements and everything they need, from installed metadata.

    Raises LookupError naming a required distribution that is not installed.
    """
    names: set[str] = set()
    seen: set[tuple[str, frozenset[str]]] = set()
    todo: deque[tuple[Requirement, str]] = deque((Requirement(r), "pyproject.toml") for r in requirements)
    while todo:
        req, needed_by = todo.popleft()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        key = (normalise(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        names.add(key[0])
        try:
            dist = importlib.metadata.distribution(req.name)
        except importlib.metadata.PackageNotFoundError:
            raise LookupError(
                f"{req.name} (needed by {needed_by}) is not installed: run this in an environment "
                "installed from requirements/lock.txt (.venv, `make venv`)"
            ) from None
        for text in dist.requires or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in ("", *req.extras)):
                sub.marker = None
                todo.append((sub, dist.metadata["Name"]))
    return names


def reader_pins(lock: Path = LOCK, pyproject: Path = PYPROJECT) -> list[str]:
    """The lock's pins of the reader's closure, in the lock's order."""
    pins = lock_pins(lock)
    by_name = {normalise(pin.split("==")[0]): pin for pin in pins}
    needed = closure(reader_requirements(pyproject))
    missing = sorted(needed - by_name.keys())
    if missing:
        raise LookupError(f"not in {lock.name}: {missing} (run `make lock`)")
    return [pin for pin in pins if normalise(pin.split("==")[0]) in needed]


def render(pins: list[str]) -> str:
    lines = [
        "# Generated from requirements/lock.txt by requirements/environment_from_lock.py",
        "# (run `make lock`) -- do not edit. What a reader of the notebooks needs (the package's",
        "# dependencies and its `notebooks` extra), at the versions CI tests; `make binder-test`",
        "# installs it in a fresh Python 3.11 venv and runs every notebook there.",
        "name: fuzhou-data",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON_VERSION}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {pin}" for pin in pins]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    try:
        text = render(reader_pins())
    except LookupError as error:
        print(f"environment_from_lock.py: {error}", file=sys.stderr)
        return 1
    if "--check" in argv:
        if ENVIRONMENT.read_text(encoding="utf-8") != text:
            print("environment.yml is out of date: run `make lock`", file=sys.stderr)
            return 1
        return 0
    ENVIRONMENT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
