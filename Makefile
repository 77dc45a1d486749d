# fuzhou-data -- see README.md. Needs only python3 (3.11+) and GNU make.
#
#   make lab     JupyterLab on notebooks/ (PORT=8888, IP=127.0.0.1; Ctrl-C stops it)
#   make test    ruff, then pytest: tests/ and, once notebooks exist, strict nbval on notebooks/
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

NOTEBOOKS := $(wildcard notebooks/*.ipynb)
PYTEST_ARGS ?= tests fuzhou_data --doctest-modules $(if $(NOTEBOOKS),notebooks --nbval --nbval-current-env \
	$(if $(wildcard notebooks/sanitize.cfg),--nbval-sanitize-with notebooks/sanitize.cfg))

BENCHMARKS := $(wildcard benchmarks/*.py)

.PHONY: all venv lab test bench lock clean
all: test

venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-runs only when the lock or pyproject.toml changes. pip comes first so that the rest is
# installed by the pinned pip; the project itself goes in editable, without touching the pins.
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "$$(grep -E '^pip==' $(LOCK))"
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Runs the command after it with SIGINT back to its default: a program started in the background
# of a non-interactive shell (a test, a CI script) inherits SIGINT *ignored*, and then Ctrl-C or
# `kill -INT` would never reach jupyter.
WITH_SIGINT := $(BIN)/python -c 'import os, signal, sys; \
	signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])'

# exec'd, so jupyter replaces the shell: Ctrl-C (SIGINT to the process group) goes straight to
# it, and --ServerApp.answer_yes makes a single Ctrl-C shut the server down without the y/n
# prompt. make exits when jupyter does. The URL with the token is printed once it listens.
lab: venv
	exec $(WITH_SIGINT) $(BIN)/jupyter lab --no-browser --ip=$(IP) --port=$(PORT) \
		--ServerApp.root_dir=notebooks --ServerApp.answer_yes=True $(LAB_ARGS)

test: venv
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: venv
	@set -e; for f in $(BENCHMARKS); do echo "== $$f"; $(BIN)/python "$$f"; done
	$(if $(BENCHMARKS),,@echo "no benchmarks/*.py yet")

lock:
	PYTHON=$(PYTHON) bash requirements/update-lock.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .benchmarks
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
