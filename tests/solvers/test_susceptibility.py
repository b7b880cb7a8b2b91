"""Dynamic susceptibility: fluctuation-dissipation at omega = 0 and the Galerkin reference."""

import numpy as np
import pytest

import fpsphere as fp
from tests.reference.harmonics import SphericalHarmonicGalerkin

SIGMA, XI, ALPHA = 5.0, 2.0, 0.1
FIELD = np.array([1.0, 0.0, 1.0]) / np.sqrt(2)
PROBE = np.array([1.0, 0.0, 0.0])


def energy(u, extra=0.0):
    return -SIGMA * u[:, 2] ** 2 - XI * (u @ FIELD) - extra * (u @ PROBE)


def galerkin_susceptibility(omegas, step=1e-4):
    """Independent chi(omega): the same linear response in a spherical-harmonic basis."""
    plus = SphericalHarmonicGalerkin(lambda u: energy(u, step), ALPHA, lmax=28)
    minus = SphericalHarmonicGalerkin(lambda u: energy(u, -step), ALPHA, lmax=28)
    ref = SphericalHarmonicGalerkin(energy, ALPHA, lmax=28)
    c_pi = ref.stationary_coefficients()
    source = (plus.matrix @ c_pi - minus.matrix @ c_pi) / (2 * step)
    out = []
    for w in omegas:
        c1 = np.linalg.solve(1j * w * np.eye(len(c_pi)) - ref.matrix, source)
        out.append(ref.mean_moment(c1.real) @ PROBE + 1j * (ref.mean_moment(c1.imag) @ PROBE))
    return np.array(out)


@pytest.fixture(scope="module")
def model():
    return fp.FokkerPlanck(fp.icosphere(5), fp.Custom(energy), ALPHA)


def test_static_limit_is_the_variance(model):
    mesh = model.mesh
    pi = model.stationary()
    a = mesh.points @ PROBE
    variance = np.sum(mesh.areas * pi * a**2) - np.sum(mesh.areas * pi * a) ** 2
    chi0 = model.susceptibility([0.0], PROBE)[0]
    assert abs(chi0.real / variance - 1) < 1e-8 and chi0.imag == 0


def test_dynamic_response_matches_galerkin(model):
    omegas = [1.0, 10.0, 40.0, 80.0]
    chi = model.susceptibility(omegas, PROBE)
    reference = galerkin_susceptibility(omegas)
    assert np.all(reference.imag < 0)  # absorption: chi = chi' - i chi'', chi'' > 0
    assert np.abs(chi - reference).max() < 1e-2 * np.abs(reference).max()


def test_bad_input(model):
    with pytest.raises(fp.ParameterError, match="direction"):
        model.susceptibility([1.0], (0, 0, 0))
    with pytest.raises(fp.ParameterError, match="frequencies"):
        model.susceptibility([np.nan])


@pytest.mark.slow
def test_resonance_line_matches_the_dipole_eigenvalue():
    # U = -xi u_z + weak anisotropy: the transverse response is a Lorentzian centred on
    # the precession frequency of the l = 1, m = +-1 mode, FWHM = 2 Re(rate).
    xi, alpha = 6.0, 0.05
    model = fp.FokkerPlanck(fp.icosphere(4), fp.Zeeman(xi), alpha)
    rates = model.spectrum(6)
    mode = rates[np.argmin(np.abs(rates - (1 + 1j * xi / (2 * alpha))))]
    # the line (omega_r = 60, FWHM = 6) sampled every 0.2 over +-3 widths: the samples
    # near it, hence omega_r and the width, are those of a 20...100 grid of the same step
    # (equal to 13 digits), at a quarter of the direct solves
    omega = np.linspace(50, 70, 101)
    chi = model.susceptibility(omega, (1, 0, 0))
    omega_r, width = fp.observables.resonance(omega, chi)
    assert omega_r == pytest.approx(abs(mode.imag), rel=1e-3)
    assert width == pytest.approx(2 * mode.real, rel=2e-2)
    with pytest.raises(fp.ParameterError, match="edge"):
        fp.observables.resonance(omega[:30], chi[:30])  # 50 ... 55.8: still rising
