"""Relaxation spectra against exact values and the independent references."""

import numpy as np
import pytest

import fpsphere as fp
from tests.reference.legendre import axial_rates


def test_free_diffusion_rates():
    rates = fp.FokkerPlanck(fp.icosphere(5), None, 1.0).spectrum(10)
    assert abs(rates[0]) < 1e-9
    expected = [1, 1, 1, 3, 3, 3, 3, 3]  # l(l+1)/2, l = 1 and 2
    assert np.allclose(rates[1:9].real, expected, rtol=2e-3)


def test_uniaxial_lambda1_within_0p1_percent_at_level_6():
    rates = fp.FokkerPlanck(fp.icosphere(6), fp.Uniaxial(sigma=10), 0.1).spectrum(3)
    reference = axial_rates(lambda z: -10 * z**2, k=2)[1]
    assert abs(rates[1].real / reference - 1) < 1e-3


def test_axial_field_sigma_20():
    rates = fp.FokkerPlanck(fp.icosphere(6), fp.Uniaxial(sigma=20) + fp.Zeeman(12.0),
                            0.5).spectrum(3)
    reference = 1.605298557958e-3  # tests/reference: Galerkin and Green iteration agree
    assert abs(rates[1].real / reference - 1) < 2e-3


# Spherical-harmonic Galerkin reference (tests/reference/harmonics.py, converged to
# 11 digits): sigma = 10, transverse field h = 0.3 (U = -10 z^2 - 6 u_x).
TRANSVERSE = {0.01: 0.3033451113257, 0.1: 0.1587752370722, 1.0: 0.03949174317901,
              10.0: 0.03044721236481}


@pytest.mark.parametrize("alpha", sorted(TRANSVERSE))
def test_transverse_field_lambda1_depends_on_alpha(alpha):
    model = fp.FokkerPlanck(fp.icosphere(5), fp.Uniaxial(sigma=10) + fp.Zeeman(6.0, (1, 0, 0)),
                            alpha)
    rates = model.spectrum(2)
    assert abs(rates[1] / TRANSVERSE[alpha] - 1) < 5e-3


def test_precession_frequency_of_the_dipole_modes():
    # U = -xi u_z: the l = 1, m = +-1 modes decay at about 1 and turn at xi/(2 alpha).
    xi, alpha = 2.0, 0.25
    rates = fp.FokkerPlanck(fp.icosphere(5), fp.Zeeman(xi), alpha).spectrum(6)
    oscillating = rates[np.abs(rates.imag) > 1]
    assert np.allclose(np.sort(np.abs(oscillating.imag))[:2], xi / (2 * alpha), rtol=2e-2)


def test_bad_k():
    model = fp.FokkerPlanck(fp.icosphere(1), None, 1.0)
    with pytest.raises(fp.ParameterError, match="k=100"):
        model.spectrum(100)
