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


def test_readme_switching_snippet_runs(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    blocks = text.split("```python")[2:]
    assert blocks, "the README has a second Python snippet (switching)"
    code = blocks[0][:blocks[0].index("```")]
    monkeypatch.chdir(tmp_path)
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile(code, "README.md", "exec"), namespace)
    wer = namespace["table"].error_rate
    assert wer.shape == (2, 20) and 0.9 < wer[0, 0] < 1 and 1e-11 < wer[0, -1] < 1e-8
    assert (tmp_path / "wer.png").exists()
