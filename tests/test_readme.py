"""The README is a front door: its quick start is the two commands of ``.ci/run``,
and its Python example runs as written, fast, without warnings, giving the numbers
its comments quote."""

import re
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

INSTALL_AND_RUN = 'pip install . && fpsphere run'
INSTALL_AND_TEST = 'pip install ".[test]" && python -m pytest -n 2'


def test_readme_is_short_and_has_the_two_quick_start_commands():
    assert len(README.splitlines()) <= 100
    quick = README[README.index("## Quick start"):]
    quick = quick[:quick.index("\n## ", 1)]
    commands = [line.strip() for line in quick.splitlines() if line.startswith("    ")]
    assert commands == [INSTALL_AND_RUN, INSTALL_AND_TEST]
    assert INSTALL_AND_TEST.split(" && ")[1] in (ROOT / ".ci" / "run").read_text()
    assert re.search(r"!\[[^\]]*\]\(docs/images/\w+\.png\)", README)  # one picture


def test_readme_snippet_runs():
    start = README.index("```python") + len("```python")
    code = README[start:README.index("```", start)]
    assert README.count("```python") == 1
    namespace = {}
    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile(code, "README.md", "exec"), namespace)
    elapsed = time.perf_counter() - began
    assert elapsed < 30, f"the README example should take seconds, took {elapsed:.0f} s"
    assert abs(namespace["rho"] @ namespace["mesh"].areas - 1) < 1e-12
    # the numbers the comments quote
    assert round(float(namespace["p_up"]), 4) == 0.9959
    rates = namespace["rates"]
    assert abs(rates[0]) < 1e-9 and f"{rates[1].real:.2e}" == "2.96e-05"
    assert round(rates[2].real, 1) == 20.4
    assert f"{float(namespace['t_switch']):.1e}" == "2.4e+03"
