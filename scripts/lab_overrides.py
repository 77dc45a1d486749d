"""Install JupyterLab setting overrides for this environment: no news or update pop-ups.

JupyterLab asks "Would you like to get notified about official Jupyter news?" in a toast over
the bottom right of every notebook until the user answers; the command-line options that
disable news fetching do not stop the question. An `overrides.json` in the environment's
JupyterLab settings folder sets the answer ("never") for everyone who opens the notebooks from
this environment. Run by `make venv` and by Binder's `postBuild`:

    python scripts/lab_overrides.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def install(prefix: Path = Path(sys.prefix)) -> Path:
    """Merge OVERRIDES into <prefix>/share/jupyter/lab/settings/overrides.json and return its path."""
    path = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for plugin, settings in OVERRIDES.items():
        current.setdefault(plugin, {}).update(settings)
    path.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"JupyterLab overrides: {install()}")
