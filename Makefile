# The two commands from the README: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The store and rate-limit tests also run against these servers when they answer
# (the development and CI machines run both); otherwise those tests say so and skip.
export KB_TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export KB_TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# The browser tests' screenshots (phone and desktop widths) are copied here after the run.
export KB_TEST_ARTIFACTS ?= $(CURDIR)/artifacts/screenshots

.PHONY: serve test chromium lint check bench clean

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

test: $(VENV)/.installed-test chromium
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# The browser tests (tests/browser) drive Debian's Chromium; install it when missing, as
# root or with passwordless sudo. Never `playwright install`. If it cannot be installed,
# say so and carry on: those tests then skip, with the reason in pytest's summary.
CHROMIUM := /usr/bin/chromium

# Korean fonts (fonts-nanum, 10 MB) so pages are measured and screenshotted as customers see
# them, not with tofu boxes of another width.
chromium:
	@if [ -x $(CHROMIUM) ] && fc-list :lang=ko 2>/dev/null | grep -q .; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else sudo=no; fi; \
	if [ "$$sudo" != no ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "$(CHROMIUM) or a Korean font is missing: installing Debian's chromium and fonts-nanum"; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y --no-install-recommends chromium fonts-nanum && exit 0; \
	fi; \
	echo "*** $(CHROMIUM) or fonts-nanum is missing and could not be installed (needs apt-get," >&2; \
	echo "*** and root or passwordless sudo): without chromium the browser tests are SKIPPED," >&2; \
	echo "*** without a Korean font they run on fallback glyphs. As root: make chromium" >&2

check: $(VENV)/.installed
	$(BIN)/kb check --content content

# The bench extra: scikit-learn for grouping_quality.py's TF-IDF baseline.
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/check_speed.py
	$(BIN)/python benchmarks/search_quality.py
	$(BIN)/python benchmarks/helpcenter_quality.py
	$(BIN)/python benchmarks/search_speed.py
	$(BIN)/python benchmarks/widget_budget.py
	$(BIN)/python benchmarks/events_speed.py
	$(BIN)/python benchmarks/grouping_quality.py

clean:
	rm -rf $(VENV) instance build *.egg-info
