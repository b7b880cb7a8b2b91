"""Observables against exact integrals."""

import numpy as np
import pytest

import fpsphere as fp
from fpsphere import observables as ob
from tests.conftest import observed_order


def axial_average(f, sigma, xi):
    z, w = np.polynomial.legendre.leggauss(300)
    weight = w * np.exp(sigma * z**2 + xi * z - sigma - abs(xi))
    return (weight * f(z)).sum() / weight.sum()


def test_mean_moment_and_order_parameter_converge_second_order():
    sigma, xi = 6.0, 2.0
    exact_z = axial_average(lambda z: z, sigma, xi)
    exact_z2 = axial_average(lambda z: z**2, sigma, xi)
    hs, errs = [], []
    for level in range(2, 7):
        mesh = fp.icosphere(level)
        model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=sigma) + fp.Zeeman(xi), 1.0)
        rho = model.stationary()
        m = ob.mean_moment(mesh, rho)
        q = ob.mean_square_projection(mesh, rho)
        hs.append(mesh.h)
        errs.append(max(abs(m[2] - exact_z), abs(q - exact_z2)))
        assert abs(m[0]) < 1e-12 and abs(m[1]) < 1e-12
    assert errs[-1] < 1e-3
    assert observed_order(hs, errs) > 1.8


@pytest.mark.parametrize("normal", [(0, 0, 1), (1, 0, 0), (0.3, -0.2, 0.9), (1, 1, 1)])
def test_hemisphere_of_uniform_density_is_exactly_half(normal):
    mesh = fp.icosphere(3)
    rho = np.full(mesh.n_cells, 1 / (4 * np.pi))
    assert abs(ob.probability(mesh, rho, normal) - 0.5) < 1e-13


def test_hemisphere_probability_second_order():
    # P(u.n > 0) for the Boltzmann state of U = -xi z with n tilted: exact by 1D
    # quadrature in the frame of n is not axial, so use a fine Galerkin-free check:
    # the exact value for a linear density (1 + a.u)/4pi is 1/2 + (a.n)/4.
    a = np.array([0.3, 0.2, 0.5])
    n = np.array([0.2, 0.1, 1.0])
    exact = 0.5 + a @ (n / np.linalg.norm(n)) / 4
    errs, hs = [], []
    for level in range(2, 6):
        mesh = fp.icosphere(level)
        rho = (1 + mesh.points @ a) / (4 * np.pi)
        hs.append(mesh.h)
        errs.append(abs(ob.probability(mesh, rho, n) - exact))
    assert errs[-1] < 1e-4
    assert observed_order(hs, errs) > 1.8


def test_cone_mask_and_predicate_regions():
    mesh = fp.icosphere(5)
    rho = np.full(mesh.n_cells, 1 / (4 * np.pi))
    cap = ob.probability(mesh, rho, ("cone", (0, 0, 1), np.pi / 3))
    assert abs(cap - (1 - np.cos(np.pi / 3)) / 2) < 2e-2
    mask = mesh.points[:, 0] > 0.5
    assert np.isclose(ob.probability(mesh, rho, mask),
                      ob.probability(mesh, rho, lambda u: u[:, 0] > 0.5))
    with pytest.raises(fp.ParameterError, match="empty region"):
        ob.probability(mesh, rho, np.zeros(mesh.n_cells, dtype=bool))
    with pytest.raises(fp.ParameterTypeError, match="shape"):
        ob.probability(mesh, rho[:5], (0, 0, 1))


def test_precession_current_and_sense():
    # U = -xi u_z: the current of the Boltzmann state is rho (xi/2alpha) e_z x u,
    # counter-clockwise about +z (docs/conventions.md fact 5).
    xi, alpha = 3.0, 0.5
    mesh = fp.icosphere(5)
    model = fp.FokkerPlanck(mesh, fp.Zeeman(xi), alpha)
    rho = model.stationary()
    current = ob.current_vectors(model.generator, rho)
    exact = rho[:, None] * (xi / (2 * alpha)) * np.cross([0, 0, 1.0], mesh.points)
    scale = np.abs(exact).max()
    assert np.abs(current - exact).max() < 0.05 * scale
    assert np.mean(np.einsum("ij,ij->i", current, exact)) > 0


def test_precession_rate_of_the_mean_moment():
    # d<u>/dtau = (xi/2alpha) e_z x <u> - <u_perp> for a density tilted towards x (free
    # diffusion relaxes the dipole at rate 1): d<u_y>/dtau = (xi/2alpha) <u_x>.
    xi, alpha = 2.0, 0.1
    mesh = fp.icosphere(5)
    model = fp.FokkerPlanck(mesh, fp.Zeeman(xi), alpha)
    rho = (1 + 0.3 * mesh.points[:, 0]) / (4 * np.pi)
    m = ob.mean_moment(mesh, rho)
    dm = ob.mean_moment(mesh, model.matrix @ rho)
    assert dm[1] / m[0] == pytest.approx(xi / (2 * alpha), rel=1e-2)
    assert dm[0] / m[0] == pytest.approx(-1.0, rel=2e-2)


def test_entropy_production_sign():
    mesh = fp.icosphere(4)
    eq = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=5) + fp.Zeeman(2.0, (1, 0, 0)), 0.3)
    assert abs(ob.entropy_production(eq.generator, eq.stationary())) < 1e-12
    neq = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=5), 0.3, chi=fp.Polarizer(-3.0, (1, 0, 0)))
    assert ob.entropy_production(neq.generator, neq.stationary()) > 1e-3
