"""SI to reduced units: values against hand-written formulas, dimensions, round trips, bad input.

The reference values are computed here from literal CODATA 2018 constants, not
from ``scipy.constants``; the tolerance (1e-8) covers the CODATA 2018 -> 2022
revision of mu0 and gamma_e (about 1e-9).
"""

import dataclasses
import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import dawsn

from fpsphere import units
from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.units import Macrospin

pytestmark = pytest.mark.filterwarnings("error")  # validation happens before arithmetic

KB = 1.380649e-23
MU0 = 1.25663706212e-6
HBAR = 1.054571817e-34
E = 1.602176634e-19
GAMMA = 1.76085963023e11
REL = 1e-8

# A permalloy-like test device, numbers chosen by hand.
MS, K, V, T, ALPHA = 8.0e5, 2.0e5, 1.0e-24, 350.0, 0.02


@pytest.fixture
def device():
    return Macrospin(Ms=MS, K=K, volume=V, temperature=T, alpha=ALPHA)


def test_constants_are_codata():
    assert units.K_B == 1.380649e-23
    assert units.E_CHARGE == 1.602176634e-19
    assert units.HBAR == pytest.approx(HBAR, rel=REL)
    assert units.MU_0 == pytest.approx(MU0, rel=REL)
    assert units.GAMMA_E == pytest.approx(GAMMA, rel=REL)


def test_barriers_against_hand_formulas(device):
    kT = 1.380649e-23 * 350.0
    assert units.sigma(K, V, T) == pytest.approx(2.0e5 * 1.0e-24 / kT, rel=REL)
    assert device.sigma == pytest.approx(2.0e5 * 1.0e-24 / kT, rel=REL)
    assert device.kT == pytest.approx(kT, rel=REL)
    assert units.sigma_cubic(-4.5e3, V, T) == pytest.approx(-4.5e3 * 1.0e-24 / kT, rel=REL)
    cubic = Macrospin(Ms=MS, K=K, volume=V, temperature=T, K1=4.5e4)
    assert cubic.sigma_cubic == pytest.approx(4.5e4 * 1.0e-24 / kT, rel=REL)
    # thin disc: N_perp = 0.9, N_par = 0.05 -> easy plane, sigma_p > 0
    expected = 0.5 * 1.25663706212e-6 * 8.0e5**2 * (0.9 - 0.05) * 1.0e-24 / kT
    assert units.sigma_shape(MS, 0.9, 0.05, V, T) == pytest.approx(expected, rel=REL)
    assert device.sigma_shape(0.9, 0.05) == pytest.approx(expected, rel=REL)
    assert units.sigma_shape(MS, 0.05, 0.475, V, T) < 0  # needle: easy axis


def test_default_temperature_is_300K():
    assert units.sigma(K, V) == pytest.approx(2.0e5 * 1.0e-24 / (1.380649e-23 * 300), rel=REL)
    assert Macrospin(Ms=MS, K=K, volume=V).temperature == 300.0


def test_zeeman_and_reduced_field(device):
    kT = 1.380649e-23 * 350.0
    H = 3.0e4  # A/m
    xi_hand = 1.25663706212e-6 * 8.0e5 * 3.0e4 * 1.0e-24 / kT
    assert units.xi(H, MS, V, T) == pytest.approx(xi_hand, rel=REL)
    assert device.xi(H) == pytest.approx(xi_hand, rel=REL)
    assert device.xi(mu0H=1.25663706212e-6 * H) == pytest.approx(xi_hand, rel=REL)
    H_K = 2 * 2.0e5 / (1.25663706212e-6 * 8.0e5)
    assert units.anisotropy_field(K, MS) == pytest.approx(H_K, rel=REL)
    assert device.H_K == pytest.approx(H_K, rel=REL)
    assert device.mu0_H_K == pytest.approx(2 * 2.0e5 / 8.0e5, rel=REL)
    # h = xi / (2 sigma) = H / H_K, and h = 1 at the anisotropy field
    assert device.h(H) == pytest.approx(H / H_K, rel=REL)
    assert device.h(H) == pytest.approx(device.xi(H) / (2 * device.sigma), rel=1e-14)
    assert units.reduced_field(H, K, MS) == pytest.approx(H / H_K, rel=REL)
    assert device.h(device.H_K) == pytest.approx(1.0, rel=1e-14)
    assert device.h(mu0H=device.mu0_H_K) == pytest.approx(1.0, rel=1e-14)


def test_fields_accept_arrays(device):
    H = np.linspace(-2e5, 2e5, 7)
    h = device.h(H)
    assert isinstance(h, np.ndarray) and h.shape == (7,)
    np.testing.assert_allclose(h, H / device.H_K, rtol=1e-14)
    np.testing.assert_allclose(device.xi(H), 2 * device.sigma * h, rtol=1e-14)
    assert isinstance(device.xi(1e4), float)
    I = np.array([[1e-6, 2e-6], [-3e-6, 0.0]])
    assert device.kappa(I, 0.5).shape == (2, 2)


def test_neel_time_against_hand_formula(device):
    kT = 1.380649e-23 * 350.0
    hand = (1 + 0.02**2) * 8.0e5 * 1.0e-24 / (2 * 0.02 * 1.76085963023e11 * kT)
    assert units.neel_time(MS, V, ALPHA, T) == pytest.approx(hand, rel=REL)
    assert device.tau_N == pytest.approx(hand, rel=REL)
    assert units.neel_time(MS, V, ALPHA, T, gamma=2.0e11) == pytest.approx(
        hand * 1.76085963023e11 / 2.0e11, rel=REL)
    assert 1e-8 < hand < 1e-7  # tens of ns for a 1000 nm^3 grain at alpha = 0.02


# Dimensions as exponents of the SI base units (kg, m, s, A); rad is dimensionless.
def dim(kg=0, m=0, s=0, A=0):
    return np.array([kg, m, s, A])


JOULE = dim(kg=1, m=2, s=-2)
TESLA = dim(kg=1, s=-2, A=-1)
COULOMB = dim(s=1, A=1)


def test_neel_time_is_in_seconds():
    assert np.array_equal(TESLA, JOULE - dim(A=1, m=2))  # T = J / (A m^2)
    Ms, volume, gamma = dim(A=1, m=-1), dim(m=3), dim(s=-1) - TESLA
    tau_N = Ms + volume - gamma - JOULE  # Ms v / (gamma kT); alpha is dimensionless
    assert np.array_equal(tau_N, dim(s=1))


def test_reduced_amplitudes_are_dimensionless():
    Ms, volume, H = dim(A=1, m=-1), dim(m=3), dim(A=1, m=-1)
    mu0 = TESLA - H  # T m / A
    assert np.array_equal(mu0 + Ms + H + volume - JOULE, dim())  # xi
    assert np.array_equal((JOULE - dim(m=3)) - (mu0 + Ms) - H, dim())  # h = H / H_K
    hbar, current = JOULE + dim(s=1), dim(A=1)
    assert np.array_equal(hbar + current - COULOMB - JOULE, dim())  # kappa
    # gamma mu0 H is a rate
    assert np.array_equal(dim(s=-1) - TESLA + mu0 + H, dim(s=-1))


def test_precession_rate_agrees_through_tau_N(device):
    """Conventions fact 5: gamma mu0 H/(1+alpha^2) in rad/s equals xi/(2 alpha) per tau_N."""
    H = 5.0e4
    omega = device.precession_frequency(H)
    hand = 1.76085963023e11 * 1.25663706212e-6 * 5.0e4 / (1 + 0.02**2)
    assert omega == pytest.approx(hand, rel=REL)
    assert units.precession_frequency(H, ALPHA) == pytest.approx(hand, rel=REL)
    reduced = units.reduced_precession_rate(device.xi(H), ALPHA)
    assert omega * device.tau_N == pytest.approx(reduced, rel=1e-13)
    assert device.precession_frequency(mu0H=MU0 * H) == pytest.approx(hand, rel=REL)


def test_time_round_trips(device):
    t = np.array([0.0, 1e-12, 3e-9, 1.0])
    np.testing.assert_allclose(device.to_seconds(device.to_tau(t)), t, rtol=1e-15)
    assert device.to_tau(device.tau_N) == pytest.approx(1.0, rel=1e-15)
    assert units.to_tau(2e-9, 4e-10) == pytest.approx(5.0, rel=1e-15)
    assert units.to_seconds(5.0, 4e-10) == pytest.approx(2e-9, rel=1e-15)
    # a dipole decays at rate 1/tau_N: one unit of tau is e-folding
    assert device.to_seconds(1.0) == device.tau_N


def test_other_round_trips():
    K_back = units.anisotropy_constant(60.0, V, T)
    assert units.sigma(K_back, V, T) == pytest.approx(60.0, rel=1e-14)
    H_back = units.field_from_tesla(units.field_to_tesla(1.234e5))
    assert H_back == pytest.approx(1.234e5, rel=1e-15)
    assert units.field_to_tesla(1.0 / 1.25663706212e-6) == pytest.approx(1.0, rel=REL)


def test_kappa_and_critical_current(device):
    kT = 1.380649e-23 * 350.0
    I, eta = 1.0e-4, 0.6
    hand = 1.054571817e-34 * 0.6 * 1.0e-4 / (2 * 1.602176634e-19 * 0.02 * kT)
    assert units.kappa(I, eta, ALPHA, T) == pytest.approx(hand, rel=REL)
    assert device.kappa(I, eta) == pytest.approx(hand, rel=REL)
    I_c = 4 * 1.602176634e-19 * 0.02 * 2.0e5 * 1.0e-24 / (1.054571817e-34 * 0.6)
    assert device.critical_current(eta) == pytest.approx(I_c, rel=REL)
    assert units.critical_current(K, V, ALPHA, eta) == pytest.approx(I_c, rel=REL)
    # docs/conventions.md fact 3: kappa_c = 2 sigma at I = I_c, and kappa is linear in I
    assert device.kappa(device.critical_current(eta), eta) == pytest.approx(
        2 * device.sigma, rel=1e-14)
    quarter = device.kappa(-0.25 * device.critical_current(eta), eta)
    assert quarter / (2 * device.sigma) == pytest.approx(-0.25, rel=1e-14)
    # I_c = 4 e alpha K v / (hbar eta) does not depend on temperature
    cold = dataclasses.replace(device, temperature=4.2)
    assert cold.critical_current(eta) == pytest.approx(device.critical_current(eta), rel=1e-15)


def test_brown_asymptote_formula():
    s = 60.0
    assert units.brown_rate(s) == pytest.approx(2 / math.sqrt(math.pi) * s**1.5 * math.exp(-s),
                                                rel=1e-14)
    assert units.brown_relaxation_time(s, 1e-9) == pytest.approx(
        1e-9 * math.sqrt(math.pi) / 2 * s**-1.5 * math.exp(s), rel=1e-14)


def mean_time_to_barrier_top(sigma):
    """Exact MFPT (units of tau_N, times e^-sigma) from u.n = 1 to u.n = 0, high damping.

    For 2 tau_N d(rho)/dt = d/dz[(1 - z^2)(d(rho)/dz + rho U')], U = -sigma z^2:
    T = 2 int_0^1 dz e^{U(z)}/(1 - z^2) int_z^1 e^{-U(y)} dy, written with Dawson's
    function so that nothing overflows.  It equals 1/lambda_1 asymptotically.
    """
    r = math.sqrt(sigma)

    def integrand(z):
        inner = math.exp(-sigma * z * z) * dawsn(r) - math.exp(-sigma) * dawsn(r * z)
        return inner / r / (1 - z * z)

    value, _ = quad(integrand, 0.0, 1.0, limit=200, epsabs=0.0, epsrel=1e-12)
    return 2 * value


@pytest.mark.parametrize("s", [20.0, 40.0, 80.0])
def test_brown_asymptote_against_exact_passage_time(s):
    """docs/conventions.md fact 6: 1/lambda_1 -> Brown's time, with a relative error ~ 1/sigma."""
    ratio = mean_time_to_barrier_top(s) * units.brown_rate(s) * math.exp(s)
    assert 0.5 / s < ratio - 1 < 1.5 / s


def test_macrospin_is_frozen_and_stores_floats():
    cell = Macrospin(Ms=800_000, K=np.float32(2e5), volume=V, temperature=300)
    assert all(type(getattr(cell, f.name)) is float for f in dataclasses.fields(cell))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.K = 1.0
    assert cell.gamma == units.GAMMA_E and cell.alpha == 0.01 and cell.K1 == 0.0


def test_module_example_runs():
    """The CoFeB MRAM example of the module docstring (run by tests/test_doctests.py):
    sigma = 60, tau_N = 142 ns, recomputed here from the SI numbers."""
    volume = math.pi * (20e-9) ** 2 * 1.5e-9
    K_eff = 60 * 1.380649e-23 * 300 / volume
    cell = Macrospin(Ms=1.1e6, K=K_eff, volume=volume)
    assert cell.sigma == pytest.approx(60.0, rel=1e-14)
    assert cell.tau_N == pytest.approx(
        1.0001 * 1.1e6 * volume / (2 * 0.01 * 1.76085963023e11 * 1.380649e-23 * 300), rel=REL)
    assert cell.tau_N == pytest.approx(142.2e-9, rel=1e-3)
    assert cell.H_K == pytest.approx(2 * K_eff / (1.25663706212e-6 * 1.1e6), rel=REL)


# ------------------------------------------------------------------ bad input

GOOD = {"Ms": MS, "K": K, "volume": V, "temperature": T, "alpha": ALPHA}

BAD_VALUES = [
    # (description, call, parameter name, offending value as printed)
    ("Ms=0", lambda: Macrospin(**{**GOOD, "Ms": 0.0}), "Ms", "0.0"),
    ("Ms<0", lambda: units.xi(1e4, -8e5, V), "Ms", "-800000.0"),
    ("Ms=nan", lambda: units.neel_time(float("nan"), V, ALPHA), "Ms", "nan"),
    ("K=0", lambda: units.sigma(0, V), "K", "0.0"),
    ("K<0", lambda: Macrospin(**{**GOOD, "K": -1e5}), "K", "-100000.0"),
    ("K=inf", lambda: units.anisotropy_field(float("inf"), MS), "K", "inf"),
    ("K1=nan", lambda: Macrospin(**GOOD, K1=float("nan")), "K1", "nan"),
    ("volume=0", lambda: units.sigma(K, 0.0), "volume", "0.0"),
    ("volume<0", lambda: Macrospin(**{**GOOD, "volume": -1e-24}), "volume", "-1e-24"),
    ("T=0", lambda: units.sigma(K, V, 0.0), "temperature", "0.0"),
    ("T<0", lambda: Macrospin(**{**GOOD, "temperature": -5.0}), "temperature", "-5.0"),
    ("T=inf", lambda: units.kappa(1e-4, 0.5, ALPHA, float("inf")), "temperature", "inf"),
    ("alpha=0", lambda: Macrospin(**{**GOOD, "alpha": 0.0}), "alpha", "0.0"),
    ("alpha<0", lambda: units.neel_time(MS, V, -0.01), "alpha", "-0.01"),
    ("alpha=nan", lambda: units.kappa(1e-4, 0.5, float("nan")), "alpha", "nan"),
    ("alpha=inf", lambda: units.precession_frequency(1e4, float("inf")), "alpha", "inf"),
    ("alpha=0 reduced", lambda: units.reduced_precession_rate(1.0, 0), "alpha", "0.0"),
    ("gamma=0", lambda: Macrospin(**GOOD, gamma=0.0), "gamma", "0.0"),
    ("gamma<0", lambda: units.neel_time(MS, V, ALPHA, gamma=-GAMMA), "gamma", "-17608596"),
    ("eta=0", lambda: units.kappa(1e-4, 0.0, ALPHA), "eta", "0.0"),
    ("eta<0", lambda: Macrospin(**GOOD).critical_current(-0.5), "eta", "-0.5"),
    ("N_perp>1", lambda: units.sigma_shape(MS, 1.5, 0.0, V), "N_perp", "1.5"),
    ("N_par<0", lambda: Macrospin(**GOOD).sigma_shape(1.0, -0.1), "N_par", "-0.1"),
    ("H=nan", lambda: units.xi(float("nan"), MS, V), "H", "nan"),
    ("H array inf", lambda: Macrospin(**GOOD).h([1.0, np.inf]), "H[1]", "inf"),
    ("mu0H=inf", lambda: Macrospin(**GOOD).xi(mu0H=np.inf), "mu0H", "inf"),
    ("H and mu0H", lambda: Macrospin(**GOOD).xi(1e4, mu0H=0.01), "mu0H", "0.01"),
    ("neither", lambda: Macrospin(**GOOD).h(), "H", "None"),
    ("current=inf", lambda: units.kappa(np.inf, 0.5, ALPHA), "current", "inf"),
    ("t=nan", lambda: units.to_tau(float("nan"), 1e-9), "t", "nan"),
    ("tau_N=0", lambda: units.to_seconds(1.0, 0.0), "tau_N", "0.0"),
    ("tau=inf", lambda: Macrospin(**GOOD).to_seconds(np.array([np.inf])), "tau[0]", "inf"),
    ("xi=nan", lambda: units.reduced_precession_rate(np.nan, 0.1), "xi", "nan"),
    ("sigma=0", lambda: units.brown_rate(0.0), "sigma", "0.0"),
    ("sigma huge", lambda: units.brown_relaxation_time(800.0, 1e-9), "sigma", "800.0"),
    ("sigma<0", lambda: units.anisotropy_constant(-60.0, V), "sigma", "-60.0"),
    ("brown tau_N<0", lambda: units.brown_relaxation_time(40.0, -1e-9), "tau_N", "-1e-09"),
]


@pytest.mark.parametrize("call,name,value", [case[1:] for case in BAD_VALUES],
                         ids=[case[0] for case in BAD_VALUES])
def test_bad_values_raise_parameter_error_naming_them(call, name, value):
    with pytest.raises(ParameterError) as info:
        call()
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert f"{name}=" in message and value in message and "expected" in message


BAD_TYPES = [
    ("Ms string", lambda: Macrospin(**{**GOOD, "Ms": "8e5"}), "Ms"),
    ("K None", lambda: units.sigma(None, V), "K"),
    ("alpha bool", lambda: Macrospin(**{**GOOD, "alpha": True}), "alpha"),
    ("eta complex", lambda: units.kappa(1e-4, 0.5j, ALPHA), "eta"),
    ("H strings", lambda: Macrospin(**GOOD).xi(["a", "b"]), "H"),
    ("current complex array", lambda: units.kappa(np.array([1j]), 0.5, ALPHA), "current"),
]


@pytest.mark.parametrize("call,name", [case[1:] for case in BAD_TYPES],
                         ids=[case[0] for case in BAD_TYPES])
def test_bad_types_raise_parameter_type_error(call, name):
    with pytest.raises(ParameterTypeError, match=name):
        call()


@pytest.mark.parametrize("call,names", [
    (lambda: units.sigma(1e300, 1e300), ("K=1e+300", "volume=1e+300", "sigma is finite")),
    (lambda: units.neel_time(1e6, 1e-24, 1e300), ("alpha=1e+300", "tau_N is finite")),
    (lambda: units.neel_time(1e6, 1e-24, 1e-300, 1e-300), ("temperature=1e-300", "tau_N")),
    (lambda: units.sigma(1e5, 1e-24, 1e-320), ("temperature=1e-320", "k_B T")),
    (lambda: units.sigma_shape(1e300, 1.0, 0.0, 1e-24), ("Ms=1e+300", "sigma_p")),
    (lambda: units.kappa([1e300, 1.0], 1.0, 1e-12), ("current=", "kappa is finite")),
    (lambda: Macrospin(Ms=1e-300, K=1e300, volume=1e-24).H_K, ("H_K",)),
])
def test_results_that_overflow_are_parameter_errors_naming_the_inputs(call, names):
    with pytest.raises(ParameterError) as info:
        call()
    assert all(n in str(info.value) for n in names), str(info.value)
