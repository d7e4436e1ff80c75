"""Dependencies as imported: every import resolves to a declared distribution, and every declared one is used.

The installed packages (assistant, index, eval, ui) are checked against [project] dependencies,
benchmarks/ against those plus the `bench` extra, tests/ against those plus `dev`. Imports inside
functions count, and so does `importlib.util.find_spec("name")` with a literal name (how the bundled
models are found). Folders are scanned, not listed, so moved or new files are covered.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = ("assistant", "index", "eval", "ui")

# declared runtime dependencies that nothing in the installed packages imports, each with its reason
NOT_IMPORTED = {
    "langchain": "on the product's design card; the code uses LangChain 1.x through langchain-core and "
    "langchain-ollama",
    "pystemmer": "snowballstemmer imports its C module `Stemmer` when present (try/except ImportError in "
    "snowballstemmer/__init__.py): BM25 stemming over 1M chunks",
    "pytrec-eval-terrier": "ir-measures imports `pytrec_eval` when eval/metrics.py calls "
    "ir_measures.pytrec_eval.iter_calc; declared to pin its release",
}
# dev tools run as commands or loaded as plugins, never imported
DEV_NOT_IMPORTED = {
    "pytest-timeout": "pytest plugin: addopts --timeout in pyproject.toml",
    "pytest-xdist": "pytest plugin: `make test` runs pytest -n 2",
    "ruff": "`make lint` runs it",
    "mypy": "`make lint` runs it",
    "import-linter": "`make lint` runs lint-imports",
}


def canonical(name: str) -> str:
    """PEP 503 form. Example: canonical("llama_cpp_python") -> "llama-cpp-python"."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    """Example: requirement_name("torch==2.13.0") -> "torch"."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    assert match, spec
    return canonical(match.group(1))


@cache
def declared() -> dict[str, set[str]]:
    """The canonical names declared, under "runtime" and under each extra's name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"runtime": {requirement_name(s) for s in project["dependencies"]}}
    for extra, specs in project.get("optional-dependencies", {}).items():
        groups[extra] = {requirement_name(s) for s in specs}
    return groups


@cache
def local(name: str) -> bool:
    """The project's own packages and modules, and tests/helpers (on sys.path for tests and benchmarks)."""
    return any((base / name).is_dir() or (base / f"{name}.py").is_file() for base in (ROOT, ROOT / "tests"))


@cache
def imported(folders: tuple[str, ...]) -> dict[str, set[str]]:
    """Top-level third-party module name -> the files that import it (relative imports, stdlib and
    the project's own modules left out)."""
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                elif (
                    isinstance(node, ast.Call)
                    and (getattr(node.func, "attr", None) or getattr(node.func, "id", None)) == "find_spec"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    names = [node.args[0].value]
                for name in names:
                    top = name.partition(".")[0]
                    if top in sys.stdlib_module_names or local(top):
                        continue
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@cache
def distributions_of() -> Mapping[str, list[str]]:
    return importlib.metadata.packages_distributions()


def undeclared(folders: tuple[str, ...], allowed: set[str]) -> list[str]:
    """Each import whose module no declared distribution provides, with the files that import it."""
    problems = []
    for module, files in sorted(imported(folders).items()):
        dists = {canonical(d) for d in distributions_of().get(module, [])}
        if not dists:
            problems.append(f"{module}: not installed (imported by {sorted(files)})")
        elif not dists & allowed:
            problems.append(f"{module}: from {sorted(dists)}, not declared (imported by {sorted(files)})")
    return problems


def used_distributions(folders: tuple[str, ...]) -> set[str]:
    return {canonical(d) for module in imported(folders) for d in distributions_of().get(module, [])}


def test_the_installed_packages_import_only_declared_dependencies() -> None:
    assert undeclared(INSTALLED, declared()["runtime"]) == []


def test_benchmarks_import_only_dependencies_and_the_bench_extra() -> None:
    assert undeclared(("benchmarks",), declared()["runtime"] | declared()["bench"]) == []


def test_tests_import_only_dependencies_and_the_dev_extra() -> None:
    assert undeclared(("tests",), declared()["runtime"] | declared()["dev"]) == []


def test_every_runtime_dependency_is_imported_or_allowed_with_a_reason() -> None:
    unused = declared()["runtime"] - used_distributions(INSTALLED)
    assert sorted(unused - set(NOT_IMPORTED)) == [], "declared, imported by nothing in the package"
    # an allowance that is no longer needed (now imported, or no longer declared) goes
    assert sorted(set(NOT_IMPORTED) - unused) == []


def test_every_extra_dependency_is_imported_by_its_folder_or_allowed() -> None:
    assert sorted(declared()["bench"] - used_distributions(("benchmarks",))) == []
    unused_dev = declared()["dev"] - used_distributions(("tests",))
    assert sorted(unused_dev - set(DEV_NOT_IMPORTED)) == []
    assert sorted(set(DEV_NOT_IMPORTED) - unused_dev) == []
    # benchmark-only packages stay out of the runtime dependencies
    assert sorted(declared()["bench"] & declared()["runtime"]) == []
