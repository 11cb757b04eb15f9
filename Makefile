# Truceline's entry points. `make run` and `make test` work on a fresh
# Debian 12 machine as root: they install what is missing, configure,
# build, and then run / test.

BUILD       ?= build
BENCH_BUILD ?= build-bench
JOBS        ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRUCELINE_WERROR=ON

.PHONY: all deps configure build test run bench format format-check clean

all: build

deps:
	scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

run: build
	$(BUILD)/bin/truceline demo --db truceline.db

bench:
	scripts/install-deps --bench
	cmake -S . -B $(BENCH_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DTRUCELINE_BUILD_BENCH=ON -DTRUCELINE_BUILD_TESTS=OFF
	cmake --build $(BENCH_BUILD) -j $(JOBS)
	$(BENCH_BUILD)/bin/truceline_bench --benchmark_min_time=0.5
	bench/run-ingest-bench --build $(BENCH_BUILD)
	bench/run-fusion-bench --build $(BENCH_BUILD)

FORMAT_FILES = $(shell git ls-files '*.cpp' '*.hpp')

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) $(BENCH_BUILD)
