# The two commands from the README: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve test lint check bench clean

# Reinstall whenever pyproject.toml changes (the stamp is older than it).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

serve: $(VENV)/.installed
	-$(BIN)/kb check --content content
	$(BIN)/kb index --content content
	$(BIN)/kb serve --reload --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

check: $(VENV)/.installed
	$(BIN)/kb check --content content

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/search_quality.py
	$(BIN)/python benchmarks/search_speed.py

clean:
	rm -rf $(VENV) instance build *.egg-info
