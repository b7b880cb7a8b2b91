"""Hodge decomposition: exact recovery of known potentials, second order."""

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.hodge import hodge_decomposition
from tests.conftest import observed_order


def tangent_gradient(grad3, u):
    return grad3 - np.einsum("ij,ij->i", grad3, u)[:, None] * u


# Phi = x y + 0.3 z (degree 2 + 1), chi = z^2 - x (degree 2 + 1); gradients of
# their extensions to R^3 projected on the tangent plane.
def phi_exact(u):
    return u[:, 0] * u[:, 1] + 0.3 * u[:, 2]


def chi_exact(u):
    return u[:, 2] ** 2 - u[:, 0]


def field(u):
    g_phi = tangent_gradient(np.stack([u[:, 1], u[:, 0], 0.3 + 0 * u[:, 0]], 1), u)
    g_chi = tangent_gradient(np.stack([-1 + 0 * u[:, 0], 0 * u[:, 0], 2 * u[:, 2]], 1), u)
    return np.cross(u, g_phi) + g_chi


def zero_mean(mesh, f):
    return f - np.sum(mesh.areas * f) / (4 * np.pi)


@pytest.mark.parametrize("as_cells", [False, True])
def test_recovers_known_potentials_second_order(as_cells):
    hs, errs, residuals = [], [], []
    for level in (3, 4, 5, 6):
        mesh = fp.icosphere(level)
        x = field(mesh.points) if as_cells else field
        result = hodge_decomposition(mesh, x)
        e_phi = np.abs(result.phi - zero_mean(mesh, phi_exact(mesh.points))).max()
        e_chi = np.abs(result.chi - zero_mean(mesh, chi_exact(mesh.points))).max()
        hs.append(mesh.h)
        errs.append(max(e_phi, e_chi))
        residuals.append(result.residual)
    assert errs[-1] < 1e-3
    assert observed_order(hs, errs) > (1.8 if not as_cells else 1.5), errs
    assert residuals[-1] < residuals[0]


def test_pure_torques_split_cleanly():
    # a Slonczewski damping-like torque about p is grad(u.p) (pure chi); a field-like
    # one u x p = u x grad(u.p) is pure phi
    mesh = fp.icosphere(5)
    p = np.array([0.0, 0.6, 0.8])
    damping_like = hodge_decomposition(mesh, lambda u: p - (u @ p)[:, None] * u)
    field_like = hodge_decomposition(mesh, lambda u: np.cross(u, p))
    target = zero_mean(mesh, mesh.points @ p)
    assert np.abs(damping_like.chi - target).max() < 2e-3
    assert np.abs(damping_like.phi).max() < 2e-3
    assert np.abs(field_like.phi - target).max() < 2e-3
    assert np.abs(field_like.chi).max() < 2e-3


def test_non_tangent_field_is_rejected():
    mesh = fp.icosphere(2)
    with pytest.raises(fp.ParameterError, match="not tangent"):
        hodge_decomposition(mesh, lambda u: u)
    with pytest.raises(fp.ParameterTypeError, match="shape"):
        hodge_decomposition(mesh, np.zeros((5, 3)))


def test_slonczewski_potential_is_the_hodge_chi_of_its_torque():
    # independent paths: the closed-form chi of fp.Slonczewski versus the Hodge
    # decomposition of the torque field kappa g(u.p) u x (u x p) itself
    torque = fp.Slonczewski(kappa=4.0, polarization=0.35, direction=(0.0, 0.6, 0.8))
    p = np.asarray(torque.direction)

    def field(u):
        x = u @ p
        return (torque.kappa * torque.efficiency(x))[:, None] * np.cross(u, np.cross(u, p))

    mesh = fp.icosphere(5)
    result = hodge_decomposition(mesh, field)
    expected = zero_mean(mesh, torque(mesh.points))
    assert np.abs(result.chi - expected).max() < 1e-3 * np.abs(expected).max() + 2e-3
    assert np.abs(result.phi).max() < 2e-3


def test_slonczewski_derivative_and_bad_polarization():
    torque = fp.Slonczewski(kappa=2.0, polarization=0.5)
    x = np.linspace(-0.9, 0.9, 7)
    u = np.stack([np.sqrt(1 - x**2), 0 * x, x], 1)
    h = 1e-6
    up = np.stack([np.sqrt(1 - (x + h) ** 2), 0 * x, x + h], 1)
    down = np.stack([np.sqrt(1 - (x - h) ** 2), 0 * x, x - h], 1)
    derivative = (torque(up) - torque(down)) / (2 * h)
    assert np.allclose(derivative, -2.0 * torque.efficiency(x), rtol=1e-6)
    assert torque(u[3:4])[0] == 0.0
    with pytest.raises(fp.ParameterError, match="polarization=1.0"):
        fp.Slonczewski(kappa=1.0, polarization=1.0)
