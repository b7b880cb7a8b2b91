"""The docstring examples (``>>>``) of every fpsphere module run, one test per module.

The modules are found on disk when the tests are collected: every ``.py`` file of the
package whose text holds ``>>>``, so a new module's examples run without a list to keep.
Each module is imported and its own docstrings (those ``doctest.testmod`` finds: the
module's and those of the objects it defines) are run in a temporary directory.

Why a test file rather than ``--doctest-modules``: the plain ``python -m pytest -n 2``
of the README runs it with no extra option or ``testpaths`` entry, a module whose
import fails is reported as that module's failure (not a collection error that stops
the run), a module whose examples doctest cannot find (``>>>`` outside a docstring,
or in an object defined elsewhere) fails instead of passing silently, and a module that
needs an optional dependency that is absent is skipped by name.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
from pathlib import Path

import pytest

PACKAGE = Path(importlib.util.find_spec("fpsphere").origin).parent

#: Optional dependencies (pyproject's extras): a module needing one that is not installed
#: is skipped.  Anything else that fails to import is a failure.
OPTIONAL = {"matplotlib", "dask", "distributed", "cmtj"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules_with_examples() -> list[str]:
    """Dotted names of the package modules whose source holds a ``>>>`` example."""
    return sorted(
        _module_name(path)
        for path in PACKAGE.rglob("*.py")
        if ">>>" in path.read_text(encoding="utf-8")
    )


MODULES = modules_with_examples()


def test_examples_are_found():
    assert "fpsphere" in MODULES and "fpsphere.units" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in OPTIONAL:
            pytest.skip(f"{name} needs the optional {exc.name}")
        raise
    report: list[str] = []
    runner = doctest.DocTestRunner(verbose=False)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0, (
        f"{name} holds '>>>' but doctest finds no example in its docstrings"
    )
    assert result.failed == 0, "".join(report)
