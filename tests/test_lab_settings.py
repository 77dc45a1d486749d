"""No pop-up over the notebooks: JupyterLab's news question is answered ("never") by setting
overrides installed into the environment, locally by `make venv` and on Binder by postBuild."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "lab_overrides.py"


def _module():
    spec = importlib.util.spec_from_file_location("lab_overrides", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_overrides_turn_news_and_update_checks_off(tmp_path: Path) -> None:
    settings = tmp_path / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True)
    (settings / "overrides.json").write_text(json.dumps({"other:plugin": {"x": 1}}), encoding="utf-8")
    path = _module().install(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false", "checkForUpdates": False}
    assert data["other:plugin"] == {"x": 1}, "existing overrides are kept"


def test_the_setting_exists_in_this_jupyterlab() -> None:
    """The plugin and setting names are JupyterLab's own (a renamed setting would silently do nothing)."""
    schema = Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/apputils-extension/notification.json"
    props = json.loads(schema.read_text(encoding="utf-8"))["properties"]
    assert {"const": "false", "title": "Never"} in props["fetchNews"]["oneOf"]
    assert props["checkForUpdates"]["type"] == "boolean"


def test_make_venv_and_binder_install_them() -> None:
    assert "scripts/lab_overrides.py" in (ROOT / "Makefile").read_text(encoding="utf-8")
    post = ROOT / "postBuild"
    assert post.stat().st_mode & 0o111, "postBuild must be executable for repo2docker"
    assert "python scripts/lab_overrides.py" in post.read_text(encoding="utf-8")
    installed = Path(sys.prefix) / "share/jupyter/lab/settings/overrides.json"
    assert (
        json.loads(installed.read_text(encoding="utf-8"))["@jupyterlab/apputils-extension:notification"]["fetchNews"]
        == "false"
    )


def test_script_runs_as_binder_runs_it(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True)
    assert "overrides.json" in run.stdout
