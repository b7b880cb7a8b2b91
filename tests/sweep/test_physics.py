"""A real sweep: the slowest relaxation rate of a uniaxial magnet versus its barrier."""

import numpy as np

from fpsphere.sweep import Axis, Sweep, run_sweep
from tests.reference.legendre import axial_lambda1
from tests.sweep.helpers import icosphere_setup, uniaxial_lambda_1


def test_lambda_1_falls_with_sigma_and_matches_independent_values(tmp_path):
    sigmas = (0.0, 2.0, 4.0, 8.0)
    sweep = Sweep([Axis("mesh.level", (3,)), Axis("sigma", sigmas)],
                  uniaxial_lambda_1, setup=icosphere_setup, group_by=("mesh.level",))
    table = run_sweep(sweep, tmp_path, progress=False).table
    rates = table["lambda_1"]
    assert np.all(np.diff(rates) < 0)
    # U = 0: the l = 1 harmonics decay at exactly 1/tau_N (docs/conventions.md section 1)
    assert abs(rates[0] - 1.0) < 5e-3
    # the 1D Legendre reference of the axial problem (mesh error at level 3: ~2 %)
    for sigma, rate in zip(sigmas[1:], rates[1:], strict=True):
        assert abs(rate / axial_lambda1(lambda z, s=sigma: -s * z**2) - 1) < 0.025
