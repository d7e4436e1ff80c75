"""Every `Example:` in a docstring runs: the pure modules' doctests, and a check that no other module has one.

A pure module's examples need no network, model, store, files or set-up: plain functions over strings,
numbers and dataclasses. An illustration that needs any of those is labelled `Usage:` and is not run.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "index", "ui", "eval", "benchmarks")

PURE = [
    "assistant.causes",
    "assistant.chain",
    "assistant.citations",
    "assistant.compare",
    "assistant.claims",
    "assistant.drafts",
    "assistant.entailment",
    "assistant.evidence",
    "assistant.focus",
    "assistant.gguf",
    "assistant.hygiene",
    "assistant.llm",
    "assistant.overclaims",
    "assistant.prompts",
    "assistant.quantities",
    "assistant.relations",
    "assistant.scaling",
    "assistant.slots",
    "assistant.verifier",
    "benchmarks.bm25",
    "benchmarks.hnsw",
    "benchmarks.results",
    "benchmarks.scale",
    "benchmarks.soak",
    "benchmarks.tune_fusion",
    "eval.claimset",
    "eval.entailment_training",
    "eval.metrics",
    "eval.questions",
    "eval.verifier_v1",
    "index.bibtex",
    "index.catalog",
    "index.chunking",
    "index.dates",
    "index.documents",
    "index.duplicates",
    "index.errors",
    "index.identifiers",
    "index.lease",
    "index.limits",
    "index.papers",
    "index.pdf",
    "index.retrieval",
    "index.settings",
    "index.sparse",
    "ui.ask",
    "ui.check_view",
    "ui.compare",
    "ui.compare_view",
    "ui.commands",
    "ui.conversation",
    "ui.counts",
    "ui.launch",
    "ui.library_view",
    "ui.output",
    "ui.panel",
    "ui.past",
    "ui.render",
]


@pytest.mark.parametrize("name", PURE)
def test_the_examples_are_true(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed (see stdout)"
    assert result.attempted > 0, f"{name} has no examples left: take it out of PURE"


def _scanned() -> list[Path]:
    return [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py")) if p.is_file()]


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_module_with_an_example_runs_it() -> None:
    with_examples = [_module(p) for p in _scanned() if "Example:" in p.read_text("utf-8")]
    assert with_examples
    unrun = sorted(set(with_examples) - set(PURE))
    assert not unrun, f"add these to PURE (or label what cannot run `Usage:`): {unrun}"


def test_every_example_is_a_doctest() -> None:
    """An `Example:` is followed by `>>>` lines, not by prose that only looks like one."""
    prose = []
    for path in _scanned():
        lines = path.read_text("utf-8").splitlines()
        for i, line in enumerate(lines):
            if "Example:" in line:
                after = next((x.strip() for x in lines[i + 1 :] if x.strip()), "")
                if not after.startswith(">>>"):
                    prose.append(f"{path.relative_to(ROOT)}:{i + 1}: {line.strip()}")
    assert not prose, "write these as doctests, or as `Usage:`:\n" + "\n".join(prose)
