# fuzhou-data -- see README.md. Needs only python3 (3.11+) and GNU make.
#
#   make lab     JupyterLab on notebooks/ (PORT=8888, IP=127.0.0.1; Ctrl-C stops it; a busy PORT fails)
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

# JupyterLab runs in scripts/lab.py, exec'd: make's recipe is that one process, and the
# kernels are its children. It fails with a message when PORT is busy (no moving to another
# port), and every stop is a clean shutdown that ends the kernels too: Ctrl-C in a terminal,
# SIGTERM to make (which passes it on), and, on Linux, SIGINT or SIGHUP to make alone (which
# make does not pass on: scripts/lab.py watches make). --ServerApp.answer_yes: no y/n prompt.
# The URL with the token is printed once it listens.
lab: venv
	exec $(BIN)/python scripts/lab.py --no-browser --ip=$(IP) --port=$(PORT) \
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
