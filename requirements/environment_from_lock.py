"""Write environment.yml (Binder / repo2docker) from requirements/lock.txt.

Binder then installs exactly the versions that CI tests: every pin of the lock goes, unchanged,
under `pip:`, followed by `-e .`. Called by requirements/update-lock.sh; the pins are compared
with the lock by tests/test_project.py.

Usage: python requirements/environment_from_lock.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
ENVIRONMENT = ROOT / "environment.yml"
PYTHON_VERSION = "3.11"


def lock_pins(lock: Path = LOCK) -> list[str]:
    """The `name==version` lines of the lock, in order, without comments or blank lines."""
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pins.append(line)
    return pins


def render(pins: list[str]) -> str:
    lines = [
        "# Generated from requirements/lock.txt by requirements/environment_from_lock.py",
        "# (run `make lock`) -- do not edit. Binder installs the same pins that CI tests.",
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
    text = render(lock_pins())
    if "--check" in argv:
        if ENVIRONMENT.read_text(encoding="utf-8") != text:
            print("environment.yml is out of date: run `make lock`", file=sys.stderr)
            return 1
        return 0
    ENVIRONMENT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
