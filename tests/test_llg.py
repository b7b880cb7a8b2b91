"""Zero-temperature LLG against exact solutions and the critical torque 2 sigma."""

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.llg import tangent_gradient, trajectories


def test_field_precession_and_relaxation_exact():
    # U = -xi u_z: phi advances at xi/(2 alpha) counter-clockwise, and
    # tan(theta/2) = tan(theta0/2) exp(-xi tau / 2)
    xi, alpha, theta0 = 3.0, 0.2, 1.0
    u0 = [np.sin(theta0), 0.0, np.cos(theta0)]
    times = np.array([0.1, 0.3, 0.6])
    path = trajectories(fp.Zeeman(xi), alpha, u0, times, dt=1e-3)[:, 0]
    theta = np.arccos(path[:, 2])
    phi = np.unwrap(np.arctan2(path[:, 1], path[:, 0]))
    assert np.allclose(np.tan(theta / 2), np.tan(theta0 / 2) * np.exp(-xi * times / 2), rtol=1e-8)
    assert np.allclose(phi, xi * times / (2 * alpha), rtol=1e-8)


@pytest.mark.parametrize("kappa,switches", [(18.0, False), (22.0, True)])
def test_critical_torque_is_two_sigma(kappa, switches):
    # U = -sigma z^2, chi = -kappa z: the up state is stable iff kappa < 2 sigma
    sigma = 10.0
    start = [np.sin(0.05), 0.0, np.cos(0.05)]
    end = trajectories(fp.Uniaxial(sigma=sigma), 0.1, start, [10.0],
                       chi=fp.Polarizer(-kappa), dt=5e-3)[0, 0]
    assert (end[2] < 0) == switches


def test_gradient_is_tangent_and_exact_for_linear():
    u = np.random.default_rng(0).normal(size=(20, 3))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    p = np.array([0.2, -0.5, 0.8])
    g = tangent_gradient(lambda x: x @ p, u)
    assert np.allclose(g, p - (u @ p)[:, None] * u, atol=1e-8)
    assert np.abs(np.einsum("ij,ij->i", g, u)).max() < 1e-12


def test_bad_input():
    with pytest.raises(fp.ParameterError, match="alpha"):
        trajectories(fp.Zeeman(1.0), 0.0, [0, 0, 1], [1.0])
    with pytest.raises(fp.ParameterError, match="times"):
        trajectories(fp.Zeeman(1.0), 0.1, [0, 0, 1], [1.0, 0.5])
