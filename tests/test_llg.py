"""Zero-temperature LLG against exact solutions, the critical torque 2 sigma and its own
error control (references: closed forms and one-dimensional quadrature)."""

import numpy as np
import pytest
from scipy.integrate import quad

import fpsphere as fp
from fpsphere.llg import (
    column_drift,
    drift,
    gradient,
    integrate,
    tangent_gradient,
    trajectories,
)


def _field_reference(xi, alpha, theta0, times):
    """U = -xi u_z: tan(theta/2) = tan(theta0/2) exp(-xi tau / 2), phi = xi tau / (2 alpha)."""
    theta = 2 * np.arctan(np.tan(theta0 / 2) * np.exp(-xi * times / 2))
    phi = xi * times / (2 * alpha)
    return np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], 1)


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


def test_low_damping_precession_rate_and_sense_exact():
    """alpha = 0.01: 150 radians of counter-clockwise precession about +z, phase and
    polar angle on the closed form (the moment seen from +z turns from +x to +y)."""
    xi, alpha, theta0 = 2.0, 0.01, 1.2
    times = np.linspace(0.0, 1.5, 301)
    path = trajectories(fp.Zeeman(xi), alpha, [np.sin(theta0), 0.0, np.cos(theta0)], times)[:, 0]
    assert np.abs(path - _field_reference(xi, alpha, theta0, times)).max() < 1e-6
    phase = np.unwrap(np.arctan2(path[:, 1], path[:, 0]))
    assert np.all(np.diff(phase) > 0)                        # counter-clockwise seen from +z
    rate = np.polyfit(times, phase, 1)[0]
    assert rate == pytest.approx(xi / (2 * alpha), rel=1e-9)


def test_global_error_follows_the_tolerance():
    xi, alpha, theta0 = 2.0, 0.01, 1.2
    times = np.array([0.5, 1.5])
    u0 = np.array([[np.sin(theta0), 0.0, np.cos(theta0)]])
    exact = _field_reference(xi, alpha, theta0, times)
    velocity = column_drift(fp.Zeeman(xi), alpha)
    errors = []
    for rtol in (1e-6, 1e-8, 1e-10):
        run = integrate(velocity, u0, times, rtol=rtol)
        errors.append(np.abs(run.u[:, 0] - exact).max())
        assert run.norm_error < 10 * rtol                    # |x| before each projection
        assert np.allclose(np.linalg.norm(run.u, axis=2), 1.0, atol=1e-14)
    assert errors[0] < 1e-3 and errors[1] < errors[0] / 30 and errors[2] < errors[1] / 30


def test_energy_decreases_without_spin_transfer():
    """chi = phi = 0: dU/dtau = -|grad U|^2 / 2 <= 0; a tilted field and cubic
    anisotropy make it non-axial.  The trajectory ends on a minimum."""
    energy = fp.Uniaxial(sigma=10.0) + fp.Zeeman(6.0, (1.0, 0.0, 1.0)) + fp.Cubic(2.0)
    times = np.linspace(0.0, 2.5, 251)
    start = np.array([[0.6, 0.3, -0.74], [0.1, -0.9, 0.2]])
    paths = trajectories(energy, 0.01, start, times)
    values = np.stack([energy(paths[:, j]) for j in range(2)], axis=1)
    assert np.all(np.diff(values, axis=0) < 1e-9)
    assert values[0, 0] - values[-1, 0] > 1.0
    g = tangent_gradient(energy, paths[-1])
    assert np.abs(g).max() < 1e-6


def _switching_time(sigma, kappa, c0, c):
    """Collinear STT, U = -sigma z^2, chi = -kappa z: dz/dtau = (1 - z^2)(sigma z - kappa/2)."""
    return quad(lambda z: 1.0 / ((1 - z * z) * (kappa / 2 - sigma * z)), c, c0,
                epsabs=1e-13, epsrel=1e-12)[0]


@pytest.mark.parametrize("ratio,switches", [(0.98, False), (1.02, True)])
def test_critical_torque_is_two_sigma_at_low_damping(ratio, switches):
    """kappa_c = 2 sigma at alpha = 0.02: just below it the up state stays, just above it
    switches, and the time at which u_z reaches 0.5, 0 and -0.5 is the quadrature's
    (the slow escape amplifies the local errors: the global error is ~6000 rtol)."""
    sigma, alpha, theta0 = 10.0, 0.02, 0.15
    kappa = ratio * 2 * sigma
    c0 = np.cos(theta0)
    start = [np.sin(theta0), 0.0, c0]
    if not switches:
        end = trajectories(fp.Uniaxial(sigma=sigma), alpha, start, [3.0],
                           chi=fp.Polarizer(-kappa))[-1, 0]
        assert end[2] > c0                                   # relaxes towards +z
        return
    levels = np.array([0.5, 0.0, -0.5])
    times = np.array([_switching_time(sigma, kappa, c0, c) for c in levels])
    path = trajectories(fp.Uniaxial(sigma=sigma), alpha, start, times,
                        chi=fp.Polarizer(-kappa), rtol=1e-10)[:, 0]
    assert np.abs(path[:, 2] - levels).max() < 1e-6         # 6e-5 at rtol = 1e-8


def test_critical_torque_is_two_sigma():
    # U = -sigma z^2, chi = -kappa z: the up state is stable iff kappa < 2 sigma
    sigma = 10.0
    start = [np.sin(0.05), 0.0, np.cos(0.05)]
    ends = [trajectories(fp.Uniaxial(sigma=sigma), 0.1, start, [10.0],
                         chi=fp.Polarizer(-kappa), dt=5e-3)[0, 0, 2] for kappa in (18.0, 22.0)]
    assert ends[0] > 0 > ends[1]


def test_trajectories_are_integrated_independently():
    """Per-trajectory steps: a trajectory integrated alone or among others that switch,
    relax and sit still follows the same path (to the tolerance)."""
    energy = fp.Uniaxial(sigma=20.0) + fp.Zeeman(4.0, (1.0, 0.0, 0.0))
    chi = fp.Polarizer(-30.0, (0.0, 1.0, 0.0))
    rng = np.random.default_rng(3)
    u0 = rng.normal(size=(6, 3))
    times = [0.0, 0.2, 1.0]
    together = trajectories(energy, 0.02, u0, times, chi=chi)
    alone = trajectories(energy, 0.02, u0[4], times, chi=chi)[:, 0]
    assert np.abs(together[:, 4] - alone).max() < 1e-9
    assert np.allclose(together[0], u0 / np.linalg.norm(u0, axis=1, keepdims=True))


def _registered_terms():
    return [fp.Uniaxial(7.0, (1.0, 2.0, 2.0)), fp.EasyPlane(3.0, (0.0, 1.0, 1.0)),
            fp.Zeeman(2.0, (1.0, -1.0, 0.0)), fp.Polarizer(-4.0, (0.0, 0.6, 0.8)),
            fp.Cubic(5.0), fp.Slonczewski(6.0, 0.4, (1.0, 0.0, 1.0)), fp.Constant(2.0),
            fp.Uniaxial(3.0) + fp.Cubic(1.0), lambda u: u[:, 0] ** 3 * u[:, 1], None]


@pytest.mark.parametrize("term", _registered_terms(), ids=lambda t: type(t).__name__)
def test_gradient_matches_finite_differences(term):
    u = np.random.default_rng(1).normal(size=(30, 3))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    potential = fp.energy.as_potential(term, "term")
    g = gradient(term)(u.T).T
    g -= np.einsum("ij,ij->i", g, u)[:, None] * u
    assert np.abs(g - tangent_gradient(potential, u)).max() < 1e-7


def test_every_energy_term_has_an_exact_gradient():
    """Each term type of fpsphere.energy except Custom is in the gradient registry."""
    kinds = {getattr(fp.energy, name) for name in fp.energy.__all__}
    kinds = {k for k in kinds if isinstance(k, type) and issubclass(k, fp.energy.Potential)}
    missing = kinds - set(gradient.registry) - {fp.energy.Potential, fp.energy.Custom}
    assert not missing


def test_drift_is_tangent_with_the_sign_of_the_equation():
    u = np.random.default_rng(2).normal(size=(10, 3))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    velocity = drift(fp.Zeeman(2.0), 0.5, chi=fp.Polarizer(1.0, (1.0, 0.0, 0.0)))
    v = velocity(u)
    assert np.abs(np.einsum("ij,ij->i", v, u)).max() < 1e-14
    grad_d = tangent_gradient(lambda x: -2.0 * x[:, 2] - x[:, 0], u)
    grad_p = tangent_gradient(lambda x: -2.0 * x[:, 2], u)
    assert np.allclose(v, -0.5 * grad_d + np.cross(u, grad_p), atol=1e-8)
    assert np.allclose(velocity(3 * u), v)                   # degree 0 in x


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
    with pytest.raises(fp.ParameterError, match="rtol"):
        trajectories(fp.Zeeman(1.0), 0.1, [0, 0, 1], [1.0], rtol=0.0)
    with pytest.raises(fp.ParameterError, match="not finite"):
        trajectories(lambda u: np.where(u[:, 2] > 0, 5 * u[:, 2], np.nan), 0.1, [0.0, 0.8, 0.6],
                     [1.0])
