"""The Figure-2 example runs, writes its plot and matches the exact profile."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from spin_exact import Slab, solve_exact

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "spin_nfn_profile.py"


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("spin_nfn_profile", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_import_has_no_side_effects(example, tmp_path):
    sol = example.main()  # no path, no show: nothing written
    assert not list(tmp_path.iterdir())
    assert sol.r_ne > 0


def test_figure_2_profile(example, tmp_path):
    out = tmp_path / "fig2.png"
    sol = example.main(path=out)
    assert out.stat().st_size > 10_000
    n, f = example.NORMAL, example.FERRO
    stack = example.nfn_stack()
    slabs = [Slab(m.resistivity, m.beta, m.lsf, la.thickness)
             for m, la in zip((n, f, n), stack.layers, strict=True)]
    exact = solve_exact(slabs, j0=example.CURRENT_DENSITY)
    ref = np.concatenate([exact.delta(sol.x[sol.layer == i], i) for i in range(3)])
    assert np.abs(sol.delta_mu - ref).max() < 1e-5 * np.abs(ref).max()
    # antisymmetric profile, extrema of opposite sign at the two interfaces
    left, right = np.flatnonzero(sol.layer == 1)[[0, -1]]
    assert sol.delta_mu[left] == pytest.approx(-sol.delta_mu[right], rel=1e-6)
    assert sol.r_ne == pytest.approx(exact.r_ne(), rel=1e-5, abs=0)
