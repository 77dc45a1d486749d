"""The built wheel carries every data file: install it in a fresh venv outside the repo and load."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import pathlib, sys
import fuzhou_data as fd
from fuzhou_data.schema import TABLES
assert "site-packages" in fd.__file__, fd.__file__
tables = fd.load_all()
assert set(tables) == set(TABLES), sorted(tables)
assert all(len(t) for t in tables.values())
assert len(fd.measures()) == 15 and len(fd.tasks()) == 11
from importlib.resources import files
fonts = [p.name for p in (files("fuzhou_data") / "fonts").iterdir()]
assert any(n.endswith((".otf", ".ttf")) for n in fonts), fonts
assert any(n.startswith("LICENSE") for n in fonts), fonts
print("ok", len(tables), "tables")
"""


def test_wheel_installs_and_loads_in_fresh_venv(tmp_path: Path) -> None:
    dist, venv = tmp_path / "dist", tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    wheel = next(dist.glob("fuzhou_data-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "-c", str(ROOT / "requirements" / "lock.txt"), str(wheel)],
        check=True,
        cwd=tmp_path,
    )
    out = subprocess.run([str(py), "-c", CHECK], check=True, cwd=tmp_path, capture_output=True, text=True)
    assert out.stdout.startswith("ok"), out.stdout + out.stderr
