# The README's commands. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test lint index bench bundle bundle-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# PYTHONWARNINGS=ignore: setuptools' notices about editable installs, which a user cannot act on.
# torch first and on its own: pip then takes the local CPU build, never a CUDA one.
$(VENV)/.installed: pyproject.toml requirements-lock.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -c requirements-lock.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -c requirements-lock.txt -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/psp-qa index
	$(BIN)/python app.py

index: $(VENV)/.installed
	$(BIN)/psp-qa index

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# Writes BENCHMARKS.md; `make bench BENCH_ARGS=--quick` skips the long library and million-row steps.
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check psp_qa tests app.py
	$(BIN)/ruff format --check psp_qa tests app.py

# An offline install for a training room: wheels, corpus, prebuilt index, install.sh.
bundle: $(VENV)/.installed
	$(BIN)/psp-qa index
	bash scripts/make_bundle.sh

bundle-check: bundle
	bash scripts/check_bundle.sh

clean:
	rm -rf $(VENV) index/build-* index/CURRENT
