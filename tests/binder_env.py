"""The Binder environment, built as Binder builds it, runs every notebook under strict nbval.

`make binder-test` (part of `make test`) runs this with the system Python; it needs Python 3.11
(what environment.yml asks for) and PyPI. The closest to a Binder build that runs here:

1. a fresh virtual environment with Python 3.11 and the lock's pip (Binder's conda gives a recent
   pip), in a temporary folder;
2. environment.yml's whole `pip:` list, `-e .` included, installed in one `pip install -r` from
   the repository root, as repo2docker does (the project is built in pip's isolated build
   environment, as there); then `pip check`, and every installed distribution must be one
   environment.yml pins, at its version (nothing pulled in unpinned);
3. `papermill --help` (readers re-run notebooks with other parameters through it);
4. every notebook, notebooks/**/*.ipynb (the Chinese editions included), under strict nbval
   (`pytest --nbval`, not --nbval-lax) with that environment's kernel.

Prints the pins and installed MiB of that environment against the full lock (and .venv if
present), and the time each step took; exits with pytest's status.

    python3 tests/binder_env.py [--python python3.11] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = ROOT / "environment.yml"
LOCK = ROOT / "requirements" / "lock.txt"
SANITIZE = ROOT / "notebooks" / "sanitize.cfg"
NOTEBOOK_GLOB = "notebooks/**/*.ipynb"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def pip_entries(text: str) -> list[str]:
    """The entries of the `pip:` list of an environment.yml (read without a YAML library).

    >>> pip_entries("dependencies:\\n  - python=3.11\\n  - pip:\\n      - a==1\\n      - -e .\\n")
    ['a==1', '-e .']
    """
    entries: list[str] = []
    pip_indent: int | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        if pip_indent is None:
            if stripped == "- pip:":
                pip_indent = indent
            continue
        if indent <= pip_indent:
            break
        entries.append(stripped[2:].strip())
    return entries


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins_of(lines: list[str]) -> dict[str, str]:
    """{normalised name: version} of the `name==version` lines."""
    return {normalise(m[1]): m[2] for m in map(PIN.match, lines) if m}


def mib(path: Path) -> float:
    """Disk usage of a folder in MiB (as `du`)."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
            except OSError:
                pass
    return total / 2**20


def site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip())


def find_python(requested: str | None) -> str:
    for candidate in [requested] if requested else ["python3.11", sys.executable]:
        exe = shutil.which(candidate) or candidate
        try:
            version = subprocess.run(
                [exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            continue
        if version == "3.11":
            return exe
    sys.exit("binder_env.py: needs Python 3.11 (environment.yml's python=3.11): pass --python /path/to/python3.11")


def run(*cmd: str | Path, **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", help="a Python 3.11 (default: python3.11 on PATH, or this Python)")
    parser.add_argument("--keep", type=Path, help="build the environment in this folder and keep it")
    args = parser.parse_args()

    entries = pip_entries(ENVIRONMENT.read_text(encoding="utf-8"))
    if entries[-1:] != ["-e ."]:
        sys.exit("binder_env.py: environment.yml's pip list must end with `-e .`")
    wanted = pins_of(entries)
    lock = pins_of(LOCK.read_text(encoding="utf-8").splitlines())
    notebooks = sorted(
        p for p in ROOT.glob(NOTEBOOK_GLOB) if ".ipynb_checkpoints" not in p.parts and "runs" not in p.parts
    )
    if not notebooks:
        sys.exit(f"binder_env.py: no notebooks match {NOTEBOOK_GLOB}")
    python = find_python(args.python)

    work = Path(tempfile.mkdtemp(prefix="binder-env-"))
    venv = args.keep or work / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    try:
        t0 = time.perf_counter()
        if venv.exists():
            shutil.rmtree(venv)
        run(python, "-m", "venv", venv)
        py = venv / "bin" / "python"
        run(py, "-m", "pip", "install", "--quiet", f"pip=={lock['pip']}", env=env)
        requirements = work / "environment-pip.txt"
        requirements.write_text("\n".join(entries) + "\n", encoding="utf-8")
        run(py, "-m", "pip", "install", "--quiet", "-r", requirements, cwd=ROOT, env=env)
        built = time.perf_counter() - t0
        run(py, "-m", "pip", "check", env=env)
        frozen = subprocess.run(
            [py, "-m", "pip", "freeze", "--all", "--exclude-editable"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout.splitlines()
        installed = pins_of(frozen)
        unpinned = {
            name: version
            for name, version in installed.items()
            if wanted.get(name) != version and name not in ("pip", "setuptools")
        }
        if unpinned:
            print(f"binder_env.py: installed but not pinned so by environment.yml: {unpinned}", file=sys.stderr)
            return 1
        run(venv / "bin" / "papermill", "--help", stdout=subprocess.DEVNULL, env=env)

        size = mib(site_packages(py))
        dev = ROOT / ".venv" / "bin" / "python"
        dev_size = f", .venv {mib(site_packages(dev)):.0f} MiB installed" if dev.exists() else ""
        print(f"binder environment: {len(wanted)} pins ({len(installed)} distributions), {size:.0f} MiB installed;")
        print(f"  the full lock: {len(lock)} pins{dev_size}")
        print(f"  built in {built:.0f} s (fresh venv, pip's cache as it is)")

        sanitize = ["--nbval-sanitize-with", str(SANITIZE)] if SANITIZE.is_file() else []
        print(f"running {len(notebooks)} notebooks under strict nbval (pytest's summary below closes the test)")
        test = subprocess.run(
            [py, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env", *sanitize]
            + [str(p.relative_to(ROOT)) for p in notebooks],
            cwd=ROOT,
            env=env,
        )
        return test.returncode
    except subprocess.CalledProcessError as error:
        print(f"binder_env.py: failed: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
