# `make run`: install, index the bundled papers if needed, open the chat.
# `make test`: install with dev tools, then ruff, mypy and pytest.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
# llama.cpp is compiled on install: for x86-64 with AVX2, not for this CPU (-march=native). A native
# build uses AMX where the CPU has it, and a VM that hides AMX from processes kills llama.cpp with
# SIGSEGV on its first matrix multiply. Set CMAKE_ARGS yourself to build otherwise.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: run test test-fast install dev lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

# one resolve for the product and the dev tools together (it installs what `install` does, too)
$(VENV)/.dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
dev: $(VENV)/.dev

run: install
	$(BIN)/papers chat

lint: dev
	$(BIN)/ruff check assistant index ui tests eval benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/cog --check README.md
	$(BIN)/python -m benchmarks.results --check

test: lint
	$(BIN)/pytest

# the inner loop: lint, then everything but the real model and the browser
test-fast: lint
	$(BIN)/pytest -m "not slow"

bench: install
	$(BIN)/python -m benchmarks.indexing

clean:
	rm -rf $(VENV) build *.egg-info
