"""Sphinx configuration of the fpsphere documentation.

Build (warnings are errors, as in CI through ``tests/test_docs.py``)::

    pip install ".[docs]"
    sphinx-build -W --keep-going -b html docs docs/_build/html

The Markdown pages are the sources (MyST); the API reference
(``reference/api.md``) is generated from the docstrings (autodoc, numpy style).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

project = "fpsphere"
author = "fpsphere developers"
copyright = "fpsphere developers"  # noqa: A001 (Sphinx's name)
try:
    from fpsphere import __version__ as release
except ImportError:  # pragma: no cover - the package is installed for a build
    release = "0.1.0"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]

root_doc = "index"
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/.ipynb_checkpoints"]

# --- MyST: the Markdown pages as they are on GitHub
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3  # [text](page.md#a-heading) links resolve as on GitHub

# --- autodoc + napoleon (numpy-style docstrings)
autodoc_default_options = {
    "members": True,
    "undoc-members": False,
    "show-inheritance": True,
}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
autosummary_generate = False
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_param = True
napoleon_use_ivar = True
nitpicky = False

# --- HTML
html_theme = "furo"
html_title = f"fpsphere {release}"
html_static_path: list[str] = []

# --- warnings
# ``ref.python``: a numpy-style type such as ``(N,) float, tau_N`` or ``float, kT`` names
# units, not Python objects; Sphinx still tries to link every word of it and warns
# when a word (``tau_N``, ``kT``, ``steps``) is also an attribute of several classes
# ("more than one target found").  Those words are not meant as links: not a defect.
suppress_warnings = ["ref.python"]
