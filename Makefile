# Two commands for a newcomer: `make run` (console chat, or the Discord bot when DISCORD_TOKEN is set) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint index evaluate benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# The CPU build of torch first, so that nothing below can pull the CUDA one.
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@if $(PY) -m pip list 2>/dev/null | grep -iE '^nvidia-|^triton ' ; then echo 'CUDA packages were installed: refusing' >&2; exit 1; fi
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot start

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

index: $(STAMP)
	$(PY) scripts/build_index.py

evaluate: $(STAMP)
	$(PY) scripts/evaluate.py

benchmark: $(STAMP)
	$(PY) scripts/benchmark.py

clean:
	rm -rf var
