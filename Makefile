# Deep Workbench: `make run` starts the workbench, `make test` runs every test.
SHELL := /bin/bash
SWIFT ?= swift
# One release build serves the workbench and the tests: the tests need -enable-testing
# (@testable imports), and building the workbench with the same flags means `make run` after
# `make test` (or the reverse) rebuilds nothing. Package.resolved is committed and enforced.
BUILD_FLAGS := -c release -Xswiftc -enable-testing --force-resolved-versions
WORKBENCH := .build/release/workbench
PREFIX ?= $(HOME)/.local
SHARE := $(DESTDIR)$(PREFIX)/share

.PHONY: run test deps test-deps build data install install-files uninstall clean

run: deps build data
	$(WORKBENCH)

build: deps
	$(SWIFT) build $(BUILD_FLAGS) --product workbench

data: build
	$(WORKBENCH) data fetch

test: test-deps
	python3 scripts/check-imports.py
	$(SWIFT) build $(BUILD_FLAGS) --product workbench
	$(WORKBENCH) data fetch
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build --disable-xctest

deps:
	@bash scripts/install-deps.sh

test-deps:
	@bash scripts/install-deps.sh --test

# `make install PREFIX=/usr/local` (default ~/.local): the workbench on PATH, its lessons and
# dataset manifest under share/deep-workbench, completions for bash, zsh and fish, and a man page.
# Fetched data then goes to ~/.cache/deep-workbench and saved runs to ~/.local/share/deep-workbench.
install: build
	@$(MAKE) --no-print-directory install-files

# The copying part of install, on the binary already built (the tests call it while the build
# folder is locked by the test run).
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/deep-workbench/data/nas $(SHARE)/man/man1 \
		$(SHARE)/bash-completion/completions $(SHARE)/zsh/site-functions $(SHARE)/fish/vendor_completions.d
	install -m 755 $(WORKBENCH) $(DESTDIR)$(PREFIX)/bin/workbench
	install -m 644 data/manifest.json $(SHARE)/deep-workbench/data/manifest.json
	install -m 644 data/nas/*.tsv $(SHARE)/deep-workbench/data/nas/
	rm -rf $(SHARE)/deep-workbench/lessons && cp -R lessons $(SHARE)/deep-workbench/lessons
	$(WORKBENCH) --generate-completion-script bash > $(SHARE)/bash-completion/completions/workbench
	$(WORKBENCH) --generate-completion-script zsh > $(SHARE)/zsh/site-functions/_workbench
	$(WORKBENCH) --generate-completion-script fish > $(SHARE)/fish/vendor_completions.d/workbench.fish
	$(WORKBENCH) --experimental-dump-help | python3 scripts/manpage.py > $(SHARE)/man/man1/workbench.1
	@echo "installed $(DESTDIR)$(PREFIX)/bin/workbench (make sure $(PREFIX)/bin is on PATH)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/workbench $(SHARE)/man/man1/workbench.1 \
		$(SHARE)/bash-completion/completions/workbench $(SHARE)/zsh/site-functions/_workbench \
		$(SHARE)/fish/vendor_completions.d/workbench.fish
	rm -rf $(SHARE)/deep-workbench
	@echo "removed; your fetched data (~/.cache/deep-workbench) and runs (~/.local/share/deep-workbench) are kept"

clean:
	rm -rf .build
