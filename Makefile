# civicdesk: the two commands a council's IT team needs are `make run` and
# `make test`. Both install whatever Debian packages are missing first.
BUILD_DIR ?= build
BIN       := $(BUILD_DIR)/src/cli/civicdesk
DB        ?= sqlite:data/civicdesk.db
PORT      ?= 8080
JOBS      ?= $(shell nproc)

.PHONY: all deps build run test bench fuzz format lint clean screenshots browser-test

all: build

deps:
	@scripts/install-deps.sh build

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Creates data/civicdesk.db with the demo council on first run, then serves it.
run: build
	@mkdir -p data
	$(BIN) --db $(DB) demo --if-empty
	$(BIN) --db $(DB) serve --port $(PORT)

test:
	@scripts/install-deps.sh build test
	$(MAKE) build
	scripts/run-tests.sh $(BUILD_DIR)

# Only the browser suite (tests/browser): real chromium against the real
# server; `make test` runs it too.
browser-test:
	@scripts/install-deps.sh build test
	$(MAKE) build
	CIVICDESK_BIN=$(BIN) node --test --test-concurrency=1 tests/browser/

# The main pages as PNGs in docs/screenshots/ (shown in the README).
screenshots:
	@scripts/install-deps.sh build test
	$(MAKE) build
	CIVICDESK_BIN=$(BIN) node tests/browser/screenshots.mjs docs/screenshots

bench:
	@scripts/install-deps.sh build test bench
	$(MAKE) build
	bench/run.sh $(BUILD_DIR)

fuzz:
	@scripts/install-deps.sh build test
	scripts/fuzz.sh

format:
	find src tests bench -name '*.h' -o -name '*.cpp' | xargs clang-format -i

lint: build
	run-clang-tidy -p $(BUILD_DIR) -quiet 'src/.*' 2>/dev/null || clang-tidy -p $(BUILD_DIR) $$(find src -name '*.cpp')

clean:
	rm -rf $(BUILD_DIR) build-fuzz
