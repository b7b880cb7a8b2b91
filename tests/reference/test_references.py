"""Self-tests of the independent spectral references (``tests/reference``).

The numbers pinned here are the reference values quoted to the finite-volume tests
(rates in ``1 / tau_N``, energies in kT, conventions of ``docs/conventions.md`` section 1).
"""

import numpy as np
import pytest
from scipy.linalg import expm

from .harmonics import SphericalHarmonicGalerkin, sh_index, vmf_density
from .legendre import (
    axial_evolution,
    axial_hemisphere_probability,
    axial_lambda1,
    axial_rates,
    axial_stationary,
    brown_asymptote,
    gauss_legendre,
    normalized_assoc_legendre,
    von_mises_fisher_z,
)

# pinned reference values (see the module docstrings for the methods)
LAMBDA1_S10 = 1.441083334693e-3  # U = -10 z^2
LAMBDA1_S20_H03 = 1.605298557958e-3  # U = -20 z^2 - 12 z (axial field, h = 0.3)
LAMBDA1_S60 = 4.514580299022e-24  # U = -60 z^2
# sigma = 10 easy axis z, transverse field h = 0.3 along x (xi = 6): lambda_1(alpha)
LAMBDA1_TRANSVERSE = {0.01: 0.3033451113257, 0.1: 0.1587752370722,
                      1.0: 0.03949174317901, 10.0: 0.03044721236481}


def _sphere_points(n, seed=0):
    u = np.random.default_rng(seed).normal(size=(n, 3))
    return u / np.linalg.norm(u, axis=1, keepdims=True)


def _boltzmann(U, nq=200):
    """exp(-U)/Z with Z from a product Gauss x trapezoid rule (independent of both modules)."""
    x, w = gauss_legendre(nq)
    ph = 2 * np.pi * np.arange(2 * nq) / (2 * nq)
    s = np.sqrt(1 - x * x)
    uu = np.stack([np.outer(s, np.cos(ph)), np.outer(s, np.sin(ph)),
                   np.outer(x, np.ones_like(ph))], -1).reshape(-1, 3)
    v = U(uu)
    m = v.min()
    Z = np.sum(np.exp(-(v - m)).reshape(nq, 2 * nq) * w[:, None]) * np.pi / nq
    return lambda p: np.exp(-(U(p) - m)) / Z


# ---------------------------------------------------------------- legendre.py
def test_normalized_legendre_matches_scipy():
    from scipy.special import sph_harm_y

    x = np.linspace(-0.95, 0.95, 9)
    th = np.arccos(x)
    P, dP = normalized_assoc_legendre(8, x, derivative=True)
    h = 1e-6
    for l, m in [(0, 0), (3, 2), (5, 0), (8, 8), (7, 1)]:
        ref = sph_harm_y(l, m, th, 0.0).real * np.sqrt(2 * np.pi) * (-1) ** m
        np.testing.assert_allclose(P[l, m], ref, atol=1e-13)
        dref = (sph_harm_y(l, m, th + h, 0.0).real - sph_harm_y(l, m, th - h, 0.0).real)
        np.testing.assert_allclose(dP[l, m], dref / (2 * h) * np.sqrt(2 * np.pi) * (-1) ** m,
                                   atol=1e-7)


def test_free_diffusion_axial_rates_exact():
    r = axial_rates([0.0], 7)
    l = np.arange(7)
    np.testing.assert_allclose(r, l * (l + 1) / 2, rtol=1e-13, atol=1e-13)
    assert abs(axial_lambda1([0.0]) - 1.0) < 1e-13


@pytest.mark.parametrize(
    "coeffs, ref",
    [([0, 0, -10.0], LAMBDA1_S10), ([0, -12.0, -20.0], LAMBDA1_S20_H03),
     ([0, 0, -5.0], None), ([0, -5.0, -30.0], None)],
)
def test_lambda1_galerkin_and_green_iteration_agree(coeffs, ref):
    gal = axial_rates(coeffs, 3, refine_lambda1=False)[1]
    green = axial_lambda1(coeffs)
    coarse = axial_lambda1(coeffs, npanel=32)
    assert abs(coarse / green - 1) < 1e-12  # quadrature converged
    # the Galerkin value has absolute accuracy ~1e-15 only
    assert abs(gal - green) < 1e-10 * green + 1e-15
    assert abs(axial_rates(coeffs, 2)[1] / green - 1) < 1e-10
    if ref is not None:
        assert abs(green / ref - 1) < 1e-11


def test_high_barrier_lambda1_and_brown_asymptote():
    l60 = axial_lambda1([0, 0, -60.0])
    assert abs(l60 / LAMBDA1_S60 - 1) < 1e-11
    assert abs(axial_lambda1([0, 0, -60.0], npanel=128) / l60 - 1) < 1e-12
    assert abs(axial_rates([0, 0, -60.0], 2)[1] / l60 - 1) < 1e-14
    # Laplace expansion of the MFPT integral: lambda_1 / brown = 1 - 1/sigma + O(sigma^-2)
    sig = np.array([20.0, 40.0, 60.0, 100.0, 200.0, 400.0])
    ratio = np.array([axial_lambda1([0, 0, -s]) for s in sig]) / brown_asymptote(sig)
    dev = sig * (ratio - 1) + 1  # -> 0 like c / sigma
    assert np.all(np.abs(dev) < 1.0 / sig)
    assert np.all(np.diff(np.abs(dev)) < 0)
    assert abs(ratio[2] - 0.98311508805) < 1e-10
    # ln(lambda_1) for barriers beyond double precision
    for s in (400.0, 1000.0):
        log_l = axial_lambda1([0, 0, -s], return_log=True)
        log_brown = np.log(2 / np.sqrt(np.pi)) + 1.5 * np.log(s) - s
        assert abs(log_l - log_brown - np.log1p(-1 / s)) < 1 / s**2
    log400 = axial_lambda1([0, 0, -400.0], return_log=True)
    assert abs(log400 - np.log(ratio[-1] * brown_asymptote(400.0))) < 1e-12


def test_axial_stationary_normalized_and_exact():
    U = [0.0, 180.0, -60.0]  # switching-pulse U_d: spans 360 kT
    x, w = gauss_legendre(3000)
    rho = axial_stationary(U, x)
    assert abs(2 * np.pi * np.sum(w * rho) - 1) < 1e-13
    xi = 3.0
    r = axial_stationary([0.0, -xi], np.array([-1.0, 0.3, 1.0]))
    exact = xi * np.exp(xi * np.array([-1, 0.3, 1])) / (4 * np.pi * np.sinh(xi))
    np.testing.assert_allclose(r, exact, rtol=1e-13)
    p = axial_hemisphere_probability([0.0, -xi])
    assert abs(p - np.expm1(xi) / (np.exp(xi) - np.exp(-xi))) < 1e-14


def _fv_axial(Ud, rho0, times, N):
    """Independent check: Scharfetter-Gummel finite volumes, uniform in theta, expm."""
    th = np.linspace(0, np.pi, N + 1)
    h = np.pi / N
    A = 2 * np.pi * (np.cos(th[:-1]) - np.cos(th[1:]))
    t, w = gauss_legendre(8)
    tt = th[:-1, None] + (t[None, :] + 1) / 2 * h
    r0 = (rho0(np.cos(tt)) * np.sin(tt)) @ w * h / 2 * 2 * np.pi / A
    U = Ud(np.cos(0.5 * (th[1:] + th[:-1])))
    dU = U[1:] - U[:-1]
    B = dU / np.expm1(dU)  # Bernoulli function; dU never 0 here
    Lf = 2 * np.pi * np.sin(th[1:-1]) / (2 * h)
    M = np.zeros((N, N))
    i = np.arange(N - 1)
    Bp, Bm = Lf * B, Lf * B * np.exp(dU)  # B(-x) = e^x B(x)
    M[i, i] -= Bp
    M[i + 1, i] += Bp
    M[i + 1, i + 1] -= Bm
    M[i, i + 1] += Bm
    M /= A[:, None]
    up = np.arange(N) < N // 2
    return np.array([np.sum((expm(M * s) @ r0 * A)[up]) for s in times])


def test_switching_pulse_evolution():
    Ud = [0.0, 180.0, -60.0]  # U = -60 z^2, chi = -180 z
    rho0 = von_mises_fisher_z(120.0)
    times = np.array([0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
    p = axial_evolution(Ud, rho0, times, degree=240)
    p2 = axial_evolution(Ud, rho0, times, degree=320)
    assert abs(p[0] - 1) < 1e-13
    assert p[1] > 0.5 and 1e-9 < p[-1] < 1e-8 and np.all(np.diff(p) < 0)
    np.testing.assert_allclose(p2, p, rtol=1e-5)
    # independent second-order finite volumes, Richardson-extrapolated
    f200 = _fv_axial(lambda z: -60 * z * z + 180 * z, rho0, times[1:], 200)
    f400 = _fv_axial(lambda z: -60 * z * z + 180 * z, rho0, times[1:], 400)
    np.testing.assert_allclose(f400, p[1:], rtol=2e-3)  # O(h^2) error
    np.testing.assert_allclose((4 * f400 - f200) / 3, p[1:], rtol=5e-5)
    # pinned values (P(z > 0) at tau = 0.1, 0.2, 0.3)
    np.testing.assert_allclose(p[[2, 4, 6]], [4.1857508e-02, 8.0532070e-05, 1.5322246e-07],
                               rtol=1e-6)


# ---------------------------------------------------------------- harmonics.py
def test_harmonics_free_diffusion():
    g = SphericalHarmonicGalerkin(lambda u: 0 * u[:, 0], 0.3, lmax=6)
    r = g.rates(16, method="dense")
    exp = np.repeat(np.arange(4) * (np.arange(4) + 1) / 2, 2 * np.arange(4) + 1)
    np.testing.assert_allclose(r.real, exp, atol=1e-13)
    assert np.all(np.abs(r.imag) < 1e-13)
    assert np.all(g.sparse_matrix[[0], :].toarray() == 0)  # conservation


def test_harmonics_axial_agrees_with_legendre():
    sig = 10.0
    g = SphericalHarmonicGalerkin(lambda u: -sig * u[:, 2] ** 2, 1.0, lmax=40)
    r = g.rates(3)
    ref = axial_rates([0, 0, -sig], 3)
    assert abs(r[1].real / ref[1] - 1) < 1e-10
    assert abs(r[2].real / ref[2] - 1) < 1e-10
    assert abs(ref[1] / LAMBDA1_S10 - 1) < 1e-11
    u = _sphere_points(200)
    rs = axial_stationary([0, 0, -sig], u[:, 2])
    assert np.max(np.abs(g.stationary(u) - rs)) < 1e-10 * rs.max()


@pytest.mark.parametrize("alpha", [0.05, 3.0])
def test_harmonics_axial_spin_transfer(alpha):
    """Axial chi: stationary exp(-U_d)/Z, rates independent of alpha and Phi."""
    U = lambda u: -20 * u[:, 2] ** 2 - 12 * u[:, 2]  # noqa: E731
    chi = lambda u: -8.0 * u[:, 2]  # noqa: E731
    phi = lambda u: 2.0 * u[:, 2] ** 2  # noqa: E731
    g = SphericalHarmonicGalerkin(U, alpha, chi=chi, phi=phi, lmax=64)
    Ud = [0.0, -4.0, -20.0]
    r = g.rates(2)
    ref = axial_rates(Ud, 2)
    assert abs(r[1].real / ref[1] - 1) < 1e-8
    u = _sphere_points(100, 1)
    rs = axial_stationary(Ud, u[:, 2])
    # the stationary solve loses ~eps |M| / lambda_1 (lambda_1 ~ 4e-6 here)
    assert np.max(np.abs(g.stationary(u) - rs)) < 5e-8 * rs.max()
    assert abs(g.hemisphere_probability() - axial_hemisphere_probability(Ud)) < 1e-8
    hemi_x = g.hemisphere_probability(normal=(1.0, 0.0, 0.0))
    assert abs(hemi_x - 0.5) < 1e-10  # axial symmetry


@pytest.mark.parametrize("alpha", [0.01, 1.0, 100.0])
def test_harmonics_equilibrium_nonaxial(alpha):
    e = np.array([1.0, 0.0, 1.0]) / np.sqrt(2)
    U = lambda u: -10 * u[:, 2] ** 2 - 4.0 * (u @ e)  # noqa: E731
    g = SphericalHarmonicGalerkin(U, alpha, lmax=44)
    b = _boltzmann(U)
    u = _sphere_points(300, 2)
    assert np.max(np.abs(g.stationary(u) - b(u))) < 2e-11 * b(u).max()
    # hemisphere probability against the same quadrature
    x, w = gauss_legendre(400)
    ph = 2 * np.pi * np.arange(800) / 800
    s = np.sqrt(1 - x * x)
    uu = np.stack([np.outer(s, np.cos(ph)), np.outer(s, np.sin(ph)),
                   np.outer(x, np.ones_like(ph))], -1).reshape(-1, 3)
    xh, wh = gauss_legendre(200)
    uh = np.stack([np.outer(np.sqrt(1 - ((xh + 1) / 2) ** 2), np.cos(ph)),
                   np.outer(np.sqrt(1 - ((xh + 1) / 2) ** 2), np.sin(ph)),
                   np.outer((xh + 1) / 2, np.ones_like(ph))], -1).reshape(-1, 3)
    ph_ref = np.sum(b(uh).reshape(200, 800) * wh[:, None] / 2) * 2 * np.pi / 800
    assert abs(g.hemisphere_probability() - ph_ref) < 1e-11
    del uu


def test_gradient_callables_match_expansion():
    xi = 6.0
    U = lambda u: -10 * u[:, 2] ** 2 - xi * u[:, 0]  # noqa: E731
    gU = lambda u: np.stack([-xi + 0 * u[:, 0], 0 * u[:, 0], -20 * u[:, 2]], axis=1)  # noqa: E731
    chi = lambda u: 2.0 * u[:, 0] * u[:, 1]  # noqa: E731
    gchi = lambda u: np.stack([2 * u[:, 1], 2 * u[:, 0], 0 * u[:, 0]], axis=1)  # noqa: E731
    a = SphericalHarmonicGalerkin(U, 0.1, chi=chi, lmax=16)
    b = SphericalHarmonicGalerkin(U, 0.1, chi=chi, lmax=16, grad_U=gU, grad_chi=gchi)
    scale = np.abs(a.matrix).max()
    assert np.max(np.abs(a.matrix - b.matrix)) < 1e-12 * scale


@pytest.mark.parametrize("alpha", sorted(LAMBDA1_TRANSVERSE))
def test_transverse_field_lambda1_converged(alpha):
    """sigma = 10, h = 0.3 transverse: lambda_1 converges spectrally in lmax.

    Measured (lmax: lambda_1): alpha = 10 and 1 converged to 12 digits at lmax = 30;
    alpha = 0.1 at 40; alpha = 0.01 needs lmax ~ 100 for 7 digits and 120 for 10.
    """
    U = lambda u: -10 * u[:, 2] ** 2 - 6.0 * u[:, 0]  # noqa: E731
    lo, hi = {0.01: (110, 130), 0.1: (40, 50), 1.0: (30, 40), 10.0: (30, 40)}[alpha]
    r_lo = SphericalHarmonicGalerkin(U, alpha, lmax=lo).rates(2)[1]
    r_hi = SphericalHarmonicGalerkin(U, alpha, lmax=hi).rates(2)[1]
    assert abs(r_lo.imag) < 1e-12 and abs(r_hi.imag) < 1e-12
    assert abs(r_lo.real / r_hi.real - 1) < 1e-8
    assert abs(r_hi.real / LAMBDA1_TRANSVERSE[alpha] - 1) < 1e-10


def test_precession_sense_and_rate():
    """U = -xi u_z: <u> turns counter-clockwise about +z at xi/(2 alpha) per tau_N."""
    xi, alpha = 2.0, 0.5
    g = SphericalHarmonicGalerkin(lambda u: -xi * u[:, 2], alpha, lmax=16)
    t = np.linspace(0.0, 1.0, 6)
    c = g.evolve(g.project(vmf_density((1.0, 0.0, 0.0), 2.0)), t)
    m = g.mean_moment(c)
    phase = np.unwrap(np.angle(m[:, 0] + 1j * m[:, 1]))
    np.testing.assert_allclose(phase, xi / (2 * alpha) * t, atol=1e-10)
    assert m[1, 1] > 0  # from +x towards +y: counter-clockwise seen from +z
    np.testing.assert_allclose(c[:, sh_index(0, 0)], 1 / np.sqrt(4 * np.pi), rtol=1e-12)
    # the m = 1 modes carry the precession frequency in their imaginary part
    r = g.rates(4, method="dense")
    assert np.any(np.abs(np.abs(r.imag) - xi / (2 * alpha)) < 1e-10)


def test_nonequilibrium_stationary_state_is_stable_and_converged():
    """Non-axial chi (easy axis z, chi = 3 u_x, alpha = 0.05): no growing mode."""
    U = lambda u: -8 * u[:, 2] ** 2  # noqa: E731
    chi = lambda u: 3.0 * u[:, 0]  # noqa: E731
    ga = SphericalHarmonicGalerkin(U, 0.05, chi=chi, lmax=36)
    gb = SphericalHarmonicGalerkin(U, 0.05, chi=chi, lmax=48)
    u = _sphere_points(200, 3)
    sa, sb = ga.stationary(u), gb.stationary(u)
    assert np.max(np.abs(sa - sb)) < 1e-9 * sb.max()
    b = _boltzmann(lambda p: U(p) - chi(p))
    assert np.max(np.abs(sb - b(u))) > 1e-3 * sb.max()  # not a Boltzmann state
    r = ga.rates(12, method="dense") if ga.n <= 400 else ga.rates(12)
    assert np.all(r.real > -1e-10)
