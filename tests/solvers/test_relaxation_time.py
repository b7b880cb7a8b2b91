"""Integral relaxation time against the exact 1D Green-function formula."""

import numpy as np
import pytest

import fpsphere as fp
from tests.conftest import observed_order


def tau_axial(sigma, xi):
    """tau_int of u_z for U = -sigma z^2 - xi z, independent 1D formula.

    In z the equation is d(rho)/d(tau) = (1/2) d/dz[(1 - z^2) pi d/dz(rho/pi)], so
    L f = pi dA gives (1 - z^2) pi (f/pi)' = 2 G, G(z) = int_{-1}^z pi dA, and
    tau_int = 2 int G^2 / ((1 - z^2) pi) dz / int pi dA^2 dz.
    """
    z = np.linspace(-1, 1, 400001)
    energy = -sigma * z**2 - xi * z
    pi = np.exp(-(energy - energy.min()))
    pi /= np.trapezoid(pi, z)
    da = z - np.trapezoid(pi * z, z)
    g = np.concatenate([[0.0], np.cumsum(0.5 * (pi[1:] * da[1:] + pi[:-1] * da[:-1])
                                         * np.diff(z))])
    inner = np.zeros_like(z)
    interior = np.abs(z) < 1
    inner[interior] = 2 * g[interior] ** 2 / ((1 - z[interior] ** 2) * pi[interior])
    return np.trapezoid(inner, z) / np.trapezoid(pi * da**2, z)


def test_free_diffusion_dipole_time_is_one():
    errs, hs = [], []
    for level in (3, 4, 5):
        mesh = fp.icosphere(level)
        errs.append(abs(fp.FokkerPlanck(mesh, None, 1.0).integral_relaxation_time() - 1))
        hs.append(mesh.h)
    assert errs[-1] < 3e-4
    assert observed_order(hs, errs) > 1.8


@pytest.mark.parametrize("sigma,xi", [(5.0, 0.0), (10.0, 2.0)])
def test_axial_against_green_formula_second_order(sigma, xi):
    reference = tau_axial(sigma, xi)
    errs, hs = [], []
    for level in (4, 5, 6):
        mesh = fp.icosphere(level)
        model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=sigma) + fp.Zeeman(xi), 0.3)
        errs.append(abs(model.integral_relaxation_time((0, 0, 1)) / reference - 1))
        hs.append(mesh.h)
    assert errs[-1] < 1e-3
    assert observed_order(hs, errs) > 1.8


def test_matches_the_time_integral_of_the_correlation():
    # tau_int = int C(t) dt / C(0), with C from time stepping (independent path)
    mesh = fp.icosphere(3)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=2.0) + fp.Zeeman(1.0, (1, 0, 1)), 0.5)
    pi = model.stationary()
    a = mesh.points[:, 2]
    da = a - np.sum(mesh.areas * pi * a)
    # C(t) = sum A a rho_t with rho_0 = pi * da (a signed perturbation, linear evolution)
    times = np.linspace(0.02, 12.0, 600)
    from fpsphere.solvers import integrate

    rho = integrate(model.matrix, pi * da, times, 0.02, "tr_bdf2")
    corr = np.concatenate([[np.sum(mesh.areas * a * pi * da)], rho @ (mesh.areas * a)])
    integral = np.trapezoid(corr, np.concatenate([[0.0], times]))
    assert integral / corr[0] == pytest.approx(model.integral_relaxation_time((0, 0, 1)),
                                               rel=2e-3)


def test_bad_observable():
    model = fp.FokkerPlanck(fp.icosphere(2), fp.Uniaxial(sigma=2.0), 1.0)
    with pytest.raises(fp.ParameterError, match="observable"):
        model.integral_relaxation_time(np.ones(5))
    with pytest.raises(fp.ParameterError, match="constant"):
        model.integral_relaxation_time(np.ones(model.mesh.n_cells))
