"""The docstring examples of fpsphere.sweep run."""

import doctest
import importlib

import pytest

MODULES = ["fpsphere.sweep", "fpsphere.sweep.axes", "fpsphere.sweep.spec"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), raise_on_error=False, verbose=False)
    assert result.attempted > 0 and result.failed == 0
