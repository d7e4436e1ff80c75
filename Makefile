# `make run`: install, index the bundled papers if needed, open the chat.
# `make test`: install with dev tools, then ruff, mypy and pytest; `make test-fast`: the inner loop.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
# pip installs without compiling every module of every package (torch alone has thousands: 72 s -> 43 s
# for the dev install on 2 cores); Python then compiles what is imported, once, so it must be let write
# bytecode even where PYTHONDONTWRITEBYTECODE is set
export PYTHONDONTWRITEBYTECODE :=
PIP_INSTALL := $(BIN)/pip install --quiet --no-compile
# llama.cpp is compiled on install: for x86-64 with AVX2, not for this CPU (-march=native). A native
# build uses AMX where the CPU has it, and a VM that hides AMX from processes kills llama.cpp with
# SIGSEGV on its first matrix multiply. Set CMAKE_ARGS yourself to build otherwise.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: run test pytest test-fast pytest-fast install dev lint lint-quick bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(PIP_INSTALL) -e .
	touch $@

# one resolve for the product and the dev tools together (it installs what `install` does, too)
$(VENV)/.dev: $(BIN)/python pyproject.toml
	$(PIP_INSTALL) -e '.[dev,bench]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
dev: $(VENV)/.dev

run: install
	$(BIN)/papers chat

# the checks that take seconds: style, the import layers, the generated README table and results page
lint-quick: dev
	$(BIN)/ruff check assistant index ui tests eval benchmarks
	$(BIN)/lint-imports
	$(BIN)/cog --check README.md
	$(BIN)/python -m benchmarks.results --check

lint: lint-quick
	$(BIN)/mypy

# mypy (one core, about 50 s without its cache) runs beside pytest, each one's output kept together
test: dev
	$(MAKE) --no-print-directory -j2 --output-sync=target lint pytest

# the tests on two workers, each test file on one (its module fixtures built once), each worker's torch on
# one thread: two workers' torch thread pools on two cores spin against each other (measured, 2 cores:
# 5 min 23 s on one worker; 5 min 27 s on two with torch's default threads; 4 min 41 s with one each)
XDIST := -n 2 --dist loadfile
pytest: dev
	OMP_NUM_THREADS=1 $(BIN)/pytest $(XDIST)

# the inner loop: the quick checks, then everything but the real model, the browser and the tests
# that start `papers` in new processes, with fewer property-test examples (`make test` runs them all)
test-fast: dev
	$(MAKE) --no-print-directory -j2 --output-sync=target lint-quick pytest-fast

pytest-fast: dev
	HYPOTHESIS_PROFILE=fast OMP_NUM_THREADS=1 $(BIN)/pytest $(XDIST) -m "not slow"

bench: install
	$(BIN)/python -m benchmarks.indexing

clean:
	rm -rf $(VENV) build *.egg-info
