"""Torque sources: the Gilbert-form torques against an independent SI integration."""

import math

import numpy as np
import pytest
from scipy import constants as C

import fpsphere as fp
from fpsphere.errors import ParameterError
from fpsphere.mram import SOT, STT, Cell

GAMMA = C.physical_constants["electron gyromag. ratio"][0]


def gilbert_velocity(cell, current, u, h_dl, beta, p):
    """du/dt (1/s) of the Gilbert-form LLGS in SI, solved for du/dt point by point.

    du/dt = -gamma mu0 u x H + alpha u x du/dt + gamma mu0 H_DL [u x (u x p) + beta u x p].
    """
    kT = C.k * cell.temperature
    scale = kT / (C.mu_0 * cell.Ms * cell.volume)            # A/m per kT
    xi = np.zeros(3) if cell.bias_field is None else np.asarray(cell.bias_field)
    out = []
    for x in u:
        H = 2 * cell.delta * scale * x[2] * np.array([0.0, 0.0, 1.0]) + xi
        torque = h_dl * (np.cross(x, np.cross(x, p)) + beta * np.cross(x, p))
        rhs = GAMMA * C.mu_0 * (-np.cross(x, H) + torque)
        cross = np.array([[0, -x[2], x[1]], [x[2], 0, -x[0]], [-x[1], x[0], 0]])
        out.append(np.linalg.solve(np.eye(3) - cell.alpha * cross, rhs))
    return np.asarray(out)


def random_units(n, seed=3):
    u = np.random.default_rng(seed).normal(size=(n, 3))
    return u / np.linalg.norm(u, axis=1, keepdims=True)


def reduced_velocity(cell, current, u):
    chi, phi = cell.potentials(current)
    return fp.llg.drift(cell.energy, cell.alpha, chi, phi)(u) / cell.tau_N


@pytest.mark.parametrize("beta", [0.0, 0.7, -2.0])
def test_sot_moves_the_moment_as_the_gilbert_form_in_si(beta):
    cell = Cell(Ms=1.1e6, Ku=1.65e5, alpha=0.15, temperature=300.0, diameter=40e-9,
                thickness=0.8e-9, bias_field=(2.0e4, -5e3, 1e3),
                torque=SOT(0.07, 5e-9, 60e-9, current_direction=(1, 0, 0),
                           field_like_ratio=beta))
    current = 1.2e-3
    j = current / (60e-9 * 5e-9)
    h_dl = C.hbar * 0.07 * j / (2 * C.e * C.mu_0 * cell.Ms * 0.8e-9)  # Liu et al. 2012
    p = np.array([0.0, 1.0, 0.0])                                      # z x j
    u = random_units(40)
    expected = gilbert_velocity(cell, current, u, h_dl, beta, p)
    got = reduced_velocity(cell, current, u)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6 * np.abs(expected).max())


def test_stt_moves_the_moment_as_the_gilbert_form_in_si():
    cell = Cell(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, diameter=40e-9,
                thickness=1.3e-9, bias_field=3e3,
                torque=STT(polarizer=(0.2, 0.0, 1.0), efficiency=0.6, field_like_ratio=0.3))
    current = 1e-4
    h_dl = C.hbar * 0.6 * current / (2 * C.e * C.mu_0 * cell.Ms * cell.volume)
    p = np.array([0.2, 0.0, 1.0]) / math.hypot(0.2, 1.0)
    u = random_units(40, seed=5)
    expected = gilbert_velocity(cell, current, u, h_dl, 0.3, p)
    np.testing.assert_allclose(reduced_velocity(cell, current, u), expected, rtol=0,
                               atol=1e-6 * np.abs(expected).max())


def test_reduced_amplitudes():
    cell = Cell(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, diameter=40e-9,
                thickness=1.3e-9, torque=STT(efficiency=0.6))
    assert cell.kappa(1e-4) == pytest.approx(fp.units.kappa(1e-4, 0.6, 0.027, 358.0), rel=1e-14)
    assert cell.current(cell.kappa(3e-5)) == pytest.approx(3e-5, rel=1e-14)
    chi, phi = cell.potentials(1e-4)
    up = np.array([[0.0, 0.0, 1.0]])
    assert chi(up)[0] == pytest.approx(-cell.kappa(1e-4), rel=1e-14)  # chi~ = -kappa u.p
    assert phi(up)[0] == pytest.approx(-0.027**2 * cell.kappa(1e-4), rel=1e-12)
    sot = SOT(0.1, 4e-9, 50e-9, current_direction=(0, 1, 0), spin_diffusion_length=1.5e-9)
    assert sot.polarizer == pytest.approx((-1.0, 0.0, 0.0))             # z x y = -x
    assert sot.effective_angle == pytest.approx(0.1 * (1 - 1 / math.cosh(4 / 1.5)))
    assert sot.current_density(1e-3) == pytest.approx(1e-3 / (4e-9 * 50e-9))


def test_slonczewski_efficiency_is_the_energy_term():
    cell = Cell(Ms=1e6, Ku=2e5, alpha=0.01, temperature=300.0, diameter=40e-9,
                thickness=1e-9, torque=STT(polarization=0.4))
    chi, _ = cell.potentials(2e-4)
    u = random_units(10)
    kappa = fp.units.kappa(2e-4, 1.0, 0.01, 300.0)
    np.testing.assert_allclose(chi(u), fp.Slonczewski(kappa, 0.4)(u), rtol=1e-13)


@pytest.mark.parametrize("kwargs, match", [
    ({"efficiency": 0.5, "polarization": 0.4}, "exactly one"),
    ({}, "exactly one"),
    ({"efficiency": 1.5}, "efficiency"),
    ({"efficiency": -0.1}, "efficiency"),
    ({"polarization": 1.0}, "polarization"),
    ({"efficiency": 0.5, "polarizer": (0, 0, 0)}, "polarizer"),
    ({"efficiency": 0.5, "field_like_ratio": float("nan")}, "field_like_ratio"),
])
def test_stt_errors_name_the_parameter(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        STT(**kwargs)


@pytest.mark.parametrize("kwargs, match", [
    ({"spin_hall_angle": 0.0}, "spin_hall_angle"),
    ({"heavy_metal_thickness": -1e-9}, "heavy_metal_thickness"),
    ({"width": 0.0}, "width"),
    ({"current_direction": (0, 0, 1)}, "in-plane"),
    ({"spin_diffusion_length": 0.0}, "spin_diffusion_length"),
])
def test_sot_errors_name_the_parameter(kwargs, match):
    args = {"spin_hall_angle": 0.1, "heavy_metal_thickness": 5e-9, "width": 50e-9, **kwargs}
    with pytest.raises(ParameterError, match=match):
        SOT(**args)


def test_sot_needs_the_free_layer_thickness():
    cell = Cell(Ms=1e6, Ku=2e5, alpha=0.1, temperature=300.0, volume=1e-24,
                torque=SOT(0.1, 5e-9, 50e-9))
    with pytest.raises(ParameterError, match="thickness"):
        cell.potentials(1e-3)
