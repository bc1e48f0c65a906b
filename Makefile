# Deep Workbench: `make run` starts the workbench, `make test` runs every test.
SHELL := /bin/bash
SWIFT ?= swift
RELEASE_FLAGS := -c release
# Tests run on a release build (numeric code is many times slower in debug) with @testable imports.
TEST_FLAGS := -c release -Xswiftc -enable-testing
WORKBENCH := .build/release/workbench

.PHONY: run test deps build data clean

run: deps build data
	$(WORKBENCH)

build: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product workbench

data: build
	$(WORKBENCH) data fetch

test: deps
	python3 scripts/check-imports.py
	$(SWIFT) build $(TEST_FLAGS) --product workbench
	$(WORKBENCH) data fetch
	$(SWIFT) build $(TEST_FLAGS) --build-tests
	$(SWIFT) test $(TEST_FLAGS) --skip-build --disable-xctest

deps:
	@bash scripts/install-deps.sh

clean:
	rm -rf .build
