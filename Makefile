# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/peitao demo
	$(BIN)/peitao serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check service matching catalogs demo tests bench
	$(BIN)/ruff format --check service matching catalogs demo tests bench
	$(BIN)/mypy service matching catalogs demo

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/match_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache

# Browser tests (tests/web) drive Debian's Chromium; CJK fonts make the screenshots readable.
# Without root the install is skipped and those tests skip themselves with the reason.
.PHONY: chromium
chromium:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium fonts-wqy-microhei) \
		|| echo "chromium could not be installed: the browser tests will be skipped"

test: chromium
