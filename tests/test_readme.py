"""The README's Python snippet runs as written (on a smaller mesh), without warnings."""

import warnings
from pathlib import Path


def test_readme_snippet_runs():
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    start = text.index("```python") + len("```python")
    code = text[start:text.index("```", start)].replace("fp.icosphere(6)", "fp.icosphere(3)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        namespace = {}
        exec(compile(code, "README.md", "exec"), namespace)
    assert abs(namespace["rho"] @ namespace["mesh"].areas - 1) < 1e-12
