# fuzhou-data -- see README.md. Needs only python3 (3.11+) and GNU make.
#
#   make lab     JupyterLab on notebooks/ (PORT=8888, IP=127.0.0.1; Ctrl-C stops it)
#   make test    ruff, then pytest: tests/ and, once notebooks exist, strict nbval on notebooks/;
#                then make binder-test
#   make binder-test  environment.yml (Binder's environment) in a fresh Python 3.11 venv runs every
#                notebook under strict nbval (needs PyPI; a few minutes)
#   make notebooks  re-run every notebook in a fresh kernel and store its outputs
#   make year YEAR=2026 EXTRA=PATH  run the growth and rankings notebooks (both editions) for
#                another year, with extra figures, into notebooks/runs/YEAR/ (papermill)
#   make bench   run every benchmarks/*.py
#   make venv    (re)build .venv from requirements/lock.txt when the lock or pyproject changes
#   make lock    re-resolve requirements/lock.txt and environment.yml (needs the network)
#   make clean   remove .venv, build outputs and caches

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt

PORT ?= 8888
IP ?= 127.0.0.1
# Jupyter refuses to start as root (as on CI and in containers) without --allow-root.
# The network is closed on CI: no news or update checks (they also put pop-ups over the UI).
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root) \
	--LabApp.news_url=None \
	--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

# Every notebook, in every language folder (notebooks/zh/ ...); not the runs `make year` writes.
NOTEBOOKS := $(sort $(shell find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' -not -path 'notebooks/runs/*' 2>/dev/null))
PYTEST_ARGS ?= tests fuzhou_data --doctest-modules $(if $(NOTEBOOKS),notebooks --ignore=notebooks/runs --nbval --nbval-current-env \
	$(if $(wildcard notebooks/sanitize.cfg),--nbval-sanitize-with notebooks/sanitize.cfg))

BENCHMARKS := $(wildcard benchmarks/*.py)

.PHONY: all venv lab test binder-test notebooks year bench lock clean
all: test

venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-runs only when the lock or pyproject.toml changes. pip comes first so that the rest is
# installed by the pinned pip; the project itself goes in editable, without touching the pins.
$(STAMP): $(LOCK) pyproject.toml scripts/lab_overrides.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "$$(grep -E '^pip==' $(LOCK))"
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python scripts/lab_overrides.py
	touch $@

# JupyterLab is run by this Python code rather than by the `jupyter lab` script, for a clean
# Ctrl-C (both seen with the pinned jupyter_server 2.21):
# - Jupyter shuts its kernels down on SIGINT only when its standard input is a terminal; with
#   none (a test, a CI script, an editor's task runner) SIGINT would end it and leave its
#   kernels running. There SIGINT is made a SIGTERM, which it always handles with a clean
#   shutdown. (This also undoes a SIGINT *ignored* inherited from the background of a
#   non-interactive shell.)
# - Once the server has shut down (kernels stopped, its files removed), an AnyIO worker thread
#   left from a request that was still running can keep Python from exiting, forever
#   (jupyterlab/jupyterlab#10442): the code leaves with os._exit.
define LAB_PY
import logging, os, signal, sys
os.environ.pop("LAB_PY", None)
if sys.stdin is None or not sys.stdin.isatty():
    signal.signal(signal.SIGINT, lambda signum, frame: os.kill(os.getpid(), signal.SIGTERM))
from jupyterlab.labapp import main
sys.argv[0] = "jupyter-lab"
try:
    code = main()
except SystemExit as stop:
    code = stop.code
if isinstance(code, str):
    print(code, file=sys.stderr)
logging.shutdown()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code if isinstance(code, int) else 0 if code is None else 1)
endef

# exec'd, so jupyter replaces the shell: Ctrl-C (SIGINT to the process group) goes straight to
# it, and --ServerApp.answer_yes makes a single Ctrl-C shut the server down without the y/n
# prompt. make exits when jupyter does. The URL with the token is printed once it listens.
lab: export LAB_PY := $(LAB_PY)
lab: venv
	exec $(BIN)/python -c "$$LAB_PY" --no-browser --ip=$(IP) --port=$(PORT) \
		--ServerApp.root_dir=notebooks --ServerApp.answer_yes=True $(LAB_ARGS)

test: venv
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory binder-test

# What Binder builds from environment.yml (the reader's pins of the lock, then `pip install -e .`),
# in a fresh Python 3.11 venv, runs every notebook under strict nbval: tests/binder_env.py.
binder-test:
	$(PYTHON) tests/binder_env.py

# Re-run every notebook top to bottom in a fresh kernel and store the outputs (what strict nbval
# checks against); ruff formats them first. Run after changing the data, the package or a notebook.
notebooks: venv
	$(BIN)/ruff format $(NOTEBOOKS)
	set -e; for nb in $(NOTEBOOKS); do \
		$(BIN)/jupyter nbconvert --log-level=WARN --to notebook --execute --inplace \
			--ExecutePreprocessor.record_timing=False "$$nb"; done

# The parameterised notebooks for another year (see README, "When the new figures arrive"):
# papermill sets YEAR and EXTRA_FIGURES in each notebook's `parameters` cell and runs it.
YEAR_NOTEBOOKS := 01_growth 02_rankings
year: venv
	@test -n "$(YEAR)" || { echo "make year needs YEAR, e.g. make year YEAR=2026 EXTRA=my-2026-figures" >&2; exit 2; }
	@test -z "$(EXTRA)" || test -e "$(EXTRA)" || { echo "make year: EXTRA=$(EXTRA) does not exist" >&2; exit 2; }
	mkdir -p notebooks/runs/$(YEAR)/zh
	set -e; for nb in $(YEAR_NOTEBOOKS) $(addprefix zh/,$(YEAR_NOTEBOOKS)); do \
		$(BIN)/papermill --log-level WARNING --cwd notebooks/$$(dirname $$nb) notebooks/$$nb.ipynb \
			notebooks/runs/$(YEAR)/$$nb.ipynb -p YEAR $(YEAR) $(if $(EXTRA),-p EXTRA_FIGURES "$(abspath $(EXTRA))"); done
	@echo "wrote notebooks/runs/$(YEAR)/: open them with make lab"

bench: venv
	@set -e; for f in $(BENCHMARKS); do echo "== $$f"; $(BIN)/python "$$f"; done
	$(if $(BENCHMARKS),,@echo "no benchmarks/*.py yet")

lock:
	PYTHON=$(PYTHON) bash requirements/update-lock.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .benchmarks
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
