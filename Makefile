# Quick start: `make site` then `make test` (see README.md); `make zim` for a release.
# The newest python3.1x (3.11 or later) that runs here, unless PYTHON=... is
# given; a pyenv shim of a version not selected fails to run and is skipped.
ifndef PYTHON
PYTHON := $(shell for v in 3.19 3.18 3.17 3.16 3.15 3.14 3.13 3.12 3.11; do \
  python$$v -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo python$$v; break; }; done)
endif
VENV := .venv
PY := $(VENV)/bin/python
SHIM := .cache/vendor/iframe-worker/shim.js
SHIM_VERSION := 1.0.4
SHIM_SHA256 := e8c5d12d87829c503afba01d67772ea9f4aba5b7ae57a0c98e1917711030efbb
# axe-core, the accessibility checker the browser tests run on every kind of
# page (tests/publishing/test_accessibility.py): vendored from the npm
# registry at test time, pinned by checksum; never part of the site.
AXE := .cache/vendor/axe-core/axe.min.js
AXE_VERSION := 4.14.1
AXE_SHA256 := e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
# Reproducible builds: page dates and zip entries use the last commit's time.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)

.PHONY: site zim test test-fast serve bench vendor lint clean browser node

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: no python3.11 or newer found (set PYTHON=...)"; exit 1; }
	@version=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])') || { \
	  echo "error: $(PYTHON) did not start (a pyenv shim of a version not selected?): set PYTHON=/path/to/python3.11 or newer"; exit 1; }; \
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "error: $(PYTHON) is Python $$version, older than 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The iframe-worker shim lets search run from file://; Material would load it
# from a CDN, so it is vendored from the npm registry at build time.
$(SHIM):
	@mkdir -p .cache/vendor/iframe-worker
	cd .cache/vendor && npm pack --silent iframe-worker@$(SHIM_VERSION) >/dev/null
	echo "$(SHIM_SHA256)  .cache/vendor/iframe-worker-$(SHIM_VERSION).tgz" | sha256sum -c --quiet
	tar -xzf .cache/vendor/iframe-worker-$(SHIM_VERSION).tgz -C .cache/vendor/iframe-worker --strip-components=2 package/shim/index.js
	mv .cache/vendor/iframe-worker/index.js $(SHIM)

$(AXE):
	@mkdir -p .cache/vendor/axe-core
	cd .cache/vendor && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null
	echo "$(AXE_SHA256)  .cache/vendor/axe-core-$(AXE_VERSION).tgz" | sha256sum -c --quiet
	tar -xzf .cache/vendor/axe-core-$(AXE_VERSION).tgz -C .cache/vendor/axe-core --strip-components=1 package/axe.min.js

vendor: $(SHIM) $(AXE)

site: $(VENV)/.installed $(SHIM)
	$(PY) -m generator build

# The ZIM for Kiwix, a release step of its own (minutes at hundreds of
# documents: libzim compresses at zstd's level 19 on one worker), made from
# the site as `make site` left it.
zim: site
	$(PY) -m generator zim

# The search engine's own tests run under node: Debian's nodejs when missing.
node:
	@command -v node >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq nodejs >/dev/null; fi; }

# Browser tests drive Debian's Chromium and the ZIM's test serves it with
# kiwix-serve: install each from Debian's packages when it is missing. A
# page printed to PDF keeps its Chinese text only with a Chinese font on
# the machine (the site names WenQuanYi Micro Hei among its system fonts):
# fonts-wqy-microhei when none is there.
browser: node
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v kiwix-serve >/dev/null 2>&1 || missing="$$missing kiwix-tools"; \
	test -n "$$(fc-list :lang=zh 2>/dev/null)" || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing >/dev/null; fi; fi

# The search engine's own tests run under node's built-in test runner
# (no npm package needed); then pytest, browser tests included.
test: $(VENV)/.installed $(SHIM) $(AXE) browser
	PYTHON=$(PY) node --test tests/js/
	$(PY) -m pytest -q

# Every test that builds no site and starts no browser (pytest's markers
# "site" and "browser", tests/conftest.py), the engine's under node too:
# under a minute, for the edit loop; nothing vendored is needed.
test-fast: $(VENV)/.installed node
	PYTHON=$(PY) node --test tests/js/
	$(PY) -m pytest -q -m "not site and not browser"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check generator tests bench

serve: site
	@echo "Serving site/ at http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory site

bench: $(VENV)/.installed $(SHIM) browser
	$(PY) -m bench

clean:
	rm -rf site dist build .cache
