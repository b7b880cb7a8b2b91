"""Independent spectral references for the *axial* Brown Fokker-Planck problem.

Conventions (``docs/conventions.md`` section 1): energies in kT, time ``tau`` in units of the
Neel time ``tau_N``, densities normalized on the unit sphere, ``int rho dOmega = 1``.
The generalized Brown equation is::

    2 d(rho)/d(tau) = div[grad rho + rho grad U_d] - (1/alpha) div[rho (u x grad U_p)],
    U_d = U - chi,   U_p = U + Phi.

When ``U`` and ``chi`` depend on ``z = u.n`` only and ``rho`` does too, the precession
term drops out (``u x grad f(z)`` is azimuthal and ``rho`` does not depend on the
azimuth), and the equation reduces to the one-dimensional no-flux problem::

    2 d(rho)/d(tau) = d/dz[(1 - z^2) (d(rho)/dz + rho dU_d/dz)],   -1 <= z <= 1.

Decay rates ``lambda`` are defined by ``rho ~ exp(-lambda tau)``; with ``U_d = 0`` the
Legendre polynomial ``P_l`` decays at ``l(l+1)/2`` (dipole: exactly ``1 / tau_N``).

Nothing here imports :mod:`fpsphere`: these are the independent references the
finite-volume code is tested against (numpy/scipy only).

Potentials ``Ud`` are given either as a callable ``Ud(z)`` (vectorized over a 1D
array of ``z``) or as polynomial coefficients in ``z`` (numpy power-series order,
lowest degree first: ``[c0, c1, c2]`` means ``c0 + c1 z + c2 z^2``).

Methods
-------
* rates: Legendre-Galerkin discretization of the symmetrized (self-adjoint) form,
  ``psi = exp(U_d/2) rho``, whose quadratic form is a Gram matrix, so the rates are
  the squared singular values of a rectangular matrix (no loss from forming it).
* lowest nonzero rate ``lambda_1`` at any barrier: inverse (power) iteration with
  the exact 1D Green operator of the weighted problem, whose Rayleigh quotient has
  only positive integrands (the mean-first-passage-time structure); it is accurate
  in *relative* terms even when ``lambda_1`` is 1e-30 (see :func:`axial_lambda1`).
* evolution: Legendre-Galerkin in ``rho`` itself and ``scipy.linalg.expm``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.polynomial import chebyshev as _cheb
from numpy.polynomial import legendre as _leg
from numpy.polynomial import polynomial as _poly
from scipy.linalg import expm
from scipy.special import roots_legendre

__all__ = [
    "normalized_assoc_legendre",
    "gauss_legendre",
    "as_axial_potential",
    "axial_stationary",
    "axial_hemisphere_probability",
    "axial_rates",
    "axial_lambda1",
    "brown_asymptote",
    "axial_evolution",
    "von_mises_fisher_z",
]


# ---------------------------------------------------------------------------
# normalized associated Legendre functions
# ---------------------------------------------------------------------------
def normalized_assoc_legendre(lmax, x, s=None, *, derivative=False, mmax=None):
    """Orthonormal associated Legendre functions and their theta-derivatives.

    ``Pbar[l, m](x)`` is normalized so that ``int_{-1}^{1} Pbar[l, m]^2 dx = 1``, with
    no Condon-Shortley phase (``Pbar[m, m] > 0`` for ``0 < theta < pi``).  Computed by
    the standard stable three-term recurrences in ``l``.

    Parameters
    ----------
    lmax : int
        Largest degree.
    x : array_like, shape (n,)
        ``cos(theta)``.
    s : array_like, shape (n,), optional
        ``sin(theta) >= 0``; defaults to ``sqrt(1 - x^2)`` (pass it when you have it
        more accurately, e.g. from Cartesian coordinates near the poles).
    derivative : bool
        Also return ``d Pbar / d theta`` (uses a division by ``sin(theta)``: only for
        points away from the poles, e.g. Gauss nodes).
    mmax : int, optional
        Largest order (default ``lmax``).

    Returns
    -------
    P : ndarray, shape (lmax+1, mmax+1, n)
        ``P[l, m]``; entries with ``m > l`` are zero.
    dP : ndarray, same shape, only if ``derivative``
        ``d P[l, m] / d theta``.
    """
    x = np.asarray(x, dtype=float).ravel()
    s = np.sqrt(np.clip(1.0 - x * x, 0.0, None)) if s is None else np.asarray(s, float).ravel()
    mmax = lmax if mmax is None else min(mmax, lmax)
    P = np.zeros((lmax + 1, mmax + 1, x.size))
    pmm = np.full(x.size, np.sqrt(0.5))
    for m in range(mmax + 1):
        if m > 0:
            pmm = pmm * s * np.sqrt((2 * m + 1) / (2 * m))
        P[m, m] = pmm
        if m + 1 <= lmax:
            P[m + 1, m] = x * np.sqrt(2 * m + 3) * pmm
        for l in range(m + 2, lmax + 1):
            a = np.sqrt((4 * l * l - 1) / (l * l - m * m))
            b = np.sqrt(((l - 1) ** 2 - m * m) / (4 * (l - 1) ** 2 - 1))
            P[l, m] = a * (x * P[l - 1, m] - b * P[l - 2, m])
    if not derivative:
        return P
    dP = np.zeros_like(P)
    for m in range(mmax + 1):
        for l in range(max(m, 1), lmax + 1):
            c = np.sqrt((l * l - m * m) * (2 * l + 1) / (2 * l - 1)) if l > m else 0.0
            prev = P[l - 1, m] if l > m else 0.0
            dP[l, m] = (l * x * P[l, m] - c * prev) / s
    return P, dP


# ---------------------------------------------------------------------------
# potentials
# ---------------------------------------------------------------------------
def as_axial_potential(Ud, dUd=None, *, ncheb=256):
    """Normalize an axial potential to a pair of callables ``(Ud(z), dUd/dz(z))``.

    Parameters
    ----------
    Ud : callable or array_like
        ``U_d(z)`` in kT, or power-series coefficients in ``z`` (lowest first).
    dUd : callable, optional
        Derivative ``dU_d/dz``.  If omitted for a callable, it is obtained from a
        Chebyshev interpolant of degree ``ncheb - 1`` of ``Ud`` on ``[-1, 1]``
        (spectrally accurate for smooth potentials).

    Returns
    -------
    f, df : callables of a 1D array ``z``.
    """
    if not callable(Ud):
        c = np.atleast_1d(np.asarray(Ud, dtype=float))
        dc = _poly.polyder(c) if c.size > 1 else np.zeros(1)
        return (lambda z: _poly.polyval(np.asarray(z, float), c)), (
            lambda z: _poly.polyval(np.asarray(z, float), dc)
        )
    f = Ud
    if dUd is not None:
        return f, dUd
    coef = _cheb.chebinterpolate(lambda z: np.asarray(f(z), float), ncheb - 1)
    dcoef = _cheb.chebder(coef)
    return f, (lambda z: _cheb.chebval(np.asarray(z, float), dcoef))


@lru_cache(maxsize=32)
def gauss_legendre(n):
    """Gauss-Legendre nodes and weights on ``[-1, 1]``, accurate for large ``n``.

    ``scipy.special.roots_legendre`` loses ~1e-11 relative accuracy for n in the
    thousands; its nodes are polished here by Newton steps on the three-term
    recurrence and the weights recomputed as ``2 / ((1 - x^2) P_n'(x)^2)``.
    """
    x, _ = roots_legendre(n)

    def pn(x):
        p0, p1 = np.ones_like(x), x.copy()
        for k in range(2, n + 1):
            p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
        return p1, n * (x * p1 - p0) / (x * x - 1.0)

    for _ in range(2):
        p, dp = pn(x)
        x = x - p / dp
    _, dp = pn(x)
    w = 2.0 / ((1.0 - x * x) * dp * dp)
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


def _gauss(n, a=-1.0, b=1.0):
    x, w = gauss_legendre(int(n))
    return 0.5 * (b - a) * x + 0.5 * (b + a), 0.5 * (b - a) * w


# ---------------------------------------------------------------------------
# stationary state
# ---------------------------------------------------------------------------
def _log_partition(f, nquad):
    zq, wq = _gauss(nquad)
    uq = np.asarray(f(zq), float)
    shift = uq.min()
    return np.log(2.0 * np.pi * np.sum(wq * np.exp(-(uq - shift)))) - shift


def axial_stationary(Ud_of_z, z, *, nquad=4000):
    """Exact stationary density of the axial problem, ``rho = exp(-U_d) / Z``.

    ``Z = 2 pi int_{-1}^{1} exp(-U_d(z)) dz`` (Gauss-Legendre with ``nquad`` nodes and
    an exponent shift, so barriers of thousands of kT are fine), hence
    ``int rho dOmega = 1`` on the sphere.

    Parameters
    ----------
    Ud_of_z : callable or array_like
        ``U_d(z) = U(z) - chi(z)`` in kT (callable or power-series coefficients).
    z : array_like
        Where to evaluate (``z = u.n``).
    nquad : int
        Quadrature nodes.

    Returns
    -------
    ndarray
        Densities per unit solid angle at ``z``.
    """
    f, _ = as_axial_potential(Ud_of_z, dUd=lambda z: z)
    logz = _log_partition(f, nquad)
    return np.exp(-np.asarray(f(np.asarray(z, float)), float) - logz)


def axial_hemisphere_probability(Ud_of_z, *, nquad=4000):
    """Stationary probability of ``z > 0``: ``int_0^1 e^{-U_d} / int_{-1}^1 e^{-U_d}``."""
    f, _ = as_axial_potential(Ud_of_z, dUd=lambda z: z)
    zq, wq = _gauss(nquad)
    zp, wp = _gauss(nquad, 0.0, 1.0)
    uq, up = np.asarray(f(zq), float), np.asarray(f(zp), float)
    shift = uq.min()
    return np.sum(wp * np.exp(-(up - shift))) / np.sum(wq * np.exp(-(uq - shift)))


# ---------------------------------------------------------------------------
# spectrum: Legendre-Galerkin in the symmetrized variable
# ---------------------------------------------------------------------------
def _galerkin_gram_factor(df, degree, nquad):
    """Rectangular ``D`` with ``D^T D = S``, the symmetrized Galerkin matrix.

    ``S_ij = 1/2 int (1 - z^2)(P_i' + U_d' P_i / 2)(P_j' + U_d' P_j / 2) dz`` in the
    orthonormal Legendre basis ``P_i`` for ``psi = exp(U_d / 2) rho``; the
    eigenvalues of ``S`` are the decay rates.
    """
    zq, wq = _gauss(nquad)
    sq = np.sqrt(1.0 - zq * zq)
    P, dP = normalized_assoc_legendre(degree, zq, sq, derivative=True, mmax=0)
    P, dP = P[:, 0, :], dP[:, 0, :]
    # sqrt(1-z^2) P' = -dP/dtheta
    g = -dP + 0.5 * (sq * np.asarray(df(zq), float))[None, :] * P
    return (np.sqrt(0.5 * wq)[:, None] * g.T), P, zq, wq


def axial_rates(Ud, k=4, *, dUd=None, degree=200, nquad=None, refine_lambda1=True):
    """The ``k`` slowest decay rates of the axial operator (``rates[0] = 0``).

    Solves ``2 d(rho)/d(tau) = d/dz[(1 - z^2)(d(rho)/dz + rho U_d')]`` with no-flux
    ends; rates in ``1 / tau_N``.  The self-adjoint form in ``psi = e^{U_d/2} rho``
    is discretized with orthonormal Legendre polynomials up to ``degree``; the
    Galerkin matrix is ``D^T D`` and the rates are the squared singular values of
    ``D`` (absolute accuracy ~1e-16 * degree, relative accuracy ~1e-14 for rates of
    order one, fully converged for barriers up to ~100 kT at the default degree).
    The tiny ``lambda_1`` of a high barrier (``lambda_1 < 1e-3 lambda_2``) is then
    replaced by the exact inverse-iteration value of :func:`axial_lambda1`
    (``refine_lambda1``), which is accurate in relative terms for any barrier.
    Only ``lambda_1`` is refined: with three or more wells ``lambda_2`` would be
    inaccurate too.

    Parameters
    ----------
    Ud : callable or array_like
        ``U_d(z)`` (callable or power-series coefficients, lowest degree first).
    k : int
        Number of rates (including the zero rate of the stationary state).
    dUd : callable, optional
        ``dU_d/dz`` (see :func:`as_axial_potential`).
    degree : int
        Largest Legendre degree.
    nquad : int, optional
        Gauss-Legendre nodes (default ``2 * degree + 64``).
    refine_lambda1 : bool
        Replace ``rates[1]`` by :func:`axial_lambda1`.

    Returns
    -------
    ndarray, shape (k,)
        Ascending rates; ``rates[0]`` is set to exactly 0.
    """
    f, df = as_axial_potential(Ud, dUd)
    nquad = 2 * degree + 64 if nquad is None else nquad
    D, *_ = _galerkin_gram_factor(df, degree, nquad)
    sv = np.linalg.svd(D, compute_uv=False)
    rates = np.sort(sv**2)[: max(k, 3)].copy()
    rates[0] = 0.0
    if refine_lambda1 and k > 1 and rates[1] < 1e-3 * rates[2]:
        rates[1] = axial_lambda1(f)
    return rates[:k]


# ---------------------------------------------------------------------------
# lambda_1 for any barrier: exact Green operator on Chebyshev nodes
# ---------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _panel_ops(npanel, m):
    """Composite Gauss-Legendre rule uniform in ``theta`` with local cumulative integrals.

    Returns nodes ``x = cos(theta)`` (ascending), ``sin(theta)``, the weights for
    ``int dx`` and a function computing the left and right cumulative integrals
    ``int_{-1}^{x_i} F dx`` and ``int_{x_i}^{1} F dx``.  Both are *local*: each is a
    sum of panel totals plus an in-panel spectral partial integral, so a small
    cumulative integral (near the end it starts from) keeps its relative accuracy.
    """
    t, wt = gauss_legendre(m)
    # in-panel cumulative matrices from Legendre expansions on the reference panel
    Pt = np.array([_leg_vals(k, t) for k in range(m)])  # (m, m): P_k(t_i)
    inv = np.linalg.inv(Pt.T)  # values -> Legendre coefficients
    anti = np.zeros((m, m))  # anti[k, i] = int_{-1}^{t_i} P_k
    anti[0] = t + 1.0
    for k in range(1, m):
        anti[k] = (_leg_vals(k + 1, t) - _leg_vals(k - 1, t)) / (2 * k + 1)
    CL = anti.T @ inv  # CL[i, j]: int_{-1}^{t_i} l_j
    CR = wt[None, :] - CL  # int_{t_i}^{1} l_j (exactly the complement)
    edges = np.linspace(np.pi, 0.0, npanel + 1)  # theta decreasing -> x increasing
    th = edges[:-1, None] + 0.5 * (t[None, :] + 1.0) * (edges[1:] - edges[:-1])[:, None]
    jac = 0.5 * (edges[:-1] - edges[1:])[:, None] * np.sin(th)  # dx = sin(theta) |dtheta|
    x, s = np.cos(th), np.sin(th)

    def cumulative(F):
        G = F.reshape(npanel, m) * jac
        tot = G @ wt
        left = np.concatenate([[0.0], np.cumsum(tot)[:-1]])[:, None] + G @ CL.T
        right = np.concatenate([np.cumsum(tot[::-1])[::-1][1:], [0.0]])[:, None] + G @ CR.T
        return left.ravel(), right.ravel()

    return x.ravel(), s.ravel(), (jac * wt[None, :]).ravel(), cumulative


def _leg_vals(k, t):
    return _leg.legval(t, np.eye(k + 1)[k])


def axial_lambda1(Ud, *, npanel=64, m=16, maxiter=60, tol=1e-14, degree=160, return_log=False):
    """Lowest nonzero decay rate ``lambda_1`` of the axial problem, for any barrier.

    Write ``rho = w g`` with ``w = e^{-U_d}`` and ``p = (1 - z^2) w``; the eigenproblem
    is ``-1/2 (p g')' = lambda w g`` with no-flux ends.  Its pseudo-inverse ``K``
    (on functions of zero ``w``-mean) is explicit::

        q(z) = int_{-1}^{z} w f = -int_{z}^{1} w f,   (K f)' = -2 q / p,
        K f -> K f minus its w-mean,

    and ``lambda_1`` is the Rayleigh quotient of the power iteration ``f <- K f``::

        lambda = int 2 q^2 / p  /  int w (K f)^2 .

    Both integrals have positive integrands (no cancellation), the contamination by
    the other modes is of relative order ``(lambda_1/lambda_2)^(2 iter + 1)``, and the
    exponents are shifted (``U_d - min U_d`` and ``U_d - max U_d``), so the result has
    full *relative* accuracy even when ``lambda_1 ~ 1e-30`` (one step from an
    equilibrium-like start is the mean-first-passage-time / Kramers integral; the
    iteration makes it exact).  Quadrature: ``npanel`` panels uniform in ``theta``
    with ``m`` Gauss nodes each; ``q`` is taken from the left or the right
    cumulative integral, whichever has accumulated less ``int |w f|``, so that it
    keeps its relative accuracy where ``1/p`` is large (this matters: a global
    spectral cumulative integral makes spurious slow modes near the ends).  The
    start is the Legendre-Galerkin eigenvector of :func:`axial_rates`.  Meant for
    potentials with a barrier (``lambda_1 << lambda_2``, fast convergence); without
    one (e.g. the switching pulse) use the Galerkin rates of :func:`axial_rates`.

    Parameters
    ----------
    Ud : callable or array_like
        ``U_d(z)`` (callable or power-series coefficients, lowest degree first).
    npanel, m : int
        Panels and Gauss nodes per panel (default 1024 nodes: barriers to ~200 kT).
    maxiter, tol : int, float
        Iteration controls (relative change of ``lambda``).
    degree : int
        Degree of the Legendre-Galerkin starting vector.
    return_log : bool
        Return ``ln(lambda_1)`` instead (for barriers beyond ~700 kT).

    Returns
    -------
    float
        ``lambda_1`` in ``1 / tau_N`` (or its logarithm).
    """
    f, df = as_axial_potential(Ud)
    x, s, wts, cumulative = _panel_ops(npanel, m)
    u = np.asarray(f(x), float)
    umin, umax = u.min(), u.max()
    w = np.exp(-(u - umin))
    einv = np.exp(u - umax) / (s * s)  # 1/p up to the factor e^{umax - umin}

    def wmean(g):
        return np.sum(wts * w * g) / np.sum(wts * w)

    # starting vector: Galerkin psi_1, g = e^{U_d/2} psi_1 (shifted exponent)
    D, *_ = _galerkin_gram_factor(df, degree, 2 * degree + 64)
    _, _, vt = np.linalg.svd(D, full_matrices=False)
    Px = normalized_assoc_legendre(degree, x, s, mmax=0)[:, 0, :]
    psi = vt[-2] @ Px
    with np.errstate(divide="ignore"):
        logg = 0.5 * u + np.log(np.abs(psi))  # in logs: e^{U/2} spans e^{barrier/2}
    # scale by the largest w-weighted value: values where w is negligible do not count
    g = np.sign(psi) * np.exp(logg - np.max(logg - 0.5 * (u - umin)))
    g = g - wmean(g)
    g = g / np.sqrt(np.sum(wts * w * g * g))
    lam_old = np.inf
    lam = np.nan
    for _ in range(maxiter):
        ql, qr = cumulative(w * g)
        al, ar = cumulative(np.abs(w * g))  # round-off of each side scales with these
        q = np.where(al <= ar, ql, -qr)
        gl, _ = cumulative(-2.0 * q * einv)
        gn = gl - wmean(gl)
        num = np.sum(wts * 2.0 * q * q * einv)
        den = np.sum(wts * w * gn * gn)
        lam = num / den
        g = gn / np.sqrt(den)
        if abs(lam - lam_old) <= tol * lam:
            break
        lam_old = lam
    if return_log:
        return np.log(lam) - (umax - umin)
    return lam * np.exp(-(umax - umin))


def brown_asymptote(sigma):
    """Brown's high-barrier asymptote ``lambda_1 tau_N = (2/sqrt(pi)) sigma^1.5 e^-sigma``.

    For ``U = -sigma z^2`` (no field).  The exact ``lambda_1`` behaves as
    ``brown * (1 - 1/sigma + O(sigma^-2))`` (Laplace expansion of the
    mean-first-passage-time integral).
    """
    sigma = np.asarray(sigma, float)
    return 2.0 / np.sqrt(np.pi) * sigma**1.5 * np.exp(-sigma)


# ---------------------------------------------------------------------------
# time evolution
# ---------------------------------------------------------------------------
def von_mises_fisher_z(kappa):
    """Normalized von Mises-Fisher density about +z as a function of ``z``.

    ``rho(z) = kappa e^{kappa (z - 1)} / (2 pi (1 - e^{-2 kappa}))`` per unit solid angle.
    """

    def rho(z):
        z = np.asarray(z, float)
        return kappa * np.exp(kappa * (z - 1.0)) / (2.0 * np.pi * (-np.expm1(-2.0 * kappa)))

    return rho


def _galerkin_rho_matrix(df, degree, nquad):
    """Galerkin matrix of the axial generator acting on ``rho`` (not symmetrized).

    ``M_kl = -1/2 int (1 - z^2) P_k' (P_l' + U_d' P_l) dz`` in orthonormal Legendre
    polynomials, so that ``dc/dtau = M c`` for ``rho_z = sum c_l P_l``.
    """
    zq, wq = _gauss(nquad)
    sq = np.sqrt(1.0 - zq * zq)
    P, dP = normalized_assoc_legendre(degree, zq, sq, derivative=True, mmax=0)
    P, dP = P[:, 0, :], dP[:, 0, :]
    # (1-z^2) P_k' P_l' = dP_k dP_l ; (1-z^2) P_k' U' P_l = -s dP_k U' P_l
    ud = np.asarray(df(zq), float)
    M = -0.5 * ((dP * wq) @ dP.T - (dP * (wq * sq * ud)) @ P.T)
    return M, zq, wq


def axial_evolution(Ud, rho0_of_z, times, *, dUd=None, degree=320, nquad=None,
                    nproj=6000, return_coefficients=False):
    """Probability of the upper hemisphere ``z > 0`` versus time for the axial problem.

    Solves ``2 d(rho)/d(tau) = d/dz[(1 - z^2)(d(rho)/dz + rho U_d')]`` with a
    Legendre-Galerkin discretization of ``rho`` itself (degree ``degree``; the
    density stays smooth, it is a sum of narrow Gaussians in ``theta``) and the
    exact propagator ``c(tau) = expm(M tau) c(0)`` (``scipy.linalg.expm``, scaling
    and squaring).  The hemisphere probability is ``2 pi int_0^1 rho dz``, computed
    exactly from the Legendre coefficients.  Intended for the switching-pulse check
    (``U_d = -60 z^2 + 180 z``, start near ``z = +1``); accuracy is demonstrated in
    the self-tests by refinement in ``degree`` and by an independent positive
    finite-volume solution.

    Parameters
    ----------
    Ud : callable or array_like
        ``U_d(z)``.  Note that ``U_p`` does not matter for an axial problem.
    rho0_of_z : callable
        Initial density per unit solid angle as a function of ``z``.
    times : array_like
        Times in ``tau_N``.
    dUd : callable, optional
        ``dU_d/dz``.
    degree, nquad, nproj : int
        Legendre degree, Galerkin quadrature nodes, projection quadrature nodes.
    return_coefficients : bool
        Also return the Legendre coefficients of ``rho_z = 2 pi rho``, shape
        (len(times), degree+1).

    Returns
    -------
    prob : ndarray
        ``P(z > 0)`` at ``times``.
    """
    _, df = as_axial_potential(Ud, dUd)
    nquad = 2 * degree + 64 if nquad is None else nquad
    M, _, _ = _galerkin_rho_matrix(df, degree, nquad)
    zp, wp = _gauss(nproj)
    P = normalized_assoc_legendre(degree, zp, mmax=0)[:, 0, :]
    c0 = P @ (wp * 2.0 * np.pi * np.asarray(rho0_of_z(zp), float))
    zh, wh = _gauss(degree // 2 + 2, 0.0, 1.0)
    hemi = normalized_assoc_legendre(degree, zh, mmax=0)[:, 0, :] @ wh
    times = np.atleast_1d(np.asarray(times, float))
    coeffs = np.array([expm(M * t) @ c0 for t in times])
    prob = coeffs @ hemi
    if return_coefficients:
        return prob, coeffs
    return prob
