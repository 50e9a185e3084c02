# The two commands the README opens with: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test setup lint bench clean

run: setup
	$(VENV)/bin/reportgen build

test: setup
	$(PY) -m pytest -q

setup:
	./scripts/setup.sh

lint:
	$(VENV)/bin/ruff check reportgen tests benchmarks
	$(VENV)/bin/ruff format --check reportgen tests benchmarks

bench: setup
	$(PY) benchmarks/run.py

clean:
	rm -rf output
