"""High-barrier rates from the committor against the independent Legendre solver."""


import numpy as np
import pytest

import fpsphere as fp
from tests.conftest import observed_order
from tests.reference.legendre import axial_lambda1, brown_asymptote

UP, DOWN = ("cone", (0, 0, 1), 0.4), ("cone", (0, 0, -1), 0.4)


def test_sigma_60_within_one_percent_and_second_order():
    reference = 4.514580299022e-24  # tests/reference/legendre.py (panel-refined)
    assert np.isclose(axial_lambda1(lambda z: -60 * z**2), reference, rtol=1e-9)
    hs, errs = [], []
    for level in (5, 6, 7):
        mesh = fp.icosphere(level)
        rates = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), 0.1).metastable_rates(UP, DOWN)
        hs.append(mesh.h)
        errs.append(abs(rates.lambda_1 / reference - 1))
        assert np.isclose(rates.rate_ab + rates.rate_ba, rates.lambda_1, rtol=1e-12)
    assert errs[-1] < 1e-3 and errs[1] < 1e-2
    assert observed_order(hs, errs) > 1.8
    # Brown's asymptote (docs/conventions.md fact 6) is approached from below, 1 - 1/sigma
    ratio = reference / brown_asymptote(60.0)
    assert 0.97 < ratio < 1.0


def test_agrees_with_the_spectrum_where_both_work():
    mesh = fp.icosphere(5)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=15) + fp.Zeeman(3.0), 0.3)
    from_committor = model.metastable_rates(UP, DOWN).lambda_1
    from_spectrum = model.spectrum(2)[1].real
    assert abs(from_committor / from_spectrum - 1) < 1e-4


def test_asymmetric_wells_escape_rates():
    # with an axial field the two escape rates differ by the Boltzmann ratio of the wells
    mesh = fp.icosphere(5)
    rates = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=20) + fp.Zeeman(4.0), 1.0).metastable_rates(
        UP, DOWN)
    assert rates.rate_ab < rates.rate_ba  # leaving the favoured (up) well is slower
    reference = axial_lambda1(lambda z: -20 * z**2 - 4 * z)
    assert abs(rates.lambda_1 / reference - 1) < 5e-3


def test_errors():
    mesh = fp.icosphere(3)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=10) + fp.Zeeman(3.0, (1, 0, 0)), 0.1)
    with pytest.raises(fp.ParameterError, match="overlap"):
        model.metastable_rates(UP, ("cone", (0, 0, 1), 0.8))
    with pytest.raises(fp.ParameterError, match="no cell"):
        model.metastable_rates(UP, ("cone", (0.1, 0.2, -0.97), 1e-4))


@pytest.mark.parametrize("sigma, kappa, tol", [(15.0, 5.0, 3e-3), (40.0, 10.0, 1e-2),
                                               (60.0, 20.0, 1e-2)])
def test_spin_transfer_rates_at_any_barrier_against_legendre(sigma, kappa, tol):
    """Non-reversible (chi = -kappa z): quasi-stationary rates vs the axial Legendre
    lambda_1 of U_d = -sigma z^2 + kappa z, down to 1.7e-16 (barrier 42 kT), where
    mean first-passage times are unreliable; second order in the mesh."""
    reference = axial_lambda1(lambda z: -sigma * z**2 + kappa * z)
    errs, hs = [], []
    for n_rings in (40, 80):  # no warning here (an ignore-all filter used to hide any)
        mesh = fp.latlon(n_rings)
        model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=sigma), 1.0, chi=fp.Polarizer(-kappa))
        rates = model.metastable_rates(("cone", (0, 0, 1), 0.5), ("cone", (0, 0, -1), 0.5))
        errs.append(abs(rates.lambda_1 / reference - 1))
        hs.append(np.pi / n_rings)
    assert rates.committor is None and rates.rate_ab > rates.rate_ba  # kappa > 0 empties up
    assert errs[-1] < tol, errs
    assert observed_order(hs, errs) > 1.5, errs


@pytest.mark.parametrize("alpha, chi", [(0.01, None), (0.1, -3.0), (1.0, -3.0)])
def test_coupled_precession_rates_agree_with_the_spectrum(alpha, chi):
    """Transverse field h = 0.3 (lambda_1 depends on alpha): the quasi-stationary rates
    include the precession the committor neglects, and match shift-invert where it works."""
    mesh = fp.icosphere(5)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=20) + fp.Zeeman(12.0, (1, 0, 0)), alpha,
                            chi=None if chi is None else fp.Polarizer(chi))
    tilt = (0.3, 0.0, np.sqrt(1 - 0.09))
    rates = model.metastable_rates(("cone", tilt, 0.3), ("cone", (0.3, 0.0, -tilt[2]), 0.3))
    assert abs(rates.lambda_1 / model.spectrum(2)[1].real - 1) < 5e-3


def mfpt_axial(sigma, start_z, target_z):
    """Exact MFPT in z for U = -sigma z^2 from the cap z > start_z (Boltzmann-weighted)
    to the cap z < target_z: T(z0) = 2 int_{zt}^{z0} dz'/((1-z'^2) pi(z')) int_{z'}^1 pi."""
    z = np.linspace(target_z, 1.0, 400001)
    pi = np.exp(sigma * z**2 - sigma)
    tail = np.concatenate([np.cumsum((0.5 * (pi[1:] + pi[:-1]) * np.diff(z))[::-1])[::-1], [0]])
    with np.errstate(invalid="ignore", divide="ignore"):
        integrand = np.where(z < 1, 2 * tail / ((1 - z**2) * pi), 0.0)
    t = np.concatenate([[0], np.cumsum(0.5 * (integrand[1:] + integrand[:-1]) * np.diff(z))])
    sel = z >= start_z
    return np.trapezoid(pi[sel] * t[sel], z[sel]) / np.trapezoid(pi[sel], z[sel])


def test_mean_first_passage_time_against_exact_1d():
    start = ("cone", (0, 0, 1), np.arccos(0.8))
    target = ("cone", (0, 0, -1), np.arccos(0.8))
    reference = mfpt_axial(8.0, 0.8, -0.8)
    errs, hs = [], []
    for level in (4, 5, 6):
        mesh = fp.icosphere(level)
        model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=8.0), 0.5)
        errs.append(abs(model.mean_first_passage_time(start, target) / reference - 1))
        hs.append(mesh.h)
    assert errs[-1] < 5e-4, errs
    assert observed_order(hs, errs) > 1.5, errs


def test_escape_rate_uses_committor_at_high_barrier():
    mesh = fp.icosphere(6)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), 0.1)
    rate = model.escape_rate(UP, DOWN)
    assert abs(2 * rate / 4.514580299022e-24 - 1) < 1e-2
    # the plain first-passage time is right too: beyond round-off of the backward
    # equation it is the inverse quasi-stationary escape rate, and says so
    mfpt = model.mean_first_passage_time(UP, DOWN)
    assert abs(mfpt * rate - 1) < 1e-3
    assert mfpt.method == "quasi-stationary escape rate"
