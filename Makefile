# The two commands: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.castwire-installed

.PHONY: demo test install lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/castwire demo

# The suite spends most of its time starting crawl subprocesses: one pytest worker per CPU,
# each test file on one worker (its module fixtures, such as a crawled fixture web, built once),
# the files with crawls first (tests/conftest.py orders them; pyproject keeps xdist from re-sorting).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -n auto --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
