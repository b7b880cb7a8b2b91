"""Discrete calculus: exact identities and convergence against spherical harmonics."""

import numpy as np
import pytest
from scipy.special import sph_harm_y

from fpsphere.mesh import curl, divergence, gradient, icosphere, laplacian
from tests.conftest import observed_order


def real_harmonic(l, m, p):
    theta = np.arccos(np.clip(p[:, 2], -1, 1))
    phi = np.arctan2(p[:, 1], p[:, 0])
    y = sph_harm_y(l, abs(m), theta, phi)
    return np.real(y) if m >= 0 else np.imag(y)


def test_curl_of_gradient_and_div_of_curl_vanish():
    mesh = icosphere(4)
    rng = np.random.default_rng(1)
    assert abs(mesh.triangle_edge_incidence @ mesh.edge_vertex_incidence).max() == 0
    psi = rng.normal(size=mesh.n_triangles)
    assert np.abs(divergence(mesh, curl(mesh, psi))).max() < 1e-10 * np.abs(psi).max()


def test_gauss_theorem_on_random_fluxes():
    mesh = icosphere(4)
    rng = np.random.default_rng(2)
    flux = rng.normal(size=mesh.n_edges)
    div = divergence(mesh, flux)
    assert abs((mesh.areas * div).sum()) < 1e-12 * np.abs(flux).sum()
    # Over a region (the northern cap z > 0.3) the integral of the divergence
    # is the flux through its boundary, counted edge by edge.
    inside = mesh.points[:, 2] > 0.3
    i, j = mesh.edges.T
    leaving = inside[i] & ~inside[j]
    entering = ~inside[i] & inside[j]
    through = flux * mesh.dual_lengths
    boundary = through[leaving].sum() - through[entering].sum()
    assert np.isclose((mesh.areas * div)[inside].sum(), boundary, rtol=1e-12)


def test_divergence_of_smooth_field_converges():
    # F = grad z = e_z - z u, div F = -2 z.
    hs, errs = [], []
    for level in range(2, 7):
        mesh = icosphere(level)
        m = mesh.edge_midpoints
        field = np.array([0, 0, 1.0]) - m[:, 2:3] * m
        div = divergence(mesh, np.einsum("ij,ij->i", field, mesh.edge_tangents))
        errs.append(np.sqrt((mesh.areas * (div + 2 * mesh.points[:, 2]) ** 2).sum()))
        hs.append(mesh.h)
    assert errs[-1] < 5e-3
    assert observed_order(hs, errs) > 0.9


@pytest.mark.parametrize("l,m", [(1, 0), (2, 1), (3, -2), (4, 3), (5, 0), (6, -5)])
def test_laplacian_eigenvalues_second_order(l, m):
    hs, errs = [], []
    for level in range(2, 7):
        mesh = icosphere(level)
        f = real_harmonic(l, m, mesh.points)
        lap = laplacian(mesh)
        rayleigh = -(f * mesh.areas * (lap @ f)).sum() / (f * mesh.areas * f).sum()
        hs.append(mesh.h)
        errs.append(abs(rayleigh / (l * (l + 1)) - 1))
    order = observed_order(hs, errs)
    assert 1.9 < order < 2.2, order
    assert errs[-1] < 1e-3


def test_poisson_solution_second_order_in_max_norm():
    import scipy.sparse.linalg as spl

    hs, errs = [], []
    for level in range(3, 7):
        mesh = icosphere(level)
        f = real_harmonic(4, 2, mesh.points)
        lap = laplacian(mesh).tocsc()
        rhs = -20 * f
        u = np.zeros_like(f)
        u[1:] = spl.spsolve(lap[1:, 1:], rhs[1:] - lap[1:, 0] @ u[:1])
        u -= (mesh.areas * u).sum() / (4 * np.pi)
        hs.append(mesh.h)
        errs.append(np.abs(u - f).max())
    assert 1.9 < observed_order(hs, errs) < 2.2
    assert errs[-1] < 1e-3


def test_gradient_of_linear_function_matches_arc_derivative():
    mesh = icosphere(5)
    f = mesh.points @ np.array([0.2, -0.4, 0.7])
    g = gradient(mesh, f)
    exact = (mesh.edge_tangents @ np.array([0.2, -0.4, 0.7]))
    assert np.abs(g - exact).max() < 1e-3
